import DataIO
import Dispatch
import Foundation
import Linalg

/// The arithmetic of the wild cluster bootstrap (Cameron, Gelbach and Miller 2008) in the form of Roodman,
/// MacKinnon, Nielsen and Webb (2019, "Fast and wild: bootstrap inference in Stata using boottest"): no draw
/// re-estimates the model. Everything that depends on the data is reduced once to cluster-level sums; a draw is a
/// G-vector of weights `v` times small matrices.
///
/// Notation (the model after the fixed effects are partialled out, FWL; `W` the analytic weights, 1 without):
/// `X` the demeaned regressors (n x k), `A = (X'WX)^{-1}`, `u` the residuals the bootstrap data are built from
/// (restricted: the model estimated under `R b = r`; unrestricted: the fit's), `S_g = X_g'W_g u_g` (k x G),
/// `H_g = X_g'W_g X_g`. The bootstrap data `y* = X b_u + u .* v` (v constant within a cluster) give
/// `b* - b_u = A S v` and residuals `u* = M_D(u .* v) - X A S v`, `M_D` the fixed effects' annihilator. The
/// cluster scores of the bootstrap fit, projected by `R A`, are therefore linear in v:
///
///     R A X_h'W_h u*_h = sum_g J[h, g] v_g,   J[h, g] = R A (S_g 1{h = g} - H_h A S_g - C[h, g])
///
/// where `C[h, g] = X_h'W_h P_D(u .* 1_g)_h` is the correction for fixed effects that are not nested in the
/// bootstrap clusters (zero when every fixed effect is nested: `P_D` then acts within clusters, where v is
/// constant, and `u` is orthogonal to D). With `D = [D1 D2]`, D1 the nested effects and D2 the others,
/// `P_D(u .* v) = P_{M1 D2}(u .* v)` (FWL; `P_{D1}(u .* v) = v .* P_{D1} u = 0`) and, because `u` and the columns of
/// X sum to zero within every level of D1, `(M1 D2)'W(u .* 1_g) = D2'W(u .* 1_g)`: a cross-tabulation of the
/// cluster and the non-nested levels. So `C[h, g] = E_X[h]' (D2'W M1 D2)^+ E_u[g]` with `E` such cross-tabulations;
/// only the Gram matrix of the non-nested levels needs the nested effects swept out (boottest's treatment for one
/// absorbed effect, generalised). The numerator is `R A S v` and the bootstrap Wald statistic
/// `(R A S v)' (c sum_h (J v)_h (J v)_h')^{-1} (R A S v) / q`, the statistic of the re-estimated model exactly.
///
/// For a single coefficient under `b_j = r`, `u` (hence S, C, J) is affine in r: each draw is reduced to five
/// numbers (`n0 + r n1` over `sqrt(alpha + 2 r beta + r^2 gamma)`), so the p-value at any r costs O(B) and the
/// confidence interval is found by bisection on it (test inversion, as boottest does).
struct WildBootstrapEngine {
    let n: Int, k: Int, clusters: Int
    /// Demeaned regressors, column-major n x k.
    let x: [Double]
    /// Weights or nil.
    let w: [Double]?
    /// Cluster code per observation, 0..<clusters.
    let cluster: [Int]
    /// `(X'WX)^{-1}`, k x k (symmetric).
    let a: [Double]
    /// The unrestricted estimates.
    let beta: [Double]
    /// `H_g`, G blocks of k x k.
    let h: [Double]
    /// `X_g'W_g u_g` of the unrestricted residuals, G x k.
    let su: [Double]
    /// Levels of the fixed effects not nested in the clusters (0: no correction).
    let levels: Int
    /// `E_X[c][g]`, the cross-tabulation of `W X_c` by cluster and non-nested level: k x G x L.
    let ex: [Double]
    /// The same for the unrestricted residuals: G x L.
    let eu: [Double]
    /// `(D2'W M1 D2)^+ E_X[c][h]`: k x G x L.
    let yx: [Double]
    /// The weighted residual sum of squares of the unrestricted fit.
    let rss: Double
    /// Set when the fit is exact (as `fit` judges it): there is no statistic to bootstrap, results are NaN.
    var exactFit = false

