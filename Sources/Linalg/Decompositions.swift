import CLapack

/// The upper Cholesky factor `R` of a symmetric positive-definite matrix `A = R'R`, by LAPACK `dpotrf`.
public struct Cholesky {
    /// Upper-triangular factor (the strictly lower triangle is zero).
    public let upper: Matrix

    /// Factors `a`; throws `LinalgError.singular` when `a` is not positive definite.
    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else { throw LinalgError.dimensionMismatch("Cholesky of a \(a.rows)x\(a.cols) matrix") }
        guard a.isFinite else { throw LinalgError.nonFinite("Cholesky input") }
        var r = a
        let n = Int32(a.rows)
        if n > 0 {
            let info = r.storage.withUnsafeMutableBufferPointer {
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), n, $0.baseAddress, n)
            }
            try check(info, "dpotrf")
        }
        for j in 0..<a.cols { for i in (j + 1)..<max(j + 1, a.rows) { r[i, j] = 0 } }
        upper = r
    }

    /// The inverse of the factored matrix, `A^{-1}`, by `dpotri`.
    public func inverse() throws -> Matrix {
        var r = upper
        let n = Int32(r.rows)
        if n == 0 { return r }
        let info = r.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), n, $0.baseAddress, n)
        }
        try check(info, "dpotri")
        r.symmetrizeFromUpper()
        return r
    }

    /// Solves `A x = b` for each column of `b`, by `dpotrs`.
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == upper.rows else { throw LinalgError.dimensionMismatch("solve with \(upper.rows)x\(upper.cols) and right-hand side of \(b.rows) rows") }
        var x = b
        let n = Int32(upper.rows)
        if n == 0 || b.cols == 0 { return x }
        let info = upper.storage.withUnsafeBufferPointer { a in
            x.storage.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), n, Int32(b.cols), a.baseAddress, n, bp.baseAddress, n)
            }
        }
        try check(info, "dpotrs")
        return x
    }

    /// Reciprocal condition number (1-norm) of the factored matrix, by `dpocon`; near zero means ill-conditioned.
    public func reciprocalCondition(anorm: Double) throws -> Double {
        let n = Int32(upper.rows)
        if n == 0 { return 1 }
        var rcond = 0.0
        let info = upper.storage.withUnsafeBufferPointer {
            LAPACKE_dpocon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), n, $0.baseAddress, n, anorm, &rcond)
        }
        try check(info, "dpocon")
        return rcond
    }
}

extension Matrix {
    /// The 1-norm (largest absolute column sum).
    public var oneNorm: Double {
        var best = 0.0
        for j in 0..<cols {
            var s = 0.0
            for i in 0..<rows { s += abs(self[i, j]) }
            best = max(best, s)
        }
        return best
    }

    /// The inverse of a general square matrix, by LU (`dgetrf`, `dgetri`); throws when it is singular.
    public func inverse() throws -> Matrix {
        guard rows == cols else { throw LinalgError.dimensionMismatch("inverse of a \(rows)x\(cols) matrix") }
        guard isFinite else { throw LinalgError.nonFinite("matrix to invert") }
        var a = self
        let n = Int32(rows)
        if n == 0 { return a }
        var ipiv = [Int32](repeating: 0, count: rows)
        try a.storage.withUnsafeMutableBufferPointer { ap in
            try check(LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, ap.baseAddress, n, &ipiv), "dgetrf")
            try check(LAPACKE_dgetri(LAPACK_COL_MAJOR, n, ap.baseAddress, n, &ipiv), "dgetri")
        }
        return a
    }

    /// Reciprocal condition number in the 1-norm, by LU and `dgecon` (0 for an exactly singular matrix).
    public func reciprocalCondition() throws -> Double {
        guard rows == cols else { throw LinalgError.dimensionMismatch("condition of a \(rows)x\(cols) matrix") }
        var a = self
        let n = Int32(rows)
        if n == 0 { return 1 }
        let anorm = oneNorm
        var ipiv = [Int32](repeating: 0, count: rows)
        let info = a.storage.withUnsafeMutableBufferPointer { LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, $0.baseAddress, n, &ipiv) }
        if info > 0 { return 0 }
        try check(info, "dgetrf")
        var rcond = 0.0
        try a.storage.withUnsafeBufferPointer {
            try check(LAPACKE_dgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), n, $0.baseAddress, n, anorm, &rcond), "dgecon")
        }
        return rcond
    }

    /// Symmetric eigenvalues in ascending order, by `dsyev` (used for positive-semidefiniteness checks).
    public func symmetricEigenvalues() throws -> [Double] {
        guard rows == cols else { throw LinalgError.dimensionMismatch("eigenvalues of a \(rows)x\(cols) matrix") }
        var a = self
        let n = Int32(rows)
        var w = [Double](repeating: 0, count: rows)
        if n == 0 { return w }
        let info = a.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "U")), n, $0.baseAddress, n, &w)
        }
        try check(info, "dsyev")
        return w
    }

    /// Symmetric eigen-decomposition by `dsyev`: eigenvalues in ascending order and the orthonormal
    /// eigenvectors as the columns of a matrix (from the upper triangle).
    public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        guard rows == cols else { throw LinalgError.dimensionMismatch("eigenvalues of a \(rows)x\(cols) matrix") }
        var a = self
        let n = Int32(rows)
        var w = [Double](repeating: 0, count: rows)
        if n == 0 { return (w, a) }
        let info = a.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), n, $0.baseAddress, n, &w)
        }
        try check(info, "dsyev")
        return (w, a)
    }
}
