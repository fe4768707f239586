import CLapack

/// Errors raised by the linear-algebra layer. LAPACK `info` codes are translated into these.
public enum LinalgError: Error, Equatable, CustomStringConvertible {
    /// Operand shapes do not fit the operation.
    case dimensionMismatch(String)
    /// A LAPACK routine reported an illegal argument (`info < 0`): a programming error, not a data problem.
    case illegalArgument(routine: String, argument: Int32)
    /// The matrix is singular or not positive definite (`info > 0` from a factorisation), at the given 1-based pivot.
    case singular(routine: String, pivot: Int32)
    /// A non-finite value (NaN or infinity) was passed in.
    case nonFinite(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "dimension mismatch: \(what)"
        case .illegalArgument(let routine, let argument):
            return "LAPACK \(routine): argument \(-argument) had an illegal value"
        case .singular(let routine, let pivot):
            return "LAPACK \(routine): matrix is singular or not positive definite (pivot \(pivot))"
        case .nonFinite(let what): return "non-finite value in \(what)"
        }
    }
}

/// Turns a LAPACK `info` code into a thrown `LinalgError`.
@inlinable
func check(_ info: Int32, _ routine: String) throws {
    if info < 0 { throw LinalgError.illegalArgument(routine: routine, argument: info) }
    if info > 0 { throw LinalgError.singular(routine: routine, pivot: info) }
}

/// A dense matrix of `Double`, stored column-major (Fortran order) so that LAPACK and BLAS take it directly.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Value semantics: copies share storage until written.
public struct Matrix: Equatable, CustomStringConvertible {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public private(set) var cols: Int
    /// Column-major elements, `rows * cols` of them.
    public var storage: [Double]

    /// A `rows` x `cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over existing column-major storage; throws when the count does not match the shape.
    public init(rows: Int, cols: Int, columnMajor storage: [Double]) throws {
        guard rows >= 0, cols >= 0, storage.count == rows * cols else {
            throw LinalgError.dimensionMismatch("\(storage.count) elements for a \(rows)x\(cols) matrix")
        }
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// A matrix from its rows (convenient in tests and small examples); throws on ragged input.
    public init(rowsOf values: [[Double]]) throws {
        let r = values.count
        let c = values.first?.count ?? 0
        var m = Matrix(rows: r, cols: c)
        for (i, row) in values.enumerated() {
            guard row.count == c else { throw LinalgError.dimensionMismatch("row \(i) has \(row.count) values, expected \(c)") }
            for j in 0..<c { m.storage[i + j * r] = row[j] }
        }
        self = m
    }

    /// A matrix whose columns are the given vectors (all of one length).
    public init(columns: [[Double]]) throws {
        let c = columns.count
        let r = columns.first?.count ?? 0
        var s = [Double]()
        s.reserveCapacity(r * c)
        for (j, col) in columns.enumerated() {
            guard col.count == r else { throw LinalgError.dimensionMismatch("column \(j) has \(col.count) values, expected \(r)") }
            s.append(contentsOf: col)
        }
        self.rows = r
        self.cols = c
        self.storage = s
    }

    /// The n x n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// A diagonal matrix with the given diagonal.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, cols: d.count)
        for i in 0..<d.count { m.storage[i + i * d.count] = d[i] }
        return m
    }

    /// Element (i, j), zero-based.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row i as an array.
    public func row(_ i: Int) -> [Double] {
        (0..<cols).map { storage[i + $0 * rows] }
    }

