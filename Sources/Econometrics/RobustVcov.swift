import DataIO
import Foundation
import Linalg

// The variance estimators of issue 17 beyond iid, HC1 and CR0/CR1: HC0/HC2/HC3 (leverage-adjusted
// heteroskedasticity-robust sandwiches), CR2 (Bell and McCaffrey 2002) with the Bell-McCaffrey / Imbens-Kolesar
// Satterthwaite degrees of freedom, CR3 (the cluster jackknife) and Driscoll-Kraay (1998).
//
// Every one works on the columns the fit used: demeaned by the absorbed fixed effects and multiplied by the
// square roots of the weights ("the within-transformed design"). So the hat matrix of HC2/HC3/CR2/CR3 is
// `H = X~ (X~'X~)^-1 X~'` of that design, not of the design with the fixed effects' dummies: clubSandwich's
// convention for plm's within models, which Pustejovsky and Tipton (2018, Theorem 2) show equals the full
// dummy design's CR2 when the fixed effects are nested in the clusters. With weights, the working model is
// the weights' (inverse-variance) one, as clubSandwich's default for weighted lm.

/// The leverages `h_i = x_i' B x_i` of the rows of `x` (B = `bread`).
func leverages(_ x: Matrix, bread: Matrix) throws -> [Double] {
    let xb = try x.multiplied(by: bread)
    let n = x.rows, k = x.cols
    var h = [Double](repeating: 0, count: n)
    for j in 0..<k { for i in 0..<n { h[i] += xb[i, j] * x[i, j] } }
    return h
}

/// HC0 (no factor), HC2 (`u_i^2 / (1 - h_i)`) and HC3 (`u_i^2 / (1 - h_i)^2`): `B X' diag(omega) X B`.
/// Rows with leverage 1 (to rounding) make HC2/HC3 undefined: their weight is infinite, as in R's sandwich.
func hcSandwich(kind: VarianceEstimator.HCType, scores: Matrix, residuals: [Double], bread: Matrix) throws -> Matrix {
    let n = scores.rows, k = scores.cols
    var adjusted = residuals
    switch kind {
    case .hc0, .hc1: break
    case .hc2, .hc3:
        let h = try leverages(scores, bread: bread)
        for i in 0..<n {
            let m = 1 - h[i]
            adjusted[i] = kind == .hc2 ? residuals[i] / m.squareRoot() : residuals[i] / m
        }
    }
    var xu = scores
    for j in 0..<k { for i in 0..<n { xu[i, j] *= adjusted[i] } }
    return try bread.multiplied(by: xu.crossProduct()).multiplied(by: bread)
}

/// The rows of each level of `f`, in order.
func rowsByLevel(_ f: Factor) -> [[Int]] {
    var rows = [[Int]](repeating: [], count: f.levelCount)
    for (i, c) in f.codes.enumerated() where c >= 0 { rows[Int(c)].append(i) }
    return rows
}

/// `M^p` of a symmetric positive semi-definite matrix for p = -1/2 or -1, by its eigen-decomposition, with
/// eigenvalues below `1e-12` times the largest treated as zero (the Moore-Penrose version, as clubSandwich).
func symmetricInversePower(_ m: Matrix, squareRoot: Bool) throws -> Matrix {
    let (values, vectors) = try m.symmetricEigen()
    let n = m.rows
    let top = values.map(abs).max() ?? 0
    var scaled = vectors
    for j in 0..<n {
        let l = values[j]
        let f = l > 1e-12 * top ? (squareRoot ? 1 / l.squareRoot() : 1 / l) : 0
        for i in 0..<n { scaled[i, j] *= f }
    }
    return try scaled.multiplied(by: vectors, transposeOther: true)
}

