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
}
