import DataIO
import Econometrics
import Foundation
import Linalg
import OffshoringModels
import Reporting

/// Terminal, CSV and JSON renderings of an `EstimateRun`.
///
/// CSV (`--format csv`) is one file for every model: the `offshore regress` columns preceded by a `model` column,
/// `model,term,estimate,std_error,t_value,p_value`; system coefficients are named `EQUATION:term`. When a model
/// has a wild cluster bootstrap (the default below 30 clusters) the columns `boot_p_value,boot_ci_low,boot_ci_high`
/// follow (NA for the models without one); `std_error`, `t_value` and `p_value` stay the variance estimator's (CR1).
/// JSON is `{"models": [...], "contributions": [...], "notes": [...]}`, each model the `offshore regress` object
/// (`coefficients`, `nobs`, `r2`, `r2_within`, `vcov`, `dropped`), or for a system the `offshore sur` object,
/// preceded by `model`, `sample` and `synthetic`.
public enum EstimateReport {
    /// The CSV header of the model estimates.
    public static let csvHeader = ["model"] + RegressionReport.csvHeader
    /// The CSV header of the contributions table: `ci_low,ci_high` the 95 % interval, `interval` how it was computed
    /// (`bootstrap`: the model's wild cluster bootstrap; `delta`: the delta method).
    public static let contributionsHeader = ["model", "response", "from", "to", "weights", "name", "terms", "coefficient",
                                             "change", "total_change", "contribution", "std_error", "ci_low", "ci_high", "interval"]

    /// Notes shared by every table of the run (the synthetic warning first).
    static func commonNotes(_ run: EstimateRun) -> [String] {
        (run.config.synthetic ? [run.config.syntheticNote] : []) + run.notes
    }

    static func sampleNote(_ o: ModelOutcome) -> String {
        "Sample: \(o.spec.sampleDescription) (\(o.industries.count) industries, \(describeYears(o.years)))"
    }

    /// The terminal output: one side-by-side table per family of models (production, labour demand, skills,
    /// other; split as the report splits them, at most `RunSummaryReport.maxColumnsPerTable` columns, so that a
    /// table fits a terminal), the contribution tables, then the notes once: each model's sample and what only it
    /// says (restrictions, convergence, warnings), then the run's notes (the synthetic warning first).
    ///
    /// The tables are the report's text tables (`RunSummaryReport`, English, default digits), so the terminal
    /// and `tables/*.txt` of a report agree; `modelTable(_:run:)` keeps the one-model regress-style table.
    public static func text(_ run: EstimateRun) -> String {
        var parts: [String] = []
        let summary = self.summary(run, toolVersion: "")
        // The default settings cannot fail (English, no labels file); if they ever did, fall back to one table per model.
        if let settings = try? PublicationSettings() {
            for table in summary.modelTables where !table.models.isEmpty {
                guard let section = try? RunSummaryReport.modelSection(table, settings: settings, synthetic: [], unit: summary.offshoringUnit) else {
                    return fallbackText(run)
                }
                for case let .table(_, t) in section.items {
                    // One formula a line in a terminal (the report joins them into one note).
                    var t = t
                    t.notes = t.notes.flatMap { n -> [String] in
                        guard n.hasPrefix("Formulas: ") else { return [n] }
                        return ["Formulas:"] + n.dropFirst("Formulas: ".count).components(separatedBy: "; ").map { "  " + $0 }
                    }
                    parts.append(TextRenderer.render(t))
                }
            }
        } else {
            return fallbackText(run)
        }
        for c in run.contributions {
            var t = contributionTable(c, run: run)
            t.notes.removeLast(commonNotes(run).count)
            parts.append(t.renderText())
        }
        var notes: [String] = []
        // A warning shared by several models (few clusters) is said once, naming them.
        var warnings: [(text: String, models: [String])] = []
        for o in run.outcomes {
            // The sample and years are rows of the tables; what each sample left out is in the run's notes.
            var own: [String] = []
            switch o.estimate {
            case .single:
                // From the model's record, which carries its bootstrap (the warning then says what was done).
                let shared = RegressionReport.table(o.record).notes.filter { $0.hasPrefix("Warning: ") }.map { String($0.dropFirst("Warning: ".count)) }
                for text in shared + defaultBootstrapNote(o) {
                    if let k = warnings.firstIndex(where: { $0.text == text }) { warnings[k].models.append(o.spec.name) }
                    else { warnings.append((text, [o.spec.name])) }
                }
                if let w = o.spec.weights { own.append("Weights: \(w)") }
            case .system(let s):
                if !o.spec.restrictions.isEmpty { own.append("Restrictions imposed: " + o.spec.restrictions.joined(separator: "; ")) }
                own.append("SUR \(s.fit.options.iterate ? "iterated" : "feasible") GLS, iterations: \(s.fit.iterations)"
                           + (s.fit.converged ? " (converged)" : " (NOT converged)"))
                if !s.fixedEffects.isEmpty {
                    own.append("fixed effects " + s.fixedEffects.map(\.name).joined(separator: ", ") + " partialled out of every equation")
                }
            case .gmm:
                // The diagnostics (AR(2), Hansen J, instruments, groups) and warnings are the record's notes.
                for n in o.record.notes {
                    if n.hasPrefix("Warning: ") {
                        let text = String(n.dropFirst("Warning: ".count))
                        if let k = warnings.firstIndex(where: { $0.text == text }) { warnings[k].models.append(o.spec.name) }
                        else { warnings.append((text, [o.spec.name])) }
                    } else { own.append(n) }
                }
            }
            notes += own.map { "\(o.spec.name): \($0)" }
        }
        notes += warnings.map { w in
            w.text.hasPrefix("Inference: ") ? "Inference (\(w.models.joined(separator: ", "))): " + w.text.dropFirst("Inference: ".count)
                : "Warning (\(w.models.joined(separator: ", "))): \(w.text)"
        }
        notes += commonNotes(run)
        parts.append((["Notes"] + notes).joined(separator: "\n") + "\n")
        return parts.joined(separator: "\n")
    }

