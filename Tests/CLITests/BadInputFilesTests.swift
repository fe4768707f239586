import Foundation
import XCTest
import TestSupport

/// The bad-input catalogue for files that are not there, are folders, or cannot be read (see BadInputCatalogue.swift),
/// for each command's data, config, table, grouping and accounts paths.
final class BadInputFilesTests: XCTestCase {
    static var grunfeld: String { BadInputPanelTests.grunfeld }

    /// `offshore regress` on `data`.
    static func regress(_ data: String) -> (String) -> [String] { BadInputPanelTests.regress(data) }

    /// `offshore measure` on the bundled 1995 table with `extra` options.
    static func measure(_ extra: [String]) -> (String) -> [String] {
        { ["measure", "--years", "1995", "--format", "csv", "--output", $0] + extra }
    }

    func testMissingFilesAreNamed() throws {
        let dir = try CLI.temporaryDirectory()
        let nope = dir.appendingPathComponent("nope.csv").path
        try BadInput.assertRejected(Self.regress(nope), mentions: ["\(nope): cannot open the file: No such file or directory"])
        let config = dir.appendingPathComponent("nope.toml").path
        try BadInput.assertRejected(BadInputEstimateTests.estimate(config), output: .folder(run: "default"),
                                    mentions: ["\(config): cannot open the file: No such file or directory"])
        let tables = dir.appendingPathComponent("tables").path
        try BadInput.assertRejected({ ["measure", "--tables", tables, "--output", $0] }, mentions: [tables, "no such file or folder"])
        try BadInput.assertRejected(Self.measure(["--grouping", config]), mentions: ["\(config): cannot open the file"])
        try BadInput.assertRejected(Self.measure(["--classification", config]), mentions: ["\(config): cannot open the file"])
        let accounts = try BadInputEstimateTests.write(config: BadInputEstimateTests.config(accounts: nope))
        try BadInput.assertRejected(BadInputEstimateTests.estimate(accounts), output: .folder(run: "cli-run"),
                                    mentions: ["\(nope): cannot open the file: No such file or directory"])
    }

    func testADirectoryWhereAFileIsExpectedIsNamed() throws {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("a-folder.toml")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let d = dir.path
        try BadInput.assertRejected(Self.regress(d), mentions: ["\(d): is a directory, expected a file"])
        try BadInput.assertRejected(BadInputEstimateTests.estimate(d), output: .folder(run: "default"), mentions: ["\(d): is a directory, expected a file"])
        try BadInput.assertRejected(Self.measure(["--grouping", d]), mentions: ["\(d): is a directory, expected a file"])
        try BadInput.assertRejected(Self.measure(["--classification", d]), mentions: ["\(d): is a directory, expected a file"])
        let accounts = try BadInputEstimateTests.write(config: BadInputEstimateTests.config(accounts: d))
        try BadInput.assertRejected(BadInputEstimateTests.estimate(accounts), output: .folder(run: "cli-run"),
                                    mentions: ["\(d): is a directory, expected a file"])
    }

    func testUnreadableFilesAreNamed() throws {
        let dir = try CLI.temporaryDirectory()
        let data = dir.appendingPathComponent("grunfeld.csv").path
        let config = dir.appendingPathComponent("study.toml").path
        try FileManager.default.copyItem(atPath: Self.grunfeld, toPath: data)
        try BadInputEstimateTests.config().write(toFile: config, atomically: true, encoding: .utf8)
        for p in [data, config] { try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: p) }
        defer { for p in [data, config] { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: p) } }
        guard !BadInput.canRead(data) else { throw XCTSkip("this user reads a chmod 000 file anyway (root): nothing to test") }
        try BadInput.assertRejected(Self.regress(data), mentions: ["\(data): cannot open the file: Permission denied"])
        try BadInput.assertRejected(BadInputEstimateTests.estimate(config), output: .folder(run: "cli-run"),
                                    mentions: ["\(config): cannot open the file: Permission denied"])
    }
}
