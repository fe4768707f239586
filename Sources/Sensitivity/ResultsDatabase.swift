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
/// Tables:
/// - `results`: one row per variant x model x term: `variant_id`, `position`, the variant's settings
///   (`grouping`, `period`, `denominator`, `offshoring`, `sample`, `estimator`, `vcov`, `inference`; `offshoring` is
///   `broad` or `narrow`, then `:<measure>` when the grid's `measure` swaps a value-chain measure in for om, e.g.
///   `broad:vs`; `denominator` is the denominator, then `:<energy>` when the grid's `energy` chooses the energy
///   products, e.g. `nonenergy:without_mining`), `model`, `model_index`,
///   `term`, `term_index`, `estimate`, `std_error`, `t_value`, `p_value`, `nobs`, `df` (of the t statistic), and what the model used
///   (`sample_used`, `period_used`, `vcov_used`); with a bootstrap (`inference = wild...`), `boot_p_value` and
///   `bootstrap_used` (the bootstrap with its seed; empty without one). Undefined numbers are NULL.
/// - `variants`: one row per variant with its settings, `done` (1 once its rows are written, in the same
///   transaction) and `failures` (models that could not be estimated).
/// - `failures`: `variant_id`, `model`, `message`.
/// - `meta`: `key`, `value` (`schema_version`, `tool_version`, `base_config_hash`, `base_config`, `models`,
///   `key_terms`, `alpha`, `baseline_variant`, `shard`).
public final class ResultsDatabase {
    /// The file.
    public let path: String
    let connection: SQLiteConnection
    /// Tables that `openForRun` found missing in an existing database and created (a run stopped, e.g. by a full
    /// disk, while it created them); empty for a complete or a new database.
    public private(set) var createdMissingTables: [String] = []
    /// The schema's version, in `meta`.
    public static let schemaVersion = "2"

    /// The settings columns, in order (also the CSV's).
    public static let settingColumns = ["grouping", "period", "denominator", "offshoring", "sample", "estimator", "vcov", "inference"]
    /// The columns of `results`, in order.
    public static let resultColumns = ["variant_id", "position"] + settingColumns
        + ["model", "model_index", "term", "term_index", "estimate", "std_error", "t_value", "p_value", "nobs", "df", "sample_used", "period_used", "vcov_used",
           "boot_p_value", "bootstrap_used"]

    /// The tables of a results database, in the order the schema creates them.
    static let tableNames = ["meta", "variants", "results", "failures"]

