import Foundation
import XCTest

/// `offshore convert --to figaro` (Eurostat's matrix layout) and `offshore measure` on FIGARO matrix files and on a
/// Eurostat TSV use table: the detected layout said in one note, the WIOD measures byte for byte, hand-computed
/// om/os, and almost-right files refused with exit 2, their place, and nothing written.
final class FIGAROAndEurostatCLITests: XCTestCase {
    func testConvertWritesTheMatrixLayoutAndMeasureReadsItLikeWIOD() throws {
        let dir = try CLI.temporaryDirectory()
        let wiod = try CLI.run(["measure", "--years", "2007", "--format", "csv"])
        XCTAssertEqual(wiod.status, 0, wiod.stderr)
        for (variant, file, note) in [("ixi", "matrix_eu-ic-io_ind-by-ind_2007.csv", "industry-by-industry: 41 regions x 35 industries"),
                                      ("pxp", "matrix_eu-ic-io_prod-by-prod_2007.csv", "product-by-product: 41 regions x 35 products")] {
            let out = dir.appendingPathComponent(variant).path
            let c = try CLI.run(["convert", "--to", "figaro", "--figaro-variant", variant, "--years", "2007", "--output", out])
            XCTAssertEqual(c.status, 0, c.stderr)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["classification.toml", file])
            let m = try CLI.run(["measure", "--tables", out, "--format", "csv"])
            XCTAssertEqual(m.status, 0, m.stderr)
            XCTAssertTrue(m.stderr.contains("tables read as FIGARO matrix, \(note), 5 final-demand categories"), m.stderr)
            // Product-by-product codes are written CPA_<code> and measured under those codes.
            XCTAssertEqual(m.stdout.replacingOccurrences(of: ",CPA_", with: ","), wiod.stdout, variant)
            if variant == "pxp" { XCTAssertTrue(m.stdout.contains("BEL,CPA_c1,2007,om,total,"), m.stdout) }
        }
        // pxi is a flat-only variant.
        let bad = try CLI.run(["convert", "--to", "figaro", "--figaro-variant", "pxi", "--years", "2007", "--output", dir.appendingPathComponent("pxi").path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--figaro-format flat"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("pxi").path))
    }

    func testAlmostRightMatrixExitsTwoWithItsPlaceAndWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let tables = dir.appendingPathComponent("t")
        try FileManager.default.createDirectory(at: tables, withIntermediateDirectories: true)
        // BE's industries in another order than AT's: the fourth header cell.
        try """
        rowLabels,AT_A01,AT_C10,BE_C10,BE_A01,AT_P3_S14,BE_P3_S14
        AT_A01,1,2,3,4,5,6
        AT_C10,1,2,3,4,5,6
        BE_C10,1,2,3,4,5,6
        BE_A01,1,2,3,4,5,6
        W2_B2A3G,1,1,1,1,0,0

        """.write(to: tables.appendingPathComponent("matrix_eu-ic-io_ind-by-ind_2020.csv"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.csv").path
        let r = try CLI.run(["measure", "--tables", tables.path, "--country", "BE", "--format", "csv", "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("matrix_eu-ic-io_ind-by-ind_2020.csv:1:4:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("every region lists the same codes in the same order"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// The hand-made TSV of IOTablesTests' EurostatReaderTests, through `measure`: om and os of each industry by hand.
    func testMeasureOnAEurostatUseTableGivesTheHandComputedIntensities() throws {
        let dir = try CLI.temporaryDirectory()
        let rows: [(String, String, String, [String])] = [
            ("TOTAL", "A01", "CPA_A01", ["10", "11 p"]), ("TOTAL", "A01", "CPA_C10", ["20", "22 p"]), ("TOTAL", "A01", "CPA_B", ["5", "5"]),
            ("TOTAL", "A01", "CPA_K64", ["4", "4 e"]), ("TOTAL", "C10", "CPA_A01", ["30", "30"]), ("TOTAL", "C10", "CPA_C10", ["40", "44"]),
            ("TOTAL", "C10", "CPA_B", ["8", "8"]), ("TOTAL", "C10", "CPA_K64", ["12", "12"]),
            ("IMP", "A01", "CPA_A01", ["1", "1"]), ("IMP", "A01", "CPA_C10", ["5", "6 p"]), ("IMP", "A01", "CPA_B", ["5", "5"]),
            ("IMP", "A01", "CPA_K64", ["1", "1"]), ("IMP", "C10", "CPA_A01", ["3", "3"]), ("IMP", "C10", "CPA_C10", ["10", "11"]),
            ("IMP", "C10", "CPA_B", ["8", "8"]), ("IMP", "C10", "CPA_K64", ["2", "3"]),
            ("TOTAL", "P3_S14", "CPA_C10", ["100", "100"]), ("TOTAL", "A01", "P1", ["50", "55"]), ("TOTAL", "C10", "P1", ["120", "125"]),
        ]
        let tsv = (["freq,unit,stk_flow,ind_use,prd_ava,geo\\TIME_PERIOD\t2014 \t2015 "]
                   + rows.map { (["A,MIO_EUR,\($0.0),\($0.1),\($0.2),BE"] + $0.3).joined(separator: "\t") }).joined(separator: "\n") + "\n"
        try tsv.write(to: dir.appendingPathComponent("naio_10_cp1610.tsv"), atomically: true, encoding: .utf8)
        try "year,product,partner,value\n2014,CPA_C10,DE,3\n2014,CPA_C10,FR,1\n2014,CPA_A01,DE,1\n2014,CPA_B,NL,1\n2014,CPA_K64,US,1\n"
            .appending("2015,CPA_C10,DE,1\n2015,CPA_A01,DE,1\n2015,CPA_B,NL,1\n2015,CPA_K64,US,1\n")
            .write(to: dir.appendingPathComponent("shares.csv"), atomically: true, encoding: .utf8)
        let toml = dir.appendingPathComponent("cpa.toml")
        try """
        [categories]
        manufactured = ["CPA_C10"]
        business_services = ["CPA_K64"]
        energy = ["CPA_B"]
        other = ["CPA_A01"]
        [industries]
        codes = ["C10", "A01"]
        [[aggregate]]
        name = "manufacturing"
        industries = ["C10"]

        """.write(to: toml, atomically: true, encoding: .utf8)
        let r = try CLI.run(["measure", "--tables", dir.path, "--country", "BE", "--classification", toml.path, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("tables read as Eurostat use table at basic prices (TSV bulk format): 1 country (BE), 2014-2015, unit MIO_EUR, flagged values kept: e 1, p 3"), r.stderr)
        XCTAssertTrue(r.stderr.contains("proportional method"), r.stderr)
        var values: [String: Double] = [:]
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            if f.count == 6, f[4] == "total" { values["\(f[1]) \(f[2]) \(f[3])"] = Double(f[5]) }
        }
        // Non-energy inputs (CPA_B is energy): A01 2014 34, C10 2014 82, A01 2015 37, C10 2015 86.
        let expected: [String: Double] = ["A01 2014 om": 500.0 / 34, "A01 2014 os": 100.0 / 34, "C10 2014 om": 1000.0 / 82, "C10 2014 os": 200.0 / 82,
                                          "A01 2015 om": 600.0 / 37, "A01 2015 os": 100.0 / 37, "C10 2015 om": 1100.0 / 86, "C10 2015 os": 300.0 / 86]
        for (k, v) in expected {
            let got = try XCTUnwrap(values[k], "\(k) in \(r.stdout)")
            XCTAssertEqual(got, v, accuracy: 1e-9 * v, k)
        }
        // With Eurostat's alpha-2 codes as aliases (groupings/eurostat.toml): --country BEL, and the partners DE, FR
        // in OECD: C10's imported C10 comes from DE and FR only, so its OECD om is its total om.
        let g = try CLI.run(["measure", "--tables", dir.path, "--country", "BEL", "--grouping", "eurostat", "--classification", toml.path,
                             "--format", "csv", "--years", "2014"])
        XCTAssertEqual(g.status, 0, g.stderr)
        XCTAssertTrue(g.stdout.contains("BEL,C10,2014,om,OECD,"), g.stdout)
        let oecd = g.stdout.split(separator: "\n").first { $0.hasPrefix("BEL,C10,2014,om,OECD,") }.flatMap { $0.split(separator: ",").last }.flatMap { Double($0) }
        XCTAssertEqual(try XCTUnwrap(oecd), 1000.0 / 82, accuracy: 1e-9)
    }
}