    /// Prepares the cluster sums. `x` (column-major n x k) and `y` are demeaned already; `fixedEffects` are the
    /// absorbed factors (for the correction), `tolerance` the demeaning's.
    init(x: [Double], y: [Double], k: Int, weights: [Double]?, cluster: [Int], clusters: Int,
         fixedEffects: [Factor], clusterFactor: Factor, tolerance: Double) throws {
        let n = y.count
        self.n = n; self.k = k; self.clusters = clusters; self.x = x; self.w = weights; self.cluster = cluster
        let G = clusters
        // X'WX, X'Wy.
        var xtx = Matrix(rows: k, cols: k)
        var xty = [Double](repeating: 0, count: k)
        var hs = [Double](repeating: 0, count: G * k * k)
        x.withUnsafeBufferPointer { xp in
            for j in 0..<k {
                for l in 0...j {
                    var s = 0.0
                    for i in 0..<n {
                        let v = xp[j * n + i] * xp[l * n + i] * (weights?[i] ?? 1)
                        s += v
                        hs[(cluster[i] * k + j) * k + l] += v
                    }
                    xtx[j, l] = s; xtx[l, j] = s
                }
                var s = 0.0
                for i in 0..<n { s += xp[j * n + i] * y[i] * (weights?[i] ?? 1) }
                xty[j] = s
            }
        }
        for g in 0..<G { for j in 0..<k { for l in 0..<j { hs[(g * k + l) * k + j] = hs[(g * k + j) * k + l] } } }
        let (a, beta, u) = try bootstrapLeastSquares(xtx: xtx, xty: xty, x: x, y: y, k: k)
        var su = [Double](repeating: 0, count: G * k)
        for j in 0..<k { for i in 0..<n { su[cluster[i] * k + j] += x[j * n + i] * (weights?[i] ?? 1) * u[i] } }
        self.a = a; self.beta = beta; self.h = hs; self.su = su
        var rss = 0.0
        for i in 0..<n { rss += (weights?[i] ?? 1) * u[i] * u[i] }
        self.rss = rss

        // Fixed effects not nested in the clusters: the cross-tabulations and the Gram matrix's pseudo-inverse.
        let isNestedInClusters = fixedEffects.map { isNested($0, in: clusterFactor) }
        let nested = zip(fixedEffects, isNestedInClusters).filter { $0.1 }.map(\.0)
        let others = zip(fixedEffects, isNestedInClusters).filter { !$0.1 }.map(\.0)
        let L = others.reduce(0) { $0 + $1.levelCount }
        guard L > 0 else {
            self.levels = 0; self.ex = []; self.eu = []; self.yx = []
            return
        }
        guard L <= Self.maximumCorrectionLevels else {
            let names = others.map(\.name).joined(separator: ", ")
            throw InputError(key: "bootstrap", "the fixed effects \(names) are not nested in the bootstrap clusters (\(clusterFactor.name)) and have \(L) levels together, more than the \(Self.maximumCorrectionLevels) the bootstrap's correction for them handles; cluster by a variable they are nested in, or absorb fewer levels")
        }
        // Each observation's column among the L non-nested levels, per non-nested factor.
        var columnOf: [[Int]] = []
        var o = 0
        for f in others {
            columnOf.append(f.codes.map { o + Int($0) })
            o += f.levelCount
        }
        var ex = [Double](repeating: 0, count: k * G * L)
        var eu = [Double](repeating: 0, count: G * L)
        for cols in columnOf {
            for i in 0..<n {
                let g = cluster[i], wi = weights?[i] ?? 1, l = cols[i]
                eu[g * L + l] += wi * u[i]
                for c in 0..<k { ex[(c * G + g) * L + l] += wi * x[c * n + i] }
            }
        }
        // Gram matrix D2'W M1 D2 = (M1 D2)'W D2, the non-nested dummies swept by the nested effects in batches.
        var gramFlat = [Double](repeating: 0, count: L * L)
        let absorber = FixedEffectsAbsorber(factors: nested, weights: weights, tolerance: tolerance)
        let batch = max(1, min(L, 8_000_000 / max(1, n)))
        var start = 0
        while start < L {
            let count = min(batch, L - start)
            var block = [Double](repeating: 0, count: count * n)
            for cols in columnOf {
                for i in 0..<n {
                    let l = cols[i]
                    if l >= start && l < start + count { block[(l - start) * n + i] = 1 }
                }
            }
            block.withUnsafeMutableBufferPointer { bp in
                guard let base = bp.baseAddress else { return }
                if !nested.isEmpty {
                    _ = absorber.demean(columns: (0..<count).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) })
                }
                gramFlat.withUnsafeMutableBufferPointer { gp in
                    for cols in columnOf {
                        cols.withUnsafeBufferPointer { cp in
                            for c in 0..<count {
                                let row = (start + c) * L
                                let col = base + c * n
                                if let w = weights {
                                    for i in 0..<n { gp[row + cp[i]] += col[i] * w[i] }
                                } else {
                                    for i in 0..<n { gp[row + cp[i]] += col[i] }
                                }
                            }
                        }
                    }
                }
            }
            start += count
        }
        var gram = Matrix(rows: L, cols: L)
        for j in 0..<L { for l in 0..<L { gram[j, l] = gramFlat[j * L + l] } }
        for j in 0..<L { for l in 0..<j { let m = (gram[j, l] + gram[l, j]) / 2; gram[j, l] = m; gram[l, j] = m } }
        let pinv = try Self.pseudoInverse(gram)
        var yx = [Double](repeating: 0, count: k * G * L)
        for c in 0..<k {
            for g in 0..<G {
                let base = (c * G + g) * L
                for l in 0..<L {
                    var s = 0.0
                    for m in 0..<L { s += pinv[l, m] * ex[base + m] }
                    yx[base + l] = s
                }
            }
        }
        self.levels = L; self.ex = ex; self.eu = eu; self.yx = yx
    }

    /// The most levels of non-nested fixed effects the correction handles (its Gram matrix is L x L, dense).
    static let maximumCorrectionLevels = 4_000

    /// Moore-Penrose pseudo-inverse of a symmetric positive semi-definite matrix (eigenvalues below 1e-10 of the
    /// largest count as zero: the redundancies among fixed effects).
    static func pseudoInverse(_ m: Matrix) throws -> Matrix {
        let (values, vectors) = try m.symmetricEigen()
        let top = values.map(abs).max() ?? 0
        var out = Matrix(rows: m.rows, cols: m.cols)
        for (e, lambda) in values.enumerated() where lambda > 1e-10 * top {
            for j in 0..<m.cols {
                let vj = vectors[j, e] / lambda
                if vj == 0 { continue }
                for i in 0..<m.rows { out[i, j] += vectors[i, e] * vj }
            }
        }
        return out
    }

    /// The numerator and score matrices of the hypothesis `R b = r` with bootstrap residuals
    /// `u = u_hat + X delta`: `num` (q x G, row-major: `R A S`) and `j` (q x G x G: `[(l * G + h) * G + g]`).
    func kernel(r rows: [[Double]], delta: [Double]) -> (num: [Double], j: [Double]) {
        let q = rows.count, G = clusters
        // S_g = Su_g + H_g delta.
        var s = su
        for g in 0..<G { for c in 0..<k { var t = 0.0; for d in 0..<k { t += h[(g * k + c) * k + d] * delta[d] }; s[g * k + c] += t } }
        // RA (q x k).
        var ra = [Double](repeating: 0, count: q * k)
        for l in 0..<q { for c in 0..<k { var t = 0.0; for d in 0..<k { t += rows[l][d] * a[d * k + c] }; ra[l * k + c] = t } }
        var num = [Double](repeating: 0, count: q * G)
        for l in 0..<q { for g in 0..<G { var t = 0.0; for c in 0..<k { t += ra[l * k + c] * s[g * k + c] }; num[l * G + g] = t } }
        // A S_g (k x G) and M_h = RA H_h (q x k per h).
        var asg = [Double](repeating: 0, count: G * k)
        for g in 0..<G { for c in 0..<k { var t = 0.0; for d in 0..<k { t += a[c * k + d] * s[g * k + d] }; asg[g * k + c] = t } }
        var mh = [Double](repeating: 0, count: G * q * k)
        for hh in 0..<G { for l in 0..<q { for c in 0..<k {
            var t = 0.0; for d in 0..<k { t += ra[l * k + d] * h[(hh * k + d) * k + c] }; mh[(hh * q + l) * k + c] = t
        } } }
        // E_u[g] = E_uhat[g] + sum_c delta_c E_X[c][g]; correction RA C[h, g] = sum_c RA_c Y[c][h] . E_u[g].
        let L = levels
        var euD = eu
        if L > 0 {
            for c in 0..<k where delta[c] != 0 { for i in 0..<(G * L) { euD[i] += delta[c] * ex[c * G * L + i] } }
        }
        var ry = [Double](repeating: 0, count: q * G * L)  // sum_c RA[l,c] Y[c][h]
        if L > 0 {
            for l in 0..<q { for c in 0..<k where ra[l * k + c] != 0 {
                let f = ra[l * k + c]
                for i in 0..<(G * L) { ry[l * G * L + i] += f * yx[c * G * L + i] }
            } }
        }
        var j = [Double](repeating: 0, count: q * G * G)
        for l in 0..<q {
            for hh in 0..<G {
                for g in 0..<G {
                    var t = 0.0
                    for c in 0..<k { t += mh[(hh * q + l) * k + c] * asg[g * k + c] }
                    var corr = 0.0
                    if L > 0 { for m in 0..<L { corr += ry[(l * G + hh) * L + m] * euD[g * L + m] } }
                    j[(l * G + hh) * G + g] = (hh == g ? num[l * G + g] : 0) - t - corr
                }
            }
        }
        return (num, j)
    }

    /// `delta` of the restricted residuals under `R b = r` (`wildRestrictedDelta`).
    func restrictedDelta(r rows: [[Double]], rhs: [Double]) throws -> [Double] {
        try wildRestrictedDelta(a: a, beta: beta, k: k, rows: rows, rhs: rhs)
    }

    /// The unscaled cluster-robust "meat" of `R b`: `sum_h (R A Su_h)(R A Su_h)'` (q x q).
    func meat(r rows: [[Double]]) -> Matrix {
        let q = rows.count, G = clusters
        var ra = [Double](repeating: 0, count: q * k)
        for l in 0..<q { for c in 0..<k { var t = 0.0; for d in 0..<k { t += rows[l][d] * a[d * k + c] }; ra[l * k + c] = t } }
        var m = Matrix(rows: q, cols: q)
        for g in 0..<G {
            var z = [Double](repeating: 0, count: q)
            for l in 0..<q { for c in 0..<k { z[l] += ra[l * k + c] * su[g * k + c] } }
            for l in 0..<q { for mm in 0..<q { m[l, mm] += z[l] * z[mm] } }
        }
        return m
    }
}

