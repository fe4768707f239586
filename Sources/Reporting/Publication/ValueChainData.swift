import Offshoring
import ValueChains

/// The value-chain measures of one country in a format-neutral layout for tables and charts: for each unit
/// (industry, aggregate or `all`), measure, origin (`total`, then groups) and year, the value `offshore gvc` writes.
///
/// Built from the tidy observations of `ValueChainReport.observations` (the rows of `offshore gvc --format csv`), so a
/// report shows exactly the numbers of the CSV, rounded only when printed.
public struct ValueChainData {
    /// One unit: an industry or an aggregate.
    public struct Unit: Equatable {
        /// Code or name (`c12`, `manufacturing`, `all`).
        public var unit: String
        /// Label for tables.
        public var label: String
        /// True for an aggregate (the classification's and `all`).
        public var isAggregate: Bool
    }

    /// The reporting country.
    public var country: String
    /// Years in increasing order.
    public var years: [Int]
    /// Origins: `total`, then the groups.
    public var origins: [String]
    /// The measures computed, in `GVCMeasure` order.
    public var measures: [GVCMeasure]
    /// Industries in table order, then aggregates.
    public var units: [Unit]
    /// Values keyed `unit|measure|origin|year`.
    var values: [String: Double] = [:]

    /// Adapter: the measures of `country` in `measured` (every year of it; other countries are left out).
    public init(_ measured: [ValueChainYear], country: String) {
        let mine = measured.filter { $0.country == country && $0.year != nil }.sorted { ($0.year ?? 0) < ($1.year ?? 0) }
        self.country = country
        years = mine.compactMap(\.year)
        origins = mine.first?.origins ?? ["total"]
        measures = mine.first?.measures ?? []
        var units: [Unit] = []
        var seen = Set<String>()
        for y in mine {
            for u in y.units where seen.insert(u.unit).inserted {
                units.append(Unit(unit: u.unit, label: u.label, isAggregate: u.isAggregate))
            }
        }
        self.units = units.filter { !$0.isAggregate } + units.filter(\.isAggregate)
        for o in ValueChainReport.observations(mine) {
            values["\(o.unit)|\(o.measure.rawValue)|\(o.group)|\(o.year)"] = o.value
        }
    }

    /// One value (`origin` nil: the partners in no group, the total less the groups), nil when undefined.
    public func value(_ unit: String, _ measure: GVCMeasure, _ origin: String?, _ year: Int) -> Double? {
        guard let origin else {
            let groups = origins.dropFirst().map { value(unit, measure, $0, year) }
            return noGroupShare(total: value(unit, measure, "total", year), groups: Array(groups))
        }
        return values["\(unit)|\(measure.rawValue)|\(origin)|\(year)"]
    }

    /// The aggregates (the classification's, then `all`).
    public var aggregates: [Unit] { units.filter(\.isAggregate) }

    /// The industries.
    public var industries: [Unit] { units.filter { !$0.isAggregate } }
}
