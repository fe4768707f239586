import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// Estimates against R (lm with dummies, plm, sandwich, AER::ivreg), from References/regress_cases.R and its
/// output regress_reference.csv: unbalanced panels, weights, HC1, two-way clustering, IV, a rank-deficient
/// design, first differences, between, lags with gaps. Agreement required: relative 1e-8 (most agree to 1e-12).
final class RegressReferenceTests: XCTestCase {
    /// reference[case][term][stat]
    static let reference = load("regress_reference.csv")
    /// The same layout from Python linearmodels (References/regress_linearmodels.py).
    static let linearmodels = load("regress_linearmodels.csv")

    static func load(_ file: String) -> [String: [String: [String: Double]]] {
        var out: [String: [String: [String: Double]]] = [:]
        guard let reader = try? CSVReader(path: Paths.reference(file)) else { return out }
        var header = true
        try? reader.forEachRow { row in
            if header { header = false; return }
            guard let v = try? row.double(3) else { return }
            out[row.string(0), default: [:]][row.string(1), default: [:]][row.string(2)] = v
        }
        return out
    }

    let tolerance = 1e-9

    func unbalanced() throws -> DataFrame { try DataFrame(csvPath: Paths.reference("regress_unbalanced.csv")) }
    func grunfeld() throws -> DataFrame { try DataFrame(csvPath: Paths.grunfeld) }
    let panel = Panel(entity: "firm", time: "year")

    /// Checks every coefficient and standard error R reports for `name`, and the terms' order.
    func check(_ name: String, _ r: RegressionResult, in table: [String: [String: [String: Double]]] = reference,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try XCTUnwrap(table[name], "no reference case \(name)", file: file, line: line)
        var checked = 0
        for (term, stats) in ref where !term.isEmpty {
            if let e = stats["estimate"] {
                let j = try XCTUnwrap(r.index(of: term), "\(name): term \(term) not estimated (have \(r.terms))", file: file, line: line)
                assertRelative(r.estimates[j], e, tolerance, "\(name) \(term) estimate", file: file, line: line)
                if let s = stats["std_error"] {
                    assertRelative(r.standardErrors[j], s, tolerance, "\(name) \(term) SE", file: file, line: line)
                }
                checked += 1
            }
            if stats["dropped"] != nil { XCTAssertTrue(r.dropped.contains(term), "\(name): \(term) not dropped", file: file, line: line) }
            if let f = stats["first_stage_f"] {
                let fs = try XCTUnwrap(r.firstStages.first { $0.endogenous == term }, file: file, line: line)
                assertRelative(fs.f, f, tolerance, "\(name) first-stage F", file: file, line: line)
            }
        }
        XCTAssertGreaterThan(checked, 0, file: file, line: line)
        if let stats = ref[""] {
            if let n = stats["nobs"] { XCTAssertEqual(Double(r.nobs), n, "\(name) nobs", file: file, line: line) }
            if let v = stats["r2"] { assertRelative(r.r2, v, tolerance, "\(name) R2", file: file, line: line) }
            if let v = stats["adj_r2"] { assertRelative(r.adjustedR2, v, tolerance, "\(name) adj R2", file: file, line: line) }
            if let v = stats["r2_within"] { assertRelative(r.withinR2, v, tolerance, "\(name) within R2", file: file, line: line) }
            if let v = stats["f"] { assertRelative(r.fStatistic, v, tolerance, "\(name) F", file: file, line: line) }
        }
    }

    func run(_ formula: String, _ data: DataFrame, panel: Panel? = nil, _ options: RegressionOptions = RegressionOptions()) throws -> RegressionResult {
        try regress(formula: Formula(formula), data: data, panel: panel, options: options)
    }

    func testFixedEffectsAgainstLinearmodels() throws {
        let d = try unbalanced()
        XCTAssertEqual(Self.linearmodels.count, 3)
        try check("lm_fe", run("invest ~ value + capital | firm", d), in: Self.linearmodels)
        try check("lm_twoway", run("invest ~ value + capital | firm + year", d), in: Self.linearmodels)
        try check("lm_fe_weighted", run("invest ~ value + capital | firm", d, RegressionOptions(weights: "w")), in: Self.linearmodels)
    }

