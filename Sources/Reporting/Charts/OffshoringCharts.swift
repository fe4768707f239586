import Offshoring

/// Charts of offshoring intensities, with the labels and number style of the tables.
public enum OffshoringCharts {
    /// om or os of one unit (an aggregate such as manufacturing) over the years, one line per origin
    /// (`total` and each group).
    public static func overTime(_ d: OffshoringData, unit: String, measure: OffshoringMeasure,
                                options o: OffshoringTableOptions = OffshoringTableOptions()) -> LineChart {
        let lang = o.language
        let u = d.units.first { $0.unit == unit } ?? OffshoringData.Unit(unit: unit, label: unit, isAggregate: true)
        let series = d.origins.map { origin in
            LineChart.Series(name: origin == "total" ? lang(.total) : o.labels.label(origin, lang),
                             points: d.years.compactMap { y in d.value(unit, origin, measure.rawValue, y).map { (Double(y), $0) } })
        }
        let period = d.years.count > 1 ? "\(d.years.first ?? 0)-\(d.years.last ?? 0)" : "\(d.years.first ?? 0)"
        let title = "\(measure.rawValue), \(OffshoringTableBuilder.unitLabel(u, o)), \(d.country), \(period)"
        return LineChart(title: title, xLabel: lang(.year), yLabel: OffshoringTableBuilder.denominatorText(d, lang),
                         series: series, style: o.style)
    }

    /// Industries ranked by om or os (from one origin) in `year`, largest first; aggregates are left out.
    public static func ranking(_ d: OffshoringData, year: Int, measure: OffshoringMeasure, origin: String = "total",
                               options o: OffshoringTableOptions = OffshoringTableOptions()) -> BarChart {
        let lang = o.language
        let bars = d.units.filter { !$0.isAggregate }.compactMap { u -> (label: String, value: Double)? in
            d.value(u.unit, origin, measure.rawValue, year).map { (OffshoringTableBuilder.unitLabel(u, o), $0) }
        }.sorted { $0.value > $1.value }
        let originText = origin == "total" ? lang(.total) : o.labels.label(origin, lang)
        return BarChart(title: "\(lang(.industryRanking)): \(measure.rawValue), \(originText), \(d.country) \(year)",
                        valueLabel: OffshoringTableBuilder.denominatorText(d, lang), bars: bars, style: o.style,
                        valueDigits: o.growthDigits)
    }
}