    static let schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS variants (variant_id TEXT PRIMARY KEY, position INTEGER NOT NULL, grouping TEXT NOT NULL,
            period TEXT NOT NULL, denominator TEXT NOT NULL, offshoring TEXT NOT NULL, sample TEXT NOT NULL, estimator TEXT NOT NULL,
            vcov TEXT NOT NULL, inference TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS results (variant_id TEXT NOT NULL, position INTEGER NOT NULL, grouping TEXT NOT NULL,
            period TEXT NOT NULL, denominator TEXT NOT NULL, offshoring TEXT NOT NULL, sample TEXT NOT NULL, estimator TEXT NOT NULL,
            vcov TEXT NOT NULL, inference TEXT NOT NULL, model TEXT NOT NULL, model_index INTEGER NOT NULL, term TEXT NOT NULL, term_index INTEGER NOT NULL,
            estimate REAL, std_error REAL, t_value REAL, p_value REAL, nobs INTEGER, df REAL, sample_used TEXT, period_used TEXT, vcov_used TEXT,
            boot_p_value REAL, bootstrap_used TEXT);
        CREATE TABLE IF NOT EXISTS failures (variant_id TEXT NOT NULL, model TEXT NOT NULL, message TEXT NOT NULL);
        """

    /// The index of `results` by variant, for readers (R, Python, `WHERE variant_id = ...`). A run drops it while it
    /// writes (kept up to date row by row it cost a third of the writing: the ids are hashes, so every row lands
    /// at a random place) and builds it in one sorted pass when it ends (`finishWriting`); `merge` builds it last.
    static let indexes = "CREATE INDEX IF NOT EXISTS results_variant ON results (variant_id);"

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = connection
    }

    /// Opens or creates the database for a run whose chain has `fingerprint`, and records `meta`. A database made
    /// by another base config (another fingerprint) or another schema is refused.
    public static func openForRun(path: String, fingerprint: String, meta: [String: String]) throws -> ResultsDatabase {
        let existed = fileExists(path)
        let c = try SQLiteConnection(path: path, create: true)
        // A database holding only some of the tables (a run stopped, e.g. by a full disk, while creating them,
        // before any result was written) is completed: the schema creates only what is missing.
        let missing = existed ? try checkIsResults(c, allowPartial: true) : []
        // A rollback journal with full syncs: a run killed or a machine that loses power at any moment leaves the
        // database as of its last commit (SQLite rolls a hot journal back on the next open), so a resume works.
        // One commit per batch of variants keeps the cost of the syncs small.
        try c.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;")
        // The tables are created in one transaction, so a run stopped here leaves all of them or none.
        try c.exec("BEGIN IMMEDIATE;\n" + schema + "\nDROP INDEX IF EXISTS results_variant;\nCOMMIT;")
        let db = ResultsDatabase(path: path, connection: c)
        db.createdMissingTables = missing
        let old = try db.meta()
        if let h = old["base_config_hash"], h != fingerprint {
            throw InputError(file: path, key: "--db", "this database holds results of another base config, models or input data (fingerprint \(h.prefix(12)), this run \(fingerprint.prefix(12))); give another --db")
        }
        if let v = old["schema_version"], v != schemaVersion {
            throw InputError(file: path, key: "--db", "schema version \(v), expected \(schemaVersion)")
        }
        var m = meta
        m["schema_version"] = schemaVersion
        m["base_config_hash"] = fingerprint
        try db.setMeta(m)
        return db
    }

    /// Opens an existing results database read-only in spirit (nothing is written unless asked).
    public static func open(path: String) throws -> ResultsDatabase {
        guard fileExists(path) else { throw InputError(file: path, "no such results database") }
        let c = try SQLiteConnection(path: path, create: false)
        try checkIsResults(c)
        return ResultsDatabase(path: path, connection: c)
    }

    /// Checks that `c` holds the tables of a results database (or none: a new file) and returns those missing.
    /// With `allowPartial`, a database holding only some of them and no other table (a run stopped while it
    /// created them) passes, and the missing ones are returned; without it such a database is refused with a
    /// message that says how to complete it.
    @discardableResult
    static func checkIsResults(_ c: SQLiteConnection, allowPartial: Bool = false) throws -> [String] {
        let tables: [[SQLiteValue]]
        do { tables = try c.rows("SELECT name FROM sqlite_master WHERE type = 'table'") } catch {
            throw InputError(file: c.path, "not an SQLite database (expected the results of offshore sensitivity)")
        }
        let names = Set(tables.compactMap { $0.first?.string })
        if names.isEmpty { return [] }
        let missing = tableNames.filter { !names.contains($0) }
        if missing.isEmpty { return [] }
        guard names.isSubset(of: tableNames) else {
            throw InputError(file: c.path, "an SQLite database without the tables of offshore sensitivity (meta, variants, results, failures)")
        }
        guard allowPartial else {
            throw InputError(file: c.path, "an incomplete results database: it lacks the tables \(missing.joined(separator: ", ")) "
                + "(a run stopped, e.g. by a full disk, while creating it); run `offshore sensitivity` with this --db again to complete it")
        }
        return missing
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

    /// Adds `variants` not yet in the `variants` table (not done).
    public func register(_ variants: [Variant]) throws {
        try transaction {
            let s = try connection.prepare("INSERT OR IGNORE INTO variants (variant_id, position, \(Self.settingColumns.joined(separator: ", ")), done, failures) VALUES (?, ?, \(Self.settingColumns.map { _ in "?" }.joined(separator: ", ")), 0, 0)")
            for v in variants { try s.run([.text(v.id), .int(v.position)] + v.settings.map { .text($0.value) }) }
        }
    }

    /// Ids of the variants whose rows are complete.
    public func doneIDs() throws -> Set<String> {
        Set(try connection.rows("SELECT variant_id FROM variants WHERE done = 1").compactMap { $0.first?.string })
    }

    /// Writes the outcomes in one transaction: each variant's rows and failures replace any it had, and its
    /// `done` flag is set in the same transaction, so an interrupted run never leaves a variant half-written.
    ///
    /// The statements are prepared once per database; a variant's id, position and settings are bound once for
    /// all its rows, and a row rebinds only its numbers and the texts that changed since the row before (the
    /// model's name and what it used change once per model). A variant that `clearUnfinished()` found without
    /// rows is not searched for old ones.
    public func write(_ outcomes: [VariantOutcome]) throws {
        guard !outcomes.isEmpty else { return }
        let s = try writeStatements()
        try connection.exec("BEGIN IMMEDIATE")
        do {
            let column = Self.resultParameter
            for o in outcomes {
                let v = o.variant
                if cleared.remove(v.id) == nil {
                    try s.deleteResults.bind(1, text: v.id)
                    try s.deleteResults.runBound()
                    try s.deleteFailures.bind(1, text: v.id)
                    try s.deleteFailures.runBound()
                }
                try s.insert.bind(column.variantID, text: v.id)
                try s.insert.bind(column.position, int: v.position)
                for (k, setting) in v.settings.enumerated() { try s.insert.bind(column.firstSetting + Int32(k), text: setting.value) }
                var model: String?, sample: String?, period: String?, vcov: String?
                for r in o.rows {
                    if r.model != model { try s.insert.bind(column.model, text: r.model); model = r.model }
                    if r.sampleUsed != sample { try s.insert.bind(column.sampleUsed, text: r.sampleUsed); sample = r.sampleUsed }
                    if r.periodUsed != period { try s.insert.bind(column.periodUsed, text: r.periodUsed); period = r.periodUsed }
                    if r.vcovUsed != vcov { try s.insert.bind(column.vcovUsed, text: r.vcovUsed); vcov = r.vcovUsed }
                    try s.insert.bind(column.modelIndex, int: r.modelIndex)
                    try s.insert.bind(column.term, text: r.term)
                    try s.insert.bind(column.termIndex, int: r.termIndex)
                    try s.insert.bind(column.estimate, number: r.estimate)
                    try s.insert.bind(column.stdError, number: r.stdError)
                    try s.insert.bind(column.tValue, number: r.tValue)
                    try s.insert.bind(column.pValue, number: r.pValue)
                    try s.insert.bind(column.nobs, int: r.nobs)
                    try s.insert.bind(column.df, number: r.df)
                    try s.insert.bind(column.bootPValue, number: r.bootPValue)
                    try s.insert.bind(column.bootstrapUsed, text: r.bootstrapUsed)
                    try s.insert.runBound()
                }
                for f in o.failures { try s.insertFailure.run([.text(v.id), .text(f.model), .text(f.message)]) }
                try s.done.run([.int(o.failures.count), .text(v.id)])
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
                DELETE FROM results WHERE variant_id IN (SELECT variant_id FROM variants WHERE done = 0);
                DELETE FROM failures WHERE variant_id IN (SELECT variant_id FROM variants WHERE done = 0);
                """)
        }
        cleared = Set(try connection.rows("SELECT variant_id FROM variants WHERE done = 0").compactMap { $0.first?.string })
    }

    /// Builds the index of `results` by variant that `openForRun` dropped; the runner calls it after its last
    /// commit (a killed run leaves the database without it, and the next run builds it).
    public func finishWriting() throws {
        try connection.exec(Self.indexes)
    }

    /// Variants known to have no rows and no failures (cleared by `clearUnfinished` and not written since).
    private var cleared: Set<String> = []

    /// The parameters of the insert into `results` (1-based, in `resultColumns` order) that `write` binds.
    static let resultParameter = (
        variantID: parameter("variant_id"), position: parameter("position"), firstSetting: parameter(settingColumns[0]),
        model: parameter("model"), modelIndex: parameter("model_index"), term: parameter("term"), termIndex: parameter("term_index"),
        estimate: parameter("estimate"), stdError: parameter("std_error"), tValue: parameter("t_value"), pValue: parameter("p_value"),
        nobs: parameter("nobs"), df: parameter("df"), sampleUsed: parameter("sample_used"), periodUsed: parameter("period_used"),
        vcovUsed: parameter("vcov_used"), bootPValue: parameter("boot_p_value"), bootstrapUsed: parameter("bootstrap_used"))

    private static func parameter(_ name: String) -> Int32 {
        guard let k = resultColumns.firstIndex(of: name) else { preconditionFailure("no result column \(name)") }
        return Int32(k + 1)
    }

    /// The prepared statements of `write`, made on first use.
    private struct WriteStatements {
        var deleteResults, deleteFailures, insert, insertFailure, done: SQLiteStatement
    }
    private var statements: WriteStatements?

    private func writeStatements() throws -> WriteStatements {
        if let statements { return statements }
        let columns = Self.resultColumns
        let s = WriteStatements(
            deleteResults: try connection.prepare("DELETE FROM results WHERE variant_id = ?"),
            deleteFailures: try connection.prepare("DELETE FROM failures WHERE variant_id = ?"),
            insert: try connection.prepare("INSERT INTO results (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"),
            insertFailure: try connection.prepare("INSERT INTO failures (variant_id, model, message) VALUES (?, ?, ?)"),
            done: try connection.prepare("UPDATE variants SET done = 1, failures = ? WHERE variant_id = ?"))
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
            m["shard"] = "merged from \(inputs.count) database\(inputs.count == 1 ? "" : "s")"
            try out.setMeta(m)
            for p in inputs {
                // A failure while copying (a corrupt page of an input, a full disk) names the input, not the temporary file.
                do {
                    try c.rows("ATTACH DATABASE ? AS src", [.text(p)]).forEach { _ in }
                    try c.exec("""
                        BEGIN;
                        CREATE TEMP TABLE new_done AS SELECT variant_id FROM src.variants WHERE done = 1
                            AND variant_id NOT IN (SELECT variant_id FROM main.variants WHERE done = 1);
                        INSERT INTO main.results SELECT * FROM src.results WHERE variant_id IN (SELECT variant_id FROM new_done);
                        INSERT INTO main.failures SELECT * FROM src.failures WHERE variant_id IN (SELECT variant_id FROM new_done);
                        INSERT OR REPLACE INTO main.variants SELECT * FROM src.variants WHERE variant_id IN (SELECT variant_id FROM new_done);
                        INSERT OR IGNORE INTO main.variants SELECT * FROM src.variants WHERE done = 0;
                        DROP TABLE new_done;
                        COMMIT;
                        """)
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
