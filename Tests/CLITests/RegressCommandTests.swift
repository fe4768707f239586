import Foundation
import XCTest

/// `offshore regress` as a user runs it: the output contracts (CSV header, JSON keys), the Grunfeld figures,
/// and errors with exit status 2 that name what is wrong.
final class RegressCommandTests: XCTestCase {
    var grunfeld: String { CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path }

    func testCSVHasTheContractHeaderAndGrunfeldFigures() throws {
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital | firm",
                             "--vcov", "cluster:firm", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "term,estimate,std_error,t_value,p_value,ci_low,ci_high")
        XCTAssertEqual(lines.count, 3)
        let value = lines[1].split(separator: ",").map(String.init)
        XCTAssertEqual(value[0], "value")
        XCTAssertEqual(try XCTUnwrap(Double(value[1])), 0.1101238, accuracy: 5e-8)
        XCTAssertEqual(try XCTUnwrap(Double(value[2])), 0.015156, accuracy: 5e-7)
    }

    func testJSONHasExactlyTheContractKeys() throws {
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital + I(2*value) | firm",
                             "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(obj.keys), ["coefficients", "nobs", "r2", "r2_within", "vcov", "dropped"])
        XCTAssertTrue(r.stdout.hasPrefix("{\"coefficients\":[{\"term\":\"value\",\"estimate\":"), r.stdout)
        XCTAssertEqual(obj["nobs"] as? Int, 200)
        XCTAssertEqual(obj["dropped"] as? [String], ["I(2 * value)"])
        XCTAssertEqual(try XCTUnwrap(obj["r2_within"] as? Double), 0.76676, accuracy: 5e-6)
        let coefs = try XCTUnwrap(obj["coefficients"] as? [[String: Any]])
        XCTAssertEqual(coefs.map { $0["term"] as? String }, ["value", "capital"])
        XCTAssertEqual(Set(coefs[0].keys), ["term", "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high"])
        XCTAssertTrue((obj["vcov"] as? String)?.hasPrefix("iid") ?? false)
    }

    func testTableStatesConventionsAndInterceptName() throws {
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "log(invest) ~ log(value) + capital", "--vcov", "hc1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("(Intercept)"))
        XCTAssertTrue(r.stdout.contains("log(value)"))
        XCTAssertTrue(r.stdout.contains("HC1"))
        XCTAssertTrue(r.stdout.contains("Observations: 200"))
    }

    func testOutputFileIsWritten() throws {
        let dir = try CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("sub/result.csv").path
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value", "--format", "csv", "--output", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("term,estimate,std_error,t_value,p_value,ci_low,ci_high\n(Intercept),"))
    }

    func testUnknownVariableNamesItAndItsPosition() throws {
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capitol"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("capitol") && r.stderr.contains("character 18"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
    }

    func testBadDataNamesFileLineAndColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.csv").path
        try "id,t,y,x\n1,1,2.0,1\n1,2,3.5,2\n2,1,abc,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["regress", "--data", path, "--formula", "y ~ x"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("bad.csv:4:3"), r.stderr)
    }

    func testBadOptionsAreUsageErrors() throws {
        for args in [["--vcov", "cluster:"], ["--format", "xml"], ["--model", "re"], ["--formula", "invest ~ value +"]] {
            var all = ["regress", "--data", grunfeld, "--formula", "invest ~ value"]
            all += args
            let r = try CLI.run(all)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
        }
        let missing = try CLI.run(["regress", "--data", "/nonexistent/x.csv", "--formula", "y ~ x"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
    }

    func testPanelModelsWeightsAndSingletonOptions() throws {
        let unbalanced = CLI.repositoryRoot.appendingPathComponent("Tests/EconometricsTests/References/regress_unbalanced.csv").path
        let fd = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital", "--panel", "firm,year",
                              "--model", "fd", "--format", "json"])
        XCTAssertEqual(fd.status, 0, fd.stderr)
        XCTAssertTrue(fd.stdout.contains("\"nobs\":190"), fd.stdout)
        let be = try CLI.run(["regress", "--data", unbalanced, "--formula", "invest ~ value + capital", "--panel", "firm,year",
                              "--model", "between", "--format", "csv"])
        XCTAssertEqual(be.status, 0, be.stderr)
        XCTAssertEqual(be.stdout.split(separator: "\n").count, 4)
        let w = try CLI.run(["regress", "--data", unbalanced, "--formula", "invest ~ value + capital | firm", "--weights", "w",
                             "--drop-singletons", "--vcov", "cluster:firm+year"])
        XCTAssertEqual(w.status, 0, w.stderr)
        XCTAssertTrue(w.stdout.contains("two-way"), w.stdout)
        let noPanel = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ l(value, 1)"])
        XCTAssertEqual(noPanel.status, 2)
        XCTAssertTrue(noPanel.stderr.contains("--panel"), noPanel.stderr)
    }

    /// Issue 18 item 8: csw()/sw() models side by side, in the terminal and in the publication formats.
    func testStepwiseModelsPrintSideBySide() throws {
        let r = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ csw(value, capital) | firm"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "OLS: dependent variable invest").count - 1, 0, "one table, not one per model")
        let header = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.contains("(1)") })
        XCTAssertTrue(header.contains("(2)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("(1) invest ~ (value) | firm"), r.stdout)
        XCTAssertTrue(r.stdout.contains("(2) invest ~ (value + capital) | firm"), r.stdout)
        for (format, marker) in [("latex", "\\begin{"), ("markdown", "| "), ("html", "<table")] {
            let f = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ sw(value, capital) | firm", "--format", format])
            XCTAssertEqual(f.status, 0, f.stderr)
            XCTAssertTrue(f.stdout.contains(marker), format + ": " + f.stdout)
            XCTAssertTrue(f.stdout.contains("(2)"), format + ": " + f.stdout)
        }
        // One model in LaTeX too.
        let one = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value | firm", "--format", "latex"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("\\begin{"), one.stdout)
        let csv = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ csw(value, capital)", "--format", "csv"])
        XCTAssertEqual(csv.status, 2)
        XCTAssertTrue(csv.stdout.isEmpty)
    }
}
