import DataIO
import Linalg

/// The checked data of a SUR system and the GLS algebra on it (internal to `SURFit`).
///
/// Cross-products `X_i'X_j` and `X_i'y_j` are formed once; every GLS step then only combines them with the
/// weights `Sigma^{-1}`. Columns are scaled by `1/||x||` before solving so that the normal equations have a
/// unit diagonal.
struct SURSystem {
    let equations: [SUREquation]
    /// Number of equations.
    let m: Int
    /// Observations per equation.
    let t: Int
    /// Start of each equation's coefficients in the stacked vector.
    let offsets: [Int]
    /// Total number of coefficients K.
    let totalCoefficients: Int
    /// `X_i'X_j`, indexed [i][j].
    let xx: [[Matrix]]
    /// `X_i'y_j`, indexed [i][j].
    let xy: [[[Double]]]
    /// Column scale factors `1/||x_k||`, stacked.
    let scale: [Double]
    /// Equation-by-equation OLS coefficients, stacked.
    let olsCoefficients: [Double]

    /// Coefficient names `EQUATION:term`, in system order.
    static func coefficientNames(_ equations: [SUREquation]) -> [String] {
        equations.flatMap { eq in eq.termNames.map { "\(eq.name):\($0)" } }
    }

    init(equations: [SUREquation]) throws {
        guard let first = equations.first else { throw InputError(key: "equation", "a system needs at least one equation") }
        let t = first.response.count
        var seen = Set<String>()
        for eq in equations {
            guard !eq.name.isEmpty else { throw InputError(key: "equation", "an equation has an empty name") }
            guard seen.insert(eq.name).inserted else { throw InputError(key: eq.name, "two equations are named '\(eq.name)'; names must be unique") }
            guard eq.response.count == t, eq.regressors.rows == t else {
                throw InputError(key: eq.name, "equation has \(eq.response.count) responses and \(eq.regressors.rows) regressor rows; every equation needs the same \(t) observations")
            }
            guard eq.termNames.count == eq.regressors.cols else {
                throw InputError(key: eq.name, "\(eq.termNames.count) term names for \(eq.regressors.cols) regressors")
            }
            guard Set(eq.termNames).count == eq.termNames.count else {
                throw InputError(key: eq.name, "a term appears twice in the equation")
            }
            guard eq.regressors.cols > 0 else { throw InputError(key: eq.name, "equation has no regressors") }
            guard eq.response.allSatisfy({ $0.isFinite }), eq.regressors.isFinite else {
                throw InputError(key: eq.name, "equation has a non-finite value (NaN or infinity) in its data")
            }
            guard t > eq.regressors.cols else {
                throw InputError(key: eq.name, "equation has \(eq.regressors.cols) regressors but only \(t) observations; it needs more observations than regressors")
            }
            if let y0 = eq.response.first, eq.response.allSatisfy({ $0 == y0 }) {
                throw InputError(key: eq.name, "the response is constant (\(y0)) in all \(t) observations; there is nothing to explain")
            }
        }
        self.equations = equations
        self.m = equations.count
        self.t = t
        var offsets: [Int] = []
        var total = 0
        for eq in equations { offsets.append(total); total += eq.regressors.cols }
        self.offsets = offsets
        self.totalCoefficients = total

        // Per-equation OLS by QR; a collinear term is an input error naming the term.
        var ols: [Double] = []
        var scale: [Double] = []
        for eq in equations {
            let fit = try LeastSquares(x: eq.regressors, y: eq.response)
            if let d = fit.dropped.first {
                throw InputError(key: "\(eq.name):\(eq.termNames[d])",
                                 "the term is collinear with the equation's other terms (or all zero); remove it from equation '\(eq.name)'")
            }
            ols.append(contentsOf: fit.coefficients)
            let xtx = eq.regressors.crossProduct()
            for j in 0..<eq.regressors.cols { scale.append(1 / xtx[j, j].squareRoot()) }
        }
        self.olsCoefficients = ols
        self.scale = scale
        var xx: [[Matrix]] = []
        var xy: [[[Double]]] = []
        for a in equations {
            var rowX: [Matrix] = []
            var rowY: [[Double]] = []
            for b in equations {
                rowX.append(try a.regressors.multiplied(by: b.regressors, transposeSelf: true))
                rowY.append(try a.regressors.transposeTimes(b.response))
            }
            xx.append(rowX)
            xy.append(rowY)
        }
        self.xx = xx
        self.xy = xy
    }

    /// Residuals of equation `i` at stacked coefficients `b`.
    func residuals(equation i: Int, coefficients b: [Double]) -> [Double] {
        let eq = equations[i]
        let k = eq.regressors.cols
        let bi = Array(b[offsets[i]..<(offsets[i] + k)])
        var e = eq.response
        for j in 0..<k {
            let c = bi[j]
            for r in 0..<t { e[r] -= c * eq.regressors[r, j] }
        }
        return e
    }

