@testable import Offshoring
import XCTest

/// Compound growth against the growth columns of METHOD.md's reference table (Belgium, 1995-2007, 12 years).
final class CompoundGrowthTests: XCTestCase {
    /// (level 1995, level 2007, published g in %), om and os of each row of the reference table.
    static let reference: [(Double, Double, Double)] = [
        (35.68, 38.33, 0.6), (0.71, 1.94, 8.7),     // Manufacturing, total
        (32.57, 32.13, -0.1), (0.68, 1.77, 8.4),    // OECD
        (0.55, 1.95, 11.2), (0.02, 0.06, 11.9),     // CEE
        (0.88, 1.82, 6.2), (0.01, 0.03, 16.5),      // ASIA
        (4.88, 7.50, 3.6), (3.20, 5.71, 4.9),       // Market services, total
        (4.51, 6.42, 3.0), (3.05, 5.23, 4.6),       // OECD
        (0.05, 0.31, 17.3), (0.07, 0.19, 8.9),      // CEE
        (0.19, 0.48, 8.0), (0.03, 0.09, 11.0),      // ASIA
    ]

    func testMETHODsWorkedExample() throws {
        let g = try XCTUnwrap(compoundGrowth(from: 35.68, to: 38.33, years: 12))
        XCTAssertEqual((g * 1000).rounded() / 10, 0.6)
        XCTAssertEqual(g, 0.0059884, accuracy: 1e-6)
    }

    /// Where the published levels are precise enough (two or more significant digits of change), the growth
    /// from the rounded levels rounds to the published growth.
    func testGrowthFromLevelsRoundsToThePublishedGrowth() throws {
        let exact = [0, 1, 2, 6, 8, 9, 10, 11, 14]
        for k in exact {
            let (a, b, g) = Self.reference[k]
            let x = try XCTUnwrap(compoundGrowth(from: a, to: b, years: 12))
            XCTAssertEqual((x * 1000).rounded() / 10, g, "row \(k): \(a) -> \(b)")
        }
    }

    /// Every published growth rate is consistent with the levels once their rounding to 0.01 (and the growth's
    /// rounding to 0.1) is allowed for: the small CEE and ASIA levels carry little precision.
    func testEveryPublishedGrowthIsWithinTheRoundingOfItsLevels() throws {
        for (a, b, g) in Self.reference {
            let lo = try XCTUnwrap(compoundGrowth(from: a + 0.005, to: b - 0.005, years: 12)) * 100
            let hi = try XCTUnwrap(compoundGrowth(from: a - 0.005, to: b + 0.005, years: 12)) * 100
            XCTAssertTrue(g + 0.05 >= lo && g - 0.05 <= hi, "\(a) -> \(b): \(g) outside [\(lo), \(hi)]")
        }
    }

    func testUndefinedGrowthIsNil() {
        XCTAssertNil(compoundGrowth(from: 0, to: 1, years: 5))
        XCTAssertNil(compoundGrowth(from: 1, to: 2, years: 0))
        XCTAssertNil(compoundGrowth(from: 1, to: -2, years: 3))
        XCTAssertEqual(compoundGrowth(from: 2, to: 0, years: 3), -1)
    }
}
