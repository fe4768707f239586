import Offshoring

/// Offshoring intensities in a format-neutral layout for tables and charts: for each unit (industry or
/// aggregate), origin (`total`, then groups) and measure (`om`, `os`), a value in percent per year.
///
/// Build it from the measures of `offshore measure` with `init(_ years:)`, or from published figures with
/// `set(_:_:_:_:_:)` and `publishedGrowth` (RunFolders' `referenceTable1`, the reference study's Table 1).
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
    /// True for a published table (the reference study's Table 1): printed as published, without the computed row
    /// of the regions in no group.
    public var isPublished = false
    /// The products counted as energy (never offshoring; left out of the non-energy denominator), which Table 1's
    /// note names: a classification choice (`energy = "with_mining"` or `"without_mining"`). Nil when unknown (a
    /// published table, a run folder written before the choice was recorded): no note.
    public var energyProducts: [String]? = nil

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
        energyProducts = first?.energyProducts
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
}
