import DataIO
import IOTables
import Offshoring
import OffshoringModels

extension SensitivityChain {
    /// Every year's offshoring sums of a variant, recomputed from the tables' flows with its grouping,
    /// denominator and narrow/broad setting.
    func sums(_ v: Variant, grouping: Grouping) throws -> [IndustrySums] {
        var groups: [[Int]]? = nil
        return try flows.indices.map { k in
            let f = variantFlows(k, v)
            let byGroup = sameRegions ? groups ?? f.regionsByGroup(grouping) : f.regionsByGroup(grouping)
            groups = byGroup
            return try f.sums(regionsByGroup: byGroup, denominator: v.denominator)
        }
    }

    /// The offshoring columns of the baseline panel's rows (`om`, `os`, `om_<GROUP>`, `os_<GROUP>`, `om_sup`,
    /// `os_sup`) from every year's sums, computed by the panel's own code (`OffshoringColumns`).
    func offshoringColumns(sums: [IndustrySums], groups: [String]) -> [(name: String, values: [Double])] {
        let years = zip(sums, base).map { OffshoringColumns.Year(sums: $0, coefficients: $1.coefficients, domestic: $1.domestic) }
        return OffshoringColumns.compute(years: years, rows: rows, groups: groups, aggregation: basePanel.aggregation,
                                         unit: basePanel.offshoringUnit, baseYearWeights: basePanel.spilloverBaseYear)
    }

    /// The offshoring columns of a variant whose grouping has the base grouping's group names; with a value-chain
    /// measure (`Variant.measure`), `om` and `om_<GROUP>` hold the baseline panel's columns of that measure
    /// (`vs`, `vs_<GROUP>`), computed once with the config's grouping (`validate` refuses other groupings with one).
    func offshoringColumns(_ v: Variant, grouping: Grouping) throws -> [(name: String, values: [Double])] {
        var columns = blankYearsWithoutPrices(offshoringColumns(sums: try sums(v, grouping: grouping), groups: basePanel.groups), v)
        guard v.measure != SensitivityGrid.ownMeasure else { return columns }
        for k in columns.indices {
            let name = columns[k].name
            guard name == "om" || basePanel.groups.contains(where: { name == "om_" + $0 }) else { continue }
            let swapped = v.measure + name.dropFirst(2)
            guard let values = try? basePanel.data.numeric(swapped) else {
                throw InputError(key: "grid.measure", "the panel has no column \(swapped) for the measure \(v.measure)")
            }
            columns[k].values = values
        }
        return columns
    }

    /// The panel of a variant: the baseline panel with the variant's offshoring columns when the grouping's
    /// groups have the base grouping's names, otherwise (other group names, so other columns) built again by
    /// `PanelBuilder` from the variant's measures.
    func panel(_ v: Variant, grouping: Grouping) throws -> IndustryPanel {
        guard grouping.groups.map(\.name) == basePanel.groups else {
            var cfg = config
            cfg.denominator = v.denominator
            let tables = try base.enumerated().map { k, t in
                t.replacingMeasures(try OffshoringMeasures.compute(flows: variantFlows(k, v), country: config.country,
                                                                  classification: classification, grouping: grouping, denominator: v.denominator))
            }
            var built = try PanelBuilder.build(tables: tables, accounts: accounts, config: cfg, classification: classification,
                                               grouping: grouping, yearsExplicit: cfg.years != nil)
            let blank = rowsWithoutPrices(v)
            if !blank.isEmpty {
                for name in OffshoringColumns.names(groups: built.groups) {
                    var values = try built.data.numeric(name)
                    for r in blank { values[r] = .nan }
                    try built.data.setColumn(name, .numeric(values))
                }
            }
            return built
        }
        var p = basePanel
        for (name, values) in try offshoringColumns(v, grouping: grouping) {
            try p.data.setColumn(name, .numeric(values))
        }
        return p
    }
}
