import CLapack

extension LeastSquares {
    /// Least squares from the cross-products `X'X` (BLAS-3 `dsyrk`) and `X'y`, solved by Cholesky: one pass over
    /// the data instead of a QR factorization of the whole N x K design, for tall designs.
    ///
    /// Normal equations lose accuracy as the square of the condition number, so this answers only when that is
    /// harmless and returns nil otherwise, for the caller to use the QR initializer: when the equilibrated `X'X`
    /// (scaled to a unit diagonal) has a reciprocal condition number below `minimumReciprocalCondition`, when a
    /// column is close to the collinearity threshold (`(R_kk / scale_k)^2 < 10^4 * tolerance`: QR decides which
    /// to drop), or when a column is zero. When it answers, every column is kept and the result has the
    /// meaning of the QR one (`r` is the Cholesky factor, equal to QR's R up to the signs of its rows).
    public static func byNormalEquations(x: Matrix, y: [Double], scale: [Double]? = nil, tolerance: Double = 1e-10,
                                         minimumReciprocalCondition: Double = 1e-4) throws -> LeastSquares? {
        guard y.count == x.rows else {
            throw LinalgError.dimensionMismatch("design has \(x.rows) rows, response has \(y.count)")
        }
        let n = x.rows, k = x.cols
        guard k > 0, n > k else { return nil }
        guard x.isFinite else { throw LinalgError.nonFinite("design matrix") }
        guard y.allSatisfy({ $0.isFinite }) else { throw LinalgError.nonFinite("response") }
        let xtx = x.crossProduct()
        let xty = try x.transposeTimes(y)
        let d = xtx.diagonalElements
        guard d.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let norms = scale ?? d.map { $0.squareRoot() }
        guard norms.count == k, norms.allSatisfy({ $0 > 0 }) else { return nil }
        // Equilibrate, factor, and check the conditioning before trusting the normal equations.
        let root = d.map { $0.squareRoot() }
        var scaled = xtx
        for j in 0..<k { for i in 0..<k { scaled[i, j] = xtx[i, j] / (root[i] * root[j]) } }
        var anorm = 0.0
        for j in 0..<k { anorm = Swift.max(anorm, (0..<k).reduce(0) { $0 + abs(scaled[$1, j]) }) }
        guard let chol = try? Cholesky(scaled) else { return nil }
        guard let rc = try? chol.reciprocalCondition(anorm: anorm), rc >= minimumReciprocalCondition else { return nil }
        // R of X'X itself: column j of the equilibrated factor times sqrt(d_j).
        var r = chol.upper
        for j in 0..<k { for i in 0...j { r[i, j] *= root[j] } }
        for j in 0..<k {
            let ratio = r[j, j] / norms[j]
            if ratio * ratio < 1e4 * tolerance { return nil }
        }
        var b = Matrix(rows: k, cols: 1)
        for j in 0..<k { b[j, 0] = xty[j] }
        let info = r.storage.withUnsafeBufferPointer { a in
            b.storage.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(k), 1, a.baseAddress, Int32(k), bp.baseAddress, Int32(k))
            }
        }
        try check(info, "dpotrs")
        let coefficients = b.storage
        var residuals = y
        residuals.withUnsafeMutableBufferPointer { res in
            x.storage.withUnsafeBufferPointer { a in
                coefficients.withUnsafeBufferPointer { bp in
                    cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(n), Int32(k), -1.0, a.baseAddress, Int32(n),
                                bp.baseAddress, 1, 1.0, res.baseAddress, 1)
                }
            }
        }
        var rcond = 1.0
        let cinfo = r.storage.withUnsafeBufferPointer {
            LAPACKE_dtrcon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")),
                           Int32(k), $0.baseAddress, Int32(k), &rcond)
        }
        try check(cinfo, "dtrcon")
        return LeastSquares(coefficients: coefficients, kept: Array(0..<k), dropped: [], residuals: residuals, r: r,
                            reciprocalCondition: rcond)
    }

    /// A result assembled from its parts (for the normal-equations path).
    init(coefficients: [Double], kept: [Int], dropped: [Int], residuals: [Double], r: Matrix, reciprocalCondition: Double) {
        self.coefficients = coefficients
        self.kept = kept
        self.dropped = dropped
        self.residuals = residuals
        self.r = r
        self.reciprocalCondition = reciprocalCondition
    }
}
