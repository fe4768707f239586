import DataIO
import IOTables

/// A grouping as one setting of the grid: its label (the `grouping` column of the results) and a fingerprint
/// of its content, so that a variant's id changes when the grouping's regions change.
public struct NamedGrouping: Sendable {
    /// The label: the grouping's name (or file name), and for generated ones what was changed, e.g.
    /// `default/loo:OECD-DEU`, `default/alone:CEE=POL`, `default/move:KOR>OECD`.
    public var label: String
    /// The grouping.
    public var grouping: Grouping
    /// Canonical text of the groups and aliases (groups in order, regions in order, aliases sorted).
    public var fingerprint: String

    /// A named grouping; the fingerprint is computed from the grouping.
    public init(label: String, grouping: Grouping) {
        self.label = label
        self.grouping = grouping
        self.fingerprint = grouping.groups.map { "\($0.name):\($0.regions.joined(separator: ","))" }.joined(separator: ";")
            + "|" + grouping.aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

/// Generated grouping variants (leave one region out of a group, each region of a group alone, move a region
/// between groups), derived from a baseline grouping.
public enum GroupingVariants {
    /// The groupings `generator` makes from `base`. Only regions that the tables have (`tableRegions`, in the
    /// grouping's codes) vary: leaving out a region the tables lack would repeat the baseline. Variants that would
    /// empty a group (its name is used in formulas, `om_CEE`) are not made.
    /// - Throws: `InputError` keyed `generate` for an unknown group or a region to move that is in no table.
    public static func generate(_ generator: GroupingGenerator, base: NamedGrouping, tableRegions: Set<String>,
                                source: String?) throws -> [NamedGrouping] {
        let groups = base.grouping.groups
        func groupIndex(_ name: String) throws -> Int {
            guard let g = groups.firstIndex(where: { $0.name == name }) else {
                throw InputError(file: source, key: "generate", "\(generator.kind.rawValue): no group '\(name)' in grouping '\(base.label)' (groups: \(groups.map(\.name).joined(separator: ", ")))")
            }
            return g
        }
        func make(_ label: String, _ newGroups: [RegionGroup]) throws -> NamedGrouping {
            let g = try Grouping(name: label, aliases: base.grouping.aliases, groups: newGroups, source: base.grouping.source)
            return NamedGrouping(label: label, grouping: g)
        }
        var out: [NamedGrouping] = []
        switch generator.kind {
        case .leaveOneOut, .alone:
            let g = try groupIndex(generator.group)
            var regions = groups[g].regions.filter { tableRegions.contains($0) }
            if !generator.regions.isEmpty {
                for r in generator.regions where !groups[g].regions.contains(r) {
                    throw InputError(file: source, key: "generate.regions", "region \(r) is not in group '\(generator.group)'")
                }
                regions = regions.filter { generator.regions.contains($0) }
            }
            for r in regions {
                var copy = groups
                if generator.kind == .leaveOneOut {
                    copy[g].regions.removeAll { $0 == r }
                    guard !copy[g].regions.isEmpty else { continue }
                    out.append(try make("\(base.label)/loo:\(generator.group)-\(r)", copy))
                } else {
                    copy[g].regions = [r]
                    out.append(try make("\(base.label)/alone:\(generator.group)=\(r)", copy))
                }
            }
        case .move:
            let to = generator.to.isEmpty ? nil : try groupIndex(generator.to)
            for r in generator.regions {
                guard tableRegions.contains(r) else {
                    throw InputError(file: source, key: "generate.regions", "move: region \(r) is in none of the tables, so moving it changes nothing")
                }
                var copy = groups
                let from = copy.firstIndex { $0.regions.contains(r) }
                if let from {
                    if from == to { continue }
                    copy[from].regions.removeAll { $0 == r }
                    if copy[from].regions.isEmpty { continue }
                }
                if let to { copy[to].regions.append(r) }
                out.append(try make("\(base.label)/move:\(r)>\(generator.to.isEmpty ? "none" : generator.to)", copy))
            }
        }
        return out
    }
}
