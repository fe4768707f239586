import Offshoring

/// Offshoring intensities in a format-neutral layout for tables and charts: for each unit (industry or
/// aggregate), origin (`total`, then groups) and measure (`om`, `os`), a value in percent per year.
///
/// Build it from the measures of `offshore measure` with `init(_ years:)`, or from published figures
/// (`referenceTable1`, the reference study's Table 1).
public struct OffshoringData: Equatable {
    /// One unit: an industry or an aggregate.
    public struct Unit: Equatable {
        /// Code or name (`c12`, `manufacturing`).
        public var unit: String
        /// Label for tables.
        public var label: String
        /// True for an aggregate.
        public var isAggregate: Bool
        /// Creates a unit.
        public init(unit: String, label: String, isAggregate: Bool) {
            self.unit = unit
            self.label = label
            self.isAggregate = isAggregate
        }
    }

    /// The reporting country.
    public var country: String
    /// The denominator's name (`nonenergy`, `intermediates`, `output`).
    public var denominator: String
    /// True for narrow offshoring.
    public var narrow: Bool
    /// Years in increasing order.
    public var years: [Int]
    /// Origins: `total`, then the groups.
    public var origins: [String]
    /// Units in reporting order.
    public var units: [Unit]
    /// Values in percent: `values[unit][origin][measure][year]`; missing where undefined.
    public var values: [String: [String: [String: [Int: Double]]]]
    /// Growth rates as published (percent per year between the first and last year), keyed
    /// `unit|origin|measure`; Table 1 prints these instead of recomputing them from rounded levels.
    public var publishedGrowth: [String: Double] = [:]

    /// Empty data for the given frame.
    public init(country: String, denominator: String, narrow: Bool = false, years: [Int], origins: [String], units: [Unit]) {
        self.country = country
        self.denominator = denominator
        self.narrow = narrow
        self.years = years.sorted()
        self.origins = origins
        self.units = units
        self.values = [:]
    }

    /// Adapter: the per-year measures of `OffshoringMeasures.compute`, one per year (any order; years without
    /// a number are left out).
    public init(_ measured: [OffshoringYear]) {
        let ys = measured.filter { $0.year != nil }.sorted { ($0.year ?? 0) < ($1.year ?? 0) }
        var units: [Unit] = []
        var seen = Set<String>()
        for y in ys {
            for name in y.unitOrder where !seen.contains(name) {
                if let u = y.units.first(where: { $0.unit == name }) {
                    seen.insert(name)
                    units.append(Unit(unit: name, label: u.label, isAggregate: u.isAggregate))
                }
            }
        }
        let first = ys.first
        self.init(country: first?.country ?? "", denominator: first?.denominator.rawValue ?? "nonenergy",
                  narrow: first?.narrow ?? false, years: ys.compactMap(\.year), origins: first?.origins ?? ["total"], units: units)
        for y in ys {
            guard let year = y.year else { continue }
            for u in y.units {
                for m in OffshoringMeasure.allCases {
                    for (o, origin) in y.origins.enumerated() {
                        if let v = u.sums.percent(m, origin: o) { set(u.unit, origin, m.rawValue, year, v) }
                    }
                }
            }
        }
    }

    /// Sets one value.
    public mutating func set(_ unit: String, _ origin: String, _ measure: String, _ year: Int, _ value: Double) {
        values[unit, default: [:]][origin, default: [:]][measure, default: [:]][year] = value
    }

    /// One value, nil when undefined.
    public func value(_ unit: String, _ origin: String, _ measure: String, _ year: Int) -> Double? {
        values[unit]?[origin]?[measure]?[year]
    }

    /// The aggregates, or the industries when there are no aggregates.
    public var tableUnits: [Unit] {
        let a = units.filter(\.isAggregate)
        return a.isEmpty ? units : a
    }

    /// The reference study's Table 1 (Belgium, constant-price supply-use tables, 1995 and 2007, % of
    /// non-energy intermediate inputs), levels and growth rates as printed in METHOD.md.
    public static var referenceTable1: OffshoringData {
        var d = OffshoringData(country: "BEL", denominator: "nonenergy", years: [1995, 2007],
                               origins: ["total", "OECD", "CEE", "ASIA"],
                               units: [Unit(unit: "manufacturing", label: "Manufacturing", isAggregate: true),
                                       Unit(unit: "market_services", label: "Market services", isAggregate: true)])
        let rows: [(String, String, Double, Double, Double, Double)] = [
            ("manufacturing", "total", 35.68, 38.33, 0.71, 1.94), ("manufacturing", "OECD", 32.57, 32.13, 0.68, 1.77),
            ("manufacturing", "CEE", 0.55, 1.95, 0.02, 0.06), ("manufacturing", "ASIA", 0.88, 1.82, 0.01, 0.03),
            ("market_services", "total", 4.88, 7.50, 3.20, 5.71), ("market_services", "OECD", 4.51, 6.42, 3.05, 5.23),
            ("market_services", "CEE", 0.05, 0.31, 0.07, 0.19), ("market_services", "ASIA", 0.19, 0.48, 0.03, 0.09),
        ]
        for (u, o, om0, om1, os0, os1) in rows {
            d.set(u, o, "om", 1995, om0); d.set(u, o, "om", 2007, om1)
            d.set(u, o, "os", 1995, os0); d.set(u, o, "os", 2007, os1)
        }
        // The published growth columns, computed by the study from unrounded levels.
        let growth: [(String, String, Double, Double)] = [
            ("manufacturing", "total", 0.6, 8.7), ("manufacturing", "OECD", -0.1, 8.4), ("manufacturing", "CEE", 11.2, 11.9),
            ("manufacturing", "ASIA", 6.2, 16.5), ("market_services", "total", 3.6, 4.9), ("market_services", "OECD", 3.0, 4.6),
            ("market_services", "CEE", 17.3, 8.9), ("market_services", "ASIA", 8.0, 11.0),
        ]
        for (u, o, gm, gs) in growth {
            d.publishedGrowth["\(u)|\(o)|om"] = gm
            d.publishedGrowth["\(u)|\(o)|os"] = gs
        }
        return d
    }
}
