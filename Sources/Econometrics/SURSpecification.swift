import DataIO
import Foundation

/// A system of equations as `offshore sur` is given it, and the system built from a data frame: each equation
/// `NAME: y ~ x1 + x2` selects its rows with filters (`[NAME:] var == value`, also `!=`, `<`, `<=`, `>`, `>=`;
/// without `NAME:` a filter applies to every equation, and several on one equation must all hold), and the
/// equations' rows are paired by row (wide data) or by the value of a variable (`match`, long data).
/// Observations with a missing value in some equation, or without a partner in every equation, are dropped from
/// all equations and counted.
///
/// Errors are `InputError`s keyed by the command-line option they concern (`--equation`, `--where`) or by the
/// equation's name, saying what was expected.
public struct SURSpecification {
    /// One equation: its name and formula (no fixed effects or instruments).
    public struct Equation {
        /// The equation's name (coefficients are `NAME:term`).
        public let name: String
        /// Its formula.
        public let formula: Formula

        /// Parses `NAME: formula`; the name is letters, digits, `_` or `.`.
        public init(parsing text: String) throws {
            guard let colon = text.firstIndex(of: ":"), !text[..<colon].contains("~") else {
                throw InputError(key: "--equation", "expected \"NAME: y ~ x1 + x2\", got \"\(text)\"")
            }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw InputError(key: "--equation", "the equation name '\(name)' in \"\(text)\" must be letters, digits, '_' or '.'")
            }
            let formula = try Formula(String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            guard formula.fixedEffects.isEmpty, !formula.isIV else {
                throw InputError(key: name, "SUR equations take no fixed effects or instruments (\"| ...\"); add dummies with i(var) instead")
            }
            self.name = name
            self.formula = formula
        }
    }

    /// A row filter `[NAME:] var OP value`.
    public struct RowFilter {
        /// The equation it applies to; nil for every equation.
        public let equation: String?
        /// The variable compared.
        public let variable: String
        /// The comparison: `==`, `!=`, `<`, `<=`, `>` or `>=`.
        public let op: String
        /// The value compared with (quotes removed).
        public let value: String
        /// The filter as written.
        public let text: String

        /// Parses `[NAME:] var OP value`; the first operator in the text is the comparison.
        public init(parsing text: String) throws {
            let ops = ["==", "!=", "<=", ">=", "<", ">"]
            var found: (Range<String.Index>, String)?
            for op in ops {
                if let r = text.range(of: op), found.map({ r.lowerBound < $0.0.lowerBound }) ?? true { found = (r, op) }
            }
            guard let (range, op) = found else {
                throw InputError(key: "--where", "expected \"[NAME:] var == value\" (or !=, <, <=, >, >=), got \"\(text)\"")
            }
            var left = String(text[..<range.lowerBound])
            var equation: String?
            if let colon = left.firstIndex(of: ":") {
                equation = left[..<colon].trimmingCharacters(in: .whitespaces)
                left = String(left[left.index(after: colon)...])
            }
            var value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let f = value.first, (f == "\"" || f == "'"), value.last == f { value = String(value.dropFirst().dropLast()) }
            let variable = left.trimmingCharacters(in: .whitespaces)
            guard !variable.isEmpty else { throw InputError(key: "--where", "no variable before '\(op)' in \"\(text)\"") }
            self.equation = equation
            self.variable = variable
            self.op = op
            self.value = value
            self.text = text
        }

        /// Which rows of `data` pass: numeric variables take every comparison, text ones `==` and `!=`.
        public func evaluate(on data: DataFrame) throws -> [Bool] {
            let column = try data.column(variable)
            switch column {
            case .numeric(let v):
                guard case .value(let target) = parseNumber(value) else {
                    throw InputError(key: "--where", "'\(variable)' is numeric, so \"\(text)\" needs a number after '\(op)'")
                }
                return v.map { x in
                    guard !x.isNaN else { return false }
                    switch op {
                    case "==": return x == target
                    case "!=": return x != target
                    case "<": return x < target
                    case "<=": return x <= target
                    case ">": return x > target
                    default: return x >= target
                    }
                }
            default:
                guard op == "==" || op == "!=" else {
                    throw InputError(key: "--where", "'\(variable)' is text; only == and != apply, in \"\(text)\"")
                }
                let f = try data.factor(variable)
                guard let code = f.levels.firstIndex(of: value) else {
                    let some = f.levels.prefix(6).joined(separator: ", ") + (f.levels.count > 6 ? ", ..." : "")
                    throw InputError(key: "--where", "no row has \(variable) == \"\(value)\" (values include: \(some))")
                }
                return f.codes.map { c in c < 0 ? false : (op == "==") == (Int(c) == code) }
            }
        }
    }

    /// The equations, in order.
    public let equations: [Equation]

    /// Parses the equations (`NAME: formula` each); at least one is needed.
    public init(equations texts: [String]) throws {
        let equations = try texts.map(Equation.init(parsing:))
        guard !equations.isEmpty else { throw InputError(key: "--equation", "give at least one --equation \"NAME: y ~ x1 + x2\"") }
        self.equations = equations
    }

