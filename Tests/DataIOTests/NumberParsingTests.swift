import XCTest
@testable import DataIO
import TestSupport

/// Number parsing: exact agreement with the C library's correctly rounded strtod, and clear failures.
final class NumberParsingTests: XCTestCase {
    func value(_ s: String) -> Double? {
        if case .value(let v) = parseNumber(s) { return v }
        return nil
    }

    func failure(_ s: String) -> String? {
        if case .failure(let why) = parseNumber(s) { return why }
        return nil
    }

    func testPlainNumbers() {
        XCTAssertEqual(value("0"), 0)
        XCTAssertEqual(value("-17"), -17)
        XCTAssertEqual(value("+3.25"), 3.25)
        XCTAssertEqual(value("0.1"), 0.1)
        XCTAssertEqual(value(".5"), 0.5)
        XCTAssertEqual(value("5."), 5)
        XCTAssertEqual(value("  42 "), 42)
        XCTAssertEqual(value("1e3"), 1000)
        XCTAssertEqual(value("-2.5E-3"), -0.0025)
        XCTAssertEqual(value("123456789012345678901234567890"), 123456789012345678901234567890.0)
        XCTAssertEqual(value("0.30000000000000004"), 0.30000000000000004)
    }

    /// The fast path must give exactly what a correctly rounded parser gives, bit for bit.
    func testFastPathIsCorrectlyRoundedOnRandomDecimals() {
        var rng = SplitMix64(seed: 20261123)
        for _ in 0..<20000 {
            let intDigits = Int(rng.next() % 10)
            let fracDigits = Int(rng.next() % 12)
            var s = rng.next() % 2 == 0 ? "-" : ""
            s += intDigits == 0 ? "0" : String((0..<intDigits).map { _ in Character(String(rng.next() % 10)) })
            if fracDigits > 0 { s += "." + String((0..<fracDigits).map { _ in Character(String(rng.next() % 10)) }) }
            guard let expected = Double(s) else { return XCTFail("Swift could not parse \(s)") }
            XCTAssertEqual(value(s)?.bitPattern, expected.bitPattern, s)
        }
    }

    func testBadNumbersSayWhatWasExpected() throws {
        XCTAssertTrue(try XCTUnwrap(failure("3,14")).contains("decimal comma"))
        XCTAssertTrue(try XCTUnwrap(failure("NaN")).contains("finite"))
        XCTAssertTrue(try XCTUnwrap(failure("-inf")).contains("finite"))
        XCTAssertTrue(try XCTUnwrap(failure("1e400")).contains("out of range"))
        XCTAssertTrue(try XCTUnwrap(failure("")).contains("empty"))
        XCTAssertNotNil(failure("12abc"))
        XCTAssertNotNil(failure("-"))
        XCTAssertNotNil(failure("1.2.3"))
        XCTAssertNotNil(failure("0x1p3"), "hexadecimal floats are not data")
    }
}
