import DataIO
@testable import Econometrics
import XCTest

/// Evaluating terms into columns: functions, arithmetic, factors with reference levels, interactions, and
/// non-finite results treated as missing (dropped and counted).
final class ModelFrameTests: XCTestCase {
    func frame() throws -> DataFrame {
        try DataFrame(columns: [
            ("g", .categorical(codes: [0, 1, 2, 0, 1], levels: ["a", "b", "c"])),
            ("t", .numeric([1, 2, 3, 4, 5])),
            ("x", .numeric([1, 4, 0, 9, -1])),
            ("y", .numeric([2, 3, 5, 7, 11])),
        ])
    }

    func testFunctionsAndArithmetic() throws {
        let mf = try ModelFrame(formula: Formula("log(y) ~ sqrt(x) + exp(t) + abs(x) + I(x^2) + I(y/x - 1) + I(-t)"), data: frame())
        XCTAssertEqual(mf.regressorNames, ["sqrt(x)", "exp(t)", "abs(x)", "I(x^2)", "I(y/x - 1)", "I(-t)"])
        XCTAssertEqual(mf.response[4], log(11.0), accuracy: 1e-15)
        XCTAssertEqual(mf.regressors[0][1], 2)
        XCTAssertTrue(mf.regressors[0][4].isNaN)          // sqrt(-1)
        XCTAssertEqual(mf.regressors[1][0], exp(1.0), accuracy: 1e-15)
        XCTAssertEqual(mf.regressors[2][4], 1)
        XCTAssertEqual(mf.regressors[3][3], 81)
        XCTAssertTrue(mf.regressors[4][2].isNaN)          // 5/0 is not finite: missing
        XCTAssertEqual(mf.regressors[4][1], -0.25)
        XCTAssertEqual(mf.regressors[5][2], -3)
        XCTAssertEqual(mf.completeRows(), [true, true, false, true, false])
    }

    func testFactorReferenceLevelsAndInteractions() throws {
        let d = try frame()
        let withRef = try ModelFrame(formula: Formula("y ~ i(g, ref = \"b\")"), data: d)
        XCTAssertEqual(withRef.regressorNames, ["g::a", "g::c"])
        let numericFactor = try ModelFrame(formula: Formula("y ~ i(t):x"), data: d)
        XCTAssertEqual(numericFactor.regressorNames, ["t::1:x", "t::2:x", "t::3:x", "t::4:x", "t::5:x"])
        XCTAssertEqual(numericFactor.regressors[3], [0, 0, 0, 9, 0])
        let grouped = try ModelFrame(formula: Formula("y ~ (x + t):g - 1"), data: d)
        XCTAssertEqual(grouped.regressorNames, ["x:ga", "x:gb", "x:gc", "t:ga", "t:gb", "t:gc"])
        XCTAssertFalse(grouped.hasIntercept)
        let dup = try ModelFrame(formula: Formula("y ~ x + x + t*x"), data: d)
        XCTAssertEqual(dup.regressorNames, ["x", "t", "t:x"])
    }

    func testNonFiniteValuesAreDroppedAndCounted() throws {
        let r = try regress(formula: Formula("log(y) ~ log(x)"), data: frame())
        XCTAssertEqual(r.nobs, 3)
        XCTAssertEqual(r.accounting.missing, 2)           // log(0) and log(-1)
        XCTAssertEqual(r.accounting.total, 5)
    }

    func testTextVariableInArithmeticIsAnInputError() throws {
        XCTAssertThrowsError(try ModelFrame(formula: Formula("y ~ I(g * 2)"), data: frame())) { e in
            XCTAssertEqual((e as? InputError)?.key, "g")
        }
        XCTAssertThrowsError(try ModelFrame(formula: Formula("y ~ i(g, ref = \"z\")"), data: frame())) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("'z'") ?? false)
        }
    }
}