/// `delta` of the restricted residuals under `R b = r`, `u_r = u_hat + X delta`: `A R'(R A R')^{-1}(R b - r)`, with
/// `a` = `(X'WX)^{-1}` (k x k, row-major) and `beta` the unrestricted estimates (one- and two-way bootstraps alike).
func wildRestrictedDelta(a: [Double], beta: [Double], k: Int, rows: [[Double]], rhs: [Double]) throws -> [Double] {
    let q = rows.count
    var ra = [Double](repeating: 0, count: q * k)
    for l in 0..<q { for c in 0..<k { var t = 0.0; for d in 0..<k { t += rows[l][d] * a[d * k + c] }; ra[l * k + c] = t } }
    var rar = Matrix(rows: q, cols: q)
    for l in 0..<q { for m in 0..<q { var t = 0.0; for c in 0..<k { t += ra[l * k + c] * rows[m][c] }; rar[l, m] = t } }
    var diff = [Double](repeating: 0, count: q)
    for l in 0..<q { var t = -rhs[l]; for c in 0..<k { t += rows[l][c] * beta[c] }; diff[l] = t }
    let lambda = try rar.inverse().times(diff)
    var delta = [Double](repeating: 0, count: k)
    for c in 0..<k { for l in 0..<q { delta[c] += ra[l * k + c] * lambda[l] } }
    return delta
}

