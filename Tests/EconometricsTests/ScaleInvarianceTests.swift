@testable import Econometrics
import Foundation
import XCTest

/// Issue 14 section 2: least squares does not depend on the units of a regressor or of the weights. Multiplying
/// a regressor by 10^k divides its coefficient and standard error by 10^k and changes nothing else; multiplying
/// every weight by 10^k changes nothing.
final class ScaleInvarianceTests: XCTestCase {
    /// Grunfeld with a positive weight column (`w`, a smooth function of the year) added.
    func data() throws -> DataFrame {
        var d = try DataFrame(csvPath: Paths.grunfeld)
        let year = try d.numeric("year")
        try d.setColumn("w", .numeric(year.map { 1 + ($0 - 1935) / 7 }))
        return d
    }

    /// The data with `column` multiplied by `factor`.
    func scaled(_ d: DataFrame, _ column: String, _ factor: Double) throws -> DataFrame {
        var d = d
        try d.setColumn(column, .numeric(try d.numeric(column).map { $0 * factor }))
        return d
    }

    /// Asserts `a` and `b` agree, `term` scaled by `factor` (coefficient and SE divided by it).
    func assertSame(_ a: RegressionResult, _ b: RegressionResult, term: String?, factor: Double, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.terms, b.terms, what, file: file, line: line)
        XCTAssertEqual(a.dropped, b.dropped, what, file: file, line: line)
        guard a.terms == b.terms else { return }
        for (j, name) in a.terms.enumerated() {
            let f = name == term ? factor : 1
            assertRelative(b.estimates[j] * f, a.estimates[j], 1e-9, "\(what): estimate of \(name)", file: file, line: line)
            assertRelative(b.standardErrors[j] * f, a.standardErrors[j], 1e-9, "\(what): SE of \(name)", file: file, line: line)
            assertRelative(b.tValues[j], a.tValues[j], 1e-9, "\(what): t of \(name)", file: file, line: line)
            assertRelative(b.pValues[j], a.pValues[j], 1e-8, "\(what): p of \(name)", file: file, line: line)
        }
        assertRelative(b.r2, a.r2, 1e-9, "\(what): R2", file: file, line: line)
        assertRelative(b.fStatistic, a.fStatistic, 1e-9, "\(what): F", file: file, line: line)
        if let wa = a.withinR2 { assertRelative(b.withinR2, wa, 1e-9, "\(what): within R2", file: file, line: line) }
        XCTAssertEqual(a.warnings.count, b.warnings.count, "\(what): \(b.warnings)", file: file, line: line)
    }

    static let models = ["invest ~ value + capital", "invest ~ value + capital | firm", "invest ~ value + capital | firm + year"]
    static let estimators: [VarianceEstimator] = ["iid", "hc1", "cluster:firm"]

    func testRegressorScaleFrom1eMinus150To1e150() throws {
        let d = try data()
        for formula in Self.models {
            for weights in [nil, "w"] as [String?] {
                for vcov in Self.estimators {
                    let options = RegressionOptions(vcov: vcov, weights: weights)
                    let base = try regress(formula: Formula(formula), data: d, options: options)
                    for k in stride(from: -150, through: 150, by: 10) where k != 0 {
                        let f = pow(10.0, Double(k))
                        let r = try regress(formula: Formula(formula), data: scaled(d, "value", f), options: options)
                        assertSame(base, r, term: "value", factor: f, "\(formula), weights \(weights ?? "none"), \(vcov), value x 1e\(k)")
                    }
                }
            }
        }
    }

    func testWeightScaleFrom1eMinus150To1e150() throws {
        let d = try data()
        for formula in Self.models {
            for vcov in Self.estimators {
                let options = RegressionOptions(vcov: vcov, weights: "w")
                let base = try regress(formula: Formula(formula), data: d, options: options)
                for k in stride(from: -150, through: 150, by: 10) where k != 0 {
                    let r = try regress(formula: Formula(formula), data: scaled(d, "w", pow(10.0, Double(k))), options: options)
                    assertSame(base, r, term: nil, factor: 1, "\(formula), \(vcov), weights x 1e\(k)")
                }
            }
        }
    }

    /// The issue's reproductions: value x 1e150 and x 1e-170, weights of 1e300 keep `value`; weights of 1e-320
    /// (subnormal) are refused with the reason instead of NA standard errors beside an F statistic.
    func testIssueReproductions() throws {
        let d = try data()
        let base = try regress(formula: Formula("invest ~ value + capital"), data: d)
        for f in [1e150, 1e-170] {
            let r = try regress(formula: Formula("invest ~ value + capital"), data: scaled(d, "value", f))
            assertSame(base, r, term: "value", factor: f, "value x \(f)")
        }
        var big = d
        try big.setColumn("one", .numeric(Array(repeating: 1e300, count: d.rowCount)))
        let weighted = try regress(formula: Formula("invest ~ value + capital"), data: big, options: RegressionOptions(weights: "one"))
        assertSame(base, weighted, term: nil, factor: 1, "weights 1e300")
        XCTAssertEqual(weighted.rss, base.rss * 1e300, accuracy: base.rss * 1e300 * 1e-9)
        var tiny = d
        try tiny.setColumn("one", .numeric(Array(repeating: 1e-320, count: d.rowCount)))
        XCTAssertThrowsError(try regress(formula: Formula("invest ~ value + capital"), data: tiny, options: RegressionOptions(weights: "one"))) {
            XCTAssertTrue(String(describing: $0).contains("subnormal"), "\($0)")
        }
    }
}
