@testable import Econometrics
import Linalg
import XCTest

/// Demeaning with several fixed effects (accelerated alternating projections) against explicit dummies solved
/// by QR, which involves no iteration at all.
final class FixedEffectsTests: XCTestCase {
    /// A deterministic unbalanced design: three crossed effects with sparse, uneven overlap.
    func syntheticData(rows n: Int) throws -> DataFrame {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var a = [Double](), b = [Double](), c = [Double](), x1 = [Double](), x2 = [Double](), y = [Double](), w = [Double]()
        for _ in 0..<n {
            let ai = Double(Int(uniform() * 40)), bi = Double(Int(pow(uniform(), 2) * 25)), ci = Double(Int(uniform() * 4))
            let u1 = uniform() + 0.05 * ai, u2 = uniform() - 0.1 * bi
            a.append(ai); b.append(bi); c.append(ci); x1.append(u1); x2.append(u2)
            y.append(1.5 * u1 - 0.7 * u2 + 0.3 * ai - 0.2 * bi + ci + uniform())
            w.append(0.5 + uniform())
        }
        return try DataFrame(columns: [("a", .numeric(a)), ("b", .numeric(b)), ("c", .numeric(c)),
                                       ("x1", .numeric(x1)), ("x2", .numeric(x2)), ("y", .numeric(y)), ("w", .numeric(w))])
    }

    /// Issue 17: with effects A and B nested in the clusters A and B and a third effect C not nested, the
    /// absorbed parameters left in K are C's levels less its one redundancy with the others (A and B remove
    /// their own A + B - 1 as a group), not one fewer (each nested effect's levels removed one by one).
    func testNestedEffectsAreRemovedAsAGroup() {
        var a: [Int32] = [], b: [Int32] = [], c: [Int32] = []
        for i in 0..<4 { for j in 0..<3 { for k in 0..<2 { a.append(Int32(i)); b.append(Int32(j)); c.append(Int32((i + j + k) % 3)) } } }
        let fa = Factor(name: "a", codes: a, levels: ["0", "1", "2", "3"])
        let fb = Factor(name: "b", codes: b, levels: ["0", "1", "2"])
        let fc = Factor(name: "c", codes: c, levels: ["0", "1", "2"])
        let absorber = FixedEffectsAbsorber(factors: [fa, fb, fc])
        XCTAssertEqual(absorber.degreesOfFreedom, 4 + 3 - 1 + 3 - 1)
        XCTAssertEqual(absorber.degreesOfFreedom(notNestedIn: [fa, fb]), 3 - 1)
        XCTAssertEqual(absorber.degreesOfFreedom(notNestedIn: [fa]), 3 - 1 + 3 - 1)
        XCTAssertEqual(absorber.degreesOfFreedom(notNestedIn: []), absorber.degreesOfFreedom)
        XCTAssertEqual(FixedEffectsAbsorber(factors: [fa]).degreesOfFreedom(notNestedIn: [fa]), 0)
    }

    func testThreeWayAbsorbedEqualsDummies() throws {
        let d = try syntheticData(rows: 400)
        for weights in [nil, "w"] as [String?] {
            let absorbed = try regress(formula: Formula("y ~ x1 + x2 | a + b + c"), data: d, options: RegressionOptions(weights: weights))
            let dummies = try regress(formula: Formula("y ~ x1 + x2 + i(a) + i(b) + i(c)"), data: d, options: RegressionOptions(weights: weights))
            for (k, name) in ["x1", "x2"].enumerated() {
                let j = try XCTUnwrap(dummies.index(of: name))
                assertRelative(absorbed.estimates[k], dummies.estimates[j], 1e-8, "\(name) weights \(weights ?? "-")")
                assertRelative(absorbed.standardErrors[k], dummies.standardErrors[j], 1e-8, "SE \(name)")
            }
            assertRelative(absorbed.r2, dummies.r2, 1e-9, "R2")
            // Absorbed parameters equal the dummies kept plus the intercept.
            XCTAssertEqual(absorbed.absorbedParameters, dummies.terms.count - 2)
            XCTAssertTrue(absorbed.warnings.isEmpty)
        }
    }

    func testAccelerationConvergesInFewSweeps() throws {
        let d = try syntheticData(rows: 400)
        let fa = try d.factor("a"), fb = try d.factor("b"), fc = try d.factor("c")
        var v = try d.numeric("x1")
        let absorber = FixedEffectsAbsorber(factors: [fa, fb, fc])
        let sweeps = absorber.demean(&v)
        XCTAssertLessThan(sweeps, 200)
        // The result is orthogonal to every effect's dummies: group sums are zero.
        for f in [fa, fb, fc] {
            var sums = [Double](repeating: 0, count: f.levelCount)
            for i in 0..<v.count { sums[Int(f.codes[i])] += v[i] }
            XCTAssertLessThan(sums.map(abs).max() ?? 0, 1e-7)
        }
    }

    func testNestingAndConnectedComponents() {
        let inner = Factor(name: "i", codes: [0, 0, 1, 1, 2], levels: ["a", "b", "c"])
        let outer = Factor(name: "o", codes: [0, 0, 0, 0, 1], levels: ["x", "y"])
        XCTAssertTrue(isNested(inner, in: outer))
        XCTAssertFalse(isNested(outer, in: inner))
        // Two disconnected blocks: {i=a,b ; o=x} and {i=c ; o=y}.
        XCTAssertEqual(connectedComponents(inner, outer), 2)
        XCTAssertEqual(FixedEffectsAbsorber(factors: [inner, outer]).degreesOfFreedom, 3 + 2 - 2)
    }
}
