import DataIO
import Foundation
import Linalg

/// The two-way clustered wild bootstrap of MacKinnon, Nielsen and Webb (2021, "Wild bootstrap and asymptotic
/// inference with multiway clustering", Journal of Business & Economic Statistics 39(2)), in the "fast and wild"
/// form of Roodman, MacKinnon, Nielsen and Webb (2019): no draw re-estimates the model.
///
/// The statistic is the two-way cluster-robust t of Cameron, Gelbach and Miller (2011): the meat is
/// `M_1 + M_2 - M_12`, the CR0 meats summed over the clusters of each dimension and over their intersections (one
/// small-sample factor for all three, as offshore's analytic two-way CR1, so it cancels in the bootstrap). The
/// bootstrap weights are drawn for the clusters of ONE dimension (the bootstrap clusters, `bootcluster`; by
/// default the dimension with fewer clusters, as boottest's default), one weight per bootstrap cluster.
///
/// Notation as `WildBootstrapEngine` (`X` the demeaned regressors, `W` the weights, `A = (X'WX)^{-1}`, `u` the
/// residuals the bootstrap data are built from, `u = u_hat + X delta`). The bootstrap residuals are
/// `u* = M(u .* v) = sum_g v_g q_g` with `q_g = M_D(u .* 1_g) - X A S_g`, `M_D` the fixed effects' annihilator and
/// `S_g = X_g'W_g u_g`; the scores of cluster h of any dimension are therefore linear in v:
///
///     X_h'W_h u*_h = sum_g v_g K[h, g],   K[h, g] = T[h, g](delta) - H_h A S_g(delta)
///
/// with `H_h = X_h'W_h X_h` and `T[h, g](delta) = X_h'W_h M_D((u_hat + X delta) .* 1_g)_h`, affine in delta: its
/// k + 1 parts (u_hat and each column of X, times `1_g`, demeaned by the fixed effects) are computed once, by the
/// fit's own demeaning (no correction is needed when the effects are nested in the bootstrap clusters, where
/// `M_D` leaves `u .* 1_g` unchanged). The statistic of a draw is then
/// `e'A S v / sqrt(sum_d sign_d sum_h (e'A K_d[h, .] v)^2)`, and under `e'b = r` (restricted) everything is affine
/// in r, so each draw reduces to the five numbers of `CoefficientDraws`, whose p-values and test inversion serve
/// one- and two-way bootstraps alike. A draw whose two-way variance is negative (the two-way meat need not be
/// positive semi-definite) has no statistic and does not count as exceeding the original one.
struct MultiwayWildBootstrapEngine {
    /// One clustering term of the variance: the cluster of every observation, the number of clusters, and the
    /// term's sign (+1 for each dimension, -1 for their intersection).
    struct Term {
        let codes: [Int], count: Int, sign: Double
    }

    let n: Int, k: Int
    /// The number of bootstrap clusters (one weight each per draw).
    let clusters: Int
    let terms: [Term]
    /// `(X'WX)^{-1}` (k x k) and the unrestricted estimates.
    let a: [Double], beta: [Double]
    /// `S_g` of the unrestricted residuals by bootstrap cluster (G x k) and `H_g` (G x k x k).
    let su: [Double], hBoot: [Double]
    /// Per term: `H_h` (count x k x k), the unrestricted scores (count x k) and `T` (count x G x (k + 1) x k:
    /// `[((h * G + g) * (k + 1) + m) * k + c]`, m = 0 the residuals' part, m = 1 + c' column c' of X).
    let hTerm: [[Double]], suTerm: [[Double]], tTerm: [[Double]]
    /// The weighted residual sum of squares of the unrestricted fit.
    let rss: Double
    /// Set when the fit is exact: results are NaN.
    var exactFit = false

