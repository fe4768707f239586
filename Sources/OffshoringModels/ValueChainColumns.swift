import DataIO
import Econometrics
import IOTables
import Offshoring
import ValueChains

/// The panel's value-chain columns (issue 21): the measures of `offshore gvc` (`GVCMeasure`) of the reporting
/// country's industries, usable in formulas beside (or instead of) `om` and `os`. Each measure `m` gives the column
/// `m` (total over every foreign region) and, for measures split by origin or partner, `m_<GROUP>` per group of the
/// config's grouping: `vs`, `vs_OECD`, `fva_exports`, `gvc_backward`, `gvc_forward`, `upstreamness`, ...
///
/// The columns are computed only when a model's formula names one (or a sensitivity grid's `measure` asks for
/// it): one Leontief factorisation per year of the multi-regional tables (`ValueChainRun`), in the tables'
/// industries. With a table concordance every measure is aggregated onto the accounts' industries as a ratio of
/// sums (numerators and bases summed over the member industries, then divided), as `offshore gvc` aggregates
/// industries and as om and os are aggregated. Shares are in the unit of the offshoring columns
/// (`[data] offshoring_unit`); upstreamness and downstreamness are numbers of stages, never rescaled.
public enum ValueChainColumns {
    /// The columns of measure `m` for the groups `groups`: `m`, then `m_<GROUP>` when the measure has groups.
    public static func names(_ m: GVCMeasure, groups: [String]) -> [String] {
        [m.rawValue] + (m.hasGroups ? groups.map { "\(m.rawValue)_\($0)" } : [])
    }

    /// The measures whose columns the formulas `texts` name (as whole identifiers), in `GVCMeasure` order.
    public static func measures(readBy texts: [String], groups: [String]) -> [GVCMeasure] {
        let words = texts.reduce(into: Set<String>()) { $0.formUnion(formulaWords($1)) }
        return GVCMeasure.allCases.filter { m in names(m, groups: groups).contains(where: words.contains) }
    }

    /// The measures the models of `config` read (every model, enabled or not: a run may select any).
    public static func measures(readBy config: EstimateConfig, groups: [String]) -> [GVCMeasure] {
        measures(readBy: config.models.flatMap { [$0.formula] + $0.equations }, groups: groups)
    }

    /// Computes the value-chain measures of `country` for every kept year of `tables`, one `ValueChainYear` per
    /// year in the order of `years`.
    /// - Throws: `InputError` keyed `data.tables` when the tables are not whole multi-regional tables (national or
    ///   supply-use tables hold no Leontief system across countries), or lack a year; the measures' own errors.
    /// - Parameter byRegion: also the measures by region (`ValueChainRun.byRegion`, in the order of `years`), for
    ///   grids that vary the grouping; empty when false.
    public static func load(tables: TableSet, years: [Int], config: EstimateConfig, grouping: Grouping, measures: [GVCMeasure],
                            byRegion: Bool = false) throws -> (years: [ValueChainYear], notes: [String], byRegion: [ValueChainYear]) {
        guard tables.format == .wiod || tables.format == .icio else {
            throw InputError(file: config.path, key: "data.tables",
                             "the value-chain columns (\(measures.map(\.rawValue).joined(separator: ", "))) need whole multi-regional tables "
                             + "(the WIOD or ICIO layout); \(tables.path) holds \(tables.format.rawValue) tables")
        }
        let run = try ValueChainRun.execute(tables: tables, classification: nil, grouping: grouping, countries: [config.country],
                                            measures: measures, alsoByRegion: byRegion)
        var out: [ValueChainYear] = [], regions: [ValueChainYear] = []
        for y in years {
            guard let found = run.measured.first(where: { $0.year == y }) else {
                throw InputError(file: config.path, key: "data.tables", "no value-chain measures for \(y) in \(tables.path)")
            }
            out.append(found)
            if byRegion, let r = run.byRegion.first(where: { $0.year == y }) { regions.append(r) }
        }
        return (out, run.notes.map { "value chains: " + $0 }, regions)
    }

    /// The columns (measure by measure, in the order of `names(_:groups:)`), one value per row of `rows`.
    /// - Parameters:
    ///   - years: each year's measures of the reporting country (rows index this list).
    ///   - tableIndustries: the tables' industries, in table order (`aggregation`'s sources).
    ///   - aggregation: the tables' industries onto the accounts' (rows then index its targets); nil: rows index
    ///     `tableIndustries`.
    public static func compute(years: [ValueChainYear], tableIndustries: [String], rows: [OffshoringColumns.Row],
                               aggregation: OffshoringColumns.Aggregation?, unit: OffshoringScale) -> [(name: String, values: [Double])] {
        guard let first = years.first else { return [] }
        let measures = first.measures, groups = Array(first.origins.dropFirst())
        // Each year's sums per panel industry (table industry, or the sum over a target's members).
        let members: [[String]] = aggregation.map { a in a.members.map { $0.map { tableIndustries[$0] } } } ?? tableIndustries.map { [$0] }
        let perYear: [[[GVCSums]?]] = years.map { y in
            var byCode: [String: [GVCSums]] = [:]
            for u in y.industries { byCode[u.unit] = u.sums }
            return members.map { codes -> [GVCSums]? in
                var total = [GVCSums](repeating: GVCSums(groups: groups.count), count: measures.count)
                for c in codes {
                    guard let s = byCode[c], s.count == measures.count else { return nil }
                    for m in 0..<measures.count { total[m] += s[m] }
                }
                return total
            }
        }
        var out: [(name: String, values: [Double])] = []
        for (mi, m) in measures.enumerated() {
            let origins = m.hasGroups ? 0...groups.count : 0...0
            let scale = m.isShare ? unit.scale : 1
            for o in origins {
                let name = o == 0 ? m.rawValue : "\(m.rawValue)_\(groups[o - 1])"
                let values = rows.map { r -> Double in
                    guard r.year < perYear.count, r.industry < perYear[r.year].count, let s = perYear[r.year][r.industry],
                          let v = s[mi].value(origin: o, share: m.isShare), v.isFinite else { return .nan }
                    return v * scale
                }
                out.append((name, values))
            }
        }
        return out
    }
}