    func testReferencesWereLoaded() {
        XCTAssertEqual(Self.reference.count, 20)
    }

    func testUnbalancedOneWayFixedEffects() throws {
        let d = try unbalanced()
        try check("unbalanced_fe", run("invest ~ value + capital | firm", d))
        try check("unbalanced_fe_cr1", run("invest ~ value + capital | firm", d, RegressionOptions(vcov: .cluster(["firm"], smallSample: true))))
    }

    func testUnbalancedTwoWayFixedEffectsByAlternatingProjections() throws {
        let r = try run("invest ~ value + capital | firm + year", unbalanced())
        try check("unbalanced_twoway", r)
        XCTAssertEqual(r.absorbedParameters, 10 + 20 - 1)
        XCTAssertTrue(r.warnings.isEmpty, "\(r.warnings)")
    }

    func testAnalyticWeights() throws {
        let d = try unbalanced()
        try check("weighted_fe", run("invest ~ value + capital | firm", d, RegressionOptions(weights: "w")))
        try check("weighted_fe_hc1", run("invest ~ value + capital | firm", d, RegressionOptions(vcov: .hc1, weights: "w")))
        try check("weighted_fe_cr1", run("invest ~ value + capital | firm", d,
                                         RegressionOptions(vcov: .cluster(["firm"], smallSample: true), weights: "w")))
    }

    func testTwoWayClustering() throws {
        let r = try run("invest ~ value + capital", grunfeld(), RegressionOptions(vcov: .cluster(["firm", "year"], smallSample: true)))
        try check("twoway_cluster", r)
        XCTAssertEqual(r.tDegreesOfFreedom, 9)  // min(G) - 1
        try check("twoway_cluster_fe", run("invest ~ value + capital | firm", unbalanced(),
                                           RegressionOptions(vcov: .cluster(["firm", "year"], smallSample: true))))
    }

    func testTwoWayFixedEffectsClusteredCountOnlyTheNonNestedEffectsInK() throws {
        let r = try run("invest ~ value + capital | firm + year", grunfeld(), RegressionOptions(vcov: .cluster(["firm"], smallSample: true)))
        try check("twoway_fe_cluster_firm", r)
        XCTAssertTrue(r.vcovDescription.contains("K = 21"), r.vcovDescription)
    }

    func testHC1Pooled() throws {
        try check("hc1_pooled", run("invest ~ value + capital", grunfeld(), RegressionOptions(vcov: .hc1)))
    }

    func testInstrumentalVariables() throws {
        let d = try unbalanced()
        let r = try run("invest ~ capital | value ~ l(value, 1)", d, panel: panel)
        try check("iv", r)
        XCTAssertEqual(r.terms, ["(Intercept)", "value", "capital"])
        XCTAssertEqual(r.instruments, ["l(value, 1)"])
        XCTAssertEqual(r.model, "2SLS")
        try check("iv_hc1", run("invest ~ capital | value ~ l(value, 1)", d, panel: panel, RegressionOptions(vcov: .hc1)))
        try check("iv_cr1", run("invest ~ capital | value ~ l(value, 1)", d, panel: panel,
                                RegressionOptions(vcov: .cluster(["firm"], smallSample: true))))
        try check("iv_fe", run("invest ~ capital | firm | value ~ l(value, 1)", d, panel: panel))
    }

    func testRankDeficientDesignDropsTheCollinearTermByName() throws {
        let r = try run("invest ~ value + capital + I(2 * value + capital)", grunfeld())
        try check("rank_deficient", r)
        XCTAssertEqual(r.dropped, ["I(2 * value + capital)"])
        XCTAssertEqual(r.terms, ["(Intercept)", "value", "capital"])
    }

