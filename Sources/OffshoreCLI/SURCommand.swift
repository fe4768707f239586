import ArgumentParser
import DataIO
import Econometrics
import Foundation
import Linalg
import Reporting

/// `offshore sur`: seemingly unrelated regressions (Zellner's feasible GLS, optionally iterated) with linear
/// restrictions within and across equations.
struct SUR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sur",
        abstract: "Estimate a system of equations by SUR (feasible GLS or iterated), with linear cross-equation restrictions.",
        discussion: """
        Each --equation is "NAME: y ~ x1 + x2" in fixest formula syntax (no fixed effects or instruments). \
        Coefficients are named NAME:term, e.g. GE:value or GE:(Intercept).

        Every equation needs the same observations. With wide data (one row per observation, a column per \
        equation's variables) just give the equations. With long data, select each equation's rows with \
        --where "NAME: var == value" (also !=, <, <=, >, >=; without "NAME:" a filter applies to all equations; \
        several filters on one equation must all hold) and pair the equations' rows with --match VAR (e.g. year). \
        Observations with a missing value in any equation, or absent from some equation, are dropped from all \
        equations and counted.

        --restrict takes a linear equation in coefficients, e.g. "GE:value = WE:value" or \
        "S1:lp1 + S1:lp2 + S1:lp3 = 0" or "2*A:x - B:x = 0.5"; repeat it for several restrictions.

        The residual covariance has divisor T by default (Zellner, Theil; systemfit's "noDfCor"); \
        --covariance geomean uses sqrt((T-k_i)(T-k_j)) (systemfit's default). Standard errors come from the GLS \
        covariance; p-values from Student's t with T - k_i degrees of freedom per equation, or the system's \
        M*T - K + R when restrictions are imposed (systemfit's convention).

        Example (Theil's GE/Westinghouse system):
          offshore sur --data grunfeld.csv --match year
            --equation "GE: invest ~ value + capital"
            --where "GE: firm == General Electric"
            --equation "WH: invest ~ value + capital"
            --where "WH: firm == Westinghouse"
        """)

    @Option(help: "CSV or gzip CSV file with a header row.")
    var data: String

    @Option(name: .customLong("equation"), help: ArgumentHelp("An equation \"NAME: y ~ x1 + x2\"; repeat for each.", valueName: "NAME: formula"))
    var equations: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("A row filter \"[NAME:] var == value\"; repeatable.", valueName: "filter"))
    var filters: [String] = []

    @Option(help: ArgumentHelp("Pair the equations' rows by this variable's value (e.g. year) instead of by row.", valueName: "VAR"))
    var match: String?

    @Option(name: .customLong("restrict"), help: ArgumentHelp("A linear restriction, e.g. \"A:x = B:x\"; repeatable.", valueName: "restriction"))
    var restrictions: [String] = []

    @Flag(help: "Iterate feasible GLS until the coefficients converge.")
    var iterate = false

    @Option(help: "Divisor of the residual covariance: T (default) or geomean.")
    var covariance: String = "T"

    @Option(help: "Convergence tolerance on the relative change of the coefficients when iterating.")
    var tolerance: Double = 1e-10

    @Option(name: .customLong("max-iterations"), help: "Largest number of GLS steps when iterating.")
    var maxIterations: Int = 1000

    @Option(help: ArgumentHelp("Entity and time variables, for l(), f() and d() in formulas.", valueName: "ENTITY,TIME"))
    var panel: String?

    @Option(help: "Output format: table, csv or json.")
    var format: String = "table"

    @Option(help: "Write the result to this file (atomically) instead of standard output.")
    var output: String?

    func run() throws {
        guard ["table", "csv", "json"].contains(format) else {
            throw InputError(key: "--format", "expected table, csv or json, got '\(format)'")
        }
        guard let divisor = SURCovarianceDivisor(rawValue: covariance) else {
            throw InputError(key: "--covariance", "expected T or geomean, got '\(covariance)'")
        }
        guard tolerance > 0, tolerance.isFinite else { throw InputError(key: "--tolerance", "expected a positive number, got \(tolerance)") }
        guard maxIterations >= 1 else { throw InputError(key: "--max-iterations", "expected at least 1, got \(maxIterations)") }
        let specs = try equations.map(SURSpecification.parseEquation)
        guard !specs.isEmpty else { throw InputError(key: "--equation", "give at least one --equation \"NAME: y ~ x1 + x2\"") }
        let frame = try DataFrame(checkedCSVPath: data)
        let system = try SURSpecification.build(specs: specs, filters: filters, match: match,
                                                panel: try panel.map { try Panel(parsing: $0) }, data: frame)
        let options = SUROptions(iterate: iterate, tolerance: tolerance, maxIterations: maxIterations, divisor: divisor)
        let fit = try SURFit(equations: system.equations, restrictions: restrictions, options: options)
        let report = SURReport(fit: fit, specs: specs, sample: system.sample, dataPath: data)
        let text: String
        switch format {
        case "csv": text = report.csv()
        case "json": text = report.json().render() + "\n"
        default: text = report.table()
        }
        try OutputTarget.emit(text, to: output)
        if !fit.converged {
            FileHandleOutput.standardError("offshore: warning: SUR did not converge in \(fit.iterations) GLS steps (tolerance \(tolerance)); the estimates are from the last step\n")
        }
    }
}