/// CR2 or CR3 by one clustering factor: `B sum_g X_g' A_g u_g u_g' A_g X_g B` with `A_g = (I - H_gg)^{-1/2}`
/// (CR2) or `(I - H_gg)^{-1}` (CR3, the jackknife without G/(G-1), clubSandwich's CR3). For CR2 also the
/// Satterthwaite degrees of freedom of each coefficient (Bell and McCaffrey 2002; Imbens and Kolesar 2016;
/// clubSandwich's `coef_test(test = "Satterthwaite")`), under the working model of iid errors on the
/// transformed scale.
///
/// With weights (`sqrtWeights`, the square roots of the weights the rows of `x` and `u` were multiplied by),
/// CR2 follows clubSandwich's default for a weighted lm: the working model is homoskedastic in the data's
/// scale (target identity, `inverse_var = FALSE`), not the weights' inverse variances, so
/// `A_g = G_g^{-1/2}` with `G_g = ((I - H) (I - H)')_gg` of the weighted projection `H = X (X'WX)^-1 X'W`, and
/// the degrees of freedom are taken under that model too. CR3 does not depend on the working model.
func clusterAdjustedSandwich(cr2: Bool, scores x: Matrix, residuals u: [Double], bread b: Matrix,
                             cluster: Factor, sqrtWeights: [Double]? = nil) throws -> (matrix: Matrix, degreesOfFreedom: [Double]) {
    if cr2, let sw = sqrtWeights {
        return try weightedCR2(scores: x, residuals: u, bread: b, cluster: cluster, sqrtWeights: sw)
    }
    let k = x.cols
    let groups = rowsByLevel(cluster).filter { !$0.isEmpty }
    let g = groups.count
    var meat = Matrix(rows: k, cols: k)
    // For the degrees of freedom: |p_g(j)|^2 per group and coefficient, and r_g(j) = X_g' p_g(j) (k x G per j).
    var pNorms = Matrix(rows: g, cols: k)
    var r = [Matrix](repeating: Matrix(rows: k, cols: g), count: cr2 ? k : 0)
    for (gi, rows) in groups.enumerated() {
        let xg = x.submatrix(rows: rows, cols: Array(0..<k))
        let xgb = try xg.multiplied(by: b)
        let hgg = try xgb.multiplied(by: xg, transposeOther: true)
        var m = Matrix.identity(rows.count)
        for j in 0..<rows.count { for i in 0..<rows.count { m[i, j] -= hgg[i, j] } }
        let a = try symmetricInversePower(m, squareRoot: cr2)
        let e = try a.times(rows.map { u[$0] })
        let s = try xg.transposeTimes(e)
        for j in 0..<k { for i in 0..<k { meat[i, j] += s[i] * s[j] } }
        if cr2 {
            let p = try a.multiplied(by: xgb)            // n_g x k: column j is p_g for coefficient j
            let rg = try xg.multiplied(by: p, transposeSelf: true)   // k x k: column j is r_g(j)
            for j in 0..<k {
                var norm = 0.0
                for i in 0..<rows.count { norm += p[i, j] * p[i, j] }
                pNorms[gi, j] = norm
                for l in 0..<k { r[j][l, gi] = rg[l, j] }
            }
        }
    }
    let v = try b.multiplied(by: meat).multiplied(by: b)
    guard cr2 else { return (v, []) }
    // Per coefficient: the Gram matrix of the g_g = (I - H)_g' p_g is diag(|p_g|^2) - R' B R; the df are
    // (its trace)^2 over the sum of its squared entries.
    var df: [Double] = []
    for j in 0..<k {
        let br = try b.multiplied(by: r[j])
        let s = try r[j].multiplied(by: br, transposeSelf: true)
        var trace = 0.0, squares = 0.0
        for h in 0..<g {
            for gi in 0..<g {
                let entry = (gi == h ? pNorms[gi, j] : 0) - s[gi, h]
                squares += entry * entry
                if gi == h { trace += entry }
            }
        }
        df.append(trace * trace / squares)
    }
    return (v, df)
}

/// The default lag of Driscoll-Kraay, plm's `vcovSCC`: `floor(T^(1/4))` for T time periods.
func driscollKraayDefaultLag(periods: Int) -> Int {
    Int(pow(Double(periods), 0.25).rounded(.down))
}

/// Driscoll and Kraay (1998), as plm's `vcovSCC` (type HC0, Bartlett weights `1 - l/(L+1)`): with
/// `h_t = sum_{i in t} x_it u_it` per time period, the meat is `sum_t h_t h_t' + sum_{l=1..L} w_l sum_t
/// (h_t h_{t-l}' + h_{t-l} h_t')`, periods ordered by `time`'s levels in increasing order (numerically when
/// every level is a number) and lags counted in positions of that order.
func driscollKraay(scores x: Matrix, residuals u: [Double], bread b: Matrix, time: Factor, lags: Int) throws -> Matrix {
    let n = x.rows, k = x.cols
    let order = timeOrder(time)
    let t = order.count
    var position = [Int](repeating: 0, count: time.levelCount)
    for (p, level) in order.enumerated() { position[level] = p }
    var h = Matrix(rows: t, cols: k)
    for j in 0..<k {
        for i in 0..<n where time.codes[i] >= 0 { h[position[Int(time.codes[i])], j] += x[i, j] * u[i] }
    }
    var meat = h.crossProduct()
    for l in 1...max(1, lags) where l <= lags && l < t {
        let w = 1 - Double(l) / Double(lags + 1)
        for p in 0..<k {
            for q in 0..<k {
                var s = 0.0
                for tt in l..<t { s += h[tt, p] * h[tt - l, q] + h[tt - l, p] * h[tt, q] }
                meat[p, q] += w * s
            }
        }
    }
    return try b.multiplied(by: meat).multiplied(by: b)
}