    /// The residual covariance at coefficients `b`, with the given divisor.
    func residualCovariance(coefficients b: [Double], divisor: SURCovarianceDivisor, absorbed: Int = 0) -> Matrix {
        let res = (0..<m).map { residuals(equation: $0, coefficients: b) }
        var s = Matrix(rows: m, cols: m)
        for i in 0..<m {
            for j in i..<m {
                var v = 0.0
                for r in 0..<t { v += res[i][r] * res[j][r] }
                let d: Double
                switch divisor {
                case .observations: d = Double(t)
                case .geometricMean:
                    d = (Double(t - equations[i].regressors.cols - absorbed) * Double(t - equations[j].regressors.cols - absorbed)).squareRoot()
                }
                s[i, j] = v / d
                s[j, i] = v / d
            }
        }
        return s
    }

    /// `Sigma^{-1}`, or an input error explaining why the residual covariance is singular.
    static func invertCovariance(_ sigma: Matrix, names: [String]) throws -> Matrix {
        do {
            let chol = try Cholesky(sigma)
            let rcond = try chol.reciprocalCondition(anorm: sigma.oneNorm)
            if rcond < 1e-14 { throw LinalgError.singular(routine: "dpocon", pivot: 0) }
            return try chol.inverse()
        } catch is LinalgError {
            throw InputError(key: "equations",
                             "the residual covariance of equations \(names.joined(separator: ", ")) is singular: some equation fits exactly or the residuals are linearly dependent (a share system that adds up to one must leave one share out)")
        }
    }

    /// The result of one GLS step.
    struct GLSStep {
        let coefficients: [Double]
        let covariance: Matrix
    }

    /// GLS with equation weights `w = Sigma^{-1}` (M x M), restricted by `R b = q` when given.
    func gls(weights w: Matrix, restrictions: LinearRestrictions?) throws -> GLSStep {
        let k = totalCoefficients
        // Scaled normal equations: A = D X'(W (x) I)X D, c = D X'(W (x) I)y.
        var a = Matrix(rows: k, cols: k)
        var c = [Double](repeating: 0, count: k)
        for i in 0..<m {
            let ki = equations[i].regressors.cols
            for j in 0..<m {
                let wij = w[i, j]
                let kj = equations[j].regressors.cols
                let block = xx[i][j]
                for q in 0..<kj {
                    let col = offsets[j] + q
                    for p in 0..<ki {
                        let row = offsets[i] + p
                        a[row, col] += wij * block[p, q] * scale[row] * scale[col]
                    }
                }
                for p in 0..<ki { c[offsets[i] + p] += wij * xy[i][j][p] * scale[offsets[i] + p] }
            }
        }
        var bScaled: [Double]
        var vScaled: Matrix
        if let restrictions, restrictions.count > 0 {
            let r = restrictions.count
            // Bordered system with each restriction row scaled to unit norm.
            var border = Matrix(rows: k + r, cols: k + r)
            for j in 0..<k { for i in 0..<k { border[i, j] = a[i, j] } }
            var rhs = c + [Double](repeating: 0, count: r)
            for row in 0..<r {
                var norm = 0.0
                for col in 0..<k { let v = restrictions.matrix[row, col] * scale[col]; norm += v * v }
                norm = norm.squareRoot()
                for col in 0..<k {
                    let v = restrictions.matrix[row, col] * scale[col] / norm
                    border[k + row, col] = v
                    border[col, k + row] = v
                }
                rhs[k + row] = restrictions.rhs[row] / norm
            }
            let inv: Matrix
            do {
                inv = try border.inverse()
                if try border.reciprocalCondition() < 1e-14 { throw LinalgError.singular(routine: "dgecon", pivot: 0) }
            } catch is LinalgError {
                throw InputError(key: "equations", "the restricted system is not identified: the regressors are collinear on the space the restrictions leave free")
            }
            let solution = try inv.times(rhs)
            bScaled = Array(solution.prefix(k))
            vScaled = inv.submatrix(rows: Array(0..<k), cols: Array(0..<k))
        } else {
            do {
                let chol = try Cholesky(a)
                if try chol.reciprocalCondition(anorm: a.oneNorm) < 1e-14 { throw LinalgError.singular(routine: "dpocon", pivot: 0) }
                bScaled = try chol.solve(Matrix(rows: k, cols: 1, columnMajor: c)).storage
                vScaled = try chol.inverse()
            } catch is LinalgError {
                throw InputError(key: "equations", "the GLS normal equations are singular: the regressors are collinear")
            }
        }
        var b = bScaled
        var v = vScaled
        for p in 0..<k {
            b[p] *= scale[p]
            for q in 0..<k { v[p, q] *= scale[p] * scale[q] }
        }
        // Exact symmetry (LU inverses are symmetric only to rounding).
        for q in 0..<k { for p in (q + 1)..<max(q + 1, k) { let s = 0.5 * (v[p, q] + v[q, p]); v[p, q] = s; v[q, p] = s } }
        return GLSStep(coefficients: b, covariance: v)
    }
}

