import DataIO
@testable import Econometrics
import Foundation
import Linalg
import TestSupport
import XCTest

/// Econometrics under hostile input (issue 14): formulas nested past any stack, restrictions of extreme scale,
/// designs too large to build, headers of hundreds of thousands of columns, mostly-numeric columns with a
/// malformed cell.
final class HostileInputTests: XCTestCase {
    // MARK: formula depth

    func testDeepFormulasAreRefusedNamingWhereTheLimitIsPassed() {
        let cases: [(String, String, Int)] = [
            ("y ~ " + String(repeating: "(", count: 8000) + "x" + String(repeating: ")", count: 8000), "nests more than 200", 205),
            ("y ~ I(" + String(repeating: "(", count: 8000) + "x" + String(repeating: ")", count: 8000) + ")", "nests more than 200", 206),
            ("y ~ I(" + String(repeating: "-", count: 8000) + "x)", "nests more than 200", 206),
            ("y ~ I(x" + String(repeating: "^x", count: 8000) + ")", "nests more than 200", 406),
            ("y ~ " + String(repeating: "log(", count: 8000) + "x" + String(repeating: ")", count: 8000), "nests more than 200", 805),
            ("y ~ I(x" + String(repeating: "+x", count: 50_000) + ")", "more than 200 operations deep", 406),
            ("y ~ I(x" + String(repeating: "*x", count: 50_000) + ")", "more than 200 operations deep", 406),
            (String(repeating: "(", count: 8000) + "y" + String(repeating: ")", count: 8000) + " ~ x", "nests more than 200", 201),
        ]
        for (text, what, position) in cases {
            XCTAssertThrowsError(try Formula(text)) { e in
                let e = e as? InputError
                XCTAssertEqual(e?.key, "formula")
                XCTAssertTrue(e?.message.hasPrefix("at character \(position): ") ?? false, e?.message ?? "")
                XCTAssertTrue(e?.message.contains(what) ?? false, e?.message ?? "")
            }
        }
    }

    func testFormulasUpToTheDepthLimitParseAsBefore() throws {
        let f = try Formula("y ~ I(" + String(repeating: "(", count: 198) + "x" + String(repeating: ")", count: 198) + ")")
        XCTAssertEqual(f.terms.map(\.label), ["I(x)"])
        let chain = try Formula("y ~ I(x" + String(repeating: " + x", count: 150) + ")")
        XCTAssertEqual(chain.variables.map(\.name), ["y", "x"])
        XCTAssertEqual(try Formula("y ~ x + log(z) | fe").terms.map(\.label), ["x", "log(z)"])
        XCTAssertEqual(try Formula("y ~ I(-(-x)) + I(x^2^3)").terms.count, 2)
    }

    func testTermsAreDeduplicatedInLinearTimeAtEveryLevel() throws {
        // A 6-part product (63 terms) crossed with another, inside 190 levels of parentheses: the fuzzer's timeout
        // (each level searched its term list once per term, comparing labels).
        let inner = "b*dbba:b:xx:(fc*d*e*f*g*h)"
        let text = "y ~ " + String(repeating: "(", count: 190) + inner + String(repeating: ")", count: 190)
        let start = Date()
        let f = try Formula(text)
        XCTAssertEqual(f.terms.count, 127)
        XCTAssertEqual(Set(f.terms.map(\.label)).count, 127)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        XCTAssertEqual(try Formula("y ~ a*b - a:b + a").terms.map(\.label), ["a", "b"])
        XCTAssertEqual(try Formula("y ~ (a + b):(c + a)").terms.map(\.label), ["a:c", "a", "b:c", "b:a"])
    }

    // MARK: restrictions of extreme scale

