import DataIO
import IOTables
import OffshoringModels

extension SensitivityChain {
    /// Checks the grid's samples and periods against the classification and the panel's years, and that a grid with
    /// a value-chain `measure` and other groupings than the config's was loaded with the measures by region
    /// (`valueChainGroupings`), from which each grouping's columns are added up.
    public func validate(_ grid: SensitivityGrid) throws {
        try validatePrices(grid)
        if !grid.valueChainMeasures.isEmpty {
            let own = Self.groupsKey(baseGrouping)
            if valueChainsByRegion.isEmpty, let other = try groupings(for: grid).first(where: { Self.groupsKey($0.grouping) != own }) {
                throw InputError(file: grid.path, key: "grid.measure",
                                 "the value-chain measures (\(grid.valueChainMeasures.map(\.rawValue).joined(separator: ", "))) are computed once "
                                 + "with the base config's grouping, but the grid also has the grouping '\(other.label)': run the measures "
                                 + "and the groupings in separate grids")
            }
            for m in grid.valueChainMeasures where (try? basePanel.data.numeric(m.rawValue)) == nil {
                throw InputError(file: grid.path, key: "grid.measure", "the panel has no column \(m.rawValue)")
            }
        }
        for s in grid.samples.compactMap(\.value) where s != "all" && !aggregates.contains(s) {
            throw InputError(file: grid.path, key: "grid.samples", "unknown sample '\(s)': expected model, all or an aggregate (\(aggregates.joined(separator: ", ")))")
        }
        for p in grid.periods {
            guard let r = p.value else { continue }
            guard years.contains(r.lowerBound), years.contains(r.upperBound) else {
                throw InputError(file: grid.path, key: "grid.periods", "period \(p.text) is not inside the tables' years (\(describeYears(years)))")
            }
        }
    }

    /// The groupings of `grid`: its files (the config's grouping when it lists none), then the generated ones.
    public func groupings(for grid: SensitivityGrid) throws -> [NamedGrouping] {
        var out: [NamedGrouping] = []
        if grid.groupings.isEmpty {
            out.append(NamedGrouping(label: Self.label(baseGrouping, path: config.grouping), grouping: baseGrouping))
        } else {
            for p in grid.groupings {
                let g = try Grouping.load(path: p)
                out.append(NamedGrouping(label: Self.label(g, path: p), grouping: g))
            }
        }
        if let first = out.first {
            for gen in grid.generators {
                out.append(contentsOf: try GroupingVariants.generate(gen, base: first, tableRegions: tableRegions, source: grid.path))
            }
        }
        var seen = Set<String>()
        for g in out where !seen.insert(g.label).inserted {
            throw InputError(file: grid.path, key: "grid.groupings", "two groupings are labelled '\(g.label)' (give the files different [grouping] names)")
        }
        return out
    }

    /// A grouping's groups, regions and aliases, as one text (two groupings with the same text measure alike).
    static func groupsKey(_ grouping: Grouping) -> String {
        var k = ""
        for g in grouping.groups { k += "\u{1F}" + g.name + ":" + g.regions.joined(separator: ",") }
        for (a, b) in grouping.aliases.sorted(by: { $0.key < $1.key }) { k += "\u{1F}" + a + "=" + b }
        return k
    }

    /// A grouping's label: its name, else its file's name without `.toml`.
    static func label(_ g: Grouping, path: String) -> String {
        if !g.name.isEmpty { return g.name }
        var base = AtomicFile.baseName(of: path)
        if base.hasSuffix(".toml") { base.removeLast(5) }
        return base
    }
}
