import DataIO
import Linalg

/// A computed coefficient covariance with the conventions used, stated.
struct VcovEstimate {
    var matrix: Matrix
    /// Degrees of freedom for t tests: G-1 (smallest G) when clustered, N-K otherwise (fixest's rule).
    var tDegreesOfFreedom: Double
    /// The convention in words, written into every output.
    var description: String
    /// Clusters per clustering variable.
    var clusterCounts: [(String, Int)]
    /// Degrees of freedom per coefficient when they differ (CR2's Satterthwaite df), else nil.
    var termDegreesOfFreedom: [Double]? = nil
}

/// Computes the covariance of the coefficients.
/// - Parameters:
///   - scores: the (demeaned, sqrt-weighted) regressors of the kept columns, N x K (for 2SLS the fitted ones).
///   - residuals: the (sqrt-weighted) residuals.
///   - bread: `(X'X)^{-1}` of `scores`.
///   - absorbed: parameters absorbed by fixed effects; `absorbedNotNested`: those not nested in the clusters.
///   - sqrtWeights: the square roots of the weights the rows were multiplied by, when the fit has weights.
func computeVcov(spec: VarianceEstimator, scores: Matrix, residuals: [Double], bread: Matrix,
                 absorbed: Int, absorbedNotNested: Int, clusters: [Factor], sqrtWeights: [Double]? = nil) throws -> VcovEstimate {
    let n = scores.rows, k = scores.cols
    let nd = Double(n)
    let kTotal = Double(k + absorbed)
    switch spec {
    case .iid:
        let rss = residuals.reduce(0) { $0 + $1 * $1 }
        let s2 = rss / (nd - kTotal)
        return VcovEstimate(matrix: s2 * bread, tDegreesOfFreedom: nd - kTotal,
                            description: "iid: s^2 (X'X)^-1 with s^2 = RSS/(N-K), K = \(Int(kTotal)) counting absorbed fixed effects; t tests with N-K = \(n - Int(kTotal)) df",
                            clusterCounts: [])
    case .heteroskedastic(let kind) where kind != .hc1:
        let v = try hcSandwich(kind: kind, scores: scores, residuals: residuals, bread: bread)
        let how: String
        switch kind {
        case .hc0: how = "HC0: heteroskedasticity-robust sandwich without small-sample factor"
        case .hc2: how = "HC2: heteroskedasticity-robust sandwich with squared residuals over 1 - h (h the leverage of the within-transformed, weighted design)"
        default: how = "HC3: heteroskedasticity-robust sandwich with squared residuals over (1 - h)^2 (h the leverage of the within-transformed, weighted design)"
        }
        return VcovEstimate(matrix: v, tDegreesOfFreedom: nd - kTotal,
                            description: "\(how); t tests with N-K = \(n - Int(kTotal)) df, K = \(Int(kTotal)) counting absorbed fixed effects",
                            clusterCounts: [])
    case .driscollKraay(let lagChoice):
        guard let time = clusters.first else {
            throw InputError(key: "vcov", "Driscoll-Kraay standard errors (dk) need the panel's time variable (--panel ENTITY,TIME)")
        }
        let periods = time.levelCount
        guard periods >= 2 else {
            throw InputError(key: "vcov", "Driscoll-Kraay standard errors (dk) need at least 2 time periods, found \(periods) in the estimation sample")
        }
        let lags = lagChoice ?? driscollKraayDefaultLag(periods: periods)
        let v = try driscollKraay(scores: scores, residuals: residuals, bread: bread, time: time, lags: lags)
        return VcovEstimate(matrix: v, tDegreesOfFreedom: nd - kTotal,
                            description: "Driscoll-Kraay: scores summed per period of \(time.name) (T = \(periods)), Bartlett kernel with \(lags) lag(s)\(lagChoice == nil ? " (floor(T^(1/4)), plm's vcovSCC default)" : ""), no small-sample factor (plm's vcovSCC, type HC0); t tests with N-K = \(n - Int(kTotal)) df",
                            clusterCounts: [])
    case .clustered(let names, let correction) where correction == .cr2 || correction == .cr3:
        guard clusters.count == 1, let cluster = clusters.first else {
            throw InputError(key: "vcov", "\(correction.rawValue.uppercased()) clusters by one variable")
        }
        // Weighted CR2 with absorbed fixed effects: on the within-transformed design it differs (by 3-6 % in the
        // reference panel) from clubSandwich's CR2 of the weighted lm with the effects' dummies, whose working
        // model is not the weights'; refused until the two agree rather than reported unverified.
        if correction == .cr2 && sqrtWeights != nil && absorbed > 0 {
            throw InputError(key: "vcov", "CR2 (\(spec.name)) with weights and absorbed fixed effects is not available yet: its hat-matrix convention is not verified for that case; use CR2 without weights, cr3:\(names[0]) or cluster:\(names[0])")
        }
        let g = cluster.levelCount
        guard g >= 2 else {
            throw InputError(key: names.joined(separator: "+"), "clustered standard errors need at least 2 clusters, found \(g) in the estimation sample")
        }
        let (v, df) = try clusterAdjustedSandwich(cr2: correction == .cr2, scores: scores, residuals: residuals,
                                                  bread: bread, cluster: cluster, sqrtWeights: sqrtWeights)
        let hat = "H the hat matrix of the within-transformed, weighted design (absorbed fixed effects partialled out, as clubSandwich for plm's within models)"
        if correction == .cr2 {
            return VcovEstimate(matrix: v, tDegreesOfFreedom: df.min() ?? Double(g - 1),
                                description: "CR2 (Bell-McCaffrey) clustered by \(names[0]), G = \(g): A_g = (I - H_gg)^(-1/2), \(hat)\(sqrtWeights == nil ? "" : "; with weights, clubSandwich's default working model (homoskedastic in the data's scale)"); t tests with per-coefficient Satterthwaite (Bell-McCaffrey / Imbens-Kolesar) df, clubSandwich's coef_test(test = \"Satterthwaite\")",
                                clusterCounts: [(names[0], g)], termDegreesOfFreedom: df)
        }
        return VcovEstimate(matrix: v, tDegreesOfFreedom: Double(g - 1),
                            description: "CR3 (cluster jackknife) clustered by \(names[0]), G = \(g): A_g = (I - H_gg)^(-1), \(hat), no G/(G-1) factor (clubSandwich's CR3); t tests with G-1 = \(g - 1) df",
                            clusterCounts: [(names[0], g)])
    case .heteroskedastic:
        var xu = scores
        for j in 0..<k { for i in 0..<n { xu[i, j] *= residuals[i] } }
        let meat = xu.crossProduct()
        let v = try bread.multiplied(by: meat).multiplied(by: bread)
        return VcovEstimate(matrix: (nd / (nd - kTotal)) * v, tDegreesOfFreedom: nd - kTotal,
                            description: "HC1: heteroskedasticity-robust sandwich times N/(N-K), K = \(Int(kTotal)) counting absorbed fixed effects; t tests with N-K = \(n - Int(kTotal)) df",
                            clusterCounts: [])
    case .clustered(let names, let correction):
        let small = correction == .cr1 || correction == .cr1Fixest
        var terms: [(Factor, Double)] = clusters.map { ($0, 1) }
        if clusters.count == 2 { terms.append((Factor.combining(clusters[0], clusters[1]), -1)) }
        let gMin = clusters.map(\.levelCount).min() ?? 1
        guard gMin >= 2 else {
            throw InputError(key: names.joined(separator: "+"), "clustered standard errors need at least 2 clusters, found \(gMin) in the estimation sample")
        }
        let kCluster = Double(k + absorbedNotNested)
        var total = Matrix(rows: k, cols: k)
        for (f, sign) in terms {
            var s = Matrix(rows: f.levelCount, cols: k)
            // Scores summed per cluster, straight from the column-major buffers (no allocation per row).
            let g = f.levelCount
            s.storage.withUnsafeMutableBufferPointer { sp in
                scores.storage.withUnsafeBufferPointer { xp in
                    residuals.withUnsafeBufferPointer { up in
                        f.codes.withUnsafeBufferPointer { cp in
                            for j in 0..<k {
                                for i in 0..<n { sp[j * g + Int(cp[i])] += xp[j * n + i] * up[i] }
                            }
                        }
                    }
                }
            }
            let meat = s.crossProduct()
            total = try total + (sign * meat)
        }
        var v = try bread.multiplied(by: total).multiplied(by: bread)
        let g = Double(gMin)
        if small { v = ((g / (g - 1)) * ((nd - 1) / (nd - kCluster))) * v }
        let who = names.joined(separator: " and ")
        let conv = small
            ? "CR1: G/(G-1) * (N-1)/(N-K) with G = \(gMin)\(clusters.count > 1 ? " (the smaller number of clusters)" : "") and K = \(Int(kCluster)) "
                + (correction == .cr1Fixest
                   ? "(fixest's convention, ssc fixef.K = \"nested\": fixed effects nested in the clusters counted as one parameter each)"
                   : "(reghdfe's convention: fixed effects nested in the clusters not counted)")
            : "CR0: no small-sample correction"
        let how = clusters.count == 2 ? "two-way (Cameron-Gelbach-Miller: V1 + V2 - V12)" : "one-way"
        return VcovEstimate(matrix: v, tDegreesOfFreedom: g - 1,
                            description: "clustered by \(who), \(how); \(conv); t tests with G-1 = \(gMin - 1) df",
                            clusterCounts: zip(names, clusters).map { ($0, $1.levelCount) })
    }
}
