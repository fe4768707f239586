#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DataIO

/// A formula evaluated on every row of a data frame, before any row is dropped: the response, the regressor
/// columns (terms expanded: factors into dummies, interactions multiplied, panel operators applied), the fixed
/// effects, and the IV part. Missing values (and non-finite results such as `log(0)`) are NaN.
///
/// Call `design(...)` to drop incomplete rows and get the matrices an estimator needs. Systems of equations
/// (SUR) evaluate one `ModelFrame` per equation, intersect their `completeRows()`, and call `design(rows:)`.
public struct ModelFrame {
    /// The formula.
    public let formula: Formula
    /// Rows in the data frame.
    public let rowCount: Int
    /// The data's source file, for messages.
    public let source: String?
    /// The response's name as written (`log(y)`).
    public let responseName: String
    /// The response, one value per data row.
    public let response: [Double]
    /// Names of the regressor columns, as fixest names them (`x`, `log(x)`, `a:b`, `firm::GM`), intercept excluded.
    public let regressorNames: [String]
    /// Regressor columns, parallel to `regressorNames`.
    public let regressors: [[Double]]
    /// True when the model has an intercept: the formula keeps it and no fixed effect is absorbed.
    public let hasIntercept: Bool
    /// Fixed effects to absorb, one factor per `FixedEffectSpec`.
    public let fixedEffects: [Factor]
    /// Endogenous regressors (IV), names and columns.
    public let endogenousNames: [String]
    /// Endogenous columns, parallel to `endogenousNames`.
    public let endogenous: [[Double]]
    /// Excluded instruments (IV), names and columns.
    public let instrumentNames: [String]
    /// Instrument columns, parallel to `instrumentNames`.
    public let instruments: [[Double]]

    /// Evaluates `formula` on `data`. `panel` is needed for `l()`, `f()` and `d()`.
    /// Throws an `InputError` naming the variable and its position in the formula when a variable is unknown or
    /// of the wrong type.
    public init(formula: Formula, data: DataFrame, panel: Panel? = nil) throws {
        self.formula = formula
        self.rowCount = data.rowCount
        self.source = data.source
        var ev = TermEvaluator(data: data, panel: panel, hasFixedEffects: !formula.fixedEffects.isEmpty)
        responseName = formula.response.label
        response = try ev.numeric(formula.response)
        hasIntercept = formula.hasIntercept && formula.fixedEffects.isEmpty
        var names: [String] = [], cols: [[Double]] = []
        for t in formula.terms {
            for (n, c) in try ev.columns(of: t, dropReference: hasIntercept || !formula.fixedEffects.isEmpty,
                                              before: cols.count + (hasIntercept ? 1 : 0)) {
                names.append(n); cols.append(c)
            }
        }
        regressorNames = names
        regressors = cols
        var fes: [Factor] = []
        for spec in formula.fixedEffects {
            var f: Factor? = nil
            for (v, pos) in zip(spec.variables, spec.positions) {
                let g = try ev.factor(v, position: pos)
                f = f.map { Factor.combining($0, g) } ?? g
            }
            if let f { fes.append(f) }
        }
        fixedEffects = fes
        var en: [String] = [], ec: [[Double]] = []
        for t in formula.endogenous {
            for (n, c) in try ev.columns(of: t, dropReference: true) { en.append(n); ec.append(c) }
        }
        var zn: [String] = [], zc: [[Double]] = []
        for t in formula.instruments {
            for (n, c) in try ev.columns(of: t, dropReference: true) { zn.append(n); zc.append(c) }
        }
        endogenousNames = en; endogenous = ec
        instrumentNames = zn; instruments = zc
    }

    /// For each data row, true when the response, every regressor, fixed effect, endogenous variable and
    /// instrument is present and finite.
    public func completeRows() -> [Bool] {
        var ok = [Bool](repeating: true, count: rowCount)
        func mark(_ v: [Double]) { for i in 0..<rowCount where !v[i].isFinite { ok[i] = false } }
        mark(response)
        regressors.forEach(mark)
        endogenous.forEach(mark)
        instruments.forEach(mark)
        for f in fixedEffects { for i in 0..<rowCount where f.codes[i] < 0 { ok[i] = false } }
        return ok
    }
}

