import DataIO
@testable import IOTables
import XCTest

/// Eurostat's use tables at basic prices (`naio_10_cp1610`) in the TSV bulk format, with flags and missing values,
/// through `TableSet` and the proportional method, against values computed by hand.
///
/// Layout facts and their sources:
/// - tab-separated; the first header cell packs the dimension names comma-separated, the last followed by
///   `\TIME_PERIOD` (`freq,unit,na_item,geo\TIME_PERIOD`); year columns; each row's first cell packs its codes:
///   Eurostat's bulk-download files as described in staging code for `nama_10_pc` and `demo_r_pjangrp3` (the
///   composite key column) and read by the `eurostat` Python package (`geo\TIME_PERIOD` column).
/// - `naio_10_cp1610` is the use table at basic prices; its dimensions are `stk_flow` (TOTAL, DOM, IMP), `ind_use`
///   and `prd_ava` (products `CPA_...`), `unit` (MIO_EUR), `geo`: R code calling `get_eurostat("naio_10_cp1610",
///   filters = list(ind_use, prd_ava, unit = "MIO_EUR"))` then `stk_flow == "TOTAL"`; a Python module whose
///   `DOMESTIC_USES = "DOM"` reads it with product rows prefixed `CPA_`; a review of the naio datasets noting each
///   carries TOTAL, DOM and IMP on `stk_flow` (so the imports table is the IMP part of the same dataset).
/// - values `12.3 p` (a flag after a space), `:` missing, `: c` confidential: Eurostat's flag conventions.
final class EurostatReaderTests: XCTestCase {
    /// BE, 2014-2016: 2014 plain, 2015 with flags, 2016 not published; ignored rows (final use, totals, taxes, DOM
    /// beside TOTAL, another unit).
    static let rows: [(unit: String, stk: String, ind: String, prd: String, values: [String])] = [
        ("MIO_EUR", "TOTAL", "A01", "CPA_A01", ["10", "11 p", ":"]),
        ("MIO_EUR", "TOTAL", "A01", "CPA_C10", ["20", "22 p", ":"]),
        ("MIO_EUR", "TOTAL", "A01", "CPA_B", ["5", "5", ":"]),
        ("MIO_EUR", "TOTAL", "A01", "CPA_K64", ["4", "4 e", ":"]),
        ("MIO_EUR", "TOTAL", "C10", "CPA_A01", ["30", "30", ":"]),
        ("MIO_EUR", "TOTAL", "C10", "CPA_C10", ["40", "44", ":"]),
        ("MIO_EUR", "TOTAL", "C10", "CPA_B", ["8", "8", ":"]),
        ("MIO_EUR", "TOTAL", "C10", "CPA_K64", ["12", "12", ":"]),
        ("MIO_EUR", "IMP", "A01", "CPA_A01", ["1", "1", ":"]),
        ("MIO_EUR", "IMP", "A01", "CPA_C10", ["5", "6 p", ":"]),
        ("MIO_EUR", "IMP", "A01", "CPA_B", ["5", "5", ":"]),
        ("MIO_EUR", "IMP", "A01", "CPA_K64", ["1", "1", ":"]),
        ("MIO_EUR", "IMP", "C10", "CPA_A01", ["3", "3", ":"]),
        ("MIO_EUR", "IMP", "C10", "CPA_C10", ["10", "11", ":"]),
        ("MIO_EUR", "IMP", "C10", "CPA_B", ["8", "8", ":"]),
        ("MIO_EUR", "IMP", "C10", "CPA_K64", ["2", "3", ": c"]),
        ("MIO_EUR", "DOM", "A01", "CPA_C10", ["15", "16", ":"]),
        ("MIO_EUR", "TOTAL", "P3_S14", "CPA_C10", ["100", "100", ":"]),
        ("MIO_EUR", "TOTAL", "TOTAL", "CPA_C10", ["160", "166", ":"]),
        ("MIO_EUR", "TOTAL", "A01", "D21X31", ["1", "1", ":"]),
        ("MIO_EUR", "TOTAL", "A01", "P1", ["50", "55", ":"]),
        ("MIO_EUR", "TOTAL", "C10", "P1", ["120", "125", ":"]),
        ("MIO_NAC", "TOTAL", "A01", "CPA_C10", ["999", "999", ":"]),
    ]

