import Foundation
import XCTest

/// Every command that writes files: an error part-way (a bad model after good ones, a bad table after good
/// ones, a target that cannot be written) leaves the previous output byte for byte as it was and no temporary
/// file behind (each test lists the folder); a sensitivity run killed between commits leaves a consistent database
/// that a resume completes to exactly the uninterrupted result.
final class AtomicOutputTests: ScratchFolderTestCase {
    /// Every file and folder under `dir` (relative paths, sorted) with the bytes of the files.
    func snapshot(_ dir: String) throws -> [String: Data] {
        let fm = FileManager.default
        var out: [String: Data] = [:]
        guard let e = fm.enumerator(atPath: dir) else { return out }
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: dir + "/" + p, isDirectory: &isDir)
            out[p] = isDir.boolValue ? Data("<folder>".utf8) : try Data(contentsOf: URL(fileURLWithPath: dir + "/" + p))
        }
        return out
    }

    /// Asserts that `dir` holds exactly the files of `before`, byte for byte (so also no temporary file).
    func assertUnchanged(_ dir: String, _ before: [String: Data], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let after = try snapshot(dir)
        XCTAssertEqual(after.keys.sorted(), before.keys.sorted(), "\(what): the same files, no temporary file", file: file, line: line)
        for (p, d) in before where after[p] != d { XCTFail("\(what): \(p) changed", file: file, line: line) }
    }

    /// A tables folder with the real 1995 WIOD table and a 1996 table cut short in its middle.
    func tablesWithABadSecondYear() throws -> String {
        let dir = path("tables")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let wiod = CLI.repositoryRoot.appendingPathComponent("SupplyUseTables/wiod2013")
        try FileManager.default.copyItem(atPath: wiod.appendingPathComponent("WIOT1995_wiod2013.csv.gz").path, toPath: dir + "/WIOT1995_wiod2013.csv.gz")
        let good = try Data(contentsOf: wiod.appendingPathComponent("WIOT1996_wiod2013.csv.gz"))
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: dir + "/WIOT1996_wiod2013.csv.gz"))
        return dir
    }

    func testMeasureKeepsItsPreviousOutputAndReport() throws {
        let out = path("out")
        let first = try CLI.run(["measure", "--years", "1995-1996", "--format", "csv", "--output", "out/om.csv", "--report", "out/report"], in: scratch)
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try snapshot(out)
        XCTAssertNotNil(before["report/index.html"])
        // A table that breaks off after a good one: exit 2, nothing written.
        let tables = try tablesWithABadSecondYear()
        let bad = try CLI.run(["measure", "--tables", tables, "--format", "csv", "--output", "out/om.csv", "--report", "out/report"], in: scratch)
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("WIOT1996"), bad.stderr)
        try assertUnchanged(out, before, "measure with a bad table")
        // A report whose chart folder is a file now: the tables are written first in a staging folder, so nothing changes.
        let charts = out + "/report/charts"
        let savedCharts = try FileManager.default.contentsOfDirectory(atPath: charts)
        try FileManager.default.removeItem(atPath: charts)
        try "not a folder".write(toFile: charts, atomically: true, encoding: .utf8)
        let inTheWay = try snapshot(out)
        let blocked = try CLI.run(["measure", "--years", "1995", "--report", "out/report", "--lang", "nl"], in: scratch)
        XCTAssertEqual(blocked.status, 2, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("charts"), blocked.stderr)
        try assertUnchanged(out, inTheWay, "measure --report with a file in the way")
        XCTAssertFalse(savedCharts.isEmpty)
        // --output naming a folder is refused before the tables are read.
        let folder = try CLI.run(["measure", "--years", "1995", "--output", "out/report"], in: scratch)
        XCTAssertEqual(folder.status, 2, folder.stderr)
        XCTAssertTrue(folder.stderr.contains("--output") && folder.stderr.contains("is a folder"), folder.stderr)
        try assertUnchanged(out, inTheWay, "measure --output naming a folder")
    }

    func testEstimateKeepsItsPreviousRunFolderWhenALaterModelFails() throws {
        func config(_ lastFormula: String) throws {
            try """
            [data]
            tables = "SupplyUseTables/wiod2013"
            years = "1995-1997"

            [[model]]
            preset = "production"
            period = "1995-1997"

            [[model]]
            name = "last"
            formula = "\(lastFormula)"
            period = "1995-1997"

            [[contributions]]
            model = "production"

            [output]
            run_name = "atomic"
            """.write(toFile: path("c.toml"), atomically: true, encoding: .utf8)
        }
        try config("log(L) ~ log(w) + om | industry + year")
        let first = try CLI.run(["estimate", "--config", "c.toml", "--report", "Reports", "--output", "tables.txt"], in: scratch)
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try snapshot(scratch.path)
        try config("log(L) ~ log(w) + no_such_variable | industry + year")
        let configBytes = try Data(contentsOf: URL(fileURLWithPath: path("c.toml")))
        let bad = try CLI.run(["estimate", "--config", "c.toml", "--report", "Reports", "--output", "tables.txt"], in: scratch)
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("no_such_variable"), bad.stderr)
        var expected = before
        expected["c.toml"] = configBytes
        try assertUnchanged(scratch.path, expected, "estimate with a bad last model")
        // --output naming a folder: refused before estimating, the run folder untouched.
        let folder = try CLI.run(["estimate", "--config", "c.toml", "--report", "Reports", "--output", "Reports"], in: scratch)
        XCTAssertEqual(folder.status, 2, folder.stderr)
        try assertUnchanged(scratch.path, expected, "estimate --output naming a folder")
    }

    func testReportRegressSURAndConvertKeepTheirPreviousOutput() throws {
        // report: a file in the way of one table leaves the earlier rendering whole.
        try """
            [data]
            tables = "SupplyUseTables/wiod2013"
            years = "1995-1996"

            [[model]]
            preset = "production"
            period = "1995-1996"

            [[contributions]]
            model = "production"

            [output]
            run_name = "r"
            """.write(toFile: path("c.toml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLI.run(["estimate", "--config", "c.toml", "--output-dir", "Reports"], in: scratch).status, 0)
        XCTAssertEqual(try CLI.run(["report", "Reports/r", "--output", "rendered"], in: scratch).status, 0)
        let tablesDir = path("rendered/tables")
        let victim = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: tablesDir).sorted().last)
        try FileManager.default.removeItem(atPath: tablesDir + "/" + victim)
        try FileManager.default.createDirectory(atPath: tablesDir + "/" + victim, withIntermediateDirectories: false)
        let rendered = try snapshot(path("rendered"))
        let report = try CLI.run(["report", "Reports/r", "--output", "rendered", "--lang", "fr"], in: scratch)
        XCTAssertEqual(report.status, 2, report.stderr)
        XCTAssertTrue(report.stderr.contains(victim), report.stderr)
        try assertUnchanged(path("rendered"), rendered, "report with a folder in the way")

        // regress: the second of two models fails; the first run's output stays.
        let grunfeld = CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path
        try FileManager.default.createDirectory(atPath: path("reg"), withIntermediateDirectories: false)
        XCTAssertEqual(try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital | firm", "--output", "reg/out.txt"],
                                   in: scratch).status, 0)
        let reg = try snapshot(path("reg"))
        let badReg = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ csw(value, nothing_here) | firm", "--output", "reg/out.txt"],
                                 in: scratch)
        XCTAssertEqual(badReg.status, 2, badReg.stderr)
        try assertUnchanged(path("reg"), reg, "regress with a bad second model")
        // sur: an equation that fails leaves the file alone.
        let badSUR = try CLI.run(["sur", "--data", grunfeld, "--match", "year", "--equation", "GE: invest ~ value + capital",
                                  "--where", "GE: firm == General Electric", "--equation", "WH: invest ~ value + nothing_here",
                                  "--where", "WH: firm == Westinghouse", "--output", "reg/out.txt"], in: scratch)
        XCTAssertEqual(badSUR.status, 2, badSUR.stderr)
        try assertUnchanged(path("reg"), reg, "sur with a bad equation")

        // convert: the classification's place is taken by a folder; the earlier SUT files stay as they were.
        XCTAssertEqual(try CLI.run(["convert", "--to", "sut", "--years", "1995-1996", "--output", "sut"], in: scratch).status, 0)
        try FileManager.default.removeItem(atPath: path("sut/classification.toml"))
        try FileManager.default.createDirectory(atPath: path("sut/classification.toml"), withIntermediateDirectories: false)
        let sut = try snapshot(path("sut"))
        let convert = try CLI.run(["convert", "--to", "sut", "--years", "1995", "--output", "sut"], in: scratch)
        XCTAssertNotEqual(convert.status, 0, convert.stderr)
        XCTAssertTrue(convert.stderr.contains("classification.toml"), convert.stderr)
        try assertUnchanged(path("sut"), sut, "convert with a folder in the way")
    }

    /// The four-year config and a 16-variant grid (two batches of 8 with one thread).
    func writeGrid() throws {
        try writeThreeYearConfig()
        try """
            [base]
            config = "estimate.toml"
            key_terms = ["om", "os"]

            [grid]
            denominators = ["nonenergy", "output"]
            vcov = ["model", "iid"]
            offshoring = ["broad", "narrow"]
            estimators = ["model", "unweighted"]
            """.write(toFile: path("grid.toml"), atomically: true, encoding: .utf8)
    }

    func testSensitivityOutputsAreCheckedFirstAndMergeLeavesNothingOnError() throws {
        try writeGrid()
        try FileManager.default.createDirectory(atPath: path("folder.csv"), withIntermediateDirectories: false)
        let r = try CLI.run(["sensitivity", "--grid", "grid.toml", "--db", "s.db", "--csv", "folder.csv"], in: scratch)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--csv") && r.stderr.contains("folder.csv"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("s.db")), "refused before the database is made")
        // A merge whose second input is not a results database: no output and no temporary file.
        let ok = try CLI.run(["sensitivity", "--grid", "grid.toml", "--db", "s.db", "--limit", "2"], in: scratch)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        try "x,y\n1,2\n".write(toFile: path("not.db"), atomically: true, encoding: .utf8)
        let before = try snapshot(scratch.path)
        let merge = try CLI.run(["sensitivity", "merge", "m.db", "s.db", "not.db"], in: scratch)
        XCTAssertEqual(merge.status, 2, merge.stderr)
        XCTAssertTrue(merge.stderr.contains("not.db"), merge.stderr)
        try assertUnchanged(scratch.path, before, "a failed merge")
    }

    func testASensitivityRunKilledBetweenCommitsResumesToTheUninterruptedResult() throws {
        try writeGrid()
        let whole = try CLI.run(["sensitivity", "--grid", "grid.toml", "--db", "whole.db", "--csv", "whole.csv", "--threads", "1"], in: scratch)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertTrue(whole.stderr.contains("16 variants in the grid; 0 already done, 16 computed"), whole.stderr)

        // Start the same run and kill it (SIGKILL: no handler runs) once its first batch is committed.
        let p = Process()
        p.executableURL = try CLI.executable()
        p.arguments = ["sensitivity", "--grid", "grid.toml", "--db", "killed.db", "--threads", "1"]
        p.currentDirectoryURL = scratch
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let waiter = """
            import os, sqlite3, sys, time
            db = sys.argv[1]
            for _ in range(6000):
                if os.path.exists(db):
                    try:
                        c = sqlite3.connect(db, timeout=5)
                        n = c.execute("SELECT COUNT(*) FROM variants WHERE done = 1").fetchone()[0]
                        c.close()
                        if n > 0:
                            print(n); sys.exit(0)
                    except sqlite3.Error:
                        pass
                time.sleep(0.005)
            sys.exit(1)
            """
        let w = Process()
        w.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        w.arguments = ["python3", "-c", waiter, path("killed.db")]
        w.standardOutput = FileHandle.nullDevice
        try w.run()
        w.waitUntilExit()
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        guard w.terminationStatus == 0 else { throw XCTSkip("python3 with sqlite3 is needed to watch the database") }

        // Consistent as of the last commit: every done variant has its rows, no other variant has any.
        let check = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            done = c.execute("SELECT COUNT(*) FROM variants WHERE done = 1").fetchone()[0]
            orphans = sum(c.execute(f"SELECT COUNT(*) FROM {t} WHERE variant_key NOT IN (SELECT variant_key FROM variants WHERE done = 1)").fetchone()[0]
                          for t in ("fits", "estimates"))
            empty = c.execute("SELECT COUNT(*) FROM variants v WHERE done = 1 AND NOT EXISTS (SELECT 1 FROM results r WHERE r.variant_id = v.variant_id)").fetchone()[0]
            print(done, orphans, empty)
            """
        let q = Process()
        q.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        q.arguments = ["python3", "-c", check, path("killed.db")]
        let out = Pipe()
        q.standardOutput = out
        try q.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        q.waitUntilExit()
        XCTAssertEqual(q.terminationStatus, 0, "integrity check")
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        XCTAssertEqual(fields.count, 3, text)
        XCTAssertEqual(fields.dropFirst().map { $0 }, [0, 0], "no rows without a done flag, no done flag without rows: \(text)")
        let doneAtKill = fields.first ?? 0

        let resumed = try CLI.run(["sensitivity", "--grid", "grid.toml", "--db", "killed.db", "--csv", "killed.csv", "--threads", "2"], in: scratch)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("\(doneAtKill) already done, \(16 - doneAtKill) computed"), resumed.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("killed.csv"), encoding: .utf8), try String(contentsOfFile: path("whole.csv"), encoding: .utf8))
        XCTAssertEqual(resumed.stdout, whole.stdout)
        XCTAssertEqual(try canonicalDump(path("killed.db")), try canonicalDump(path("whole.db")))
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.contains("killed") }.sorted()
        XCTAssertEqual(left, ["killed.csv", "killed.db"], "the journal of the killed run is rolled back and gone")
    }
}
