import Foundation
import XCTest

/// `offshore measure` at the edges of the measures (issue 9): an industry with a zero denominator and an
/// aggregate of such industries are left out of every output format and named on standard error (exit 0);
/// a table with an empty cell stops with its place (exit 2) and writes nothing.
final class MeasureEdgeCaseTests: XCTestCase {
    /// BEL and DEU x industries M (manufactured), S (business services), O (other); BEL_O uses nothing.
    static let icio = """
    V1,BEL_M,BEL_S,BEL_O,DEU_M,DEU_S,DEU_O,BEL_HFCE,DEU_HFCE,OUT
    BEL_M,10,2,0,1,0,0,5,0,18
    BEL_S,4,6,0,0,0,0,1,0,11
    BEL_O,3,0,0,0,0,0,1,0,4
    DEU_M,5,1,0,3,0,0,0,2,11
    DEU_S,2,3,0,0,1,0,0,1,7
    DEU_O,0,0,0,0,0,0,0,1,1
    TLS,0,0,0,0,0,0,0,0,0
    VA,0,0,0,0,0,0,0,0,0
    OUT,30,20,5,10,5,1,0,0,0

    """

    static let classification = """
    [categories]
    manufactured = ["M"]
    business_services = ["S"]
    other = ["O"]

    [[aggregate]]
    name = "all"
    label = "All industries"
    industries = ["M", "S", "O"]

    [[aggregate]]
    name = "rest"
    label = "Other industries"
    industries = ["O"]

    """

    func folder(table: String = icio) throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try table.write(to: dir.appendingPathComponent("ICIO2023_2010.csv"), atomically: true, encoding: .utf8)
        try Self.classification.write(to: dir.appendingPathComponent("classification.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    func testZeroDenominatorIsLeftOutOfEveryFormatAndNamed() throws {
        let dir = try folder()
        let csv = try CLI.run(["measure", "--tables", dir.path, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        // BEL_M: D = 10 + 4 + 3 + 5 + 2 = 24, om = 5 (DEU) = 20.83 %; BEL_S: D = 12, os = 3 = 25 %;
        // all: D = 36, om = 6 = 16.67 %. BEL_O and the aggregate of it alone have no inputs: left out.
        for row in ["BEL,M,2010,om,total,20.83333333333333", "BEL,S,2010,os,OECD,25.0", "BEL,all,2010,om,total,16.66666666666666"] {
            XCTAssertTrue(csv.stdout.contains(row), "missing \(row) in\n\(csv.stdout)")
        }
        XCTAssertFalse(csv.stdout.contains("BEL,O,"), csv.stdout)
        XCTAssertFalse(csv.stdout.contains("BEL,rest,"), csv.stdout)
        XCTAssertFalse(csv.stdout.lowercased().contains("nan"), csv.stdout)
        for unit in ["O", "rest"] {
            XCTAssertTrue(csv.stderr.contains("BEL \(unit): the nonenergy denominator is zero in 2010, so its intensities are undefined and those rows are left out"),
                          csv.stderr)
        }
        let json = try CLI.run(["measure", "--tables", dir.path, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertFalse(json.stdout.contains("\"O\""), json.stdout)
        XCTAssertFalse(json.stdout.lowercased().contains("nan"), json.stdout)
        let table = try CLI.run(["measure", "--tables", dir.path])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertFalse(table.stdout.lowercased().contains("nan"), table.stdout)
        XCTAssertTrue(table.stdout.contains("All industries"), table.stdout)
        // With gross output as the denominator BEL_O is defined (output 5, nothing imported): 0.
        let output = try CLI.run(["measure", "--tables", dir.path, "--format", "csv", "--denominator", "output"])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("BEL,O,2010,om,total,0.0\n"), output.stdout)
    }

    func testEmptyCellIsAnErrorWithItsPlaceAndNothingIsWritten() throws {
        let holed = Self.icio.replacingOccurrences(of: "DEU_M,5,1,0,3", with: "DEU_M,5,,0,3")
        let dir = try folder(table: holed)
        let out = dir.appendingPathComponent("out.csv").path
        let r = try CLI.run(["measure", "--tables", dir.path, "--format", "csv", "--output", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("ICIO2023_2010.csv:5:3"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
