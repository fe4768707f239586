import DataIO
import Foundation
import Linalg

/// The stacked equations of a dynamic panel on a common period grid, ready for GMM: every group has the same
/// `periods` rows (the differenced equations in time order, then for system GMM the level equations in time
/// order); a row without data is all zeros (response, regressors and instruments), which removes it from every
/// moment, as in plm's `pgmm` and Stata's `xtabond2`.
struct GMMStackedEquations {
    /// Rows per group.
    let periods: Int
    /// The first `differencedPeriods` rows of each group are differenced equations (all of them for
    /// difference GMM).
    let differencedPeriods: Int
    /// Number of groups.
    let groups: Int
    /// Responses, `groups * periods`, group after group.
    let y: [Double]
    /// Regressors, `groups * periods` rows.
    let x: Matrix
    /// Instruments, `groups * periods` rows.
    let z: Matrix
    /// For each stacked row, whether it holds an equation (false: zeroed).
    let present: [Bool]
    /// The one-step weighting kernel within a group: `h[s][s']` for equation rows s, s' (2 on the diagonal,
    /// -1 next to it for differences; the level block and its covariances with the differences for system GMM).
    let h: Matrix
    /// Whether the AR tests' correction term uses the instruments' moments of all residuals (xtabond2) or of
    /// the differenced residuals only (pgmm).
    let arUsesLevelMoments: Bool
    /// Instrument columns of the level equations' GMM-style instruments (the group of the difference-in-Hansen
    /// test; empty for difference GMM).
    let levelInstrumentColumns: [Int]
}

/// The numbers of a difference-GMM fit before labelling: coefficients and variances, the tests.
struct GMMEngineOutput {
    var oneStep: [Double]
    var coefficients: [Double]
    /// Robust variance: the one-step sandwich, or Windmeijer's corrected two-step variance.
    var robustVcov: Matrix
    /// Hansen's J (plm's `sargan`): the final residuals' moments weighted by the inverse of their one-step
    /// covariance.
    var hansen: Double
    /// Arellano-Bond z statistics for orders 1 and 2 (nil when there are too few periods).
    var ar: [Double?]
    /// The classical (one-step, homoskedastic) Sargan statistic.
    var sargan: Double
    /// The difference-in-Hansen test of `levelInstrumentColumns` (nil when there are none, or when the model
    /// without them is not identified).
    var differenceInHansen: DifferenceInHansenTest?
    var warnings: [String]
}

/// Difference GMM on stacked equations: one- or two-step, with the same algebra as plm's `pgmm` and its
/// `vcovHC`, `sargan` and `mtest` methods (Arellano and Bond 1991; Windmeijer 2005).
enum GMMEngine {
    /// Inverse of a symmetric positive semi-definite matrix; a Moore-Penrose inverse (eigenvalues below
    /// 1e-9 relative to the largest treated as zero) with a warning when it is singular.
    ///
    /// The LU inverse is returned as computed, not made symmetric: on badly conditioned weighting matrices (system
    /// GMM's mixes level and differenced instruments) its two triangles differ in the 7th digit, and forcing
    /// symmetry moves the estimates by as much, while the products of the unsymmetrized inverse keep them to
    /// 1e-10 (checked against an 80-bit evaluation of EmplUK's system GMM; pgmm works the same way).
    static func symmetricInverse(_ a: Matrix, what: String, warnings: inout [String]) throws -> Matrix {
        let (values, vectors) = try a.symmetricEigen()
        let largest = values.map(abs).max() ?? 0
        let n = a.rows
        if let smallest = values.first, smallest > 1e-9 * max(largest, 1e-300) {
            return try a.inverse()
        }
        warnings.append("the \(what) is singular; a generalised inverse is used")
        var out = Matrix(rows: n, cols: n)
        let cut = 1.490116119384765625e-8 * largest
        for (k, v) in values.enumerated() where v > cut {
            for j in 0..<n {
                let vj = vectors[j, k] / v
                if vj == 0 { continue }
                for i in 0..<n { out[i, j] += vectors[i, k] * vj }
            }
        }
        return out
    }

