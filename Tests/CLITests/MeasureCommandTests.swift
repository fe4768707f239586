import Foundation
import XCTest

/// `offshore measure` run as a user would: the output contract, the bundled data, and bad inputs
/// (clear error, status 2, no output file).
final class MeasureCommandTests: XCTestCase {
    /// "unit,year,measure,group" -> value for the broad nonenergy variant, from the Python reference.
    static func reference(denominator: String = "nonenergy", narrow: String = "false", years: Set<String>) throws -> [String: Double] {
        let path = CLI.repositoryRoot.appendingPathComponent("Tests/OffshoringTests/References/BEL_wiod2013_reference.csv")
        var out: [String: Double] = [:]
        for line in try String(contentsOf: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f[0] == denominator, f[1] == narrow, years.contains(f[4]) else { continue }
            out[f[3...6].joined(separator: ",")] = Double(f[7])
        }
        return out
    }

    /// Compares tidy CSV output with the reference, row by row.
    func assertMatchesReference(_ csv: String, _ expected: [String: Double], file: StaticString = #filePath, line: UInt = #line) {
        let lines = csv.split(separator: "\n")
        XCTAssertEqual(lines.first, "country,unit,year,measure,group,value", file: file, line: line)
        XCTAssertEqual(lines.count - 1, expected.count, "row count", file: file, line: line)
        for l in lines.dropFirst() {
            let f = l.split(separator: ",").map(String.init)
            XCTAssertEqual(f.count, 6, file: file, line: line)
            XCTAssertEqual(f[0], "BEL", file: file, line: line)
            let key = f[1...4].joined(separator: ",")
            guard let e = expected[key], let v = Double(f[5]) else { XCTFail("unexpected row \(l)", file: file, line: line); continue }
            XCTAssertEqual(v, e, accuracy: 1e-9, key, file: file, line: line)
        }
    }

