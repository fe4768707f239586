import Foundation
import XCTest

/// `offshore convert` end to end, and `offshore measure` on what it writes: the ICIO and FIGARO layouts give byte for
/// byte the WIOD tidy CSV; the SUT gives the same totals. Bad inputs exit 2 and write nothing.
final class ConvertCommandTests: XCTestCase {
    func testConvertedLayoutsMeasureLikeTheBundledWIODTables() throws {
        let dir = try CLI.temporaryDirectory()
        let wiod = try CLI.run(["measure", "--years", "2007", "--format", "csv"])
        XCTAssertEqual(wiod.status, 0, wiod.stderr)
        for (to, extra) in [("icio", [String]()), ("figaro", []), ("sut", ["--country", "BEL"])] {
            let out = dir.appendingPathComponent(to).path
            let c = try CLI.run(["convert", "--to", to, "--years", "2007", "--output", out] + extra)
            XCTAssertEqual(c.status, 0, c.stderr)
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/classification.toml"))
            let m = try CLI.run(["measure", "--tables", out, "--format", "csv"])  // layout detected, classification beside
            XCTAssertEqual(m.status, 0, m.stderr)
            if to == "sut" {
                XCTAssertTrue(m.stderr.contains("proportional method"), m.stderr)
                let a = totals(wiod.stdout), b = totals(m.stdout)
                XCTAssertEqual(a.count, b.count)
                XCTAssertEqual(a.count, 72, "34 industries with a defined intensity and 2 aggregates, om and os")
                XCTAssertEqual(a, b, "origin totals identical")
                XCTAssertNotEqual(wiod.stdout, m.stdout, "group values follow the proportional method")
            } else {
                XCTAssertEqual(m.stdout, wiod.stdout, to)
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("icio").path).sorted()
        XCTAssertEqual(files, ["ICIO2021_2007.csv", "classification.toml"])
        // --table-format forces the reader: an ICIO file read as FIGARO lacks FIGARO's columns.
        let forced = try CLI.run(["measure", "--tables", dir.appendingPathComponent("icio").path, "--table-format", "figaro"])
        XCTAssertEqual(forced.status, 2)
        XCTAssertTrue(forced.stderr.contains("no row-area column: expected one named refArea"), forced.stderr)
    }

    /// The `total` rows of a tidy CSV.
    func totals(_ csv: String) -> [String] { csv.split(separator: "\n").filter { $0.contains(",total,") }.map(String.init) }

    func testBadInputExitsTwoAndWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("out").path
        var r = try CLI.run(["convert", "--to", "icio", "--years", "1990", "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no table for 1990"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        r = try CLI.run(["convert", "--to", "sut", "--country", "XYZ", "--years", "2000", "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("'XYZ' is not a region"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        r = try CLI.run(["convert", "--to", "csv", "--output", out])
        XCTAssertNotEqual(r.status, 0)
    }

    func testMeasureOnASUTWithoutSharesOrClassificationSaysWhatIsMissing() throws {
        let dir = try CLI.temporaryDirectory()
        try "year,table,product,industry,value\n2005,use_total,m,I1,10\n2005,use_imported,m,I1,4\n"
            .write(to: dir.appendingPathComponent("sut.csv"), atomically: true, encoding: .utf8)
        var r = try CLI.run(["measure", "--tables", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--origin-shares"), r.stderr)
        try "year,product,partner,share\n2005,m,DEU,0.5\n2005,m,CHN,0.4\n".write(to: dir.appendingPathComponent("shares.csv"), atomically: true, encoding: .utf8)
        r = try CLI.run(["measure", "--tables", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("shares.csv:2"), r.stderr)
        XCTAssertTrue(r.stderr.contains("sum to 0.9"), r.stderr)
        try "year,product,partner,share\n2005,m,DEU,0.6\n2005,m,CHN,0.4\n".write(to: dir.appendingPathComponent("shares.csv"), atomically: true, encoding: .utf8)
        r = try CLI.run(["measure", "--tables", dir.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--classification"), r.stderr)
        let concordance = dir.deletingLastPathComponent().appendingPathComponent("c-\(UUID().uuidString).csv")
        try "code,category\nm,manufactured\n".write(to: concordance, atomically: true, encoding: .utf8)
        r = try CLI.run(["measure", "--tables", dir.path, "--classification", concordance.path, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // I1: om = 4 / 10 = 40 %, OECD (DEU) 24 %, ASIA (CHN) 16 %.
        for row in ["BEL,I1,2005,om,total,40.0", "BEL,I1,2005,om,OECD,24.0", "BEL,I1,2005,om,ASIA,16.0"] {
            XCTAssertTrue(r.stdout.contains(row), "missing \(row) in \(r.stdout)")
        }
    }
}
