import DataIO
import Foundation
import Linalg

/// The wild restricted efficient bootstrap (WRE) of Davidson and MacKinnon (2010, "Wild bootstrap tests for IV
/// regression", Journal of Business & Economic Statistics 28(1)) for 2SLS with ONE endogenous regressor, clustered
/// one way (Finlay and Magnusson 2009's cluster version, as boottest's WRE): the t test of the endogenous
/// regressor's coefficient.
///
/// For `y1 = beta y2 + Z gamma + u1`, instruments `W = [Z, excluded]`, and the null `beta = beta0`:
/// 1. `u1~` the residuals of OLS of `y1 - beta0 y2` on Z (coefficients `gamma~`);
/// 2. the efficient reduced form: OLS of `y2` on W and `u1~`, `pi~` its coefficients on W, `u2~ = y2 - W pi~`;
/// 3. each draw: `y2* = W pi~ + u2~ .* v`, `y1* = beta0 y2* + Z gamma~ + u1~ .* v`, one weight per cluster shared
///    by both equations;
/// 4. 2SLS on the draw, `t* = (beta* - beta0) / se*` with the CR1 standard error clustered by the bootstrap clusters.
/// The unrestricted variant (WUE, `type=unrestricted`) builds the draws from the 2SLS estimates and residuals and
/// centres `t*` on the estimate. Fixed effects are partialled out first (2SLS is FWL-invariant to exogenous effects
/// in both stages); the draws' residuals are re-projected on the effects not nested in the clusters, so every draw
/// is the re-estimated model with its effects. Weights: analytic, as the fit. Each draw is re-estimated (from
/// projections computed once: a few vector products per observation); the interval of the coefficient is found
/// by test inversion, the restricted draws rebuilt at each candidate value.
struct WildRestrictedEfficientBootstrap {
    let n: Int
    /// Exogenous columns (partialled, times sqrt(w)), column-major n x kz; the endogenous regressor and response.
    let z: [Double], kz: Int, y2: [Double], y1: [Double]
    /// An orthonormal basis of the instruments' span (column-major n x kw), and `Q'Z`.
    let q: [Double], kw: Int, qz: [Double]
    /// `Z'Z` inverse (kz x kz) for the restricted structural fits.
    let zzInverse: Matrix?
    /// The instruments `[Z, excluded]` (column-major n x kw), for the efficient reduced form.
    let w: [Double]
    /// Bootstrap cluster per observation, the number of clusters.
    let cluster: [Int], clusters: Int
    /// Observations by cluster.
    let members: [[Int]]
    /// sqrt of the analytic weights (nil: 1), and the fixed effects not nested in the clusters with their absorber.
    let sqrtWeights: [Double]?
    let absorber: FixedEffectsAbsorber?
    /// The small-sample factor of the reported statistic, `G/(G-1) (N-1)/(N-K)`.
    let smallSampleFactor: Double

