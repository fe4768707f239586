import DataIO
@testable import Econometrics
import Foundation
import TestSupport
import XCTest

/// One fit, several variance estimators (issue 22: a sensitivity grid's standard-error variants share their
/// fit): `regress(frame:data:panel:options:vcovs:)` must give, for every estimator, bit for bit the result of a
/// regression of its own, on the real Grunfeld panel (`../shared/data/validation/grunfeld.csv`), with fixed
/// effects, weights, first differences and 2SLS; a cluster variable with a missing value (which drops rows for
/// its estimator alone) and an estimator that fails must not leak into the others.
final class SharedFitTests: XCTestCase {
    let vcovs: [VarianceEstimator] = ["iid", "hc1", "hc3", "cluster:firm", "cluster:firm+year", "cluster:firm;ssc=fixest"]

    func grunfeld() throws -> DataFrame {
        var data = try DataFrame(csvPath: Paths.grunfeld)
        let capital = try data.numeric("capital"), value = try data.numeric("value")
        // A weight and an excluded instrument made from the data (deterministic transformations of its columns).
        try data.setColumn("w", .numeric(capital.map { 1 + $0.squareRoot() }))
        try data.setColumn("z", .numeric(zip(value, capital).map { ($0 + 1).squareRoot() * ($1 + 1).squareRoot() }))
        // A second clustering with one missing label (row 7): clustering by it drops that row, for that estimator only.
        let firms = try data.factor("firm")
        var codes = firms.codes.enumerated().map { Int32($0.offset % 3) }
        codes[6] = -1
        try data.setColumn("group", .categorical(codes: codes, levels: ["a", "b", "c"]))
        _ = firms
        return data
    }

    /// Every number of two results the same to the bit (NaN equal to NaN), and their texts equal.
    func assertSame(_ a: RegressionResult, _ b: RegressionResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }
        XCTAssertEqual(a.terms, b.terms, what, file: file, line: line)
        XCTAssertEqual(bits(a.estimates), bits(b.estimates), what, file: file, line: line)
        XCTAssertEqual(bits(a.standardErrors), bits(b.standardErrors), what, file: file, line: line)
        XCTAssertEqual(bits(a.vcov.storage), bits(b.vcov.storage), what, file: file, line: line)
        XCTAssertEqual(a.vcovDescription, b.vcovDescription, what, file: file, line: line)
        XCTAssertEqual(a.nobs, b.nobs, what, file: file, line: line)
        XCTAssertEqual(a.accounting, b.accounting, what, file: file, line: line)
        XCTAssertEqual(bits([a.tDegreesOfFreedom, a.r2, a.adjustedR2, a.withinR2 ?? .nan, a.rss, a.sigma, a.rmse, a.fStatistic]),
                       bits([b.tDegreesOfFreedom, b.r2, b.adjustedR2, b.withinR2 ?? .nan, b.rss, b.sigma, b.rmse, b.fStatistic]),
                       what, file: file, line: line)
        XCTAssertEqual(a.clusters.map(\.count), b.clusters.map(\.count), what, file: file, line: line)
        XCTAssertEqual(a.firstStages, b.firstStages, what, file: file, line: line)
        XCTAssertEqual(a.model, b.model, what, file: file, line: line)
        XCTAssertEqual(a.weightsName, b.weightsName, what, file: file, line: line)
        XCTAssertEqual(a.warnings, b.warnings, what, file: file, line: line)
    }

    /// The shared results against separate regressions, for `formula` with `options` (its vcov replaced).
    func check(_ formula: String, _ options: RegressionOptions, vcovs: [VarianceEstimator], file: StaticString = #filePath,
               line: UInt = #line) throws -> [Result<RegressionResult, Error>] {
        let data = try grunfeld()
        let panel = Panel(entity: "firm", time: "year")
        let frame = try ModelFrame(formula: try Formula(formula), data: data, panel: panel)
        let shared = try regress(frame: frame, data: data, panel: panel, options: options, vcovs: vcovs)
        XCTAssertEqual(shared.count, vcovs.count, file: file, line: line)
        for (v, s) in zip(vcovs, shared) {
            var o = options
            o.vcov = v
            let alone = Result { try regress(formula: try Formula(formula), data: data, panel: panel, options: o) }
            switch (s, alone) {
            case (.success(let a), .success(let b)): assertSame(a, b, "\(formula) \(v.name)", file: file, line: line)
            case (.failure(let a), .failure(let b)): XCTAssertEqual("\(a)", "\(b)", file: file, line: line)
            default: XCTFail("\(formula) \(v.name): shared \(s), alone \(alone)", file: file, line: line)
            }
        }
        return shared
    }

    func testEveryEstimatorEqualsItsOwnRegressionBitForBit() throws {
        for (formula, options) in [
            ("invest ~ value + capital | firm + year", RegressionOptions()),
            ("invest ~ value + capital | firm", RegressionOptions(weights: "w")),
            ("invest ~ value + capital", RegressionOptions(model: .firstDifferences)),
            ("invest ~ capital | value ~ z", RegressionOptions()),
        ] {
            let shared = try check(formula, options, vcovs: vcovs + ["dk"])
            XCTAssertTrue(shared.allSatisfy { (try? $0.get()) != nil }, formula)
            // The estimates are one fit's; the standard errors differ between estimators.
            let se = shared.compactMap { try? $0.get().standardErrors[0] }
            XCTAssertEqual(Set(shared.compactMap { try? $0.get().estimates.map(\.bitPattern) }).count, 1, formula)
            XCTAssertGreaterThan(Set(se).count, 4, formula)
        }
    }

    func testAClusterVariableWithAMissingValueDropsItsRowForItsEstimatorAlone() throws {
        let shared = try check("invest ~ value + capital | firm", RegressionOptions(), vcovs: ["hc1", "cluster:group", "iid"])
        let n = shared.map { (try? $0.get().nobs) ?? 0 }
        XCTAssertEqual(n, [200, 199, 200])
        XCTAssertEqual(try shared[1].get().accounting.missing, 1)
    }

    func testAnEstimatorThatFailsFailsAlone() throws {
        // Clustering by a variable the data does not have fails; the other estimators are fitted.
        let shared = try check("invest ~ value + capital | firm", RegressionOptions(), vcovs: ["hc1", "cluster:nosuch", "iid"])
        XCTAssertNotNil(try? shared[0].get())
        XCTAssertNil(try? shared[1].get())
        XCTAssertNotNil(try? shared[2].get())
    }
}
