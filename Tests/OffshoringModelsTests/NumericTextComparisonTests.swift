import RunFolders
import XCTest

/// `NumericTextComparison`, which lets `offshore verify` and the example test accept numbers that moved in their last
/// digits (OpenBLAS kernels chosen per processor) and nothing else.
final class NumericTextComparisonTests: XCTestCase {
    private func compare(_ a: String, _ b: String, _ tol: Double = 1e-9) -> NumericTextComparison.Outcome {
        NumericTextComparison.compare(Array(a.utf8), Array(b.utf8), relativeTolerance: tol)
    }

    func testIdenticalAndLastDigits() {
        XCTAssertEqual(compare("a,1.5\n", "a,1.5\n"), .identical)
        // Seen between an AVX2 and an AVX-512 machine: production.csv, log(K).
        let old = "production,log(K),0.15137739151203639,0.07872992290983342,1.9227427884745107\n"
        let new = "production,log(K),0.15137739151203644,0.07872992290983345,1.9227427884745107\n"
        guard case .withinTolerance(let largest) = compare(old, new) else { return XCTFail("\(compare(old, new))") }
        let expected = max((0.15137739151203644 - 0.15137739151203639) / 0.15137739151203644,
                           (0.07872992290983345 - 0.07872992290983342) / 0.07872992290983345)
        XCTAssertEqual(largest, expected, accuracy: 1e-20)
        XCTAssertLessThan(largest, 1e-14)
        XCTAssertTrue(compare("x 2.5666199955084907e-05\n", "x 2.5666199955084954e-05\n").agrees)
    }

    func testTextOrLargerDifferencesDiffer() {
        XCTAssertEqual(compare("a,1.5\nb,2\n", "a,1.5\nb,2.001\n"), .different(line: 2))
        XCTAssertEqual(compare("a,1.5\n", "b,1.5\n"), .different(line: 1))
        XCTAssertEqual(compare("a,1.5\n", "a,1.5\nextra\n"), .different(line: 2))
        XCTAssertEqual(compare("a,1.5\n", "a,1.5,\n"), .different(line: 1))
        XCTAssertEqual(compare("v 1e-5\n", "v 1e-6\n"), .different(line: 1))
        // A sign is part of the number; a year range is two numbers with a dash between.
        XCTAssertEqual(compare("-1.0\n", "1.0\n"), .different(line: 1))
        XCTAssertEqual(compare("1995-2007\n", "1995-2008\n"), .different(line: 1))
        // Digits inside a name are text, not numbers.
        XCTAssertEqual(compare("log2 x1\n", "log3 x1\n"), .different(line: 1))
        // A tolerance of 0 accepts only equal values.
        XCTAssertEqual(compare("0.15137739151203639\n", "0.15137739151203644\n", 0), .different(line: 1))
        XCTAssertEqual(compare("nan\n", "nan\n"), .identical)
    }

    func testEqualValuesWrittenDifferently() {
        // 1.50 and 1.5 are equal numbers; the rule is about values, the text between numbers must match.
        XCTAssertEqual(compare("1.50;2\n", "1.5;2\n"), .withinTolerance(largest: 0))
    }
}
