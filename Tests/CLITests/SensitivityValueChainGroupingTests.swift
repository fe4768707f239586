import Foundation
import XCTest

/// `offshore sensitivity` with the bundled default grid's grouping generators crossed with `measure = ["om", "vs"]`:
/// every variant runs (none refused), and the vs variants' om_CEE follows each grouping.
final class SensitivityValueChainGroupingTests: XCTestCase {
    func testDefaultGridGeneratorsCrossWithMeasure() throws {
        let dir = try CLI.temporaryDirectory()
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        let config = """
            [data]
            years = "1995-1997"

            [[model]]
            preset = "skill_share"
            period = "1995-1997"
            """
        try config.write(toFile: path("estimate.toml"), atomically: true, encoding: .utf8)
        // The bundled default grid's [[generate]] tables as they are, with one denominator and SE type.
        let bundled = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SupplyUseTables/config/sensitivity-default.toml"), encoding: .utf8)
        let generators = try XCTUnwrap(bundled.range(of: "[[generate]]")).lowerBound
        let grid = """
            [base]
            config = "estimate.toml"
            key_terms = ["om", "om_CEE"]

            [grid]
            measure = ["om", "vs"]

            """ + bundled[generators...]
        try grid.write(toFile: path("grid.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["sensitivity", "--grid", path("grid.toml"), "--db", path("s.db"), "--csv", path("s.csv")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("failed"), r.stderr)
        let lines = try String(contentsOfFile: path("s.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = try XCTUnwrap(lines.first)
        let g = try XCTUnwrap(header.firstIndex(of: "grouping")), o = try XCTUnwrap(header.firstIndex(of: "offshoring"))
        let t = try XCTUnwrap(header.firstIndex(of: "term")), e = try XCTUnwrap(header.firstIndex(of: "estimate"))
        var omCEE: [String: String] = [:]
        for row in lines.dropFirst() where row[o] == "broad:vs" && row[t] == "om_CEE" { omCEE[row[g]] = row[e] }
        // The default grouping and its 15 generated variants (10 CEE countries left out, KOR and TUR moved, 3 alone).
        XCTAssertEqual(omCEE.count, 16, "\(omCEE.keys.sorted())")
        XCTAssertGreaterThan(Set(omCEE.values).count, 10, "vs_CEE follows the grouping: \(omCEE)")
    }
}
