import CLapack

/// Ordinary least squares `min ||y - X b||` by Householder QR (LAPACK `dgeqrf`, `dormqr`, `dtrtrs`), with
/// collinear columns detected in column order and dropped, as R's fixest and lm do: a column is dropped when
/// the part of it not explained by the columns kept before it is negligible.
///
/// The test is `(|R_kk| / scale_k)^2 < tolerance`, i.e. `1 - R^2` of column k on the earlier kept columns,
/// where `scale_k` is the column's norm (or a caller-supplied norm, e.g. of the column before fixed effects
/// were partialled out, so that a regressor constant within groups is caught). The default tolerance 1e-10
/// means a variance-inflation factor above 10^10.
public struct LeastSquares {
    /// Coefficients of the kept columns, in the order of `kept`.
    public let coefficients: [Double]
    /// Indices (into the columns of X) that were kept.
    public let kept: [Int]
    /// Indices of columns dropped as collinear, in column order.
    public let dropped: [Int]
    /// Residuals `y - X b`.
    public let residuals: [Double]
    /// Upper-triangular factor R of the kept columns (k x k).
    public let r: Matrix
    /// Reciprocal condition number of R (1-norm); tiny values mean the kept design is ill-conditioned.
    public let reciprocalCondition: Double

    /// Fits `y` on the columns of `x`.
    /// - Parameters:
    ///   - scale: reference norm per column for the collinearity test (defaults to the columns' own norms).
    ///   - tolerance: threshold on `(R_kk/scale_k)^2`.
    public init(x: Matrix, y: [Double], scale: [Double]? = nil, tolerance: Double = 1e-10) throws {
        guard y.count == x.rows else {
            throw LinalgError.dimensionMismatch("design has \(x.rows) rows, response has \(y.count)")
        }
        guard x.isFinite else { throw LinalgError.nonFinite("design matrix") }
        guard y.allSatisfy({ $0.isFinite }) else { throw LinalgError.nonFinite("response") }
        let norms = scale ?? (0..<x.cols).map { j -> Double in
            var s = 0.0
            for i in 0..<x.rows { s += x[i, j] * x[i, j] }
            return s.squareRoot()
        }
        guard norms.count == x.cols else { throw LinalgError.dimensionMismatch("\(norms.count) scales for \(x.cols) columns") }

        var kept = Array(0..<x.cols)
        var dropped: [Int] = []
        // A column with zero reference norm is all zeros: collinear with anything.
        for j in kept where !(norms[j] > 0) { dropped.append(j) }
        kept.removeAll { dropped.contains($0) }

        var qr: Matrix
        var tau: [Double]
        while true {
            qr = x.selectingColumns(kept)
            tau = [Double](repeating: 0, count: min(x.rows, kept.count))
            if !kept.isEmpty && x.rows > 0 {
                let m = Int32(x.rows), n = Int32(kept.count)
                let info = qr.storage.withUnsafeMutableBufferPointer {
                    LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, $0.baseAddress, m, &tau)
                }
                try check(info, "dgeqrf")
            }
            var firstBad: Int? = nil
            for (pos, j) in kept.enumerated() {
                if pos >= x.rows { firstBad = pos; break }
                let ratio = abs(qr[pos, pos]) / norms[j]
                if ratio * ratio < tolerance { firstBad = pos; break }
            }
            guard let bad = firstBad else { break }
            dropped.append(kept.remove(at: bad))
        }
        dropped.sort()

        let k = kept.count
        var rMat = Matrix(rows: k, cols: k)
        for j in 0..<k { for i in 0...j where i < k { rMat[i, j] = qr[i, j] } }

        // Q'y, then back-substitution R b = (Q'y)[0..<k].
        var qty = y
        if k > 0 {
            let m = Int32(x.rows)
            let info = qr.storage.withUnsafeBufferPointer { a in
                qty.withUnsafeMutableBufferPointer { c in
                    LAPACKE_dormqr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "T")), m, 1, Int32(k),
                                   a.baseAddress, m, tau, c.baseAddress, m)
                }
            }
            try check(info, "dormqr")
        }
        var b = Array(qty.prefix(k))
        var rcond = 1.0
        if k > 0 {
            let info = rMat.storage.withUnsafeBufferPointer { a in
                b.withUnsafeMutableBufferPointer { bp in
                    LAPACKE_dtrtrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")),
                                   Int32(k), 1, a.baseAddress, Int32(k), bp.baseAddress, Int32(k))
                }
            }
            try check(info, "dtrtrs")
            let cinfo = rMat.storage.withUnsafeBufferPointer {
                LAPACKE_dtrcon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), Int8(UInt8(ascii: "U")), Int8(UInt8(ascii: "N")),
                               Int32(k), $0.baseAddress, Int32(k), &rcond)
            }
            try check(cinfo, "dtrcon")
        }
        let xk = x.selectingColumns(kept)
        let fitted = try xk.times(b)
        var res = y
        for i in 0..<res.count { res[i] -= fitted[i] }

        self.coefficients = b
        self.kept = kept
        self.dropped = dropped
        self.residuals = res
        self.r = rMat
        self.reciprocalCondition = rcond
    }

    /// `(X'X)^{-1}` of the kept columns, computed from R as `R^{-1} R^{-T}` (LAPACK `dpotri`).
    public func xtxInverse() throws -> Matrix {
        let k = r.rows
        var a = r
        if k == 0 { return a }
        let info = a.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(k), $0.baseAddress, Int32(k))
        }
        try check(info, "dpotri")
        a.symmetrizeFromUpper()
        return a
    }

    /// Residual sum of squares.
    public var rss: Double { residuals.reduce(0) { $0 + $1 * $1 } }
}
