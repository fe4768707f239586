import DataIO
import IOTables
import Offshoring
import OffshoringModels
import ValueChains

extension SensitivityChain {
    /// Every year's offshoring sums of a variant, recomputed from the tables' flows with its grouping,
    /// denominator and narrow/broad setting.
    func sums(_ v: Variant, grouping: Grouping) throws -> [IndustrySums] {
        var groups: [[Int]]? = nil
        return try flows.indices.map { k in
            let f = try variantFlows(k, v)
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
    /// measure (`Variant.measure`), `om` and `om_<GROUP>` hold that measure's columns (`vs`, `vs_<GROUP>`): the baseline
    /// panel's for the config's grouping, else the grouping's own, added up from the measures by region
    /// (`valueChainColumns(grouping:)`).
    func offshoringColumns(_ v: Variant, grouping: Grouping) throws -> [(name: String, values: [Double])] {
        var columns = blankYearsWithoutPrices(offshoringColumns(sums: try sums(v, grouping: grouping), groups: basePanel.groups), v)
        guard v.measure != SensitivityGrid.ownMeasure else { return columns }
        let own = valueChainsByRegion.isEmpty || Self.groupsKey(grouping) == Self.groupsKey(baseGrouping)
        let chains = own ? [] : try valueChainColumns(grouping: grouping)
        for k in columns.indices {
            let name = columns[k].name
            guard name == "om" || basePanel.groups.contains(where: { name == "om_" + $0 }) else { continue }
            let swapped = v.measure + name.dropFirst(2)
            let values = own ? try? basePanel.data.numeric(swapped) : chains.first { $0.name == swapped }?.values
            guard let values else {
                throw InputError(key: "grid.measure", "the panel has no column \(swapped) for the measure \(v.measure)")
            }
            columns[k].values = values
        }
        return columns
    }

    /// The value-chain columns (`vs`, `vs_<GROUP>`, ... for every measure the chain keeps) of the baseline panel's rows
    /// with the groups of `grouping`: each year's measures by region added up into its groups, then aggregated onto the
    /// panel's industries by the panel's own code (`ValueChainColumns`). The same numbers as a panel built with that
    /// grouping, to rounding.
    func valueChainColumns(grouping: Grouping) throws -> [(name: String, values: [Double])] {
        guard valueChainsByRegion.count == base.count else {
            throw InputError(key: "grid.measure", "the value-chain measures by region were not kept: the chain was built without valueChainGroupings")
        }
        return ValueChainColumns.compute(years: valueChainsByRegion.map { $0.regrouped(by: grouping) }, tableIndustries: base.first?.industries ?? [],
                                         rows: rows, aggregation: basePanel.aggregation, unit: basePanel.offshoringUnit)
    }

    /// The panel of a variant: the baseline panel with the variant's offshoring columns when the grouping's
    /// groups have the base grouping's names, otherwise (other group names, so other columns) built again by
    /// `PanelBuilder` from the variant's measures.
    func panel(_ v: Variant, grouping: Grouping) throws -> IndustryPanel {
        guard grouping.groups.map(\.name) == basePanel.groups else {
            var cfg = config
            cfg.denominator = v.denominator
            if let e = v.energy.value { cfg.energy = e }
            let energyClassification = try classification.choosingEnergy(v.energy.value, key: "grid.energy")
            let tables = try base.enumerated().map { k, t in
                var year = t.replacingMeasures(try OffshoringMeasures.compute(flows: try variantFlows(k, v), country: config.country,
                                                                             classification: energyClassification, grouping: grouping,
                                                                             denominator: v.denominator))
                // The value-chain columns with this grouping's groups (from the measures by region, when kept).
                if let r = t.valueChainsByRegion { year.valueChains = r.regrouped(by: grouping) }
                return year
            }
            var p = try PanelBuilder.build(tables: tables, accounts: accounts, config: cfg, classification: classification,
                                           grouping: grouping, yearsExplicit: cfg.years != nil)
            if v.measure != SensitivityGrid.ownMeasure {
                for name in ["om"] + grouping.groups.map({ "om_" + $0.name }) {
                    let swapped = v.measure + name.dropFirst(2)
                    guard let values = try? p.data.numeric(swapped) else {
                        throw InputError(key: "grid.measure", "the panel has no column \(swapped) for the measure \(v.measure)")
                    }
                    try p.data.setColumn(name, .numeric(values))
                }
            }
            if !rowsWithoutPrices(v).isEmpty {
                let columns = try OffshoringColumns.names(groups: p.groups).map { (name: $0, values: try p.data.numeric($0)) }
                for (name, values) in blankYearsWithoutPrices(columns, v) { try p.data.setColumn(name, .numeric(values)) }
            }
            return p
        }
        var p = basePanel
        for (name, values) in try offshoringColumns(v, grouping: grouping) {
            try p.data.setColumn(name, .numeric(values))
        }
        return p
    }
}
