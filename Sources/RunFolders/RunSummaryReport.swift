import Econometrics
import Offshoring
import OffshoringModels
import Reporting

/// Builds the report page of an `offshore estimate` run from its saved results (`RunSummary`, the measures and
/// the manifest), in any language and number style. Used by `offshore estimate --report` and `offshore report`,
/// so both give the same page.
///
/// Sections: the offshoring measures (Table 1, and beside it the reference study's Table 1 when the run measures
/// Belgium as it did; om and os over time by origin group for each aggregate; the industries ranked in the last
/// year; industry x year tables), one side-by-side regression table per family of models with a plot of the
/// offshoring coefficients across its models, and the contributions. The synthetic-data warning opens the page
/// and ends every regression and contribution table when the accounts are synthetic.
public enum RunSummaryReport {
    /// The report.
    /// - Parameters:
    ///   - summary: the run's results.
    ///   - measures: the offshoring measures (nil or empty: no offshoring section).
    ///   - manifest: key/value pairs for the manifest section.
    ///   - settings: language, number style, digits and labels.
    /// - Throws: `InputError` from the table builders.
    public static func build(_ summary: RunSummary, measures: OffshoringData?, manifest: [(key: String, value: String)],
                             settings: PublicationSettings) throws -> RunReport {
        let lang = settings.language
        var sections: [RunReport.Section] = []
        if let d = measures, !d.years.isEmpty { sections.append(offshoringSection(d, summary: summary, settings: settings)) }
        let synthetic = summary.synthetic ? [lang(.syntheticWarning)] : []
        for table in summary.modelTables where !table.models.isEmpty {
            sections.append(try modelSection(table, settings: settings, synthetic: synthetic, unit: summary.offshoringUnit))
        }
        if !summary.contributions.isEmpty {
            var items: [RunReport.Item] = []
            for (k, c) in summary.contributions.enumerated() {
                let id = "contributions-\(k + 1)-" + ReportSections.safe(c.model)
                var o = settings.regressionOptions(label: "tab:\(id)")
                o.extraNotes = synthetic
                items.append(.table(id: id, ContributionTableBuilder.table(c, options: o, percentDigits: settings.digits ?? 2)))
            }
            sections.append(RunReport.Section(title: lang(.contributions), items: items))
        }
        // The studies' findings beside this run's (real accounts only).
        if let s = StudyComparison.section(summary, settings: settings) { sections.append(s) }
        let years = summary.years.isEmpty ? "" : ", " + describe(summary.years)
        return RunReport(title: lang.labelled(lang(.estimateTitle), "\(summary.country)\(years)"),
                         subtitle: "\(lang(.run)) \(summary.runName) · offshore \(summary.toolVersion)",
                         language: lang, sections: sections, provenance: provenance(summary, lang: lang),
                         synthetic: summary.synthetic, manifest: manifest).typeset()
    }

    /// The report of a run folder read back, its manifest shown as `RunManifest.pageEntries`.
    public static func build(_ saved: RunFolderContents, settings: PublicationSettings) throws -> RunReport {
        try build(saved.summary, measures: saved.measures, manifest: saved.manifest, settings: settings)
    }

    /// The report, the manifest shown as `RunManifest.pageEntries`.
    public static func build(_ summary: RunSummary, measures: OffshoringData?, manifest: RunManifest,
                             settings: PublicationSettings) throws -> RunReport {
        try build(summary, measures: measures, manifest: manifest.pageEntries, settings: settings)
    }

    /// Columns per regression table: wider families are split into balanced tables, so that every table fits a
    /// portrait page and the report's width.
    public static let maxColumnsPerTable = 3

