import Foundation
import XCTest

/// The built `offshore` executable end to end: what only a separate process shows (its exit status, what reaches
/// its standard output and standard error), and that it agrees byte for byte with the in-process runs every other
/// CLI test makes through `CLI.run` (`OffshoreCLI.execute`): one case per way a run ends (success, help, bad input,
/// a usage error, a command's own status), and an output larger than a pipe holds.
///
/// Other tests that need a process of their own run the binary where they are: the sensitivity run killed between
/// commits (AtomicOutputTests) and the bundled data found beside the executable (MeasureCommandTests).
final class EndToEndTests: ScratchFolderTestCase {
    var grunfeld: String { CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path }

    /// Runs `arguments` as a separate process and in this process; asserts that both give the same status, standard
    /// output and standard error; returns the process's result.
    func runBoth(_ arguments: [String], in directory: URL? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> CLI.Result {
        let binary = try CLI.runBinary(arguments, in: directory)
        let inProcess = try CLI.run(arguments, in: directory)
        XCTAssertEqual(inProcess.status, binary.status, "exit status in process and as a process: \(arguments)", file: file, line: line)
        XCTAssertEqual(inProcess.stdout, binary.stdout, "standard output in process and as a process: \(arguments)", file: file, line: line)
        XCTAssertEqual(inProcess.stderr, binary.stderr, "standard error in process and as a process: \(arguments)", file: file, line: line)
        return binary
    }

    func testASuccessfulRunWritesItsResultToStandardOutputAndExitsWith0() throws {
        let r = try runBoth(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital | firm", "--vcov", "cluster:firm"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("capital"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Warning: only 10 clusters"), r.stdout)
        XCTAssertEqual(r.stderr, "")
    }

    func testHelpAndVersionGoToStandardOutputWithStatus0() throws {
        for arguments in [["--help"], ["measure", "--help"], ["--version"]] {
            let r = try runBoth(arguments)
            XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)")
            XCTAssertFalse(r.stdout.isEmpty, "\(arguments)")
            XCTAssertEqual(r.stderr, "", "\(arguments)")
        }
    }

    func testBadInputExitsWith2AndNamesTheProblemOnStandardError() throws {
        let r = try runBoth(["regress", "--data", "no-such.csv", "--formula", "y ~ x"], in: scratch)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("offshore: error: no-such.csv: "), r.stderr)
    }

    func testAUsageErrorExitsWith2WithTheUsageOnStandardError() throws {
        for arguments in [["no-such-command"], ["regress", "--formula", "y ~ x"]] {
            let r = try runBoth(arguments)
            XCTAssertEqual(r.status, 2, "\(arguments)")
            XCTAssertEqual(r.stdout, "", "\(arguments)")
            XCTAssertTrue(r.stderr.contains("Usage: offshore"), "\(arguments): \(r.stderr)")
        }
    }

    func testACommandsOwnStatusIsTheProcessStatus() throws {
        // verify chooses 1 for an output that differs from the recomputation.
        try writeThreeYearConfig()
        let run = try CLI.run(["estimate", "--config", "estimate.toml", "--output-dir", "Reports", "--run-name", "small"], in: scratch)
        XCTAssertEqual(run.status, 0, run.stderr)
        let tables = scratch.appendingPathComponent("Reports/small/tables.txt")
        try (String(contentsOf: tables, encoding: .utf8) + "edited\n").write(to: tables, atomically: true, encoding: .utf8)
        let r = try runBoth(["verify", "Reports/small"], in: scratch)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("tables.txt"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix(" files differ\n"), r.stdout)
    }

    func testAnOutputLargerThanAPipeHoldsArrivesWhole() throws {
        let r = try runBoth(["measure", "--format", "csv", "--years", "1995-2001"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertGreaterThan(r.stdout.utf8.count, 65_536)
        XCTAssertTrue(r.stdout.hasPrefix("country,unit,year,measure,group,value\n"), String(r.stdout.prefix(200)))
        XCTAssertTrue(r.stdout.hasSuffix("\n"))
    }
}
