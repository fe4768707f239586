import CLapack

/// The LU factorisation `P A = L U` of a square matrix with partial pivoting, by LAPACK `dgetrf`, kept to solve
/// systems in `A` or in its transpose (`dgetrs`) without forming the inverse.
///
/// Solving with a few right-hand sides costs `2 n^2` per column against the `2/3 n^3` of the factorisation, so
/// callers that need a few products with `A^{-1}` (Leontief multipliers) never form the `n x n` inverse.
public struct LUFactorization {
    /// The factors `L` (unit lower, below the diagonal) and `U` (upper), over the storage of `A`, column-major.
    public let factors: Matrix
    /// The 1-based pivot rows of `dgetrf`.
    public let pivots: [Int32]

    /// Factors `a`; throws `LinalgError.singular` (with the 1-based pivot) when `a` is exactly singular,
    /// `.nonFinite` when it holds NaN or infinity, `.dimensionMismatch` when it is not square.
    public init(_ a: consuming Matrix) throws {
        guard a.rows == a.cols else { throw LinalgError.dimensionMismatch("LU of a \(a.rows)x\(a.cols) matrix") }
        guard a.isFinite else { throw LinalgError.nonFinite("matrix to factor") }
        var f = consume a  // the caller's storage when it hands it over (no n x n copy)
        let n = Int32(f.rows)
        var ipiv = [Int32](repeating: 0, count: f.rows)
        if n > 0 {
            let info = f.storage.withUnsafeMutableBufferPointer { LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, $0.baseAddress, n, &ipiv) }
            try check(info, "dgetrf")
        }
        factors = f
        pivots = ipiv
    }

    /// The order of the factored matrix.
    public var order: Int { factors.rows }

    /// Solves `A X = B` (or `A' X = B` when `transposed`) for every column of `b`, by `dgetrs`.
    public func solve(_ b: consuming Matrix, transposed: Bool = false) throws -> Matrix {
        guard b.rows == order else {
            throw LinalgError.dimensionMismatch("solve with a \(order)x\(order) factorisation and \(b.rows) rows on the right")
        }
        var x = consume b
        let n = Int32(order)
        if n == 0 || x.cols == 0 { return x }
        let trans = Int8(UInt8(ascii: transposed ? "T" : "N"))
        let nrhs = Int32(x.cols)
        let info = factors.storage.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                x.storage.withUnsafeMutableBufferPointer { bp in
                    LAPACKE_dgetrs(LAPACK_COL_MAJOR, trans, n, nrhs, a.baseAddress, n, p.baseAddress, bp.baseAddress, n)
                }
            }
        }
        try check(info, "dgetrs")
        return x
    }

    /// The inverse of the factored matrix, by `dgetri` (only for callers that need every element).
    public func inverse() throws -> Matrix {
        var a = factors
        let n = Int32(order)
        if n == 0 { return a }
        var ipiv = pivots
        try a.storage.withUnsafeMutableBufferPointer { ap in
            try check(LAPACKE_dgetri(LAPACK_COL_MAJOR, n, ap.baseAddress, n, &ipiv), "dgetri")
        }
        return a
    }
}