    /// A family's section: its models side by side (split into tables of at most `maxColumnsPerTable` columns,
    /// `(1/2)`, `(2/2)`), then one plot of the offshoring coefficients across all its models.
    static func modelSection(_ table: RunSummary.ModelTable, settings: PublicationSettings, synthetic: [String],
                             unit: String? = nil) throws -> RunReport.Section {
        let lang = settings.language
        let models = table.models.map { summaryColumn($0, settings: settings) }
        let title = lang(familyPhrase(table.family))
        let parts = (models.count + maxColumnsPerTable - 1) / maxColumnsPerTable
        let size = (models.count + parts - 1) / parts
        var items: [RunReport.Item] = []
        for k in 0..<parts {
            let range = (k * size)..<min(models.count, (k + 1) * size)
            let id = parts == 1 ? "models-\(table.family)" : "models-\(table.family)-\(k + 1)"
            var o = settings.regressionOptions(caption: parts == 1 ? title : "\(title) (\(k + 1)/\(parts))", label: "tab:\(id)")
            let formulas = range.map { "\(models[$0].title): \(table.models[$0].formula)" }
            o.extraNotes = [lang.labelled(lang(.formulas), formulas.joined(separator: "; "))] + unitNote(table, unit, lang) + synthetic
            items.append(.table(id: id, try RegressionTableBuilder.table(Array(models[range]), options: o)))
        }
        let terms = plotTerms(table.models.flatMap { $0.coefficients.map(\.term) })
        let plot = CoefficientPlot(models: models, terms: terms, level: 0.95, labels: settings.labels, language: lang, style: settings.style,
                                   title: terms.isEmpty ? nil : lang(.offshoringCoefficients))
        items.append(.chart(id: "models-\(table.family)-coefficients", caption: plot.title + ": " + plot.valueLabel, svg: plot.svg()))
        return RunReport.Section(title: title, items: items)
    }

    /// The offshoring section: `ReportSections.offshoring`, with the reference study's Table 1 beside ours over its
    /// period when the run measures Belgium on the same (non-energy, broad) basis.
    static func offshoringSection(_ data: OffshoringData, summary: RunSummary, settings: PublicationSettings) -> RunReport.Section {
        let lang = settings.language
        var d = data
        d.narrow = summary.narrow
        if let energy = summary.energyProducts { d.energyProducts = energy }
        var o = settings.offshoringOptions(source: tablesSource(summary, lang), label: "tab:table1")
        var section = ReportSections.offshoring(d, options: o)
        let ref = OffshoringData.referenceTable1
        if d.country == ref.country, d.denominator == ref.denominator, !d.narrow, d.years.contains(1995), d.years.contains(2007),
           d.years.last != 2007 || d.years.first != 1995 {
            o.firstYear = 1995
            o.lastYear = 2007
            o.label = "tab:table1-1995-2007"
            var r = settings.offshoringOptions(source: lang(.referenceSource), label: "tab:reference")
            r.caption = lang(.referenceTable1Caption)
            section.items.insert(contentsOf: [
                .paragraph(lang(.referenceComparison)),
                .group([.table(id: "table1-1995-2007", OffshoringTableBuilder.table1(d, options: o)),
                        .table(id: "reference-table1", OffshoringTableBuilder.table1(ref, options: r))]),
            ], at: 1)
        }
        return section
    }

    /// One regression-table column from a saved model, in the settings' language and labels.
    public static func summaryColumn(_ m: RunSummary.Model, settings: PublicationSettings) -> ModelSummary {
        let lang = settings.language
        let vcov: String
        switch m.vcov {
        case "sur": vcov = "SUR (FGLS)"
        case "sur-iterated": vcov = lang(RunPhrase.surIterated)
        case "sur-geomean": vcov = lang(RunPhrase.surFGLSCorrected)
        case "sur-iterated-geomean": vcov = lang(RunPhrase.surIteratedCorrected)
        case "System GMM (two-step)": vcov = lang(RunPhrase.systemGMMTwoStep)
        case "System GMM (one-step)": vcov = lang(RunPhrase.systemGMMOneStep)
        case "Difference GMM (two-step)": vcov = lang(RunPhrase.differenceGMMTwoStep)
        case "Difference GMM (one-step)": vcov = lang(RunPhrase.differenceGMMOneStep)
        default:
            if let estimator = try? VarianceEstimator(name: m.vcov) {
                // Cluster variables by their labels (`Geclusterd (bedrijfstak)`), lower-cased as in running text.
                vcov = ModelSummary.describeVcov(estimator, lang) { v in
                    let l = settings.labels.label(v, lang)
                    return l.prefix(1).lowercased() + l.dropFirst()
                }
            } else {
                vcov = m.vcov
            }
        }
        let industries = m.sample == "all" ? lang(.allIndustries) : settings.labels.label(m.sample, lang)
        let title = settings.labels.label(m.name, lang) + (m.equation.map { " (\($0))" } ?? "")
        var summary = ModelSummary(title: title, dependent: m.dependent,
                            coefficients: m.coefficients.map {
                                ModelSummary.Coefficient(term: $0.term, estimate: $0.estimate, standardError: $0.standardError,
                                                         pValue: $0.pValue, degreesOfFreedom: $0.degreesOfFreedom)
                            },
                            observations: m.observations, r2: m.r2, adjustedR2: m.adjustedR2, withinR2: m.withinR2,
                            fixedEffects: m.fixedEffects, standardErrorType: vcov, sample: industries)
        summary.period = m.period
        return summary
    }