    func testARestrictionIsTheSameRestrictionAtAnyScale() throws {
        let names = ["A:x", "A:z", "B:x", "B:z"]
        for scale in ["1e160", "1e-160", "1", "3.5e300", "1e-300"] {
            let one = try LinearRestrictions.parse(["\(scale)*A:x - \(scale)*B:x = 0"], coefficientNames: names)
            XCTAssertNoThrow(try one.checkIndependent(), scale)
            let two = try LinearRestrictions.parse(["\(scale)*A:x - \(scale)*B:x = 0", "A:z = B:z"], coefficientNames: names)
            XCTAssertNoThrow(try two.checkIndependent(), scale)
            let redundant = try LinearRestrictions.parse(["A:x = B:x", "\(scale)*A:x - \(scale)*B:x = 0"], coefficientNames: names)
            XCTAssertThrowsError(try redundant.checkIndependent(), scale) { e in
                XCTAssertTrue((e as? InputError)?.message.contains("restriction 2 is redundant") ?? false, "\(scale): \(e)")
            }
            let contradiction = try LinearRestrictions.parse(["A:x = B:x", "\(scale)*A:x - \(scale)*B:x = \(scale)"], coefficientNames: names)
            XCTAssertThrowsError(try contradiction.checkIndependent(), scale) { e in
                XCTAssertTrue((e as? InputError)?.message.contains("restriction 2 contradicts") ?? false, "\(scale): \(e)")
            }
        }
    }

    // MARK: dense designs

    func testAFactorTooLargeForADenseDesignIsRefusedBeforeItIsBuilt() throws {
        let n = 40_000
        let frame = try DataFrame(columns: [("y", .numeric((0..<n).map { Double($0 % 7) })),
                                            ("x", .numeric((0..<n).map { Double($0 % 11) })),
                                            ("id", .numeric((0..<n).map { Double($0 % 20_000) }))])
        XCTAssertThrowsError(try ModelFrame(formula: try Formula("y ~ x + i(id)"), data: frame)) { e in
            let m = (e as? InputError)?.message ?? "\(e)"
            XCTAssertTrue(m.contains("the term 'i(id)' expands to 20000 columns ('id' has 20000 levels)"), m)
            XCTAssertTrue(m.contains("40000 rows x 20002 columns would take about 6.4 GB"), m)
            XCTAssertTrue(m.contains("'| id'"), m)
        }
        let saved = DesignMemory.limitBytes
        defer { DesignMemory.limitBytes = saved }
        DesignMemory.limitBytes = 1 << 20
        XCTAssertThrowsError(try ModelFrame(formula: try Formula("y ~ x + i(id)"), data: frame.selecting(rows: Array(0..<1000))))
        XCTAssertNoThrow(try ModelFrame(formula: try Formula("y ~ x | id"), data: frame))
        XCTAssertEqual(DesignMemory.bytes(rows: Int.max, columns: 3), Int.max)
    }

    // MARK: wide and mostly-numeric files

    func testAHeaderOfTwoHundredThousandColumnsIsReadInLinearTime() throws {
        let dir = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("wide.csv").path
        let k = 200_000
        let text = (0..<k).map { "c\($0)" }.joined(separator: ",") + "\n" + Array(repeating: "1", count: k).joined(separator: ",") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let start = Date()
        let frame = try DataFrame(checkedCSVPath: path)
        XCTAssertEqual(frame.names.count, k)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testAMostlyNumericColumnWithAMalformedCellIsRefusedAtTheCell() throws {
        let dir = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("d.csv").path
        try "y,x,name\n1,2,a\n2,1_000,b\n3,4,c\n4,5,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DataFrame(checkedCSVPath: path)) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.line, 3)
            XCTAssertEqual(e?.column, 2)
            XCTAssertEqual(e?.key, "x")
            XCTAssertTrue(e?.message.hasPrefix("expected a number, found '1_000' (3 of the column's 4 values are numbers") ?? false, "\(String(describing: e))")
        }
        // The unchecked reader still reads it as text (a factor), as pandas would.
        XCTAssertTrue(try DataFrame(csvPath: path).isCategorical("x"))
        try "y,name\n1,a\n2,b\n3,1\n4,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(try DataFrame(checkedCSVPath: path).isCategorical("name"), "half numbers: text")
    }
}