    /// One regress-style table per model, then the contribution tables (used only if the report's tables fail).
    static func fallbackText(_ run: EstimateRun) -> String {
        var parts: [String] = []
        for o in run.outcomes { parts.append(modelTable(o, run: run).renderText()) }
        for c in run.contributions { parts.append(contributionTable(c, run: run).renderText()) }
        return parts.joined(separator: "\n")
    }

    /// The terminal table of one model.
    public static func modelTable(_ o: ModelOutcome, run: EstimateRun) -> TextTable {
        switch o.estimate {
        case .single(let r):
            var t = RegressionReport.table(o.record)
            t.title = "Model \(o.spec.name): \(r.model), dependent variable \(r.responseName)"
            let weights = o.spec.weights.map { ["Weights: \($0) (share of the sample's \($0 == "empshare" ? "employment" : "wage bill") in each year)"] } ?? []
            t.notes = [sampleNote(o), "Formula: \(o.spec.formula)"] + weights + t.notes + defaultBootstrapNote(o) + commonNotes(run)
            return t
        case .system(let s):
            var t = TextTable(header: ["equation", "term", "estimate", "std. error", "t value", "Pr(>|t|)"],
                              title: "Model \(o.spec.name): SUR system (\(s.fit.options.iterate ? "iterated" : "feasible") GLS)")
            for (k, eq) in o.record.equations.enumerated() {
                if k > 0 { t.addRule() }
                for c in eq.terms {
                    t.append([eq.name ?? "", c.name, short(c.estimate), short(c.standardError), short(c.tValue), short(c.pValue)])
                }
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
            notes.append("Standard errors: GLS covariance, residual covariance with divisor \(s.fit.options.divisorFormula); t tests with \(s.fit.systemDegreesOfFreedom) df ("
                         + (s.fit.options.absorbedParameters > 0 ? "absorbed effects counted" : "absorbed effects not counted") + ")")
            t.notes = notes + commonNotes(run)
            return t
        case .gmm(let g):
            let m = o.record
            var t = TextTable(header: ["term", "estimate", "std. error", "z value", "Pr(>|z|)", ""],
                              title: "Model \(o.spec.name): \(m.model), dependent variable \(m.equations.first?.response ?? "")")
            t.alignments[5] = .left
            for c in m.equations.first?.terms ?? [] {
                t.append([c.name, short(c.estimate), short(c.standardError), short(c.tValue), RegressionReport.pValue(c.pValue), RegressionReport.stars(c.pValue)])
            }
            t.notes = [sampleNote(o), "Formula: \(o.spec.formula)"] + m.notes
                + ["Standard errors: \(m.vcovDescription); \(g.groupCount) groups", "Significance: *** p<0.01, ** p<0.05, * p<0.1"]
                + commonNotes(run)
            return t
        }
    }

    /// The note of a model whose bootstrap is `estimate`'s default: why, and how to turn it off.
    static func defaultBootstrapNote(_ o: ModelOutcome) -> [String] {
        guard o.bootstrapIsDefault, let b = o.bootstrap else { return [] }
        return ["Inference: the wild cluster bootstrap is estimate's default for models clustered on fewer than \(ModelSpec.bootstrapClusterThreshold) clusters "
                + "(\(b.clusters) here; CR1 with t(G-1) over-rejects, Reports/benchmarks/size-study.md); bootstrap = \"none\" in the model's config turns it off"]
    }

    /// The terminal table of one decomposition (contributions in percent of the change).
    public static func contributionTable(_ c: ContributionTable, run: EstimateRun) -> TextTable {
        var t = TextTable(header: ["regressor", "coefficient", "change dX", "contribution %", "std. error %",
                                   c.bootstrapped ? "boot 95% CI low %" : "95% CI low %", "high %"],
                          title: "Contributions to the change in \(c.response), \(c.from)-\(c.to) (model \(c.model))")
        var ruled = false
        for r in c.rows {
            if r.isGroup && !ruled { t.addRule(); ruled = true }
            t.append([r.name, r.coefficient.map(short) ?? "", r.change.map(short) ?? "", fixed(100 * r.contribution),
                      fixed(100 * r.standardError), fixed(100 * r.ciLow), fixed(100 * r.ciHigh)])
        }
        t.notes = ["Weighted change of \(c.response): dS = \(short(c.totalChange)) (weights \(c.weighting); \(c.industries.count) industries)",
                   "contribution_k = b_k dX_k / dS; delta-method standard errors sqrt(c'Vc) with the model's covariance",
                   "Intervals: " + c.interval]
            + c.notes + commonNotes(run)
        return t
    }

    /// CSV of every model's coefficients (`model` column first; the bootstrap columns when any model has one).
    public static func csv(_ run: EstimateRun) -> String {
        let withBoot = run.outcomes.contains { $0.bootstrap != nil }
        var t = TextTable(header: csvHeader + (withBoot ? RegressionReport.bootstrapHeader : []))
        for o in run.outcomes { for row in csvRows(o, bootstrapColumns: withBoot) { t.append(row) } }
        return t.renderCSV()
    }

    /// CSV of one model's coefficients (with the bootstrap columns when it has one).
    public static func csv(_ o: ModelOutcome) -> String {
        let withBoot = o.bootstrap != nil
        var t = TextTable(header: csvHeader + (withBoot ? RegressionReport.bootstrapHeader : []))
        for row in csvRows(o, bootstrapColumns: withBoot) { t.append(row) }
        return t.renderCSV()
    }

    static func csvRows(_ o: ModelOutcome, bootstrapColumns: Bool = false) -> [[String]] {
        let m = o.record
        return zip(RegressionReport.csvRows(m), m.allTerms).map { row, named in
            let b = named.1.bootstrap
            return [o.spec.name] + row + (bootstrapColumns ? [full(b?.pValue ?? .nan), full(b?.ciLow ?? .nan), full(b?.ciHigh ?? .nan)] : [])
        }
    }

    /// CSV of every contributions table.
    public static func contributionsCSV(_ run: EstimateRun) -> String {
        var t = TextTable(header: contributionsHeader)
        for c in run.contributions {
            for r in c.rows {
                t.append([c.model, c.response, String(c.from), String(c.to), c.weighting, r.name, r.terms.joined(separator: ";"),
                          r.coefficient.map(full) ?? "", r.change.map(full) ?? "", full(c.totalChange), full(r.contribution),
                          full(r.standardError), full(r.ciLow), full(r.ciHigh), c.bootstrapped ? "bootstrap" : "delta"])
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
            // With a bootstrap: `offshore regress --bootstrap`'s object (boot_p_value, boot_ci_low, boot_ci_high per
            // coefficient, `bootstrap` with the seed), and whether it is the default one.
            if o.bootstrap != nil {
                if case .object(let pairs) = RegressionReport.regressJSON(o.record) { head += pairs }
                head.append(("bootstrap_default", .bool(o.bootstrapIsDefault)))
            } else if case .object(let pairs) = RegressionReport.json(r) { head += pairs }
        case .system(let s):
            // The `offshore sur` JSON schema.
            let json = RegressionReport.systemJSON(o.record, method: s.fit.options.iterate ? "iterated SUR" : "SUR",
                                                   details: [("fixed_effects_partialled_out", .array(s.fixedEffects.map { .string($0.name) }))])
            if case .object(let pairs) = json { head += pairs }
        case .gmm:
            // `offshore regress`'s keys of the record (coefficients with normal p-values and intervals, notes).
            // `offshore regress`'s keys of the record (coefficients with normal p-values and intervals), then the method
            // and the diagnostics and warnings in words.
            let m = o.record
            if case .object(let pairs) = RegressionReport.regressJSON(m) { head += pairs }
            head += [("method", .string(m.model)), ("diagnostics", .array(m.notes.map { .string($0) }))]
        }
        return .object(head)
    }

    /// The JSON object of one contributions table.
    public static func json(_ c: ContributionTable) -> JSONValue {
        .object([("model", .string(c.model)), ("response", .string(c.response)), ("from", .int(c.from)), ("to", .int(c.to)),
                 ("weights", .string(c.weighting)), ("total_change", .number(c.totalChange)),
                 ("industries", .array(c.industries.map { .string($0) })),
                 ("rows", .array(c.rows.map { r in
                     .object([("name", .string(r.name)), ("kind", .string(r.kind.rawValue)), ("terms", .array(r.terms.map { .string($0) })), ("group", .bool(r.isGroup)),
                              ("coefficient", r.coefficient.map { .number($0) } ?? .null), ("change", r.change.map { .number($0) } ?? .null),
                              ("contribution", .number(r.contribution)), ("std_error", .number(r.standardError)),
                              ("ci_low", .number(r.ciLow)), ("ci_high", .number(r.ciHigh))])
                 })),
                 ("interval", .string(c.interval)),
                 ("notes", .array(c.notes.map { .string($0) }))])
    }

    /// The whole run as JSON.
    public static func json(_ run: EstimateRun) -> JSONValue {
        .object([("models", .array(run.outcomes.map { json($0, run: run) })),
                 ("contributions", .array(run.contributions.map(json))),
                 ("notes", .array(commonNotes(run).map { .string($0) }))])
    }

    static func short(_ d: Double) -> String { NumberText.short(d) }

    static func fixed(_ d: Double) -> String { NumberText.fixed(d, decimals: 2) }

    static func full(_ d: Double) -> String { RegressionReport.full(d) }
}

extension EstimateReport {
    /// The run's results for its report (`report.json`): one side-by-side table per family of models (production,
    /// labour demand, skills, other; a system gives one column per equation), the contributions, the sources and
    /// notes. `display` turns an input path into the form the run folder records (see `RunFolder`).
    public static func summary(_ run: EstimateRun, toolVersion: String, display: (String) -> String = { $0 }) -> RunSummary {
        let c = run.config
        var tables: [RunSummary.ModelTable] = []
        for o in run.outcomes {
            let columns = summaryColumns(o)
            let family = self.family(o.spec, response: columns.first?.dependent ?? "")
            if let k = tables.firstIndex(where: { $0.family == family }) {
                tables[k].models += columns
            } else {
                tables.append(RunSummary.ModelTable(family: family, models: columns))
            }
        }
        let order = ["production", "labour", "skills", "other"]
        tables.sort { (order.firstIndex(of: $0.family) ?? order.count) < (order.firstIndex(of: $1.family) ?? order.count) }
        let contributions = run.contributions.map { t in
            RunSummary.Contribution(model: t.model, response: t.response, from: t.from, to: t.to,
                                    weights: String(t.weighting.prefix { $0 != "," }),
                                    weightsBase: t.weighting.contains("mean over") ? "mean" : "first", totalChange: t.totalChange, industries: t.industries.count,
                                    rows: t.rows.map {
                                        RunSummary.ContributionRow(name: $0.name, terms: $0.terms, group: $0.isGroup, coefficient: $0.coefficient,
                                                                   change: $0.change, contribution: $0.contribution, standardError: $0.standardError,
                                                                   ciLow: $0.ciLow, ciHigh: $0.ciHigh)
                                    }, interval: summaryInterval(t))
        }
        var sources: [String: String] = ["tables": display(c.tables), "classification": display(c.classification),
                                         "grouping": display(c.grouping), "accounts": display(c.accounts)]
        sources["config"] = c.path.map(display)
        let bundled = c.tables.hasSuffix("/wiod2013") || c.tables.hasSuffix("/wiod2013/")
        let tablesSource = bundled ? "WIOD 2013 release (Timmer et al. 2015), current US$" : ""
        let used = Set(run.panel.industries)
        let aggregates = run.panel.aggregates.filter { a in a.industries.contains { used.contains($0) } }
        var summary = RunSummary(runName: c.runName, toolVersion: toolVersion, country: c.country, years: run.panel.years,
                                 denominator: c.denominator.rawValue, narrow: run.panel.measures.first?.narrow ?? false,
                                 synthetic: c.synthetic, syntheticNote: c.syntheticNote, tablesSource: tablesSource, sources: sources,
                                 aggregates: aggregates.map { RunSummary.Aggregate(name: $0.name, label: $0.label) },
                                 modelTables: tables, contributions: contributions, notes: run.notes + bootstrapSummaryNote(run))
        summary.offshoringUnit = c.offshoringUnit.rawValue
        summary.energyProducts = run.panel.measures.first?.energyProducts
        return summary
    }

    /// How a decomposition's intervals were computed, for `report.json`: the model's bootstrap (with its seed,
    /// draws, weights and type) or the delta method; nil when no interval was computed.
    static func summaryInterval(_ t: ContributionTable) -> RunSummary.ContributionInterval? {
        guard !t.interval.isEmpty else { return nil }
        if t.bootstrapped, let b = t.bootstrap {
            return RunSummary.ContributionInterval(method: "bootstrap", seed: b.seed, draws: t.bootstrapDraws, weights: b.weights.rawValue,
                                                   type: b.type.rawValue, description: t.interval)
        }
        return RunSummary.ContributionInterval(method: "delta", description: t.interval)
    }

    /// The columns of one model: one for a single equation, one per equation of a system, each mapped from the
    /// model's record (`ModelRecord`; p-values derived there). A t test without degrees of freedom is written
    /// with a normal reference (infinity).
    static func summaryColumns(_ o: ModelOutcome) -> [RunSummary.Model] {
        let spec = o.spec
        let period = describeYears(o.years)
        let m = o.record
        return m.equations.map { eq in
            let coefficients = eq.terms.map { t in
                // Stars from the bootstrap's p-value where the model has one (the standard error stays CR1's).
                RunSummary.Coefficient(term: t.name, estimate: t.estimate, standardError: t.standardError, pValue: t.bootstrap?.pValue ?? t.pValue,
                                       degreesOfFreedom: t.degreesOfFreedom > 0 ? t.degreesOfFreedom : .infinity)
            }
            return RunSummary.Model(name: spec.name, equation: eq.name, dependent: eq.response, formula: eq.formula ?? "",
                                    coefficients: coefficients, observations: eq.observations, r2: eq.r2,
                                    adjustedR2: eq.adjustedR2, withinR2: eq.withinR2, fixedEffects: eq.fixedEffects.map(\.name),
                                    vcov: m.vcovName, sample: spec.sample, period: period)
        }
    }

    /// The report's note on the bootstrapped models: their stars are the bootstrap's.
    static func bootstrapSummaryNote(_ run: EstimateRun) -> [String] {
        let booted = run.outcomes.filter { $0.bootstrap != nil }
        guard let b = booted.first?.bootstrap else { return [] }
        return ["Stars of \(booted.map(\.spec.name).joined(separator: ", ")) are from wild cluster bootstrap p-values (\(b.description.replacingOccurrences(of: ", \(b.clusters) clusters in \(b.spec.cluster ?? "?")", with: ""))); "
                + "their standard errors in parentheses are CR1's. The bootstrap is the default for models clustered on fewer than \(ModelSpec.bootstrapClusterThreshold) clusters (Reports/benchmarks/size-study.md)"]
    }

    /// The family of a model, for grouping columns into tables: by preset, else by the response.
    static func family(_ spec: ModelSpec, response: String) -> String {
        let key = spec.preset ?? ""
        if key.hasPrefix("production") || key.hasPrefix("productivity") { return "production" }
        if key.hasPrefix("labour") { return "labour" }
        if key.hasPrefix("skill") { return "skills" }
        if response.contains("S_") || response.contains("E_") { return "skills" }
        if response == "log(L)" || response == "d(log(L))" || response.hasPrefix("log(EMP") { return "labour" }
        if response.contains("Y") { return "production" }
        return "other"
    }
}