/// One parsed `--equation`.
struct SURSpecification {
    let name: String
    let formula: Formula

    /// How the sample was formed, for the report.
    struct Sample {
        /// Rows in the data file.
        var dataRows: Int
        /// Observations used (per equation).
        var used: Int
        /// Candidate observations dropped for a missing value in some equation or for lack of a partner.
        var dropped: Int
        /// The pairing variable, if any.
        var match: String?
    }

    /// Parses `NAME: formula`.
    static func parseEquation(_ text: String) throws -> SURSpecification {
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
        return SURSpecification(name: name, formula: formula)
    }

    /// A parsed `--where` filter.
    private struct Filter {
        let equation: String?
        let variable: String
        let op: String
        let value: String
        let text: String

        static func parse(_ text: String) throws -> Filter {
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
            return Filter(equation: equation, variable: variable, op: op, value: value, text: text)
        }

        /// Which rows pass.
        func evaluate(on data: DataFrame) throws -> [Bool] {
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

    /// The equations' matrices on their common observations.
    static func build(specs: [SURSpecification], filters: [String], match: String?, panel: Panel?,
                      data: DataFrame) throws -> (equations: [SUREquation], sample: Sample) {
        let names = specs.map(\.name)
        let parsed = try filters.map(Filter.parse)
        for f in parsed {
            if let e = f.equation, !names.contains(e) {
                throw InputError(key: "--where", "\"\(f.text)\" names equation '\(e)', but the equations are \(names.joined(separator: ", "))")
            }
        }
        var selected: [[Int]] = []
        var complete: [[Bool]] = []
        var frames: [ModelFrame] = []
        for spec in specs {
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

        var rowsPerEquation: [[Int]] = Array(repeating: [], count: specs.count)
        var candidates = 0
        if let match {
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
                                         "value \(k) occurs more than once among the rows of equation \(specs[e].name); --match needs one row per equation and value (add a --where filter)")
                    }
                    m[k] = r
                    if seen.insert(k).inserted { order.append(k) }
                }
                maps.append(m)
            }
            candidates = order.count
            for k in order {
                let rows = maps.map { $0[k] }
                guard rows.allSatisfy({ $0 != nil }) else { continue }
                let rs = rows.compactMap { $0 }
                guard rs.enumerated().allSatisfy({ complete[$0.offset][$0.element] }) else { continue }
                for (e, r) in rs.enumerated() { rowsPerEquation[e].append(r) }
            }
        } else {
            guard selected.allSatisfy({ $0 == selected[0] }) else {
                throw InputError(key: "--where", "the equations select different rows; give --match VAR (e.g. --match year) to pair their observations")
            }
            candidates = selected[0].count
            let rows = selected[0].filter { r in complete.allSatisfy { $0[r] } }
            rowsPerEquation = Array(repeating: rows, count: specs.count)
        }
        let used = rowsPerEquation[0].count
        guard used > 0 else {
            throw InputError(file: data.source, key: "--equation", "no observation is complete in every equation\(match.map { " (paired by \($0))" } ?? "")")
        }
        var equations: [SUREquation] = []
        for (e, spec) in specs.enumerated() {
            let d = try frames[e].design(rows: rowsPerEquation[e])
            equations.append(SUREquation(name: spec.name, response: d.y, regressors: d.x, termNames: d.names))
        }
        return (equations, Sample(dataRows: data.rowCount, used: used, dropped: candidates - used, match: match))
    }
}

/// Renders a fitted system as a table, CSV or JSON.
struct SURReport {
    let fit: SURFit
    let specs: [SURSpecification]
    let sample: SURSpecification.Sample
    let dataPath: String

    private var method: String { fit.options.iterate ? "iterated SUR" : "SUR (feasible GLS)" }

    private var pValueConvention: String {
        if let r = fit.restrictions, r.count > 0 {
            return "Student t with the system's \(fit.systemDegreesOfFreedom) df (M*T - K + R)"
        }
        return "Student t with T - k df per equation"
    }

    private var divisorText: String {
        fit.options.divisor == .observations ? "T" : "sqrt((T-k_i)(T-k_j))"
    }