    /// Prepares the sums. `x` (column-major n x k) and `y` are demeaned already; `boot` is the bootstrap cluster
    /// of each observation (0..<clusters); `dimensions` the two clusterings of the variance (codes and counts).
    init(x: [Double], y: [Double], k: Int, weights: [Double]?, boot: [Int], clusters: Int,
         dimensions: [(codes: [Int], count: Int)], fixedEffects: [Factor], tolerance: Double) throws {
        let n = y.count
        self.n = n; self.k = k; self.clusters = clusters
        let G = clusters
        // The intersection of the two dimensions, numbered in order of first appearance.
        var cellOf: [Int: Int] = [:]
        var cells = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let key = dimensions[0].codes[i] * dimensions[1].count + dimensions[1].codes[i]
            if let c = cellOf[key] { cells[i] = c } else { cellOf[key] = cellOf.count; cells[i] = cellOf.count - 1 }
        }
        let terms = [Term(codes: dimensions[0].codes, count: dimensions[0].count, sign: 1),
                     Term(codes: dimensions[1].codes, count: dimensions[1].count, sign: 1),
                     Term(codes: cells, count: cellOf.count, sign: -1)]
        self.terms = terms
        func weight(_ i: Int) -> Double { weights?[i] ?? 1 }
        // X'WX, X'Wy, the estimates and residuals.
        var xtx = Matrix(rows: k, cols: k)
        var xty = [Double](repeating: 0, count: k)
        for j in 0..<k {
            for l in 0...j {
                var s = 0.0
                for i in 0..<n { s += x[j * n + i] * x[l * n + i] * weight(i) }
                xtx[j, l] = s; xtx[l, j] = s
            }
            var s = 0.0
            for i in 0..<n { s += x[j * n + i] * y[i] * weight(i) }
            xty[j] = s
        }
        let (a, beta, u) = try bootstrapLeastSquares(xtx: xtx, xty: xty, x: x, y: y, k: k)
        var rss = 0.0
        for i in 0..<n { rss += weight(i) * u[i] * u[i] }
        self.a = a; self.beta = beta; self.rss = rss
        // Scores and cross-products by bootstrap cluster and by every term's clusters.
        func sums(_ codes: [Int], _ count: Int) -> (s: [Double], h: [Double]) {
            var s = [Double](repeating: 0, count: count * k), h = [Double](repeating: 0, count: count * k * k)
            for i in 0..<n {
                let g = codes[i], wi = weight(i)
                for c in 0..<k {
                    let xc = x[c * n + i] * wi
                    s[g * k + c] += xc * u[i]
                    for d in 0..<k { h[(g * k + c) * k + d] += xc * x[d * n + i] }
                }
            }
            return (s, h)
        }
        let bootSums = sums(boot, G)
        su = bootSums.s; hBoot = bootSums.h
        let termSums = terms.map { sums($0.codes, $0.count) }
        suTerm = termSums.map(\.s); hTerm = termSums.map(\.h)
        // T: for each bootstrap cluster g, the k + 1 vectors (u, X_1, ..., X_k) .* 1_g, demeaned by the fixed
        // effects (the fit's weighted demeaning), summed as X_h'W_h (.) over every term's clusters h.
        let absorber = fixedEffects.isEmpty ? nil : FixedEffectsAbsorber(factors: fixedEffects, weights: weights, tolerance: tolerance)
        var members = [[Int]](repeating: [], count: G)
        for i in 0..<n { members[boot[i]].append(i) }
        var t = terms.map { [Double](repeating: 0, count: $0.count * G * (k + 1) * k) }
        var block = [Double](repeating: 0, count: (k + 1) * n)
        for g in 0..<G {
            let rows: [Int]
            if let absorber {
                for i in 0..<block.count { block[i] = 0 }
                for i in members[g] {
                    block[i] = u[i]
                    for c in 0..<k { block[(c + 1) * n + i] = x[c * n + i] }
                }
                block.withUnsafeMutableBufferPointer { bp in
                    guard let base = bp.baseAddress else { return }
                    _ = absorber.demean(columns: (0...k).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) })
                }
                rows = Array(0..<n)
            } else {
                for i in members[g] {
                    block[i] = u[i]
                    for c in 0..<k { block[(c + 1) * n + i] = x[c * n + i] }
                }
                rows = members[g]
            }
            for (d, term) in terms.enumerated() {
                for i in rows {
                    let h = term.codes[i], wi = weight(i)
                    for m in 0...k {
                        let z = block[m * n + i] * wi
                        if z == 0 { continue }
                        let base = ((h * G + g) * (k + 1) + m) * k
                        for c in 0..<k { t[d][base + c] += x[c * n + i] * z }
                    }
                }
            }
            if absorber == nil { for i in members[g] { for m in 0...k { block[m * n + i] = 0 } } }
        }
        tTerm = t
    }

    /// The numerator (`e'A S_g`, G) and, per term, the projected score matrix (`e'A K[h, g]`, count x G) with
    /// bootstrap residuals `u_hat + X delta`.
    func kernel(_ e: [Double], delta: [Double]) -> (num: [Double], j: [[Double]]) {
        let G = clusters
        var ea = [Double](repeating: 0, count: k)
        for c in 0..<k { for d in 0..<k { ea[c] += e[d] * a[d * k + c] } }
        var s = su
        for g in 0..<G { for c in 0..<k { var v = 0.0; for d in 0..<k { v += hBoot[(g * k + c) * k + d] * delta[d] }; s[g * k + c] += v } }
        var num = [Double](repeating: 0, count: G)
        var asg = [Double](repeating: 0, count: G * k)
        for g in 0..<G {
            for c in 0..<k {
                num[g] += ea[c] * s[g * k + c]
                var v = 0.0
                for d in 0..<k { v += a[c * k + d] * s[g * k + d] }
                asg[g * k + c] = v
            }
        }
        var out: [[Double]] = []
        for (d, term) in terms.enumerated() {
            var j = [Double](repeating: 0, count: term.count * G)
            for h in 0..<term.count {
                // e'A H_h (k).
                var eh = [Double](repeating: 0, count: k)
                for c in 0..<k { for l in 0..<k { eh[l] += ea[c] * hTerm[d][(h * k + c) * k + l] } }
                for g in 0..<G {
                    var v = 0.0
                    let base = (h * G + g) * (k + 1)
                    for m in 0...k {
                        let coef = m == 0 ? 1 : delta[m - 1]
                        if coef == 0 { continue }
                        var p = 0.0
                        for c in 0..<k { p += ea[c] * tTerm[d][(base + m) * k + c] }
                        v += coef * p
                    }
                    for c in 0..<k { v -= eh[c] * asg[g * k + c] }
                    j[h * G + g] = v
                }
            }
            out.append(j)
        }
        return (num, out)
    }

    /// The per-draw numbers of the linear combination `e'b` (restricted: the null `e'b = r` imposed for every r,
    /// by linearity), as `WildBootstrapEngine.combinationDraws`; `root` is the square root of the original two-way
    /// CR0 variance of `e'b` (NaN when it is negative).
    func combinationDraws(_ e: [Double], restricted: Bool, weights v: [Double], draws: Int) throws -> CoefficientDraws {
        let G = clusters
        guard e.count == k else { throw InputError(key: "bootstrap", "a linear combination needs \(k) weights, got \(e.count)") }
        guard draws > 0, v.count == draws * G else { throw InputError(key: "bootstrap", "no draws to compute") }
        let k0: (num: [Double], j: [[Double]])
        var k1: (num: [Double], j: [[Double]])? = nil
        if restricted {
            let d0 = try wildRestrictedDelta(a: a, beta: beta, k: k, rows: [e], rhs: [0])
            let d1 = try wildRestrictedDelta(a: a, beta: beta, k: k, rows: [e], rhs: [1])
            k0 = kernel(e, delta: d0)
            let ka = kernel(e, delta: d1)
            k1 = (zip(ka.num, k0.num).map { $0 - $1 }, zip(ka.j, k0.j).map { pair in zip(pair.0, pair.1).map { $0 - $1 } })
        } else {
            k0 = kernel(e, delta: [Double](repeating: 0, count: k))
        }
        let n0 = DrawBuffer(count: draws), n1 = DrawBuffer(count: draws), al = DrawBuffer(count: draws)
        let be = DrawBuffer(count: draws), ga = DrawBuffer(count: draws)
        let signs = terms.map(\.sign), counts = terms.map(\.count)
        v.withUnsafeBufferPointer { vp in
            let shared = SharedWeights(pointer: vp)
            let num0 = k0.num, j0 = k0.j, num1 = k1?.num, j1 = k1?.j
            let out = (n0, n1, al, be, ga)
            forEachDrawChunk(draws: draws) { first, count in
                for b in first..<(first + count) {
                    let vb = UnsafeBufferPointer(rebasing: shared.pointer[(b * G)..<(b * G + G)])
                    var s0 = 0.0, s1 = 0.0, a2 = 0.0, b2 = 0.0, c2 = 0.0
                    for g in 0..<G { s0 += num0[g] * vb[g] }
                    if let num1 { for g in 0..<G { s1 += num1[g] * vb[g] } }
                    for d in 0..<signs.count {
                        var ta = 0.0, tb = 0.0, tc = 0.0
                        for h in 0..<counts[d] {
                            var p = 0.0
                            let base = h * G
                            for g in 0..<G { p += j0[d][base + g] * vb[g] }
                            ta += p * p
                            if let j1 {
                                var q = 0.0
                                for g in 0..<G { q += j1[d][base + g] * vb[g] }
                                tb += p * q
                                tc += q * q
                            }
                        }
                        a2 += signs[d] * ta; b2 += signs[d] * tb; c2 += signs[d] * tc
                    }
                    out.0.pointer[b] = s0; out.1.pointer[b] = s1; out.2.pointer[b] = a2; out.3.pointer[b] = b2; out.4.pointer[b] = c2
                }
            }
        }
        // The original two-way variance of e'b (unscaled).
        var ea = [Double](repeating: 0, count: k)
        for c in 0..<k { for d in 0..<k { ea[c] += e[d] * a[d * k + c] } }
        var variance = 0.0
        for (d, term) in terms.enumerated() {
            var s = 0.0
            for h in 0..<term.count {
                var z = 0.0
                for c in 0..<k { z += ea[c] * suTerm[d][h * k + c] }
                s += z * z
            }
            variance += term.sign * s
        }
        return CoefficientDraws(n0: n0.array, n1: n1.array, alpha: al.array, beta: be.array, gamma: ga.array,
                                estimate: zip(e, beta).reduce(0) { $0 + $1.0 * $1.1 },
                                root: exactFit ? 0 : (variance >= 0 ? variance.squareRoot() : .nan))
    }
}

