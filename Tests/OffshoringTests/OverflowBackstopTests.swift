import DataIO
import IOTables
@testable import Offshoring
import XCTest

/// A use built in code whose sums or ratios overflow (issue 14): an error naming the unit, never NaN or an
/// infinity in a result (the table readers refuse such tables first; this is the measures' own guarantee).
final class OverflowBackstopTests: XCTestCase {
    func testRatiosAndSumsThatOverflowAreErrorsNamingTheUnit() throws {
        // Tiny values are fine; m importing 1e10 of manufactured inputs against an output of 1e-300 (1e312 percent) is not.
        let tiny = try EdgeCaseMeasuresTests.use(domestic: ["m": ["m": 0]], foreign: ["m": ["m": 1e-300], "s": ["s": 1]])
        XCTAssertNoThrow(try OffshoringMeasures.compute(use: tiny, classification: try EdgeCaseMeasuresTests.classification(),
                                                        grouping: try EdgeCaseMeasuresTests.grouping()))
        let overflow = try EdgeCaseMeasuresTests.use(domestic: [:], foreign: ["m": ["m": 1e10]],
                                                     output: [1e-300, 100, 100, 100])
        XCTAssertThrowsError(try OffshoringMeasures.compute(use: overflow, classification: try EdgeCaseMeasuresTests.classification(),
                                                            grouping: try EdgeCaseMeasuresTests.grouping(), denominator: .output)) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.key, "m")
            XCTAssertTrue(e?.message.contains("which is not a finite percentage") ?? false, "\(String(describing: e))")
        }
        // Two industries' sums of 1e308 overflow their aggregate.
        let aggregate = try EdgeCaseMeasuresTests.use(domestic: ["o": ["e": 1e308, "o": 1e308]], foreign: [:])
        XCTAssertThrowsError(try OffshoringMeasures.compute(use: aggregate, classification: try EdgeCaseMeasuresTests.classification(),
                                                            grouping: try EdgeCaseMeasuresTests.grouping(), denominator: .intermediates)) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.key, "all")
            XCTAssertTrue(e?.message.contains("the denominator is inf") ?? false, "\(String(describing: e))")
        }
    }
}