    /// The offshoring terms to plot for models with these terms: the totals (`om`, `os` in levels, differences or
    /// lags), and the origin groups of a measure whose total no model has.
    static func plotTerms(_ present: [String]) -> [String] {
        func has(_ p: String) -> Bool { present.contains { RegressionTableBuilder.matches($0, p) } }
        var out = ["om", "os", "d(om)", "d(os)", "l(om, 1)", "l(os, 1)"].filter(has)
        for m in ["om", "os"] where !has(m) && has(m + "_*") { out.append(m + "_*") }
        return out
    }

    /// The note saying how om and os enter a family's models (`[data] offshoring_unit`), when any of its models has an
    /// offshoring term; none otherwise.
    public static func unitNote(_ table: RunSummary.ModelTable, _ unit: String?, _ lang: Language) -> [String] {
        let terms = table.models.flatMap { $0.coefficients.map(\.term) }
        guard terms.contains(where: mentionsOffshoring) else { return [] }
        switch OffshoringScale(rawValue: unit ?? "pp") ?? .percentagePoints {
        case .percentagePoints: return [lang(RunPhrase.unitPercentagePoints)]
        case .share: return [lang(RunPhrase.unitShare)]
        case .tenPoints: return [lang(RunPhrase.unitTenPoints)]
        }
    }

    /// True when `term` has `om` or `os` (or `om_<GROUP>`, `os_sup`, ...) as a name of its own: `I(om * ict)`, `l(os, 1)`.
    static func mentionsOffshoring(_ term: String) -> Bool {
        formulaWords(term).contains { $0 == "om" || $0 == "os" || $0.hasPrefix("om_") || $0.hasPrefix("os_") }
    }

    /// The heading of a family of models.
    static func familyPhrase(_ family: String) -> RunPhrase {
        switch family {
        case "production": return .productionModels
        case "labour": return .labourDemandModels
        case "skills": return .skillModels
        default: return .otherModels
        }
    }

    /// The source of the input-output tables in `lang`: the bundled tables' description is translated, any
    /// other is shown as recorded.
    static func tablesSource(_ s: RunSummary, _ lang: Language) -> String {
        s.tablesSource == RunPhrase.bundledTablesSource.entries.en ? lang(RunPhrase.bundledTablesSource) : s.tablesSource
    }

    /// Provenance notes: the input files by role, the configuration, then the run's own notes.
    static func provenance(_ s: RunSummary, lang: Language) -> [String] {
        var out: [String] = []
        let roles: [(String, RunPhrase)] = [("tables", .inputTables), ("classification", .classification), ("grouping", .originGroups),
                                         ("accounts", .industryAccounts), ("config", .configuration)]
        for (key, phrase) in roles {
            guard let p = s.sources[key] else { continue }
            var text = lang.labelled(lang(phrase), p)
            if key == "tables", !s.tablesSource.isEmpty { text += " (\(tablesSource(s, lang)))" }
            out.append(text)
        }
        if s.synthetic { out.append(s.syntheticNote) }
        for n in s.notes { out.append(lang.labelled(lang(.runNotes), n)) }
        return out
    }

    /// `1995-2011` for consecutive years, else a list.
    static func describe(_ years: [Int]) -> String {
        guard let a = years.first, let b = years.last else { return "" }
        return years == Array(a...b) ? (a == b ? "\(a)" : "\(a)-\(b)") : years.map(String.init).joined(separator: ", ")
    }
}