/// One end of a confidence interval by test inversion: the boundary of `{r : pValue(r) > alpha}` on the side
/// `direction` (+1 upper, -1 lower) of `estimate`. Steps of 2, 4, 8, ... standard errors bracket it, then bisection
/// runs until the bracket's ends are adjacent numbers; the end inside the set is returned. Infinite when no bracket
/// is found within 2^40 standard errors; NaN when the estimate itself is rejected.
func invertedTestBound(estimate: Double, direction: Double, alpha: Double, standardError se: Double,
                       pValue: (Double) -> Double) -> Double {
    guard se > 0, se.isFinite, pValue(estimate) > alpha else { return .nan }  // NaN > alpha is false
    var inside = estimate
    var m = 2.0
    var outside = estimate + direction * m * se
    while pValue(outside) > alpha {
        inside = outside
        m *= 2
        if m > 0x1p40 { return direction * .infinity }
        outside = estimate + direction * m * se
    }
    for _ in 0..<200 {
        let mid = inside + (outside - inside) / 2
        if mid == inside || mid == outside { break }
        if pValue(mid) > alpha { inside = mid } else { outside = mid }
    }
    return inside
}

/// A bootstrap statistic within this relative distance of the original one is a tie and does not count as
/// exceeding it. Ties are exact in theory: a draw proportional to (1, ..., 1) rebuilds the original sample
/// (restricted bootstrap: `t* = t`, and `-t` for its negative), so Rademacher enumeration always has two and
/// Mammen draws often have some; without a tolerance, rounding (different in every implementation) would decide
/// whether they count.
let wildBootstrapTieTolerance = 1e-9