    /// The diagonal of the matrix.
    public var diagonalElements: [Double] {
        (0..<Swift.min(rows, cols)).map { storage[$0 + $0 * rows] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for j in 0..<cols {
            for i in 0..<rows { t.storage[j + i * cols] = storage[i + j * rows] }
        }
        return t
    }

    /// The columns whose indices are given, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var s = [Double]()
        s.reserveCapacity(rows * indices.count)
        for j in indices { s.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        var m = Matrix(rows: rows, cols: 0)
        m.cols = indices.count
        m.storage = s
        return m
    }

    /// The sub-matrix of the given rows and columns.
    public func submatrix(rows rowIdx: [Int], cols colIdx: [Int]) -> Matrix {
        var m = Matrix(rows: rowIdx.count, cols: colIdx.count)
        for (jj, j) in colIdx.enumerated() {
            for (ii, i) in rowIdx.enumerated() { m.storage[ii + jj * rowIdx.count] = storage[i + j * rows] }
        }
        return m
    }

    /// True when every element is finite.
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Largest absolute element-wise difference to another matrix of the same shape (infinity if shapes differ).
    public func maxAbsDifference(_ other: Matrix) -> Double {
        guard rows == other.rows, cols == other.cols else { return .infinity }
        var d = 0.0
        for k in 0..<storage.count { d = Swift.max(d, abs(storage[k] - other.storage[k])) }
        return d
    }

    public var description: String {
        (0..<rows).map { i in (0..<cols).map { j in "\(self[i, j])" }.joined(separator: "\t") }.joined(separator: "\n")
    }
}

// MARK: - Products (BLAS)

extension Matrix {
    /// The product `op(self) * op(other)` by `dgemm`, with optional transposition of either operand.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Matrix {
        let m = transposeSelf ? cols : rows
        let k = transposeSelf ? rows : cols
        let k2 = transposeOther ? other.cols : other.rows
        let n = transposeOther ? other.rows : other.cols
        guard k == k2 else {
            throw LinalgError.dimensionMismatch("\(m)x\(k) times \(k2)x\(n)")
        }
        var c = Matrix(rows: m, cols: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor,
                                transposeSelf ? CblasTrans : CblasNoTrans,
                                transposeOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1.0,
                                a.baseAddress, Int32(Swift.max(1, rows)),
                                b.baseAddress, Int32(Swift.max(1, other.rows)),
                                0.0, cp.baseAddress, Int32(Swift.max(1, m)))
                }
            }
        }
        return c
    }

    /// The cross-product `self' * self` (symmetric, both triangles filled), by `dsyrk`.
    public func crossProduct() -> Matrix {
        let n = cols
        var c = Matrix(rows: n, cols: n)
        if n == 0 || rows == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            c.storage.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(n), Int32(rows), 1.0,
                            a.baseAddress, Int32(rows), 0.0, cp.baseAddress, Int32(n))
            }
        }
        c.symmetrizeFromUpper()
        return c
    }

    /// `self' * v` for a vector of length `rows`, by `dgemv`.
    public func transposeTimes(_ v: [Double]) throws -> [Double] {
        guard v.count == rows else { throw LinalgError.dimensionMismatch("\(rows)x\(cols) transposed times vector of \(v.count)") }
        var out = [Double](repeating: 0, count: cols)
        if rows == 0 || cols == 0 { return out }
        storage.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasColMajor, CblasTrans, Int32(rows), Int32(cols), 1.0, a.baseAddress, Int32(rows),
                                x.baseAddress, 1, 0.0, y.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// `self * v` for a vector of length `cols`, by `dgemv`.
    public func times(_ v: [Double]) throws -> [Double] {
        guard v.count == cols else { throw LinalgError.dimensionMismatch("\(rows)x\(cols) times vector of \(v.count)") }
        var out = [Double](repeating: 0, count: rows)
        if rows == 0 || cols == 0 { return out }
        storage.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(cols), 1.0, a.baseAddress, Int32(rows),
                                x.baseAddress, 1, 0.0, y.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// Element-wise sum.
    public static func + (lhs: Matrix, rhs: Matrix) throws -> Matrix {
        guard lhs.rows == rhs.rows, lhs.cols == rhs.cols else {
            throw LinalgError.dimensionMismatch("\(lhs.rows)x\(lhs.cols) plus \(rhs.rows)x\(rhs.cols)")
        }
        var m = lhs
        for k in 0..<m.storage.count { m.storage[k] += rhs.storage[k] }
        return m
    }

    /// Every element multiplied by a scalar.
    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        var m = rhs
        for k in 0..<m.storage.count { m.storage[k] *= lhs }
        return m
    }

    /// Copies the upper triangle into the lower one.
    public mutating func symmetrizeFromUpper() {
        let n = rows
        for j in 0..<n {
            for i in (j + 1)..<Swift.max(j + 1, n) { storage[i + j * n] = storage[j + i * n] }
        }
    }
}
