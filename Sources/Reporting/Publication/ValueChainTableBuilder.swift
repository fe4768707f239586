import ValueChains

/// Options of the value-chain tables and charts.
public struct ValueChainTableOptions {
    /// Language of the fixed labels.
    public var language: Language
    /// Number style.
    public var style: NumberStyle
    /// Decimals of shares (2, as `offshore gvc`'s table view).
    public var shareDigits: Int
    /// Decimals of upstreamness and downstreamness (3).
    public var stageDigits: Int
    /// Labels of units and origin groups (a unit without one keeps its own label).
    public var labels: VariableLabels
    /// The data source, for the note (empty for none).
    public var source: String
    /// A caption replacing the default one.
    public var caption: String?
    /// The cross-reference label.
    public var label: String

    /// Options; the number style defaults to the language's (decimal comma for nl and fr).
    public init(language: Language = .en, style: NumberStyle? = nil, shareDigits: Int = 2, stageDigits: Int = 3,
                labels: VariableLabels = VariableLabels(), source: String = "", caption: String? = nil, label: String = "tab:gvc") {
        self.language = language
        self.style = style ?? NumberStyle.standard(for: language)
        self.shareDigits = shareDigits
        self.stageDigits = stageDigits
        self.labels = labels
        self.source = source
        self.caption = caption
        self.label = label
    }

    /// The decimals of `measure`.
    func digits(_ measure: GVCMeasure) -> Int { measure.isShare ? shareDigits : stageDigits }

    /// `value` formatted for `measure`, `n/a` when undefined.
    func text(_ value: Double?, _ measure: GVCMeasure) -> String {
        value.map { style.format($0, digits: digits(measure)) } ?? NumberStyle.notAvailable
    }

    /// A phrase in the options' language.
    func callAsFunction(_ p: ValueChainPhrase) -> String { p.text(language) }
}

/// Builds the value-chain tables: a Table-1 view (each aggregate's measures by origin group, first and last year and
/// the change) and full industry x year tables of one measure, from `ValueChainData`.
public enum ValueChainTableBuilder {
    /// The label of a unit in the options' language (`all` is "All industries").
    static func unitLabel(_ u: ValueChainData.Unit, _ o: ValueChainTableOptions) -> String {
        if let l = o.labels.explicitLabel(u.unit, o.language) { return l }
        return u.unit == allIndustriesUnit ? o(.allIndustries) : u.label
    }

    /// The label of an origin (`total`, a group, or nil: the partners in no group).
    static func originLabel(_ origin: String?, _ o: ValueChainTableOptions) -> String {
        guard let origin else { return o.language(.noGroup) }
        return origin == "total" ? o.language(.total) : o.labels.label(origin, o.language)
    }

    /// The years of a table: the first and the last.
    static func period(_ d: ValueChainData) -> String {
        guard let a = d.years.first, let b = d.years.last else { return "" }
        return a == b ? "\(a)" : "\(a)-\(b)"
    }

    /// Table 1 of the value chains: for each aggregate (each industry when there is none), each measure's total, its
    /// origin groups and the partners in no group, in the first and the last year and the change between them
    /// (percentage points for shares).
    public static func table1(_ d: ValueChainData, options o: ValueChainTableOptions = ValueChainTableOptions()) -> PublicationTable {
        let y0 = d.years.first ?? 0, y1 = d.years.last ?? 0
        let single = y0 == y1
        var t = PublicationTable(caption: o.caption ?? "\(o(.title)), \(d.country), \(period(d))", label: o.label, columnCount: single ? 1 : 3)
        t.addHeader(single ? [TableCell("\(y0)")] : [TableCell("\(y0)"), TableCell("\(y1)"), TableCell(o(.change))])
        let groups = Array(d.origins.dropFirst())
        let units = d.aggregates.isEmpty ? d.units : d.aggregates
        for u in units {
            t.addSection(unitLabel(u, o))
            for m in d.measures {
                let origins: [String?] = m.hasGroups && !groups.isEmpty ? ["total"] + groups.map { Optional($0) } + [nil] : ["total"]
                for origin in origins {
                    let a = d.value(u.unit, m, origin, y0), b = d.value(u.unit, m, origin, y1)
                    var cells = [TableCell(o.text(a, m))]
                    if !single {
                        cells.append(TableCell(o.text(b, m)))
                        cells.append(TableCell(o.text(a.flatMap { a in b.map { $0 - a } }, m)))
                    }
                    if origin == "total" {
                        t.addRow("\(m.rawValue): " + ValueChainPhrase.name(m).text(o.language), cells)
                    } else {
                        t.addRow(originLabel(origin, o), cells, indent: 1)
                    }
                }
            }
            t.addRule()
        }
        t.notes = notes(d, o, change: !single)
        return t
    }

    /// One measure from one origin for every industry (then every aggregate, after a rule) and every year.
    public static func industryByYear(_ d: ValueChainData, measure m: GVCMeasure, origin: String = "total",
                                      options o: ValueChainTableOptions = ValueChainTableOptions()) -> PublicationTable {
        var t = PublicationTable(caption: o.caption ?? "\(m.rawValue) (\(ValueChainPhrase.name(m).text(o.language))), \(originLabel(origin, o)), "
                                     + "\(d.country), \(period(d))",
                                 label: o.label, columnCount: d.years.count)
        t.addHeader(stub: o.language(.industry), d.years.map { TableCell(String($0)) })
        for group in [d.industries, d.aggregates] where !group.isEmpty {
            for u in group {
                t.addRow(unitLabel(u, o), d.years.map { TableCell(o.text(d.value(u.unit, m, origin, $0), m)) })
            }
            t.addRule()
        }
        var notes = [ValueChainPhrase.unit(m).text(o.language).capitalizedFirst + ". " + o.language(.aggregatesNote)]
        if !o.source.isEmpty { notes.append(o.language.labelled(o.language(.source), o.source) + ".") }
        t.notes = notes
        return t
    }

    /// The notes of Table 1: units, the change, the groups, the source.
    static func notes(_ d: ValueChainData, _ o: ValueChainTableOptions, change: Bool) -> [String] {
        let y0 = d.years.first ?? 0, y1 = d.years.last ?? 0
        var first = o(.sharesNote)
        if change { first += "; " + o(.changeNote).replacing("{y1}", with: "\(y1)").replacing("{y0}", with: "\(y0)") }
        var notes = [first + "."]
        notes.append(o(.groupsNote) + (d.origins.count > 1 ? "; " + o(.noGroupNote) + "." : "."))
        if !o.source.isEmpty { notes.append(o.language.labelled(o.language(.source), o.source) + ".") }
        return notes
    }
}

extension String {
    /// The string with its first letter upper-cased.
    var capitalizedFirst: String {
        guard let f = first else { return self }
        return f.uppercased() + dropFirst()
    }

}
