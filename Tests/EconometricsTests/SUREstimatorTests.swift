import XCTest
import Linalg
import DataIO
@testable import Econometrics

/// SUR against Theil's Grunfeld figures (METHOD.md) and against R systemfit (References/sur_systemfit.R).
final class SUREstimatorTests: XCTestCase {
    private func geWestinghouse() throws -> [SUREquation] {
        [try SURTestData.firmEquation("GE", firm: "General Electric", prefix: "ge", regressors: ["value", "capital"]),
         try SURTestData.firmEquation("WE", firm: "Westinghouse", prefix: "we", regressors: ["value", "capital"])]
    }

    /// METHOD.md: GE -27.7193 (27.0328), 0.038310 (0.013290), 0.139036 (0.023036);
    /// Westinghouse -1.25199 (6.95635), 0.057630 (0.013411), 0.063978 (0.048901), to their printed digits.
    func testTheilGrunfeldFGLSMatchesMethodFigures() throws {
        let fit = try SURFit(equations: try geWestinghouse())
        let estimates = ["-27.7193", "0.038310", "0.139036", "-1.25199", "0.057630", "0.063978"]
        let errors = ["27.0328", "0.013290", "0.023036", "6.95635", "0.013411", "0.048901"]
        XCTAssertEqual(fit.coefficients.count, 6)
        for (k, c) in fit.coefficients.enumerated() {
            assertAgreesToPrintedDigits(c.estimate, estimates[k], c.name)
            assertAgreesToPrintedDigits(c.stdError, errors[k], c.name + " SE")
        }
        XCTAssertEqual(fit.iterations, 1)
        XCTAssertEqual(fit.coefficientNames, ["GE:(Intercept)", "GE:ge_value", "GE:ge_capital",
                                              "WE:(Intercept)", "WE:we_value", "WE:we_capital"])
    }

    /// METHOD.md, iterated: GE -30.748, 0.04051, 0.13593; Westinghouse -1.7016, 0.05935, 0.05574.
    func testTheilGrunfeldIteratedMatchesMethodFigures() throws {
        let fit = try SURFit(equations: try geWestinghouse(), options: SUROptions(iterate: true))
        let estimates = ["-30.748", "0.04051", "0.13593", "-1.7016", "0.05935", "0.05574"]
        for (k, c) in fit.coefficients.enumerated() { assertAgreesToPrintedDigits(c.estimate, estimates[k], c.name) }
        XCTAssertTrue(fit.converged)
        XCTAssertGreaterThan(fit.iterations, 5)
    }

    /// Asserts that `value` rounds to `printed` (within half a unit of its last printed decimal).
    private func assertAgreesToPrintedDigits(_ value: Double, _ printed: String, _ what: String,
                                             file: StaticString = #filePath, line: UInt = #line) {
        guard let expected = Double(printed) else { return XCTFail("bad figure \(printed)", file: file, line: line) }
        let decimals = printed.split(separator: ".").last.map { $0.count } ?? 0
        XCTAssertEqual(value, expected, accuracy: 0.5 * pow(10, -Double(decimals)), what, file: file, line: line)
    }

    /// Compares a fit with one systemfit case: estimates, SEs, t, p, R2, SSR and the residual covariance used.
    private func compare(_ fit: SURFit, to name: String, relative: Double = 1e-8,
                         file: StaticString = #filePath, line: UInt = #line) {
        guard let ref = SURTestData.references[name] else { return XCTFail("no reference case \(name)", file: file, line: line) }
        XCTAssertEqual(Set(ref["estimate"]?.keys.map { $0 } ?? []), Set(fit.coefficientNames), file: file, line: line)
        for c in fit.coefficients {
            guard let est = ref["estimate"]?[c.name], let se = ref["std_error"]?[c.name],
                  let t = ref["t_value"]?[c.name], let p = ref["p_value"]?[c.name] else {
                XCTFail("\(name): no reference for \(c.name)", file: file, line: line); continue
            }
            SURTestData.assertClose(c.estimate, est, relative: relative, "\(name) \(c.name) estimate", file: file, line: line)
            SURTestData.assertClose(c.stdError, se, relative: relative, "\(name) \(c.name) SE", file: file, line: line)
            SURTestData.assertClose(c.tValue, t, relative: relative, "\(name) \(c.name) t", file: file, line: line)
            SURTestData.assertClose(c.pValue, p, relative: max(relative, 1e-7), "\(name) \(c.name) p", file: file, line: line)
        }
        for (i, eq) in fit.equations.enumerated() {
            SURTestData.assertClose(eq.r2, ref["r2"]?[eq.name] ?? .nan, relative: relative, "\(name) \(eq.name) R2", file: file, line: line)
            SURTestData.assertClose(eq.ssr, ref["ssr"]?[eq.name] ?? .nan, relative: relative, "\(name) \(eq.name) SSR", file: file, line: line)
            XCTAssertEqual(Double(eq.observations), ref["nobs"]?[eq.name], file: file, line: line)
            for (j, other) in fit.equations.enumerated() {
                SURTestData.assertClose(fit.residualCovariance[i, j], ref["residcov"]?["\(eq.name)|\(other.name)"] ?? .nan,
                                        relative: relative, "\(name) Sigma[\(eq.name),\(other.name)]", file: file, line: line)
            }
        }
        XCTAssertEqual(Double(fit.systemDegreesOfFreedom), ref["df_sys"]?["system"], file: file, line: line)
    }

    func testGEWestinghouseAgainstSystemfit() throws {
        compare(try SURFit(equations: try geWestinghouse()), to: "ge_we")
    }

