import Foundation
import XCTest
@testable import Linalg

/// The matrix layer against known matrices and NIST's certified least-squares results.
final class LinalgTests: XCTestCase {
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")

    func relErr(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    /// NIST StRD "Longley" certified values: the standard ill-conditioned least-squares test.
    func testLongleyAgainstNISTCertifiedValues() throws {
        let text = try String(contentsOf: Self.references.appendingPathComponent("longley.csv"), encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        XCTAssertEqual(rows.count, 16)
        let y = rows.map { $0[0] }
        let x = try Matrix(rowsOf: rows.map { [1.0] + Array($0[1...]) })
        let ls = try LeastSquares(x: x, y: y)
        XCTAssertEqual(ls.dropped, [])
        let certified = [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                         -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]
        let certifiedSE = [890420.383607373, 84.9149257747669, 0.334910077722432e-01, 0.488399681651699,
                           0.214274163161675, 0.226073200069370, 455.478499142212]
        let s2 = ls.rss / Double(16 - 7)
        let inv = try ls.xtxInverse()
        for k in 0..<7 {
            XCTAssertLessThan(relErr(ls.coefficients[k], certified[k]), 1e-9, "coefficient \(k)")
            XCTAssertLessThan(relErr((s2 * inv[k, k]).squareRoot(), certifiedSE[k]), 1e-9, "SE \(k)")
        }
        XCTAssertLessThan(relErr(s2.squareRoot(), 304.854073561965), 1e-10)
        XCTAssertLessThan(ls.reciprocalCondition, 1e-6, "Longley's design is ill-conditioned and must be reported so")
    }

    func testCollinearColumnsAreDroppedInOrder() throws {
        // Column 2 = column 0 + column 1; column 3 is all zeros; column 4 is independent.
        let x = try Matrix(rowsOf: [[1, 2, 3, 0, 1], [1, 5, 6, 0, 4], [1, 3, 4, 0, 9], [1, 7, 8, 0, 16], [1, 1, 2, 0, 25]])
        let y = [1.0, 2, 3, 4, 6]
        let ls = try LeastSquares(x: x, y: y)
        XCTAssertEqual(ls.dropped, [2, 3])
        XCTAssertEqual(ls.kept, [0, 1, 4])
        // Same fit as regressing on the kept columns alone.
        let alone = try LeastSquares(x: x.selectingColumns([0, 1, 4]), y: y)
        for k in 0..<3 { XCTAssertEqual(ls.coefficients[k], alone.coefficients[k], accuracy: 1e-12) }
    }

    func testScaleCatchesAColumnThatVanishedAfterPartiallingOut() throws {
        // A tiny column (as left by demeaning a regressor constant within groups) is collinear relative to the
        // norm it had before; with its own norm as scale it would look fine.
        let x = try Matrix(rowsOf: [[1, 1e-14], [2, -2e-14], [3, 1.5e-14], [4, 0.3e-14]])
        let y = [1.0, 2.1, 2.9, 4.2]
        XCTAssertEqual(try LeastSquares(x: x, y: y).dropped, [])
        XCTAssertEqual(try LeastSquares(x: x, y: y, scale: [5.5, 3.0]).dropped, [1])
    }

    func testMoreColumnsThanRowsKeepsAtMostRowsColumns() throws {
        let x = try Matrix(rowsOf: [[1, 2, 3], [4, 5, 7]])
        let ls = try LeastSquares(x: x, y: [1, 2])
        XCTAssertEqual(ls.kept, [0, 1])
        XCTAssertEqual(ls.dropped, [2])
        XCTAssertEqual(ls.rss, 0, accuracy: 1e-20)
    }

    func testCholeskyFactorAndInverseAreExact() throws {
        let a = try Matrix(rowsOf: [[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let c = try Cholesky(a)
        let expectedR = try Matrix(rowsOf: [[2, 6, -8], [0, 1, 5], [0, 0, 3]])
        XCTAssertLessThan(c.upper.maxAbsDifference(expectedR), 1e-14)
        let exactInverse = try Matrix(rowsOf: [[1777.0 / 36, -122.0 / 9, 19.0 / 9], [-122.0 / 9, 34.0 / 9, -5.0 / 9],
                                               [19.0 / 9, -5.0 / 9, 1.0 / 9]])
        XCTAssertLessThan(try c.inverse().maxAbsDifference(exactInverse), 1e-12)
        XCTAssertLessThan(try a.inverse().maxAbsDifference(exactInverse), 1e-12)
        let b = try Matrix(rowsOf: [[1], [2], [3]])
        let x = try c.solve(b)
        let back = try a.multiplied(by: x)
        XCTAssertLessThan(back.maxAbsDifference(b), 1e-12)
    }

    func testNotPositiveDefiniteAndSingularAreErrors() throws {
        let indefinite = try Matrix(rowsOf: [[1, 2], [2, 1]])
        XCTAssertThrowsError(try Cholesky(indefinite)) { error in
            guard case LinalgError.singular(let routine, let pivot) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(routine, "dpotrf")
            XCTAssertEqual(pivot, 2)
        }
        let singular = try Matrix(rowsOf: [[1, 2], [2, 4]])
        XCTAssertThrowsError(try singular.inverse())
        XCTAssertEqual(try singular.reciprocalCondition(), 0)
        XCTAssertThrowsError(try Matrix(rowsOf: [[1, .nan], [0, 1]]).inverse())
    }

    func testHilbertMatrixIsReportedIllConditioned() throws {
        let n = 8
        var h = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
        let rcond = try h.reciprocalCondition()
        // LAPACK estimates the 1-norm of the inverse; it is exact to a small factor.
        XCTAssertLessThan(rcond / 2.9522219150077194e-11, 3)
        XCTAssertGreaterThan(rcond / 2.9522219150077194e-11, 1.0 / 3)
        let spd = try Cholesky(h)
        let prcond = try spd.reciprocalCondition(anorm: h.oneNorm)
        XCTAssertLessThan(prcond, 1e-10)
    }

    func testProductsAgreeWithHandComputation() throws {
        let a = try Matrix(rowsOf: [[1, 2], [3, 4], [5, 6]])
        let b = try Matrix(rowsOf: [[1, 0, 2], [0, 1, 3]])
        XCTAssertEqual(try a.multiplied(by: b), try Matrix(rowsOf: [[1, 2, 8], [3, 4, 18], [5, 6, 28]]))
        XCTAssertEqual(a.crossProduct(), try Matrix(rowsOf: [[35, 44], [44, 56]]))
        XCTAssertEqual(try a.multiplied(by: a, transposeSelf: true), a.crossProduct())
        XCTAssertEqual(try a.transposeTimes([1, 1, 1]), [9, 12])
        XCTAssertEqual(try a.times([1, -1]), [-1, -1, -1])
        XCTAssertThrowsError(try a.multiplied(by: a))
        XCTAssertThrowsError(try Matrix(rows: 2, cols: 2, columnMajor: [1, 2, 3]))
        XCTAssertThrowsError(try Matrix(rowsOf: [[1, 2], [3]]))
    }

    func testSymmetricEigenvalues() throws {
        let a = try Matrix(rowsOf: [[2, 1], [1, 2]])
        let w = try a.symmetricEigenvalues()
        XCTAssertEqual(w[0], 1, accuracy: 1e-14)
        XCTAssertEqual(w[1], 3, accuracy: 1e-14)
    }
}
