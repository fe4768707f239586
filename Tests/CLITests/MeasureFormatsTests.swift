import Foundation
import XCTest

/// `offshore measure` on small ICIO and FIGARO files: the reader picked from the header or --table-format, the
/// split regions merged, FIGARO column names changed with --figaro-columns, and bad input exiting 2 with its place.
final class MeasureFormatsTests: XCTestCase {
    /// BEL and a split CHN x industries M (manufactured), S (business services), in the OECD ICIO layout: CHN a zero
    /// placeholder, its split blocks CN1, CN2 last, final demand for the countries only (exvatools R/extract_icio.R).
    static let icio = """
    V1,BEL_M,BEL_S,CHN_M,CHN_S,CN1_M,CN1_S,CN2_M,CN2_S,BEL_HFCE,CHN_HFCE,OUT
    BEL_M,10,4,0,0,0,0,0,0,1,0,15
    BEL_S,5,6,0,0,0,0,0,0,1,0,12
    CHN_M,0,0,0,0,0,0,0,0,0,0,0
    CHN_S,0,0,0,0,0,0,0,0,0,0,0
    CN1_M,3,1,0,0,0,0,0,0,0,0,4
    CN1_S,0,2,0,0,0,0,0,0,0,0,2
    CN2_M,2,0,0,0,0,0,0,0,0,0,2
    CN2_S,0,2,0,0,0,0,0,0,0,0,2
    TLS,0,0,0,0,0,0,0,0,0,0,0
    VA,0,0,0,0,0,0,0,0,0,0,0
    OUT,20,15,0,0,0,0,0,0,0,0,0

    """

    static let classification = "[categories]\nmanufactured = [\"M\"]\nbusiness_services = [\"S\"]\n"

    func folder(_ files: [String: String]) throws -> URL {
        let dir = try CLI.temporaryDirectory()
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    func testICIOWithSplitChinaIsDetectedAndMerged() throws {
        let dir = try folder(["ICIO2023_2010.csv": Self.icio, "classification.toml": Self.classification])
        let r = try CLI.run(["measure", "--tables", dir.path, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // BEL_M: inputs 10 + 5 + 3 + 0 + 2 + 0 = 20; imported M from CHN (CN1 3 + CN2 2) = 5: om 25 %, all ASIA.
        // BEL_S: inputs 4 + 6 + 1 + 2 + 0 + 2 = 15; imported S = 2 + 2 = 4: os 26.67 %.
        for row in ["BEL,M,2010,om,total,25.0", "BEL,M,2010,om,ASIA,25.0", "BEL,M,2010,om,OECD,0.0"] {
            XCTAssertTrue(r.stdout.contains(row + "\n"), "missing \(row) in\n\(r.stdout)")
        }
        XCTAssertTrue(r.stdout.contains("BEL,S,2010,os,ASIA,26.66666666666666"), r.stdout)
    }

    /// Regions are the areas of the industry columns (every country of a real table uses inputs), so DEU needs one.
    func testFIGAROColumnsCanBeRenamed() throws {
        let flat = """
        from,row,to,col,v
        BEL,M,BEL,M,10
        DEU,M,BEL,M,10
        DEU,S,BEL,M,5
        BEL,M,DEU,M,1

        """
        let dir = try folder(["fig_2012.csv": flat, "classification.toml": Self.classification])
        var r = try CLI.run(["measure", "--tables", dir.path, "--table-format", "figaro", "--format", "csv"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("fig_2012.csv:1:1"), r.stderr)
        r = try CLI.run(["measure", "--tables", dir.path, "--table-format", "figaro", "--figaro-columns", "from,row,to,col,v", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("BEL,M,2012,om,OECD,40.0\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("BEL,M,2012,os,total,20.0\n"), r.stdout)
        r = try CLI.run(["measure", "--tables", dir.path, "--table-format", "figaro", "--figaro-columns", "from,row"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--figaro-columns"), r.stderr)
    }

    func testBadICIOInputExitsTwoWithItsPlaceAndWritesNothing() throws {
        let half = Self.icio.replacingOccurrences(of: "CHN_", with: "JPN_")
        let dir = try folder(["ICIO2023_2010.csv": half, "classification.toml": Self.classification])
        let out = dir.appendingPathComponent("out.csv").path
        var r = try CLI.run(["measure", "--tables", dir.path, "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("ICIO2023_2010.csv:1:6"), r.stderr)
        XCTAssertTrue(r.stderr.contains("split block CN1 has no country CHN"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let ragged = Self.icio.replacingOccurrences(of: "CN1_S,0,2,0,0,0,0,0,0,0,0,2", with: "CN1_S,0,2,0,0,0,0,0,0,0,2")
        try ragged.write(to: dir.appendingPathComponent("ICIO2023_2010.csv"), atomically: true, encoding: .utf8)
        r = try CLI.run(["measure", "--tables", dir.path, "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("ICIO2023_2010.csv:7:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("ragged row"), r.stderr)
        // A product the classification does not know is named with the classification file.
        try Self.icio.write(to: dir.appendingPathComponent("ICIO2023_2010.csv"), atomically: true, encoding: .utf8)
        try "[categories]\nmanufactured = [\"M\"]\n".write(to: dir.appendingPathComponent("classification.toml"), atomically: true, encoding: .utf8)
        r = try CLI.run(["measure", "--tables", dir.path, "--output", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("classification.toml"), r.stderr)
        XCTAssertTrue(r.stderr.contains("product 'S'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
