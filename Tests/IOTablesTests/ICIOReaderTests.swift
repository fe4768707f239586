import DataIO
@testable import IOTables
import XCTest

/// The OECD ICIO reader on small hand-made tables of each edition's layout, and every bad-input case naming file,
/// line and column.
///
/// Layout facts and their sources:
/// - [exvatools] cran/exvatools R/extract_icio.R: the 2021 edition has 67 countries and 71 blocks (MX1, MX2, CN1, CN2
///   after ROW), 45 industries, final demand country-major `HFCE NPISH GGFC GFCF INVNT DIRPA` for the countries only;
///   the 2018 edition 65 countries + the same four blocks, 36 industries, files `ICIO2018_<year>.CSV`; the 2016
///   edition 64 countries + MX1-MX3 and CN1-CN4, 34 ISIC rev. 3 industries, final demand component-major
///   (component x country: "FD1_C1, FD1_C2..."), then a discrepancy column.
/// - [pymrio] pymrio/tools/ioparser.py `parse_oecd`: the first column is the row index (corner `V1` or empty); total
///   column `OUT` or `TOTAL`, total row `OUT` or `OUTPUT`; factor rows `TLS`, `VA` or labels containing TAX or VALU;
///   final-demand codes HFCE NPISH GGFC GFCF INVNT DIRP(A) DPABR; a column without `_` is the discrepancy; in the 2016
///   files the final-demand labels are reversed (component first); CN<digit> blocks are added into CHN and MX<digit>
///   into MEX (rows and columns), the country's own block added too; file names `ICIO<edition>_<year>`.
/// - [issue 15] the 2023 edition keeps the 2021 structure with its own country list and `DPABR`.
final class ICIOReaderTests: XCTestCase {
    static let comps2021 = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA"]