    static func tsv(_ rows: [(unit: String, stk: String, ind: String, prd: String, values: [String])] = rows) -> String {
        (["freq,unit,stk_flow,ind_use,prd_ava,geo\\TIME_PERIOD\t2014 \t2015 \t2016 "]
            + rows.map { (["A,\($0.unit),\($0.stk),\($0.ind),\($0.prd),BE"] + $0.values).joined(separator: "\t") })
            .joined(separator: "\n") + "\n"
    }

    static let shares = """
    year,product,partner,value
    2014,CPA_C10,DE,3
    2014,CPA_C10,FR,1
    2014,CPA_A01,DE,1
    2014,CPA_B,NL,1
    2014,CPA_K64,DE,1
    2014,CPA_K64,US,1
    2015,CPA_C10,DE,1
    2015,CPA_A01,DE,1
    2015,CPA_B,NL,1
    2015,CPA_K64,US,1

    """

    func folder(_ tsv: String = tsv()) throws -> URL {
        let dir = try TestFiles.directory()
        try tsv.write(to: dir.appendingPathComponent("naio_10_cp1610.tsv"), atomically: true, encoding: .utf8)
        try Self.shares.write(to: dir.appendingPathComponent("shares.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    /// om and os (percent of non-energy inputs) of each industry, as `OffshoringMeasures` defines them, with the
    /// classification CPA_C10 manufactured, CPA_K64 business services, CPA_B energy, CPA_A01 other.
    func omos(_ u: CountryUse) -> [[Double]] {
        let nI = u.industries.count
        func sum(_ m: [Double], _ i: Int, _ products: [String]) -> Double {
            products.reduce(0.0) { acc, p in acc + m[(u.products.firstIndex(of: p) ?? 0) * nI + i] }
        }
        return (0..<nI).map { i in
            let d = sum(u.total, i, ["CPA_A01", "CPA_C10", "CPA_K64"])
            return [sum(u.importedTotal, i, ["CPA_C10"]) / d * 100, sum(u.importedTotal, i, ["CPA_K64"]) / d * 100]
        }
    }

    func testUseTableWithFlagsAndUnpublishedYearGivesTheHandComputedMeasures() throws {
        let dir = try folder()
        XCTAssertEqual(try TableLayout.detect(path: dir.appendingPathComponent("naio_10_cp1610.tsv").path), .eurostat)
        let set = try TableSet(path: dir.path)
        XCTAssertEqual(set.format, .eurostat)
        XCTAssertEqual(set.years, [2014, 2015], "2016 is all ':' for BE: not published, left out")
        XCTAssertEqual(set.layoutSummary, "Eurostat use table at basic prices (TSV bulk format): 1 country (BE), 2014-2015, unit MIO_EUR, "
                       + "1 country-year(s) without values left out, flagged values kept: e 1, p 3")
        let uses = try set.load(country: "BE") { u, _ in u }
        XCTAssertEqual(uses.count, 2)
        let u = uses[0]
        XCTAssertEqual(u.products, ["CPA_A01", "CPA_C10", "CPA_B", "CPA_K64"])
        XCTAssertEqual(u.industries, ["A01", "C10"], "final use P3_S14 and TOTAL are not industries")
        XCTAssertEqual(u.output, [50, 120], "row P1")
        XCTAssertEqual(u.total, [10, 30, 20, 40, 5, 8, 4, 12], "MIO_EUR read, MIO_NAC ignored")
        XCTAssertEqual(u.importedTotal, [1, 3, 5, 10, 5, 8, 1, 2])
        XCTAssertEqual(u.originMethod, "proportional")
        // Hand-computed: A01 2014 non-energy inputs 10 + 20 + 4 = 34, imported manufactured 5, services 1;
        // C10: 30 + 40 + 12 = 82, 10 and 2. 2015 (flagged values kept): A01 11 + 22 + 4 = 37, 6 and 1; C10 86, 11 and 3.
        let expected: [[[Double]]] = [[[5.0 / 34 * 100, 1.0 / 34 * 100], [10.0 / 82 * 100, 2.0 / 82 * 100]],
                                      [[6.0 / 37 * 100, 1.0 / 37 * 100], [11.0 / 86 * 100, 3.0 / 86 * 100]]]
        for (k, use) in uses.enumerated() {
            for (a, b) in zip(omos(use).joined(), expected[k].joined()) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
        XCTAssertEqual(14.705882352941176, expected[0][0][0], accuracy: 1e-12, "om of A01 in 2014 is 5/34")
        // The proportional method: C10's imported C10 (10) split DE 3/4, FR 1/4.
        let de = try XCTUnwrap(u.regions.firstIndex(of: "DE")), fr = try XCTUnwrap(u.regions.firstIndex(of: "FR"))
        let cells = u.products.count * u.industries.count
        XCTAssertEqual(u.imported[de * cells + 1 * 2 + 1], 7.5)
        XCTAssertEqual(u.imported[fr * cells + 1 * 2 + 1], 2.5)
    }

    func testMissingValueInAPublishedYearIsAnErrorNotAZero() throws {
        var rows = Self.rows
        rows[15].values[0] = ": c"   // IMP C10 CPA_K64 in 2014: confidential
        let set = try TableSet(path: try folder(Self.tsv(rows)).path)
        let e = try expectInputError { try set.load(country: "BE") { u, _ in u.total } }
        XCTAssertEqual(e.line, 17)
        XCTAssertEqual(e.column, 2)
        XCTAssertTrue(e.message.contains("IMP CPA_K64 x C10 of BE in 2014 is not available (': c')"), e.description)
        XCTAssertTrue(e.message.contains("cannot be read as zero"), e.description)
        // Only the year with the gap is refused: 2015 alone reads.
        var only2015 = set
        only2015.keep(years: [2015])
        XCTAssertEqual(try only2015.load(country: "BE") { u, _ in u.output }, [[55, 125]])
    }

    func testAlmostRightTSVFilesSayWhatDiffers() throws {
        func error(_ text: String) throws -> InputError {
            try expectInputError { try EurostatReader.read(paths: [try TestFiles.write(text, name: "naio_10_cp1610.tsv")]) }
        }
        var e = try error(Self.tsv().replacingOccurrences(of: "stk_flow,", with: "flow,").replacingOccurrences(of: "A,MIO_EUR,", with: "A,MIO_EUR,"))
        XCTAssertEqual(e.line, 1); XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("no stk_flow (TOTAL, DOM, IMP) dimension"), e.description)
        e = try error(Self.tsv().replacingOccurrences(of: "\t2015 ", with: "\t2015Q1"))
        XCTAssertEqual(e.line, 1); XCTAssertEqual(e.column, 3)
        var rows = Self.rows
        rows[1].values[1] = "22,5"
        e = try error(Self.tsv(rows))
        XCTAssertEqual(e.line, 3); XCTAssertEqual(e.column, 3)
        XCTAssertTrue(e.message.contains("or ':' for a missing value"), e.description)
        e = try error(Self.tsv().replacingOccurrences(of: "A,MIO_EUR,TOTAL,A01,CPA_B,BE", with: "A,MIO_EUR,TOTAL,A01,BE"))
        XCTAssertEqual(e.line, 4); XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("expected 6 comma-separated codes"), e.description)
        // The older dimension names read the same.
        let old = Self.tsv().replacingOccurrences(of: "ind_use,prd_ava", with: "induse,prod_na")
        XCTAssertEqual(try EurostatReader.read(paths: [try TestFiles.write(old, name: "x.tsv")]).tables.count, 2)
    }

    func testAggregatesBesideTheirPartsAreLeftOut() throws {
        XCTAssertEqual(EurostatReader.overlappingAggregates(["CPA_C10-12", "CPA_C10", "CPA_C11", "CPA_C12", "CPA_C13-15", "CPA_A01"], prefix: "CPA_"),
                       ["CPA_C10-12"], "C13-15 has no parts here: kept")
        XCTAssertEqual(EurostatReader.overlappingAggregates(["C10-C12", "C10", "M69_M70", "M69", "L68A", "N80-82"]), ["C10-C12", "M69_M70"])
        // In a file: the aggregate product row and column are left out, the parts read, the summary says so.
        var rows = Self.rows
        rows.append(("MIO_EUR", "TOTAL", "A01", "CPA_C10-12", ["25", "25", ":"]))
        rows.append(("MIO_EUR", "IMP", "A01", "CPA_C10-12", ["6", "6", ":"]))
        rows.append(("MIO_EUR", "TOTAL", "C10-12", "CPA_C10", ["50", "50", ":"]))
        let (tables, summary) = try EurostatReader.read(paths: [try TestFiles.write(Self.tsv(rows), name: "naio_10_cp1610.tsv")])
        XCTAssertEqual(tables.first?.products, ["CPA_A01", "CPA_C10", "CPA_B", "CPA_K64"])
        XCTAssertEqual(tables.first?.industries, ["A01", "C10"])
        XCTAssertEqual(tables.first?.useTotal, [10, 30, 20, 40, 5, 8, 4, 12])
        XCTAssertTrue(summary.contains("aggregates left out beside their parts: C10-12 CPA_C10-12"), summary)
        // gzip, as Eurostat serves the bulk files.
        let gz = try TestFiles.gzip(try TestFiles.write(Self.tsv(), name: "naio_10_cp1610.tsv"))
        XCTAssertEqual(try EurostatReader.read(paths: [gz]).tables.map(\.year), [2014, 2015])
    }

    /// `References/eurostat_tsv_reference.py` reads the committed `naio_10_cp1610_fixture.tsv` (this class's table)
    /// with pandas and writes om and os of each industry and year to `eurostat_tsv_reference.csv`.
    func testPandasReadingOfTheTSVFixtureAgrees() throws {
        let refs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")
        let fixture = refs.appendingPathComponent("naio_10_cp1610_fixture.tsv").path
        XCTAssertEqual(try String(contentsOfFile: fixture, encoding: .utf8), Self.tsv(), "the fixture is this class's table")
        let (tables, _) = try EurostatReader.read(paths: [fixture])
        let rows = try CSVReader(path: refs.appendingPathComponent("eurostat_tsv_reference.csv").path).readAllRows()
        XCTAssertEqual(rows.first, ["industry", "year", "om", "os"])
        XCTAssertEqual(rows.count - 1, 4)
        for r in rows.dropFirst() {
            let t = try XCTUnwrap(tables.first { String($0.year) == r[1] })
            // om and os from the table's own total and imported use (origin shares do not enter the totals).
            let i = try XCTUnwrap(t.industries.firstIndex(of: r[0])), nI = t.industries.count
            func sum(_ m: [Double], _ products: [String]) -> Double {
                products.reduce(0.0) { acc, p in acc + m[(t.products.firstIndex(of: p) ?? 0) * nI + i] }
            }
            let d = sum(t.useTotal, ["CPA_A01", "CPA_C10", "CPA_K64"])
            let mine = [sum(t.useImported, ["CPA_C10"]) / d * 100, sum(t.useImported, ["CPA_K64"]) / d * 100]
            for (x, y) in zip(mine, [r[2], r[3]]) {
                let ref = try XCTUnwrap(Double(y))
                XCTAssertEqual(x, ref, accuracy: 1e-12 * abs(ref), "\(r[0]) \(r[1])")
            }
        }
    }

    func testIndustryCodesAreNACEAndFinalUsesAreNot() {
        for code in ["A01", "C10-12", "F", "L68A", "P85", "T", "U", "N80-82"] { XCTAssertTrue(EurostatReader.isIndustry(code), code) }
        for code in ["P3_S14", "P51G", "P6", "TOTAL", "TU", "TFU", "P5M", "cpa"] { XCTAssertFalse(EurostatReader.isIndustry(code), code) }
    }
}
