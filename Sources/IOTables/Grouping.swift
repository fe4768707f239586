import DataIO

/// A named group of origin regions (e.g. OECD).
public struct RegionGroup: Sendable, Equatable {
    /// Group name, used in tidy output (`OECD`).
    public var name: String
    /// ISO 3166 alpha-3 region codes.
    public var regions: [String]

    /// A group.
    public init(name: String, regions: [String]) {
        self.name = name
        self.regions = regions
    }
}

/// Origin groups for offshoring by origin, read from a TOML file (`SupplyUseTables/groupings/default.toml`).
///
/// Regions are ISO 3166 alpha-3 codes (three upper-case letters). A table that writes a region differently
/// (WIOD's `ROM` for Romania) is matched through `[aliases]`. A region may be in one group at most; regions in
/// no group still count in the total; a group's region that a table lacks is reported, not an error.
///
/// File format:
/// ```toml
/// [grouping]                 # optional
/// name = "default"
/// description = "..."
/// [aliases]                  # optional: table code = ISO code
/// ROM = "ROU"
/// [[group]]                  # reported in this order
/// name = "OECD"
/// regions = ["AUS", ...]
/// ```
public struct Grouping: Sendable {
    /// A descriptive name.
    public var name: String
    /// Table region code -> the ISO code used in groups.
    public var aliases: [String: String]
    /// The groups, in file order.
    public var groups: [RegionGroup]
    /// The file it came from (for messages).
    public var source: String

    /// A grouping built in code. Throws when a region is in two groups, a code is not ISO alpha-3, or a
    /// group name is repeated, empty or `total` (reserved for the total).
    /// - Parameter lineOf: for error messages, the file line of group `g` (called with region "") or of one of
    ///   its regions; the default knows no lines.
    public init(name: String = "", aliases: [String: String] = [:], groups: [RegionGroup], source: String = "<grouping>",
                lineOf: (Int, String) -> Int? = { _, _ in nil }) throws {
        self.name = name
        self.aliases = aliases
        self.groups = groups
        self.source = source
        var owner: [String: Int] = [:]
        var names = Set<String>()
        for (g, group) in groups.enumerated() {
            // The line is looked up only for an error (a lookup scans the file: once per group would be quadratic).
            var line: Int? { lineOf(g, "") }
            guard !group.name.isEmpty else { throw InputError(file: source, line: line, key: "group.name", "a group needs a name") }
            guard group.name != "total" else {
                throw InputError(file: source, line: line, key: "group.name", "'total' is reserved for the sum over all origins; choose another group name")
            }
            guard names.insert(group.name).inserted else {
                throw InputError(file: source, line: line, key: "group.name", "duplicate group name '\(group.name)'")
            }
            guard !group.regions.isEmpty else {
                throw InputError(file: source, line: line, key: "group.regions", "group '\(group.name)' has no regions")
            }
            for r in group.regions {
                guard isISOAlpha3(r) else {
                    throw InputError(file: source, line: lineOf(g, r), key: "group.regions",
                                     "unknown region '\(r)' in group '\(group.name)': expected an ISO 3166 alpha-3 code (three upper-case letters, e.g. DEU); map other table codes with [aliases]")
                }
                if let o = owner[r] {
                    let what = o == g ? "twice in group '\(group.name)'" : "in two groups, '\(groups[o].name)' and '\(group.name)'"
                    throw InputError(file: source, line: lineOf(g, r), key: "group.regions",
                                     "region \(r) is \(what); a region may belong to one group only")
                }
                owner[r] = g
            }
        }
        for (k, v) in aliases where !isISOAlpha3(v) {
            throw InputError(file: source, key: "aliases.\(k)", "alias target '\(v)' is not an ISO 3166 alpha-3 code (three upper-case letters)")
        }
    }

    /// Loads a grouping file; unknown keys, wrong types, duplicate or malformed regions are errors naming the
    /// file, line and key.
    public static func load(path: String) throws -> Grouping {
        let doc = try TOMLDocument(path: path)
        let root = doc.root
        try root.rejectUnknownKeys(allowed: ["grouping", "aliases", "group"])
        var name = ""
        if let meta = try root.section("grouping") {
            try meta.rejectUnknownKeys(allowed: ["name", "description"])
            name = try meta.string("name") ?? ""
            _ = try meta.string("description")
        }
        var aliases: [String: String] = [:]
        if let a = try root.section("aliases") {
            for k in a.keys {
                guard let v = try a.string(k) else { continue }
                aliases[k] = v
            }
        }
        var groups: [RegionGroup] = []
        guard let sections = try root.sections("group"), !sections.isEmpty else {
            throw InputError(file: path, key: "group", "no [[group]] tables: a grouping needs at least one group with a name and regions")
        }
        for (k, s) in sections.enumerated() {
            try s.rejectUnknownKeys(allowed: ["name", "regions"])
            guard let n = try s.string("name") else {
                throw InputError(file: path, line: lineOfArrayTable("group", index: k, in: doc.text), key: "group.name", "each [[group]] needs a name")
            }
            groups.append(RegionGroup(name: n, regions: try s.strings("regions") ?? []))
        }
        let text = doc.text
        return try Grouping(name: name, aliases: aliases, groups: groups, source: path) { g, region in
            // Called only on the error path.
            let header = lineOfArrayTable("group", index: g, in: text)
            return region.isEmpty ? header : lineOfQuoted(region, from: header, in: text)
        }
    }

    /// The code used in groups for a table's region code (its alias, or itself).
    public func canonical(_ tableRegion: String) -> String { aliases[tableRegion] ?? tableRegion }

    /// How a table's regions fall into the groups.
    public struct Resolution: Sendable {
        /// For each region of the table, the index of its group, or nil.
        public var groupOfRegion: [Int?]
        /// Group regions the table does not have: (group name, region code).
        public var absent: [(group: String, region: String)]
    }

    /// Matches the groups to `regions` (a table's region codes), through the aliases.
    public func resolve(regions: [String]) -> Resolution {
        var groupOf: [String: Int] = [:]
        for (g, group) in groups.enumerated() { for r in group.regions { groupOf[r] = g } }
        let mapped = regions.map(canonical)
        let present = Set(mapped)
        var absent: [(group: String, region: String)] = []
        for group in groups { for r in group.regions where !present.contains(r) { absent.append((group.name, r)) } }
        return Resolution(groupOfRegion: mapped.map { groupOf[$0] }, absent: absent)
    }
}

/// True for three upper-case ASCII letters.
func isISOAlpha3(_ s: String) -> Bool {
    s.utf8.count == 3 && s.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
}
