import DataIO
import Foundation
import IOTables
import Sensitivity
import XCTest

/// The stability summary on hand-made results whose range, shares and flips are worked out by hand.
final class SummaryTests: XCTestCase {
    func makeDatabase() throws -> ResultsDatabase {
        let grouping = NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))
        let grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output], vcov: ["model", "iid"])
        let v = VariantSpace.expand(grid: grid, groupings: [grouping])
        XCTAssertEqual(v.count, 4)
        let db = try ResultsDatabase.openForRun(path: try Fixture.temporaryDirectory() + "/s.db", fingerprint: "f",
                                                meta: ["key_terms": "om,S_l:os", "alpha": "0.05", "baseline_variant": v[0].id])
        try db.register(v)
        // om in model m: baseline 0.5 (p 0.01); then 0.2 (p 0.20), -0.1 (p 0.03), 0.9 (p 0.001).
        // S_l:os in system s: baseline -1 (p 0.04); then -2 (p 0.01), -0.5 (p 0.5), undefined.
        let om: [(Double, Double)] = [(0.5, 0.01), (0.2, 0.20), (-0.1, 0.03), (0.9, 0.001)]
        let os: [(Double, Double)] = [(-1, 0.04), (-2, 0.01), (-0.5, 0.5), (.nan, .nan)]
        var outcomes: [VariantOutcome] = []
        for k in 0..<4 {
            func row(_ model: String, _ mi: Int, _ term: String, _ ti: Int, _ e: (Double, Double)) -> ResultRow {
                ResultRow(model: model, modelIndex: mi, term: term, termIndex: ti, estimate: e.0, stdError: 0.1, tValue: e.0 / 0.1,
                          pValue: e.1, nobs: 50, df: 40, sampleUsed: "all", periodUsed: "1995-1999", vcovUsed: "iid")
            }
            outcomes.append(VariantOutcome(variant: v[k], rows: [row("m", 0, "x", 0, (1, 0)), row("m", 0, "om", 1, om[k]),
                                                                  row("s", 1, "S_l:os", 0, os[k]), row("s", 1, "S_m:os", 1, os[k])],
                                           failures: k == 3 ? [("s2", "collinear")] : []))
        }
        try db.write(outcomes)
        return db
    }

    func testRangeShareAndFlips() throws {
        let db = try makeDatabase()
        let s = try StabilitySummary.compute(database: db)
        XCTAssertEqual(s.entries.map { "\($0.model) \($0.term)" }, ["m om", "s S_l:os"])
        let om = s.entries[0]
        XCTAssertEqual(om.baseline?.estimate, 0.5)
        XCTAssertEqual(om.variants, 4)
        XCTAssertEqual(om.minimum, -0.1)
        XCTAssertEqual(om.maximum, 0.9)
        XCTAssertEqual(om.significantWithBaselineSign, 2)   // 0.5 and 0.9; -0.1 is significant with the other sign
        XCTAssertEqual(om.share, 0.5)
        XCTAssertEqual(om.flips.map(\.estimate), [-0.1])
        XCTAssertEqual(om.flips.first?.difference, "denominator=output")
        let os = s.entries[1]
        XCTAssertEqual(os.variants, 3)                      // the NULL estimate is not a variant with an estimate
        XCTAssertEqual(os.minimum, -2)
        XCTAssertEqual(os.maximum, -0.5)
        XCTAssertEqual(os.significantWithBaselineSign, 2)
        XCTAssertTrue(os.flips.isEmpty)
        XCTAssertEqual(s.variantsDone, 4)
        XCTAssertEqual(s.variantsWithFailures, 1)
        XCTAssertTrue(s.baselineFound)
        // A stricter level and other key terms from the caller.
        let strict = try StabilitySummary.compute(database: db, keyTerms: ["os"], alpha: 0.02)
        XCTAssertEqual(strict.entries.map(\.term), ["S_l:os", "S_m:os"])
        XCTAssertEqual(strict.entries[0].significantWithBaselineSign, 1)
    }

    func testOutputsCarryTheNumbers() throws {
        let s = try StabilitySummary.compute(database: try makeDatabase())
        let csv = s.csv().split(separator: "\n").map(String.init)
        XCTAssertEqual(csv.count, 3)
        XCTAssertTrue(csv[1].hasPrefix("m,om,0.5,0.1,0.01,4,-0.1,0.9,2,0.5,1,"), csv[1])
        let text = s.table().renderText()
        XCTAssertTrue(text.contains("50% of 4"), text)
        XCTAssertTrue(text.contains("denominator=output"), text)
        let svg = s.chart().svg()
        XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(40)))
        XCTAssertTrue(svg.contains("range over variants"))
        XCTAssertTrue(svg.contains("m: om"))
        // NULL estimates are NA in the CSV export.
        let export = try makeDatabase().csv()
        XCTAssertTrue(export.contains(",NA,"))
        XCTAssertEqual(export.split(separator: "\n").first.map(String.init), ResultsDatabase.resultColumns.joined(separator: ","))
    }

    func testBaselineMissingFromAShardIsSaid() throws {
        let grouping = NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))
        let v = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x", vcov: ["model", "iid"]), groupings: [grouping])
        let db = try ResultsDatabase.openForRun(path: try Fixture.temporaryDirectory() + "/b.db", fingerprint: "f",
                                                meta: ["key_terms": "om", "baseline_variant": v[0].id])
        try db.register([v[1]])
        try db.write([VariantOutcome(variant: v[1], rows: [ResultRow(model: "m", modelIndex: 0, term: "om", termIndex: 0, estimate: 1, stdError: 1, tValue: 1,
                                                                     pValue: 0.3, nobs: 9, df: 7, sampleUsed: "all", periodUsed: "1995", vcovUsed: "iid")], failures: [])])
        let s = try StabilitySummary.compute(database: db)
        XCTAssertFalse(s.baselineFound)
        XCTAssertNil(s.entries.first?.baseline)
        XCTAssertTrue(s.table().notes.contains { $0.contains("not in this database") })
    }

    func testNotAResultsDatabaseIsAnInputError() throws {
        let dir = try Fixture.temporaryDirectory()
        try "hello".write(toFile: dir + "/x.db", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ResultsDatabase.open(path: dir + "/x.db")) { XCTAssertNotNil($0 as? InputError) }
        XCTAssertThrowsError(try ResultsDatabase.open(path: dir + "/missing.db")) { XCTAssertNotNil($0 as? InputError) }
    }
}
