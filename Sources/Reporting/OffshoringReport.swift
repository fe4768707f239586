import DataIO
import Offshoring

/// One tidy observation of an offshoring intensity.
public struct OffshoringObservation: Equatable, Sendable {
    /// Reporting country.
    public var country: String
    /// Industry code or aggregate name.
    public var unit: String
    /// Year.
    public var year: Int
    /// `om` or `os`.
    public var measure: OffshoringMeasure
    /// `total` or a group name.
    public var group: String
    /// Percent of the denominator.
    public var value: Double
}

/// Renders offshoring results for `offshore measure`: tidy CSV and JSON (one observation per unit x year x
/// measure x origin), and the reference study's Table 1 for a terminal.
public enum OffshoringReport {
    /// The header of the tidy CSV, a contract other tools rely on.
    public static let csvHeader = "country,unit,year,measure,group,value"

    /// Tidy observations ordered by unit (industries in table order, then aggregates), year, measure
    /// (om, os), origin (total, then groups). Units with an undefined value in a year have no row that year.
    public static func observations(_ years: [OffshoringYear]) -> [OffshoringObservation] {
        var order: [String] = []
        var seen = Set<String>()
        for y in years { for u in y.unitOrder where seen.insert(u).inserted { order.append(u) } }
        var out: [OffshoringObservation] = []
        for unit in order {
            for y in years {
                guard let u = y.units.first(where: { $0.unit == unit }) else { continue }
                for m in OffshoringMeasure.allCases {
                    for (o, origin) in y.origins.enumerated() {
                        guard let v = u.sums.percent(m, origin: o) else { continue }
                        out.append(OffshoringObservation(country: y.country, unit: unit, year: y.year ?? 0,
                                                         measure: m, group: origin, value: v))
                    }
                }
            }
        }
        return out
    }

    /// Tidy CSV with the header `country,unit,year,measure,group,value`; values at full precision
    /// (shortest text that reads back to the same double).
    public static func csv(_ years: [OffshoringYear]) -> String {
        tidyCSV(observations(years).map { TidyRow(country: $0.country, unit: $0.unit, year: $0.year, measure: $0.measure.rawValue,
                                                  group: $0.group, value: $0.value) })
    }

    /// A JSON array of objects with the same fields as the CSV.
    public static func json(_ years: [OffshoringYear]) -> String {
        tidyJSON(observations(years).map { TidyRow(country: $0.country, unit: $0.unit, year: $0.year, measure: $0.measure.rawValue,
                                                   group: $0.group, value: $0.value) })
    }

    /// One row of the tidy contract `country,unit,year,measure,group,value` (`measure` and `gvc` alike).
    struct TidyRow {
        var country: String, unit: String, year: Int, measure: String, group: String, value: Double
    }

    /// Tidy CSV of `rows` under `csvHeader`; values at full precision (shortest text that reads back to the same double).
    static func tidyCSV(_ rows: [TidyRow]) -> String {
        var out = csvHeader + "\n"
        for o in rows {
            out += [o.country, o.unit, String(o.year), o.measure, o.group].map(csvField).joined(separator: ",")
            out += "," + "\(o.value)" + "\n"
        }
        return out
    }

    /// A JSON array of `rows` as objects with the CSV's fields.
    static func tidyJSON(_ rows: [TidyRow]) -> String {
        let items = rows.map { o -> JSONValue in
            .object([("country", .string(o.country)), ("unit", .string(o.unit)), ("year", .int(o.year)),
                     ("measure", .string(o.measure)), ("group", .string(o.group)), ("value", .number(o.value))])
        }
        return JSONValue.array(items).render() + "\n"
    }

    /// The note naming the energy products (a classification choice: `EnergyProducts`), for the terminal's Table 1.
    static func energyNote(_ products: [String]) -> String {
        "Energy products (never offshoring; left out of the non-energy denominator): "
            + (products.isEmpty ? "none" : products.joined(separator: ", ")) + "."
    }

