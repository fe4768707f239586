import Foundation
import XCTest
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The bad-input catalogue for outputs (issue 14 §1, see BadInputCatalogue.swift): an output that is one of the run's
/// inputs, or a folder holding one, is refused with exit status 2 before any work, naming the output's option and the
/// input, and the input stays byte for byte as it was. Paths are compared by what they name (a symlink, `dir/../x`
/// and a hard link are the same file). Devices and pipes are written to directly, never replaced by a regular file.
final class BadInputOutputTests: XCTestCase {
    static var bundle: String { RepositoryPaths.supplyUseTables.path }
    static var grunfeld: String { RepositoryPaths.sharedFile("data/validation/grunfeld.csv").path }

    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A copy of `source` in the test's folder (under `sub` when given); returns its path.
    func copy(_ source: String, as name: String, in sub: String? = nil) throws -> String {
        let folder = sub.map { dir.appendingPathComponent($0) } ?? dir!
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: source), to: target)
        return target.path
    }

    /// Every file under the test's folder with its bytes.
    func snapshot() -> [String: Data] { BadInput.snapshot(dir) }

    /// Runs `arguments`, asserts exit status 2, nothing on standard output, every string of `mentions` on standard error,
    /// and the test's folder (holding the inputs) unchanged.
    func assertRefused(_ arguments: [String], mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let before = snapshot()
        let r = try CLI.run(arguments)
        XCTAssertEqual(r.status, 2, "exit status; stderr: \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        for m in mentions { XCTAssertTrue(r.stderr.contains(m), "stderr lacks '\(m)': \(r.stderr)", file: file, line: line) }
        XCTAssertEqual(snapshot(), before, "an input changed", file: file, line: line)
    }

    func testRegressOutputOntoItsDataIsRefusedHoweverThePathIsSpelt() throws {
        let data = try copy(Self.grunfeld, as: "d.csv")
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
        let hard = dir.appendingPathComponent("hard.csv").path
        XCTAssertEqual(Glibc.link(data, hard), 0)
        for output in [data, dir.appendingPathComponent("sub/../d.csv").path, link, hard] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try assertRefused(["regress", "--data", data, "--formula", "invest ~ value", "--output", output],
                              mentions: ["--output", "is the input --data"])
        }
    }

    func testSUROutputOntoItsDataIsRefused() throws {
        let data = try copy(Self.grunfeld, as: "d.csv")
        try assertRefused(["sur", "--data", data, "--match", "year", "--equation", "GE: invest ~ value", "--where", "GE: firm == General Electric",
                           "--equation", "WH: invest ~ value", "--where", "WH: firm == Westinghouse", "--output", data],
                          mentions: ["--output", "is the input --data"])
    }

    func testMeasureOutputOntoItsGroupingClassificationOrATableIsRefused() throws {
        let grouping = try copy(Self.bundle + "/groupings/default.toml", as: "g.toml")
        try assertRefused(["measure", "--grouping", grouping, "--output", grouping], mentions: ["--output", "is the input --grouping"])
        let classes = try copy(Self.bundle + "/classifications/wiod2013.toml", as: "c.toml")
        try assertRefused(["measure", "--classification", classes, "--output", classes], mentions: ["--output", "is the input --classification"])
        let table = try copy(Self.bundle + "/wiod2013/WIOT1995_wiod2013.csv.gz", as: "WIOT1995_wiod2013.csv.gz", in: "tables")
        try assertRefused(["measure", "--tables", dir.appendingPathComponent("tables").path, "--output", table],
                          mentions: ["--output", "is the input --tables"])
        try assertRefused(["measure", "--tables", dir.appendingPathComponent("tables").path, "--report", dir.path],
                          mentions: ["--report", "holds the input"])
    }

    func testEstimateOutputOntoItsConfigIsRefused() throws {
        let config = dir.appendingPathComponent("c.toml").path
        try BadInputEstimateTests.config().write(toFile: config, atomically: true, encoding: .utf8)
        try assertRefused(["estimate", "--config", config, "--output", config], mentions: ["--output", "is the input --config"])
    }

    func testEstimateRunFolderHoldingItsConfigIsRefused() throws {
        let project = dir.appendingPathComponent("proj")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("default"), withIntermediateDirectories: true)
        let config = project.appendingPathComponent("default/c.toml").path
        try BadInputEstimateTests.config(edit: { $0.replacingOccurrences(of: "run_name = \"cli-run\"", with: "run_name = \"default\"") })
            .write(toFile: config, atomically: true, encoding: .utf8)
        try Data("the user's own notes\n".utf8).write(to: project.appendingPathComponent("default/notes.txt"))
        try assertRefused(["estimate", "--config", config, "--output-dir", project.path], mentions: ["--output-dir", "holds the input --config"])
        try assertRefused(["estimate", "--config", config, "--report", project.path], mentions: ["--report", "holds the input --config"])
    }

    func testReportOutputOntoWhatItReadsIsRefused() throws {
        let run = dir.appendingPathComponent("R")
        for name in ["report.json", "offshoring.csv", "manifest.json"] {
            _ = try copy(CLI.repositoryRoot.appendingPathComponent("Reports/example/\(name)").path, as: name, in: "R")
        }
        try assertRefused(["report", run.path, "--format", "latex", "--output", run.appendingPathComponent("report.json").path],
                          mentions: ["--output", "is the input RUN_DIR"])
        try assertRefused(["report", run.path, "--output", run.path], mentions: ["--output", "holds the input RUN_DIR"])
        try assertRefused(["report", run.path, "--output", dir.path], mentions: ["--output", "holds the input RUN_DIR"])
    }

    func testConvertIntoItsTablesFolderIsRefused() throws {
        let tables = dir.appendingPathComponent("tables").path
        _ = try copy(Self.bundle + "/wiod2013/WIOT1995_wiod2013.csv.gz", as: "WIOT1995_wiod2013.csv.gz", in: "tables")
        try assertRefused(["convert", "--to", "icio", "--tables", tables, "--output", tables], mentions: ["--output", "holds the input --tables"])
    }

    func testSensitivityOutputsOntoTheDatabaseOrTheGridAreRefused() throws {
        let db = dir.appendingPathComponent("s.db").path
        try Data("a results database\n".utf8).write(to: URL(fileURLWithPath: db))
        try assertRefused(["sensitivity", "summary", db, "--csv", db], mentions: ["--csv", "is the input DB"])
        try assertRefused(["sensitivity", "summary", db, "--output", db], mentions: ["--output", "is the input DB"])
        let grid = try copy(Self.bundle + "/config/sensitivity-default.toml", as: "grid.toml")
        try assertRefused(["sensitivity", "run", "--grid", grid, "--db", db, "--chart", grid], mentions: ["--chart", "is the input --grid"])
        try assertRefused(["sensitivity", "run", "--grid", grid, "--db", db, "--summary-csv", db], mentions: ["--summary-csv", "is the input --db"])
    }

    func testOutputToDevNullWritesTheDeviceAndLeavesItADevice() throws {
        // As root a regression would replace the system's /dev/null (it happened once on a test machine): root tests
        // a null device of its own in the scratch folder (major 1, minor 3, what /dev/null is on Linux).
        var device = "/dev/null"
        if getuid() == 0 {
            device = dir.appendingPathComponent("null").path
            XCTAssertEqual(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3) /* makedev(1, 3) */), 0, String(cString: strerror(errno)))
        }
        let r = try CLI.run(["regress", "--data", Self.grunfeld, "--formula", "invest ~ value", "--output", device])
        XCTAssertEqual(r.status, 0, r.stderr)
        var st = stat()
        XCTAssertEqual(stat(device, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "\(device) is still a character device")
    }

    func testOutputToANamedPipeIsWrittenIntoThePipe() throws {
        let fifo = dir.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // A reader that does not block: the command's open for writing then finds it, and the text (small) fits in the
        // pipe's buffer, so the command returns before it is read.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(reader, 0)
        defer { close(reader) }
        let expected = try CLI.run(["regress", "--data", Self.grunfeld, "--formula", "invest ~ value"])
        let r = try CLI.run(["regress", "--data", Self.grunfeld, "--formula", "invest ~ value", "--output", fifo])
        XCTAssertEqual(r.status, 0, r.stderr)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(reader, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected.stdout)
        var st = stat()
        XCTAssertEqual(stat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
    }
}
