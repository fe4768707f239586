import Linalg
import XCTest

/// `LUFactorization`: solves in `A` and in `A'` agree with the inverse formed by `Matrix.inverse`, and a singular
/// matrix is refused with its pivot.
final class LUFactorizationTests: XCTestCase {
    func testSolvesInTheMatrixAndItsTransposeMatchTheInverse() throws {
        let a = try Matrix(rowsOf: [[4, -1, 0.5], [2, 5, -1], [0.25, 1, 3]])
        let b = try Matrix(rowsOf: [[1, 0], [2, -1], [3, 4]])
        let lu = try LUFactorization(a)
        let inv = try a.inverse()
        XCTAssertLessThan(try lu.solve(b).maxAbsDifference(try inv.multiplied(by: b)), 1e-14)
        XCTAssertLessThan(try lu.solve(b, transposed: true).maxAbsDifference(try inv.multiplied(by: b, transposeSelf: true)), 1e-14)
        XCTAssertLessThan(try lu.inverse().maxAbsDifference(inv), 1e-14)
        XCTAssertEqual(lu.order, 3)
    }

    func testASingularMatrixIsRefusedWithItsPivot() throws {
        let s = try Matrix(rowsOf: [[1, 2], [2, 4]])
        XCTAssertThrowsError(try LUFactorization(s)) { e in
            guard case LinalgError.singular(let routine, let pivot) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(routine, "dgetrf")
            XCTAssertEqual(pivot, 2)
        }
        XCTAssertThrowsError(try LUFactorization(try Matrix(rowsOf: [[1, 2, 3]])))
        XCTAssertThrowsError(try LUFactorization(try Matrix(rowsOf: [[1], [2]])).solve(Matrix(rows: 3, cols: 1)))
    }
}