    /// The reference study's Table 1: for each aggregate (or each industry when there are none), the total and
    /// each group; om in the first and last year and its compound average annual growth, then the same for os.
    /// - Parameter source: a phrase naming the data, for the note under the table.
    public static func table(_ years: [OffshoringYear], source: String) -> TextTable {
        guard let first = years.first, let last = years.last else {
            return TextTable(header: ["(no years)"], title: "Offshoring intensities: no data")
        }
        let y0 = first.year ?? 0, y1 = last.year ?? 0
        let span = y1 - y0
        let single = y0 == y1
        var t = TextTable(header: single ? ["", "om \(y0)", "os \(y0)"] : ["", "om \(y0)", "om \(y1)", "g", "os \(y0)", "os \(y1)", "g"],
                          title: "Offshoring intensities, \(first.country), \(y0 == y1 ? "\(y0)" : "\(y0)-\(y1)")"
                              + " (\(first.denominator.description)\(first.narrow ? ", narrow" : ""))")
        // Aggregates when the classification has any, else industries; units with no value in any year are skipped.
        let hasAggregates = years.contains { !$0.aggregates.isEmpty } || years.contains { !$0.undefined.isEmpty && $0.industries.isEmpty }
        let units = first.unitOrder.filter { u in
            years.contains { y in (hasAggregates ? y.aggregates : y.industries).contains { $0.unit == u } }
        }
        for (k, unit) in units.enumerated() {
            let a = first.units.first { $0.unit == unit }, b = last.units.first { $0.unit == unit }
            let label = (a ?? b)?.label ?? unit
            // The origins, then the regions in no group (the total less the groups) when there are groups.
            let rows: [Int?] = Array(first.origins.indices) + (first.origins.count > 1 ? [nil] : [])
            /// The percentage of origin `o` (nil: the regions in no group) in a unit's sums.
            func percent(_ u: OffshoringUnit?, _ m: OffshoringMeasure, _ o: Int?) -> Double? {
                guard let u else { return nil }
                if let o { return u.sums.percent(m, origin: o) }
                return noGroupShare(total: u.sums.percent(m, origin: 0), groups: (1..<first.origins.count).map { u.sums.percent(m, origin: $0) })
            }
            for o in rows {
                var row = [o == 0 ? "\(label), total" : o.map { "  \(first.origins[$0])" } ?? "  no group"]
                for m in OffshoringMeasure.allCases {
                    let x0 = percent(a, m, o), x1 = percent(b, m, o)
                    row.append(x0.map { fixed($0, 2) } ?? "n/a")
                    if single { continue }
                    row.append(x1.map { fixed($0, 2) } ?? "n/a")
                    if let x0, let x1, let g = compoundGrowth(from: x0, to: x1, years: span) {
                        row.append(fixed(100 * g, 1))
                    } else {
                        row.append("n/a")
                    }
                }
                t.append(row)
            }
            if k < units.count - 1 { t.addRule() }
        }
        t.notes = [
            "Values: \(first.denominator.description) of the using industries\(first.narrow ? "; narrow offshoring (own product only)" : "")"
                + "; aggregates are ratios of sums over their industries.",
            "om: imported manufactured inputs; os: imported business services; by origin group of the supplying region"
                + (first.origins.count > 1 ? "; no group: the total less the groups." : "."),
            "Data: \(source).",
        ]
        if let energy = first.energyProducts { t.notes.insert(OffshoringReport.energyNote(energy), at: t.notes.count - 1) }
        if !single {
            t.notes.insert("g: compound average annual growth \(y0)-\(y1) in % ((x_\(y1) / x_\(y0))^(1/\(span)) - 1); n/a where undefined.", at: 1)
        }
        return t
    }
}

extension OffshoringReport {
    /// Current and constant prices side by side, as the skill study compared them: for each aggregate (or industry
    /// when there are none) and measure, the total's first- and last-year level and compound growth at current prices
    /// and at constant prices. `current` and `constant` are the same years of the same tables.
    /// - Parameter prices: the price file, for the note.
    public static func pricesComparison(current: [OffshoringYear], constant: [OffshoringYear], prices: String) -> TextTable {
        guard let first = current.first, let last = current.last, let cFirst = constant.first, let cLast = constant.last else {
            return TextTable(header: ["(no years)"], title: "Current and constant prices: no data")
        }
        let y0 = first.year ?? 0, y1 = last.year ?? 0, span = y1 - y0
        var t = TextTable(header: ["", "measure", "current \(y0)", "current \(y1)", "g", "constant \(y0)", "constant \(y1)", "g"],
                          title: "Offshoring at current and constant prices, \(first.country), \(y0 == y1 ? "\(y0)" : "\(y0)-\(y1)")")
        let hasAggregates = current.contains { !$0.aggregates.isEmpty }
        let units = first.unitOrder.filter { u in current.contains { y in (hasAggregates ? y.aggregates : y.industries).contains { $0.unit == u } } }
        for unit in units {
            func level(_ y: OffshoringYear, _ m: OffshoringMeasure) -> Double? { y.units.first { $0.unit == unit }?.sums.percent(m, origin: 0) }
            let label = first.units.first { $0.unit == unit }?.label ?? unit
            for m in OffshoringMeasure.allCases {
                var row = [m == .om ? label : "", m.rawValue]
                for (a, b) in [(first, last), (cFirst, cLast)] {
                    let x0 = level(a, m), x1 = level(b, m)
                    row.append(x0.map { fixed($0, 2) } ?? "n/a")
                    row.append(x1.map { fixed($0, 2) } ?? "n/a")
                    if let x0, let x1, span > 0, let g = compoundGrowth(from: x0, to: x1, years: span) { row.append(fixed(100 * g, 1)) } else { row.append("n/a") }
                }
                t.append(row)
            }
        }
        t.notes = [
            "Totals over every origin, \(first.denominator.description) of the using industries; aggregates are ratios of sums.",
            "Constant prices: each product's imported and domestic intermediate use divided by its price index in \(prices) "
                + "(the indices' base prices); current prices: the tables' values.",
            "g: compound average annual growth \(y0)-\(y1) in %; n/a where undefined.",
        ]
        return t
    }
}

/// `v` with exactly `digits` decimals (round half away from zero), without Foundation.
func fixed(_ v: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (abs(v) * scale).rounded()
    guard r < 9e15 else { return "\(v)" }
    let n = Int64(r)
    let ip = n / Int64(scale), fp = n % Int64(scale)
    var f = String(fp)
    while f.count < digits { f = "0" + f }
    let sign = v < 0 && n != 0 ? "-" : ""
    return digits == 0 ? sign + String(ip) : sign + String(ip) + "." + f
}
