import Foundation
import XCTest

/// The same inputs give byte-identical outputs: `estimate` (run folder with report), `measure` over every year,
/// `regress` with demeaning split over threads, and `sensitivity` (CSV export and a canonical dump of the database)
/// run twice, with 1 and 2 worker threads (`--threads` and `OFFSHORE_THREADS`), and resumed against uninterrupted.
final class DeterminismTests: ScratchFolderTestCase {
    /// Every file under `root` (relative paths, sorted) with its bytes.
    func contents(_ root: String) throws -> [(String, Data)] {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root) else { return [] }
        var out: [(String, Data)] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue {
                out.append((p, try Data(contentsOf: URL(fileURLWithPath: root + "/" + p))))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Asserts that two folders hold the same files with the same bytes, naming the first file that differs.
    func assertSameFolders(_ a: String, _ b: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try contents(a), y = try contents(b)
        XCTAssertEqual(x.map(\.0), y.map(\.0), "\(what): the same files", file: file, line: line)
        XCTAssertGreaterThan(x.count, 0, file: file, line: line)
        for ((p, d), (_, e)) in zip(x, y) where d != e {
            XCTFail("\(what): \(p) differs", file: file, line: line)
        }
    }

    func testEstimateWithReportIsByteIdenticalAcrossRunsAndThreadCounts() throws {
        let config = """
            [data]
            tables = "SupplyUseTables/wiod2013"
            years = "1995-1999"

            [[model]]
            preset = "production"
            period = "1995-1999"

            [[model]]
            preset = "skill_share"
            period = "1995-1999"

            [[model]]
            preset = "skill_system"
            period = "1995-1999"

            [[contributions]]
            model = "skill_share"

            [output]
            run_name = "det"
            """
        try config.write(toFile: path("det.toml"), atomically: true, encoding: .utf8)
        let runs: [(String, [String], [String: String])] = [
            ("one", ["--threads", "1"], [:]), ("two", ["--threads", "2"], [:]), ("env", [], ["OFFSHORE_THREADS": "2"]), ("again", [], [:]),
        ]
        for (dir, extra, env) in runs {
            let r = try CLI.run(["estimate", "--config", "det.toml", "--report", dir] + extra, in: scratch, environment: env)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        for (dir, _, _) in runs.dropFirst() { try assertSameFolders(path("one/det"), path("\(dir)/det"), "estimate in \(dir)") }
        XCTAssertGreaterThan(try contents(path("one/det")).count, 50, "the run files, the report's tables and charts")
        let bad = try CLI.run(["estimate", "--config", "det.toml", "--threads", "0"], in: scratch)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--threads"), bad.stderr)
    }

    func testMeasureOverAllYearsIsByteIdenticalAcrossThreadCounts() throws {
        var outputs: [String] = []
        for (k, threads) in ["1", "2", "4"].enumerated() {
            let r = try CLI.run(["measure", "--format", "csv", "--threads", threads, "--report", "rep\(k)"], in: scratch)
            XCTAssertEqual(r.status, 0, r.stderr)
            outputs.append(r.stdout)
        }
        XCTAssertEqual(outputs[0].split(separator: "\n").first, "country,unit,year,measure,group,value")
        XCTAssertTrue(outputs[0].contains(",2011,"), "every year through 2011")
        XCTAssertTrue(outputs.allSatisfy { $0 == outputs[0] }, "the same CSV with 1, 2 and 4 threads")
        try assertSameFolders(path("rep0"), path("rep1"), "measure --report, 1 and 2 threads")
        try assertSameFolders(path("rep0"), path("rep2"), "measure --report, 1 and 4 threads")
    }

    func testRegressDemeaningSplitOverThreadsGivesTheSameBytes() throws {
        // 30,000 rows (above the size where demeaning splits its columns over the threads), two fixed effects.
        var csv = "y,x1,x2,x3,firm,year\n"
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<30_000 {
            let x1 = next(), x2 = next(), x3 = next()
            let y = 0.5 * x1 - 0.25 * x2 + 0.125 * x3 + Double(i % 97) * 0.01 + Double(i % 13) * 0.02 + next()
            csv += "\(y),\(x1),\(x2),\(x3),f\(i % 97),\(2000 + i % 13)\n"
        }
        try csv.write(toFile: path("big.csv"), atomically: true, encoding: .utf8)
        var outs: [String] = []
        for t in ["1", "2", "3"] {
            let r = try CLI.run(["regress", "--data", "big.csv", "--formula", "y ~ x1 + x2 + x3 | firm + year", "--vcov", "cluster:firm",
                                 "--format", "json"], in: scratch, environment: ["OFFSHORE_THREADS": t])
            XCTAssertEqual(r.status, 0, r.stderr)
            outs.append(r.stdout)
        }
        XCTAssertTrue(outs[0].contains("\"term\":\"x1\""), outs[0])
        XCTAssertEqual(outs[1], outs[0], "2 threads")
        XCTAssertEqual(outs[2], outs[0], "3 threads")
    }

    func testSensitivityIsByteIdenticalAcrossThreadsAndResumption() throws {
        try writeThreeYearConfig()
        let grid = """
            [base]
            config = "estimate.toml"
            key_terms = ["om", "os"]

            [grid]
            denominators = ["nonenergy", "output"]
            vcov = ["model", "iid"]
            offshoring = ["broad", "narrow"]
            """
        try grid.write(toFile: path("grid.toml"), atomically: true, encoding: .utf8)
        func run(_ db: String, _ extra: [String]) throws -> CLI.Result {
            let r = try CLI.run(["sensitivity", "--grid", "grid.toml", "--db", db, "--csv", db + ".csv"] + extra, in: scratch)
            XCTAssertEqual(r.status, 0, r.stderr)
            return r
        }
        let one = try run("one.db", ["--threads", "1"])
        XCTAssertTrue(one.stderr.contains("8 variants in the grid; 0 already done, 8 computed"), one.stderr)
        let two = try run("two.db", ["--threads", "2"])
        _ = try run("part.db", ["--threads", "2", "--limit", "3"])
        let resumed = try run("part.db", ["--threads", "1"])
        XCTAssertTrue(resumed.stderr.contains("3 already done, 5 computed"), resumed.stderr)
        let csv = try String(contentsOfFile: path("one.db.csv"), encoding: .utf8)
        XCTAssertGreaterThan(csv.split(separator: "\n").count, 8 * 2, csv)
        for other in ["two.db", "part.db"] {
            XCTAssertEqual(try String(contentsOfFile: path(other + ".csv"), encoding: .utf8), csv, "CSV of \(other)")
        }
        XCTAssertEqual(two.stdout, one.stdout, "the stability summary")
        XCTAssertEqual(resumed.stdout, one.stdout, "the stability summary after a resume")
        let reference = try canonicalDump(path("one.db"))
        XCTAssertTrue(reference.contains("CREATE TABLE estimates"), reference)
        XCTAssertEqual(try canonicalDump(path("two.db")), reference, "the database with 2 threads")
        XCTAssertEqual(try canonicalDump(path("part.db")), reference, "the database resumed after 3 variants")
    }
}

/// A canonical dump of an SQLite database: every table's and view's schema and its rows sorted, numbers at full precision.
func canonicalDump(_ db: String) throws -> String {
    let script = """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        for name, sql in c.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index', 'view') ORDER BY name"):
            print(sql)
            if sql and sql.startswith(("CREATE TABLE", "CREATE VIEW")):
                for row in sorted(c.execute("SELECT * FROM " + name).fetchall(), key=repr):
                    print(repr(row))
        """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, db]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw XCTSkip("python3 with sqlite3 is needed for the canonical dump") }
    return String(decoding: data, as: UTF8.self)
}
