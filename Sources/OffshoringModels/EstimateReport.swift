import DataIO
import Econometrics
import Foundation
import Linalg
import Reporting

/// Terminal, CSV and JSON renderings of an `EstimateRun`.
///
/// CSV (`--format csv`) is one file for every model: the `offshore regress` columns preceded by a `model` column,
/// `model,term,estimate,std_error,t_value,p_value`; system coefficients are named `EQUATION:term`.
/// JSON is `{"models": [...], "contributions": [...], "notes": [...]}`, each model the `offshore regress` object
/// (`coefficients`, `nobs`, `r2`, `r2_within`, `vcov`, `dropped`), or for a system the `offshore sur` object,
/// preceded by `model`, `sample` and `synthetic`.
public enum EstimateReport {
    /// The CSV header of the model estimates.
    public static let csvHeader = ["model"] + RegressionReport.csvHeader
    /// The CSV header of the contributions table.
    public static let contributionsHeader = ["model", "response", "from", "to", "weights", "name", "terms", "coefficient",
                                             "change", "total_change", "contribution", "std_error"]

    /// Notes shared by every table of the run (the synthetic warning first).
    static func commonNotes(_ run: EstimateRun) -> [String] {
        (run.config.synthetic ? [run.config.syntheticNote] : []) + run.notes
    }

    static func sampleNote(_ o: ModelOutcome) -> String {
        "Sample: \(o.spec.sampleDescription) (\(o.industries.count) industries, \(describeYears(o.years)))"
    }

    /// One terminal table per model, then the contribution tables.
    public static func text(_ run: EstimateRun) -> String {
        var parts: [String] = []
        for o in run.outcomes { parts.append(modelTable(o, run: run).renderText()) }
        for c in run.contributions { parts.append(contributionTable(c, run: run).renderText()) }
        return parts.joined(separator: "\n")
    }

    /// The terminal table of one model.
    public static func modelTable(_ o: ModelOutcome, run: EstimateRun) -> TextTable {
        switch o.estimate {
        case .single(let r):
            var t = RegressionReport.table(r)
            t.title = "Model \(o.spec.name): \(r.model), dependent variable \(r.responseName)"
            let weights = o.spec.weights.map { ["Weights: \($0) (share of the sample's \($0 == "empshare" ? "employment" : "wage bill") in each year)"] } ?? []
            t.notes = [sampleNote(o), "Formula: \(o.spec.formula)"] + weights + t.notes + commonNotes(run)
            return t
        case .system(let s):
            var t = TextTable(header: ["equation", "term", "estimate", "std. error", "t value", "Pr(>|t|)"],
                              title: "Model \(o.spec.name): SUR system (\(s.fit.options.iterate ? "iterated" : "feasible") GLS)")
            var last = ""
            for c in s.fit.coefficients {
                if c.equation != last && !last.isEmpty { t.addRule() }
                last = c.equation
                t.append([c.equation, c.term, short(c.estimate), short(c.stdError), short(c.tValue), short(c.pValue)])
            }
            var notes = [sampleNote(o)]
            notes += o.spec.equations.map { "Equation: \($0)" }
            notes.append("Observations per equation: \(s.observations)" + (s.droppedRows > 0 ? " (\(s.droppedRows) sample rows with a missing value dropped from every equation)" : ""))
            for e in s.fit.equations { notes.append("R2 \(e.name): \(short(e.r2)) (of the demeaned response)") }
            if !s.fixedEffects.isEmpty {
                notes.append("Fixed effects " + s.fixedEffects.map { "\($0.name) (\($0.levels) levels)" }.joined(separator: ", ")
                             + " partialled out of every equation before SUR (exact: equal to dummies in each equation)")
            }
            if !o.spec.restrictions.isEmpty { notes.append("Restrictions imposed: " + o.spec.restrictions.joined(separator: "; ")) }
            notes.append("Homogeneity holds by writing wages relative to w_h; adding-up by dropping the last share")
            notes.append("Iterations: \(s.fit.iterations)" + (s.fit.converged ? " (converged)" : " (NOT converged)"))
            notes.append("Standard errors: GLS covariance, residual covariance with divisor T; t tests with \(s.fit.systemDegreesOfFreedom) df (absorbed effects not counted)")
            t.notes = notes + commonNotes(run)
            return t
        }
    }

    /// The terminal table of one decomposition (contributions in percent of the change).
    public static func contributionTable(_ c: ContributionTable, run: EstimateRun) -> TextTable {
        var t = TextTable(header: ["regressor", "coefficient", "change dX", "contribution %", "std. error %"],
                          title: "Contributions to the change in \(c.response), \(c.from)-\(c.to) (model \(c.model))")
        var ruled = false
        for r in c.rows {
            if r.isGroup && !ruled { t.addRule(); ruled = true }
            t.append([r.name, r.coefficient.map(short) ?? "", r.change.map(short) ?? "", fixed(100 * r.contribution),
                      fixed(100 * r.standardError)])
        }
        t.notes = ["Weighted change of \(c.response): dS = \(short(c.totalChange)) (weights \(c.weighting); \(c.industries.count) industries)",
                   "contribution_k = b_k dX_k / dS; delta-method standard errors sqrt(c'Vc) with the model's covariance"]
            + c.notes + commonNotes(run)
        return t
    }

    /// CSV of every model's coefficients (`model` column first).
    public static func csv(_ run: EstimateRun) -> String {
        var t = TextTable(header: csvHeader)
        for o in run.outcomes { for row in csvRows(o) { t.append(row) } }
        return t.renderCSV()
    }

