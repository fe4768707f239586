import DataIO
import Linalg

/// How many data rows an estimation used and why the others were left out.
public struct RowAccounting: Codable, Equatable, Sendable {
    /// Rows in the data.
    public var total: Int
    /// Rows dropped because a variable of the model (or a weight or cluster) was missing or non-finite.
    public var missing: Int = 0
    /// Rows dropped because their weight was zero.
    public var zeroWeight: Int = 0
    /// Rows dropped as fixed-effect singletons (only when asked).
    public var singletons: Int = 0
    /// First differences only: complete rows without the previous period in the sample (each entity's first
    /// period, and rows after a gap), which have no difference.
    public var noPreviousPeriod: Int = 0
    /// Rows used.
    public var used: Int = 0

    /// A row count with nothing dropped yet.
    public init(total: Int) { self.total = total }
}

/// The matrices of one estimation on the rows it uses: `y`, `X` (intercept first when there is one), the
/// fixed effects as dense factors, the IV blocks, weights, and an account of the rows dropped.
public struct Design {
    /// Data-frame rows used, in order (observation k is data row `rows[k]`).
    public let rows: [Int]
    /// The response's name.
    public let responseName: String
    /// The response.
    public var y: [Double]
    /// Names of the columns of `x`: `(Intercept)` first when there is one, then the regressors.
    public let names: [String]
    /// Exogenous regressors, `nobs` x `names.count`.
    public var x: Matrix
    /// True when `x` holds an intercept column.
    public let hasIntercept: Bool
    /// Fixed effects restricted to `rows`, with levels renumbered densely.
    public var fixedEffects: [Factor]
    /// Names of the endogenous regressors (empty unless IV).
    public let endogenousNames: [String]
    /// Endogenous regressors, `nobs` x `endogenousNames.count`.
    public var endogenous: Matrix
    /// Names of the excluded instruments.
    public let instrumentNames: [String]
    /// Excluded instruments, `nobs` x `instrumentNames.count`.
    public var instruments: Matrix
    /// Analytic weights (positive), or nil.
    public var weights: [Double]?
    /// Why rows were dropped.
    public var accounting: RowAccounting

    /// Number of observations used.
    public var nobs: Int { rows.count }
}

/// The memory budget of a dense design: the regressor columns a formula expands to (every level of an `i(id)` or
/// text factor is a column of every row) are counted before any is built, and a design above the limit is refused
/// with the advice to absorb the factor as a fixed effect (`| id`), which costs no columns.
///
/// The limit is on the regressor matrix itself, `8 x rows x columns` bytes: 4096 MiB by default, or
/// `OFFSHORE_MAX_DESIGN_MB` MiB. An estimation holds a few copies of it (the evaluated columns, the design, its QR
/// factorization), so the peak memory is a small multiple of the limit.
public enum DesignMemory {
    /// The largest regressor matrix allowed, in bytes.
    public static var limitBytes: Int = environmentLimitBytes()

    /// `limitBytes` as the environment sets it now (`OFFSHORE_MAX_DESIGN_MB`, default 4096 MiB).
    public static func environmentLimitBytes() -> Int { InputLimits.mebibytes("OFFSHORE_MAX_DESIGN_MB", default: 4096) }

    /// Bytes of a dense matrix of `rows` x `columns` doubles (saturating at `Int.max`).
    public static func bytes(rows: Int, columns: Int) -> Int {
        let (cells, o1) = max(0, rows).multipliedReportingOverflow(by: max(0, columns))
        let (b, o2) = cells.multipliedReportingOverflow(by: 8)
        return o1 || o2 ? Int.max : b
    }

    /// Throws an `InputError` (key `formula`) when `term` (its label), which expands to `columns` columns, brings
    /// the design of `rows` rows past the limit, counting the `before` columns of the terms before it. `factors`
    /// are the factors of the term with their numbers of levels, for the advice.
    public static func check(term: String, columns: Int, before: Int, rows: Int, factors: [(name: String, levels: Int)]) throws {
        let total = columns > Int.max - before ? Int.max : columns + before
        let need = bytes(rows: rows, columns: total)
        guard need > limitBytes else { return }
        let levels = factors.map { "'\($0.name)' has \($0.levels) levels" }.joined(separator: ", ")
        let advice = factors.isEmpty ? "use fewer regressors"
            : "absorb \(factors.count == 1 ? "the factor" : "the factors") as fixed effects instead, which costs no columns: "
              + "'| " + factors.map(\.name).joined(separator: " + ") + "'"
        throw InputError(key: "formula", "the term '\(term)' expands to \(columns) columns (\(levels.isEmpty ? "one per value" : levels)): "
                         + "a dense design of \(rows) rows x \(total) columns would take about \(describeBytes(need)), more than the "
                         + "\(InputLimits.describe(limitBytes)) allowed (OFFSHORE_MAX_DESIGN_MB); \(advice)")
    }

    /// `6.4 GB`-style sizes for messages.
    static func describeBytes(_ b: Int) -> String {
        if b == Int.max { return "more than 9 EB" }
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var v = Double(b), u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(b) bytes" : "\((v * 10).rounded() / 10) \(units[u])"
    }
}

