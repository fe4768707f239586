import DataIO
import Econometrics
import Foundation

/// Renders a fitted model's `ModelRecord` for people (an esttab-like text table) and for programs (CSV, JSON):
/// the outputs of `offshore regress` and `offshore sur`, and the model tables of `offshore estimate`.
public enum RegressionReport {
    /// The exact CSV header of `offshore sur --format csv` and the first five columns of `offshore regress`'s.
    public static let csvHeader = ["term", "estimate", "std_error", "t_value", "p_value"]
    /// The columns `offshore regress` adds: the t test's 95 % interval.
    public static let intervalHeader = ["ci_low", "ci_high"]
    /// The columns `offshore regress --bootstrap` adds after those: the wild bootstrap's p-value and interval.
    public static let bootstrapHeader = ["boot_p_value", "boot_ci_low", "boot_ci_high"]

    /// A number for a terminal: 6 significant digits, or `NA` (`NumberText.short`).
    static func short(_ d: Double) -> String { NumberText.short(d) }

    /// A p-value for a terminal.
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        return p < 1e-16 ? "<1e-16" : short(p)
    }

    /// Significance stars: *** p<0.01, ** p<0.05, * p<0.1.
    public static func stars(_ p: Double) -> String { SignificanceStars().mark(p) }

    /// An integer with thousands separators for readability.
    static func count(_ n: Int) -> String { NumberText.grouped(n) }

    /// A number at full (round-trip) precision, `NA` when not finite.
    public static func full(_ d: Double) -> String { NumberText.shortest(d) }

    // MARK: single equations

    /// The terminal table of a single-equation model: one row per coefficient, then the sample, fit and
    /// conventions as notes.
    public static func table(_ m: ModelRecord) -> TextTable {
        let eq = m.equations.first ?? ModelRecord.Equation(response: "", terms: [], observations: 0, r2: .nan, rss: .nan)
        let boot = m.bootstrap
        let level = boot.map { NumberText.short($0.level * 100) } ?? ""
        var t = TextTable(header: ["term", "estimate", "std. error", "t value", "Pr(>|t|)", ""]
                                  + (boot == nil ? [] : ["boot p", "boot \(level)% CI low", "high"]),
                          title: "\(m.model): dependent variable \(eq.response)")
        t.alignments[5] = .left
        for term in eq.terms {
            var row = [term.name, short(term.estimate), short(term.standardError), short(term.tValue),
                       pValue(term.pValue), stars(boot == nil ? term.pValue : term.bootstrap?.pValue ?? .nan)]
            if boot != nil {
                let b = term.bootstrap
                // No draw beyond the statistic: the p-value is below 1/B, not 0 (nor "<1e-16").
                let p = b.map { $0.pValue == 0 ? "<" + short(1 / Double(boot?.draws ?? 1)) : pValue($0.pValue) } ?? "NA"
                row += [p, short(b?.ciLow ?? .nan), short(b?.ciHigh ?? .nan)]
            }
            t.append(row)
        }
        var notes: [String] = []
        notes.append("Observations: \(count(eq.observations))" + (m.rows.map(droppedRows) ?? ""))
        if m.model.hasPrefix("Between") {
            notes.append("Entities (one observation each): \(count(eq.observations)), from \(count(m.rows?.used ?? 0)) rows")
        }
        if let w = m.weights { notes.append("Analytic weights: \(w)") }
        for fe in eq.fixedEffects { notes.append("Fixed effect \(fe.name): \(count(fe.count)) levels") }
        if !eq.fixedEffects.isEmpty { notes.append("Absorbed parameters: \(count(eq.absorbedParameters))") }
        var fit = "R2: \(short(eq.r2))  adj. R2: \(short(eq.adjustedR2 ?? .nan))"
        if let w = eq.withinR2 { fit += "  within R2: \(short(w))" }
        fit += "  RMSE: \(short(eq.rmse ?? .nan))"
        notes.append(fit)
        notes.append("Residual degrees of freedom: \(count(eq.residualDegreesOfFreedom ?? 0)) (N - K, K = \(eq.terms.count) coefficients + \(eq.absorbedParameters) absorbed)")
        if let f = m.fTest {
            notes.append("F(\(f.df1), \(f.df2)) = \(short(f.statistic)), p = \(pValue(f.pValue))"
                         + (m.model.contains("2SLS") ? " (Wald, iid)" : ""))
        }
        for c in m.clusters { notes.append("Clusters in \(c.name): \(count(c.count))") }
        if let fewest = m.clusters.map(\.count).min(), fewest < fewClustersThreshold {
            if let b = boot {
                notes.append("Warning: only \(fewest) clusters; cluster-robust standard errors are biased downwards and t tests "
                             + "over-reject with fewer than about \(fewClustersThreshold) clusters (Cameron and Miller 2015): "
                             + "the stars, boot p and intervals are from the wild cluster bootstrap (\(b.spec.type == .restricted ? "restricted" : "unrestricted"), "
                             + "\(b.spec.weights.rawValue), seed \(b.spec.seed)); std. error and Pr(>|t|) are CR1's, for reference")
            } else {
                notes.append("Warning: only \(fewest) clusters; cluster-robust standard errors are biased downwards and tests "
                             + "over-reject with fewer than about \(fewClustersThreshold) clusters (Cameron and Miller 2015): "
                             + (m.model.contains("2SLS") ? "compare with hc1" : "compare with hc1 or a wild cluster bootstrap (--bootstrap wild)"))
            }
        }
        if !m.instruments.isEmpty { notes.append("Instruments: \(m.instruments.joined(separator: ", "))") }
        for fs in m.firstStages {
            var line = "First stage \(fs.endogenous): F(\(fs.df1), \(fs.df2)) = \(short(fs.f)), p = \(pValue(fs.pValue))"
            if let rf = fs.robustF, let d2 = fs.robustDf2, let kind = fs.robustKind {
                line += " (iid); robust Wald F(\(fs.df1), \(short(d2))) = \(short(rf)), p = \(pValue(fs.robustPValue ?? .nan)), \(kind)"
            }
            notes.append(line)
        }
        if !m.dropped.isEmpty { notes.append("Dropped as collinear: \(m.dropped.joined(separator: ", "))") }
        notes.append("Standard errors: \(m.vcovDescription)")
        if let b = boot {
            notes.append("Bootstrap: \(b.description); boot p: symmetric p-value of the coefficient being 0; CI by test inversion (\(b.spec.name))")
            if !b.fixedEffectsNotNested.isEmpty {
                notes.append("Bootstrap residuals re-projected on the fixed effects not nested in the clusters: \(b.fixedEffectsNotNested.joined(separator: ", "))")
            }
            if let j = b.joint {
                notes.append("Joint test (\(j.restrictions.joined(separator: "; "))): Wald/q = \(short(j.statistic)) (CR1), bootstrap p = \(pValue(j.pValue))")
            }
        }
        notes.append("Significance\(boot == nil ? "" : " (boot p)"): *** p<0.01, ** p<0.05, * p<0.1")
        for w in m.notes { notes.append("Warning: \(w)") }
        t.notes = notes
        return t
    }

    /// Several models side by side (`offshore regress` with `csw()`/`sw()`), as the report's regression tables:
    /// one column per model, numbered `(1)`, `(2)`, ..., 3 significant digits and stars; the formulas and each
    /// model's warnings (said once, naming the models) as notes. Render it as text, LaTeX, Markdown or HTML.
    /// - Throws: `InputError` when there is no model.
    public static func sideBySide(_ records: [ModelRecord], formulas: [String]) throws -> PublicationTable {
        let columns = records.flatMap { ModelSummary.columns($0) }
        var o = RegressionTableOptions()
        var notes = formulas.enumerated().map { "(\($0.offset + 1)) \($0.element)" }
        var warnings: [(text: String, models: [Int])] = []
        for (k, m) in records.enumerated() {
            for w in table(m).notes where w.hasPrefix("Warning: ") {
                let text = String(w.dropFirst("Warning: ".count))
                if let i = warnings.firstIndex(where: { $0.text == text }) { warnings[i].models.append(k + 1) }
                else { warnings.append((text, [k + 1])) }
            }
        }
        notes += warnings.map { "Warning (" + $0.models.map { "(\($0))" }.joined(separator: ", ") + "): " + $0.text }
        o.extraNotes = notes
        return try RegressionTableBuilder.table(columns, options: o)
    }

    /// Why rows were left out, as a parenthesis (empty when none was).
    static func droppedRows(_ a: RowAccounting) -> String {
        var parts: [String] = []
        if a.missing > 0 { parts.append("\(count(a.missing)) with missing values") }
        if a.zeroWeight > 0 { parts.append("\(count(a.zeroWeight)) with zero weight") }
        if a.singletons > 0 { parts.append("\(count(a.singletons)) singletons") }
        if a.noPreviousPeriod > 0 { parts.append("\(count(a.noPreviousPeriod)) without the previous period to difference") }
        return parts.isEmpty ? "" : " (of \(count(a.total)) rows; dropped: \(parts.joined(separator: ", ")))"
    }

    /// The CSV rows of a model, `term,estimate,std_error,t_value,p_value`, one per coefficient of every equation
    /// (a system's named `EQUATION:term`), each number written by `number`.
    public static func csvRows(_ m: ModelRecord, number: (Double) -> String = full) -> [[String]] {
        m.allTerms.map { name, term in
            [name, number(term.estimate), number(term.standardError), number(term.tValue), number(term.pValue)]
        }
    }

    /// CSV, one row per term, header `term,estimate,std_error,t_value,p_value`, numbers at full precision
    /// (`number`: `full` for `offshore regress`, Swift's round-trip text for `offshore sur`).
    public static func csv(_ m: ModelRecord, number: (Double) -> String = full) -> String {
        var t = TextTable(header: csvHeader)
        for row in csvRows(m, number: number) { t.append(row) }
        return t.renderCSV()
    }

    /// The CSV of `offshore regress`: the five columns of `csv`, then `ci_low,ci_high` (the t test's 95 %
    /// interval) and, when the record has a bootstrap, `boot_p_value,boot_ci_low,boot_ci_high`.
    public static func regressCSV(_ m: ModelRecord) -> String {
        let withBoot = m.bootstrap != nil
        var t = TextTable(header: csvHeader + intervalHeader + (withBoot ? bootstrapHeader : []))
        for (row, (_, term)) in zip(csvRows(m), m.allTerms) {
            var r = row + [full(term.ciLow), full(term.ciHigh)]
            if withBoot {
                r += [full(term.bootstrap?.pValue ?? .nan), full(term.bootstrap?.ciLow ?? .nan), full(term.bootstrap?.ciHigh ?? .nan)]
            }
            t.append(r)
        }
        return t.renderCSV()
    }

    /// The JSON of `offshore regress`: `json`'s keys, each coefficient with `ci_low`, `ci_high` and, with a
    /// bootstrap, `boot_p_value`, `boot_ci_low`, `boot_ci_high`; with a bootstrap also `bootstrap` (what was
    /// done, the seed, the joint test).
    public static func regressJSON(_ m: ModelRecord) -> JSONValue {
        guard case .object(var fields) = json(m) else { return json(m) }
        let coefficients: [JSONValue] = m.allTerms.map { name, term in
            guard case .object(var f) = json(term, name: name) else { return json(term, name: name) }
            f += [("ci_low", .number(term.ciLow)), ("ci_high", .number(term.ciHigh))]
            if m.bootstrap != nil {
                f += [("boot_p_value", .number(term.bootstrap?.pValue ?? .nan)), ("boot_ci_low", .number(term.bootstrap?.ciLow ?? .nan)),
                      ("boot_ci_high", .number(term.bootstrap?.ciHigh ?? .nan))]
            }
            return .object(f)
        }
        if let i = fields.firstIndex(where: { $0.0 == "coefficients" }) { fields[i].1 = .array(coefficients) }
        if let b = m.bootstrap {
            var bf: [(String, JSONValue)] = [
                ("method", .string(b.description)), ("spec", .string(b.spec.name)), ("cluster", .string(b.spec.cluster ?? "")),
                ("clusters", .int(b.clusters)), ("draws", .int(b.draws)), ("enumerated", .bool(b.enumerated)),
                ("weights", .string(b.spec.weights.rawValue)), ("type", .string(b.spec.type.rawValue)),
                ("seed", .string(String(b.spec.seed))), ("level", .number(b.level)),
            ]
            if let j = b.joint {
                bf.append(("joint", .object([("restrictions", .array(j.restrictions.map { .string($0) })),
                                             ("wald_over_q", .number(j.statistic)), ("df", .int(j.restrictionCount)),
                                             ("boot_p_value", .number(j.pValue))])))
            }
            fields.append(("bootstrap", .object(bf)))
        }
        return .object(fields)
    }

    /// One coefficient as a JSON object: `term`, `estimate`, `std_error`, `t_value`, `p_value`.
    static func json(_ term: ModelRecord.Term, name: String) -> JSONValue {
        .object([("term", .string(name)), ("estimate", .number(term.estimate)), ("std_error", .number(term.standardError)),
                 ("t_value", .number(term.tValue)), ("p_value", .number(term.pValue))])
    }

    /// The JSON object of `offshore regress --format json`, keys exactly `coefficients`, `nobs`, `r2`,
    /// `r2_within` (null without fixed effects), `vcov` and `dropped`; for 2SLS also `first_stages` (see
    /// `json(_:)` of a first stage).
    public static func json(_ m: ModelRecord) -> JSONValue {
        let eq = m.equations.first
        var keys: [(String, JSONValue)] = [
            ("coefficients", .array(m.allTerms.map { json($0.term, name: $0.name) })),
            ("nobs", .int(eq?.observations ?? 0)),
            ("r2", .number(eq?.r2 ?? .nan)),
            ("r2_within", eq?.withinR2.map { .number($0) } ?? .null),
            ("vcov", .string(m.vcovDescription)),
            ("dropped", .array(m.dropped.map { .string($0) })),
        ]
        if !m.firstStages.isEmpty { keys.append(("first_stages", .array(m.firstStages.map(json)))) }
        return .object(keys)
    }

    /// One first stage of 2SLS: `endogenous`, the iid F of the excluded instruments (`f_iid`, `df1`, `df2`,
    /// `p_iid`) and, when the model's estimator is not iid, its robust Wald F (`f_robust` on `df1` and
    /// `df2_robust`, `p_robust`, and `robust_kind`, the estimator in words); the robust keys are null otherwise.
    static func json(_ fs: FirstStage) -> JSONValue {
        .object([("endogenous", .string(fs.endogenous)), ("f_iid", .number(fs.f)), ("df1", .int(fs.df1)),
                 ("df2", .int(fs.df2)), ("p_iid", .number(fs.pValue)),
                 ("f_robust", fs.robustF.map { .number($0) } ?? .null),
                 ("df2_robust", fs.robustDf2.map { .number($0) } ?? .null),
                 ("p_robust", fs.robustPValue.map { .number($0) } ?? .null),
                 ("robust_kind", fs.robustKind.map { .string($0) } ?? .null)])
    }

    /// `table(_:)` of a single-equation result.
    public static func table(_ r: RegressionResult) -> TextTable { table(ModelRecord(r)) }
    /// `csv(_:)` of a single-equation result.
    public static func csv(_ r: RegressionResult) -> String { csv(ModelRecord(r)) }
    /// `json(_:)` of a single-equation result.
    public static func json(_ r: RegressionResult) -> JSONValue { json(ModelRecord(r)) }

    // MARK: systems

    /// How p-values of a system are computed, in words.
    static func systemPValues(_ s: ModelRecord.System) -> String {
        s.restrictions.isEmpty ? "Student t with T - k df per equation"
            : "Student t with the system's \(s.degreesOfFreedom) df (M*T - K + R)"
    }

    /// The terminal table of `offshore sur`: the coefficients by equation, the system's details as notes, then the
    /// residual covariance and correlation.
    public static func systemTable(_ m: ModelRecord) -> String {
        guard let s = m.system else { return table(m).renderText() }
        let method = s.iterated ? "iterated SUR" : "SUR (feasible GLS)"
        let used = m.equations.first?.observations ?? 0
        let title = "\(method): \(m.equations.count) equation\(m.equations.count == 1 ? "" : "s"), \(used) observations each"
        // The columns, digits and stars of `offshore regress`'s table.
        var t = TextTable(header: ["term", "estimate", "std. error", "t value", "Pr(>|t|)", ""], title: title)
        t.alignments[5] = .left
        for eq in m.equations {
            for term in eq.terms {
                t.append([eq.qualifiedName(term), short(term.estimate), short(term.standardError), short(term.tValue),
                          pValue(term.pValue), stars(term.pValue)])
            }
            t.addRule()
        }
        for eq in m.equations {
            t.notes.append("\(eq.name ?? ""): \(eq.formula ?? "")   N = \(eq.observations)   R2 = \(NumberText.fixed(eq.r2, decimals: 4))   SSR = \(NumberText.significant(eq.rss, digits: 6))")
        }
        var rows = "Observations: \(used) per equation from \(s.rows) data rows"
        if let p = s.pairedBy { rows += ", paired by \(p)" }
        rows += s.droppedRows > 0 ? "; \(s.droppedRows) dropped for a missing value or no partner in every equation." : "; none dropped."
        t.notes.append(rows)
        if !s.restrictions.isEmpty { t.notes.append("Restrictions imposed: " + s.restrictions.joined(separator: "; ")) }
        if s.iterated {
            t.notes.append(s.converged ? "Converged after \(s.iterations) GLS steps (relative change < \(s.tolerance))."
                                       : "WARNING: not converged after \(s.iterations) GLS steps; estimates are from the last step.")
        }
        t.notes.append("Standard errors from the GLS covariance; residual covariance with divisor \(s.divisorFormula); p-values: \(systemPValues(s)).")
        t.notes.append("Significance: *** p<0.01, ** p<0.05, * p<0.1")
        let names = m.equations.map { $0.name ?? "" }
        var cov = TextTable(header: ["residual cov. / corr."] + names)
        let sigma = s.residualCovariance, corr = s.residualCorrelation
        for (i, name) in names.enumerated() {
            cov.append([name] + names.indices.map { j in
                j < i ? NumberText.fixed(corr[i][j], decimals: 4) : NumberText.significant(sigma[i][j], digits: 6)
            })
        }
        t.notes.append("Residual covariance (upper triangle and diagonal) and correlation (lower triangle):")
        return t.renderText() + cov.renderText()
    }

    /// The JSON object of a system: the `offshore regress` keys plus `method`, `equations`, `rows_dropped`,
    /// `iterations`, `converged`, `restrictions` and the residual covariance and correlation; `details` come
    /// after `vcov` (`p_values` for `offshore sur`, the fixed effects partialled out for `offshore estimate`).
    public static func systemJSON(_ m: ModelRecord, method: String, details: [(String, JSONValue)]) -> JSONValue {
        guard let s = m.system else { return json(m) }
        let equations: [JSONValue] = m.equations.map { eq in
            .object([("name", .string(eq.name ?? "")), ("formula", .string(eq.formula ?? "")), ("nobs", .int(eq.observations)),
                     ("r2", .number(eq.r2)), ("ssr", .number(eq.rss)),
                     ("coefficients", .array(eq.terms.map { json($0, name: $0.name) }))])
        }
        func matrix(_ rows: [[Double]]) -> JSONValue { .array(rows.map { .array($0.map { .number($0) }) }) }
        return .object([
            ("method", .string(method)),
            ("coefficients", .array(m.allTerms.map { json($0.term, name: $0.name) })),
            ("equations", .array(equations)),
            ("nobs", .int(m.equations.first?.observations ?? 0)),
            ("rows_dropped", .int(s.droppedRows)),
            ("iterations", .int(s.iterations)),
            ("converged", .bool(s.converged)),
            ("vcov", .string(m.vcovDescription)),
        ] + details + [
            ("restrictions", .array(s.restrictions.map { .string($0) })),
            ("residual_covariance", matrix(s.residualCovariance)),
            ("residual_correlation", matrix(s.residualCorrelation)),
            ("dropped", .array([])),
        ])
    }

    /// The JSON object of `offshore sur --format json`.
    public static func surJSON(_ m: ModelRecord) -> JSONValue {
        guard let s = m.system else { return json(m) }
        return systemJSON(m, method: s.iterated ? "iterated SUR" : "SUR (feasible GLS)",
                          details: [("p_values", .string(systemPValues(s)))])
    }
}

/// Below this many clusters a table warns that cluster-robust inference is unreliable (Cameron and Miller 2015,
/// "A Practitioner's Guide to Cluster-Robust Inference", put the danger zone at fewer than 20-50 clusters).
public let fewClustersThreshold = 30