/// Runs `body(first, count)` over the draws in fixed chunks of 256, on up to `Parallelism.threads` workers. The
/// chunks do not depend on the number of threads, and each draw's arithmetic is its own, so results are
/// identical whatever the split.
func forEachDrawChunk(draws: Int, _ body: @escaping @Sendable (Int, Int) -> Void) {
    let chunk = 256
    let chunks = (draws + chunk - 1) / chunk
    let workers = Parallelism.workers(for: chunks)
    if workers <= 1 {
        for c in 0..<chunks { body(c * chunk, min(chunk, draws - c * chunk)) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { wkr in
        var c = wkr
        while c < chunks {
            body(c * chunk, min(chunk, draws - c * chunk))
            c += workers
        }
    }
}

/// A buffer whose slots are written by distinct draws inside `concurrentPerform`.
final class DrawBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<Double>
    init(count: Int) {
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0)
    }
    deinit { pointer.deallocate() }
    var array: [Double] { Array(pointer) }
}

/// Read-only weights shared by the draws.
struct SharedWeights: @unchecked Sendable {
    let pointer: UnsafeBufferPointer<Double>
}

/// One coefficient's bootstrap, reduced per draw to five numbers: the bootstrap statistic under `b_j = r` is
/// `(n0 + r n1) / sqrt(alpha + 2 r beta + r^2 gamma)` (times `1/sqrt(c)`, which cancels against the original
/// statistic's).
struct CoefficientDraws {
    let n0: [Double], n1: [Double], alpha: [Double], beta: [Double], gamma: [Double]
    /// The estimate and the square root of its unscaled meat (the original statistic is `(b - r) / root`).
    let estimate: Double, root: Double

    /// The statistics at `r` (without the small-sample factor).
    @inline(__always) func bootstrapStatistic(_ b: Int, r: Double) -> Double {
        (n0[b] + r * n1[b]) / (alpha[b] + 2 * r * beta[b] + r * r * gamma[b]).squareRoot()
    }

    /// The original statistic at `r` (without the small-sample factor).
    func statistic(r: Double) -> Double { (estimate - r) / root }

