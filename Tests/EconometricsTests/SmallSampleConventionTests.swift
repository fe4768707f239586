import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The two small-sample conventions for fixed effects nested in the clusters (issue 17): CR1 with fixest's K
/// (`cluster:VAR;ssc=fixest`) against pyfixest, whose default `ssc(k_fixef = "nonnested")` implements fixest's
/// `ssc(fixef.K = "nested")` (pyfixest's `get_ssc`; fixest's `?ssc`: "the number of parameters is equal to the
/// number of variables plus the number of fixed-effects that are not nested in the clusters"). Values from
/// References/ssc_pyfixest.py (output ssc_pyfixest.csv, data ssc_panel.csv): nested and non-nested effects,
/// one- and two-way clusters, with and without weights; agreement required to 1e-10 relative.
final class SmallSampleConventionTests: XCTestCase {
    /// case -> (formula, clusters, weights).
    let cases: [String: (String, String, String?)] = [
        "firm_year_cl_firm": ("y ~ x1 + x2 | firm + year", "firm", nil),
        "firm_year_cl_state": ("y ~ x1 + x2 | firm + year", "state", nil),
        "firm_year_cl_year": ("y ~ x1 + x2 | firm + year", "year", nil),
        "firm_year_cl_state_year": ("y ~ x1 + x2 | firm + year", "state+year", nil),
        "three_fe_cl_state_year": ("y ~ x1 + x2 | firm + year + sector", "state+year", nil),
        "sector_year_cl_state": ("y ~ x1 + x2 | sector + year", "state", nil),
        "sector_cl_state_year": ("y ~ x1 + x2 | sector", "state+year", nil),
        "firm_cl_state_weighted": ("y ~ x1 + x2 | firm", "state", "w"),
        "pooled_cl_state": ("y ~ x1 + x2", "state", nil),
    ]

    func testFixestConventionMatchesPyfixest() throws {
        let data = try DataFrame(csvPath: Paths.reference("ssc_panel.csv"))
        let text = try String(contentsOfFile: Paths.reference("ssc_pyfixest.csv"), encoding: .utf8)
        var compared = 0, worst = 0.0
        var seen = Set<String>()
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 4, let est = Double(f[2]), let se = Double(f[3]) else { XCTFail("bad line \(line)"); continue }
            guard let (formula, clusters, weights) = cases[f[0]] else { XCTFail("unknown case \(f[0])"); continue }
            let vcov = try VarianceEstimator(parsing: "cluster:\(clusters);ssc=fixest")
            let r = try regress(formula: Formula(formula), data: data, options: RegressionOptions(vcov: vcov, weights: weights))
            let term = f[1] == "Intercept" ? "(Intercept)" : f[1]
            guard let j = r.index(of: term) else { XCTFail("\(f[0]): no \(term)"); continue }
            assertRelative(r.estimates[j], est, 1e-10, "\(f[0]) \(term) estimate")
            assertRelative(r.standardErrors[j], se, 1e-10, "\(f[0]) \(term) SE")
            worst = max(worst, abs(r.standardErrors[j] - se) / se)
            XCTAssertTrue(r.vcovDescription.contains("fixest's convention"), r.vcovDescription)
            compared += 1
            seen.insert(f[0])
        }
        XCTAssertEqual(seen, Set(cases.keys))
        XCTAssertGreaterThanOrEqual(compared, 19)
        print("fixest ssc against pyfixest: \(compared) standard errors, largest relative difference \(worst)")
    }

    /// The conventions differ by exactly one parameter per nested effect when another effect is not nested, and
    /// agree when nothing is nested; with every effect nested, fixest keeps 1 where reghdfe keeps 0.
    func testConventionsDifferByOnePerNestedEffect() throws {
        let data = try DataFrame(csvPath: Paths.reference("ssc_panel.csv"))
        func absorbed(_ formula: String, _ clusters: String) throws -> (Int, Int, Double, Double) {
            let reg = try regress(formula: Formula(formula), data: data,
                                  options: RegressionOptions(vcov: try VarianceEstimator(parsing: "cluster:\(clusters)")))
            let fix = try regress(formula: Formula(formula), data: data,
                                  options: RegressionOptions(vcov: try VarianceEstimator(parsing: "cluster:\(clusters);ssc=fixest")))
            return (kOf(reg.vcovDescription), kOf(fix.vcovDescription), reg.standardErrors[0], fix.standardErrors[0])
        }
        func kOf(_ d: String) -> Int {
            guard let r = d.range(of: "K = ") else { return -1 }
            return Int(d[r.upperBound...].prefix { $0.isNumber }) ?? -1
        }
        // firm nested in state, year not: reghdfe K = 2 + (T - 1), fixest K = 2 + T.
        let (a, b, seA, seB) = try absorbed("y ~ x1 + x2 | firm + year", "state")
        XCTAssertEqual(b, a + 1)
        XCTAssertGreaterThan(seB, seA)
        // firm nested in state, year nested in year: reghdfe K = 2, fixest K = 3.
        let (c, d, _, _) = try absorbed("y ~ x1 + x2 | firm + year", "state+year")
        XCTAssertEqual(c, 2); XCTAssertEqual(d, 3)
        // Nothing nested: the same K.
        let (e, g, seE, seG) = try absorbed("y ~ x1 + x2 | sector + year", "state")
        XCTAssertEqual(e, g); XCTAssertEqual(seE, seG)
    }

    func testSpellings() throws {
        XCTAssertEqual(try VarianceEstimator(parsing: "cluster:firm;ssc=fixest"), .clustered(["firm"], .cr1Fixest))
        XCTAssertEqual(try VarianceEstimator(parsing: " Cluster:firm + year ; SSC = Fixest "), .clustered(["firm", "year"], .cr1Fixest))
        XCTAssertEqual(try VarianceEstimator(parsing: "cluster:firm;ssc=reghdfe"), .clustered(["firm"], .cr1))
        XCTAssertEqual(VarianceEstimator.clustered(["a", "b"], .cr1Fixest).name, "cluster:a+b;ssc=fixest")
        XCTAssertEqual(try VarianceEstimator(name: "cluster:a+b;ssc=fixest"), .clustered(["a", "b"], .cr1Fixest))
        XCTAssertEqual(VarianceEstimator.clustered(["a"], .cr1Fixest).nestedEffectsConvention, .fixest)
        XCTAssertEqual(VarianceEstimator.clustered(["a"], .cr1).nestedEffectsConvention, .reghdfe)
        XCTAssertThrowsError(try VarianceEstimator(parsing: "cluster:firm;ssc=stata")) { error in
            XCTAssertTrue("\(error)".contains("ssc=reghdfe or ssc=fixest"), "\(error)")
        }
    }
}