    /// Prepares the columns of `design` (one endogenous regressor), partialled of its fixed effects.
    /// - Throws: `InputError` keyed `bootstrap` for two or more endogenous regressors or a singular design.
    init(design: Design, cluster factor: Factor, absorbedParameters: Int, tolerance: Double) throws {
        guard design.endogenousNames.count == 1 else {
            throw InputError(key: "bootstrap", "the wild restricted efficient bootstrap (WRE) of 2SLS handles one endogenous regressor; this model has \(design.endogenousNames.count) (\(design.endogenousNames.joined(separator: ", ")))")
        }
        let n = design.nobs
        self.n = n
        let kz = design.x.cols, ke = design.instruments.cols
        var cols: [[Double]] = (0..<kz).map { j in (0..<n).map { design.x[$0, j] } }
        cols += (0..<ke).map { j in (0..<n).map { design.instruments[$0, j] } }
        cols.append((0..<n).map { design.endogenous[$0, 0] })
        cols.append(design.y)
        if !design.fixedEffects.isEmpty {
            let a = FixedEffectsAbsorber(factors: design.fixedEffects, weights: design.weights, tolerance: tolerance)
            var flat = cols.flatMap { $0 }
            flat.withUnsafeMutableBufferPointer { bp in
                guard let base = bp.baseAddress else { return }
                _ = a.demean(columns: (0..<cols.count).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) })
            }
            cols = (0..<cols.count).map { Array(flat[($0 * n)..<(($0 + 1) * n)]) }
        }
        let sw = design.weights.map { $0.map { $0.squareRoot() } }
        if let sw { for c in cols.indices { for i in 0..<n { cols[c][i] *= sw[i] } } }
        sqrtWeights = sw
        z = cols[0..<kz].flatMap { $0 }
        self.kz = kz
        w = cols[0..<(kz + ke)].flatMap { $0 }
        y2 = cols[kz + ke]
        y1 = cols[kz + ke + 1]
        // An orthonormal basis of the instruments: Gram-Schmidt twice (kw is small), columns that vanish dropped.
        var basis: [[Double]] = []
        for c in 0..<(kz + ke) {
            var v = cols[c]
            let norm0 = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            for _ in 0..<2 {
                for b in basis {
                    var d = 0.0
                    for i in 0..<n { d += b[i] * v[i] }
                    for i in 0..<n { v[i] -= d * b[i] }
                }
            }
            let norm = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            if norm > 1e-10 * max(norm0, 1e-300) { basis.append(v.map { $0 / norm }) }
        }
        kw = basis.count
        guard kw > kz else {
            throw InputError(key: "bootstrap", "the excluded instruments are collinear with the exogenous regressors after the fixed effects; the WRE bootstrap cannot be computed")
        }
        q = basis.flatMap { $0 }
        var qz = [Double](repeating: 0, count: kw * kz)
        for a in 0..<kw { for c in 0..<kz { var s = 0.0; for i in 0..<n { s += basis[a][i] * cols[c][i] }; qz[a * kz + c] = s } }
        self.qz = qz
        if kz > 0 {
            var zz = Matrix(rows: kz, cols: kz)
            for a in 0..<kz { for b in 0...a { var s = 0.0; for i in 0..<n { s += cols[a][i] * cols[b][i] }; zz[a, b] = s; zz[b, a] = s } }
            do { zzInverse = try Cholesky(zz).inverse() } catch {
                throw InputError(key: "bootstrap", "the exogenous regressors are collinear after the fixed effects; the WRE bootstrap cannot be computed")
            }
        } else {
            zzInverse = nil
        }
        let codes = factor.codes.map { Int($0) }
        guard !codes.contains(where: { $0 < 0 }) else {
            throw InputError(key: "bootstrap", "the cluster variable \(factor.name) has missing values in the estimation sample")
        }
        cluster = codes
        clusters = factor.levelCount
        var m = [[Int]](repeating: [], count: clusters)
        for i in 0..<n { m[codes[i]].append(i) }
        members = m
        let notNested = design.fixedEffects.filter { !isNested($0, in: factor) }
        absorber = notNested.isEmpty ? nil : FixedEffectsAbsorber(factors: design.fixedEffects, weights: design.weights, tolerance: tolerance)
        let g = Double(clusters)
        smallSampleFactor = g / (g - 1) * Double(n - 1) / Double(max(1, n - 1 - kz - absorbedParameters))
    }

    /// Least squares of `y` on the columns `x` (column-major n x k) by the normal equations: coefficients.
    func leastSquares(_ x: [Double], _ k: Int, _ y: [Double]) throws -> [Double] {
        guard k > 0 else { return [] }
        var xx = Matrix(rows: k, cols: k)
        var xy = [Double](repeating: 0, count: k)
        for a in 0..<k {
            for b in 0...a { var s = 0.0; for i in 0..<n { s += x[a * n + i] * x[b * n + i] }; xx[a, b] = s; xx[b, a] = s }
            var s = 0.0
            for i in 0..<n { s += x[a * n + i] * y[i] }
            xy[a] = s
        }
        do { return try Cholesky(xx).inverse().times(xy) } catch {
            throw InputError(key: "bootstrap", "a regression of the WRE bootstrap is singular")
        }
    }

    /// 2SLS of `y1` on `[y2, Z]` with the instruments: the coefficient of y2 and its unscaled CR0 standard error
    /// clustered by the bootstrap clusters (NaN when the draw's second stage is singular).
    func twoStage(y1: [Double], y2: [Double]) -> (beta: Double, se: Double) {
        // P_W y2 = Q (Q'y2); P_W Z = Z.
        let k = 1 + kz
        var qy2 = [Double](repeating: 0, count: kw), qy1 = [Double](repeating: 0, count: kw)
        for a in 0..<kw {
            var s2 = 0.0, s1 = 0.0
            for i in 0..<n { s2 += q[a * n + i] * y2[i]; s1 += q[a * n + i] * y1[i] }
            qy2[a] = s2; qy1[a] = s1
        }
        // X^'X^ and X^'y1 with X^ = [P_W y2, Z].
        var xx = Matrix(rows: k, cols: k)
        var xy = [Double](repeating: 0, count: k)
        xx[0, 0] = qy2.reduce(0) { $0 + $1 * $1 }
        xy[0] = zip(qy2, qy1).reduce(0) { $0 + $1.0 * $1.1 }
        for c in 0..<kz {
            var s = 0.0
            for a in 0..<kw { s += qy2[a] * qz[a * kz + c] }
            xx[0, c + 1] = s; xx[c + 1, 0] = s
            var t = 0.0
            for i in 0..<n { t += z[c * n + i] * y1[i] }
            xy[c + 1] = t
            for d in 0...c { var u = 0.0; for i in 0..<n { u += z[c * n + i] * z[d * n + i] }; xx[c + 1, d + 1] = u; xx[d + 1, c + 1] = u }
        }
        guard let inv = try? Cholesky(xx).inverse(), let b = try? inv.times(xy) else { return (.nan, .nan) }
        // Residuals with the actual y2; scores of the first coefficient: a' X^_i e_i, a the first row of the inverse.
        var fitted2 = [Double](repeating: 0, count: n)
        for a in 0..<kw where qy2[a] != 0 { for i in 0..<n { fitted2[i] += q[a * n + i] * qy2[a] } }
        var den = 0.0
        for g in 0..<clusters {
            var s = 0.0
            for i in members[g] {
                var e = y1[i] - b[0] * y2[i]
                var xa = inv[0, 0] * fitted2[i]
                for c in 0..<kz { e -= b[c + 1] * z[c * n + i]; xa += inv[0, c + 1] * z[c * n + i] }
                s += xa * e
            }
            den += s * s
        }
        return (b[0], den.squareRoot())
    }

    /// The residual vectors `u .* 1_g` re-projected on the non-nested fixed effects (weighted scale), as a dense
    /// n x G matrix, or nil when no projection is needed (then `u_i v_g(i)` is the draw's residual).
    func projected(_ u: [Double]) -> [Double]? {
        guard let absorber else { return nil }
        let G = clusters
        var out = [Double](repeating: 0, count: n * G)
        for g in 0..<G { for i in members[g] { out[g * n + i] = u[i] / (sqrtWeights?[i] ?? 1) } }
        out.withUnsafeMutableBufferPointer { bp in
            guard let base = bp.baseAddress else { return }
            _ = absorber.demean(columns: (0..<G).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) })
        }
        if let sw = sqrtWeights { for g in 0..<G { for i in 0..<n { out[g * n + i] *= sw[i] } } }
        return out
    }

    /// The bootstrap statistics (unscaled) of `beta = beta0` for every draw, and the original statistic:
    /// restricted (WRE) or unrestricted (WUE, centred on the estimate; then `beta0` only sets the original statistic).
    func statistics(beta0: Double, restricted: Bool, weights v: [Double], draws: Int) throws -> (t: Double, draws: [Double]) {
        let original = twoStage(y1: y1, y2: y2)
        let t = (original.beta - beta0) / original.se
        // The structural DGP: coefficients and residuals.
        let bDGP: Double, u1: [Double]
        var zGamma = [Double](repeating: 0, count: n)
        if restricted {
            bDGP = beta0
            let target = (0..<n).map { y1[$0] - beta0 * y2[$0] }
            let gamma = try leastSquares(z, kz, target)
            for c in 0..<kz { for i in 0..<n { zGamma[i] += z[c * n + i] * gamma[c] } }
            u1 = (0..<n).map { target[$0] - zGamma[$0] }
        } else {
            // The 2SLS fit: beta^ and gamma^ = (Z'Z)^{-1} Z'(y1 - beta^ y2).
            bDGP = original.beta
            let target = (0..<n).map { y1[$0] - bDGP * y2[$0] }
            let gamma = try leastSquares(z, kz, target)
            for c in 0..<kz { for i in 0..<n { zGamma[i] += z[c * n + i] * gamma[c] } }
            u1 = (0..<n).map { target[$0] - zGamma[$0] }
        }
        // The efficient reduced form: y2 on [W, u1].
        let kwAll = w.count / n
        let pi = try leastSquares(w + u1, kwAll + 1, y2)
        var wPi = [Double](repeating: 0, count: n)
        for c in 0..<kwAll { for i in 0..<n { wPi[i] += w[c * n + i] * pi[c] } }
        let u2 = (0..<n).map { y2[$0] - wPi[$0] }
        let p1 = projected(u1), p2 = projected(u2)
        let G = clusters
        // Immutable copies for the concurrent draws.
        let (structural, reduced, dgpBeta, zg) = (u1, wPi, bDGP, zGamma)
        let centre = restricted ? beta0 : original.beta
        let out = DrawBuffer(count: draws)
        guard v.count == draws * G else { throw InputError(key: "bootstrap", "no draws to compute") }
        v.withUnsafeBufferPointer { vp in
            let shared = SharedWeights(pointer: vp)
            forEachDrawChunk(draws: draws) { first, count in
                var ys2 = [Double](repeating: 0, count: n), ys1 = [Double](repeating: 0, count: n)
                for b in first..<(first + count) {
                    let vb = UnsafeBufferPointer(rebasing: shared.pointer[(b * G)..<(b * G + G)])
                    if let p1, let p2 {
                        for i in 0..<n { ys2[i] = reduced[i]; ys1[i] = zg[i] }
                        for g in 0..<G where vb[g] != 0 {
                            let vg = vb[g]
                            for i in 0..<n { ys2[i] += vg * p2[g * n + i]; ys1[i] += vg * p1[g * n + i] }
                        }
                    } else {
                        for i in 0..<n {
                            let vg = vb[cluster[i]]
                            ys2[i] = reduced[i] + vg * u2[i]
                            ys1[i] = zg[i] + vg * structural[i]
                        }
                    }
                    for i in 0..<n { ys1[i] += dgpBeta * ys2[i] }
                    let fit = twoStage(y1: ys1, y2: ys2)
                    out.pointer[b] = (fit.beta - centre) / fit.se
                }
            }
        }
        return (t, out.array)
    }
}