    /// `A * v` for a square matrix and a vector.
    static func times(_ a: Matrix, _ v: [Double]) throws -> [Double] { try a.times(v) }

    /// Per-group instrument cross products `Z_g' v_g` for a stacked vector: a `groups x p` matrix.
    static func groupMoments(_ eq: GMMStackedEquations, _ v: [Double]) -> Matrix {
        let p = eq.z.cols, t = eq.periods
        var out = Matrix(rows: eq.groups, cols: p)
        eq.z.storage.withUnsafeBufferPointer { zs in
            let n = eq.z.rows
            for j in 0..<p {
                let col = j * n
                for g in 0..<eq.groups {
                    var s = 0.0
                    let base = g * t
                    for r in 0..<t { s += zs[col + base + r] * v[base + r] }
                    out[g, j] = s
                }
            }
        }
        return out
    }

    /// Column sums of a matrix.
    static func columnSums(_ m: Matrix) -> [Double] {
        (0..<m.cols).map { j in (0..<m.rows).reduce(0.0) { $0 + m[$1, j] } }
    }

    /// `y - X b` on the stacked rows (zeroed rows stay zero).
    static func residuals(_ eq: GMMStackedEquations, _ b: [Double]) throws -> [Double] {
        let fit = try eq.x.times(b)
        return zip(eq.y, fit).map { $0 - $1 }
    }

    /// The GMM estimator for weighting matrix `a`: `(X'Z A Z'X)^-1 X'Z A Z'y` and the bread `(X'Z A Z'X)^-1`,
    /// neither made symmetric (see `symmetricInverse`; the variances built from the bread are symmetrized at
    /// the end).
    static func solve(zx: Matrix, zy: [Double], a: Matrix) throws -> (b: [Double], bread: Matrix) {
        let azx = try a.multiplied(by: zx)
        let m = try zx.multiplied(by: azx, transposeSelf: true)
        let bread = try m.inverse()
        // X'Z A Z'y with the same A as in X'Z A Z'X (not A', which differs in the last digits).
        let rhs = try zx.transposeTimes(try a.times(zy))
        return (try bread.times(rhs), bread)
    }

    /// `A B C` for three matrices.
    static func product(_ a: Matrix, _ b: Matrix, _ c: Matrix) throws -> Matrix {
        try a.multiplied(by: try b.multiplied(by: c))
    }

