import DataIO
import IOTables
import Linalg

/// The Leontief system of one year's multi-regional table: the technical coefficients `A = Z diag(x)^-1`, the
/// value-added coefficients `v = 1 - u'A` and the LU factorisation of `I - A`, from which products with the
/// Leontief inverse `L = (I - A)^-1` are solved rather than formed.
///
/// The factorisation (`n^2` doubles, 16 MB for WIOD's 1,435 industries, 82 MB for ICIO's 3,195) is all that is
/// kept; `L` itself is formed only by `inverse()`. A column whose gross output is not positive has no
/// coefficients (its column of `A` is zero and its value-added coefficient 0), as pymrio's `calc_A` treats it.
public struct LeontiefSystem {
    /// The order of the system: regions x industries.
    public let size: Int
    /// Value-added coefficients per column: one minus the column's intermediate inputs per unit of gross output
    /// (everything in gross output that is not an intermediate input of the table), 0 where output is not positive.
    public let valueAdded: [Double]
    /// Gross output per row (the table's `output`).
    public let output: [Double]
    /// `P (I - A)' = L U`: the transpose, because the table's row-major flows are the column-major storage of it.
    let lu: LUFactorization

    /// Builds and factors `I - A` for `table`; with `rowScale`, `I - S A` with `S = diag(rowScale)` (each row of `A`
    /// scaled, as Antras and Chor's correction for net inventories scales a product's uses; `valueAdded` stays that of
    /// the table).
    /// - Throws: `InputError` naming the table's file when `I - A` is singular or holds a non-finite coefficient.
    public init(table: MRIOTable, rowScale: [Double]? = nil) throws {
        let n = table.size
        size = n
        output = table.output
        let inverseOutput = table.output.map { $0 > 0 ? 1 / $0 : 0 }
        // Row-major (I - A) is column-major (I - A)': element (r, c) at r * n + c, A[r, c] = Z[r, c] / x[c].
        var t = [Double](repeating: 0, count: n * n)
        // Column sums of Z in row order, so that the sums are the same whatever the thread count.
        var colsum = [Double](repeating: 0, count: n)
        table.intermediate.withUnsafeBufferPointer { z in
            t.withUnsafeMutableBufferPointer { m in
                for r in 0..<n {
                    let row = r * n
                    if let rowScale {
                        let scale = rowScale[r]
                        for c in 0..<n {
                            colsum[c] += z[row + c]
                            m[row + c] = -(z[row + c] * inverseOutput[c]) * scale
                        }
                    } else {
                        for c in 0..<n {
                            colsum[c] += z[row + c]
                            m[row + c] = -z[row + c] * inverseOutput[c]
                        }
                    }
                    m[row + r] += 1
                }
            }
        }
        var va = [Double](repeating: 0, count: n)
        for c in 0..<n where inverseOutput[c] != 0 { va[c] = 1 - colsum[c] * inverseOutput[c] }
        valueAdded = va
        do {
            // Handed over, not copied: `t` is the only n x n buffer besides the table's own flows.
            let m = try Matrix(rows: n, cols: n, columnMajor: consume t)
            lu = try LUFactorization(consume m)
        } catch LinalgError.singular(_, let pivot) {
            throw InputError(file: table.source, "the Leontief matrix I - A is singular (LAPACK dgetrf pivot \(pivot), near \(table.label(Int(pivot) - 1))): "
                             + "the value-chain measures need an invertible I - A")
        } catch LinalgError.nonFinite {
            throw InputError(file: table.source, "the technical coefficients are not all finite numbers: check the table's gross output (OUT)")
        }
    }

    /// `L B = (I - A)^-1 B`: the gross output each column of `b` (a final demand) requires.
    public func leontiefTimes(_ b: Matrix) throws -> Matrix { try lu.solve(b, transposed: true) }

    /// `L' B`, whose column `k` is `(b_k' L)'`: the row vector `b_k'` (e.g. value-added coefficients of some rows)
    /// carried through every stage of production.
    public func leontiefTransposeTimes(_ b: Matrix) throws -> Matrix { try lu.solve(b, transposed: false) }

    /// The Leontief inverse itself, `n x n` (for tests and references; the measures never form it).
    public func inverse() throws -> Matrix { try lu.inverse().transposed }
}