    /// Symmetric p-value `#{|t*| > |t|} / B` and equal-tailed `2 min(#{t* > t}, #{t* < t}) / B` of `b_j = r`,
    /// ties (within `wildBootstrapTieTolerance`) counting as not exceeding.
    func pValues(r: Double) -> (symmetric: Double, equalTailed: Double) {
        let t = statistic(r: r), at = abs(t)
        // An exact fit (no residual variation) has no statistic to compare with: NA, like its t test.
        guard t.isFinite else { return (.nan, .nan) }
        let limit = at * (1 + wildBootstrapTieTolerance), margin = wildBootstrapTieTolerance * at
        var above = 0, below = 0, outside = 0
        let count = n0.count
        for b in 0..<count {
            let s = bootstrapStatistic(b, r: r)
            if abs(s) > limit { outside += 1 }
            if s > t + margin { above += 1 } else if s < t - margin { below += 1 }
        }
        let B = Double(count)
        return (Double(outside) / B, 2 * Double(min(above, below)) / B)
    }

    /// The symmetric p-value alone (the confidence interval's search), compared in squares: `|t*| > limit` as
    /// `num^2 > limit^2 den` (no square root or division per draw; the same count but where a draw is within
    /// rounding of the limit, which the tie tolerance keeps away).
    func symmetricPValue(r: Double) -> Double {
        let t = statistic(r: r)
        guard t.isFinite else { return .nan }
        let limit = abs(t) * (1 + wildBootstrapTieTolerance)
        let l2 = limit * limit, r2 = r * r, twoR = 2 * r
        var outside = 0
        n0.withUnsafeBufferPointer { a in n1.withUnsafeBufferPointer { b in alpha.withUnsafeBufferPointer { al in
            beta.withUnsafeBufferPointer { be in gamma.withUnsafeBufferPointer { ga in
                for i in 0..<a.count {
                    let num = a[i] + r * b[i]
                    let den = al[i] + twoR * be[i] + r2 * ga[i]
                    // A negative variance (possible only two-way) has no statistic: it does not exceed.
                    if den >= 0 && num * num > l2 * den { outside += 1 }
                }
            } }
        } } }
        return Double(outside) / Double(n0.count)
    }

    /// One end of the confidence interval by test inversion: the boundary of `{r : p(r) > alpha}` on the side
    /// `direction` (+1 upper, -1 lower) of the estimate. Steps of 2, 4, 8, ... standard errors bracket it, then
    /// bisection runs until the bracket's ends are adjacent numbers; the end inside the set is returned.
    /// Infinite when no bracket is found within 2^40 standard errors; NaN when the estimate itself is rejected.
    func bound(direction: Double, alpha: Double, standardError se: Double) -> Double {
        invertedTestBound(estimate: estimate, direction: direction, alpha: alpha, standardError: se, pValue: symmetricPValue(r:))
    }
}

extension WildBootstrapEngine {
    /// The per-draw numbers of coefficient `j` (restricted: the null `b_j = r` imposed for every r, by linearity).
    func coefficientDraws(_ j: Int, restricted: Bool, weights v: [Double], draws: Int) throws -> CoefficientDraws {
        var e = [Double](repeating: 0, count: k)
        e[j] = 1
        return try combinationDraws(e, restricted: restricted, weights: v, draws: draws)
    }

