import Offshoring

/// Ready-made report sections, so that `measure --report`, `estimate` and `report` build a page in a few lines:
///
/// ```swift
/// let o = OffshoringTableOptions(language: .nl, labels: labels, source: "WIOD 2013")
/// var run = RunReport(title: "Offshoring, BEL", language: .nl, provenance: notes, synthetic: false, manifest: pairs)
/// run.sections.append(ReportSections.offshoring(OffshoringData(measured), options: o))
/// run.sections.append(try ReportSections.regressions(models.map { ModelSummary($0) }, title: "Productivity", id: "productivity",
///                                                    options: RegressionTableOptions(language: .nl, labels: labels)))
/// try ReportWriter.write(run: run, to: "Reports/\(name)")
/// ```
public enum ReportSections {
    /// The offshoring section: Table 1 (first and last year), om and os over time by origin for each aggregate,
    /// the industries ranked by om and by os in the last year, and the industry x year tables of om and os.
    /// - Parameter idPrefix: prefixed to every table and chart id (to put several countries in one report).
    public static func offshoring(_ d: OffshoringData, title: String? = nil, options o: OffshoringTableOptions = OffshoringTableOptions(),
                                  idPrefix: String = "") -> RunReport.Section {
        let lang = o.language
        var items: [RunReport.Item] = []
        var t1 = o
        t1.label = "tab:\(idPrefix)table1"
        items.append(.table(id: "\(idPrefix)table1", OffshoringTableBuilder.table1(d, options: t1)))
        let aggregates = d.units.filter(\.isAggregate)
        for u in aggregates {
            for m in OffshoringMeasure.allCases {
                let chart = OffshoringCharts.overTime(d, unit: u.unit, measure: m, options: o)
                items.append(.chart(id: "\(idPrefix)\(m.rawValue)-\(safe(u.unit))", caption: chart.title, svg: chart.svg()))
            }
        }
        if let last = d.years.last {
            for m in OffshoringMeasure.allCases {
                let chart = OffshoringCharts.ranking(d, year: last, measure: m, options: o)
                items.append(.chart(id: "\(idPrefix)\(m.rawValue)-ranking-\(last)", caption: chart.title, svg: chart.svg()))
            }
        }
        for m in OffshoringMeasure.allCases {
            var oy = o
            oy.label = "tab:\(idPrefix)\(m.rawValue)-by-industry"
            items.append(.table(id: "\(idPrefix)\(m.rawValue)-by-industry", OffshoringTableBuilder.industryByYear(d, measure: m, options: oy)))
        }
        return RunReport.Section(title: title ?? "\(lang(.offshoringIntensities)), \(d.country)", items: items)
    }

    /// A regression section: the side-by-side table of `models` and a coefficient plot of `plotTerms`
    /// (all non-intercept terms when empty) with 95% intervals, in the table's language and labels.
    /// - Throws: `InputError` from the table builder (a keep/drop/order pattern that matches nothing).
    public static func regressions(_ models: [ModelSummary], title: String, id: String,
                                   options: RegressionTableOptions = RegressionTableOptions(), plotTerms: [String] = []) throws -> RunReport.Section {
        var o = options
        if o.caption.isEmpty { o.caption = title }
        if o.label == "tab:regression" { o.label = "tab:\(id)" }
        let table = try RegressionTableBuilder.table(models, options: o)
        let terms = plotTerms.isEmpty ? o.keep : plotTerms
        let plot = CoefficientPlot(models: models, terms: terms, level: 0.95, labels: o.labels, language: o.language, style: o.style)
        return RunReport.Section(title: title, items: [
            .table(id: id, table),
            .chart(id: "\(id)-coefficients", caption: plot.title + ": " + plot.valueLabel, svg: plot.svg()),
        ])
    }

    /// `s` with characters other than ASCII letters, digits and `-` replaced by `-`, for table and chart ids.
    public static func safe(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "-" })
    }
}
