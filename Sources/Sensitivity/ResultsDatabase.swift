import DataIO
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The results database of `offshore sensitivity`: plain SQLite that R (RSQLite), Python (sqlite3, pandas) and
/// Stata (odbc) open as it is.
///
/// What readers see (schema 3):
/// - `results` (a view): one row per variant x model x term: `variant_id`, `position`, the variant's settings
///   (`grouping`, `period`, `denominator`, `offshoring`, `sample`, `estimator`, `vcov`, `inference`; `offshoring` is
///   `broad` or `narrow`, then `:<measure>` when the grid's `measure` swaps a value-chain measure in for om, e.g.
///   `broad:vs`; `denominator` is the denominator, then `:<energy>` when the grid's `energy` chooses the energy
///   products, e.g. `nonenergy:without_mining`), `model`, `model_index`,
///   `term`, `term_index`, `estimate`, `std_error`, `t_value`, `p_value`, `nobs`, `df` (of the t statistic), and what the model used
///   (`sample_used`, `period_used`, `vcov_used`); with a bootstrap (`inference = wild...`), `boot_p_value` and
///   `bootstrap_used` (the bootstrap with its seed; empty without one). Undefined numbers are NULL. The same
///   columns in the same order as schema 2's table of that name, so `SELECT ... FROM results` reads both.
/// - `variants`: one row per variant: `variant_key` (an integer the other tables refer to), `variant_id`,
///   `position`, its settings, `done` (1 once its rows are written, in the same transaction) and `failures`
///   (models that could not be estimated).
/// - `failures`: `variant_id`, `model`, `message`.
/// - `meta`: `key`, `value` (`schema_version`, `tool_version`, `base_config_hash`, `base_config`, `models`,
///   `key_terms`, `alpha`, `baseline_variant`, `shard`).
///
/// The view reads two normalized tables, which is what a run writes (issue 22: a row of the wide table repeated
/// the variant's id and eight settings and the model's four texts, and cost the writer 2.9 us; the writer's CPU is
/// what a second worker thread has to share its core with):
/// - `fits`: one row per variant x model: `variant_key`, `model_index`, `model`, `nobs`, `sample_used`,
///   `period_used`, `vcov_used`;
/// - `estimates`: one row per variant x model x term: `variant_key`, `model_index`, `term_index`, `term`,
///   `estimate`, `std_error`, `t_value`, `p_value`, `df`, `boot_p_value`, `bootstrap_used`.
public final class ResultsDatabase {
    /// The file.
    public let path: String
    let connection: SQLiteConnection
    /// Tables that `openForRun` found missing in an existing database and created (a run stopped, e.g. by a full
    /// disk, while it created them); empty for a complete or a new database.
    public private(set) var createdMissingTables: [String] = []
    /// The schema's version, in `meta`. Schema 2 (one wide `results` table) is read as it is and upgraded in place
    /// when a run resumes it (`upgradeFromSchema2`).
    public static let schemaVersion = "3"

    /// The settings columns, in order (also the CSV's).
    public static let settingColumns = ["grouping", "period", "denominator", "offshoring", "sample", "estimator", "vcov", "inference"]
    /// The columns of the `results` view, in order.
    public static let resultColumns = ["variant_id", "position"] + settingColumns
        + ["model", "model_index", "term", "term_index", "estimate", "std_error", "t_value", "p_value", "nobs", "df", "sample_used", "period_used", "vcov_used",
           "boot_p_value", "bootstrap_used"]

    /// The tables of a results database, in the order the schema creates them (the view `results` besides).
    static let tableNames = ["meta", "variants", "fits", "estimates", "failures"]
    /// The tables of a schema-2 database.
    static let schema2TableNames = ["meta", "variants", "results", "failures"]

