import XCTest
import Linalg
import DataIO
@testable import Econometrics

/// Parsing and checking of linear restrictions, and how SUR reports bad restrictions and bad systems.
final class SURRestrictionsTests: XCTestCase {
    private let names = ["GE:(Intercept)", "GE:value", "GE:log(k/l)", "WE:(Intercept)", "WE:value", "WE:a:b"]

    private func row(_ r: LinearRestrictions, _ i: Int) -> [Double] { r.matrix.row(i) }

    func testEqualityMovesEverythingLeft() throws {
        let r = try LinearRestrictions.parse(["GE:value = WE:value"], coefficientNames: names)
        XCTAssertEqual(row(r, 0), [0, 1, 0, 0, -1, 0])
        XCTAssertEqual(r.rhs, [0])
    }

    func testWeightsConstantsSignsAndNamesWithOperators() throws {
        let r = try LinearRestrictions.parse(
            ["-2*GE:value + 0.5 * GE:log(k/l) - 1 = WE:a:b*3 - 1.5e-1 + GE:value", "GE:log(k/l) + WE:value + 1e+2 = 0"],
            coefficientNames: names)
        XCTAssertEqual(row(r, 0), [0, -3, 0.5, 0, 0, -3])
        XCTAssertEqual(r.rhs[0], 1 - 0.15, accuracy: 1e-15)
        XCTAssertEqual(row(r, 1), [0, 0, 1, 0, 1, 0])
        XCTAssertEqual(r.rhs[1], -100)
    }

    func testUnknownCoefficientIsNamed() {
        XCTAssertThrowsError(try LinearRestrictions.parse(["GE:value = WE:capital"], coefficientNames: names)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.key, "GE:value = WE:capital")
            XCTAssertTrue(e?.message.contains("unknown coefficient 'WE:capital'") ?? false, "\(error)")
            XCTAssertTrue(e?.message.contains("GE:value") ?? false, "lists the known names: \(error)")
        }
    }

    func testMalformedRestrictionsAreInputErrors() {
        for text in ["GE:value", "GE:value = WE:value = 0", "GE:value + = 0", "GE:value * WE:value = 0",
                     "GE:value - GE:value = 1", "3 = 4", "GE:log(k/l = 0"] {
            XCTAssertThrowsError(try LinearRestrictions.parse([text], coefficientNames: names), text) { error in
                XCTAssertEqual((error as? InputError)?.key, text)
            }
        }
    }

    func testRedundantRestrictionIsReportedByPosition() throws {
        let r = try LinearRestrictions.parse(["GE:value = WE:value", "WE:value = GE:(Intercept)", "GE:value - GE:(Intercept) = 0"],
                                             coefficientNames: names)
        XCTAssertThrowsError(try r.checkIndependent()) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.key, "GE:value - GE:(Intercept) = 0")
            XCTAssertTrue(e?.message.contains("restriction 3 is redundant") ?? false, "\(error)")
        }
    }

    func testContradictoryRestrictionIsReported() throws {
        let r = try LinearRestrictions.parse(["GE:value = WE:value", "2*GE:value - 2*WE:value = 1"], coefficientNames: names)
        XCTAssertThrowsError(try r.checkIndependent()) { error in
            XCTAssertTrue((error as? InputError)?.message.contains("contradicts") ?? false, "\(error)")
        }
    }

    func testIndependentRestrictionsPass() throws {
        let r = try LinearRestrictions.parse(["GE:value = WE:value", "GE:log(k/l) + WE:a:b = 1"], coefficientNames: names)
        XCTAssertNoThrow(try r.checkIndependent())
    }

    // MARK: - System errors

    private func equation(_ name: String, _ y: [Double], _ cols: [[Double]], _ terms: [String]) throws -> SUREquation {
        SUREquation(name: name, response: y, regressors: try Matrix(columns: cols), termNames: terms)
    }

    func testCollinearTermIsNamed() throws {
        let one = [Double](repeating: 1, count: 6)
        let x = [1.0, 2, 3, 4, 5, 7]
        let eqs = [try equation("A", [1, 3, 2, 5, 4, 6], [one, x, x.map { 2 * $0 + 1 }], ["(Intercept)", "x", "z"]),
                   try equation("B", [2, 1, 4, 3, 6, 5], [one, x], ["(Intercept)", "x"])]
        XCTAssertThrowsError(try SURFit(equations: eqs)) { error in
            XCTAssertEqual((error as? InputError)?.key, "A:z", "\(error)")
        }
    }

    func testUnequalObservationCountsAreRejected() throws {
        let eqs = [try equation("A", [1, 2, 4, 3], [[1, 1, 1, 1], [1, 2, 3, 4]], ["(Intercept)", "x"]),
                   try equation("B", [1, 2, 4], [[1, 1, 1], [1, 2, 3]], ["(Intercept)", "x"])]
        XCTAssertThrowsError(try SURFit(equations: eqs)) { error in
            XCTAssertEqual((error as? InputError)?.key, "B")
        }
    }

    func testAddingUpShareSystemGivesSingularCovarianceError() throws {
        var eqs = try SURTestData.shareEquations()
        let rows = try SURTestData.readCSV(SURTestData.referencesFolder.appendingPathComponent("sur_share_data.csv"))
        let j = try XCTUnwrap(rows.first?.firstIndex(of: "s3"))
        eqs.append(SUREquation(name: "S3", response: rows.dropFirst().map { Double($0[j]) ?? .nan },
                               regressors: eqs[0].regressors, termNames: eqs[0].termNames))
        XCTAssertThrowsError(try SURFit(equations: eqs)) { error in
            XCTAssertTrue((error as? InputError)?.message.contains("must leave one share out") ?? false, "\(error)")
        }
    }

    func testRedundantRestrictionStopsEstimation() throws {
        let eqs = try SURTestData.shareEquations()
        XCTAssertThrowsError(try SURFit(equations: eqs, restrictions: ["S1:lp2 = S2:lp1", "S2:lp1 - S1:lp2 = 0"])) { error in
            XCTAssertTrue((error as? InputError)?.message.contains("redundant") ?? false, "\(error)")
        }
    }

    func testSingleEquationSURIsOLS() throws {
        let eqs = try SURTestData.shareEquations()
        let fit = try SURFit(equations: [eqs[0]])
        let ols = try LeastSquares(x: eqs[0].regressors, y: eqs[0].response)
        for (c, b) in zip(fit.coefficients, ols.coefficients) { XCTAssertEqual(c.estimate, b, accuracy: 1e-12 * max(1, abs(b))) }
        // With divisor T the SE is sqrt(SSR/T * (X'X)^-1_kk).
        let v = try ols.xtxInverse()
        XCTAssertEqual(fit.coefficients[1].stdError, (ols.rss / 60 * v[1, 1]).squareRoot(), accuracy: 1e-12)
    }
}