    func testGEWestinghouseIteratedAgainstSystemfit() throws {
        compare(try SURFit(equations: try geWestinghouse(), options: SUROptions(iterate: true, tolerance: 1e-12)),
                to: "ge_we_iterated", relative: 1e-7)
    }

    func testGeometricMeanDivisorAgainstSystemfit() throws {
        compare(try SURFit(equations: try geWestinghouse(), options: SUROptions(divisor: .geometricMean)), to: "ge_we_geomean")
    }

    /// Three firms with different regressors (GM: value, capital; Chrysler: value; IBM: capital, value).
    private func threeFirms() throws -> [SUREquation] {
        [try SURTestData.firmEquation("GM", firm: "General Motors", prefix: "gm", regressors: ["value", "capital"]),
         try SURTestData.firmEquation("CH", firm: "Chrysler", prefix: "ch", regressors: ["value"]),
         try SURTestData.firmEquation("IBM", firm: "IBM", prefix: "ibm", regressors: ["capital", "value"])]
    }

    func testThreeEquationsWithDifferentRegressorsAgainstSystemfit() throws {
        compare(try SURFit(equations: try threeFirms()), to: "three")
    }

    func testThreeEquationsIteratedAgainstSystemfit() throws {
        compare(try SURFit(equations: try threeFirms(), options: SUROptions(iterate: true, tolerance: 1e-12)),
                to: "three_iterated", relative: 1e-7)
    }

    func testCrossEquationEqualityAgainstSystemfit() throws {
        let fit = try SURFit(equations: try geWestinghouse(), restrictions: ["GE:ge_value = WE:we_value"])
        compare(fit, to: "ge_we_restricted")
        XCTAssertEqual(fit.coefficients[1].estimate, fit.coefficients[4].estimate, accuracy: 1e-14)
        XCTAssertEqual(fit.restrictions?.count, 1)
    }

    func testCrossEquationEqualityIteratedAgainstSystemfit() throws {
        compare(try SURFit(equations: try geWestinghouse(), restrictions: ["GE:ge_value - WE:we_value = 0"],
                           options: SUROptions(iterate: true, tolerance: 1e-12)),
                to: "ge_we_restricted_iterated", relative: 1e-7)
    }

    func testGeometricMeanDivisorWithUnequalRegressorsAndRestrictionAgainstSystemfit() throws {
        let eqs = [try SURTestData.firmEquation("GE", firm: "General Electric", prefix: "ge", regressors: ["value", "capital"]),
                   try SURTestData.firmEquation("WE", firm: "Westinghouse", prefix: "we", regressors: ["value"])]
        compare(try SURFit(equations: eqs, restrictions: ["GE:ge_value = WE:we_value"], options: SUROptions(divisor: .geometricMean)),
                to: "ge_we_short_geomean_restricted")
    }

    func testTwoRestrictionsWithNonZeroRightHandSideAgainstSystemfit() throws {
        let eqs = try geWestinghouse() + [try SURTestData.firmEquation("US", firm: "US Steel", prefix: "us", regressors: ["value", "capital"])]
        let fit = try SURFit(equations: eqs, restrictions: ["GE:ge_capital = US:us_capital",
                                                            "GE:ge_value + WE:we_value + 2*US:us_value = 0.5"])
        compare(fit, to: "three_firms_two_restrictions")
        let b = Dictionary(uniqueKeysWithValues: fit.coefficients.map { ($0.name, $0.estimate) })
        XCTAssertEqual((b["GE:ge_value"] ?? 0) + (b["WE:we_value"] ?? 0) + 2 * (b["US:us_value"] ?? 0), 0.5, accuracy: 1e-12)
    }

    /// Translog share system: homogeneity in both equations and symmetry across them.
    private let shareRestrictions = ["S1:lp1 + S1:lp2 + S1:lp3 = 0", "S2:lp1 + S2:lp2 + S2:lp3 = 0", "S1:lp2 = S2:lp1"]

    func testShareSystemWithSymmetryAndHomogeneityAgainstSystemfit() throws {
        compare(try SURFit(equations: try SURTestData.shareEquations(), restrictions: shareRestrictions), to: "share_restricted")
    }

    func testShareSystemIteratedAgainstSystemfit() throws {
        let fit = try SURFit(equations: try SURTestData.shareEquations(), restrictions: shareRestrictions,
                             options: SUROptions(iterate: true, tolerance: 1e-12))
        compare(fit, to: "share_restricted_iterated", relative: 1e-7)
        XCTAssertTrue(fit.converged)
    }

    func testIterationCapReportsNonConvergence() throws {
        let fit = try SURFit(equations: try geWestinghouse(), options: SUROptions(iterate: true, tolerance: 1e-14, maxIterations: 3))
        XCTAssertFalse(fit.converged)
        XCTAssertEqual(fit.iterations, 3)
    }

    func testResidualCorrelationHasUnitDiagonal() throws {
        let fit = try SURFit(equations: try geWestinghouse())
        let r = fit.residualCorrelation
        XCTAssertEqual(r[0, 0], 1, accuracy: 1e-15)
        XCTAssertEqual(r[1, 1], 1, accuracy: 1e-15)
        let expected = fit.residualCovariance[0, 1] / (fit.residualCovariance[0, 0] * fit.residualCovariance[1, 1]).squareRoot()
        XCTAssertEqual(r[0, 1], expected, accuracy: 1e-15)
        XCTAssertGreaterThan(r[0, 1], 0.5)
    }
}