    /// Fits one- or two-step difference GMM.
    static func fit(_ eq: GMMStackedEquations, steps: Int) throws -> GMMEngineOutput {
        var warnings: [String] = []
        let t = eq.periods, k = eq.x.cols
        // Z'HZ summed over groups: H applied within each group's block, then one product.
        var hz = Matrix(rows: eq.z.rows, cols: eq.z.cols)
        for j in 0..<eq.z.cols {
            for g in 0..<eq.groups {
                let base = g * t
                for r in 0..<t {
                    var s = 0.0
                    for c in 0..<t where eq.h[r, c] != 0 { s += eq.h[r, c] * eq.z[base + c, j] }
                    hz[base + r, j] = s
                }
            }
        }
        var zhz = try eq.z.multiplied(by: hz, transposeSelf: true)
        zhz.symmetrizeFromUpper()
        let a1 = try symmetricInverse(zhz, what: "first-step weighting matrix (Z'HZ)", warnings: &warnings)
        let zx = try eq.z.multiplied(by: eq.x, transposeSelf: true)
        let zy = try eq.z.transposeTimes(eq.y)
        let (b1, bread1) = try solve(zx: zx, zy: zy, a: a1)
        let e1 = try residuals(eq, b1)
        let g1 = groupMoments(eq, e1)
        var s1 = try g1.multiplied(by: g1, transposeSelf: true)
        s1.symmetrizeFromUpper()
        let a2 = try symmetricInverse(s1, what: "second-step weighting matrix", warnings: &warnings)
        // One-step robust sandwich: B1 X'Z A1 S A1 Z'X B1.
        let a1zx = try a1.multiplied(by: zx)
        let meat1 = try a1zx.multiplied(by: try s1.multiplied(by: a1zx), transposeSelf: true)
        var v1 = try product(bread1, meat1, bread1)
        v1.symmetrizeFromUpper()
        var out = GMMEngineOutput(oneStep: b1, coefficients: b1, robustVcov: v1, hansen: 0, ar: [], sargan: .nan,
                                  differenceInHansen: nil, warnings: [])
        // Classical Sargan: one-step moments weighted by (Z'HZ)^-1, over s2 = e'e / (2n) of the differenced rows.
        var ssd = 0.0, nd = 0
        for g in 0..<eq.groups {
            for r in 0..<eq.differencedPeriods where eq.present[g * t + r] { ssd += e1[g * t + r] * e1[g * t + r]; nd += 1 }
        }
        let ze1 = columnSums(g1)
        out.sargan = zip(ze1, try a1.times(ze1)).reduce(0.0) { $0 + $1.0 * $1.1 } / (ssd / Double(2 * max(nd, 1)))
        var finalResiduals = e1
        var weight = a1, bread = bread1
        if steps == 2 {
            let (b2, bread2) = try solve(zx: zx, zy: zy, a: a2)
            let e2 = try residuals(eq, b2)
            finalResiduals = e2
            weight = a2; bread = bread2
            // Windmeijer (2005), as in plm's vcovHC.pgmm: D_k = -B2 X'Z A2 (sum Z_g' dS_g/db_k Z_g) A2 Z'e2.
            let ze2 = columnSums(groupMoments(eq, e2))
            let a2ze2 = try a2.times(ze2)
            let left = try bread2.multiplied(by: try zx.multiplied(by: a2, transposeSelf: true))  // B2 X'Z A2
            var d = Matrix(rows: k, cols: k)
            for kk in 0..<k {
                let gx = groupMoments(eq, eq.x.column(kk))
                // sum_g Z_g' (-(x_k e1' + e1 x_k')) Z_g = -(Gx' G1 + G1' Gx)
                var w = try gx.multiplied(by: g1, transposeSelf: true)
                let wt = w.transposed
                for i in 0..<w.rows { for j in 0..<w.cols { w[i, j] = -(w[i, j] + wt[i, j]) } }
                let col = try left.times(try w.times(a2ze2))
                for i in 0..<k { d[i, kk] = -col[i] }
            }
            let db2 = try d.multiplied(by: bread2)
            let dv1d = try product(d, v1, d.transposed)
            var v = Matrix(rows: k, cols: k)
            for i in 0..<k { for j in 0..<k { v[i, j] = bread2[i, j] + db2[i, j] + db2[j, i] + dv1d[i, j] } }
            v.symmetrizeFromUpper()
            out.coefficients = b2
            out.robustVcov = v
        }
        let ze = columnSums(groupMoments(eq, finalResiduals))
        out.hansen = zip(ze, try a2.times(ze)).reduce(0.0) { $0 + $1.0 * $1.1 }
        if !eq.levelInstrumentColumns.isEmpty {
            out.differenceInHansen = try differenceInHansen(eq, s: s1, a: a2, zx: zx, zy: zy, warnings: &warnings)
        }
        out.ar = try (1...2).map { order -> Double? in
            guard order < eq.differencedPeriods else { return nil }
            return try arTest(eq, order: order, residuals: finalResiduals, bread: bread, weight: weight,
                              zx: zx, vcov: out.robustVcov)
        }
        out.warnings = warnings
        return out
    }

