import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The robust first-stage F of 2SLS (issue 17) against linearmodels' IV2SLS first-stage diagnostics
/// (`first_stage.diagnostics["f.stat"]`, the Wald statistic of the excluded instruments with the model's
/// covariance; linearmodels' documentation of `FirstStageResults.diagnostics`): offshore's robust F times q is
/// that statistic. Values from References/first_stage_linearmodels.py (output first_stage_linearmodels.csv, data
/// first_stage_panel.csv): HC1, CR1 by firm (24 clusters) and by state (6), two endogenous regressors, weights,
/// absorbed year effects (linearmodels: year dummies, not nested in the firm clusters, so K is the same);
/// agreement required to 1e-10 relative.
final class FirstStageRobustFTests: XCTestCase {
    /// case -> (formula, vcov, weights).
    let cases: [String: (String, VarianceEstimator, String?)] = [
        "hc1": ("y ~ x | d1 ~ z1 + z2", .hc1, nil),
        "cl_firm": ("y ~ x | d1 ~ z1 + z2", "cluster:firm", nil),
        "cl_state": ("y ~ x | d1 ~ z1 + z2", "cluster:state", nil),
        "two_endog_cl_firm": ("y ~ x | d1 + d2 ~ z1 + z2 + z3", "cluster:firm", nil),
        "weighted_cl_firm": ("y ~ x | d1 ~ z1 + z2", "cluster:firm", "w"),
        "year_dummies_cl_firm": ("y ~ x | year | d1 ~ z1 + z2", "cluster:firm", nil),
    ]

    func testRobustFirstStageFAgainstLinearmodels() throws {
        let data = try DataFrame(csvPath: Paths.reference("first_stage_panel.csv"))
        let text = try String(contentsOfFile: Paths.reference("first_stage_linearmodels.csv"), encoding: .utf8)
        var fits: [String: RegressionResult] = [:]
        var compared = 0, worst = 0.0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 4, let value = Double(f[3]), let (formula, vcov, weights) = cases[f[0]] else {
                XCTFail("bad line \(line)"); continue
            }
            if fits[f[0]] == nil {
                fits[f[0]] = try regress(formula: Formula(formula), data: data,
                                         options: RegressionOptions(vcov: vcov, weights: weights))
            }
            guard let r = fits[f[0]] else { continue }
            switch f[2] {
            case "wald":
                let fs = try XCTUnwrap(r.firstStages.first { $0.endogenous == f[1] }, "\(f[0]) \(f[1])")
                let robust = try XCTUnwrap(fs.robustF) * Double(fs.df1)
                assertRelative(robust, value, 1e-10, "\(f[0]) \(f[1]) robust first-stage Wald")
                worst = max(worst, abs(robust - value) / value)
                XCTAssertNotNil(fs.robustKind)
                compared += 1
            case "estimate", "std_error":
                if f[1] == "const" || f[1].hasPrefix("yr_") { continue }
                let j = try XCTUnwrap(r.index(of: f[1]), "\(f[0]) \(f[1])")
                assertRelative(f[2] == "estimate" ? r.estimates[j] : r.standardErrors[j], value, 1e-9, "\(f[0]) \(f[1]) \(f[2])")
            default: XCTFail("unknown stat \(f[2])")
            }
        }
        XCTAssertEqual(compared, 7)
        print("robust first-stage F against linearmodels: \(compared) statistics, largest relative difference \(worst)")
    }

    /// With an iid model there is only the iid F; its robust fields stay empty (and out of the JSON).
    func testIidModelHasNoRobustF() throws {
        let data = try DataFrame(csvPath: Paths.reference("first_stage_panel.csv"))
        let r = try regress(formula: Formula("y ~ x | d1 ~ z1 + z2"), data: data)
        let fs = try XCTUnwrap(r.firstStages.first)
        XCTAssertNil(fs.robustF); XCTAssertNil(fs.robustDf2); XCTAssertNil(fs.robustKind)
        let json = String(decoding: try JSONEncoder().encode(fs), as: UTF8.self)
        XCTAssertFalse(json.contains("robust"), json)
        let clustered = try regress(formula: Formula("y ~ x | d1 ~ z1 + z2"), data: data,
                                    options: RegressionOptions(vcov: "cluster:state"))
        let cfs = try XCTUnwrap(clustered.firstStages.first)
        XCTAssertEqual(cfs.robustDf2, 5)
        XCTAssertEqual(cfs.robustKind, "cluster-robust (CR1, by state)")
        XCTAssertEqual(cfs.f, fs.f)
        let cjson = String(decoding: try JSONEncoder().encode(cfs), as: UTF8.self)
        XCTAssertTrue(cjson.contains("\"robustF\""), cjson)
    }
}
