import DataIO
import IOTables

/// Everything one `offshore gvc` run produced: the value-chain measures of the countries asked for, for each year
/// of the tables, and notes about them. Each year's table is read, factored, measured and dropped in turn (years in
/// parallel, as `TableSet` loads them), so no year's table or factorisation outlives its measures.
public struct ValueChainRun {
    /// The results, in year order, countries in the order asked within a year.
    public var measured: [ValueChainYear]
    /// Notes for standard error: group regions the tables lack, units without a base.
    public var notes: [String]
    /// With `alsoByRegion`: the same measures with one origin per region of the tables (`ValueChainYear.regrouped(by:)`
    /// adds them up into any grouping's groups), in the order of `measured`; empty otherwise.
    public var byRegion: [ValueChainYear] = []

    /// Reads every kept year of `tables` (WIOD or ICIO layout: whole multi-regional tables) and measures `countries`.
    /// - Parameters:
    ///   - alsoByRegion: also measure by region (`byRegion`), from the same factorisation.
    ///   - upstreamness: how upstreamness is computed.
    /// - Throws: `InputError` naming the tables for another format, a country not in a table, a singular system.
    public static func execute(tables: TableSet, classification: Classification?, grouping: Grouping, countries: [String],
                               measures: [GVCMeasure], alsoByRegion: Bool = false, upstreamness: UpstreamnessMethod = .plain) throws -> ValueChainRun {
        let results = try tables.loadTables { table, _ in
            let system = try LeontiefSystem(table: table)
            let grouped = try ValueChainMeasures.compute(table: table, system: system, countries: countries, classification: classification,
                                                         grouping: grouping, measures: measures, upstreamness: upstreamness)
            let regions = alsoByRegion ? try ValueChainMeasures.compute(table: table, system: system, countries: countries, classification: classification,
                                                                        grouping: grouping, measures: measures, byRegion: true, upstreamness: upstreamness) : []
            return (grouped, grouping.resolve(regions: table.regions).absent, regions)
        }
        var notes = absentNote(results.first?.1 ?? [], grouping: grouping)
        let measured = results.flatMap(\.0)
        var undefined: [String] = []
        for y in measured {
            for u in y.industries where u.sums.contains(where: { $0.weight <= 0 }) && !undefined.contains(u.unit) { undefined.append(u.unit) }
        }
        if !undefined.isEmpty {
            notes.append("industries without exports, final output or gross output in some year have no value there for the measures based on it "
                         + "(rows left out): \(undefined.joined(separator: " "))")
        }
        if upstreamness == .inventoryCorrected && measures.contains(.upstreamness) {
            notes.append("upstreamness corrected for net changes in inventories (Antras, Chor, Fally and Hillberry 2012; each row of A scaled by "
                         + "Y / (Y - N), N the row's inventory changes, rows with Y - N <= 0 left as they are)")
        }
        return ValueChainRun(measured: measured, notes: notes, byRegion: results.flatMap(\.2))
    }

    /// The note naming the regions of `grouping` that the tables lack, by group (none when there are none).
    static func absentNote(_ absent: [(group: String, region: String)], grouping: Grouping) -> [String] {
        guard !absent.isEmpty else { return [] }
        var byGroup: [(String, [String])] = []
        for (g, r) in absent {
            if let k = byGroup.firstIndex(where: { $0.0 == g }) { byGroup[k].1.append(r) } else { byGroup.append((g, [r])) }
        }
        return ["regions of \(grouping.source) not in the tables (they add nothing to their group): "
                + byGroup.map { "\($0.0): \($0.1.joined(separator: " "))" }.joined(separator: "; ")]
    }
}