    /// The difference-in-Hansen (C) statistic of `eq.levelInstrumentColumns`: two-step GMM with all instruments
    /// and with the others only, each weighted by the inverse of (its block of) `s`, the full model's one-step
    /// moment covariance; returns nil with a warning when the model without the group is not identified.
    static func differenceInHansen(_ eq: GMMStackedEquations, s: Matrix, a: Matrix, zx: Matrix, zy: [Double],
                                   warnings: inout [String]) throws -> DifferenceInHansenTest? {
        let p = eq.z.cols, k = eq.x.cols
        let group = Set(eq.levelInstrumentColumns)
        let keep = (0..<p).filter { !group.contains($0) }
        guard keep.count >= k else {
            warnings.append("difference-in-Hansen: without the level instruments the model is not identified (\(keep.count) instruments for \(k) coefficients)")
            return nil
        }
        func criterion(_ zxs: Matrix, _ zys: [Double], _ w: Matrix, _ cols: [Int]) throws -> Double {
            let (b, _) = try solve(zx: zxs, zy: zys, a: w)
            let moments = columnSums(groupMoments(eq, try residuals(eq, b)))
            let m = cols.map { moments[$0] }
            return zip(m, try w.times(m)).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
        let full = try criterion(zx, zy, a, Array(0..<p))
        let sr = s.submatrix(rows: keep, cols: keep)
        let ar = try symmetricInverse(sr, what: "weighting matrix without the level instruments", warnings: &warnings)
        let excluding = try criterion(zx.submatrix(rows: keep, cols: Array(0..<k)), keep.map { zy[$0] }, ar, keep)
        return DifferenceInHansenTest(fullJ: full, excludingJ: excluding, excludingDF: keep.count - k,
                                      statistic: full - excluding, df: p - keep.count)
    }

    /// Arellano and Bond's (1991) m statistic for serial correlation of order `order` in the differenced
    /// residuals, as plm's `mtest` computes it with a robust variance (system GMM: the differenced rows'
    /// residuals, with the correction term's moments per `eq.arUsesLevelMoments`).
    static func arTest(_ eq: GMMStackedEquations, order: Int, residuals e: [Double], bread: Matrix, weight: Matrix,
                       zx: Matrix, vcov: Matrix) throws -> Double {
        let t = eq.periods, k = eq.x.cols, p = eq.z.cols
        var lagged = [Double](repeating: 0, count: e.count)
        var differenced = eq.arUsesLevelMoments ? e : [Double](repeating: 0, count: e.count)
        for g in 0..<eq.groups {
            let base = g * t
            for r in order..<eq.differencedPeriods { lagged[base + r] = e[base + r - order] }
            if !eq.arUsesLevelMoments { for r in 0..<eq.differencedPeriods { differenced[base + r] = e[base + r] } }
        }
        var num = 0.0, eve = 0.0
        var ex = [Double](repeating: 0, count: k)
        var zve = [Double](repeating: 0, count: p)
        let ge = groupMoments(eq, differenced)
        for g in 0..<eq.groups {
            let base = g * t
            var s = 0.0
            for r in 0..<t { s += e[base + r] * lagged[base + r] }
            num += s
            eve += s * s
            for j in 0..<p { zve[j] += ge[g, j] * s }
        }
        for kk in 0..<k {
            var s = 0.0
            for i in 0..<e.count where lagged[i] != 0 { s += lagged[i] * eq.x[i, kk] }
            ex[kk] = s
        }
        // EX B X'Z A ZVE
        let azve = try weight.times(zve)
        let xzazve = try zx.transposeTimes(azve)
        let mid = try bread.times(xzazve)
        let cross = zip(ex, mid).reduce(0.0) { $0 + $1.0 * $1.1 }
        let vex = try vcov.times(ex)
        let quad = zip(ex, vex).reduce(0.0) { $0 + $1.0 * $1.1 }
        let denom = eve - 2 * cross + quad
        return num / denom.squareRoot()
    }
}

/// The upper tail of the chi-square distribution, `P(X > x)` with `df` degrees of freedom (regularized upper
/// incomplete gamma function Q(df/2, x/2): series below a + 1, Lentz's continued fraction above).
public func chiSquareUpperTail(_ x: Double, df: Double) -> Double {
    guard x > 0, df > 0 else { return x.isNaN || df.isNaN ? .nan : 1 }
    let a = df / 2, z = x / 2
    let logPrefix = a * Foundation.log(z) - z - lgamma(a)
    if z < a + 1 {
        var sum = 1 / a, term = 1 / a, ap = a
        for _ in 0..<10_000 {
            ap += 1
            term *= z / ap
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return max(0, 1 - sum * Foundation.exp(logPrefix))
    }
    let tiny = 1e-300
    var b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d
    for i in 1..<10_000 {
        let an = -Double(i) * (Double(i) - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny { d = tiny }
        c = b + an / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16 { break }
    }
    return Foundation.exp(logPrefix) * h
}

/// Two-sided p-value of a standard normal statistic.
public func normalTwoSidedPValue(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }
