import DataIO
import Foundation
import Sensitivity
import XCTest

/// Parallel runs are deterministic, resumable after an interruption, and shards merge into a single run.
final class RunTests: XCTestCase {
    func run(_ db: String, threads: Int = 2, shard: Shard = .all, limit: Int? = nil) throws -> SensitivityRunSummary {
        try SensitivityRunner.run(grid: try Fixture.smallGrid(), chain: try Fixture.chain.get(), databasePath: db,
                                  options: RunOptions(threads: threads, shard: shard, limit: limit, toolVersion: "test"))
    }

    /// One full run on two threads, shared by the tests.
    static var full: Result<(db: String, rows: [[String]]), Error>?
    func fullRun() throws -> (db: String, rows: [[String]]) {
        if let f = Self.full { return try f.get() }
        let r = Result { () throws -> (String, [[String]]) in
            let db = try Fixture.temporaryDirectory() + "/full.db"
            let s = try run(db)
            XCTAssertEqual(s.computed, 12)
            XCTAssertFalse(s.stoppedEarly)
            return (db, try ResultsDatabase.open(path: db).resultRows())
        }
        Self.full = r.map { (db: $0.0, rows: $0.1) }
        return try r.get()
    }

    func testOneThreadEqualsTwo() throws {
        let full = try fullRun()
        XCTAssertGreaterThan(full.rows.count, 12 * 20)
        let db = try Fixture.temporaryDirectory() + "/one.db"
        _ = try run(db, threads: 1)
        XCTAssertEqual(try ResultsDatabase.open(path: db).resultRows(), full.rows)
    }

    func testResumeAfterLimitDoesNotRecomputeAndEqualsFullRun() throws {
        let full = try fullRun()
        let db = try Fixture.temporaryDirectory() + "/resume.db"
        let first = try run(db, limit: 5)
        XCTAssertEqual(first.computed, 5)
        XCTAssertTrue(first.stoppedEarly)
        XCTAssertEqual(try ResultsDatabase.open(path: db).counts().done, 5)
        let second = try run(db)
        XCTAssertEqual(second.alreadyDone, 5)
        XCTAssertEqual(second.computed, 7)
        XCTAssertEqual(try ResultsDatabase.open(path: db).resultRows(), full.rows)
        let third = try run(db)
        XCTAssertEqual(third.computed, 0)
        XCTAssertEqual(third.alreadyDone, 12)
    }

    func testAVariantWhoseDoneFlagIsClearedIsRecomputedAlone() throws {
        let full = try fullRun()
        let dir = try Fixture.temporaryDirectory()
        let db = dir + "/cleared.db"
        try FileManager.default.copyItem(atPath: full.db, toPath: db)
        // Simulate an interruption inside a variant: its rows half gone and its flag not set.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, "UPDATE variants SET done = 0 WHERE position = 3; DELETE FROM estimates WHERE term_index > 1 AND variant_key = (SELECT variant_key FROM variants WHERE position = 3);"]
        try p.run()
        p.waitUntilExit()
        try XCTSkipIf(p.terminationStatus != 0, "sqlite3 command-line tool not available")
        XCTAssertNotEqual(try ResultsDatabase.open(path: db).resultRows(), full.rows)
        let s = try run(db)
        XCTAssertEqual(s.computed, 1)
        XCTAssertEqual(try ResultsDatabase.open(path: db).resultRows(), full.rows)
    }

    func testTwoShardsMergedEqualOneRun() throws {
        let full = try fullRun()
        let dir = try Fixture.temporaryDirectory()
        let a = try run(dir + "/a.db", shard: Shard(index: 1, count: 2))
        let b = try run(dir + "/b.db", shard: Shard(index: 2, count: 2))
        XCTAssertEqual(a.computed + b.computed, 12)
        XCTAssertGreaterThan(a.computed, 0)
        XCTAssertGreaterThan(b.computed, 0)
        try ResultsDatabase.merge(inputs: [dir + "/b.db", dir + "/a.db"], into: dir + "/merged.db")
        let merged = try ResultsDatabase.open(path: dir + "/merged.db")
        XCTAssertEqual(try merged.resultRows(), full.rows)
        XCTAssertEqual(try merged.counts().done, 12)
        XCTAssertEqual(try merged.csv(), try ResultsDatabase.open(path: full.db).csv())
        // The summary of the merged database is that of the single run.
        XCTAssertEqual(try StabilitySummary.compute(database: merged).entries,
                       try StabilitySummary.compute(database: try ResultsDatabase.open(path: full.db)).entries)
        // Merging into an existing file is refused, and nothing is overwritten.
        XCTAssertThrowsError(try ResultsDatabase.merge(inputs: [dir + "/a.db"], into: dir + "/merged.db")) { XCTAssertNotNil($0 as? InputError) }
    }

    func testADatabaseOfAnotherBaseConfigIsRefused() throws {
        let full = try fullRun()
        let dir = try Fixture.temporaryDirectory()
        let db = dir + "/other.db"
        try FileManager.default.copyItem(atPath: full.db, toPath: db)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, "UPDATE meta SET value = 'abc' WHERE key = 'base_config_hash';"]
        try p.run()
        p.waitUntilExit()
        try XCTSkipIf(p.terminationStatus != 0, "sqlite3 command-line tool not available")
        XCTAssertThrowsError(try run(db)) { e in
            XCTAssertEqual((e as? InputError)?.key, "--db")
        }
        XCTAssertThrowsError(try ResultsDatabase.merge(inputs: [full.db, db], into: dir + "/m.db")) { e in
            XCTAssertEqual((e as? InputError)?.key, "merge")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/m.db"))
    }

    func testDatabaseOpensInPythonWithSettingsAsColumns() throws {
        let full = try fullRun()
        let script = """
            import sqlite3, sys
            con = sqlite3.connect(sys.argv[1])
            cols = [r[1] for r in con.execute("PRAGMA table_info(results)")]
            n = con.execute("SELECT COUNT(*) FROM results").fetchone()[0]
            done = con.execute("SELECT SUM(done) FROM variants").fetchone()[0]
            est = con.execute("SELECT estimate FROM results WHERE model='production' AND term='om' ORDER BY position LIMIT 1").fetchone()[0]
            meta = dict(con.execute("SELECT key, value FROM meta"))
            print(",".join(cols)); print(n); print(done); print(repr(est)); print(meta["tool_version"])
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, full.db]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try XCTSkipIf(p.terminationStatus != 0, "python3 not available")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], ResultsDatabase.resultColumns.joined(separator: ","))
        XCTAssertEqual(Int(lines[1]), full.rows.count)
        XCTAssertEqual(lines[2], "12")
        // Columns by name (the settings columns grew an `inference` column).
        let c = ResultsDatabase.resultColumns
        let model = try XCTUnwrap(c.firstIndex(of: "model")), term = try XCTUnwrap(c.firstIndex(of: "term"))
        let estimate = try XCTUnwrap(c.firstIndex(of: "estimate"))
        let row: [String]? = full.rows.first { (r: [String]) in r[model] == "production" && r[term] == "om" }
        let mine: Double? = row.flatMap { Double($0[estimate]) }
        XCTAssertEqual(Double(lines[3]), mine)
        XCTAssertEqual(lines[4], "test")
    }
}
