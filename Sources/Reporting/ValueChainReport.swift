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
        var t = TextTable(header: single ? ["", "\(y0)"] : ["", "\(y0)", "\(y1)", "change"],
                          title: "Global value chains, \(first.country), \(single ? "\(y0)" : "\(y0)-\(y1)")")
        for (k, unit) in first.aggregates.enumerated() {
            let b = last.aggregates.first { $0.unit == unit.unit }
            for (m, measure) in first.measures.enumerated() {
                let groups = measure.hasGroups && first.origins.count > 1
                let rows: [Int?] = Array((groups ? first.origins.indices : 0..<1)) + (groups ? [nil] : [])
                for o in rows {
                    func value(_ u: GVCUnit?) -> Double? {
                        guard let s = u?.sums[m] else { return nil }
                        if let o { return s.value(origin: o, share: measure.isShare) }
                        return noGroupShare(total: s.value(origin: 0, share: measure.isShare),
                                            groups: (1..<first.origins.count).map { s.value(origin: $0, share: measure.isShare) })
                    }
                    let digits = measure.isShare ? 2 : 3
                    var row = [o == 0 ? "\(unit.label): \(measure.rawValue)" : o.map { "  \(first.origins[$0])" } ?? "  no group"]
                    row += ValueChainReport.firstLastChange(value(unit), value(b), digits: digits, single: single)
                    t.append(row)
                }
            }
            if k < first.aggregates.count - 1 { t.addRule() }
        }
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
