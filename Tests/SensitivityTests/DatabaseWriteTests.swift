import Foundation
import IOTables
import Sensitivity
import TestSupport
import XCTest

/// The results database's write path (issue 22: statements prepared once, a variant's settings bound once for its
/// rows, a row rebinding only what changed, old rows cleared in one pass, the index built when a run ends): the
/// rows read back are the rows written, whatever changes from row to row, and a variant written again replaces
/// its rows.
final class DatabaseWriteTests: XCTestCase {
    func variants() throws -> [Variant] {
        let grouping = NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))
        return VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output], vcov: ["model", "iid"]),
                                   groupings: [grouping])
    }

    func row(_ model: String, _ mi: Int, _ term: String, _ ti: Int, _ e: Double, sample: String = "all", vcov: String = "iid") -> ResultRow {
        ResultRow(model: model, modelIndex: mi, term: term, termIndex: ti, estimate: e, stdError: e.isNaN ? .nan : 0.25, tValue: e * 4,
                  pValue: 0.5, nobs: 10 + mi, df: e.isNaN ? .nan : 7, sampleUsed: sample, periodUsed: "1995-1999", vcovUsed: vcov)
    }

    /// The CSV cells `resultRows()` gives for `r` of variant `v`, written out independently of the database.
    func expected(_ v: Variant, _ r: ResultRow) -> [String] {
        func n(_ x: Double) -> String { x.isFinite ? "\(x)" : "NA" }
        return [v.id, "\(v.position)"] + v.settings.map(\.value)
            + [r.model, "\(r.modelIndex)", r.term, "\(r.termIndex)", n(r.estimate), n(r.stdError), n(r.tValue), n(r.pValue), "\(r.nobs)",
               n(r.df), r.sampleUsed, r.periodUsed, r.vcovUsed, n(r.bootPValue), r.bootstrapUsed]
    }

    func testRowsReadBackAsWrittenWhenTextsAndUndefinedNumbersChangeFromRowToRow() throws {
        let v = try variants()
        let db = try ResultsDatabase.openForRun(path: try Fixture.temporaryDirectory() + "/w.db", fingerprint: "f", meta: [:])
        try db.register(v)
        try db.clearUnfinished()
        // The sample and the standard errors used change between models, an undefined estimate sits between
        // defined ones, and the next variant starts with the texts the last one ended with.
        let first = [row("m", 0, "x", 0, 1.5), row("m", 0, "om", 1, .nan), row("m", 0, "os", 2, -2),
                     row("s", 1, "S_l:om", 0, 0.125, sample: "manufacturing", vcov: "gls (FGLS)")]
        var second = [row("s", 1, "S_l:om", 0, 3, sample: "manufacturing", vcov: "gls (FGLS)"), row("m", 2, "om", 0, .nan),
                      row("m", 2, "os", 1, 0.5)]
        // A variant's bootstrap p-value and the bootstrap it used (the grid's inference dimension, issue 17), on one
        // term of a model and not the next.
        second[1].bootPValue = 0.0421
        second[1].bootstrapUsed = "wild:cluster=industry,reps=999,weights=webb,type=restricted,seed=20171203"
        try db.write([VariantOutcome(variant: v[0], rows: first, failures: []),
                      VariantOutcome(variant: v[1], rows: second, failures: [("p", "collinear")])])
        XCTAssertEqual(try db.resultRows(), first.map { expected(v[0], $0) } + second.map { expected(v[1], $0) })
        XCTAssertEqual(try db.failures().map(\.message), ["collinear"])
        XCTAssertEqual(try db.counts().done, 2)

        // Written again (a caller that did not clear it first): its rows and failures are replaced, not added.
        let again = [row("q", 0, "om", 0, 9)]
        try db.write([VariantOutcome(variant: v[1], rows: again, failures: [])])
        XCTAssertEqual(try db.resultRows(), first.map { expected(v[0], $0) } + again.map { expected(v[1], $0) })
        XCTAssertEqual(try db.failures().count, 0)
    }

    /// The model's texts and observations are stored once per model (`fits`): rows of one model that disagree
    /// about them are refused, and the transaction leaves the database as it was.
    func testRowsOfOneModelThatDisagreeAboutTheModelAreRefused() throws {
        let v = try variants()
        let db = try ResultsDatabase.openForRun(path: try Fixture.temporaryDirectory() + "/d.db", fingerprint: "f", meta: [:])
        try db.register(v)
        try db.clearUnfinished()
        let good = VariantOutcome(variant: v[0], rows: [row("m", 0, "om", 0, 1)], failures: [])
        for bad in [[row("m", 0, "om", 0, 1), row("m", 0, "os", 1, 2, sample: "manufacturing")],
                    [row("m", 0, "om", 0, 1), row("m", 0, "os", 1, 2, vcov: "hc1")],
                    [row("m", 0, "om", 0, 1), row("n", 0, "os", 1, 2)]] {
            XCTAssertThrowsError(try db.write([good, VariantOutcome(variant: v[1], rows: bad, failures: [])])) {
                XCTAssertTrue("\($0)".contains("variant \(v[1].id), model"), "\($0)")
            }
            XCTAssertEqual(try db.resultRows(), [], "nothing of the refused commit is written")
            XCTAssertEqual(try db.counts().done, 0)
        }
        try db.write([good])
        XCTAssertEqual(try db.resultRows(), [expected(v[0], row("m", 0, "om", 0, 1))])
    }

    /// The view `results` has schema 2's columns in schema 2's order (readers in R and Python select them by
    /// name or by position).
    func testTheResultsViewHasTheColumnsOfTheTableItReplaces() throws {
        let path = try Fixture.temporaryDirectory() + "/c.db"
        _ = try ResultsDatabase.openForRun(path: path, fingerprint: "f", meta: [:])
        let columns = try Self.sqlite(path, "SELECT name FROM pragma_table_info('results') ORDER BY cid;")
        XCTAssertEqual(columns.split(separator: "\n").map(String.init), ResultsDatabase.resultColumns)
        XCTAssertEqual(ResultsDatabase.resultColumns, Self.schema2Columns)
    }

    /// Schema 2 as released (commit c36033b, `ResultsDatabase.schema`): one wide `results` table.
    static let schema2 = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE variants (variant_id TEXT PRIMARY KEY, position INTEGER NOT NULL, grouping TEXT NOT NULL,
            period TEXT NOT NULL, denominator TEXT NOT NULL, offshoring TEXT NOT NULL, sample TEXT NOT NULL, estimator TEXT NOT NULL,
            vcov TEXT NOT NULL, inference TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE results (variant_id TEXT NOT NULL, position INTEGER NOT NULL, grouping TEXT NOT NULL,
            period TEXT NOT NULL, denominator TEXT NOT NULL, offshoring TEXT NOT NULL, sample TEXT NOT NULL, estimator TEXT NOT NULL,
            vcov TEXT NOT NULL, inference TEXT NOT NULL, model TEXT NOT NULL, model_index INTEGER NOT NULL, term TEXT NOT NULL, term_index INTEGER NOT NULL,
            estimate REAL, std_error REAL, t_value REAL, p_value REAL, nobs INTEGER, df REAL, sample_used TEXT, period_used TEXT, vcov_used TEXT,
            boot_p_value REAL, bootstrap_used TEXT);
        CREATE TABLE failures (variant_id TEXT NOT NULL, model TEXT NOT NULL, message TEXT NOT NULL);
        CREATE INDEX results_variant ON results (variant_id);
        """
    static let schema2Columns = ["variant_id", "position", "grouping", "period", "denominator", "offshoring", "sample", "estimator", "vcov",
                                 "inference", "model", "model_index", "term", "term_index", "estimate", "std_error", "t_value", "p_value",
                                 "nobs", "df", "sample_used", "period_used", "vcov_used", "boot_p_value", "bootstrap_used"]

    /// A schema-2 database (written here row by row with schema 2's statements) is read as it is, merged, and
    /// upgraded in place by a run of the same base config: the same rows, failures and flags, schema 3's tables.
    func testASchema2DatabaseIsReadMergedAndUpgradedByTheNextRun() throws {
        let v = try variants()
        let dir = try Fixture.temporaryDirectory()
        let old = dir + "/old.db"
        var first = [row("m", 0, "om", 0, 1.25), row("m", 0, "os", 1, .nan), row("s", 1, "S_l:om", 0, -0.5, vcov: "gls (FGLS)")]
        first[0].bootPValue = 0.03
        first[0].bootstrapUsed = "wild:cluster=industry,reps=999,weights=webb,type=restricted,seed=1"
        let rows = first.map { expected(v[0], $0) }
        func quote(_ cell: String) -> String { cell == "NA" ? "NULL" : Double(cell) != nil && !cell.contains("e") ? cell : "'\(cell)'" }
        var sql = Self.schema2 + "INSERT INTO meta VALUES ('schema_version', '2'), ('base_config_hash', 'f');\n"
        for (k, x) in v.enumerated() {
            sql += "INSERT INTO variants VALUES ('\(x.id)', \(x.position), \(x.settings.map { "'\($0.value)'" }.joined(separator: ", ")), \(k == 0 ? 1 : 0), \(k == 0 ? 1 : 0));\n"
        }
        for r in rows {
            // Text columns quoted, numbers as written, NA as NULL (the ids are hex and may read as numbers).
            let cells = zip(Self.schema2Columns, r).map { c, x in
                ["variant_id", "grouping", "period", "denominator", "offshoring", "sample", "estimator", "vcov", "inference", "model",
                 "term", "sample_used", "period_used", "vcov_used", "bootstrap_used"].contains(c) ? "'\(x)'" : quote(x)
            }
            sql += "INSERT INTO results VALUES (\(cells.joined(separator: ", ")));\n"
        }
        sql += "INSERT INTO failures VALUES ('\(v[0].id)', 'p', 'collinear');\n"
        try Self.sqlite(old, sql)

        // Read as it is.
        XCTAssertEqual(try ResultsDatabase.open(path: old).resultRows(), rows)
        XCTAssertEqual(try ResultsDatabase.open(path: old).failures().map(\.message), ["collinear"])
        // Merged (the merge reads `results` whatever it is).
        try ResultsDatabase.merge(inputs: [old], into: dir + "/merged.db")
        let merged = try ResultsDatabase.open(path: dir + "/merged.db")
        XCTAssertEqual(try merged.resultRows(), rows)
        XCTAssertEqual(try merged.counts().done, 1)
        XCTAssertEqual(try merged.meta()["schema_version"], "3")
        // A run of another base config refuses it and leaves it as it was.
        XCTAssertThrowsError(try ResultsDatabase.openForRun(path: old, fingerprint: "g", meta: [:]))
        XCTAssertTrue(try Self.sqlite(old, "SELECT type FROM sqlite_master WHERE name = 'results';") == "table")
        // A run of the same base config upgrades it; its rows are those of schema 2, and it goes on writing.
        let db = try ResultsDatabase.openForRun(path: old, fingerprint: "f", meta: [:])
        XCTAssertEqual(try Self.sqlite(old, "SELECT type FROM sqlite_master WHERE name = 'results';"), "view")
        XCTAssertEqual(try db.meta()["schema_version"], "3")
        XCTAssertEqual(try db.resultRows(), rows)
        XCTAssertEqual(try db.failures().map(\.message), ["collinear"])
        XCTAssertEqual(try db.counts().done, 1)
        try db.register(v)
        try db.clearUnfinished()
        XCTAssertEqual(try db.doneIDs(), [v[0].id])
        try db.write([VariantOutcome(variant: v[1], rows: [row("m", 0, "om", 0, 2)], failures: [])])
        try db.finishWriting()
        XCTAssertEqual(try db.resultRows(), rows + [expected(v[1], row("m", 0, "om", 0, 2))])
        XCTAssertEqual(try Self.sqlite(old, "PRAGMA integrity_check;"), "ok")
    }

    func testAResumedRunClearsUnfinishedRowsAndTheIndexIsBuiltWhenItEnds() throws {
        let v = try variants()
        let path = try Fixture.temporaryDirectory() + "/r.db"
        var db = try ResultsDatabase.openForRun(path: path, fingerprint: "f", meta: [:])
        try db.register(v)
        try db.clearUnfinished()
        try db.write([VariantOutcome(variant: v[0], rows: [row("m", 0, "om", 0, 1)], failures: []),
                      VariantOutcome(variant: v[2], rows: [row("m", 0, "om", 0, 2)], failures: [])])
        try db.finishWriting()
        XCTAssertTrue(try Self.hasIndex(path))
        // What a variant interrupted outside a transaction (or edited by hand) leaves: rows without its done flag.
        try Self.sqlite(path, "UPDATE variants SET done = 0 WHERE variant_id = '\(v[2].id)';")
        db = try ResultsDatabase.openForRun(path: path, fingerprint: "f", meta: [:])
        XCTAssertFalse(try Self.hasIndex(path), "a run writes without the index")
        try db.clearUnfinished()
        XCTAssertEqual(try db.resultRows().map { $0[0] }, [v[0].id], "the unfinished variant's rows are gone before it is recomputed")
        try db.write([VariantOutcome(variant: v[2], rows: [row("m", 0, "om", 0, 3)], failures: [])])
        try db.finishWriting()
        XCTAssertTrue(try Self.hasIndex(path))
        XCTAssertEqual(try db.resultRows(), [expected(v[0], row("m", 0, "om", 0, 1)), expected(v[2], row("m", 0, "om", 0, 3))])
    }

    static func hasIndex(_ path: String) throws -> Bool {
        try sqlite(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('fits_variant', 'estimates_variant');") == "2"
    }

    /// Runs `sqlite3 DB SQL`; skips the test without the SQLite shell.
    @discardableResult
    static func sqlite(_ db: String, _ sql: String) throws -> String { try SQLiteShell.run(db, sql) }
}