/// The levels of `time` in increasing order: numerically when every level reads as a number, else as text.
func timeOrder(_ time: Factor) -> [Int] {
    let numbers = time.levels.map { Double($0) }
    if numbers.allSatisfy({ $0 != nil }) {
        return time.levels.indices.sorted { (numbers[$0] ?? 0, $0) < (numbers[$1] ?? 0, $1) }
    }
    return time.levels.indices.sorted { (time.levels[$0], $0) < (time.levels[$1], $1) }
}

/// CR2 with weights and its Satterthwaite degrees of freedom under clubSandwich's default working model for a
/// weighted lm (see `clusterAdjustedSandwich`). On the transformed scale (`x~ = sqrt(w) x`, `u~ = sqrt(w) u`,
/// `S = diag(sqrt(w))`, `H~ = x~ B x~'`, `C = x~' W x~`): `G_g = I - S^-1 H~_gg S - S H~_gg S^-1 +
/// S^-1 x~_g B C B x~_g' S^-1`; the cluster's score is `x~_g' S A_g S^-1 u~_g`.
func weightedCR2(scores x: Matrix, residuals u: [Double], bread b: Matrix, cluster: Factor,
                 sqrtWeights sw: [Double]) throws -> (matrix: Matrix, degreesOfFreedom: [Double]) {
    let k = x.cols, n = x.rows
    var xw = x
    for j in 0..<k { for i in 0..<n { xw[i, j] *= sw[i] } }
    let c = xw.crossProduct()
    let bcb = try b.multiplied(by: c).multiplied(by: b)
    let groups = rowsByLevel(cluster).filter { !$0.isEmpty }
    let g = groups.count
    var meat = Matrix(rows: k, cols: k)
    var qNorms = Matrix(rows: g, cols: k)
    // Per coefficient j: r_g(j) = x~_g' S^-1 q_g(j) and s_g(j) = x~_g' S q_g(j), as k x G matrices.
    var r = [Matrix](repeating: Matrix(rows: k, cols: g), count: k)
    var sv = [Matrix](repeating: Matrix(rows: k, cols: g), count: k)
    for (gi, rows) in groups.enumerated() {
        let m = rows.count
        let s = rows.map { sw[$0] }
        let xg = x.submatrix(rows: rows, cols: Array(0..<k))
        let xgb = try xg.multiplied(by: b)
        let hgg = try xgb.multiplied(by: xg, transposeOther: true)
        let last = try xg.multiplied(by: bcb).multiplied(by: xg, transposeOther: true)
        var gm = Matrix(rows: m, cols: m)
        for q in 0..<m {
            for p in 0..<m {
                gm[p, q] = (p == q ? 1 : 0) - hgg[p, q] * s[q] / s[p] - s[p] * hgg[p, q] / s[q] + last[p, q] / (s[p] * s[q])
            }
        }
        let a = try symmetricInversePower(gm, squareRoot: true)
        let e = try a.times((0..<m).map { u[rows[$0]] / s[$0] })
        let score = try xg.transposeTimes((0..<m).map { s[$0] * e[$0] })
        for q in 0..<k { for p in 0..<k { meat[p, q] += score[p] * score[q] } }
        // q_g(j) = A S x~_g B e_j: the columns of A (S xgb).
        var sxgb = xgb
        for q in 0..<k { for p in 0..<m { sxgb[p, q] *= s[p] } }
        let qm = try a.multiplied(by: sxgb)
        var qOverS = qm, qTimesS = qm
        for q in 0..<k { for p in 0..<m { qOverS[p, q] /= s[p]; qTimesS[p, q] *= s[p] } }
        let rg = try xg.multiplied(by: qOverS, transposeSelf: true)
        let sg = try xg.multiplied(by: qTimesS, transposeSelf: true)
        for j in 0..<k {
            var norm = 0.0
            for p in 0..<m { norm += qm[p, j] * qm[p, j] }
            qNorms[gi, j] = norm
            for l in 0..<k { r[j][l, gi] = rg[l, j]; sv[j][l, gi] = sg[l, j] }
        }
    }
    let v = try b.multiplied(by: meat).multiplied(by: b)
    var df: [Double] = []
    for j in 0..<k {
        let sbr = try sv[j].multiplied(by: try b.multiplied(by: r[j]), transposeSelf: true)     // s_i' B r_h
        let rcr = try r[j].multiplied(by: try bcb.multiplied(by: r[j]), transposeSelf: true)    // r_i' BCB r_h
        var trace = 0.0, squares = 0.0
        for h in 0..<g {
            for i in 0..<g {
                let entry = (i == h ? qNorms[i, j] : 0) - sbr[i, h] - sbr[h, i] + rcr[i, h]
                squares += entry * entry
                if i == h { trace += entry }
            }
        }
        df.append(trace * trace / squares)
    }
    return (v, df)
}
