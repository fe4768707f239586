import DataIO
@testable import Econometrics
import XCTest

/// The fixest-syntax formula parser: terms, labels, intercept switches, fixed effects, IV parts, errors.
final class FormulaTests: XCTestCase {
    func testTermsAndLabelsAsFixestNamesThem() throws {
        let f = try Formula("log(y) ~ x1 + log(x2) + I(a*b) + a:b + c*d + l(x, 1) + f(x,2) + d(x) + I(x^2) + I(a/b)")
        XCTAssertEqual(f.response.label, "log(y)")
        XCTAssertEqual(f.terms.map(\.label),
                       ["x1", "log(x2)", "I(a * b)", "a:b", "c", "d", "c:d", "l(x, 1)", "f(x, 2)", "d(x)", "I(x^2)", "I(a/b)"])
        XCTAssertTrue(f.hasIntercept)
        XCTAssertTrue(f.fixedEffects.isEmpty)
        XCTAssertFalse(f.isIV)
    }

    func testInterceptSwitchesAndRemoval() throws {
        XCTAssertFalse(try Formula("y ~ x - 1").hasIntercept)
        XCTAssertFalse(try Formula("y ~ 0 + x").hasIntercept)
        XCTAssertTrue(try Formula("y ~ x").hasIntercept)
        XCTAssertEqual(try Formula("y ~ a*b - a:b").terms.map(\.label), ["a", "b"])
    }

    func testFixedEffectsAndIVParts() throws {
        let f = try Formula("y ~ x | firm + year + firm^year | z1 + z2 ~ w1 + w2")
        XCTAssertEqual(f.fixedEffects.map(\.label), ["firm", "year", "firm^year"])
        XCTAssertEqual(f.endogenous.map(\.label), ["z1", "z2"])
        XCTAssertEqual(f.instruments.map(\.label), ["w1", "w2"])
        let g = try Formula("y ~ x | z ~ w")
        XCTAssertTrue(g.fixedEffects.isEmpty)
        XCTAssertEqual(g.endogenous.map(\.label), ["z"])
        XCTAssertEqual(g.variables.map(\.name), ["y", "x", "z", "w"])
    }

    func testErrorsNameThePosition() {
        func position(_ text: String) -> Int? {
            do { _ = try Formula(text); return nil } catch let e as InputError {
                // Messages start "at character N:".
                guard e.key == "formula", let r = e.message.range(of: "at character ") else { return -2 }
                return Int(e.message[r.upperBound...].prefix { $0.isNumber })
            } catch { return -1 }
        }
        XCTAssertEqual(position("y ~ x + "), 9)
        XCTAssertEqual(position("y ~ foo(x)"), 5)
        XCTAssertEqual(position("y ~ x ^ 2"), 7)
        XCTAssertEqual(position("y x"), 3)
        XCTAssertEqual(position("y ~ l(x, 1.5)"), 5)
        XCTAssertEqual(position("y ~ x $ z"), 7)
        XCTAssertEqual(position(""), 1)
    }
}

/// fixest's multiple-estimation helpers.
final class MultipleEstimationTests: XCTestCase {
    func testCumulativeAndPlainStepwise() throws {
        let c = try Formula.expandingMultiple("y ~ x + csw(a, log(b), c:d) | fe")
        XCTAssertEqual(c.map { $0.terms.map(\.label) }, [["x", "a"], ["x", "a", "log(b)"], ["x", "a", "log(b)", "c:d"]])
        XCTAssertTrue(c.allSatisfy { $0.fixedEffects.map(\.label) == ["fe"] })
        let s = try Formula.expandingMultiple("y ~ sw(a, b)")
        XCTAssertEqual(s.map { $0.terms.map(\.label) }, [["a"], ["b"]])
        XCTAssertEqual(try Formula.expandingMultiple("y ~ answer + x").count, 1)
    }

    func testMalformedHelpersAreErrors() {
        XCTAssertThrowsError(try Formula.expandingMultiple("y ~ csw(a, b"))
        XCTAssertThrowsError(try Formula.expandingMultiple("y ~ csw(a, , b)"))
        XCTAssertThrowsError(try Formula.expandingMultiple("y ~ csw(a) + sw(b)"))
    }
}
