import Offshoring

/// Options of the offshoring tables.
public struct OffshoringTableOptions {
    /// Language of the fixed labels.
    public var language: Language
    /// Number style; `levelDigits` and `growthDigits` set the decimals.
    public var style: NumberStyle
    /// Decimals of the levels (2 as in the reference study).
    public var levelDigits: Int
    /// Decimals of the growth rates (1).
    public var growthDigits: Int
    /// Labels of units and origin groups (a unit without one keeps its own label).
    public var labels: VariableLabels
    /// The data source, for the note (empty for none).
    public var source: String
    /// First and last year of Table 1 (default: the first and last year of the data).
    public var firstYear: Int?
    /// Last year of Table 1.
    public var lastYear: Int?
    /// A caption replacing the default one.
    public var caption: String?
    /// The cross-reference label.
    public var label: String

    /// Options; the number style defaults to the language's (decimal comma for nl and fr).
    public init(language: Language = .en, style: NumberStyle? = nil, levelDigits: Int = 2, growthDigits: Int = 1,
                labels: VariableLabels = VariableLabels(), source: String = "", firstYear: Int? = nil, lastYear: Int? = nil,
                caption: String? = nil, label: String = "tab:offshoring") {
        self.language = language
        self.style = style ?? NumberStyle.standard(for: language)
        self.levelDigits = levelDigits
        self.growthDigits = growthDigits
        self.labels = labels
        self.source = source
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.caption = caption
        self.label = label
    }
}

/// Builds the offshoring tables: the reference study's Table 1 (aggregates x origin groups; om and os in the
/// first and last year with their compound average annual growth) and full industry x year tables.
public enum OffshoringTableBuilder {
    /// The label of a unit in the options' language.
    static func unitLabel(_ u: OffshoringData.Unit, _ o: OffshoringTableOptions) -> String {
        o.labels.explicitLabel(u.unit, o.language) ?? u.label
    }

    /// The phrase for the data's denominator (and narrow offshoring).
    static func denominatorText(_ d: OffshoringData, _ lang: Language) -> String {
        let base = Phrase.denominatorPhrase(d.denominator).map { lang($0) } ?? d.denominator
        return d.narrow ? base + "; " + lang(.narrow) : base
    }

