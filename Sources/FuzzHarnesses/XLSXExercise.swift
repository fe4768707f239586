import CZlib
import DataIO
import IOTables
import Spreadsheets

/// The `.xlsx` reader (Spreadsheets, and the WIOD 2016 national tables' reader on top of it) under fuzzing, at
/// two levels:
/// - zip level: an input that starts with a zip signature (`PK`) is the workbook file itself, so mutations hit
///   the archive's directory, headers, sizes, compression and CRC-32;
/// - XML level: any other input is the workbook's parts separated by NUL bytes (XML has none), packed by
///   `package(parts:)` into a valid zip (stored entries, correct CRC-32), so mutations reach the XML parts past
///   the archive's checks. The parts, in order: `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
///   `xl/_rels/workbook.xml.rels`, `xl/sharedStrings.xml`, then the sheets `xl/worksheets/sheet1.xml`, ...
///
/// Every sheet is read whole and every cell asked for as text and as a number; a sheet named like the national
/// tables' is read by `NIOTReader` too. A refusal must be an `InputError` that names the workbook (its file);
/// one that does not is a finding, as is any other error or a crash.
enum XLSXExercise {
    /// The workbook's file name in the fuzz folder (a country prefix, so that the national tables' reader runs).
    static let fileName = "BEL_NIOT_fuzz.xlsx"

    /// The canonical part names of the XML level, in the order of the NUL-separated input.
    static let partNames = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                            "xl/sharedStrings.xml"]

    /// Runs one input.
    static func exercise(_ data: UnsafeBufferPointer<UInt8>) throws {
        let bytes: [UInt8]
        if data.count >= 2 && data[0] == UInt8(ascii: "P") && data[1] == UInt8(ascii: "K") {
            bytes = Array(data)
        } else {
            let parts = data.split(separator: 0, omittingEmptySubsequences: false).map { Array($0) }
            bytes = package(parts: parts)
        }
        let path = try FuzzFiles.write(bytes, name: fileName)
        do {
            try readEverything(path: path)
        } catch let e as InputError {
            guard "\(e)".contains(fileName) else {
                throw FuzzFinding(description: "xlsx: the error does not name the workbook: \(e)")
            }
            throw e
        }
    }

    /// Opens the workbook (parts capped at 64 MiB, so that a fuzzed zip bomb is stopped early), reads every sheet
    /// and cell, and the national tables' sheet with `NIOTReader`.
    static func readEverything(path: String) throws {
        let workbook = try Workbook(path: path, maximumPartSize: 64 << 20)
        for name in workbook.sheetNames {
            let sheet = try workbook.sheet(named: name)
            for row in sheet.rows {
                for cell in row {
                    _ = sheet.text(row: cell.row, column: cell.column)
                    do { _ = try sheet.number(row: cell.row, column: cell.column) } catch let e as InputError {
                        // A cell that is not a number is refused naming its place.
                        guard e.description.contains(Sheet.columnName(cell.column)) else {
                            throw FuzzFinding(description: "xlsx: a cell's error does not name the cell: \(e)")
                        }
                    }
                }
            }
            if name == NIOTReader.sheetName {
                do { _ = try NIOTReader.read(sheet: sheet, country: "BEL", source: path) } catch let e as InputError {
                    guard e.description.contains(fileName) else {
                        throw FuzzFinding(description: "xlsx: the national tables' error does not name the workbook: \(e)")
                    }
                }
            }
        }
    }

    /// A zip archive of `parts` under the canonical names (the sixth part on are sheets), stored uncompressed
    /// with their CRC-32: local headers, the central directory and its end record (APPNOTE 4.3).
    static func package(parts: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
        func u32(_ v: UInt32, _ a: inout [UInt8]) { a += (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xff) } }
        for (k, content) in parts.enumerated() {
            let name = Array((k < partNames.count ? partNames[k] : "xl/worksheets/sheet\(k - partNames.count + 1).xml").utf8)
            let crc = content.withUnsafeBufferPointer { p in UInt32(crc32(0, p.baseAddress, uInt(p.count))) }
            let offset = UInt32(out.count)
            u32(0x0403_4b50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(crc, &out); u32(UInt32(content.count), &out); u32(UInt32(content.count), &out)
            u16(name.count, &out); u16(0, &out)
            out += name; out += content
            u32(0x0201_4b50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(crc, &central); u32(UInt32(content.count), &central)
            u32(UInt32(content.count), &central); u16(name.count, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4b50, &out); u16(0, &out); u16(0, &out); u16(parts.count, &out); u16(parts.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }
}