    /// The per-draw numbers of the linear combination `e'b` (restricted: the null `e'b = r` imposed for every r,
    /// by linearity); `coefficientDraws` is the unit vector's case.
    func combinationDraws(_ e: [Double], restricted: Bool, weights v: [Double], draws: Int) throws -> CoefficientDraws {
        let G = clusters
        guard e.count == k else { throw InputError(key: "bootstrap", "a linear combination needs \(k) weights, got \(e.count)") }
        let zero = [Double](repeating: 0, count: k)
        let k0: (num: [Double], j: [Double])
        var k1: (num: [Double], j: [Double])? = nil
        if restricted {
            let d0 = try restrictedDelta(r: [e], rhs: [0]), d1 = try restrictedDelta(r: [e], rhs: [1])
            k0 = kernel(r: [e], delta: d0)
            let ka = kernel(r: [e], delta: d1)
            k1 = (zip(ka.num, k0.num).map { $0 - $1 }, zip(ka.j, k0.j).map { $0 - $1 })
        } else {
            k0 = kernel(r: [e], delta: zero)
        }
        let n0 = DrawBuffer(count: draws), n1 = DrawBuffer(count: draws), al = DrawBuffer(count: draws)
        let be = DrawBuffer(count: draws), ga = DrawBuffer(count: draws)
        guard draws > 0, v.count == draws * G else { throw InputError(key: "bootstrap", "no draws to compute") }
        v.withUnsafeBufferPointer { vp in
            let shared = SharedWeights(pointer: vp)
            let num0 = k0.num, j0 = k0.j, num1 = k1?.num, j1 = k1?.j
            let out = (n0, n1, al, be, ga)
            forEachDrawChunk(draws: draws) { first, count in
                // The chunk's weights cluster by cluster (vt[g * count + i]), so that every product below runs
                // along the draws (vectorised); each draw's sums still run over g, then h, in order.
                var vt = [Double](repeating: 0, count: G * count)
                for i in 0..<count { for g in 0..<G { vt[g * count + i] = shared.pointer[(first + i) * G + g] } }
                let (s0, p) = Self.project(j0, num0, vt, G: G, count: count)
                var a2 = [Double](repeating: 0, count: count)
                for h in 0..<G { for i in 0..<count { let x = p[h * count + i]; a2[i] += x * x } }
                for i in 0..<count { out.0.pointer[first + i] = s0[i]; out.2.pointer[first + i] = a2[i] }
                if let num1, let j1 {
                    let (s1, q) = Self.project(j1, num1, vt, G: G, count: count)
                    var b2 = [Double](repeating: 0, count: count), c2 = [Double](repeating: 0, count: count)
                    for h in 0..<G {
                        for i in 0..<count {
                            let x = p[h * count + i], y = q[h * count + i]
                            b2[i] += x * y
                            c2[i] += y * y
                        }
                    }
                    for i in 0..<count {
                        out.1.pointer[first + i] = s1[i]; out.3.pointer[first + i] = b2[i]; out.4.pointer[first + i] = c2[i]
                    }
                }
            }
        }
        let m = meat(r: [e])
        return CoefficientDraws(n0: n0.array, n1: n1.array, alpha: al.array, beta: be.array, gamma: ga.array,
                                estimate: zip(e, beta).reduce(0) { $0 + $1.0 * $1.1 }, root: exactFit ? 0 : m[0, 0].squareRoot())
    }

    /// The bootstrap Wald test of `R b = r` (q restrictions): the original statistic (unscaled, times q) and the
    /// bootstrap ones.
    func jointDraws(r rows: [[Double]], rhs: [Double], restricted: Bool, weights v: [Double], draws: Int) throws -> (statistic: Double, draws: [Double]) {
        let q = rows.count, G = clusters
        let delta = restricted ? try restrictedDelta(r: rows, rhs: rhs) : [Double](repeating: 0, count: k)
        let kern = kernel(r: rows, delta: delta)
        var diff = [Double](repeating: 0, count: q)
        for l in 0..<q { var t = -rhs[l]; for c in 0..<k { t += rows[l][c] * beta[c] }; diff[l] = t }
        let stat = exactFit ? Double.nan : Self.quadraticForm(diff, meat(r: rows))
        guard draws > 0, v.count == draws * G else { throw InputError(key: "bootstrap", "no draws to compute") }
        let out = DrawBuffer(count: draws)
        v.withUnsafeBufferPointer { vp in
            let shared = SharedWeights(pointer: vp)
            let num = kern.num, jm = kern.j
            forEachDrawChunk(draws: draws) { first, count in
                var z = [Double](repeating: 0, count: q * G)
                var nb = [Double](repeating: 0, count: q)
                for b in first..<(first + count) {
                    let vb = UnsafeBufferPointer(rebasing: shared.pointer[(b * G)..<(b * G + G)])
                    for l in 0..<q { var t = 0.0; for g in 0..<G { t += num[l * G + g] * vb[g] }; nb[l] = t }
                    for l in 0..<q { for hh in 0..<G {
                        var t = 0.0
                        let base = (l * G + hh) * G
                        for g in 0..<G { t += jm[base + g] * vb[g] }
                        z[l * G + hh] = t
                    } }
                    var m = Matrix(rows: q, cols: q)
                    for l in 0..<q { for mm in 0...l {
                        var t = 0.0
                        for hh in 0..<G { t += z[l * G + hh] * z[mm * G + hh] }
                        m[l, mm] = t; m[mm, l] = t
                    } }
                    out.pointer[b] = Self.quadraticForm(nb, m)
                }
            }
        }
        return (stat, out.array)
    }