    /// One row per coefficient, `term,estimate,std_error,t_value,p_value`, full precision.
    func csv() -> String {
        var t = TextTable(header: ["term", "estimate", "std_error", "t_value", "p_value"])
        for c in fit.coefficients {
            t.append([c.name, number(c.estimate), number(c.stdError), number(c.tValue), number(c.pValue)])
        }
        return t.renderCSV()
    }

    /// The regress JSON schema plus an `equations` array and the system's details.
    func json() -> JSONValue {
        func coefficient(_ c: SURCoefficient, term: String) -> JSONValue {
            .object([("term", .string(term)), ("estimate", .number(c.estimate)), ("std_error", .number(c.stdError)),
                     ("t_value", .number(c.tValue)), ("p_value", .number(c.pValue))])
        }
        let equations: [JSONValue] = fit.equations.enumerated().map { i, eq in
            .object([("name", .string(eq.name)), ("formula", .string(specs[i].formula.text)), ("nobs", .int(eq.observations)),
                     ("r2", .number(eq.r2)), ("ssr", .number(eq.ssr)),
                     ("coefficients", .array(fit.coefficients.filter { $0.equation == eq.name }.map { coefficient($0, term: $0.term) }))])
        }
        func matrix(_ m: Matrix) -> JSONValue { .array((0..<m.rows).map { i in .array(m.row(i).map { .number($0) }) }) }
        return .object([
            ("method", .string(method)),
            ("coefficients", .array(fit.coefficients.map { coefficient($0, term: $0.name) })),
            ("equations", .array(equations)),
            ("nobs", .int(sample.used)),
            ("rows_dropped", .int(sample.dropped)),
            ("iterations", .int(fit.iterations)),
            ("converged", .bool(fit.converged)),
            ("vcov", .string("GLS, residual covariance with divisor \(divisorText)")),
            ("p_values", .string(pValueConvention)),
            ("restrictions", .array((fit.restrictions?.texts ?? []).map { .string($0) })),
            ("residual_covariance", matrix(fit.residualCovariance)),
            ("residual_correlation", matrix(fit.residualCorrelation)),
            ("dropped", .array([])),
        ])
    }

    /// A terminal table with the coefficients by equation and the system's details as notes.
    func table() -> String {
        let title = "\(method): \(fit.equations.count) equation\(fit.equations.count == 1 ? "" : "s"), \(sample.used) observations each"
        var t = TextTable(header: ["term", "estimate", "std. error", "t value", "p value"], title: title)
        for eq in fit.equations {
            for c in fit.coefficients where c.equation == eq.name {
                t.append([c.name, short(c.estimate), short(c.stdError), fixed(c.tValue, 3), short(c.pValue, 4)])
            }
            t.addRule()
        }
        for (i, eq) in fit.equations.enumerated() {
            t.notes.append("\(eq.name): \(specs[i].formula.text)   N = \(eq.observations)   R2 = \(fixed(eq.r2, 4))   SSR = \(short(eq.ssr))")
        }
        var rows = "Observations: \(sample.used) per equation from \(sample.dataRows) data rows"
        if let m = sample.match { rows += ", paired by \(m)" }
        rows += sample.dropped > 0 ? "; \(sample.dropped) dropped for a missing value or no partner in every equation." : "; none dropped."
        t.notes.append(rows)
        if let r = fit.restrictions, r.count > 0 { t.notes.append("Restrictions imposed: " + r.texts.joined(separator: "; ")) }
        if fit.options.iterate {
            t.notes.append(fit.converged ? "Converged after \(fit.iterations) GLS steps (relative change < \(fit.options.tolerance))."
                                         : "WARNING: not converged after \(fit.iterations) GLS steps; estimates are from the last step.")
        }
        t.notes.append("Standard errors from the GLS covariance; residual covariance with divisor \(divisorText); p-values: \(pValueConvention).")
        var cov = TextTable(header: ["residual cov. / corr."] + fit.equations.map(\.name))
        let sigma = fit.residualCovariance, corr = fit.residualCorrelation
        for (i, eq) in fit.equations.enumerated() {
            cov.append([eq.name] + fit.equations.indices.map { j in j < i ? fixed(corr[i, j], 4) : short(sigma[i, j]) })
        }
        t.notes.append("Residual covariance (upper triangle and diagonal) and correlation (lower triangle):")
        return t.renderText() + cov.renderText()
    }

    private func number(_ d: Double) -> String { d.isFinite ? "\(d)" : "NA" }
    private func short(_ d: Double, _ digits: Int = 6) -> String { d.isFinite ? String(format: "%.\(digits)g", d) : "NA" }
    private func fixed(_ d: Double, _ decimals: Int) -> String { d.isFinite ? String(format: "%.\(decimals)f", d) : "NA" }
}
