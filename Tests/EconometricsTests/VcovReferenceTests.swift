import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The variance estimators of issue 17 against R: sandwich (HC0-HC3, vcovCL), clubSandwich (CR2 with the
/// Satterthwaite degrees of freedom of `coef_test`, CR3; on lm and on plm's within model) and plm (`vcovHC`
/// white1 HC2/HC3 of the within model, `vcovSCC`). The values come from
/// References/vcov_cases.R (output References/vcov_reference.csv; data Grunfeld and the seeded panel
/// References/vcov_panel.csv); agreement is required to 1e-8 relative.
final class VcovReferenceTests: XCTestCase {
    struct Row { let estimate: Double, se: Double, df: Double? }

    /// case -> estimator -> term -> values.
    func references() throws -> [String: [String: [String: Row]]] {
        let text = try String(contentsOfFile: Paths.reference("vcov_reference.csv"), encoding: .utf8)
        var out: [String: [String: [String: Row]]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let est = Double(f[3]), let se = Double(f[4]) else { continue }
            out[f[0], default: [:]][f[1], default: [:]][f[2]] = Row(estimate: est, se: se, df: Double(f[5]))
        }
        return out
    }

    /// The case's data, formula and weights.
    func setting(_ name: String) throws -> (DataFrame, String, String?) {
        let grunfeld = try DataFrame(csvPath: Paths.grunfeld)
        let panel = try DataFrame(csvPath: Paths.reference("vcov_panel.csv"))
        switch name {
        case "grunfeld_pooled": return (grunfeld, "invest ~ value + capital", nil)
        case "grunfeld_within_firm": return (grunfeld, "invest ~ value + capital | firm", nil)
        case "panel_pooled": return (panel, "y ~ x1 + x2", nil)
        case "panel_pooled_weighted": return (panel, "y ~ x1 + x2", "w")
        case "panel_within_firm": return (panel, "y ~ x1 + x2 | firm", nil)
        case "panel_within_firm_weighted": return (panel, "y ~ x1 + x2 | firm", "w")
        default: throw InputError(key: "case", "unknown reference case \(name)")
        }
    }

    /// Our spelling of R's estimator.
    func estimator(_ r: String) -> VarianceEstimator {
        switch r {
        case "cr2": return "cr2:firm"
        case "cr3", "cl_hc3": return "cr3:firm"
        case "plm_white1_hc2": return "hc2"
        case "plm_white1_hc3": return "hc3"
        default: return (try? VarianceEstimator(parsing: r)) ?? .iid
        }
    }

    func testAgainstSandwichClubSandwichAndPlm() throws {
        var compared = 0, worst = 0.0
        for (name, estimators) in try references().sorted(by: { $0.key < $1.key }) {
            let (data, formula, weights) = try setting(name)
            // Weighted CR2 with absorbed fixed effects is refused (see testWeightedCR2WithFixedEffectsIsRefused);
            // R's value (the weighted lm with dummies) stays in the reference file for when it is matched.
            for (rName, terms) in estimators.sorted(by: { $0.key < $1.key }) where !(name == "panel_within_firm_weighted" && rName == "cr2") {
                let vcov = estimator(rName)
                let r = try regress(formula: Formula(formula), data: data, panel: Panel(entity: "firm", time: "year"),
                                    options: RegressionOptions(vcov: vcov, weights: weights))
                for (term, ref) in terms where !term.hasPrefix("factor(") && term != "(Intercept)" || r.index(of: term) != nil {
                    guard let j = r.index(of: term) else { XCTFail("\(name) \(rName): no \(term)"); continue }
                    let what = "\(name) \(rName) \(term)"
                    assertRelative(r.estimates[j], ref.estimate, 1e-8, "\(what) estimate")
                    assertRelative(r.standardErrors[j], ref.se, 1e-8, "\(what) SE")
                    worst = max(worst, abs(r.standardErrors[j] - ref.se) / ref.se)
                    if let df = ref.df {
                        assertRelative(r.termDegreesOfFreedom[j], df, 1e-8, "\(what) Satterthwaite df")
                        worst = max(worst, abs(r.termDegreesOfFreedom[j] - df) / df)
                        let p = studentTwoSidedPValue(r.tValues[j], df: df)
                        assertRelative(r.pValues[j], p, 1e-12, "\(what) p with its own df")
                    }
                    compared += 1
                }
                XCTAssertFalse(r.vcovDescription.isEmpty)
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 80)
        print("vcov references: \(compared) coefficients compared, largest relative difference of SE/df \(worst)")
    }

    func testParsingAndNames() throws {
        for text in ["iid", "hc0", "hc1", "hc2", "hc3", "cluster:firm", "cluster:firm+year", "cr2:firm", "cr3:firm", "dk", "dk:3"] {
            let v = try VarianceEstimator(parsing: text)
            XCTAssertEqual(v.name, text)
            XCTAssertEqual(try VarianceEstimator(name: v.name), v)
        }
        for bad in ["cr2:a+b", "dk:x", "dk:-1", "hc4", "cr3:"] {
            XCTAssertThrowsError(try VarianceEstimator(parsing: bad), bad)
        }
    }

    func testWeightedCR2WithFixedEffectsIsRefused() throws {
        let (data, formula, weights) = try setting("panel_within_firm_weighted")
        XCTAssertThrowsError(try regress(formula: Formula(formula), data: data, options: RegressionOptions(vcov: "cr2:firm", weights: weights))) {
            XCTAssertTrue(String(describing: $0).contains("weights and absorbed fixed effects"), "\($0)")
        }
        // Without the fixed effects, or without weights, CR2 is available (and checked against clubSandwich above).
        XCTAssertNoThrow(try regress(formula: Formula("y ~ x1 + x2"), data: data, options: RegressionOptions(vcov: "cr2:firm", weights: weights)))
    }

    func testDriscollKraayNeedsThePanel() throws {
        let d = try DataFrame(csvPath: Paths.grunfeld)
        XCTAssertThrowsError(try regress(formula: Formula("invest ~ value"), data: d, options: RegressionOptions(vcov: "dk"))) {
            XCTAssertTrue(String(describing: $0).contains("--panel"), "\($0)")
        }
    }
}