/// The symmetric and equal-tailed bootstrap p-values of statistic `t` against `draws`, with the tie rule of
/// `CoefficientDraws.pValues` (NaN when `t` is not finite).
func wildBootstrapPValues(t: Double, draws: [Double]) -> (symmetric: Double, equalTailed: Double) {
    guard t.isFinite else { return (.nan, .nan) }
    let at = abs(t), limit = at * (1 + wildBootstrapTieTolerance), margin = wildBootstrapTieTolerance * at
    var above = 0, below = 0, outside = 0
    for s in draws {
        if abs(s) > limit { outside += 1 }
        if s > t + margin { above += 1 } else if s < t - margin { below += 1 }
    }
    let B = Double(draws.count)
    return (Double(outside) / B, 2 * Double(min(above, below)) / B)
}

/// The WRE (or WUE) bootstrap of a 2SLS fit with one endogenous regressor: its coefficient's p-values of `beta = 0`
/// and the interval at `level` by test inversion (see `WildRestrictedEfficientBootstrap`); the other coefficients
/// have no bootstrap inference. `cluster` is restricted to the design's rows.
func wildRestrictedEfficientBootstrap(design: Design, result: RegressionResult, cluster: Factor, spec: WildBootstrapSpec,
                                      level: Double, tolerance: Double, intervals: Bool) throws -> WildBootstrapResult {
    guard level > 0, level < 1 else { throw InputError(key: "bootstrap", "the confidence level must be between 0 and 1, got \(level)") }
    let G = cluster.levelCount
    guard G >= 2 else {
        throw InputError(key: "bootstrap", "the wild cluster bootstrap needs at least 2 clusters; \(cluster.name) has \(G) in the estimation sample")
    }
    let wre = try WildRestrictedEfficientBootstrap(design: design, cluster: cluster, absorbedParameters: result.absorbedParameters, tolerance: tolerance)
    let enumerated = spec.weights == .rademacher && G < 40 && (1 << G) <= spec.reps
    let draws = enumerated ? 1 << G : spec.reps
    let v = enumerated ? WildBootstrapRandom.enumeration(clusters: G)
                      : WildBootstrapRandom.weightMatrix(seed: spec.seed, kind: spec.weights, draws: draws, clusters: G)
    let restricted = spec.type == .restricted
    let at0 = try wre.statistics(beta0: 0, restricted: restricted, weights: v, draws: draws)
    let p0 = wildBootstrapPValues(t: at0.t, draws: at0.draws)
    let fit = wre.twoStage(y1: wre.y1, y2: wre.y2)
    var low = Double.nan, high = Double.nan
    if intervals {
        // Restricted: the draws are rebuilt under each candidate null; unrestricted: one set of draws, centred on
        // the estimate, against the original statistic at each r.
        let pAt: (Double) -> Double = { r in
            if restricted {
                guard let s = try? wre.statistics(beta0: r, restricted: true, weights: v, draws: draws) else { return .nan }
                return wildBootstrapPValues(t: s.t, draws: s.draws).symmetric
            }
            return wildBootstrapPValues(t: (fit.beta - r) / fit.se, draws: at0.draws).symmetric
        }
        let step = fit.se * wre.smallSampleFactor.squareRoot()
        low = invertedTestBound(estimate: fit.beta, direction: -1, alpha: 1 - level, standardError: step, pValue: pAt)
        high = invertedTestBound(estimate: fit.beta, direction: 1, alpha: 1 - level, standardError: step, pValue: pAt)
    }
    let name = design.endogenousNames[0]
    var resolved = spec
    resolved.cluster = cluster.name
    let notNested = design.fixedEffects.filter { !isNested($0, in: cluster) }.map(\.name)
    var out = WildBootstrapResult(spec: resolved, clusters: G, draws: draws, enumerated: enumerated, level: level,
                                  terms: [WildBootstrapResult.Term(name: name, estimate: fit.beta, tStatistic: at0.t / wre.smallSampleFactor.squareRoot(),
                                                                   pValue: p0.symmetric, pValueEqualTailed: p0.equalTailed, ciLow: low, ciHigh: high)],
                                  joint: nil, fixedEffectsNotNested: notNested)
    out.method = restricted ? "WRE (Davidson and MacKinnon 2010), the endogenous regressor's coefficient only"
                            : "WUE (Davidson and MacKinnon 2010), the endogenous regressor's coefficient only"
    return out
}