    /// A hand-made table: `countries` then `splits` blocks x `industries`; final demand for the countries
    /// (country-major, or component-major when `componentMajor`), optional discrepancy column, total column; rows for
    /// every block, then `trailing`. Cell (raw row k, data field c) = value(k, c).
    static func table(countries: [String], splits: [String] = [], industries: [String] = ["01T02", "10T12"],
                      cats: [String] = comps2021, componentMajor: Bool = false, disc: String? = nil, total: String = "OUT",
                      trailing: [String] = ["TLS", "VA", "OUT"], corner: String = "V1",
                      value: (Int, Int) -> Double = { k, c in Double((k * 7 + c * 3) % 5) }) -> String {
        let blocks = countries + splits
        let labels = blocks.flatMap { r in industries.map { "\(r)_\($0)" } }
        let finals = componentMajor ? cats.flatMap { c in countries.map { "\(c)_\($0)" } } : countries.flatMap { r in cats.map { "\(r)_\($0)" } }
        let header = labels + finals + (disc.map { [$0] } ?? []) + [total]
        var lines = [corner + "," + header.joined(separator: ",")]
        for (k, l) in labels.enumerated() {
            lines.append(l + "," + (0..<header.count).map { c in fmt(value(k, c)) }.joined(separator: ","))
        }
        for t in trailing { lines.append(t + "," + (0..<header.count).map { _ in "1" }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The older helper's signature (other tests use it): `regions` in the real layout, split blocks (CN1...) moved
    /// after the countries, their country added when missing.
    static func icio(regions: [String], industries: [String] = ["A01_02", "C10T12"], cats: [String] = ["HFCE", "GFCF"],
                     trailing: [String] = ["TLS", "VA", "OUT"], value: (Int, Int) -> Double = { k, c in Double((k * 7 + c * 3) % 5) }) -> String {
        let splits = regions.filter { ICIOLayout.splitCountry($0) != nil }
        var countries = regions.filter { ICIOLayout.splitCountry($0) == nil }
        for s in splits { if let c = ICIOLayout.splitCountry(s), !countries.contains(c) { countries.append(c) } }
        return table(countries: countries, splits: splits, industries: industries, cats: cats, trailing: trailing, value: value)
    }

    static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : "\(v)" }

    /// Checks `t` against the raw cells: every merged cell the sum of its blocks' cells.
    func assertMerged(_ t: MRIOTable, countries: [String], splits: [String], nI: Int, cats: [String], componentMajor: Bool,
                      value: (Int, Int) -> Double, file: StaticString = #filePath, line: UInt = #line) {
        let blocks = countries + splits
        let country = { (b: String) -> String in b.hasPrefix("CN") && b != "CHN" ? "CHN" : b.hasPrefix("MX") && b != "MEX" ? "MEX" : b }
        let nB = blocks.count, nC = cats.count, nR = countries.count
        var z = [Double](repeating: 0, count: nR * nI * nR * nI), y = [Double](repeating: 0, count: nR * nI * nR * nC)
        var out = [Double](repeating: 0, count: nR * nI)
        for rb in 0..<nB {
            for i in 0..<nI {
                let k = rb * nI + i
                let r = countries.firstIndex(of: country(blocks[rb]))! * nI + i
                for sb in 0..<nB {
                    for j in 0..<nI {
                        let s = countries.firstIndex(of: country(blocks[sb]))! * nI + j
                        z[r * nR * nI + s] += value(k, sb * nI + j)
                    }
                }
                for q in 0..<(nR * nC) {
                    let (region, cat) = componentMajor ? (q % nR, q / nR) : (q / nC, q % nC)
                    y[r * nR * nC + region * nC + cat] += value(k, nB * nI + q)
                }
            }
        }
        // The total column is the last field of each row.
        for rb in 0..<nB {
            for i in 0..<nI {
                let fields = nB * nI + nR * nC + (componentMajor ? 1 : 0)
                out[countries.firstIndex(of: country(blocks[rb]))! * nI + i] += value(rb * nI + i, fields)
            }
        }
        XCTAssertEqual(t.regions, countries, file: file, line: line)
        XCTAssertEqual(t.finalDemandCategories, cats, file: file, line: line)
        XCTAssertEqual(t.intermediate, z, "intermediate", file: file, line: line)
        XCTAssertEqual(t.finalDemand, y, "final demand", file: file, line: line)
        XCTAssertEqual(t.output, out, "output", file: file, line: line)
    }

    /// 2021 [exvatools, pymrio]: split blocks after ROW, final demand country-major for the countries, OUT; the
    /// countries' own blocks hold values here (not zero placeholders) and are added too [pymrio].
    func testICIO2021SplitBlocksAreAddedIntoTheirCountryWithItsOwnBlock() throws {
        let countries = ["AUT", "CHN", "MEX", "ROW"], splits = ["MX1", "MX2", "CN1", "CN2"]
        let path = try TestFiles.write(Self.table(countries: countries, splits: splits), name: "ICIO2021_1995.csv")
        let (t, report) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.year, 1995)
        XCTAssertEqual(t.industries, ["01T02", "10T12"])
        XCTAssertEqual(report.rows, 16)
        assertMerged(t, countries: countries, splits: splits, nI: 2, cats: Self.comps2021, componentMajor: false) { k, c in Double((k * 7 + c * 3) % 5) }
        XCTAssertEqual(report.detected, "OECD ICIO 2021 edition (file name): 4 countries x 2 industries, split blocks MX1 MX2 CN1 CN2 added into MEX CHN, "
                       + "final demand 4 x 6 country-major, total column OUT; the countries' own rows hold values, added too")
    }

    /// Zero placeholders for CHN and MEX (as in the 2021 files [issue 15]) read the same way, and say so.
    func testZeroPlaceholderBlocks() throws {
        let countries = ["CHN", "MEX", "ROW"], splits = ["MX1", "MX2", "CN1", "CN2"]
        let value = { (k: Int, c: Int) -> Double in (k < 4 || (c < 4)) ? 0 : Double((k + c) % 3) }
        let path = try TestFiles.write(Self.table(countries: countries, splits: splits, value: value), name: "ICIO2021_2000.csv")
        let (t, report) = try ICIOReader.read(path: path)
        assertMerged(t, countries: countries, splits: splits, nI: 2, cats: Self.comps2021, componentMajor: false, value: value)
        XCTAssertTrue(report.detected?.hasSuffix("the countries' own rows are zero placeholders") ?? false, report.detected ?? "")
    }

    /// 2016 [exvatools, pymrio]: component-major final demand, a discrepancy column (not final demand), TOTAL,
    /// CN1-CN4 and MX1-MX3, trailing rows TAXSUB, VALU, OUTPUT.
    func testICIO2016ComponentMajorWithDiscrepancyAndFourChinaBlocks() throws {
        let countries = ["AUS", "CHN", "MEX", "ROW"], splits = ["MX1", "MX2", "MX3", "CN1", "CN2", "CN3", "CN4"]
        let cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA"]
        let text = Self.table(countries: countries, splits: splits, industries: ["C01T05", "C15T16"], cats: cats, componentMajor: true,
                              disc: "DISC", total: "TOTAL", trailing: ["TAXSUB", "VALU", "OUTPUT"])
        let path = try TestFiles.write(text, name: "ICIO2016_2011.csv")
        let (t, report) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.year, 2011)
        assertMerged(t, countries: countries, splits: splits, nI: 2, cats: cats, componentMajor: true) { k, c in Double((k * 7 + c * 3) % 5) }
        XCTAssertEqual(report.detected, "OECD ICIO 2016 edition (file name): 4 countries x 2 industries, split blocks MX1 MX2 MX3 CN1 CN2 CN3 CN4 added into "
                       + "MEX CHN, final demand 4 x 6 component-major, discrepancy column DISC (not final demand), total column TOTAL; "
                       + "the countries' own rows hold values, added too")
    }

