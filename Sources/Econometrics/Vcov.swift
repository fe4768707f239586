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
}

/// Computes the covariance of the coefficients.
/// - Parameters:
///   - scores: the (demeaned, sqrt-weighted) regressors of the kept columns, N x K (for 2SLS the fitted ones).
///   - residuals: the (sqrt-weighted) residuals.
///   - bread: `(X'X)^{-1}` of `scores`.
///   - absorbed: parameters absorbed by fixed effects; `absorbedNotNested`: those not nested in the clusters.
func computeVcov(spec: VarianceEstimator, scores: Matrix, residuals: [Double], bread: Matrix,
                 absorbed: Int, absorbedNotNested: Int, clusters: [Factor]) throws -> VcovEstimate {
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
    case .heteroskedastic(.hc1):
        var xu = scores
        for j in 0..<k { for i in 0..<n { xu[i, j] *= residuals[i] } }
        let meat = xu.crossProduct()
        let v = try bread.multiplied(by: meat).multiplied(by: bread)
        return VcovEstimate(matrix: (nd / (nd - kTotal)) * v, tDegreesOfFreedom: nd - kTotal,
                            description: "HC1: heteroskedasticity-robust sandwich times N/(N-K), K = \(Int(kTotal)) counting absorbed fixed effects; t tests with N-K = \(n - Int(kTotal)) df",
                            clusterCounts: [])
    case .clustered(let names, let correction):
        let small = correction == .cr1
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
            ? "CR1: G/(G-1) * (N-1)/(N-K) with G = \(gMin)\(clusters.count > 1 ? " (the smaller number of clusters)" : "") and K = \(Int(kCluster)) (fixed effects nested in the clusters not counted)"
            : "CR0: no small-sample correction"
        let how = clusters.count == 2 ? "two-way (Cameron-Gelbach-Miller: V1 + V2 - V12)" : "one-way"
        return VcovEstimate(matrix: v, tDegreesOfFreedom: g - 1,
                            description: "clustered by \(who), \(how); \(conv); t tests with G-1 = \(gMin - 1) df",
                            clusterCounts: zip(names, clusters).map { ($0, $1.levelCount) })
    }
}
