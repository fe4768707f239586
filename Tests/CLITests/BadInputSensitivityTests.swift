import Foundation
import XCTest
import TestSupport

/// The bad-input catalogue's sensitivity-database cases (issue 14; see BadInputCatalogue.swift): a database left
/// with only some of its tables by a run stopped while creating them, and a corrupt shard given to `merge`.
final class BadInputSensitivityTests: XCTestCase {
    /// A folder with a one-model config on 1995-1996 and a two-variant grid (`grid.toml`).
    static func gridFolder() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try """
            [data]
            years = "1995-1996"

            [[model]]
            preset = "production"
            period = "1995-1996"
            """.write(to: dir.appendingPathComponent("estimate.toml"), atomically: true, encoding: .utf8)
        try """
            [base]
            config = "estimate.toml"
            key_terms = ["om"]

            [grid]
            vcov = ["model", "iid"]
            """.write(to: dir.appendingPathComponent("grid.toml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Runs `sqlite3 DB SQL` (the SQLite shell makes the damaged databases); skips the test without it.
    @discardableResult
    static func sqlite(_ db: String, _ sql: String) throws -> String { try SQLiteShell.run(db, sql) }

    // MARK: §5 a database whose tables were never all created

    func testADatabaseHoldingOnlyMetaIsCompletedByTheNextRun() throws {
        let dir = try Self.gridFolder()
        let db = dir.appendingPathComponent("results.db").path
        // What a run stopped by a full disk after the first CREATE TABLE left behind.
        try Self.sqlite(db, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        // Reading it says what is wrong and how to complete it.
        let summary = try CLI.run(["sensitivity", "summary", db])
        XCTAssertEqual(summary.status, 2, summary.stderr)
        XCTAssertTrue(summary.stderr.contains("\(db): an incomplete results database: it lacks the tables variants, fits, estimates, failures"), summary.stderr)
        XCTAssertTrue(summary.stderr.contains("run `offshore sensitivity` with this --db again"), summary.stderr)
        // Running again completes it, says so, and computes every variant.
        let r = try CLI.run(["sensitivity", "run", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(db) lacked the tables variants, fits, estimates, failures"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 variants in the grid; 0 already done, 2 computed"), r.stderr)
        let again = try CLI.run(["sensitivity", "run", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", db])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("2 already done, 0 computed"), again.stderr)
        XCTAssertFalse(again.stderr.contains("lacked"), again.stderr)
        // A database with other tables is still refused.
        let other = dir.appendingPathComponent("other.db").path
        try Self.sqlite(other, "CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE mine (x);")
        let refused = try CLI.run(["sensitivity", "run", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", other])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("without the tables of offshore sensitivity"), refused.stderr)
    }

    // MARK: §6 merge of a corrupt shard

    func testMergeOfACorruptDatabaseNamesTheInput() throws {
        let dir = try Self.gridFolder()
        let good = dir.appendingPathComponent("s1.db").path
        let bad = dir.appendingPathComponent("s2.db").path
        for (i, db) in [good, bad].enumerated() {
            let r = try CLI.run(["sensitivity", "run", "--grid", dir.appendingPathComponent("grid.toml").path, "--db", db, "--shard", "\(i + 1)/2"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        // Garbage over the root page of `estimates` (the table the view `results` reads the numbers from): the
        // schema and `meta` still read, copying the rows fails.
        let root = try XCTUnwrap(Int(try Self.sqlite(bad, "SELECT rootpage FROM sqlite_master WHERE name = 'estimates';")))
        XCTAssertGreaterThan(root, 1)
        let pageSize = try XCTUnwrap(Int(try Self.sqlite(bad, "PRAGMA page_size;")))
        let h = try XCTUnwrap(FileHandle(forUpdatingAtPath: bad))
        try h.seek(toOffset: UInt64((root - 1) * pageSize))
        try h.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try h.close()
        let out = dir.appendingPathComponent("merged.db").path
        let r = try CLI.run(["sensitivity", "merge", out, good, bad])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(bad): 'merge': cannot copy its rows into \(out): "), r.stderr)
        XCTAssertFalse(r.stderr.contains(".tmp-"), "names the temporary file: \(r.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("merged") }
        XCTAssertEqual(left, [], "nothing of the merged database is left")
    }
}
