import DataIO
@testable import IOTables
import TestSupport
import XCTest

/// The bundled WIOD tables written in the OECD ICIO layouts as distributed (`ICIOWriter`), with China and Mexico
/// split into blocks, read back bit for bit; and through zip archives as the OECD distributes them
/// (`ICIO_2015-2018.zip` holding one CSV per year; a folder of such archives).
///
/// Layout facts: the 2021 split blocks MX1 MX2 CN1 CN2 after ROW, final demand country-major for the countries only
/// (exvatools R/extract_icio.R: gx_names, GFD = G x FD); 2016 MX1-MX3, CN1-CN4, component-major final demand and a
/// discrepancy column (exvatools, icio2016 branch); totals OUT/TOTAL and OUTPUT rows, and archives of yearly CSVs
/// read as they come (pymrio `parse_oecd`, which also reads the zip archives); several years per zip named
/// `ICIO_<from>-<to>.zip` (exvatools' zip_file names for 2021).
final class ICIOLayoutsFromWIODTests: XCTestCase {
    static let years = [1995, 2011]

    static func wiod(_ year: Int) throws -> MRIOTable {
        try WIODReader.read(path: TestFiles.bundled.appendingPathComponent("wiod2013/WIOT\(year)_wiod2013.csv.gz").path).0
    }

    /// The table's final demand in ICIO's six components (WIOD's five mapped, the sixth zero).
    static func icioFinalDemand(_ t: MRIOTable, comps: [String]) -> [Double] {
        let map = ICIOWriter.wiodCategories
        let nR = t.regions.count, nC = t.finalDemandCategories.count, f = t.finalDemandColumns
        var y = [Double](repeating: 0, count: t.size * nR * comps.count)
        for r in 0..<t.size {
            for s in 0..<nR {
                for (c, cat) in t.finalDemandCategories.enumerated() {
                    guard let k = comps.firstIndex(of: map[cat] ?? cat) else { continue }
                    y[r * nR * comps.count + s * comps.count + k] = t.finalDemand[r * f + s * nC + c]
                }
            }
        }
        return y
    }