    func testFirstDifferences() throws {
        let balanced = try run("invest ~ value + capital", grunfeld(), panel: panel, RegressionOptions(model: .firstDifferences))
        try check("fd_balanced", balanced)
        XCTAssertEqual(balanced.accounting.noPreviousPeriod, 10)
        XCTAssertEqual(balanced.model, "First differences")
        try check("fd_gaps", run("invest ~ value + capital", unbalanced(), panel: panel, RegressionOptions(model: .firstDifferences)))
        try check("fd_gaps_weighted", run("invest ~ value + capital", unbalanced(), panel: panel,
                                          RegressionOptions(weights: "w", model: .firstDifferences)))
        // The d() operator gives the same estimates as the first-difference estimator.
        let viaOperator = try run("d(invest) ~ d(value) + d(capital)", unbalanced(), panel: panel)
        let fd = try run("invest ~ value + capital", unbalanced(), panel: panel, RegressionOptions(model: .firstDifferences))
        for k in 0..<3 { assertRelative(viaOperator.estimates[k], fd.estimates[k], 1e-12, "d() vs fd") }
    }

    func testBetween() throws {
        try check("between", run("invest ~ value + capital", unbalanced(), panel: panel, RegressionOptions(model: .between)))
    }

    func testLagsWithGapsInteractionsAndPowers() throws {
        try check("lag_gaps", run("invest ~ value + l(capital, 1) + value:capital + I(value^2) | firm", unbalanced(), panel: panel))
    }

    func testUnidentifiedIVIsAnInputError() throws {
        // The instrument is the exogenous regressor again: nothing is excluded.
        XCTAssertThrowsError(try run("invest ~ capital | value ~ I(2 * capital)", grunfeld())) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("not identified") ?? false, "\(e)")
        }
    }

    func testSingletonsAreDroppedAndCountedWhenAsked() throws {
        // Keep one row of General Electric only: it is a singleton of the firm effect.
        let g = try grunfeld()
        let firm = try g.factor("firm")
        let ge = try XCTUnwrap(firm.levels.firstIndex(of: "General Electric"))
        var keep: [Int] = []
        var seenGE = false
        for i in 0..<g.rowCount {
            if Int(firm.codes[i]) == ge { if seenGE { continue }; seenGE = true }
            keep.append(i)
        }
        let d = g.selecting(rows: keep)
        let kept = try run("invest ~ value + capital | firm", d)
        let dropped = try run("invest ~ value + capital | firm", d, RegressionOptions(dropSingletons: true))
        XCTAssertEqual(kept.nobs, 181)
        XCTAssertEqual(dropped.nobs, 180)
        XCTAssertEqual(dropped.accounting.singletons, 1)
        // A singleton carries no information on the slopes: same estimates, different degrees of freedom.
        for k in 0..<2 { assertRelative(dropped.estimates[k], kept.estimates[k], 1e-10, "slope") }
        XCTAssertEqual(kept.residualDegreesOfFreedom, dropped.residualDegreesOfFreedom)
    }

    func testWeightsZeroDroppedNegativeRejectedMissingCounted() throws {
        var g = try grunfeld()
        var w = [Double](repeating: 1, count: g.rowCount)
        w[0] = 0; w[1] = .nan
        try g.setColumn("w", .numeric(w))
        let r = try run("invest ~ value + capital", g, RegressionOptions(weights: "w"))
        XCTAssertEqual(r.nobs, 198)
        XCTAssertEqual(r.accounting.zeroWeight, 1)
        XCTAssertEqual(r.accounting.missing, 1)
        w[5] = -2
        try g.setColumn("w", .numeric(w))
        XCTAssertThrowsError(try run("invest ~ value + capital", g, RegressionOptions(weights: "w"))) { e in
            XCTAssertEqual((e as? InputError)?.key, "w")
        }
    }

    func testAbsorbedFixedEffectsCannotBeCombinedWithFirstDifferences() throws {
        XCTAssertThrowsError(try run("invest ~ value | firm", grunfeld(), panel: panel, RegressionOptions(model: .firstDifferences))) {
            XCTAssertEqual(($0 as? InputError)?.key, "formula")
        }
    }
}
