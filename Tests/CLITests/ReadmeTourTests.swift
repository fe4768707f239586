import Foundation
import XCTest

/// Issue 18 ("Done when"): every command of the README's tour runs as written on a fresh clone. The tour (the first
/// `sh` block under "## A tour of the commands" in README.md) is extracted and run, command by command, in a scratch
/// copy of the repository: `SupplyUseTables`, `Tests` (the tour's GMM line reads the EmplUK panel committed there) and
/// `Reports/example` as the clone has them, `../shared` beside it,
/// and `scripts/offshore` replaced by the built binary. So a tour line that uses a file no earlier line makes
/// (a grouping to edit, a converted table, a copied config, a shard's database) fails here.
///
/// Slow for a unit test (about 20 s optimized: every estimate, the whole sensitivity grid twice): `scripts/test.sh` runs it after
/// the unit tests, and `OFFSHORE_SKIP_TOUR=1` skips it.
final class ReadmeTourTests: XCTestCase {
    /// The tour's commands: comment and blank lines left out, `\` continuations joined.
    static func tourCommands(_ readme: String) -> [String] {
        guard let heading = readme.range(of: "## A tour of the commands"),
              let open = readme.range(of: "```sh\n", range: heading.upperBound..<readme.endIndex),
              let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex) else { return [] }
        var commands: [String] = []
        var pending = ""
        for raw in readme[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (line.isEmpty || line.hasPrefix("#")) { continue }
            if line.hasSuffix("\\") {
                pending += String(line.dropLast()) + " "
            } else {
                commands.append(pending + line)
                pending = ""
            }
        }
        if !pending.isEmpty { commands.append(pending) }
        return commands
    }

    func testTheExtractorJoinsContinuationsAndSkipsComments() {
        let readme = "x\n## A tour of the commands\n\n```sh\n# a comment\na --b \\\n    --c d\n\ne f   # trailing\n```\n```sh\nnot me\n```\n"
        XCTAssertEqual(Self.tourCommands(readme), ["a --b  --c d", "e f   # trailing"])
    }

    func testEveryTourCommandRunsAsWritten() throws {
        if ProcessInfo.processInfo.environment["OFFSHORE_SKIP_TOUR"] == "1" {
            throw XCTSkip("OFFSHORE_SKIP_TOUR=1: the README tour is skipped (scripts/test.sh runs it after the unit tests)")
        }
        let fm = FileManager.default
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = Self.tourCommands(readme)
        XCTAssertGreaterThan(commands.count, 15, "the tour was not found in README.md")
        let binary = try CLI.executable()

        // A fresh clone, as far as the tour can tell: the bundled data, the checked-in example run, ../shared.
        let top = try CLI.temporaryDirectory()
        defer { try? fm.removeItem(at: top) }
        let clone = top.appendingPathComponent("offshore")
        try fm.createDirectory(at: clone.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try fm.createDirectory(at: clone.appendingPathComponent("Reports"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: clone.appendingPathComponent("SupplyUseTables"),
                                  withDestinationURL: CLI.repositoryRoot.appendingPathComponent("SupplyUseTables"))
        try fm.createSymbolicLink(at: clone.appendingPathComponent("Tests"), withDestinationURL: CLI.repositoryRoot.appendingPathComponent("Tests"))
        try fm.copyItem(at: CLI.repositoryRoot.appendingPathComponent("Reports/example"),
                        to: clone.appendingPathComponent("Reports/example"))
        try fm.createSymbolicLink(at: top.appendingPathComponent("shared"), withDestinationURL: CLI.sharedRoot)
        let wrapper = clone.appendingPathComponent("scripts/offshore")
        try "#!/bin/sh\nexec '\(binary.path)' \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)

        for command in commands {
            let started = Date()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = clone
            var env = ProcessInfo.processInfo.environment
            env["OFFSHORE_HOME"] = clone.path
            process.environment = env
            let log = top.appendingPathComponent("tour.log")
            fm.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            process.waitUntilExit()
            try handle.close()
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            XCTAssertEqual(process.terminationStatus, 0, "README tour: `\(command)` failed:\n\(output.suffix(3000))")
            print("README tour: \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(command)")
        }
    }
}