    func assertSame(_ a: MRIOTable, _ w: MRIOTable, comps: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.regions, w.regions, what, file: file, line: line)
        XCTAssertEqual(a.industries, w.industries, what, file: file, line: line)
        XCTAssertEqual(a.finalDemandCategories, comps, what, file: file, line: line)
        // Bit for bit: == on doubles, every cell.
        XCTAssertTrue(a.intermediate == w.intermediate, "\(what): intermediate", file: file, line: line)
        XCTAssertTrue(a.output == w.output, "\(what): output", file: file, line: line)
        XCTAssertTrue(a.finalDemand == Self.icioFinalDemand(w, comps: comps), "\(what): final demand", file: file, line: line)
    }

    /// Zips `files` (their base names as members) into `zip` with the system's zip.
    static func zip(_ files: [String], into zip: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        p.arguments = ["-q", "-j", zip] + files
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testWIODIn2021And2016LayoutsWithSplitBlocksReadsBackBitForBit() throws {
        let dir = try TestFiles.directory()
        for year in Self.years {
            let w = try Self.wiod(year)
            for (edition, splits) in [(ICIOWriter.Edition.icio2021, ICIOWriter.Split.icio2021), (.icio2016, ICIOWriter.Split.icio2016)] {
                let path = dir.appendingPathComponent(edition.fileName(year: year)).path
                try Data(try ICIOWriter.write(w, edition: edition, splits: splits)).write(to: URL(fileURLWithPath: path))
                let (t, report) = try ICIOReader.read(path: path)
                XCTAssertEqual(t.year, year)
                assertSame(t, w, comps: edition.components, "\(edition.rawValue) \(year)")
                let blocks = splits.flatMap(\.blocks).joined(separator: " ")
                XCTAssertTrue(report.detected?.contains("OECD ICIO \(edition.rawValue) edition (file name): 41 countries x 35 industries, split blocks \(blocks) added into MEX CHN") ?? false,
                              report.detected ?? "nil")
                XCTAssertTrue(report.detected?.hasSuffix("zero placeholders") ?? false, report.detected ?? "nil")
            }
        }
    }

    /// The Belgian use (what om and os are computed from) is the same from the 2021 and 2016 layouts as from WIOD,
    /// through `TableSet` on a zip archive of several years and on a folder of such archives.
    func testZipArchivesAsDownloadedGiveWIODsBelgianUse() throws {
        let dir = try TestFiles.directory()
        let csvDir = dir.appendingPathComponent("csv"), zips = dir.appendingPathComponent("zips")
        try AtomicFile.createDirectories(csvDir.path)
        try AtomicFile.createDirectories(zips.path)
        var paths: [Int: String] = [:]
        var reference: [Int: CountryUse] = [:]
        for year in Self.years {
            let w = try Self.wiod(year)
            reference[year] = try CountryUse(table: w, country: "BEL")
            let p = csvDir.appendingPathComponent(ICIOWriter.Edition.icio2021.fileName(year: year)).path
            try Data(try ICIOWriter.write(w, edition: .icio2021, splits: ICIOWriter.Split.icio2021)).write(to: URL(fileURLWithPath: p))
            paths[year] = p
        }
        // One archive of both years, and a folder of one archive per year.
        let both = dir.appendingPathComponent("ICIO_1995-2011.zip").path
        try Self.zip(Self.years.compactMap { paths[$0] }, into: both)
        for year in Self.years { try Self.zip([paths[year] ?? ""], into: zips.appendingPathComponent("ICIO_\(year)-\(year).zip").path) }
        for place in [both, zips.path] {
            let set = try TableSet(path: place)
            XCTAssertEqual(set.format, .icio, place)
            XCTAssertEqual(set.years, Self.years, place)
            let uses = try set.load(country: "BEL") { use, report in (use, report?.detected ?? "") }
            for (k, year) in Self.years.enumerated() {
                let (use, detected) = uses[k]
                guard let ref = reference[year] else { return XCTFail("no reference") }
                XCTAssertTrue(use.total == ref.total && use.imported == ref.imported && use.output == ref.output, "\(place) \(year)")
                XCTAssertTrue(detected.hasPrefix("OECD ICIO 2021 edition (file name)"), detected)
            }
            XCTAssertEqual(Set(set.inputFiles).count, set.inputFiles.count, "each archive once in the inputs")
        }
    }

    /// A member's error names `archive.zip/member.csv` with line and column; a zip bomb (a member that inflates to more
    /// than it declares) and a member larger than the stream limit are refused.
    func testZipMemberErrorsAndLyingSizes() throws {
        let dir = try TestFiles.directory()
        var text = ICIOReaderTests.table(countries: ["AUT", "BEL"])
        text = text.replacingOccurrences(of: "\nAUT_10T12,", with: "\nAUT_10T12,x")
        let csv = dir.appendingPathComponent("ICIO2021_2001.csv").path
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let zip = dir.appendingPathComponent("ICIO_2001-2001.zip").path
        try Self.zip([csv], into: zip)
        let set = try TableSet(path: zip)
        let e = try expectInputError { _ = try set.load(country: "BEL") { _, _ in 0 } }
        XCTAssertEqual(e.file, zip + "/ICIO2021_2001.csv")
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.column, 2)

        // A good member whose directory entry declares fewer bytes than it holds: refused while inflating.
        let good = dir.appendingPathComponent("ICIO2021_2002.csv").path
        try ICIOReaderTests.table(countries: ["AUT", "BEL"]).write(toFile: good, atomically: true, encoding: .utf8)
        let lying = dir.appendingPathComponent("lying.zip").path
        try Self.zip([good], into: lying)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: lying)))
        // The central directory header (PK\1\2): uncompressed size at offset 24.
        guard let cd = (0..<(bytes.count - 4)).first(where: { bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2 }) else {
            return XCTFail("no central directory")
        }
        bytes[cd + 24] = 100; bytes[cd + 25] = 0; bytes[cd + 26] = 0; bytes[cd + 27] = 0
        try Data(bytes).write(to: URL(fileURLWithPath: lying))
        var z = try expectInputError { _ = try ICIOReader.read(file: TableFile(year: 2002, path: lying, member: "ICIO2021_2002.csv")) }
        XCTAssertTrue(z.message.contains("inflates to more than the 100 bytes it declares (a zip bomb"), z.description)
        // A declared size over the limit: refused before inflating.
        let saved = InputLimits.streamBytes
        InputLimits.streamBytes = 10
        defer { InputLimits.streamBytes = saved }
        z = try expectInputError { _ = try ICIOReader.read(file: TableFile(year: 2002, path: zip, member: "ICIO2021_2001.csv")) }
        XCTAssertTrue(z.message.contains("more than the limit of 10 bytes"), z.description)
    }

    /// convert's ICIO output (`TableWriter.icio`) is the 2021 layout, read as such.
    func testTableWriterICIOIsThe2021Layout() throws {
        let w = try Self.wiod(1995)
        let path = try TestFiles.write(String(decoding: try TableWriter.icio(w), as: UTF8.self), name: "ICIO2021_1995.csv")
        let (t, report) = try ICIOReader.read(path: path)
        assertSame(t, w, comps: ICIOWriter.Edition.icio2021.components, "convert")
        XCTAssertEqual(report.detected, "OECD ICIO 2021 edition (file name): 41 countries x 35 industries, final demand 41 x 6 country-major, total column OUT")
    }
}