    /// CSV of one model's coefficients.
    public static func csv(_ o: ModelOutcome) -> String {
        var t = TextTable(header: csvHeader)
        for row in csvRows(o) { t.append(row) }
        return t.renderCSV()
    }

    static func csvRows(_ o: ModelOutcome) -> [[String]] {
        switch o.estimate {
        case .single(let r):
            return (0..<r.terms.count).map { i in
                [o.spec.name, r.terms[i], full(r.estimates[i]), full(r.standardErrors[i]), full(r.tValues[i]), full(r.pValues[i])]
            }
        case .system(let s):
            return s.fit.coefficients.map { [o.spec.name, $0.name, full($0.estimate), full($0.stdError), full($0.tValue), full($0.pValue)] }
        }
    }

    /// CSV of every contributions table.
    public static func contributionsCSV(_ run: EstimateRun) -> String {
        var t = TextTable(header: contributionsHeader)
        for c in run.contributions {
            for r in c.rows {
                t.append([c.model, c.response, String(c.from), String(c.to), c.weighting, r.name, r.terms.joined(separator: ";"),
                          r.coefficient.map(full) ?? "", r.change.map(full) ?? "", full(c.totalChange), full(r.contribution),
                          full(r.standardError)])
            }
        }
        return t.renderCSV()
    }

    /// The JSON object of one model.
    public static func json(_ o: ModelOutcome, run: EstimateRun) -> JSONValue {
        var head: [(String, JSONValue)] = [("model", .string(o.spec.name)), ("sample", .string(o.spec.sampleDescription)),
                                           ("synthetic", .bool(run.config.synthetic))]
        switch o.estimate {
        case .single(let r):
            if case .object(let pairs) = RegressionReport.json(r) { head += pairs }
        case .system(let s):
            // The `offshore sur` JSON schema.
            func coefficient(_ c: SURCoefficient, term: String) -> JSONValue {
                .object([("term", .string(term)), ("estimate", .number(c.estimate)), ("std_error", .number(c.stdError)),
                         ("t_value", .number(c.tValue)), ("p_value", .number(c.pValue))])
            }
            func matrix(_ m: Matrix) -> JSONValue { .array((0..<m.rows).map { i in .array(m.row(i).map { .number($0) }) }) }
            let equations: [JSONValue] = s.fit.equations.enumerated().map { i, eq in
                .object([("name", .string(eq.name)), ("formula", .string(i < o.spec.equations.count ? o.spec.equations[i] : "")),
                         ("nobs", .int(eq.observations)), ("r2", .number(eq.r2)), ("ssr", .number(eq.ssr)),
                         ("coefficients", .array(s.fit.coefficients.filter { $0.equation == eq.name }.map { coefficient($0, term: $0.term) }))])
            }
            head += [("method", .string(s.fit.options.iterate ? "iterated SUR" : "SUR")),
                     ("coefficients", .array(s.fit.coefficients.map { coefficient($0, term: $0.name) })),
                     ("equations", .array(equations)), ("nobs", .int(s.observations)), ("rows_dropped", .int(s.droppedRows)),
                     ("iterations", .int(s.fit.iterations)), ("converged", .bool(s.fit.converged)),
                     ("vcov", .string("GLS, residual covariance with divisor T")),
                     ("fixed_effects_partialled_out", .array(s.fixedEffects.map { .string($0.name) })),
                     ("restrictions", .array(o.spec.restrictions.map { .string($0) })),
                     ("residual_covariance", matrix(s.fit.residualCovariance)),
                     ("residual_correlation", matrix(s.fit.residualCorrelation)), ("dropped", .array([]))]
        }
        return .object(head)
    }

    /// The JSON object of one contributions table.
    public static func json(_ c: ContributionTable) -> JSONValue {
        .object([("model", .string(c.model)), ("response", .string(c.response)), ("from", .int(c.from)), ("to", .int(c.to)),
                 ("weights", .string(c.weighting)), ("total_change", .number(c.totalChange)),
                 ("industries", .array(c.industries.map { .string($0) })),
                 ("rows", .array(c.rows.map { r in
                     .object([("name", .string(r.name)), ("terms", .array(r.terms.map { .string($0) })), ("group", .bool(r.isGroup)),
                              ("coefficient", r.coefficient.map { .number($0) } ?? .null), ("change", r.change.map { .number($0) } ?? .null),
                              ("contribution", .number(r.contribution)), ("std_error", .number(r.standardError))])
                 })),
                 ("notes", .array(c.notes.map { .string($0) }))])
    }

    /// The whole run as JSON.
    public static func json(_ run: EstimateRun) -> JSONValue {
        .object([("models", .array(run.outcomes.map { json($0, run: run) })),
                 ("contributions", .array(run.contributions.map(json))),
                 ("notes", .array(commonNotes(run).map { .string($0) }))])
    }

    static func short(_ d: Double) -> String {
        guard d.isFinite else { return "NA" }
        if d == 0 { return "0" }
        return abs(d) >= 1e-4 && abs(d) < 1e7 ? String(format: "%.6g", d) : String(format: "%.4e", d)
    }

    static func fixed(_ d: Double) -> String { d.isFinite ? String(format: "%.2f", d) : "NA" }

    static func full(_ d: Double) -> String { d.isFinite ? jsonNumber(d) : "NA" }
}
