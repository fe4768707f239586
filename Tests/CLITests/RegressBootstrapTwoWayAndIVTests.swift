import Foundation
import XCTest

/// `offshore regress --bootstrap` with two-way clustering and with 2SLS as a user runs it: what the table says was
/// done, and exit 2 naming the option for what cannot be done. (The numbers are checked against brute-force
/// references in EconometricsTests/WildBootstrapTwoWayTests and WildBootstrapIVTests.)
final class RegressBootstrapTwoWayAndIVTests: XCTestCase {
    var grunfeld: String { CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path }

    func regress(_ extra: [String], formula: String = "invest ~ value + capital | firm", vcov: String = "cluster:firm+year") throws -> CLI.Result {
        try CLI.run(["regress", "--data", grunfeld, "--formula", formula, "--vcov", vcov] + extra)
    }

    func testTwoWayFromTheVcovAndFromClusterEquals() throws {
        let a = try regress(["--bootstrap", "wild:weights=rademacher,reps=9999"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertTrue(a.stdout.contains("two-way clustered by firm and year (MacKinnon, Nielsen and Webb 2021)"), a.stdout)
        XCTAssertTrue(a.stdout.contains("all 1,024 draws (full enumeration, 2^10)") && a.stdout.contains("10 clusters in firm (the bootstrap clusters)"), a.stdout)
        let b = try regress(["--bootstrap", "wild:cluster=year+firm,bootcluster=firm,weights=rademacher,reps=999"], vcov: "iid")
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(b.stdout.contains("wild:cluster=firm+year,bootcluster=firm,reps=999,weights=rademacher"), b.stdout)
    }

    func testTwoStageLeastSquaresGetsTheWRE() throws {
        // The endogenous value instrumented by its lag (l() needs the panel).
        let p = try CLI.run(["regress", "--data", grunfeld, "--panel", "firm,year", "--formula", "invest ~ capital | firm | value ~ l(value, 1)",
                             "--vcov", "cluster:firm", "--bootstrap", "wild:reps=199,seed=3", "--format", "json"])
        XCTAssertEqual(p.status, 0, p.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(p.stdout.utf8)) as? [String: Any])
        let coefs = try XCTUnwrap(obj["coefficients"] as? [[String: Any]])
        let value = try XCTUnwrap(coefs.first { $0["term"] as? String == "value" })
        XCTAssertNotNil(value["boot_p_value"] as? Double, "\(value)")
        let boot = try XCTUnwrap(obj["bootstrap"] as? [String: Any])
        XCTAssertTrue((boot["method"] as? String)?.contains("WRE (Davidson and MacKinnon 2010)") ?? false, "\(boot)")
    }

    func testBadInputExitsTwoNamingTheOption() throws {
        let cases: [([String], String, String, [String])] = [
            (["--bootstrap", "wild:bootcluster=industry"], "invest ~ value + capital | firm", "cluster:firm+year", ["bootstrap", "bootcluster=industry"]),
            (["--bootstrap", "wild:cluster=firm+year+value"], "invest ~ value + capital | firm", "cluster:firm", ["bootstrap", "two different ones"]),
            (["--bootstrap", "wild", "--test", "value = 0"], "invest ~ value + capital | firm", "cluster:firm+year", ["test", "one-way"]),
            (["--bootstrap", "wild"], "invest ~ 1 | firm | value + capital ~ l(value, 1) + l(capital, 1)", "cluster:firm", ["bootstrap", "one endogenous regressor"]),
        ]
        for (extra, formula, vcov, words) in cases {
            let r = try CLI.run(["regress", "--data", grunfeld, "--panel", "firm,year", "--formula", formula, "--vcov", vcov] + extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(extra)")
            for w in words { XCTAssertTrue(r.stderr.contains(w), "\(extra): '\(w)' not in \(r.stderr)") }
        }
    }
}