    func testCSVOnTheBundledTablesMatchesThePythonReference() throws {
        let r = try CLI.run(["measure", "--format", "csv", "--years", "1995,2011"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertMatchesReference(r.stdout, try Self.reference(years: ["1995", "2011"]))
        // Order: industries c1..c34 (c35 has no inputs), then aggregates; within a unit year, measure, group.
        let units = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }
        var order: [Substring] = []
        for u in units where order.last != u { order.append(u) }
        XCTAssertEqual(order, (1...34).map { Substring("c\($0)") } + ["manufacturing", "market_services"])
        XCTAssertTrue(r.stderr.contains("BEL c35"), r.stderr)
        XCTAssertTrue(r.stderr.contains("PHL"), "absent group regions are reported: \(r.stderr)")
    }

    func testOutputDenominatorNarrowMatchesTheReference() throws {
        let r = try CLI.run(["measure", "--format", "csv", "--years", "2011", "--denominator", "output", "--narrow"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertMatchesReference(r.stdout, try Self.reference(denominator: "output", narrow: "true", years: ["2011"]))
    }

    func testTableFormatShowsTable1Layout() throws {
        let r = try CLI.run(["measure", "--years", "1995,2011"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for s in ["om 1995", "om 2011", "os 2011", "Manufacturing, total", "Market services, total", "  OECD", "  CEE", "  ASIA",
                  "non-energy intermediate inputs", "WIOD 2013"] {
            XCTAssertTrue(r.stdout.contains(s), "missing '\(s)':\n\(r.stdout)")
        }
        // Manufacturing total om 1995 (41.6026 in the reference), printed to two decimals, with the compound growth.
        let ref = try Self.reference(years: ["1995", "2011"])
        let x0 = try XCTUnwrap(ref["manufacturing,1995,om,total"]), x1 = try XCTUnwrap(ref["manufacturing,2011,om,total"])
        let g = (pow(x1 / x0, 1.0 / 16) - 1) * 100
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("Manufacturing, total") })
        let cells = row.split(separator: " ").suffix(6).map(String.init)
        XCTAssertEqual(cells[0], String(format: "%.2f", x0))
        XCTAssertEqual(cells[1], String(format: "%.2f", x1))
        XCTAssertEqual(cells[2], String(format: "%.1f", g))
    }

    func testOneYearTableHasNoGrowthColumns() throws {
        let r = try CLI.run(["measure", "--years", "2011", "--denominator", "output"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("om 2011") })
        XCTAssertEqual(header.split(separator: " ").map(String.init), ["om", "2011", "os", "2011"])
        XCTAssertTrue(r.stdout.contains("% of gross output"), r.stdout)
        let ref = try Self.reference(denominator: "output", years: ["2011"])
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("Market services, total") })
        XCTAssertEqual(row.split(separator: " ").suffix(2).map(String.init),
                       [String(format: "%.2f", try XCTUnwrap(ref["market_services,2011,om,total"])),
                        String(format: "%.2f", try XCTUnwrap(ref["market_services,2011,os,total"]))])
    }

    func testJSONAndOutputFileCarryTheSameRowsAsCSV() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("sub/bel.json").path
        let r = try CLI.run(["measure", "--format", "json", "--years", "2011", "--output", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let ref = try Self.reference(years: ["2011"])
        XCTAssertEqual(rows.count, ref.count)
        for o in rows {
            let key = "\(o["unit"] ?? ""),\(o["year"] ?? ""),\(o["measure"] ?? ""),\(o["group"] ?? "")"
            let v = try XCTUnwrap(o["value"] as? Double, key)
            XCTAssertEqual(v, try XCTUnwrap(ref[key], key), accuracy: 1e-9)
            XCTAssertEqual(o["country"] as? String, "BEL")
        }
    }

    func testBundledDataIsFoundThroughOFFSHORE_HOMEFromAnotherDirectory() throws {
        let elsewhere = try CLI.temporaryDirectory()
        let ok = try CLI.run(["measure", "--format", "csv", "--years", "2011"], in: elsewhere,
                             environment: ["OFFSHORE_HOME": CLI.repositoryRoot.path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let bad = try CLI.run(["measure", "--years", "2011"], in: elsewhere, environment: ["OFFSHORE_HOME": elsewhere.path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("OFFSHORE_HOME"), bad.stderr)
    }

    func testBundledDataIsFoundBesideTheExecutableFromAnotherDirectory() throws {
        let elsewhere = try CLI.temporaryDirectory()
        // The executable's own location is what is searched: run the binary.
        let r = try CLI.runBinary(["measure", "--format", "csv", "--years", "2011", "--denominator", "intermediates"], in: elsewhere,
                            environment: ["OFFSHORE_HOME": ""])
        XCTAssertEqual(r.status, 0, r.stderr)
        let ref = try Self.reference(denominator: "intermediates", years: ["2011"])
        assertMatchesReference(r.stdout, ref)
    }

    func testHelpDescribesTheContract() throws {
        let r = try CLI.run(["measure", "--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for s in ["--country", "--grouping", "--denominator", "--narrow", "--years", "--format", "--output", "--tables",
                  "country,unit,year,measure,group,value"] {
            XCTAssertTrue(r.stdout.contains(s), "help lacks \(s)")
        }
    }

    // MARK: bad inputs

    /// A 3-region x 2-industry table in WIOD layout, its classification, and a place for output.
    struct Fixture {
        let dir: URL
        var tables: String { dir.appendingPathComponent("tables").path }
        var classification: String { dir.appendingPathComponent("c.toml").path }
        var output: String { dir.appendingPathComponent("out.csv").path }

        static let table = """
        ,BEL_c1,BEL_c2,DEU_c1,DEU_c2,CHN_c1,CHN_c2,BEL_F,DEU_F,CHN_F,OUT
        BEL_c1,10,5,1,1,1,1,1,1,1,22
        BEL_c2,4,8,1,1,1,1,1,1,1,19
        DEU_c1,3,1,1,1,1,1,1,1,1,11
        DEU_c2,2,2,1,1,1,1,1,1,1,11
        CHN_c1,1,0,1,1,1,1,1,1,1,8
        CHN_c2,0,4,1,1,1,1,1,1,1,10

        """

        init(table: String = Fixture.table) throws {
            dir = try CLI.temporaryDirectory()
            try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("tables").path, withIntermediateDirectories: true)
            try table.write(toFile: tables + "/WIOT2000_test.csv", atomically: true, encoding: .utf8)
            try "[categories]\nmanufactured = [\"c1\"]\nbusiness_services = [\"c2\"]\n[[aggregate]]\nname = \"all\"\nindustries = [\"c1\", \"c2\"]\n"
                .write(toFile: classification, atomically: true, encoding: .utf8)
        }

        func run(_ extra: [String] = []) throws -> CLI.Result {
            try CLI.run(["measure", "--tables", tables, "--classification", classification, "--format", "csv", "--output", output] + extra)
        }

        var outputExists: Bool { FileManager.default.fileExists(atPath: output) }
    }

    func testSmallTableByHand() throws {
        let f = try Fixture()
        let r = try f.run()
        XCTAssertEqual(r.status, 0, r.stderr)
        let csv = try String(contentsOfFile: f.output, encoding: .utf8)
        // BEL_c1: inputs 10+4+3+2+1+0 = 20 (no energy); om = DEU_c1 + CHN_c1 = 4 (OECD 3, ASIA 1); os = 2 + 0.
        // BEL_c2: inputs 5+8+1+2+0+4 = 20; om = 1 + 0 = 1 (OECD); os = 2 + 4 = 6 (OECD 2, ASIA 4).
        for row in ["BEL,c1,2000,om,total,20.0", "BEL,c1,2000,om,OECD,15.0", "BEL,c1,2000,om,ASIA,5.0", "BEL,c1,2000,om,CEE,0.0",
                    "BEL,c1,2000,os,total,10.0", "BEL,c2,2000,om,total,5.0", "BEL,c2,2000,os,total,30.0", "BEL,c2,2000,os,ASIA,20.0",
                    "BEL,all,2000,om,total,12.5", "BEL,all,2000,os,total,20.0"] {
            XCTAssertTrue(csv.contains(row + "\n"), "missing \(row) in\n\(csv)")
        }
    }

    func assertFailsCleanly(_ r: CLI.Result, _ f: Fixture, mentions: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertFalse(f.outputExists, "an output file was written", file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "stderr lacks '\(m)': \(r.stderr)", file: file, line: line) }
    }

    func testTruncatedGzipFails() throws {
        let f = try Fixture()
        let src = CLI.repositoryRoot.appendingPathComponent("SupplyUseTables/wiod2013/WIOT1995_wiod2013.csv.gz")
        let bytes = try Data(contentsOf: src)
        try FileManager.default.removeItem(atPath: f.tables + "/WIOT2000_test.csv")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: f.tables + "/WIOT1995_wiod2013.csv.gz"))
        let r = try CLI.run(["measure", "--tables", f.tables, "--output", f.output])
        assertFailsCleanly(r, f, mentions: ["WIOT1995_wiod2013.csv.gz", "truncated"])
    }

    func testRaggedRowFails() throws {
        let f = try Fixture(table: Fixture.table.replacingOccurrences(of: "DEU_c2,2,2,1,1,1,1,1,1,1,11", with: "DEU_c2,2,2,1,1,1,1,1,1,11"))
        assertFailsCleanly(try f.run(), f, mentions: ["WIOT2000_test.csv:5:", "expected 11 fields"])
    }

    func testNonNumericCellFails() throws {
        let f = try Fixture(table: Fixture.table.replacingOccurrences(of: "CHN_c1,1,0,", with: "CHN_c1,1,n/a,"))
        assertFailsCleanly(try f.run(), f, mentions: ["WIOT2000_test.csv:6:3", "n/a"])
    }

    func testDuplicatedLabelFails() throws {
        let f = try Fixture(table: Fixture.table.replacingOccurrences(of: "DEU_c2,2,2", with: "DEU_c1,2,2"))
        assertFailsCleanly(try f.run(), f, mentions: ["WIOT2000_test.csv:5:1", "duplicate row label 'DEU_c1'"])
    }

    func testUnknownRegionInAGroupingFails() throws {
        let f = try Fixture()
        let g = f.dir.appendingPathComponent("g.toml").path
        try "[[group]]\nname = \"EU\"\nregions = [\"DEU\", \"Deutschland\"]\n".write(toFile: g, atomically: true, encoding: .utf8)
        assertFailsCleanly(try f.run(["--grouping", g]), f, mentions: ["g.toml:3", "Deutschland"])
    }

    func testRegionInTwoGroupsFails() throws {
        let f = try Fixture()
        let g = f.dir.appendingPathComponent("g.toml").path
        try "[[group]]\nname = \"EU\"\nregions = [\"DEU\"]\n[[group]]\nname = \"BIG\"\nregions = [\"CHN\", \"DEU\"]\n"
            .write(toFile: g, atomically: true, encoding: .utf8)
        assertFailsCleanly(try f.run(["--grouping", g]), f, mentions: ["g.toml:6", "'EU' and 'BIG'"])
    }

    func testUnknownCountryAndMissingYearFail() throws {
        let f = try Fixture()
        assertFailsCleanly(try f.run(["--country", "FRA"]), f, mentions: ["FRA", "BEL DEU CHN"])
        assertFailsCleanly(try f.run(["--years", "1999-2000"]), f, mentions: ["--years", "1999"])
        assertFailsCleanly(try f.run(["--years", "20x0"]), f, mentions: ["--years"])
        assertFailsCleanly(try f.run(["--denominator", "value"]), f, mentions: ["denominator"])
    }
}