/// Evaluates formula expressions and terms into columns over all rows of a data frame.
struct TermEvaluator {
    let data: DataFrame
    let panel: Panel?
    let hasFixedEffects: Bool
    var panelIndex: PanelIndex? = nil
    var shifts: [Int: [Int]] = [:]

    init(data: DataFrame, panel: Panel?, hasFixedEffects: Bool) {
        self.data = data
        self.panel = panel
        self.hasFixedEffects = hasFixedEffects
    }

    func located(_ e: InputError, _ name: String, _ position: Int) -> InputError {
        if e.line != nil { return e }
        var out = e
        out.message = "at character \(position) of the formula: \(e.message)"
        out.key = name
        out.column = nil
        return out
    }

    func numericColumn(_ name: String, _ position: Int) throws -> [Double] {
        do { return try data.numeric(name) } catch let e as InputError { throw located(e, name, position) }
    }

    func factor(_ name: String, position: Int) throws -> Factor {
        do { return try data.factor(name) } catch let e as InputError { throw located(e, name, position) }
    }

    mutating func shifted(_ k: Int, position: Int, function: String) throws -> [Int] {
        if let s = shifts[k] { return s }
        guard let panel else {
            throw InputError(key: "formula",
                             "at character \(position): \(function)() needs the panel structure (give --panel ENTITY,TIME)")
        }
        if panelIndex == nil { panelIndex = try PanelIndex(data: data, panel: panel) }
        guard let idx = panelIndex else { return [] }
        let s = idx.shiftedRows(by: k)
        shifts[k] = s
        return s
    }

    /// A numeric expression over all rows (NaN where missing or undefined).
    mutating func numeric(_ e: FormulaExpression) throws -> [Double] {
        let n = data.rowCount
        switch e {
        case .variable(let name, let pos):
            return try numericColumn(name, pos)
        case .number(let d):
            return [Double](repeating: d, count: n)
        case .string(let s):
            throw InputError(key: "formula", "a string (\"\(s)\") where a number was expected")
        case .named(let name, _):
            throw InputError(key: "formula", "the named argument '\(name)' is not allowed here")
        case .negate(let a):
            return try numeric(a).map { -$0 }
        case .binary(let op, let a, let b):
            let x = try numeric(a), y = try numeric(b)
            var out = [Double](repeating: 0, count: n)
            for i in 0..<n {
                switch op {
                case "+": out[i] = x[i] + y[i]
                case "-": out[i] = x[i] - y[i]
                case "*": out[i] = x[i] * y[i]
                case "/": out[i] = x[i] / y[i]
                default: out[i] = pow(x[i], y[i])
                }
                if !out[i].isFinite { out[i] = .nan }
            }
            return out
        case .call(let f, let args, let pos):
            switch f {
            case "log": return try numeric(args[0]).map { $0 > 0 ? Foundation_log($0) : .nan }
            case "exp": return try numeric(args[0]).map { let v = Foundation_exp($0); return v.isFinite ? v : .nan }
            case "sqrt": return try numeric(args[0]).map { $0 >= 0 ? $0.squareRoot() : .nan }
            case "abs": return try numeric(args[0]).map { abs($0) }
            case "I": return try numeric(args[0])
            case "l", "f", "d":
                var k = 1
                if args.count == 2, case .number(let d) = args[1] { k = Int(d) }
                let inner = try numeric(args[0])
                let rows = try shifted(f == "f" ? -k : k, position: pos, function: f)
                var out = [Double](repeating: .nan, count: n)
                for i in 0..<n where rows[i] >= 0 {
                    out[i] = f == "d" ? inner[i] - inner[rows[i]] : inner[rows[i]]
                }
                return out
            case "i":
                throw InputError(key: "formula", "at character \(pos): i() makes dummies and cannot be used inside arithmetic")
            default:
                throw InputError(key: "formula", "at character \(pos): unknown function '\(f)'")
            }
        }
    }

