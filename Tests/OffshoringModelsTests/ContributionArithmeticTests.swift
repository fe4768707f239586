import DataIO
import Linalg
import OffshoringModels
import XCTest

/// The decomposition's arithmetic on a hand-made panel of three industries and two years, worked out on paper.
final class ContributionArithmeticTests: XCTestCase {
    // Industries A, B, C; years 2000 and 2001. C lacks its 2001 response, so it is left out.
    let industry = ["A", "B", "A", "B", "C", "C"]
    let year = [2000, 2000, 2001, 2001, 2000, 2001]
    let x1: [Double] = [1, 2, 3, 2, 5, 5]
    let x2: [Double] = [0, 1, 1, 3, 1, 1]
    let y: [Double] = [0.5, 0.3, 0.4, 0.1, 0.2, .nan]
    let weights: [Double] = [0.25, 0.75, 0.35, 0.65, 0.1, 0.1]

    func table(base: ContributionSpec.Base) throws -> ContributionTable {
        let v = try Matrix(rowsOf: [[1e-4, 2e-5], [2e-5, 4e-4]])
        return try Contributions.decompose(model: "m", response: "y", terms: ["x1", "x2"], x: [x1, x2], y: y, industry: industry,
                                           year: year, complete: y.map(\.isFinite), weights: weights, coefficients: [0.02, -0.04],
                                           covariance: v, from: 2000, to: 2001, base: base, weightsName: "w",
                                           groups: [("x2 only", ["x2"])])
    }

    func testBaseYearWeights() throws {
        let t = try table(base: .first)
        XCTAssertEqual(t.industries, ["A", "B"])
        XCTAssertTrue(t.notes.contains { $0.contains("left out: C") })
        // dS = 0.25 (0.4 - 0.5) + 0.75 (0.1 - 0.3) = -0.175; dX1 = 0.25 * 2 = 0.5; dX2 = 0.25 * 1 + 0.75 * 2 = 1.75.
        XCTAssertEqual(t.totalChange, -0.175, accuracy: 1e-15)
        XCTAssertEqual(t.rows.map(\.name), ["x1", "x2", "x2 only", "all regressors"])
        XCTAssertEqual(t.rows[0].change ?? 0, 0.5, accuracy: 1e-15)
        XCTAssertEqual(t.rows[1].change ?? 0, 1.75, accuracy: 1e-15)
        XCTAssertEqual(t.rows[0].contribution, 0.02 * 0.5 / -0.175, accuracy: 1e-15)        // -0.0571428...
        XCTAssertEqual(t.rows[0].standardError, 0.5 / 0.175 * 0.01, accuracy: 1e-15)         // 0.0285714...
        XCTAssertEqual(t.rows[1].contribution, 0.4, accuracy: 1e-14)
        XCTAssertEqual(t.rows[1].standardError, 0.2, accuracy: 1e-14)
        XCTAssertEqual(t.rows[2].contribution, t.rows[1].contribution, accuracy: 1e-15)
        XCTAssertEqual(t.rows[2].standardError, t.rows[1].standardError, accuracy: 1e-15)
        // Both: c = (-20/7, -10); value 0.4 - 0.4/7; variance c'Vc = (400/49) 1e-4 + 2 (200/7) 2e-5 + 100 * 4e-4.
        XCTAssertEqual(t.rows[3].contribution, 0.4 - 0.4 / 7, accuracy: 1e-14)
        XCTAssertEqual(t.rows[3].standardError, (400.0 / 49 * 1e-4 + 400.0 / 7 * 2e-5 + 0.04).squareRoot(), accuracy: 1e-14)
    }

    func testPeriodMeanWeights() throws {
        let t = try table(base: .mean)
        // w_A = (0.25 + 0.35) / 2 = 0.3, w_B = 0.7; dS = 0.3 (-0.1) + 0.7 (-0.2) = -0.17; dX1 = 0.6; dX2 = 0.3 + 1.4 = 1.7.
        XCTAssertEqual(t.totalChange, -0.17, accuracy: 1e-15)
        XCTAssertEqual(t.rows[0].contribution, 0.02 * 0.6 / -0.17, accuracy: 1e-15)
        XCTAssertEqual(t.rows[1].contribution, -0.04 * 1.7 / -0.17, accuracy: 1e-14)
        XCTAssertEqual(t.weighting, "w, mean over 2000-2001")
    }

    func testUnknownGroupTermAndNoChangeAreInputErrors() throws {
        let v = try Matrix(rowsOf: [[1e-4]])
        XCTAssertThrowsError(try Contributions.decompose(model: "m", response: "y", terms: ["x1"], x: [x1], y: y, industry: industry,
                                                         year: year, complete: y.map(\.isFinite), weights: weights, coefficients: [1],
                                                         covariance: v, from: 2000, to: 2001, base: .first, weightsName: "w",
                                                         groups: [("g", ["x9"])])) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("term 'x9' is not a regressor"))
        }
        let flat = [Double](repeating: 0.3, count: 6)
        XCTAssertThrowsError(try Contributions.decompose(model: "m", response: "y", terms: ["x1"], x: [x1], y: flat, industry: industry,
                                                         year: year, complete: flat.map(\.isFinite), weights: weights, coefficients: [1],
                                                         covariance: v, from: 2000, to: 2001, base: .first, weightsName: "w",
                                                         groups: [])) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("no change to decompose"))
        }
    }
}
