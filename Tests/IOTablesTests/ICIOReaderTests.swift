import DataIO
@testable import IOTables
import XCTest

/// The OECD ICIO reader on generated small tables: split regions summed, trailing rows, year from the name, and
/// every bad-input case naming file, line and column.
final class ICIOReaderTests: XCTestCase {
    /// An ICIO-layout table: `regions` x `industries`, final demand `cats`, cell (row k, column c) = value(k, c).
    static func icio(regions: [String], industries: [String] = ["A01_02", "C10T12"], cats: [String] = ["HFCE", "GFCF"],
                     trailing: [String] = ["TLS", "VA", "OUT"], value: (Int, Int) -> Double = { k, c in Double((k * 7 + c * 3) % 5) }) -> String {
        let labels = regions.flatMap { r in industries.map { "\(r)_\($0)" } }
        let finals = regions.flatMap { r in cats.map { "\(r)_\($0)" } }
        let width = labels.count + finals.count + 1
        var lines = ["V1," + (labels + finals + ["OUT"]).joined(separator: ",")]
        for (k, l) in labels.enumerated() {
            lines.append(l + "," + (0..<width).map { c in fmt(value(k, c)) }.joined(separator: ","))
        }
        for t in trailing { lines.append(t + "," + (0..<width).map { _ in "1" }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : "\(v)" }

    func testSplitRegionsAreSummedIntoTheirCountryAndTheYearIsTheLastInTheName() throws {
        let regions = ["BEL", "CN1", "CN2", "ROW"]
        let path = try TestFiles.write(Self.icio(regions: regions), name: "ICIO2023_2007.csv")
        let (t, report) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.year, 2007)
        XCTAssertEqual(t.regions, ["BEL", "CHN", "ROW"])
        XCTAssertEqual(t.industries, ["A01_02", "C10T12"])
        XCTAssertEqual(t.finalDemandCategories, ["HFCE", "GFCF"])
        XCTAssertEqual(report.rows, 8)
        // Raw index of (region, industry) in the file; merged CHN = CN1 + CN2 in rows and columns.
        let raw = { (r: String, i: Int) in regions.firstIndex(of: r)! * 2 + i }
        let v = { (k: Int, c: Int) in Double((k * 7 + c * 3) % 5) }
        let parts = ["BEL": ["BEL"], "CHN": ["CN1", "CN2"], "ROW": ["ROW"]]
        for (a, ra) in t.regions.enumerated() {
            for (b, rb) in t.regions.enumerated() {
                for i in 0..<2 {
                    for j in 0..<2 {
                        var expected = 0.0
                        for p in parts[ra]! { for q in parts[rb]! { expected += v(raw(p, i), raw(q, j)) } }
                        XCTAssertEqual(t.flow(a * 2 + i, b * 2 + j), expected, "\(ra)_\(i) -> \(rb)_\(j)")
                    }
                }
            }
            // Final demand of CHN (HFCE) from BEL_A01_02: the two parts' columns; output: the OUT column summed.
            var fd = 0.0, out = 0.0
            for p in parts["CHN"]! { fd += v(raw("BEL", 0), 8 + (regions.firstIndex(of: p)!) * 2) }
            for p in parts[ra]! { out += v(raw(p, 0), 16) }
            XCTAssertEqual(t.output[a * 2], out, ra)
            if ra == "BEL" { XCTAssertEqual(t.finalDemand[0 * 6 + 1 * 2], fd) }
        }
    }

    func testPlainTableWithoutSplitOrTrailingRows() throws {
        let path = try TestFiles.write(Self.icio(regions: ["AUT", "BEL"], trailing: []), name: "ICIO2021_1995.csv")
        let (t, _) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.regions, ["AUT", "BEL"])
        XCTAssertEqual(t.flow(1, 2), Double((1 * 7 + 2 * 3) % 5))
    }

    func testHalfASplitRegionIsAnError() throws {
        let path = try TestFiles.write(Self.icio(regions: ["BEL", "MX1", "ROW"]), name: "ICIO_2010.csv")
        let e = try expectInputError { try ICIOReader.read(path: path) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 4)
        XCTAssertTrue(e.message.contains("split-region inconsistency: MX1 is present but MX2 is not"), e.description)
    }

