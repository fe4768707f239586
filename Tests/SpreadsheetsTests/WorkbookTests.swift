import DataIO
import Foundation
@testable import Spreadsheets
import TestSupport
import XCTest

/// The .xlsx reader on workbooks written by two independent programs (openpyxl and LibreOffice, from the same CSV),
/// on hand-written SpreadsheetML for the layout facts those two do not write, and on broken files. The fixtures and
/// the script that writes them are in References/ (make_xlsx.py).
final class WorkbookTests: XCTestCase {
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")
    func ref(_ name: String) -> String { Self.references.appendingPathComponent(name).path }

    /// cells.csv as rows of fields.
    func csvRows() throws -> [[String]] {
        var rows: [[String]] = []
        try CSVReader(path: ref("cells.csv")).forEachRow { row in rows.append((0..<row.count).map { row.string($0) }) }
        return rows
    }

    /// Every CSV field against the cell at the same place: numbers as numbers (within `relative`), text as text, an
    /// empty field as an empty cell.
    func assertSameCells(_ workbook: String, sheet: String, relative: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let wb = try Workbook(path: ref(workbook))
        XCTAssertEqual(wb.sheetNames, [sheet], file: file, line: line)
        let s = try wb.sheet(named: sheet)
        let rows = try csvRows()
        XCTAssertEqual(s.rows.count, rows.count, file: file, line: line)
        XCTAssertEqual(s.columnCount, 5, file: file, line: line)
        for (r, fields) in rows.enumerated() {
            for (c, text) in fields.enumerated() {
                let value = s.value(row: r, column: c)
                if text.isEmpty {
                    XCTAssertNil(value, "\(s.place(r, c))", file: file, line: line)
                } else if r > 0, case .value(let x) = parseNumber(text) {
                    guard case .number(let y)? = value else { XCTFail("\(s.place(r, c)): \(String(describing: value))", file: file, line: line); continue }
                    XCTAssertEqual(y, x, accuracy: abs(x) * relative, "\(s.place(r, c))", file: file, line: line)
                } else {
                    XCTAssertEqual(value, .string(text), "\(s.place(r, c))", file: file, line: line)
                }
            }
        }
    }

    /// openpyxl (3.1) writes floats with 16 significant digits (`"%.16g"`, openpyxl/compat/strings.py, safe_string:
    /// 183.28345144063434 is written 183.2834514406343) and text as inline strings (`t="inlineStr"`, observed in the
    /// fixture): the cells agree to 16 digits.
    func testOpenpyxlWorkbookReadsToTheCSVCells() throws {
        try assertSameCells("cells_openpyxl.xlsx", sheet: "cells", relative: 1e-15)
    }

    /// LibreOffice (7.x, `soffice --headless --convert-to xlsx`) writes numbers with 15 significant digits (observed
    /// in the fixture: 183.28345144063434 is written 183.283451440634), strings as shared strings with
    /// `xml:space="preserve"`, and `t="n"` on number cells: the cells agree to 15 digits.
    func testLibreOfficeWorkbookReadsToTheCSVCells() throws {
        try assertSameCells("cells_libreoffice.xlsx", sheet: "cells", relative: 1e-14)
    }