    /// Table 1: for each aggregate (each industry when there is none), its total and then each origin group;
    /// om in the first and last year and its growth, then the same for os. Growth is
    /// `(x_T / x_0)^(1/(T-0)) - 1` in percent, `n/a` where undefined; published figures carry their own growth
    /// (`OffshoringData.publishedGrowth`), which is printed as is.
    ///
    /// Measured data (not a published table) gets a row for the regions in no group under each unit's groups: the
    /// total less the groups, so that imports from the rest of the world never vanish from the table.
    public static func table1(_ d: OffshoringData, options o: OffshoringTableOptions = OffshoringTableOptions()) -> PublicationTable {
        let lang = o.language, st = o.style
        let y0 = o.firstYear ?? d.years.first ?? 0, y1 = o.lastYear ?? d.years.last ?? 0
        let period = y0 == y1 ? "\(y0)" : "\(y0)-\(y1)"
        var t = PublicationTable(caption: o.caption ?? "\(lang(.offshoringIntensities)), \(d.country), \(period)",
                                 label: o.label, columnCount: 6)
        t.addHeader([TableCell("om", span: 3), TableCell("os", span: 3)])
        t.addHeader([TableCell("\(y0)"), TableCell("\(y1)"), TableCell(lang(.growth)), TableCell("\(y0)"), TableCell("\(y1)"), TableCell(lang(.growth))])
        let groups = d.origins.filter { $0 != "total" }
        let showsNoGroup = !d.isPublished && d.origins.first == "total" && !groups.isEmpty
        /// The value of `origin` (or of the regions in no group, `nil`) for a unit, measure and year.
        func value(_ unit: String, _ origin: String?, _ m: String, _ y: Int) -> Double? {
            if let origin { return d.value(unit, origin, m, y) }
            return noGroupShare(total: d.value(unit, "total", m, y), groups: groups.map { d.value(unit, $0, m, y) })
        }
        for u in d.tableUnits {
            let origins: [String?] = d.origins.map { Optional($0) } + (showsNoGroup ? [nil] : [])
            for (k, origin) in origins.enumerated() {
                var cells: [TableCell] = []
                for m in ["om", "os"] {
                    let a = value(u.unit, origin, m, y0), b = value(u.unit, origin, m, y1)
                    cells.append(TableCell(a.map { st.format($0, digits: o.levelDigits) } ?? NumberStyle.notAvailable))
                    cells.append(TableCell(b.map { st.format($0, digits: o.levelDigits) } ?? NumberStyle.notAvailable))
                    let published = y0 == d.years.first && y1 == d.years.last ? origin.flatMap { d.publishedGrowth["\(u.unit)|\($0)|\(m)"] } : nil
                    if let published {
                        cells.append(TableCell(st.format(published, digits: o.growthDigits)))
                    } else if let a, let b, let g = compoundGrowth(from: a, to: b, years: y1 - y0) {
                        cells.append(TableCell(st.format(100 * g, digits: o.growthDigits)))
                    } else {
                        cells.append(TableCell(NumberStyle.notAvailable))
                    }
                }
                if k == 0 {
                    t.addRow(unitLabel(u, o) + ", " + lang(.total), cells)
                } else if let origin {
                    t.addRow(o.labels.label(origin, lang), cells, indent: 1)
                } else {
                    t.addRow(lang(.noGroup), cells, indent: 1)
                }
            }
            t.addRule()
        }
        var notes = [denominatorText(d, lang) + ". " + lang(.aggregatesNote),
                     lang.labelled(lang(.growthNote) + ", \(period)", "(x\(y1) / x\(y0))^(1/\(max(y1 - y0, 1))) - 1."),
                     lang(.omNote) + "; " + lang(.osNote) + "."]
        if showsNoGroup { notes.append(lang(.noGroupNote) + ".") }
        if let energy = d.energyProducts { notes.append(energyNote(energy, o)) }
        if !o.source.isEmpty { notes.append(lang.labelled(lang(.source), o.source) + ".") }
        t.notes = notes
        return t
    }

    /// The note naming the energy products, each by its label where the labels have one (`Mining and quarrying
    /// (c2)`), else its code.
    static func energyNote(_ products: [String], _ o: OffshoringTableOptions) -> String {
        let lang = o.language
        let names = products.map { p in o.labels.explicitLabel(p, lang).map { "\($0) (\(p))" } ?? p }
        return lang.labelled(lang(.energyProducts), names.isEmpty ? lang(.noProducts) : names.joined(separator: "; ")) + "."
    }

    /// One measure from one origin for every industry (then every aggregate, after a rule) and every year.
    public static func industryByYear(_ d: OffshoringData, measure: OffshoringMeasure, origin: String = "total",
                                      options o: OffshoringTableOptions = OffshoringTableOptions()) -> PublicationTable {
        let lang = o.language, st = o.style
        let period = d.years.count > 1 ? "\(d.years.first ?? 0)-\(d.years.last ?? 0)" : "\(d.years.first ?? 0)"
        let originText = origin == "total" ? lang(.total) : o.labels.label(origin, lang)
        var t = PublicationTable(caption: o.caption ?? "\(measure.rawValue), \(originText), \(d.country), \(period)",
                                 label: o.label, columnCount: d.years.count)
        t.addHeader(stub: lang(.industry), d.years.map { TableCell(String($0)) })
        let industries = d.units.filter { !$0.isAggregate }, aggregates = d.units.filter(\.isAggregate)
        for group in [industries, aggregates] where !group.isEmpty {
            for u in group {
                t.addRow(unitLabel(u, o), d.years.map { y in
                    TableCell(d.value(u.unit, origin, measure.rawValue, y).map { st.format($0, digits: o.levelDigits) } ?? NumberStyle.notAvailable)
                })
            }
            t.addRule()
        }
        var notes = [denominatorText(d, lang) + ".", measure == .om ? lang(.omNote) + "." : lang(.osNote) + "."]
        if !o.source.isEmpty { notes.append(lang.labelled(lang(.source), o.source) + ".") }
        t.notes = notes
        return t
    }
}
