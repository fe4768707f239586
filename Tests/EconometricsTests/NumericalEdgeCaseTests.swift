import DataIO
@testable import Econometrics
import Foundation
import Linalg
import TestSupport
import XCTest

/// Numerical edge cases of `regress` (issue 9): each gives a correct result with the dropped terms named, or an
/// `InputError` naming the variable and what is wrong; never a crash, a NaN shown as a number or a silent wrong
/// figure. References: R's lm and sandwich::vcovCL, from References/edge_cases.R and its output
/// edge_cases_reference.csv, on edge_cases_data.csv (Grunfeld plus constructed columns, written by the script).
final class NumericalEdgeCaseTests: XCTestCase {
    static let reference = RegressReferenceTests.load("edge_cases_reference.csv")

    func data() throws -> DataFrame { try DataFrame(csvPath: Paths.reference("edge_cases_data.csv")) }

    func run(_ formula: String, _ data: DataFrame, _ options: RegressionOptions = RegressionOptions()) throws -> RegressionResult {
        try regress(formula: Formula(formula), data: data, options: options)
    }

    /// The InputError `body` throws (failing when it throws something else or nothing).
    func inputError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> InputError? {
        do { try body() } catch let e as InputError { return e } catch {
            XCTFail("not an InputError: \(error)", file: file, line: line); return nil
        }
        XCTFail("no error", file: file, line: line)
        return nil
    }

    /// A reference value of `case`.
    func ref(_ name: String, _ term: String, _ stat: String, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        try XCTUnwrap(Self.reference[name]?[term]?[stat], "no reference \(name) \(term) \(stat)", file: file, line: line)
    }

