import DataIO
import XCTest
@testable import Econometrics
import Linalg
import TestSupport

/// The speed work must not change the numbers: the fused, multi-threaded demeaning is checked bit for bit
/// against the plain one-factor-at-a-time algorithm (written out here), and the normal-equations solve against
/// QR, with its refusals where QR must decide.
final class FastPathTests: XCTestCase {
    /// The textbook algorithm: sweep each factor's (weighted) means in turn, Irons-Tuck every two sweeps.
    func plainDemean(_ v0: [Double], _ factors: [Factor], _ w: [Double]?, tol: Double = 1e-10) -> [Double] {
        var v = v0
        let lw = factors.map { f -> [Double] in
            var s = [Double](repeating: 0, count: f.levelCount)
            for i in 0..<f.codes.count { s[Int(f.codes[i])] += w?[i] ?? 1 }
            return s
        }
        func sweep(_ k: Int, _ x: inout [Double]) -> Double {
            var sums = [Double](repeating: 0, count: factors[k].levelCount)
            for i in 0..<x.count { sums[Int(factors[k].codes[i])] += w.map { $0[i] * x[i] } ?? x[i] }
            var big = 0.0
            for l in 0..<sums.count { sums[l] = lw[k][l] > 0 ? sums[l] / lw[k][l] : 0; big = max(big, abs(sums[l])) }
            for i in 0..<x.count { x[i] -= sums[Int(factors[k].codes[i])] }
            return big
        }
        if factors.count == 1 { _ = sweep(0, &v); return v }
        let scale = v.map(abs).max() ?? 0
        if scale == 0 { return v }
        for _ in 0..<5000 {
            var x1 = v
            var change = 0.0
            for k in factors.indices { change = max(change, sweep(k, &x1)) }
            if change <= tol * scale { return x1 }
            var x2 = x1
            for k in factors.indices { _ = sweep(k, &x2) }
            var num = 0.0, den = 0.0
            for i in 0..<v.count {
                let d1 = x2[i] - x1[i], d2 = d1 - (x1[i] - v[i])
                num += d1 * d2; den += d2 * d2
            }
            let c = den > 0 ? num / den : 0
            for i in 0..<v.count { v[i] = x2[i] - c * (x2[i] - x1[i]) }
        }
        return v
    }

    func randomPanel(rows n: Int, levels: [Int], seed: UInt64) -> ([Factor], [[Double]], [Double]) {
        var rng = SplitMix64(seed: seed)
        let factors = levels.enumerated().map { (k, g) in
            Factor(name: "f\(k)", codes: (0..<n).map { i in Int32(i < g ? i : Int(rng.next() % UInt64(g))) },
                   levels: (0..<g).map(String.init))
        }
        let cols = (0..<3).map { _ in (0..<n).map { _ in Double(rng.next() % 1_000_000) / 1000 - 500 } }
        let w = (0..<n).map { _ in 0.5 + Double(rng.next() % 1000) / 500 }
        return (factors, cols, w)
    }

    /// Large enough (25,000 rows) for the columns to be split across threads.
    func testFusedParallelDemeaningIsBitForBitThePlainAlgorithm() throws {
        for (levels, weighted) in [([500, 40], false), ([500, 40], true), ([300, 25, 7], false), ([800], true)] {
            let (factors, cols, w) = randomPanel(rows: 25_000, levels: levels, seed: UInt64(levels.count * 7 + (weighted ? 1 : 0)))
            let absorber = FixedEffectsAbsorber(factors: factors, weights: weighted ? w : nil)
            var m = try Matrix(columns: cols)
            let sweeps = absorber.demean(&m)
            XCTAssertGreaterThan(sweeps, 0)
            for j in 0..<cols.count {
                let expected = plainDemean(cols[j], factors, weighted ? w : nil)
                let got = m.column(j)
                XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern), "levels \(levels), weighted \(weighted), column \(j)")
            }
        }
    }

    func testNormalEquationsAgreeWithQRAndRefuseNearCollinearity() throws {
        var rng = SplitMix64(seed: 11)
        let n = 2000
        let a = (0..<n).map { _ in Double(rng.next() % 10_000) / 100 }
        let b = (0..<n).map { _ in Double(rng.next() % 10_000) / 100 }
        let y = (0..<n).map { i in 1 + 2 * a[i] - 0.5 * b[i] + Double(rng.next() % 1000) / 1000 }
        let x = try Matrix(columns: [[Double](repeating: 1, count: n), a, b])
        let qr = try LeastSquares(x: x, y: y)
        let ne = try XCTUnwrap(LeastSquares.byNormalEquations(x: x, y: y))
        for j in 0..<3 { XCTAssertEqual(ne.coefficients[j], qr.coefficients[j], accuracy: 1e-10 * max(1, abs(qr.coefficients[j]))) }
        let vq = try qr.xtxInverse(), vn = try ne.xtxInverse()
        XCTAssertLessThan(vq.maxAbsDifference(vn), 1e-12)
        XCTAssertEqual(ne.rss, qr.rss, accuracy: 1e-9 * qr.rss)
        // A column almost equal to another: the normal equations step aside and QR decides.
        let c = zip(a, (0..<n)).map { $0 + 1e-7 * Double($1 % 3) }
        let bad = try Matrix(columns: [[Double](repeating: 1, count: n), a, c])
        XCTAssertNil(try LeastSquares.byNormalEquations(x: bad, y: y))
    }
}