    /// Layout facts, each from ECMA-376 (5th ed., Part 1) unless said otherwise:
    /// - 18.3.1.73 `row` and 18.3.1.4 `c`: `r` is optional; without it a row is the next one and a cell the next column,
    ///   as openpyxl counts them (openpyxl/worksheet/_reader.py, WorkSheetParser.parse_row and parse_cell);
    /// - 18.18.11 ST_CellType: b, e, inlineStr, n, s, str (and d, ISO 8601 text, since the 2nd edition);
    /// - 18.4.8 `si` / 18.4.4 `r` rich-text runs / 18.4.6 `rPh` phonetic runs (not part of the text: readxl and openpyxl
    ///   skip them); 18.3.1.53 `is` inline strings;
    /// - 18.3.1.40 `f`: a formula cell's `v` is its cached result; a formula with no `v` has no value (openpyxl's
    ///   data_only gives None);
    /// - Part 2 (Open Packaging Conventions) 9.3: relationship targets are relative to the source part's folder or
    ///   absolute from the package root; `TargetMode="External"` targets are not parts;
    /// - the relationships prefix is any prefix bound to the namespace (`rel:id` here).
    func testHandWrittenSpreadsheetML() throws {
        let wb = try Workbook(path: ref("handmade.xlsx"))
        XCTAssertEqual(wb.sheetNames, ["First & only", "Empty"])
        XCTAssertEqual(try wb.sharedStrings(), ["plain", "rich text <&> é", ""])
        let s = try wb.sheet(named: "First & only")
        XCTAssertEqual(s.value(row: 0, column: 0), .string("plain"))
        XCTAssertEqual(s.value(row: 0, column: 1), .string("rich text <&> é"))
        XCTAssertEqual(s.value(row: 0, column: 2), .string("inline"))
        XCTAssertNil(s.value(row: 1, column: 0), "row 2 is absent")
        XCTAssertNil(s.value(row: 2, column: 0), "A3 is absent")
        XCTAssertEqual(s.value(row: 2, column: 1), .number(1.5e-3))
        XCTAssertEqual(s.value(row: 2, column: 2), .number(-2), "a cell without r after B3 is C3")
        XCTAssertEqual(s.value(row: 2, column: 4), .bool(true))
        XCTAssertEqual(s.value(row: 3, column: 0), .error("#N/A"), "a row without r after row 3 is row 4")
        XCTAssertEqual(try s.number(row: 3, column: 0), nil, "#N/A reads as missing")
        XCTAssertThrowsError(try s.number(row: 3, column: 1)) { e in
            XCTAssertEqual("\(e)", "\(ref("handmade.xlsx"))[First & only]!B4: expected a number, found the error value #DIV/0!")
        }
        XCTAssertEqual(s.value(row: 3, column: 2), .number(42), "a formula's cached value")
        XCTAssertEqual(s.value(row: 3, column: 3), .string("ab"), "a string formula's cached value")
        XCTAssertNil(s.value(row: 3, column: 4), "a formula without a cached value")
        XCTAssertEqual(s.value(row: 5, column: 2), .string("2014-12-31T00:00:00"))
        XCTAssertEqual(s.value(row: 5, column: 3), .number(41999), "a date-styled number stays a number")
        XCTAssertEqual(s.value(row: 5, column: 4), .string(""))
        XCTAssertThrowsError(try s.number(row: 0, column: 0)) { e in
            XCTAssertEqual("\(e)", "\(ref("handmade.xlsx"))[First & only]!A1: expected a number, found 'plain'")
        }
        XCTAssertEqual(try wb.sheet(named: "Empty").rows.count, 0)
        XCTAssertThrowsError(try wb.sheet(named: "Missing")) { e in
            XCTAssertTrue("\(e)".contains("no sheet 'Missing' (sheets: 'First & only', 'Empty')"), "\(e)")
        }
    }

    func testReferencesAndColumnNames() {
        XCTAssertEqual(Sheet.columnName(0), "A")
        XCTAssertEqual(Sheet.columnName(25), "Z")
        XCTAssertEqual(Sheet.columnName(26), "AA")
        XCTAssertEqual(Sheet.columnName(66), "BO")
        XCTAssertEqual(Sheet.columnName(16_383), "XFD")
        XCTAssertTrue(Sheet.parseReference("BO1802")! == (1801, 66))
        XCTAssertNil(Sheet.parseReference("12"))
        XCTAssertNil(Sheet.parseReference("A"))
        XCTAssertNil(Sheet.parseReference("$A$1"))
        XCTAssertNil(Sheet.parseReference("A0"))
    }

    /// A part that inflates beyond the cap is refused: by its declared size before inflating, and (when the size is a
    /// lie) while inflating, never holding more than the cap.
    func testZipBombsAreRefused() throws {
        let cap = 1 << 20
        XCTAssertThrowsError(try Workbook(path: ref("bomb.xlsx"), maximumPartSize: cap).sheet(named: "Empty")) { e in
            XCTAssertTrue("\(e)".contains("part xl/sheets/two.xml is 3145879 bytes uncompressed, more than the limit of 1048576 bytes"), "\(e)")
        }
        XCTAssertThrowsError(try Workbook(path: ref("liar.xlsx"), maximumPartSize: cap).sheet(named: "Empty")) { e in
            XCTAssertTrue("\(e)".contains("inflates to more than the limit of 1048576 bytes although it declares 100"), "\(e)")
        }
        // Under the default cap the bomb is an ordinary (empty) sheet.
        XCTAssertEqual(try Workbook(path: ref("bomb.xlsx")).sheet(named: "Empty").rows.count, 0)
    }