    /// What `results` is made of: each column of `resultColumns` from its table (`v`: variants, `f`: fits,
    /// `e`: estimates).
    static let resultSources: [String] = resultColumns.map { c in
        if c == "variant_id" || c == "position" || settingColumns.contains(c) { return "v." + c }
        if ["model", "nobs", "sample_used", "period_used", "vcov_used"].contains(c) { return "f." + c }
        return "e." + c
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS variants (variant_key INTEGER PRIMARY KEY, variant_id TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,
            grouping TEXT NOT NULL, period TEXT NOT NULL, denominator TEXT NOT NULL, offshoring TEXT NOT NULL, sample TEXT NOT NULL,
            estimator TEXT NOT NULL, vcov TEXT NOT NULL, inference TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS fits (variant_key INTEGER NOT NULL, model_index INTEGER NOT NULL, model TEXT NOT NULL, nobs INTEGER,
            sample_used TEXT, period_used TEXT, vcov_used TEXT);
        CREATE TABLE IF NOT EXISTS estimates (variant_key INTEGER NOT NULL, model_index INTEGER NOT NULL, term_index INTEGER NOT NULL,
            term TEXT NOT NULL, estimate REAL, std_error REAL, t_value REAL, p_value REAL, df REAL, boot_p_value REAL, bootstrap_used TEXT);
        CREATE TABLE IF NOT EXISTS failures (variant_id TEXT NOT NULL, model TEXT NOT NULL, message TEXT NOT NULL);
        CREATE VIEW IF NOT EXISTS results (\(resultColumns.joined(separator: ", "))) AS
            SELECT \(resultSources.joined(separator: ", "))
            FROM estimates e JOIN fits f ON f.variant_key = e.variant_key AND f.model_index = e.model_index
            JOIN variants v ON v.variant_key = e.variant_key;
        """

    /// The indexes of `fits` and `estimates` by variant, for readers (the view's join; R, Python,
    /// `WHERE variant_id = ...`). A run drops them while it writes (kept up to date row by row they cost the writer
    /// about a fifth more) and builds them in one sorted pass when it ends (`finishWriting`); `merge` builds them last.
    static let indexes = """
        CREATE INDEX IF NOT EXISTS fits_variant ON fits (variant_key, model_index);
        CREATE INDEX IF NOT EXISTS estimates_variant ON estimates (variant_key);
        """
    static let dropIndexes = "DROP INDEX IF EXISTS fits_variant; DROP INDEX IF EXISTS estimates_variant;"

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = connection
    }

    /// Opens or creates the database for a run whose chain has `fingerprint`, and records `meta`. A database made
    /// by another base config (another fingerprint) or an unknown schema is refused; a schema-2 database of the same
    /// base config is upgraded in place, in one transaction (`upgradeFromSchema2`).
    public static func openForRun(path: String, fingerprint: String, meta: [String: String]) throws -> ResultsDatabase {
        let existed = fileExists(path)
        let c = try SQLiteConnection(path: path, create: true)
        // A database holding only some of the tables (a run stopped, e.g. by a full disk, while creating them,
        // before any result was written) is completed: the schema creates only what is missing.
        let found = existed ? try checkIsResults(c, allowPartial: true) : .new
        // A rollback journal with full syncs: a run killed or a machine that loses power at any moment leaves the
        // database as of its last commit (SQLite rolls a hot journal back on the next open), so a resume works.
        // One commit per batch of variants keeps the cost of the syncs small.
        try c.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;")
        let db = ResultsDatabase(path: path, connection: c)
        if found == .schema2 {
            // Checked before the upgrade, so that a database of another base config is left as it was.
            try db.checkFingerprint(fingerprint)
            try db.upgradeFromSchema2()
        }
        // The tables are created in one transaction, so a run stopped here leaves all of them or none.
        try c.exec("BEGIN IMMEDIATE;\n" + schema + "\n" + dropIndexes + "\nCOMMIT;")
        if case .partial(let missing) = found { db.createdMissingTables = missing }
        if found != .schema2 { try db.checkFingerprint(fingerprint) }
        if let v = try db.meta()["schema_version"], v != schemaVersion {
            throw InputError(file: path, key: "--db", "schema version \(v), expected \(schemaVersion) (or 2, which a run upgrades); give another --db")
        }
        var m = meta
        m["schema_version"] = schemaVersion
        m["base_config_hash"] = fingerprint
        try db.setMeta(m)
        return db
    }

    /// Refuses a database whose results come from another base config, models or input data.
    private func checkFingerprint(_ fingerprint: String) throws {
        if let h = try meta()["base_config_hash"], h != fingerprint {
            throw InputError(file: path, key: "--db", "this database holds results of another base config, models or input data (fingerprint \(h.prefix(12)), this run \(fingerprint.prefix(12))); give another --db")
        }
    }

    /// Rewrites a schema-2 database (one wide `results` table) as schema 3 in one transaction: the variants keep
    /// their ids, settings and flags, the rows of the done ones move to `fits` and `estimates` (the view
    /// `results` then reads what the table held), and failures stay. A run stopped here leaves schema 2.
    func upgradeFromSchema2() throws {
        try transaction("BEGIN IMMEDIATE") {
            try connection.exec("""
                DROP INDEX IF EXISTS results_variant;
                ALTER TABLE variants RENAME TO variants_schema2;
                ALTER TABLE results RENAME TO results_schema2;
                ALTER TABLE failures RENAME TO failures_schema2;
                \(Self.schema)
                \(Self.copySQL(variants: "variants_schema2", results: "results_schema2", failures: "failures_schema2"))
                DROP TABLE variants_schema2;
                DROP TABLE results_schema2;
                DROP TABLE failures_schema2;
                INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '\(Self.schemaVersion)');
                """)
        }
    }

    /// SQL that copies another database's variants, rows and failures into this one's tables: the variants done
    /// there and not here (with their rows and failures), and the variants it has not done that this one lacks
    /// (not done). It reads `variants`, `results` and `failures` by the names given, which schema 2 (tables) and
    /// schema 3 (`results` a view with the same columns) both have, so `merge` takes inputs of either.
    static func copySQL(variants: String, results: String, failures: String) -> String {
        let columns = (["variant_id", "position"] + settingColumns + ["done", "failures"]).joined(separator: ", ")
        let update = (["position"] + settingColumns + ["done", "failures"]).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return """
            CREATE TEMP TABLE new_done AS SELECT variant_id FROM \(variants) WHERE done = 1
                AND variant_id NOT IN (SELECT variant_id FROM main.variants WHERE done = 1);
            INSERT INTO main.variants (\(columns)) SELECT \(columns) FROM \(variants) WHERE variant_id IN (SELECT variant_id FROM new_done)
                ORDER BY position ON CONFLICT (variant_id) DO UPDATE SET \(update);
            INSERT OR IGNORE INTO main.variants (\(columns)) SELECT \(columns) FROM \(variants) WHERE done = 0 ORDER BY position;
            INSERT INTO main.fits (variant_key, model_index, model, nobs, sample_used, period_used, vcov_used)
                SELECT m.variant_key, r.model_index, MIN(r.model), MIN(r.nobs), MIN(r.sample_used), MIN(r.period_used), MIN(r.vcov_used)
                FROM \(results) r JOIN main.variants m USING (variant_id) WHERE r.variant_id IN (SELECT variant_id FROM new_done)
                GROUP BY m.variant_key, r.model_index ORDER BY m.variant_key, r.model_index;
            INSERT INTO main.estimates (variant_key, model_index, term_index, term, estimate, std_error, t_value, p_value, df, boot_p_value, bootstrap_used)
                SELECT m.variant_key, r.model_index, r.term_index, r.term, r.estimate, r.std_error, r.t_value, r.p_value, r.df, r.boot_p_value, r.bootstrap_used
                FROM \(results) r JOIN main.variants m USING (variant_id) WHERE r.variant_id IN (SELECT variant_id FROM new_done)
                ORDER BY m.variant_key, r.model_index, r.term_index;
            INSERT INTO main.failures (variant_id, model, message)
                SELECT variant_id, model, message FROM \(failures) WHERE variant_id IN (SELECT variant_id FROM new_done);
            DROP TABLE new_done;
            """
    }

    /// Opens an existing results database read-only in spirit (nothing is written unless asked). Schema 2 and 3
    /// are read alike (both have `results`, `variants`, `failures` and `meta` with the same columns).
    public static func open(path: String) throws -> ResultsDatabase {
        guard fileExists(path) else { throw InputError(file: path, "no such results database") }
        let c = try SQLiteConnection(path: path, create: false)
        try checkIsResults(c)
        return ResultsDatabase(path: path, connection: c)
    }

    /// What `checkIsResults` found.
    enum Found: Equatable {
        /// No table: a new file.
        case new
        /// Every table of schema 3.
        case complete
        /// Every table of schema 2 (one wide `results` table).
        case schema2
        /// Some of schema 3's tables and no other (a run stopped while creating them): those missing.
        case partial([String])
    }

    /// Checks that `c` holds the tables of a results database (or none: a new file). With `allowPartial`, a
    /// database holding only some of them and no other table (a run stopped while it created them) passes;
    /// without it such a database is refused with a message that says how to complete it.
    @discardableResult
    static func checkIsResults(_ c: SQLiteConnection, allowPartial: Bool = false) throws -> Found {
        let tables: [[SQLiteValue]]
        do { tables = try c.rows("SELECT name FROM sqlite_master WHERE type = 'table'") } catch {
            throw InputError(file: c.path, "not an SQLite database (expected the results of offshore sensitivity)")
        }
        let names = Set(tables.compactMap { $0.first?.string })
        if names.isEmpty { return .new }
        if names.isSuperset(of: schema2TableNames) && !names.contains("estimates") { return .schema2 }
        let missing = tableNames.filter { !names.contains($0) }
        if missing.isEmpty { return .complete }
        guard names.isSubset(of: tableNames) else {
            throw InputError(file: c.path, "an SQLite database without the tables of offshore sensitivity (\(tableNames.joined(separator: ", ")))")
        }
        guard allowPartial else {
            throw InputError(file: c.path, "an incomplete results database: it lacks the tables \(missing.joined(separator: ", ")) "
                + "(a run stopped, e.g. by a full disk, while creating it); run `offshore sensitivity` with this --db again to complete it")
        }
        return .partial(missing)
    }

    /// The `meta` table.
    public func meta() throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try connection.rows("SELECT key, value FROM meta") {
            if let k = r[0].string, let v = r[1].string { out[k] = v }
        }
        return out
    }

    func setMeta(_ m: [String: String]) throws {
        try transaction {
            let s = try connection.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
            for (k, v) in m.sorted(by: { $0.key < $1.key }) { try s.run([.text(k), .text(v)]) }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction(_ begin: String = "BEGIN", _ body: () throws -> Void) throws {
        try connection.exec(begin)
        do {
            try body()
            try connection.exec("COMMIT")
        } catch {
            try? connection.exec("ROLLBACK")
            throw error
        }
    }

    /// Adds `variants` not yet in the `variants` table (not done), in the order given (their keys ascend in it).
    public func register(_ variants: [Variant]) throws {
        try transaction {
            let s = try connection.prepare("INSERT OR IGNORE INTO variants (variant_id, position, \(Self.settingColumns.joined(separator: ", ")), done, failures) VALUES (?, ?, \(Self.settingColumns.map { _ in "?" }.joined(separator: ", ")), 0, 0)")
            for v in variants { try s.run([.text(v.id), .int(v.position)] + v.settings.map { .text($0.value) }) }
        }
        keys = [:]
    }

    /// Ids of the variants whose rows are complete.
    public func doneIDs() throws -> Set<String> {
        Set(try connection.rows("SELECT variant_id FROM variants WHERE done = 1").compactMap { $0.first?.string })
    }

    /// The `variant_key` of every registered variant, by id (read once after `register`).
    private var keys: [String: Int] = [:]

    private func key(_ id: String) throws -> Int {
        if keys.isEmpty {
            for r in try connection.rows("SELECT variant_id, variant_key FROM variants") {
                if let id = r[0].string, let k = r[1].double { keys[id] = Int(k) }
            }
        }
        guard let k = keys[id] else { throw InputError(file: path, "variant \(id) is not registered in this database") }
        return k
    }

    /// Writes the outcomes in one transaction: each variant's rows and failures replace any it had, and its
    /// `done` flag is set in the same transaction, so an interrupted run never leaves a variant half-written.
    ///
    /// The statements are prepared once per database. A model's texts (its name, the sample, period and standard
    /// errors it used) and its observations go into one `fits` row; a term's numbers into an `estimates` row that
    /// refers to its variant by its integer key and rebinds the bootstrap's text only when it changes. Rows of
    /// one model that disagree about the model's texts are refused (they are facts of the model, not of a term).
    /// A variant that `clearUnfinished()` found without rows is not searched for old ones.
    public func write(_ outcomes: [VariantOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        let s = try writeStatements()
        try connection.exec("BEGIN IMMEDIATE")
        do {
            for o in outcomes {
                let v = o.variant
                let key = try self.key(v.id)
                if cleared.remove(v.id) == nil {
                    for d in [s.deleteFits, s.deleteEstimates] {
                        try d.bind(1, int: key)
                        try d.runBound()
                    }
                    try s.deleteFailures.bind(1, text: v.id)
                    try s.deleteFailures.runBound()
                }
                try s.insert.bind(1, int: key)
                var model = -1, modelRow = 0
                var boot: String?
                for (k, r) in o.rows.enumerated() {
                    if r.modelIndex != model {
                        model = r.modelIndex
                        modelRow = k
                        try s.insertFit.run([.int(key), .int(r.modelIndex), .text(r.model), .int(r.nobs), .text(r.sampleUsed),
                                             .text(r.periodUsed), .text(r.vcovUsed)])
                        try s.insert.bind(2, int: r.modelIndex)
                    } else {
                        let first = o.rows[modelRow]
                        guard r.model == first.model, r.nobs == first.nobs, r.sampleUsed == first.sampleUsed,
                              r.periodUsed == first.periodUsed, r.vcovUsed == first.vcovUsed else {
                            throw InputError(file: path, "variant \(v.id), model \(r.model): term \(r.term) has other model texts or observations than the model's first term")
                        }
                    }
                    try s.insert.bind(3, int: r.termIndex)
                    try s.insert.bind(4, text: r.term)
                    try s.insert.bind(5, number: r.estimate)
                    try s.insert.bind(6, number: r.stdError)
                    try s.insert.bind(7, number: r.tValue)
                    try s.insert.bind(8, number: r.pValue)
                    try s.insert.bind(9, number: r.df)
                    try s.insert.bind(10, number: r.bootPValue)
                    if r.bootstrapUsed != boot { try s.insert.bind(11, text: r.bootstrapUsed); boot = r.bootstrapUsed }
                    try s.insert.runBound()
                }
                for f in o.failures { try s.insertFailure.run([.text(v.id), .text(f.model), .text(f.message)]) }
                try s.done.run([.int(o.failures.count), .int(key)])
            }
            try connection.exec("COMMIT")
        } catch {
            try? connection.exec("ROLLBACK")
            // What the rolled-back transaction deleted is back: search those variants for old rows next time.
            cleared.removeAll()
            throw error
        }
    }

    /// Deletes the rows and failures of every variant not done (left by a variant interrupted in a way a
    /// transaction does not cover, e.g. edited by hand), in one pass, so that `write` need not look for old rows
    /// of the variants this run computes. Called by the runner before it starts.
    public func clearUnfinished() throws {
        try transaction("BEGIN IMMEDIATE") {
            try connection.exec("""
                DELETE FROM fits WHERE variant_key IN (SELECT variant_key FROM variants WHERE done = 0);
                DELETE FROM estimates WHERE variant_key IN (SELECT variant_key FROM variants WHERE done = 0);
                DELETE FROM failures WHERE variant_id IN (SELECT variant_id FROM variants WHERE done = 0);
                """)
        }
        cleared = Set(try connection.rows("SELECT variant_id FROM variants WHERE done = 0").compactMap { $0.first?.string })
    }

    /// Builds the indexes of `fits` and `estimates` that `openForRun` dropped; the runner calls it after its last
    /// commit (a killed run leaves the database without them, and the next run builds them).
    public func finishWriting() throws {
        try connection.exec(Self.indexes)
    }

    /// Variants known to have no rows and no failures (cleared by `clearUnfinished` and not written since).
    private var cleared: Set<String> = []

    /// The prepared statements of `write`, made on first use.
    private struct WriteStatements {
        var deleteFits, deleteEstimates, deleteFailures, insertFit, insert, insertFailure, done: SQLiteStatement
    }
    private var statements: WriteStatements?

    private func writeStatements() throws -> WriteStatements {
        if let statements { return statements }
        let s = WriteStatements(
            deleteFits: try connection.prepare("DELETE FROM fits WHERE variant_key = ?"),
            deleteEstimates: try connection.prepare("DELETE FROM estimates WHERE variant_key = ?"),
            deleteFailures: try connection.prepare("DELETE FROM failures WHERE variant_id = ?"),
            insertFit: try connection.prepare("INSERT INTO fits (variant_key, model_index, model, nobs, sample_used, period_used, vcov_used) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            insert: try connection.prepare("INSERT INTO estimates (variant_key, model_index, term_index, term, estimate, std_error, t_value, p_value, df, boot_p_value, bootstrap_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            insertFailure: try connection.prepare("INSERT INTO failures (variant_id, model, message) VALUES (?, ?, ?)"),
            done: try connection.prepare("UPDATE variants SET done = 1, failures = ? WHERE variant_key = ?"))
        statements = s
        return s
    }

    /// Every result row, in the canonical order (variant position, model, term), as the CSV's cells (NULL as `NA`).
    public func resultRows() throws -> [[String]] {
        try connection.rows("SELECT \(Self.resultColumns.joined(separator: ", ")) FROM results ORDER BY position, model_index, term_index")
            .map { $0.map { $0.string ?? "NA" } }
    }

    /// The `results` table as CSV (header of `resultColumns`, rows in canonical order; NULL as `NA`).
    public func csv() throws -> String {
        var out = Self.resultColumns.joined(separator: ",") + "\n"
        for r in try resultRows() { out += r.map(csvField).joined(separator: ",") + "\n" }
        return out
    }

    /// Number of variants registered and done.
    public func counts() throws -> (registered: Int, done: Int, failed: Int) {
        let r = try connection.rows("SELECT COUNT(*), COALESCE(SUM(done), 0), COALESCE(SUM(CASE WHEN failures > 0 THEN 1 ELSE 0 END), 0) FROM variants")
        let v = r.first ?? []
        return (Int(v.first?.double ?? 0), Int(v.dropFirst().first?.double ?? 0), Int(v.dropFirst(2).first?.double ?? 0))
    }

    /// The failures, ordered by variant position.
    public func failures() throws -> [(variant: String, model: String, message: String)] {
        try connection.rows("SELECT f.variant_id, f.model, f.message FROM failures f JOIN variants v USING (variant_id) ORDER BY v.position, f.rowid")
            .map { ($0[0].string ?? "", $0[1].string ?? "", $0[2].string ?? "") }
    }

    /// Combines shard databases into a new database at `output` (written to a temporary file and renamed, so
    /// it appears whole or not at all). Every input must come from the same base config (fingerprint); a
    /// variant done in several inputs is taken from the first.
    public static func merge(inputs: [String], into output: String) throws {
        guard !inputs.isEmpty else { throw InputError(key: "merge", "give at least one input database") }
        guard !fileExists(output) else {
            throw InputError(file: output, key: "merge", "the output database exists; merge into a new file")
        }
        var fingerprint: String?
        var firstMeta: [String: String] = [:]
        for p in inputs {
            let db = try open(path: p)
            let m = try db.meta()
            guard let h = m["base_config_hash"] else { throw InputError(file: p, "no base_config_hash in meta: not a finished results database") }
            if let f = fingerprint, f != h {
                throw InputError(file: p, key: "merge", "made from another base config, models or input data than \(inputs[0]) (fingerprints \(h.prefix(12)) and \(f.prefix(12)))")
            }
            if fingerprint == nil { fingerprint = h; firstMeta = m }
        }
        let temp = output + ".tmp-\(getpid())"
        func removeTemp() { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temp + suffix) } }
        removeTemp()
        do {
            let c = try SQLiteConnection(path: temp, create: true)
            try c.exec(schema)
            let out = ResultsDatabase(path: temp, connection: c)
            var m = firstMeta
            m["schema_version"] = schemaVersion
            m["shard"] = "merged from \(inputs.count) database\(inputs.count == 1 ? "" : "s")"
            try out.setMeta(m)
            for p in inputs {
                // A failure while copying (a corrupt page of an input, a full disk) names the input, not the temporary file.
                do {
                    try c.rows("ATTACH DATABASE ? AS src", [.text(p)]).forEach { _ in }
                    try c.exec("BEGIN;\n" + copySQL(variants: "src.variants", results: "src.results", failures: "src.failures") + "\nCOMMIT;")
                    try c.exec("DETACH DATABASE src")
                } catch let e as InputError where e.file == temp {
                    try? c.exec("ROLLBACK")
                    throw InputError(file: p, key: "merge", "cannot copy its rows into \(output): \(e.message)")
                }
            }
            try c.exec(indexes)
        } catch {
            removeTemp()
            throw error
        }
        guard rename(temp, output) == 0 else {
            removeTemp()
            throw InputError(file: output, "cannot move the merged database into place: \(String(cString: strerror(errno)))")
        }
    }
}