/// The engine and weight matrix of a two-way bootstrap (the counterpart of `prepareWildBootstrap`): `boot` the
/// bootstrap clusters (one weight each), `other` the second clustering dimension, both restricted to the design's rows.
func prepareMultiwayWildBootstrap(design: Design, terms: [String], boot: Factor, other: Factor, spec: WildBootstrapSpec,
                                  tolerance: Double) throws -> (engine: MultiwayWildBootstrapEngine, weights: [Double], draws: Int, enumerated: Bool) {
    let (x, y, k) = try wildBootstrapColumns(design: design, terms: terms, tolerance: tolerance)
    let G = boot.levelCount
    guard G >= 2, other.levelCount >= 2 else {
        throw InputError(key: "bootstrap", "the two-way wild cluster bootstrap needs at least 2 clusters in each of \(boot.name) and \(other.name); they have \(G) and \(other.levelCount) in the estimation sample")
    }
    guard spec.reps >= WildBootstrapSpec.minimumReps else {
        throw InputError(key: "bootstrap", "reps=\(spec.reps) is too few: give at least \(WildBootstrapSpec.minimumReps) draws")
    }
    let codes = boot.codes.map { Int($0) }, otherCodes = other.codes.map { Int($0) }
    guard !codes.contains(where: { $0 < 0 }), !otherCodes.contains(where: { $0 < 0 }) else {
        throw InputError(key: "bootstrap", "the cluster variables \(boot.name) and \(other.name) have missing values in the estimation sample")
    }
    var engine = try MultiwayWildBootstrapEngine(x: x, y: y, k: k, weights: design.weights, boot: codes, clusters: G,
                                                 dimensions: [(codes, G), (otherCodes, other.levelCount)],
                                                 fixedEffects: design.fixedEffects, tolerance: tolerance)
    var yss = 0.0
    for i in 0..<design.nobs { yss += (design.weights?[i] ?? 1) * design.y[i] * design.y[i] }
    engine.exactFit = engine.rss <= exactFitTolerance * yss
    let (v, draws, enumerated) = WildBootstrapRandom.draws(spec, clusters: G)
    return (engine, v, draws, enumerated)
}