    /// 2018 [exvatools: `ICIO2018_<year>.CSV`, upper case; pymrio: TOTAL/OUTPUT]; an empty corner cell [pymrio].
    func testICIO2018UpperCaseNameTotalAndEmptyCorner() throws {
        let countries = ["AUS", "CHN", "MEX", "ROW"], splits = ["MX1", "MX2", "CN1", "CN2"]
        let text = Self.table(countries: countries, splits: splits, total: "TOTAL", trailing: ["TLS", "VA", "OUTPUT"], corner: "")
        let dir = try TestFiles.directory()
        let path = dir.appendingPathComponent("ICIO2018_2005.CSV").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (t, report) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.year, 2005)
        XCTAssertTrue(report.detected?.hasPrefix("OECD ICIO 2018 edition (file name)") ?? false, report.detected ?? "")
        // The folder finds the .CSV file and its year; the format is detected from the header.
        let set = try TableSet(path: dir.path)
        XCTAssertEqual(set.format, .icio)
        XCTAssertEqual(set.years, [2005])
    }

    /// 2023 [issue 15]: the 2021 structure with DPABR; a file name without the edition: the structure tells it.
    func testICIO2023FromTheStructure() throws {
        let cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
        let path = try TestFiles.write(Self.table(countries: ["AUT", "BEL", "ROW"], industries: ["A01_02", "C10T12"], cats: cats), name: "icio_2022.csv")
        let (t, report) = try ICIOReader.read(path: path)
        XCTAssertEqual(t.regions, ["AUT", "BEL", "ROW"])
        XCTAssertEqual(t.industries, ["A01_02", "C10T12"])
        XCTAssertEqual(report.detected, "OECD ICIO 2023 edition (structure): 3 countries x 2 industries, final demand 3 x 6 country-major, total column OUT")
    }

    // MARK: errors that say which part differs

    func testComponentMajorFinalDemandUnderA2021Name() throws {
        let text = Self.table(countries: ["AUT", "BEL"], componentMajor: true)
        let e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(text, name: "ICIO2021_1995.csv")) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 6)  // the first final-demand column: corner + 4 industry columns, then HFCE_AUT
        XCTAssertTrue(e.message.contains("looks like ICIO 2021 (its file name) but final demand is component-major"), e.description)
    }

    func test2016NameWithoutDiscrepancyOrCountryMajor() throws {
        var e = try expectInputError {
            try ICIOReader.read(path: try TestFiles.write(Self.table(countries: ["AUT", "BEL"], componentMajor: true, total: "TOTAL"), name: "ICIO2016_2000.csv"))
        }
        XCTAssertTrue(e.message.contains("looks like ICIO 2016 (its file name) but has no discrepancy column before TOTAL"), e.description)
        e = try expectInputError {
            try ICIOReader.read(path: try TestFiles.write(Self.table(countries: ["AUT", "BEL"], disc: "DISC"), name: "ICIO2016_2000.csv"))
        }
        XCTAssertTrue(e.message.contains("looks like ICIO 2016 (its file name) but final demand is country-major"), e.description)
        e = try expectInputError {
            try ICIOReader.read(path: try TestFiles.write(Self.table(countries: ["AUT", "BEL"], disc: "DISC"), name: "ICIO2021_2000.csv"))
        }
        XCTAssertTrue(e.message.contains("looks like ICIO 2021 (its file name) but has a discrepancy column 'DISC'"), e.description)
    }

    func testSplitBlockWithoutItsCountry() throws {
        let text = Self.table(countries: ["AUT", "ROW"], splits: ["CN3"])
        let e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(text, name: "ICIO2021_2010.csv")) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 6)
        XCTAssertTrue(e.message.contains("split block CN3 has no country CHN"), e.description)
    }

    func testFinalDemandForASplitBlockAndMissingCountries() throws {
        // Final demand for every block, split ones included (the guessed layout of earlier versions).
        var text = Self.table(countries: ["CHN", "ROW", "CN1", "CN2"])
        var e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(text, name: "ICIO2021_2010.csv")) }
        XCTAssertTrue(e.message.contains("final demand has columns for split block CN1"), e.description)
        XCTAssertEqual(e.column, 9 + 12 + 1)
        // Final demand that stops a country short.
        text = Self.table(countries: ["AUT", "BEL", "ROW"]).replacingOccurrences(of: ",ROW_HFCE,ROW_NPISH,ROW_GGFC,ROW_GFCF,ROW_INVNT,ROW_DIRPA", with: "")
        let lines = text.split(separator: "\n").map { l -> String in
            l.hasPrefix("V1") ? String(l) : l.split(separator: ",", omittingEmptySubsequences: false).dropLast(7).joined(separator: ",") + ",1"
        }
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(lines.joined(separator: "\n"), name: "ICIO2021_2010.csv")) }
        XCTAssertTrue(e.message.contains("final demand covers 2 of the 3 countries (missing ROW)"), e.description)
    }

    func testCountryBlockAfterTheSplitBlocksAndWrongTotal() throws {
        var e = try expectInputError {
            try ICIOReader.read(path: try TestFiles.write(Self.table(countries: ["CHN", "CN1", "ROW"]), name: "ICIO2021_2010.csv"))
        }
        XCTAssertTrue(e.message.contains("final demand has columns for split block CN1") || e.message.contains("after the split blocks"), e.description)
        e = try expectInputError {
            try ICIOReader.read(path: try TestFiles.write(Self.table(countries: ["AUT"], total: "SUM"), name: "ICIO2021_2010.csv"))
        }
        XCTAssertEqual(e.column, 10)  // corner, 2 industry columns, 6 final-demand columns, then the total
        XCTAssertTrue(e.message.contains("expected the last header column to be the total, OUT or TOTAL"), e.description)
    }

    func testRaggedRowUnknownLabelAndBadTrailingRowNameTheirPlace() throws {
        let good = Self.table(countries: ["AUT", "BEL"], cats: ["HFCE", "GFCF"])
        var lines = good.split(separator: "\n").map(String.init)
        var ragged = lines
        ragged[2] = String(ragged[2].dropLast(2))
        var e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(ragged.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 3)
        XCTAssertTrue(e.message.contains("ragged row: expected 10 fields"), e.description)

        var unknown = lines
        unknown[3] = unknown[3].replacingOccurrences(of: "BEL_01T02", with: "BEL_X99")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(unknown.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 4)
        XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("unknown row label 'BEL_X99'"), e.description)

        lines[5] = lines[5].replacingOccurrences(of: "TLS", with: "TAXES_X")
        lines[5] = lines[5].replacingOccurrences(of: "TAXES_X", with: "MARGINS")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(lines.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 6)
        XCTAssertTrue(e.message.contains("expected trailing rows such as TLS, VA, OUT"), e.description)
    }

    func testMissingRowsAndNonNumericCells() throws {
        let lines = Self.table(countries: ["AUT", "BEL"], cats: ["HFCE", "GFCF"], trailing: []).split(separator: "\n").map(String.init)
        var e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(lines.dropLast().joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertTrue(e.message.contains("ends after 3 of the 4 table rows (next expected: BEL_10T12)"), e.description)
        var bad = lines
        bad[1] = bad[1].replacingOccurrences(of: "AUT_01T02,0,", with: "AUT_01T02,x,")
        e = try expectInputError { try ICIOReader.read(path: try TestFiles.write(bad.joined(separator: "\n"), name: "ICIO_2000.csv")) }
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 2)
    }

    func testFormatDetectionAndYears() throws {
        let icio = try TestFiles.write(Self.table(countries: ["AUT"]), name: "ICIO2023_2019.csv")
        XCTAssertEqual(try TableLayout.detect(path: icio), .icio)
        let icio2016 = try TestFiles.write(Self.table(countries: ["AUT"], componentMajor: true, disc: "DISC", total: "TOTAL"), name: "ICIO2016_2001.csv")
        XCTAssertEqual(try TableLayout.detect(path: icio2016), .icio)
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
        XCTAssertEqual(TableLayout.icio.yearInFileName("ICIO2021_1995.csv"), 1995)
        XCTAssertEqual(TableLayout.icio.yearInFileName("ICIO2018_2005.CSV"), 2005)
        XCTAssertEqual(ICIOLayout.editionInFileName("ICIO2018_2005.CSV"), "2018")
        XCTAssertNil(ICIOLayout.editionInFileName("ICIO1995.csv"))
        XCTAssertEqual(TableLayout.wiod.yearInFileName("WIOT1995_wiod2013.csv.gz"), 1995)
        XCTAssertEqual(TableLayout.figaro.yearInFileName("flatfile_eu-ic-io_ind-by-ind_23ed_2019.csv"), 2019)
        XCTAssertNil(TableLayout.icio.yearInFileName("ICIO.csv"))
    }
}
