import DataIO
import XCTest

/// The plain-text number formatter of the terminal and machine-readable outputs.
final class NumberTextTests: XCTestCase {
    func testShortUsesSixDigitsOrScientificNotation() {
        XCTAssertEqual(NumberText.short(0), "0")
        XCTAssertEqual(NumberText.short(0.1101238456), "0.110124")
        XCTAssertEqual(NumberText.short(-27.71932), "-27.7193")
        XCTAssertEqual(NumberText.short(7.2869e-13), "7.2869e-13")
        XCTAssertEqual(NumberText.short(12345678), "1.2346e+07")
        XCTAssertEqual(NumberText.short(.nan), "NA")
        XCTAssertEqual(NumberText.short(-.infinity), "NA")
    }

    func testSignificantFixedAndRoundTrip() {
        XCTAssertEqual(NumberText.significant(1.337e-05, digits: 4), "1.337e-05")
        XCTAssertEqual(NumberText.significant(0.31952, digits: 4), "0.3195")
        XCTAssertEqual(NumberText.fixed(-0.18, decimals: 3), "-0.180")
        XCTAssertEqual(NumberText.fixed(.nan, decimals: 2), "NA")
        XCTAssertEqual(NumberText.roundTrip(3), "3.0")
        XCTAssertEqual(NumberText.roundTrip(1e-5), "1e-05")
        XCTAssertEqual(NumberText.roundTrip(.infinity), "NA")
    }

    func testGrouping() {
        XCTAssertEqual(NumberText.grouped(0), "0")
        XCTAssertEqual(NumberText.grouped(999), "999")
        XCTAssertEqual(NumberText.grouped(1000), "1,000")
        XCTAssertEqual(NumberText.grouped(-1234567), "-1,234,567")
        XCTAssertEqual(NumberText.grouped(Int.min), "-9,223,372,036,854,775,808")
        XCTAssertEqual(NumberText.groupDigits("1234567", separator: "."), "1.234.567")
    }
}
