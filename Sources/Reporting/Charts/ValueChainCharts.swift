import ValueChains

/// Charts of the value-chain measures, with the labels and number style of their tables (`LineChart`, `BarChart`).
public enum ValueChainCharts {
    /// One measure of one unit (an aggregate such as manufacturing) over the years, one line per origin (`total`
    /// and each group; the total alone for measures without groups).
    public static func overTime(_ d: ValueChainData, unit: String, measure m: GVCMeasure,
                                options o: ValueChainTableOptions = ValueChainTableOptions()) -> LineChart {
        let origins = m.hasGroups ? d.origins : ["total"]
        let series = origins.map { origin in
            LineChart.Series(name: ValueChainTableBuilder.originLabel(origin, o),
                             points: d.years.compactMap { y in d.value(unit, m, origin, y).map { (Double(y), $0) } })
        }
        let title = "\(m.rawValue) \(o(.byOrigin)), \(label(d, unit, o)), \(d.country), \(ValueChainTableBuilder.period(d))"
        return LineChart(title: title, xLabel: o.language(.year), yLabel: ValueChainPhrase.unit(m).text(o.language), series: series,
                         style: o.style, includeZero: m.isShare)
    }

    /// Backward, forward and total GVC participation of one unit over the years (totals over every partner), for
    /// those of the three that were measured.
    public static func participation(_ d: ValueChainData, unit: String, options o: ValueChainTableOptions = ValueChainTableOptions()) -> LineChart {
        let measures = [GVCMeasure.gvc_backward, .gvc_forward, .gvc_participation].filter(d.measures.contains)
        let series = measures.map { m in
            LineChart.Series(name: m == .gvc_backward ? o(.backward) : m == .gvc_forward ? o(.forward) : o.language(.total),
                             points: d.years.compactMap { y in d.value(unit, m, "total", y).map { (Double(y), $0) } })
        }
        return LineChart(title: "\(o(.participation)), \(label(d, unit, o)), \(d.country), \(ValueChainTableBuilder.period(d))",
                         xLabel: o.language(.year), yLabel: o(.grossExports), series: series, style: o.style)
    }

    /// A measure without groups (upstreamness, downstreamness) over the years, one line per aggregate.
    public static func byAggregate(_ d: ValueChainData, measure m: GVCMeasure, options o: ValueChainTableOptions = ValueChainTableOptions()) -> LineChart {
        let series = d.aggregates.map { u in
            LineChart.Series(name: ValueChainTableBuilder.unitLabel(u, o),
                             points: d.years.compactMap { y in d.value(u.unit, m, "total", y).map { (Double(y), $0) } })
        }
        return LineChart(title: "\(m.rawValue) \(o(.byAggregate)), \(d.country), \(ValueChainTableBuilder.period(d))", xLabel: o.language(.year),
                         yLabel: ValueChainPhrase.unit(m).text(o.language), series: series, style: o.style, includeZero: m.isShare)
    }

    /// Industries ranked by one measure (total) in `year`, largest first; aggregates are left out.
    public static func ranking(_ d: ValueChainData, year: Int, measure m: GVCMeasure,
                               options o: ValueChainTableOptions = ValueChainTableOptions()) -> BarChart {
        let bars = d.industries.compactMap { u -> (label: String, value: Double)? in
            d.value(u.unit, m, "total", year).map { (ValueChainTableBuilder.unitLabel(u, o), $0) }
        }.sorted { $0.value > $1.value }
        return BarChart(title: "\(o.language(.industryRanking)): \(m.rawValue), \(d.country) \(year)",
                        valueLabel: ValueChainPhrase.unit(m).text(o.language), bars: bars, style: o.style,
                        valueDigits: m.isShare ? 1 : 2)
    }

    /// The label of `unit` in `d`.
    static func label(_ d: ValueChainData, _ unit: String, _ o: ValueChainTableOptions) -> String {
        let u = d.units.first { $0.unit == unit } ?? ValueChainData.Unit(unit: unit, label: unit, isAggregate: true)
        return ValueChainTableBuilder.unitLabel(u, o)
    }
}

extension ReportSections {
    /// The measures drawn by origin group over time for each aggregate (when measured): the import content of
    /// exports, VS1, foreign value added in final output and in exports, value added exports.
    public static let valueChainOriginCharts: [GVCMeasure] = [.vs, .vs1, .fva_final, .fva_exports, .vax_ratio]

    /// The value-chain section of one country: Table 1 (aggregates x measures x origins, first and last year, change);
    /// for each aggregate the measures of `valueChainOriginCharts` over time by origin group and the participation
    /// backward and forward; upstreamness and downstreamness over time by aggregate; the industries ranked by each
    /// headline measure (vs, fva_final, upstreamness) in the last year; an industry x year table of every measure.
    /// - Parameter idPrefix: prefixed to every table and chart id (to put several countries in one report).
    public static func valueChains(_ d: ValueChainData, title: String? = nil, options o: ValueChainTableOptions = ValueChainTableOptions(),
                                   idPrefix: String = "") -> RunReport.Section {
        var items: [RunReport.Item] = []
        var t1 = o
        t1.label = "tab:\(idPrefix)gvc-table1"
        items.append(.table(id: "\(idPrefix)gvc-table1", ValueChainTableBuilder.table1(d, options: t1)))
        for u in d.aggregates {
            for m in valueChainOriginCharts where d.measures.contains(m) {
                let chart = ValueChainCharts.overTime(d, unit: u.unit, measure: m, options: o)
                items.append(.chart(id: "\(idPrefix)\(m.rawValue)-\(safe(u.unit))", caption: chart.title, svg: chart.svg()))
            }
            if !d.measures.filter({ [.gvc_backward, .gvc_forward, .gvc_participation].contains($0) }).isEmpty {
                let chart = ValueChainCharts.participation(d, unit: u.unit, options: o)
                items.append(.chart(id: "\(idPrefix)participation-\(safe(u.unit))", caption: chart.title, svg: chart.svg()))
            }
        }
        for m in [GVCMeasure.upstreamness, .downstreamness] where d.measures.contains(m) && !d.aggregates.isEmpty {
            let chart = ValueChainCharts.byAggregate(d, measure: m, options: o)
            items.append(.chart(id: "\(idPrefix)\(m.rawValue)-by-aggregate", caption: chart.title, svg: chart.svg()))
        }
        if let last = d.years.last {
            for m in [GVCMeasure.vs, .fva_final, .upstreamness] where d.measures.contains(m) {
                let chart = ValueChainCharts.ranking(d, year: last, measure: m, options: o)
                items.append(.chart(id: "\(idPrefix)\(m.rawValue)-ranking-\(last)", caption: chart.title, svg: chart.svg()))
            }
        }
        for m in d.measures {
            var oy = o
            oy.label = "tab:\(idPrefix)\(m.rawValue)-by-industry"
            items.append(.table(id: "\(idPrefix)\(m.rawValue)-by-industry", ValueChainTableBuilder.industryByYear(d, measure: m, options: oy)))
        }
        return RunReport.Section(title: title ?? "\(o(.title)), \(d.country)", items: items)
    }
}
