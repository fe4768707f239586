import XCTest

/// The command line as a whole: help, version, unknown commands.
final class CLIBasicsTests: XCTestCase {
    func testHelpListsTheSubcommands() throws {
        let r = try CLI.run(["--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for sub in ["measure", "regress", "sur"] { XCTAssertTrue(r.stdout.contains(sub), "help lacks \(sub):\n\(r.stdout)") }
    }

    func testUnknownSubcommandIsAUsageErrorWithStatus2() throws {
        let r = try CLI.run(["no-such-command"])
        XCTAssertEqual(r.status, 2)
        XCTAssertFalse(r.stderr.isEmpty)
    }

    /// Issue 18 item 12: a misspelled command gets the closest one, at the top and under `sensitivity`.
    func testAMisspelledCommandGetsASuggestion() throws {
        let r = try CLI.run(["meassure", "--years", "2000"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("'offshore meassure' is not a command: did you mean 'offshore measure'?"), r.stderr)
        let nested = try CLI.run(["sensitivity", "rnu"])
        XCTAssertEqual(nested.status, 2)
        XCTAssertTrue(nested.stderr.contains("'offshore sensitivity rnu' is not a command: did you mean 'offshore sensitivity run'?"), nested.stderr)
        let far = try CLI.run(["zzzzzzzz"])
        XCTAssertEqual(far.status, 2)
        XCTAssertFalse(far.stderr.contains("did you mean"), far.stderr)
        XCTAssertTrue(far.stderr.contains("(commands: measure, convert,"), far.stderr)
        XCTAssertEqual(try CLI.run(["help", "measure"]).status, 0, "help is not a misspelling")
    }

    /// Issue 18 item 12: `--country bel` names BEL.
    func testTheCountryCodeIgnoresCase() throws {
        let lower = try CLI.run(["measure", "--country", "bel", "--years", "2000", "--format", "csv"])
        let upper = try CLI.run(["measure", "--country", "BEL", "--years", "2000", "--format", "csv"])
        XCTAssertEqual(lower.status, 0, lower.stderr)
        XCTAssertEqual(lower.stdout, upper.stdout)
    }

    /// Issue 18 item 12: an Excel workbook where a CSV is expected is named as such.
    func testAWorkbookWhereACSVIsExpectedIsNamed() throws {
        let workbook = CLI.repositoryRoot.appendingPathComponent("SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx").path
        let r = try CLI.run(["regress", "--data", workbook, "--formula", "y ~ x"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("BEL_NIOT_nov16.xlsx: expected a text file (CSV, TOML, optionally gzip-compressed), found a zip archive (an Excel .xlsx"), r.stderr)
    }

    /// Issue 18 item 12: `sensitivity run --help` states the threads' default once.
    func testSensitivityThreadsDefaultIsStatedOnce() throws {
        let r = try CLI.run(["sensitivity", "run", "--help"])
        XCTAssertEqual(r.status, 0)
        let flat = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("Worker threads (default: $OFFSHORE_THREADS, else every core)"), r.stdout)
        XCTAssertFalse(r.stdout.contains("(default: 0)"), r.stdout)
    }

    /// Issue 18 item 12: no command's help shows a stray backslash (a line continuation written twice).
    func testHelpTextsHaveNoStrayBackslashes() throws {
        for command in ["measure", "convert", "regress", "sur", "estimate", "report", "verify", "sensitivity"] {
            let r = try CLI.run([command, "--help"])
            XCTAssertEqual(r.status, 0, command)
            // A backslash before a space or a line end (LaTeX's `\input` is meant).
            let stray = r.stdout.split(separator: "\n").filter { $0.hasSuffix("\\") || $0.contains("\\ ") }
            XCTAssertEqual(stray, [], "\(command) --help")
        }
    }
}