    /// For a chunk of `count` draws with weights `vt` (cluster by cluster): the numerators `num . v` and the
    /// projected scores `J v` (`[h * count + i]`), each summed over g in order.
    static func project(_ j: [Double], _ num: [Double], _ vt: [Double], G: Int, count: Int) -> (num: [Double], scores: [Double]) {
        var s = [Double](repeating: 0, count: count)
        var p = [Double](repeating: 0, count: G * count)
        j.withUnsafeBufferPointer { jp in vt.withUnsafeBufferPointer { vtp in
            s.withUnsafeMutableBufferPointer { sp in p.withUnsafeMutableBufferPointer { pp in
                for g in 0..<G {
                    let row = UnsafeBufferPointer(rebasing: vtp[(g * count)..<(g * count + count)])
                    let ng = num[g]
                    for i in 0..<count { sp[i] += ng * row[i] }
                    for h in 0..<G {
                        let jhg = jp[h * G + g]
                        let base = h * count
                        for i in 0..<count { pp[base + i] += jhg * row[i] }
                    }
                }
            } }
        } }
        return (s, p)
    }

    /// `d' M^{-1} d` for a small symmetric positive definite M (NaN when it is singular).
    static func quadraticForm(_ d: [Double], _ m: Matrix) -> Double {
        let q = d.count
        if q == 1 { return m[0, 0] > 0 ? d[0] * d[0] / m[0, 0] : .nan }
        // Cholesky by hand (q is small; no LAPACK call per draw).
        var l = [Double](repeating: 0, count: q * q)
        for i in 0..<q {
            for j in 0...i {
                var s = m[i, j]
                for p in 0..<j { s -= l[i * q + p] * l[j * q + p] }
                if i == j {
                    guard s > 0 else { return .nan }
                    l[i * q + i] = s.squareRoot()
                } else {
                    l[i * q + j] = s / l[j * q + j]
                }
            }
        }
        var z = [Double](repeating: 0, count: q)
        for i in 0..<q {
            var s = d[i]
            for p in 0..<i { s -= l[i * q + p] * z[p] }
            z[i] = s / l[i * q + i]
        }
        return z.reduce(0) { $0 + $1 * $1 }
    }
}

/// The weighted least-squares fit of a bootstrap engine from its cross-products `xtx` = X'WX and `xty` = X'Wy: the
/// inverse of X'WX (row-major k x k), the estimates and the residuals y - Xb (`x` column-major n x k).
/// - Throws: `InputError` (key `bootstrap`) when X'WX is singular after the fixed effects.
func bootstrapLeastSquares(xtx: Matrix, xty: [Double], x: [Double], y: [Double], k: Int) throws -> (a: [Double], beta: [Double], u: [Double]) {
    let n = y.count
    let inv: Matrix
    do { inv = try Cholesky(xtx).inverse() } catch {
        throw InputError(key: "bootstrap", "the regressors' cross-product is singular after the fixed effects; the bootstrap cannot be computed")
    }
    var a = [Double](repeating: 0, count: k * k)
    for j in 0..<k { for l in 0..<k { a[j * k + l] = inv[j, l] } }
    var beta = [Double](repeating: 0, count: k)
    for j in 0..<k { for l in 0..<k { beta[j] += a[j * k + l] * xty[l] } }
    var u = y
    for j in 0..<k { let b = beta[j]; for i in 0..<n { u[i] -= x[j * n + i] * b } }
    return (a, beta, u)
}

