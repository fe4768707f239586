import XCTest
@testable import DataIO
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Eisel-Lemire path of `parseNumber` (16-19 significant digits, exponents) against the C library's
/// correctly rounded `strtod`, bit for bit. offshore-perf's `numbers` benchmark runs the same check on millions.
final class EiselLemireTests: XCTestCase {
    func parsed(_ s: String) -> Double? {
        if case .value(let v) = parseNumber(s) { return v }
        return nil
    }

    func strtodValue(_ s: String) -> Double { s.withCString { strtod($0, nil) } }

    func digits(_ n: Int, _ rng: inout SplitMix64) -> String {
        String((0..<n).map { _ in Character(String(rng.next() % 10)) })
    }

    /// 17 significant digits, as pandas' `to_csv` and R's `write.csv(digits = 17)` write doubles.
    func testSeventeenDigitDecimalsMatchStrtod() {
        var rng = SplitMix64(seed: 8_2026)
        for _ in 0..<4000 {
            let lead = String(1 + rng.next() % 9)
            let point = Int(rng.next() % 18)
            let body = lead + digits(16, &rng)
            var s = point == 0 ? "0." + String(repeating: "0", count: Int(rng.next() % 6)) + body
                               : String(body.prefix(point)) + "." + String(body.dropFirst(point))
            if rng.next() % 2 == 0 { s = "-" + s }
            XCTAssertEqual(parsed(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
    }

    /// Scientific notation over the whole normal range, 16 to 19 digits.
    func testScientificNotationMatchesStrtod() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<4000 {
            let n = 16 + Int(rng.next() % 4)
            let e = Int(rng.next() % 600) - 300
            let s = String(1 + rng.next() % 9) + "." + digits(n - 1, &rng) + "e" + String(e)
            XCTAssertEqual(parsed(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
    }

    /// Ties and edges: round-half-even at 2^53 + 1, the largest double, the smallest normal one, subnormals
    /// (handed to strtod), and the powers of ten at both ends of the table.
    func testHardCases() {
        let cases = ["9007199254740993", "9007199254740995", "9007199254740993.0000000001", "1.7976931348623157e308",
                     "1.7976931348623158e308", "2.2250738585072014e-308", "2.2250738585072011e-308",
                     "4.9406564584124654e-324", "1e-342", "1e308", "1e-22", "1e23", "0.1000000000000000055511151231257827",
                     "7.3177701707893310e+15", "1.00000000000000011102230246251565404236316680908203125",
                     "2.4703282292062328e-324", "8.988465674311579e307", "123456789012345678", "0.000000000000000000000000000001"]
        for s in cases {
            XCTAssertEqual(parsed(s)?.bitPattern, strtodValue(s).bitPattern, s)
        }
        XCTAssertEqual(parsed("9007199254740993"), 9007199254740992, "a tie rounds to the even neighbour")
        XCTAssertNil(parsed("1.8e308"), "overflow is a failure, not infinity")
        XCTAssertEqual(parsed("-0.00000000000000000"), 0)
        XCTAssertEqual(parsed("-0.00000000000000000")?.sign, .minus)
    }

    /// The table entry for 10^0 is exactly 2^127 and the algorithm alone (without the caller's Clinger path)
    /// reproduces exactly representable values.
    func testAlgorithmAloneOnExactValues() {
        XCTAssertEqual(powersOfFive128[2 * (0 - smallestPowerOfFive)], 1 << 63)
        XCTAssertEqual(eiselLemire(w: 1, q: 0), (1.0).bitPattern)
        XCTAssertEqual(eiselLemire(w: 12345678901234567, q: -16), (1.2345678901234567).bitPattern)
        XCTAssertEqual(eiselLemire(w: 5, q: -1), (0.5).bitPattern)
        XCTAssertNil(eiselLemire(w: 1, q: 309))
        XCTAssertNil(eiselLemire(w: 1, q: -330), "subnormal results are left to strtod")
    }
}