    /// Broken files are input errors naming the file, never crashes: not a zip, truncated, flipped bytes, bad XML.
    func testCorruptFilesAreInputErrors() throws {
        let dir = try TemporaryDirectory.make(prefix: "xlsx")
        defer { TemporaryDirectory.remove(dir) }
        let good = try Data(contentsOf: URL(fileURLWithPath: ref("cells_openpyxl.xlsx")))
        func attempt(_ bytes: Data, _ name: String) -> String? {
            let p = dir.appendingPathComponent(name).path
            _ = FileManager.default.createFile(atPath: p, contents: bytes)
            do {
                let wb = try Workbook(path: p)
                for s in wb.sheetNames { _ = try wb.sheet(named: s) }
                return nil
            } catch let e as InputError {
                XCTAssertTrue("\(e)".hasPrefix(p), "\(e)")
                return "\(e)"
            } catch {
                XCTFail("not an InputError: \(error)")
                return nil
            }
        }
        XCTAssertTrue(attempt(Data("a,b\n1,2\n".utf8), "csv.xlsx")?.contains("not a zip archive") ?? false)
        XCTAssertTrue(attempt(Data(), "empty.xlsx")?.contains("not a zip archive") ?? false)
        XCTAssertTrue(attempt(good.prefix(good.count / 2), "half.xlsx")?.contains("truncated or corrupt") ?? false)
        // Every single-byte change in the body: an error or the same reading, never a crash.
        var errors = 0
        for k in stride(from: 0, to: good.count, by: 11) {
            var bad = good
            bad[k] ^= 0x5A
            if attempt(bad, "flip\(k).xlsx") != nil { errors += 1 }
        }
        XCTAssertGreaterThan(errors, 0)
    }

    /// Bad cells inside a sheet part name the workbook, the sheet and the cell.
    func testBadSheetPartsNameTheCell() {
        func read(_ data: String) -> String {
            let xml = "<worksheet><sheetData>\(data)</sheetData></worksheet>"
            do {
                _ = try Sheet(bytes: Array(xml.utf8), part: "xl/worksheets/sheet1.xml", workbook: "w.xlsx", name: "S", sharedStrings: ["x"])
                return "ok"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(read("<row r=\"2\"><c r=\"C2\"><v>1</v></c></row>"), "ok")
        XCTAssertEqual(read("<row r=\"12\"><c r=\"C12\"><v>abc</v></c></row>"),
                       "w.xlsx[S]!C12: expected a number, found 'abc' in a number cell (expected a number)")
        XCTAssertEqual(read("<row><c t=\"s\"><v>3</v></c></row>"), "w.xlsx[S]!A1: shared string index '3' is not one of the workbook's 1 shared strings")
        XCTAssertEqual(read("<row><c t=\"b\"><v>yes</v></c></row>"), "w.xlsx[S]!A1: a boolean cell holds 'yes' (expected 0 or 1)")
        XCTAssertEqual(read("<row><c t=\"q\"><v>1</v></c></row>"), "w.xlsx[S]!A1: unknown cell type t=\"q\" (expected b, d, e, inlineStr, n, s or str)")
        XCTAssertTrue(read("<c><v>1</v></c>").contains("a cell <c> outside a <row>"))
        XCTAssertTrue(read("<row r=\"3\"/><row r=\"2\"/>").contains("row 2 comes after row 3"))
        XCTAssertEqual(read("<row><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row>"),
                       "w.xlsx[S]!A1: cell after B1: cells must be in increasing column order")
        XCTAssertTrue(read("<row r=\"1\"><c r=\"A2\"><v>1</v></c></row>").contains("its reference names another row"))
    }

    func testXMLScannerErrorsNameThePartLineAndColumn() {
        func scan(_ text: String) -> String {
            var s = XMLScanner(Array(text.utf8), place: "w.xlsx: p.xml")
            do { while try s.next() != nil {} ; return "ok" } catch { return "\(error)" }
        }
        XCTAssertEqual(scan("<a><b/></a>"), "ok")
        XCTAssertEqual(scan("<a>\n<b></a>"), "w.xlsx: p.xml:2:4: malformed XML: end tag </a> does not match <b>")
        XCTAssertEqual(scan("<a>&bogus;</a>"), "w.xlsx: p.xml:1:4: malformed XML: unknown entity &bogus; (only &lt; &gt; &amp; &quot; &apos; and character references)")
        XCTAssertEqual(scan("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>"), "w.xlsx: p.xml:1:1: malformed XML: a document type declaration or other <! markup is not allowed in a workbook part")
        XCTAssertEqual(scan("<a>"), "w.xlsx: p.xml:1:4: malformed XML: the part ends inside <a> (truncated or malformed XML)")
        XCTAssertEqual(scan(""), "w.xlsx: p.xml:1:1: malformed XML: no root element (empty or not XML)")
        XCTAssertEqual(scan("<a x=1/>"), "w.xlsx: p.xml:1:6: malformed XML: expected a quoted value for attribute x")
    }
}