    /// The columns of one term: a single column, or one per level when the term involves a factor.
    mutating func columns(of term: FormulaTerm, dropReference: Bool, before: Int = 0) throws -> [(String, [Double])] {
        let n = data.rowCount
        // Each part is either numeric or a factor (with how its levels are named).
        enum Part { case numeric(String, [Double]); case factor(Factor, prefix: String, dropLevel: Int?) }
        var parts: [Part] = []
        for e in term.factors {
            if case .variable(let name, let pos) = e, data.isCategorical(name) {
                let fac = try factor(name, position: pos)
                parts.append(.factor(fac, prefix: name, dropLevel: nil))
            } else if case .call("i", let args, let pos) = e, case .variable(let name, let vpos) = args[0] {
                let fac = try factor(name, position: vpos)
                var drop: Int? = nil
                for a in args.dropFirst() {
                    if case .named(_, let refExpr) = a {
                        let refLabel: String
                        switch refExpr {
                        case .string(let s): refLabel = s
                        case .number(let d): refLabel = formatLevel(d)
                        case .variable(let v, _): refLabel = v
                        default: refLabel = refExpr.label
                        }
                        guard let k = fac.levels.firstIndex(of: refLabel) else {
                            throw InputError(key: "formula", "at character \(pos): reference level '\(refLabel)' is not a level of '\(name)'")
                        }
                        drop = k
                    }
                }
                parts.append(.factor(fac, prefix: name + "::", dropLevel: drop))
            } else {
                parts.append(.numeric(e.label, try numeric(e)))
            }
        }
        try checkDesignMemory(term, parts.compactMap { if case .factor(let f, _, _) = $0 { return f } else { return nil } }, before: before)
        // Start with one all-ones column named "", then multiply in each part.
        // (Not built when the first part is numeric: that part's column is taken as it is, see below.)
        var firstIsNumeric = false
        if case .numeric = parts.first { firstIsNumeric = true }
        var acc: [(String, [Double])] = [("", firstIsNumeric ? [] : [Double](repeating: 1, count: n))]
        let onlyOneFactor = parts.count == 1
        var startsFromOnes = true
        for part in parts {
            defer { startsFromOnes = false }
            var next: [(String, [Double])] = []
            switch part {
            case .numeric(let label, let v):
                // A term's first part is the column itself: 1 * v is v bit for bit, and sharing the data frame's
                // array (no copy) keeps a plain variable from costing a column of memory (issue 22).
                if startsFromOnes {
                    next.append((label, v))
                    break
                }
                for (name, col) in acc {
                    var c = col
                    for i in 0..<n { c[i] *= v[i] }
                    next.append((name.isEmpty ? label : name + ":" + label, c))
                }
            case .factor(let fac, let prefix, var dropLevel):
                // A bare text variable alone in a term drops its first level when there is an intercept or FE (R).
                if dropLevel == nil && onlyOneFactor && !prefix.hasSuffix("::") && dropReference { dropLevel = 0 }
                for (name, col) in acc {
                    for l in 0..<fac.levelCount where l != dropLevel {
                        var c = [Double](repeating: 0, count: n)
                        for i in 0..<n {
                            let code = fac.codes[i]
                            c[i] = code < 0 ? .nan : (Int(code) == l ? col[i] : 0)
                        }
                        let label = prefix + fac.levels[l]
                        next.append((name.isEmpty ? label : name + ":" + label, c))
                    }
                }
            }
            acc = next
        }
        if acc.isEmpty, let only = parts.lazy.compactMap({ part -> Factor? in
            if case .factor(let f, _, _) = part, f.levelCount <= 1 { return f }
            return nil
        }).first {
            let level = only.levels.first.map { " ('\($0)')" } ?? ""
            throw InputError(key: only.name, "'\(only.name)' has a single level\(level) in the data, so as a regressor it gives no column beside the intercept or fixed effects (its reference level); a factor needs at least two levels (R's lm stops here too)")
        }
        return acc
    }
}


@inline(__always) func Foundation_log(_ x: Double) -> Double { log(x) }
@inline(__always) func Foundation_exp(_ x: Double) -> Double { exp(x) }

extension TermEvaluator {
    /// Refuses a term whose factors expand to more columns than `DesignMemory` allows, before any is built.
    func checkDesignMemory(_ term: FormulaTerm, _ factors: [Factor], before: Int) throws {
        guard !factors.isEmpty else { return }
        var columns = 1
        for f in factors {
            let (c, o) = columns.multipliedReportingOverflow(by: max(1, f.levelCount))
            columns = o ? Int.max : c
        }
        try DesignMemory.check(term: term.label, columns: columns, before: before, rows: data.rowCount,
                               factors: factors.map { ($0.name, $0.levelCount) })
    }
}
