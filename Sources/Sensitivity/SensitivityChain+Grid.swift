import DataIO
import IOTables
import OffshoringModels

extension SensitivityChain {
    /// Checks the grid's samples and periods against the classification and the panel's years.
    public func validate(_ grid: SensitivityGrid) throws {
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

    /// A grouping's label: its name, else its file's name without `.toml`.
    static func label(_ g: Grouping, path: String) -> String {
        if !g.name.isEmpty { return g.name }
        var base = AtomicFile.baseName(of: path)
        if base.hasSuffix(".toml") { base.removeLast(5) }
        return base
    }
}
