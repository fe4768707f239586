import Foundation
import XCTest

/// `offshore sensitivity` end to end: run, shards, merge, summary, and bad input.
final class SensitivityCommandTests: XCTestCase {
    /// A folder with an estimate config on 1995-1997 (three tables keep the debug runs short) (two models) and a four-variant grid.
    func setUpGrid(extraGrid: String = "") throws -> URL {
        let dir = try CLI.temporaryDirectory()
        let config = """
            [data]
            years = "1995-1997"

            [[model]]
            preset = "production"
            period = "1995-1997"

            [[model]]
            preset = "skill_share"
            period = "1995-1997"
            """
        try config.write(to: dir.appendingPathComponent("estimate.toml"), atomically: true, encoding: .utf8)
        let grid = """
            [base]
            config = "estimate.toml"
            key_terms = ["om", "os"]

            [grid]
            denominators = ["nonenergy", "output"]
            vcov = ["model", "iid"]
            \(extraGrid)
            """
        try grid.write(to: dir.appendingPathComponent("grid.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    func testRunShardsMergeAndSummaryAgree() throws {
        let dir = try setUpGrid()
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }
        let full = try CLI.run(["sensitivity", "--grid", path("grid.toml"), "--db", path("full.db"), "--csv", path("full.csv"),
                                "--summary-csv", path("summary.csv"), "--chart", path("chart.svg"), "--threads", "2"])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(full.stdout.contains("Coefficient stability over 4 variants"), full.stdout)
        XCTAssertTrue(full.stderr.contains("4 variants in the grid; 0 already done, 4 computed"), full.stderr)
        let csv = try String(contentsOfFile: path("full.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("variant_id,position,grouping,period,denominator,offshoring,sample,estimator,vcov,inference,model,"), csv)
        XCTAssertTrue(try String(contentsOfFile: path("chart.svg"), encoding: .utf8).contains("<svg"))
        XCTAssertTrue(try String(contentsOfFile: path("summary.csv"), encoding: .utf8).contains("production,om,"))

        // Running again computes nothing.
        let again = try CLI.run(["sensitivity", "run", "--grid", path("grid.toml"), "--db", path("full.db")])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("4 already done, 0 computed"), again.stderr)
        XCTAssertEqual(again.stdout, full.stdout)

        for i in 1...2 {
            let r = try CLI.run(["sensitivity", "--grid", path("grid.toml"), "--db", path("s\(i).db"), "--shard", "\(i)/2"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let merge = try CLI.run(["sensitivity", "merge", path("merged.db"), path("s1.db"), path("s2.db")])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        XCTAssertTrue(merge.stderr.contains("4 of 4 variants done"), merge.stderr)
        let summary = try CLI.run(["sensitivity", "summary", path("merged.db"), "--csv", path("merged.csv")])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertEqual(summary.stdout, full.stdout)
        XCTAssertEqual(try String(contentsOfFile: path("merged.csv"), encoding: .utf8), csv)

        let exists = try CLI.run(["sensitivity", "merge", path("merged.db"), path("s1.db")])
        XCTAssertEqual(exists.status, 2, exists.stderr)
    }

    /// Issue 18 item 9: a model the grid excludes is not run and not a failure; the run says how many runs it left out
    /// and why; the summary names flipping variants by their settings and stays narrow.
    func testExcludedCombinationsAreLeftOutWithANoteNotFailures() throws {
        let dir = try setUpGrid(extraGrid: "\n[[exclude]]\nvcov = [\"iid\"]\nmodels = [\"skill_share\"]\nreason = \"a test reason\"\n")
        let db = dir.appendingPathComponent("x.db").path
        let r = try CLI.run(["sensitivity", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("the grid leaves out 2 model runs by construction (skill_share with vcov=iid): a test reason"), r.stderr)
        XCTAssertFalse(r.stderr.contains("failed"), r.stderr)
        XCTAssertFalse(r.stdout.contains("could not be estimated"), r.stdout)
        let widest = r.stdout.split(separator: "\n").map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, 130, r.stdout)
        let csv = dir.appendingPathComponent("summary.csv").path
        XCTAssertEqual(try CLI.run(["sensitivity", "summary", db, "--summary-csv", csv]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("model,term,baseline_estimate,"))
        XCTAssertTrue(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")[0].hasSuffix(",flips,flip_ids,flip_settings"))
    }

    /// The bundled default grid on the bundled default config runs every model in every variant: a combination that
    /// cannot be estimated by construction must be excluded with its reason, never left to fail (the hours-share
    /// system of issue 20 failed in all 192 narrow variants until it joined the exclusion).
    func testTheDefaultGridRunsWithoutFailures() throws {
        let dir = try CLI.temporaryDirectory()
        let db = dir.appendingPathComponent("default.db").path
        let r = try CLI.run(["sensitivity", "run", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("384 variants in the grid"), r.stderr)
        XCTAssertFalse(r.stderr.contains("with models that failed"), r.stderr)
        XCTAssertFalse(r.stdout.contains("could not be estimated"), r.stdout)
    }

    func testBadGridExitsTwoNamingKeyAndLineAndWritesNothing() throws {
        let dir = try setUpGrid(extraGrid: "denominator = [\"output\"]")
        let db = dir.appendingPathComponent("x.db").path
        let r = try CLI.run(["sensitivity", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", db])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("grid.denominator"), r.stderr)
        XCTAssertTrue(r.stderr.contains("grid.toml:8"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db))
        let shard = try CLI.run(["sensitivity", "--grid", dir.appendingPathComponent("grid.toml").path, "--shard", "3/2"])
        XCTAssertEqual(shard.status, 2)
        XCTAssertTrue(shard.stderr.contains("--shard"), shard.stderr)
    }
}