extension ModelFrame {
    /// The design on exactly `rows` (indices of data rows, all complete), e.g. the rows common to several
    /// equations. Weights, if given, are per data row and must be positive on `rows`.
    public func design(rows: [Int], weights: [Double]? = nil) throws -> Design {
        let n = rows.count
        var names: [String] = []
        var x = Matrix(rows: n, cols: regressors.count + (hasIntercept ? 1 : 0))
        var j = 0
        if hasIntercept {
            names.append("(Intercept)")
            for i in 0..<n { x[i, 0] = 1 }
            j = 1
        }
        for (name, col) in zip(regressorNames, regressors) {
            names.append(name)
            for (i, r) in rows.enumerated() { x[i, j] = col[r] }
            j += 1
        }
        func block(_ cols: [[Double]]) -> Matrix {
            var m = Matrix(rows: n, cols: cols.count)
            for (c, col) in cols.enumerated() { for (i, r) in rows.enumerated() { m[i, c] = col[r] } }
            return m
        }
        var acc = RowAccounting(total: rowCount)
        acc.used = n
        // Every row, in order (no row dropped): the response and weights are the evaluated columns themselves,
        // shared rather than copied (issue 22: at 10^7 rows each copy is 80 MB).
        let everyRow = isEveryRow(rows, of: rowCount)
        return Design(rows: rows, responseName: responseName, y: everyRow ? response : rows.map { response[$0] },
                      names: names, x: x,
                      hasIntercept: hasIntercept, fixedEffects: fixedEffects.map { $0.selecting(rows: rows) },
                      endogenousNames: endogenousNames, endogenous: block(endogenous),
                      instrumentNames: instrumentNames, instruments: block(instruments),
                      weights: weights.map { w in everyRow ? w : rows.map { w[$0] } }, accounting: acc)
    }

    /// The design on every complete row: rows with a missing or non-finite value in any model variable, in
    /// `weights` or in a `required` factor (cluster variables) are dropped and counted; rows with zero weight
    /// are dropped and counted; with `dropSingletons`, observations alone in a fixed-effect level are dropped
    /// (repeatedly, until none is left) and counted.
    /// - Throws: `InputError` for a negative weight (naming `weightsName`) or when no row is left.
    public func design(weights: [Double]? = nil, weightsName: String = "weights", required: [Factor] = [],
                       dropSingletons: Bool = false) throws -> Design {
        var ok = completeRows()
        var acc = RowAccounting(total: rowCount)
        for f in required { for i in 0..<rowCount where f.codes[i] < 0 { ok[i] = false } }
        if let w = weights {
            for i in 0..<rowCount where ok[i] {
                if !w[i].isFinite { ok[i] = false; continue }
                if w[i] < 0 {
                    throw InputError(file: source, key: weightsName, "weights must not be negative, found \(w[i]) in data row \(i + 1)")
                }
            }
        }
        acc.missing = ok.lazy.filter { !$0 }.count
        if let w = weights {
            for i in 0..<rowCount where ok[i] && w[i] == 0 { ok[i] = false; acc.zeroWeight += 1 }
        }
        if dropSingletons && !fixedEffects.isEmpty {
            while true {
                var removed = 0
                for f in fixedEffects {
                    var counts = [Int](repeating: 0, count: f.levelCount)
                    for i in 0..<rowCount where ok[i] { counts[Int(f.codes[i])] += 1 }
                    for i in 0..<rowCount where ok[i] && counts[Int(f.codes[i])] == 1 { ok[i] = false; removed += 1 }
                }
                acc.singletons += removed
                if removed == 0 { break }
            }
        }
        let rows = (0..<rowCount).filter { ok[$0] }
        guard !rows.isEmpty else { throw nothingLeft(acc, weights: weights, weightsName: weightsName, required: required) }
        var d = try design(rows: rows, weights: weights)
        acc.used = rows.count
        d.accounting = acc
        return d
    }

    /// The error for a design without rows, saying what removed them: a variable missing in every row (named),
    /// zero weights, singletons, or missing values spread over several variables.
    func nothingLeft(_ acc: RowAccounting, weights: [Double]?, weightsName: String, required: [Factor]) -> InputError {
        if acc.singletons > 0 {
            let fes = fixedEffects.map(\.name).joined(separator: ", ")
            return InputError(file: source, key: "formula", "no observations left after dropping \(acc.singletons) singletons (observations alone in their level of \(fes)); estimate without dropping singletons, or on data with repeated levels")
        }
        if acc.zeroWeight > 0 && acc.missing + acc.zeroWeight == acc.total {
            return InputError(file: source, key: weightsName, "no observation is left: \(acc.zeroWeight) row(s) have zero weight in \(weightsName) and \(acc.missing) a missing value")
        }
        var allMissing: [String] = []
        func check(_ name: String, _ v: [Double]) { if v.allSatisfy({ !$0.isFinite }) { allMissing.append(name) } }
        check(responseName, response)
        zip(regressorNames, regressors).forEach(check)
        zip(endogenousNames, endogenous).forEach(check)
        zip(instrumentNames, instruments).forEach(check)
        for f in fixedEffects + required where f.codes.allSatisfy({ $0 < 0 }) { allMissing.append(f.name) }
        if let w = weights { check(weightsName, w) }
        if let first = allMissing.first {
            return InputError(file: source, key: first, "no observation is left: \(allMissing.joined(separator: ", ")) \(allMissing.count == 1 ? "is" : "are") missing (or not a finite number) in every one of the \(rowCount) rows")
        }
        return InputError(file: source, key: "formula", "no observation is left: each of the \(rowCount) rows has a missing value in some variable of the model (or its weight or cluster)")
    }
}

/// True when `rows` is `0..<count` in order: a selection that keeps every row as it is.
func isEveryRow(_ rows: [Int], of count: Int) -> Bool {
    guard rows.count == count else { return false }
    for (k, r) in rows.enumerated() where r != k { return false }
    return true
}