    /// Checks every estimate and SE of R's case, that lm's NA terms are exactly those dropped, and nobs.
    func check(_ name: String, _ r: RegressionResult, tolerance: Double = 1e-9,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try XCTUnwrap(Self.reference[name], "no reference case \(name)", file: file, line: line)
        var checked = 0
        var droppedByR: [String] = []
        for (term, stats) in ref where !term.isEmpty {
            if stats["dropped"] != nil { droppedByR.append(term) }
            guard let e = stats["estimate"] else { continue }
            let j = try XCTUnwrap(r.index(of: term), "\(name): \(term) not estimated (have \(r.terms))", file: file, line: line)
            assertRelative(r.estimates[j], e, tolerance, "\(name) \(term) estimate", file: file, line: line)
            if let s = stats["std_error"] {
                assertRelative(r.standardErrors[j], s, tolerance, "\(name) \(term) SE", file: file, line: line)
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0, file: file, line: line)
        XCTAssertEqual(Set(r.dropped), Set(droppedByR), "\(name): dropped terms", file: file, line: line)
        for d in r.dropped {
            XCTAssertTrue(r.warnings.contains { $0.hasPrefix("\(d) was dropped") }, "\(name): no note for \(d) in \(r.warnings)",
                          file: file, line: line)
        }
        if let n = ref[""]?["nobs"] { XCTAssertEqual(Double(r.nobs), n, "\(name) nobs", file: file, line: line) }
    }

    func testReferencesWereLoaded() {
        XCTAssertEqual(Self.reference.count, 15)
    }

    // MARK: rank-deficient designs

    func testDuplicatedColumnIsDroppedByName() throws {
        let r = try run("invest ~ value + capital + value_dup", data())
        try check("dup_column", r)
        XCTAssertEqual(r.dropped, ["value_dup"])
        XCTAssertTrue(r.warnings.contains { $0.contains("value_dup was dropped: it is exactly collinear") }, "\(r.warnings)")
    }

    func testDummyTrapDropsTheLastDummyAsLmDoes() throws {
        let r = try run("invest ~ value + capital + big + small", data())
        try check("dummy_trap", r)
        XCTAssertEqual(r.dropped, ["small"])
        // Every level of firm with the intercept: the last level is dropped, the others are contrasts with it.
        let f = try run("invest ~ value + capital + i(firm)", data())
        try check("dummy_trap_factor", f)
        XCTAssertEqual(f.dropped, ["firm::Westinghouse"])
        XCTAssertEqual(f.terms.count, 12)
    }

    func testCollinearOnlyWithTheFixedEffects() throws {
        let combo = try run("invest ~ value + capital + combo | firm", data())
        try check("combo_fe", combo)
        XCTAssertTrue(combo.warnings.contains { $0.contains("combo was dropped: it is exactly collinear with the terms before it and the fixed effects (firm)") },
                      "\(combo.warnings)")
        let size = try run("invest ~ value + capital + firmsize | firm", data())
        try check("constant_within_fe", size)
        XCTAssertTrue(size.warnings.contains("firmsize was dropped: it is constant within the fixed effects (firm)"), "\(size.warnings)")
        // Placed first, the constant-within-firm regressor is still the one dropped (not value or capital).
        let first = try run("invest ~ firmsize + value + capital | firm", data())
        XCTAssertEqual(first.dropped, ["firmsize"])
        XCTAssertEqual(first.terms, ["value", "capital"])
    }

    /// The dummy trap on a sample large enough for the normal-equations path (fixest issue 447: feols "inverts"
    /// such a singular X'X on 2 million rows and reports both levels): the last level is dropped and named, and
    /// the estimates are the group means, computed here directly: intercept = mean of b, g::a = mean a - mean b,
    /// SE(g::a) = s sqrt(1/n_a + 1/n_b).
    func testDummyTrapOnATallSampleIsStillDropped() throws {
        let n = normalEquationsMinimumRows + 20_000
        var rng = SplitMix64(seed: 447)
        var codes = [Int32](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        var sum = [0.0, 0.0], count = [0.0, 0.0]
        for i in 0..<n {
            let a = Double.random(in: 0..<1, using: &rng) < 0.35
            codes[i] = a ? 0 : 1
            y[i] = 2 + (a ? 0.5 : 0) + (0..<4).reduce(0) { s, _ in s + Double.random(in: -1..<1, using: &rng) }
            sum[Int(codes[i])] += y[i]; count[Int(codes[i])] += 1
        }
        let d = try DataFrame(columns: [("y", .numeric(y)), ("g", .categorical(codes: codes, levels: ["a", "b"]))])
        let r = try run("y ~ i(g)", d)
        XCTAssertEqual(r.dropped, ["g::b"])
        XCTAssertEqual(r.terms, ["(Intercept)", "g::a"])
        let mean = [sum[0] / count[0], sum[1] / count[1]]
        assertRelative(r.estimates[0], mean[1], 1e-12, "intercept = mean of b")
        assertRelative(r.estimates[1], mean[0] - mean[1], 1e-9, "g::a = difference of means")
        var rss = 0.0
        for i in 0..<n { let e = y[i] - mean[Int(codes[i])]; rss += e * e }
        let se = (rss / Double(n - 2) * (1 / count[0] + 1 / count[1])).squareRoot()
        assertRelative(r.standardErrors[1], se, 1e-9, "SE of g::a")
    }

    // MARK: nearly collinear designs

    /// The rule (`collinearityTolerance`): a column is dropped when 1 - R2 of it on the terms before it is below
    /// 1e-10 (VIF above 10^10). near6 and near9 (1 - R2 of 1e-6 and 1e-9) are kept and estimated as accurately as
    /// their conditioning allows: least squares with a non-zero residual loses about kappa^2 in relative accuracy
    /// (kappa: condition number of the unit-length columns, written by R), and two backward-stable QRs (R's
    /// LINPACK, LAPACK here) may differ by that much. near9 also gets a note that digits were lost (kappa > 1e4).
    func testNearlyCollinearAboveTheThresholdIsKeptAndAccurate() throws {
        for (e, variable) in [(6, "near6"), (9, "near9")] {
            let name = "near_kept_\(e)"
            XCTAssertGreaterThan(try ref(name, variable, "collinearity_stat"), collinearityTolerance)
            let kappa = try ref(name, "", "kappa")
            let allowed = max(1e-9, Double.ulpOfOne * kappa * kappa)
            let r = try run("invest ~ value + capital + \(variable)", data())
            try check(name, r, tolerance: allowed)
            XCTAssertTrue(r.dropped.isEmpty)
            let note = r.warnings.first { $0.contains("ill-conditioned") }
            if kappa > 1e4 {
                XCTAssertNotNil(note, "\(name): \(r.warnings)")
            } else {
                XCTAssertNil(note, "\(name): \(r.warnings)")
            }
        }
    }

    /// near12 (1 - R2 = 1e-12) is below the threshold: dropped with a message giving its 1 - R2, and the rest
    /// agrees with lm without it (lm's own tolerance would keep it: offshore follows fixest here).
    func testNearlyCollinearBelowTheThresholdIsDroppedWithItsStatistic() throws {
        XCTAssertLessThan(try ref("near_dropped_12", "near12", "collinearity_stat"), collinearityTolerance)
        let r = try run("invest ~ value + capital + near12", data())
        try check("near_dropped_12", r)
        let note = try XCTUnwrap(r.warnings.first { $0.hasPrefix("near12 was dropped") }, "\(r.warnings)")
        XCTAssertTrue(note.contains("nearly collinear") && note.contains("1 - R2 = 1e-12") && note.contains("threshold 1e-10"), note)
    }

    // MARK: fixed effects and clusters

    func testOneObservationClusterKeepsCR1DefinedAsSandwich() throws {
        let cr1 = RegressionOptions(vcov: .cluster(["cl"], smallSample: true))
        let r = try run("invest ~ value + capital", data(), cr1)
        try check("cluster_singleton", r)
        XCTAssertEqual(Double(r.clusters.first?.count ?? 0), try ref("cluster_singleton", "", "clusters"))
        XCTAssertEqual(r.tDegreesOfFreedom, 10)
        try check("cluster_singleton_fe", run("invest ~ value + capital | firm", data(), cr1))
    }

    func testEveryEntityASingleton() throws {
        let d = try data()
        let year = try d.numeric("year")
        let first = d.selecting(rows: (0..<d.rowCount).filter { year[$0] == 1935 })
        XCTAssertEqual(first.rowCount, 10)
        // Dropping singletons leaves nothing: said so, with the count.
        let dropped = inputError { _ = try self.run("invest ~ value + capital | firm", first, RegressionOptions(dropSingletons: true)) }
        XCTAssertTrue(dropped?.message.hasPrefix("no observations left after dropping 10 singletons") ?? false, dropped?.message ?? "")
        // Kept: as in R (lm with firm dummies gives NA for both slopes), nothing is estimable; the error names the
        // dropped regressors and why.
        XCTAssertNotNil(Self.reference["all_singletons"]?["value"]?["dropped"])
        let kept = inputError { _ = try self.run("invest ~ value + capital | firm", first) }
        let m = kept?.message ?? ""
        XCTAssertTrue(m.contains("every regressor is collinear with the fixed effects") && m.contains("value, capital")
                      && m.contains("each of the 10 observations is alone in its level of firm"), m)
    }

    // MARK: weights

    func testZeroWeightsAreDroppedAndCountedAsLm() throws {
        let r = try run("invest ~ value + capital", data(), RegressionOptions(weights: "w0"))
        try check("zero_weights", r)
        XCTAssertEqual(r.accounting.zeroWeight, 28)
        XCTAssertEqual(r.residualDegreesOfFreedom, 172 - 3)
    }

    func testNegativeWeightNamesTheWeightVariableAndRow() throws {
        var d = try data()
        var w = try d.numeric("w0")
        w[4] = -0.5
        try d.setColumn("w0", .numeric(w))
        let e = inputError { _ = try self.run("invest ~ value + capital", d, RegressionOptions(weights: "w0")) }
        XCTAssertEqual(e?.key, "w0")
        XCTAssertTrue(e?.message.contains("must not be negative, found -0.5 in data row 5") ?? false, e?.message ?? "")
    }

    func testAllWeightsZeroIsAnErrorNamingTheWeights() throws {
        var d = try data()
        try d.setColumn("zero", .numeric([Double](repeating: 0, count: d.rowCount)))
        let e = inputError { _ = try self.run("invest ~ value + capital", d, RegressionOptions(weights: "zero")) }
        XCTAssertEqual(e?.key, "zero")
        XCTAssertTrue(e?.message.contains("200 row(s) have zero weight in zero") ?? false, e?.message ?? "")
    }

    // MARK: degenerate responses

    func testPerfectFitHasZeroStandardErrorsAndANote() throws {
        let r = try run("yperf ~ value + capital", data())
        for term in ["(Intercept)", "value", "capital"] {
            let j = try XCTUnwrap(r.index(of: term))
            XCTAssertEqual(r.estimates[j], try ref("perfect_fit", term, "estimate"), accuracy: 1e-9, term)
            XCTAssertEqual(r.standardErrors[j], 0, term)
            XCTAssertTrue(r.tValues[j].isNaN && r.pValues[j].isNaN, term)
        }
        XCTAssertEqual(r.r2, try ref("perfect_fit", "", "r2"), accuracy: 1e-15)
        XCTAssertTrue(r.fStatistic.isNaN)
        XCTAssertTrue(r.warnings.contains { $0.hasPrefix("the model fits yperf exactly") && $0.contains("standard errors are 0") }, "\(r.warnings)")
    }

    func testConstantResponseHasUndefinedR2WithANote() throws {
        let r = try run("yconst ~ value + capital", data())
        XCTAssertEqual(r.estimates[0], try ref("constant_y", "(Intercept)", "estimate"), accuracy: 1e-12)
        XCTAssertEqual(r.estimates[1], 0, accuracy: 1e-15)
        XCTAssertEqual(r.estimates[2], 0, accuracy: 1e-15)
        XCTAssertEqual(r.standardErrors, [0, 0, 0])
        XCTAssertTrue(r.r2.isNaN && r.adjustedR2.isNaN)
        XCTAssertTrue(r.warnings.contains("yconst has no variation in the 200 observations used: R2 is undefined (NA)"), "\(r.warnings)")
        XCTAssertTrue(r.warnings.contains { $0.contains("fits yconst exactly") && $0.contains("because it is constant") }, "\(r.warnings)")
        // Without an intercept R2 is uncentred: undefined (with the note) only for a response that is all zero.
        var z = try data()
        try z.setColumn("yzero", .numeric([Double](repeating: 0, count: z.rowCount)))
        let zero = try run("yzero ~ 0 + value", z)
        XCTAssertTrue(zero.r2.isNaN)
        XCTAssertTrue(zero.warnings.contains("yzero has no variation in the 200 observations used: R2 is undefined (NA)"), "\(zero.warnings)")
        XCTAssertEqual(zero.standardErrors, [0])
        let uncentred = try run("yconst ~ 0 + value", data())
        XCTAssertTrue(uncentred.r2.isFinite && !uncentred.warnings.contains { $0.contains("R2 is undefined") }, "\(uncentred.warnings)")
        // Constant within the fixed effects only: the within R2 is the undefined one.
        let fe = try run("firmsize ~ value + capital | firm", data())
        XCTAssertTrue(fe.withinR2?.isNaN ?? false)
        XCTAssertTrue(fe.r2.isFinite)
        XCTAssertTrue(fe.warnings.contains("firmsize has no variation within the fixed effects (firm): the within R2 is undefined (NA)"), "\(fe.warnings)")
    }

    /// A response that is exactly a firm effect plus a year effect, on an unbalanced panel: two-way demeaning
    /// (alternating projections, accurate to its tolerance only) leaves no within variation, and the fit is
    /// reported as exact (SEs 0, within R2 NA with notes), not as estimates with rounding-noise standard errors.
    func testResponseExplainedByTwoFixedEffectsIsAnExactFit() throws {
        let full = try data()
        let d = full.selecting(rows: (0..<full.rowCount).filter { $0 % 9 != 4 })
        let firm = try d.factor("firm"), year = try d.numeric("year")
        var y = [Double](repeating: 0, count: d.rowCount)
        for i in 0..<d.rowCount { y[i] = 10 * Double(firm.codes[i] + 1) + 0.37 * (year[i] - 1935) * (year[i] - 1940) }
        var e = d
        try e.setColumn("yfe", .numeric(y))
        let r = try run("yfe ~ value + capital | firm + year", e)
        XCTAssertEqual(r.standardErrors, [0, 0])
        XCTAssertTrue(r.warnings.contains { $0.hasPrefix("the model fits yfe exactly") }, "\(r.warnings)")
        XCTAssertTrue(r.withinR2?.isNaN ?? false)
        XCTAssertTrue(r.warnings.contains { $0.contains("no variation within the fixed effects (firm, year)") }, "\(r.warnings)")
        for b in r.estimates { XCTAssertEqual(b, 0, accuracy: 1e-8) }
    }

    // MARK: too few observations

    func testMoreRegressorsThanObservationsNamesNAndK() throws {
        let d = try data().selecting(rows: [0, 1, 2])
        let e = inputError { _ = try self.run("invest ~ value + capital + near6 + big", d) }
        XCTAssertEqual(e?.key, "formula")
        XCTAssertTrue(e?.message.hasPrefix("more coefficients than observations: N = 3 observations for K = 5 regressors") ?? false, e?.message ?? "")
    }

    /// N = K: R's lm fits the points exactly with 0 residual degrees of freedom and NaN standard errors
    /// (References: n_equals_k); offshore refuses with an error naming N and K rather than print NaN as results.
    func testAsManyObservationsAsCoefficientsIsAnError() throws {
        XCTAssertEqual(try ref("n_equals_k", "", "df_residual"), 0)
        XCTAssertEqual(try ref("n_equals_k", "", "se_is_nan"), 1)
        let d = try data().selecting(rows: [0, 1, 2])
        let e = inputError { _ = try self.run("invest ~ value + capital", d) }
        XCTAssertTrue(e?.message.hasPrefix("no residual degrees of freedom: N = 3 observations for K = 3 coefficients") ?? false, e?.message ?? "")
        // With fixed effects, the absorbed parameters count: 3 rows, 2 firms, 1 slope.
        let two = try data().selecting(rows: [0, 1, 20])
        let fe = inputError { _ = try self.run("invest ~ value | firm", two) }
        XCTAssertTrue(fe?.message.contains("N = 3 observations for K = 1 coefficients plus 2 absorbed fixed-effect parameters") ?? false, fe?.message ?? "")
    }

    // MARK: bad variables

    func testVariableMissingInEveryRowIsNamed() throws {
        let e = inputError { _ = try self.run("invest ~ value + allna", data()) }
        XCTAssertEqual(e?.key, "allna")
        XCTAssertTrue(e?.message.contains("allna is missing (or not a finite number) in every one of the 200 rows") ?? false, e?.message ?? "")
        let logged = inputError { _ = try self.run("invest ~ value + log(yconst - 5)", data()) }
        XCTAssertEqual(logged?.key, "log(yconst - 5)")
        // A weights or cluster variable missing everywhere is named too.
        let weights = inputError { _ = try self.run("invest ~ value", data(), RegressionOptions(weights: "allna")) }
        XCTAssertEqual(weights?.key, "allna")
        var d = try data()
        try d.setColumn("nocluster", .categorical(codes: [Int32](repeating: -1, count: d.rowCount), levels: []))
        let cluster = inputError { _ = try self.run("invest ~ value", d, RegressionOptions(vcov: .cluster(["nocluster"], smallSample: true))) }
        XCTAssertEqual(cluster?.key, "nocluster")
        XCTAssertTrue(cluster?.message.contains("nocluster is missing") ?? false, cluster?.message ?? "")
    }

    func testFactorWithOneLevelIsNamed() throws {
        let e = inputError { _ = try self.run("invest ~ value + onelevel", data()) }
        XCTAssertEqual(e?.key, "onelevel")
        XCTAssertTrue(e?.message.contains("'onelevel' has a single level ('A')") ?? false, e?.message ?? "")
        // Without an intercept the single level is the intercept: estimable, equal to the model with one.
        let noIntercept = try run("invest ~ 0 + value + onelevel", data())
        let withIntercept = try run("invest ~ value", data())
        let j = try XCTUnwrap(noIntercept.index(of: "onelevelA"))
        assertRelative(noIntercept.estimates[j], withIntercept.estimates[0], 1e-12, "level A as the intercept")
        // As a fixed effect, one level is the intercept too.
        let fe = try run("invest ~ value | onelevel", data())
        assertRelative(fe.estimates[0], withIntercept.estimates[1], 1e-12, "slope with a one-level fixed effect")
    }
}

/// SUR at its numerical edges: a singular residual covariance (two equations with the same residuals, or one
/// fitting exactly), a collinear term, too few observations and a constant response are `InputError`s naming the
/// equations or the term; never a Cholesky failure or NaN estimates.
final class SUREdgeCaseTests: XCTestCase {
    func ge(_ name: String = "GE") throws -> SUREquation {
        try SURTestData.firmEquation(name, firm: "General Electric", prefix: "ge", regressors: ["value", "capital"])
    }

    func error(_ equations: [SUREquation], file: StaticString = #filePath, line: UInt = #line) -> InputError? {
        do { _ = try SURFit(equations: equations) } catch let e as InputError { return e } catch {
            XCTFail("not an InputError: \(error)", file: file, line: line); return nil
        }
        XCTFail("no error", file: file, line: line)
        return nil
    }

    func testIdenticalEquationsGiveASingularCovarianceError() throws {
        let e = error([try ge("A"), try ge("B")])
        XCTAssertEqual(e?.key, "equations")
        XCTAssertTrue(e?.message.contains("residual covariance of equations A, B is singular") ?? false, e?.message ?? "")
    }

    func testAnExactlyFittingEquationGivesASingularCovarianceError() throws {
        var exact = try ge("EXACT")
        for t in 0..<exact.response.count { exact.response[t] = 3 + 2 * exact.regressors[t, 1] - exact.regressors[t, 2] }
        let we = try SURTestData.firmEquation("WE", firm: "Westinghouse", prefix: "we", regressors: ["value", "capital"])
        let e = error([exact, we])
        XCTAssertEqual(e?.key, "equations")
        XCTAssertTrue(e?.message.contains("some equation fits exactly") ?? false, e?.message ?? "")
    }

    func testCollinearTermFewObservationsAndConstantResponseAreNamed() throws {
        var dup = try ge()
        let value = dup.regressors.column(1)
        dup.regressors = try Matrix(columns: [dup.regressors.column(0), value, dup.regressors.column(2), value.map { 2 * $0 }])
        dup.termNames.append("ge_value2")
        XCTAssertEqual(error([dup, try ge("G2")])?.key, "GE:ge_value2")

        var short = try ge()
        short.response = Array(short.response.prefix(3))
        short.regressors = short.regressors.submatrix(rows: [0, 1, 2], cols: [0, 1, 2])
        var short2 = short
        short2.name = "G2"
        let few = error([short, short2])
        XCTAssertTrue(few?.message.contains("3 regressors but only 3 observations") ?? false, few?.message ?? "")

        var flat = try ge()
        flat.response = [Double](repeating: 7, count: flat.response.count)
        let c = error([flat, try ge("G2")])
        XCTAssertEqual(c?.key, "GE")
        XCTAssertTrue(c?.message.contains("the response is constant") ?? false, c?.message ?? "")
    }
}
