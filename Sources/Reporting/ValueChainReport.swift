import DataIO
import Offshoring
import ValueChains

/// One tidy observation of a value-chain measure (the same fields as `OffshoringObservation`, with any measure name).
public struct ValueChainObservation: Equatable, Sendable {
    /// Reporting country.
    public var country: String
    /// Industry code, aggregate name or `all`.
    public var unit: String
    /// Year.
    public var year: Int
    /// The measure.
    public var measure: GVCMeasure
    /// `total` or a group name.
    public var group: String
    /// Percent of the measure's base, or a number of stages.
    public var value: Double
}

/// Renders `offshore gvc` results with the contract of `offshore measure`: tidy CSV and JSON
/// (`country,unit,year,measure,group,value`), and a Table-1-style view for the terminal.
public enum ValueChainReport {
    /// A Table-1 row's cells: the first year's value, and unless `single` the last year's and the change, each with
    /// `digits` decimals (`n/a` where a value is missing).
    static func firstLastChange(_ a: Double?, _ z: Double?, digits: Int, single: Bool) -> [String] {
        var cells = [a.map { fixed($0, digits) } ?? "n/a"]
        if !single {
            cells.append(z.map { fixed($0, digits) } ?? "n/a")
            cells.append(a.flatMap { a in z.map { fixed($0 - a, digits) } } ?? "n/a")
        }
        return cells
    }

    /// One quantity of a Table-1 view: its name, whether it is split by origin group, its decimals, the units it
    /// is shown for, and its value in a unit's sums for an origin (0: total, then the groups).
    struct TableQuantity {
        var name: String
        var hasGroups: Bool
        var digits: Int
        var applies: (GVCUnit) -> Bool = { _ in true }
        var value: (GVCSums, Int) -> Double?
    }

    /// The Table-1 view shared by the value-chain and export-decomposition tables: for each aggregate of the first
    /// year, each quantity's total and groups (and the origins in no group: the total less the groups), in the
    /// first and the last year and the change; a rule between aggregates. The caller adds the notes.
    static func firstLastTable(title: String, country: String, years: (first: Int?, last: Int?), origins: [String],
                               first: [GVCUnit], last: [GVCUnit], quantities: [TableQuantity]) -> TextTable {
        let y0 = years.first ?? 0, y1 = years.last ?? 0
        let single = y0 == y1
        var t = TextTable(header: single ? ["", "\(y0)"] : ["", "\(y0)", "\(y1)", "change"],
                          title: "\(title), \(country), \(single ? "\(y0)" : "\(y0)-\(y1)")")
        for (k, unit) in first.enumerated() {
            let b = last.first { $0.unit == unit.unit }
            for (m, q) in quantities.enumerated() where q.applies(unit) {
                let groups = q.hasGroups && origins.count > 1
                let rows: [Int?] = Array(groups ? origins.indices : 0..<1) + (groups ? [nil] : [])
                for o in rows {
                    func value(_ u: GVCUnit?) -> Double? {
                        guard let s = u?.sums[m] else { return nil }
                        if let o { return q.value(s, o) }
                        return noGroupShare(total: q.value(s, 0), groups: (1..<origins.count).map { q.value(s, $0) })
                    }
                    var row = [o == 0 ? "\(unit.label): \(q.name)" : o.map { "  \(origins[$0])" } ?? "  no group"]
                    row += firstLastChange(value(unit), value(b), digits: q.digits, single: single)
                    t.append(row)
                }
            }
            if k < first.count - 1 { t.addRule() }
        }
        return t
    }

    /// Tidy observations ordered by country, unit (industries in table order, then aggregates), year, measure,
    /// origin (total, then groups; measures without groups only total). Undefined values have no row.
    public static func observations(_ years: [ValueChainYear]) -> [ValueChainObservation] {
        var countries: [String] = []
        for y in years where !countries.contains(y.country) { countries.append(y.country) }
        var out: [ValueChainObservation] = []
        for country in countries {
            let mine = years.filter { $0.country == country }
            var order: [String] = []
            var seen = Set<String>()
            for y in mine { for u in y.units where seen.insert(u.unit).inserted { order.append(u.unit) } }
            for unit in order {
                for y in mine {
                    guard let u = y.units.first(where: { $0.unit == unit }) else { continue }
                    for (m, measure) in y.measures.enumerated() {
                        for (o, origin) in y.origins.enumerated() where o == 0 || measure.hasGroups {
                            guard let v = u.sums[m].value(origin: o, share: measure.isShare) else { continue }
                            out.append(ValueChainObservation(country: country, unit: unit, year: y.year ?? 0, measure: measure, group: origin, value: v))
                        }
                    }
                }
            }
        }
        return out
    }

    /// Tidy CSV with the header `country,unit,year,measure,group,value` (`OffshoringReport.csvHeader`); values at
    /// full precision (shortest text that reads back to the same double).
    public static func csv(_ years: [ValueChainYear]) -> String {
        OffshoringReport.tidyCSV(tidyRows(years))
    }

    /// A JSON array of objects with the same fields as the CSV.
    public static func json(_ years: [ValueChainYear]) -> String {
        OffshoringReport.tidyJSON(tidyRows(years))
    }

    /// The observations as rows of the tidy contract.
    static func tidyRows(_ years: [ValueChainYear]) -> [OffshoringReport.TidyRow] {
        observations(years).map { OffshoringReport.TidyRow(country: $0.country, unit: $0.unit, year: $0.year, measure: $0.measure.rawValue,
                                                           group: $0.group, value: $0.value) }
    }

    /// The Table-1 view: for each aggregate (the classification's and `all`), each measure's total and groups (and
    /// the partners in no group), in the first and the last year and the change between them (percentage points
    /// for shares).
    /// - Parameter source: a phrase naming the data, for the note under the table.
    public static func table(_ years: [ValueChainYear], source: String) -> TextTable {
        guard let first = years.first, let last = years.last else {
            return TextTable(header: ["(no years)"], title: "Global value chains: no data")
        }
        let y0 = first.year ?? 0, y1 = last.year ?? 0
        let single = y0 == y1
        var t = firstLastTable(title: "Global value chains", country: first.country, years: (first.year, last.year), origins: first.origins,
                               first: first.aggregates, last: last.aggregates,
                               quantities: first.measures.map { measure in
                                   TableQuantity(name: measure.rawValue, hasGroups: measure.hasGroups, digits: measure.isShare ? 2 : 3,
                                                 value: { s, o in s.value(origin: o, share: measure.isShare) })
                               })
        t.notes = [
            "Shares in % of gross exports (vs, vs1, dva/fva_exports, vax_ratio, gvc_*) or of final output (fva_final); "
                + "upstreamness and downstreamness in production stages; aggregates are ratios of sums"
                + (single ? "." : "; change: \(y1) less \(y0) (percentage points for shares)."),
            "Groups: where the foreign value added (or imported input) comes from, or for vs1, vax_ratio and gvc_forward "
                + "the partner that exports or absorbs it" + (first.origins.count > 1 ? "; no group: the total less the groups." : "."),
            "Data: \(source).",
        ]
        return t
    }
}