    /// The system on `data`: each equation's rows selected by `filters`, paired by `match` (or by row), the
    /// observations complete in every equation kept.
    /// - Parameters:
    ///   - filters: row filters as written (`[NAME:] var == value`).
    ///   - match: the variable whose value pairs the equations' rows (e.g. `year`), or nil to pair by row.
    ///   - panel: entity and time variables, for `l()`, `f()` and `d()` in the formulas.
    public func system(on data: DataFrame, filters: [String], match: String?, panel: Panel?) throws -> SURSample {
        let names = equations.map(\.name)
        let parsed = try filters.map(RowFilter.init(parsing:))
        for f in parsed {
            if let e = f.equation, !names.contains(e) {
                throw InputError(key: "--where", "\"\(f.text)\" names equation '\(e)', but the equations are \(names.joined(separator: ", "))")
            }
        }
        var selected: [[Int]] = []
        var complete: [[Bool]] = []
        var frames: [ModelFrame] = []
        for spec in equations {
            var keep = [Bool](repeating: true, count: data.rowCount)
            for f in parsed where f.equation == nil || f.equation == spec.name {
                let pass = try f.evaluate(on: data)
                for i in 0..<keep.count { keep[i] = keep[i] && pass[i] }
            }
            let rows = (0..<data.rowCount).filter { keep[$0] }
            guard !rows.isEmpty else { throw InputError(key: spec.name, "no data row passes the equation's --where filters") }
            selected.append(rows)
            let mf = try ModelFrame(formula: spec.formula, data: data, panel: panel)
            frames.append(mf)
            complete.append(mf.completeRows())
        }

        var rowsPerEquation: [[Int]] = Array(repeating: [], count: equations.count)
        var candidates = 0
        if let match {
            (rowsPerEquation, candidates) = try paired(selected, complete: complete, by: match, data: data)
        } else {
            guard selected.allSatisfy({ $0 == selected[0] }) else {
                throw InputError(key: "--where", "the equations select different rows; give --match VAR (e.g. --match year) to pair their observations")
            }
            candidates = selected[0].count
            let rows = selected[0].filter { r in complete.allSatisfy { $0[r] } }
            rowsPerEquation = Array(repeating: rows, count: equations.count)
        }
        let used = rowsPerEquation[0].count
        guard used > 0 else {
            throw InputError(file: data.source, key: "--equation", "no observation is complete in every equation\(match.map { " (paired by \($0))" } ?? "")")
        }
        var built: [SUREquation] = []
        for (e, spec) in equations.enumerated() {
            let d = try frames[e].design(rows: rowsPerEquation[e])
            built.append(SUREquation(name: spec.name, response: d.y, regressors: d.x, termNames: d.names))
        }
        return SURSample(specification: self, equations: built, dataRows: data.rowCount, used: used,
                         dropped: candidates - used, match: match)
    }

    /// The rows of each equation paired by the value of `match` (in order of first appearance), keeping the
    /// values present and complete in every equation; and the number of candidate values.
    private func paired(_ selected: [[Int]], complete: [[Bool]], by match: String,
                        data: DataFrame) throws -> (rows: [[Int]], candidates: Int) {
        // The factor's labels print whole numbers without a decimal point (1935, not 1935.0).
        let keyFactor = try data.factor(match)
        func key(_ r: Int) -> String? {
            let code = Int(keyFactor.codes[r])
            return code >= 0 && code < keyFactor.levels.count ? keyFactor.levels[code] : nil
        }
        var maps: [[String: Int]] = []
        var order: [String] = []
        var seen = Set<String>()
        for (e, rows) in selected.enumerated() {
            var m: [String: Int] = [:]
            for r in rows {
                guard let k = key(r) else { continue }
                if m[k] != nil {
                    throw InputError(file: data.source, key: match,
                                     "value \(k) occurs more than once among the rows of equation \(equations[e].name); --match needs one row per equation and value (add a --where filter)")
                }
                m[k] = r
                if seen.insert(k).inserted { order.append(k) }
            }
            maps.append(m)
        }
        var rowsPerEquation: [[Int]] = Array(repeating: [], count: equations.count)
        for k in order {
            let rows = maps.map { $0[k] }
            guard rows.allSatisfy({ $0 != nil }) else { continue }
            let rs = rows.compactMap { $0 }
            guard rs.enumerated().allSatisfy({ complete[$0.offset][$0.element] }) else { continue }
            for (e, r) in rs.enumerated() { rowsPerEquation[e].append(r) }
        }
        return (rowsPerEquation, order.count)
    }
}

/// A system built from data (`SURSpecification.system(on:...)`): the equations' matrices on their common
/// observations and how that sample was formed.
public struct SURSample {
    /// The specification it was built from.
    public let specification: SURSpecification
    /// The equations, ready for `SURFit`.
    public let equations: [SUREquation]
    /// Rows in the data.
    public let dataRows: Int
    /// Observations used (per equation).
    public let used: Int
    /// Candidate observations dropped for a missing value in some equation or for lack of a partner.
    public let dropped: Int
    /// The pairing variable, if any.
    public let match: String?

    /// The record of `fit`, estimated on this sample: each equation's response and formula as written, the rows
    /// used and dropped, the pairing variable.
    public func record(_ fit: SURFit) -> ModelRecord {
        ModelRecord(fit, responses: specification.equations.map(\.formula.response.label),
                    formulas: specification.equations.map(\.formula.text), rows: dataRows, droppedRows: dropped, pairedBy: match)
    }
}
