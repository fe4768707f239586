import Foundation
import XCTest

/// `offshore regress --bootstrap wild[...]` as a user runs it: the added CSV columns and JSON keys, the label of
/// what was done in the table, reproducibility by seed, the joint test, and exit 2 naming the option for bad input.
/// (The numbers themselves are checked against wildboottest, pyfixest and a brute-force bootstrap in
/// EconometricsTests/WildBootstrapReferenceTests.)
final class RegressBootstrapTests: XCTestCase {
    var grunfeld: String { CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path }

    func regress(_ extra: [String], formula: String = "invest ~ value + capital | firm") throws -> CLI.Result {
        try CLI.run(["regress", "--data", grunfeld, "--formula", formula, "--vcov", "cluster:firm"] + extra)
    }

    func testCSVAddsIntervalAndBootstrapColumns() throws {
        let r = try regress(["--bootstrap", "wild:weights=rademacher", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "term,estimate,std_error,t_value,p_value,ci_low,ci_high,boot_p_value,boot_ci_low,boot_ci_high")
        XCTAssertEqual(lines.count, 3)
        let f = lines[1].split(separator: ",").compactMap { Double($0) }
        XCTAssertEqual(f.count, 9)
        let (estimate, low, high, p, bLow, bHigh) = (f[0], f[4], f[5], f[6], f[7], f[8])
        XCTAssertTrue(low < estimate && estimate < high)
        XCTAssertTrue(bLow < estimate && estimate < bHigh, lines[1])
        XCTAssertTrue(p >= 0 && p <= 1)
        // Rademacher on 10 firms: all 1,024 draws, so the p-value is a multiple of 1/1024.
        XCTAssertEqual((p * 1024).rounded(), p * 1024)
        // The seed and the rest of the set-up, which the CSV has no column for, go to standard error.
        XCTAssertTrue(r.stderr.contains("all 1,024 draws (full enumeration") && r.stderr.contains("seed=20171203"), r.stderr)
    }

    func testTableLabelsWhatWasDone() throws {
        let r = try regress(["--bootstrap", "wild:reps=999,seed=42", "--test", "value = 0", "--test", "capital = 0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for text in ["boot p", "Bootstrap: wild cluster bootstrap, restricted (WCR, null imposed), Webb weights, 999 draws, seed 42, 10 clusters in firm",
                     "wild:cluster=firm,reps=999,weights=webb,type=restricted,seed=42", "Joint test (value = 0; capital = 0)"] {
            XCTAssertTrue(r.stdout.contains(text), "missing '\(text)' in\n\(r.stdout)")
        }
        // With firm and year effects no Rademacher draw of the 1,024 goes beyond value's statistic: its p-value is
        // shown as below 1/1024, not as 0.
        let zero = try regress(["--bootstrap", "wild:weights=rademacher"], formula: "invest ~ value + capital | firm + year")
        XCTAssertTrue(zero.stdout.contains("<0.00097656"), zero.stdout)
    }

    func testJSONCarriesTheSeedAndIsReproducible() throws {
        let args = ["--bootstrap", "wild:reps=499,seed=7,type=unrestricted", "--format", "json"]
        let a = try regress(args), b = try regress(args)
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(a.stdout, b.stdout)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let boot = try XCTUnwrap(obj["bootstrap"] as? [String: Any])
        XCTAssertEqual(boot["seed"] as? String, "7")
        XCTAssertEqual(boot["type"] as? String, "unrestricted")
        XCTAssertEqual(boot["draws"] as? Int, 499)
        let coefs = try XCTUnwrap(obj["coefficients"] as? [[String: Any]])
        XCTAssertEqual(Set(coefs[0].keys), ["term", "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high",
                                            "boot_p_value", "boot_ci_low", "boot_ci_high"])
        let other = try regress(["--bootstrap", "wild:reps=499,seed=8,type=unrestricted", "--format", "json"])
        XCTAssertNotEqual(other.stdout, a.stdout)
        // The same with one thread: draws are chunked the same way whatever the number of threads.
        let one = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital | firm", "--vcov", "cluster:firm"] + args,
                              environment: ["OFFSHORE_THREADS": "1"])
        XCTAssertEqual(one.stdout, a.stdout)
    }

    func testBadInputExitsTwoNamingTheOption() throws {
        let cases: [([String], [String])] = [
            (["--bootstrap", "wild:reps=50"], ["bootstrap", "reps=50", "at least 99"]),
            (["--bootstrap", "wild:weights=uniform"], ["bootstrap", "weights=uniform", "webb, rademacher, mammen or normal"]),
            (["--bootstrap", "wild:type=both"], ["bootstrap", "type=both"]),
            (["--bootstrap", "wild:draws=999"], ["bootstrap", "unknown key 'draws'"]),
            (["--bootstrap", "pairs"], ["bootstrap", "expected wild"]),
            (["--bootstrap", "wild:cluster=nosuch"], ["bootstrap", "nosuch"]),
            (["--test", "value = 0"], ["test", "--bootstrap"]),
        ]
        for (extra, words) in cases {
            let r = try regress(extra)
            XCTAssertEqual(r.status, 2, "\(extra): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty, "\(extra)")
            for w in words { XCTAssertTrue(r.stderr.contains(w), "\(extra): '\(w)' not in \(r.stderr)") }
        }
    }

    func testOneClusterExitsTwo() throws {
        let dir = try CLI.temporaryDirectory()
        let lines = try String(contentsOfFile: grunfeld, encoding: .utf8).split(separator: "\n")
        let path = dir.appendingPathComponent("one.csv")
        try ((["\(lines[0]),country"] + lines.dropFirst().map { "\($0),BE" }).joined(separator: "\n") + "\n")
            .write(to: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["regress", "--data", path.path, "--formula", "invest ~ value + capital", "--vcov", "hc1",
                             "--bootstrap", "wild:cluster=country"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("bootstrap") && r.stderr.contains("at least 2 clusters"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
    }
}
