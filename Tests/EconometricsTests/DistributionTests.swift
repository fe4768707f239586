import DataIO
@testable import Econometrics
import XCTest

/// The incomplete beta function and the t and F p-values against scipy (References/distributions_scipy.py).
final class DistributionTests: XCTestCase {
    func testAgainstScipy() throws {
        let rows = try CSVReader(path: Paths.reference("distributions_scipy.csv")).readAllRows().dropFirst()
        XCTAssertEqual(rows.count, 24)
        for r in rows {
            let a1 = try XCTUnwrap(Double(r[1])), a2 = try XCTUnwrap(Double(r[2])), expected = try XCTUnwrap(Double(r[4]))
            let got: Double
            switch r[0] {
            case "betainc": got = regularizedIncompleteBeta(a1, a2, try XCTUnwrap(Double(r[3])))
            case "t_two_sided": got = studentTwoSidedPValue(a1, df: a2)
            default: got = fUpperTailPValue(a1, d1: a2, d2: try XCTUnwrap(Double(r[3])))
            }
            // Relative 1e-9, or absolute 1e-15 for values near zero.
            XCTAssertLessThanOrEqual(abs(got - expected), max(1e-9 * abs(expected), 1e-15), "\(r): got \(got)")
        }
    }

    func testOutOfDomainIsNaNNotACrash() {
        XCTAssertTrue(regularizedIncompleteBeta(1.5, 1, 1).isNaN)
        XCTAssertTrue(regularizedIncompleteBeta(0.5, -1, 1).isNaN)
        XCTAssertTrue(studentTwoSidedPValue(1, df: 0).isNaN)
        XCTAssertEqual(studentTwoSidedPValue(0, df: 3), 1, accuracy: 1e-15)
    }
}
