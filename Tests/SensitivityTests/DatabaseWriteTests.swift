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
                  pValue: 0.5, nobs: 10 + ti, df: e.isNaN ? .nan : 7, sampleUsed: sample, periodUsed: "1995-1999", vcovUsed: vcov)
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
        // The sample changes inside a model, an undefined estimate sits between defined ones, the standard errors
        // used change between models, and the next variant starts with the texts the last one ended with.
        let first = [row("m", 0, "x", 0, 1.5), row("m", 0, "om", 1, .nan, sample: "manufacturing"), row("m", 0, "os", 2, -2),
                     row("s", 1, "S_l:om", 0, 0.125, vcov: "gls (FGLS)")]
        var second = [row("s", 1, "S_l:om", 0, 3, vcov: "gls (FGLS)"), row("m", 2, "om", 0, .nan)]
        // A variant's bootstrap p-value and the bootstrap it used (the grid's inference dimension, issue 17).
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
        try sqlite(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'results_variant';") == "1"
    }

    /// Runs `sqlite3 DB SQL`; skips the test without the SQLite shell.
    @discardableResult
    static func sqlite(_ db: String, _ sql: String) throws -> String { try SQLiteShell.run(db, sql) }
}