    func testCountryWithFlowsBesideItsPartsIsAnError() throws {
        let path = try TestFiles.write(Self.icio(regions: ["CHN", "BEL", "CN1", "CN2"]), name: "ICIO_2010.csv")
        let e = try expectInputError { try ICIOReader.read(path: path) }
        XCTAssertEqual(e.key, "CHN")
        XCTAssertEqual(e.column, 2)
        XCTAssertTrue(e.message.contains("CHN has non-zero flows and is also split into CN1/CN2"), e.description)
        // An all-zero CHN beside its parts is accepted (and adds nothing).
        let zero = try TestFiles.write(Self.icio(regions: ["CHN", "BEL", "CN1", "CN2"]) { k, c in
            (k < 2 || (c < 8 && c < 2) || (c >= 8 && c < 10)) ? 0 : 1
        }, name: "ICIO_2010.csv")
        let (t, _) = try ICIOReader.read(path: zero)
        XCTAssertEqual(t.regions, ["CHN", "BEL"])
    }

    func testRaggedRowUnknownLabelAndBadTrailingRowNameTheirPlace() throws {
        let good = Self.icio(regions: ["AUT", "BEL"])
        var lines = good.split(separator: "\n").map(String.init)
        var ragged = lines
        ragged[2] = String(ragged[2].dropLast(2))
        var e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(ragged.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 3)
        XCTAssertTrue(e.message.contains("ragged row: expected 10 fields"), e.description)

        var unknown = lines
        unknown[3] = unknown[3].replacingOccurrences(of: "BEL_A01_02", with: "BEL_X99")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(unknown.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 4)
        XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("unknown row label 'BEL_X99'"), e.description)

        lines[5] = lines[5].replacingOccurrences(of: "TLS", with: "TAXES")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(lines.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 6)
        XCTAssertTrue(e.message.contains("expected one of TLS, VA, OUT"), e.description)
    }

    func testMissingRowsAndNonNumericCells() throws {
        let lines = Self.icio(regions: ["AUT", "BEL"], trailing: []).split(separator: "\n").map(String.init)
        var e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(lines.dropLast().joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertTrue(e.message.contains("ends after 3 of the 4 table rows (next expected: BEL_C10T12)"), e.description)
        var bad = lines
        bad[1] = bad[1].replacingOccurrences(of: "AUT_A01_02,0,", with: "AUT_A01_02,x,")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(bad.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 2)
    }

    func testFormatDetectionAndYears() throws {
        let icio = try TestFiles.write(Self.icio(regions: ["AUT"]), name: "ICIO2023_2019.csv")
        XCTAssertEqual(try TableLayout.detect(path: icio), .icio)
        let wiod = try TestFiles.write(TestFiles.small, name: "WIOT2003_test.csv")
        XCTAssertEqual(try TableLayout.detect(path: wiod), .wiod)
        let sut = try TestFiles.write("year,table,product,industry,value\n", name: "sut.csv")
        XCTAssertEqual(try TableLayout.detect(path: sut), .sut)
        let fig = try TestFiles.write("icsupRow,refArea,rowIi,counterpartArea,colIi,obsValue\n", name: "f_2010.csv")
        XCTAssertEqual(try TableLayout.detect(path: fig), .figaro)
        let other = try TestFiles.write("a,b,c\n", name: "x.csv")
        let e = try expectInputError { try TableLayout.detect(path: other) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(TableLayout.icio.yearInFileName("ICIO2023_2007.csv"), 2007)
        XCTAssertEqual(TableLayout.wiod.yearInFileName("WIOT1995_wiod2013.csv.gz"), 1995)
        XCTAssertEqual(TableLayout.figaro.yearInFileName("flatfile_eu-ic-io_ind-by-ind_23ed_2019.csv"), 2019)
        XCTAssertNil(TableLayout.icio.yearInFileName("ICIO.csv"))
    }
}
