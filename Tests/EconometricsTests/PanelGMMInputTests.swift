import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The GMM formula's parsing and the errors of impossible GMM models (each an InputError naming what is wrong).
final class PanelGMMInputTests: XCTestCase {
    func testLagRangesExpandAndPartsParse() throws {
        let f = try PanelGMMFormula("log(emp) ~ l(log(emp), 1:2) + log(k) | year | gmm(log(emp), 2:99) + iv(z)")
        XCTAssertEqual(f.equation, "log(emp) ~ l(log(emp), 1) + l(log(emp), 2) + log(k)  - 1")
        XCTAssertEqual(f.timeEffects, "year")
        XCTAssertEqual(f.gmm, [PanelGMMFormula.GMMStyle(expression: "log(emp)", minLag: 2, maxLag: 99)])
        XCTAssertEqual(f.iv, ["z"])
        let g = try PanelGMMFormula("y ~ l(y, 1) | gmm(y, 2:3)")
        XCTAssertNil(g.timeEffects)
    }

    func testBadFormulasNameTheProblem() {
        func message(_ text: String) -> String {
            do { _ = try PanelGMMFormula(text); return "" } catch { return "\(error)" }
        }
        XCTAssertTrue(message("y ~ l(y, 3:1) | gmm(y, 2:99)").contains("lag range '3:1'"), message("y ~ l(y, 3:1) | gmm(y, 2:99)"))
        XCTAssertTrue(message("y ~ l(y, 1) | gmm(y, 5:2)").contains("gmm() takes"))
        XCTAssertTrue(message("y ~ l(y, 1) | gmm(y, 0:2)").contains("at least 1"))
        XCTAssertTrue(message("y ~ l(y, 1)").contains("two or three parts"))
        XCTAssertTrue(message("y ~ l(y, 1) | iv(x)").contains("at least one GMM-style"))
        XCTAssertTrue(message("y ~ l(y, 1) | foo(x)").contains("unknown instrument"))
    }

    func panel(firms: Int, years: Int) throws -> DataFrame {
        var firm: [Double] = [], year: [Double] = [], y: [Double] = [], x: [Double] = []
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<firms {
            var level = uniform()
            for t in 0..<years {
                let xv = uniform()
                level = 0.5 * level + 0.3 * xv + uniform() - 0.5
                firm.append(Double(i)); year.append(Double(2000 + t)); y.append(level); x.append(xv)
            }
        }
        return try DataFrame(columns: [("firm", .numeric(firm)), ("year", .numeric(year)), ("y", .numeric(y)), ("x", .numeric(x))])
    }

    func testTooFewPeriodsAndProliferation() throws {
        let p = Panel(entity: "firm", time: "year")
        let short = try panel(firms: 30, years: 3)
        XCTAssertThrowsError(try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1:2) + x | gmm(y, 2:99)"), data: short, panel: p)) {
            XCTAssertTrue("\($0)".contains("too few periods"), "\($0)")
        }
        let wide = try panel(firms: 10, years: 8)
        let fit = try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | gmm(y, 2:99)"), data: wide, panel: p)
        XCTAssertTrue(fit.warnings.contains { $0.contains("instrument proliferation") }, "\(fit.warnings)")
        let collapsed = try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | gmm(y, 2:99)"), data: wide, panel: p,
                                         options: PanelGMMOptions(steps: 2, collapse: true))
        XCTAssertEqual(collapsed.instrumentCount, 6 + 1)
        XCTAssertThrowsError(try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | year | gmm(y, 2:99)"), data: wide,
                                              panel: Panel(entity: "firm", time: "x"))) {
            XCTAssertTrue("\($0)".contains("time-effects part names 'year'"), "\($0)")
        }
    }

    /// Bad input for system GMM and for either estimator: too few periods for the lags asked, GMM-style
    /// instruments without a value in any equation, more instruments than equations: each an InputError with
    /// the reason.
    func testImpossibleModelsGiveTheReason() throws {
        let p = Panel(entity: "firm", time: "year")
        let system = PanelGMMOptions(steps: 2, collapse: false, transformation: .system)
        let short = try panel(firms: 30, years: 3)
        XCTAssertThrowsError(try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1:2) + x | gmm(y, 2:99)"), data: short, panel: p,
                                              options: system)) {
            XCTAssertTrue("\($0)".contains("too few periods for the lags asked"), "\($0)")
        }
        let eight = try panel(firms: 30, years: 8)
        for options in [PanelGMMOptions(), system] {
            XCTAssertThrowsError(try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | gmm(l(x, 6), 2:99)"), data: eight,
                                                  panel: p, options: options)) {
                XCTAssertTrue("\($0)".contains("no valid instrument: gmm(l(x, 6), 2:99) has no value in any differenced equation"), "\($0)")
            }
        }
        let few = try panel(firms: 3, years: 12)
        XCTAssertThrowsError(try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | gmm(y, 2:99)"), data: few, panel: p,
                                              options: system)) {
            XCTAssertTrue("\($0)".contains("more instruments (68) than equations (30 differenced and 33 in levels)"), "\($0)")
        }
        // Collapsed, the same panel is estimable.
        let collapsed = try PanelGMM.fit(formula: try PanelGMMFormula("y ~ l(y, 1) + x | gmm(y, 2:99)"), data: few, panel: p,
                                         options: PanelGMMOptions(steps: 2, collapse: true, transformation: .system))
        XCTAssertEqual(collapsed.instrumentCount, 10 + 1 + 2 + 1)
        XCTAssertEqual(collapsed.levelObservationCount, 33)
    }
}
