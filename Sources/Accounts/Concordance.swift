import DataIO

/// A concordance from the industry codes of one source (e.g. EU KLEMS groups, SEA's NACE codes) to the
/// industries of the panel (the tables' codes, e.g. WIOD's `c1`...`c35`), shipped as data
/// (`SupplyUseTables/concordances/*.csv`).
///
/// File layout: a CSV with the columns `code` (the panel's industry), `source_code` (the code in the other
/// source) and optionally `note` (why, e.g. "EU KLEMS gives 17t19 only: the coarser group is assigned to c4 and
/// c5"). Every panel industry is mapped exactly once; one source code may serve several industries (a coarser
/// group assigned to each member). Checked on loading: an industry left unmapped, mapped twice or not an industry
/// of the panel is an `InputError` naming the file, the line(s) and the code.
public struct Concordance: Equatable {
    /// The concordance file.
    public let path: String
    /// Panel industry -> source code, in the file's order.
    public let mapping: [(code: String, source: String)]
    /// The note of each row that has one, by panel industry.
    public let notes: [String: String]
    /// Line of each panel industry in the file.
    public let lines: [String: Int]

    /// Reads and checks `path` against the panel's `industries` (every one mapped exactly once, no other code).
    public init(path: String, industries: [String]) throws {
        let file = try CodeMapping(path: path, keyColumn: "code", valueColumn: "source_code", known: industries, noun: "industry",
                                   nouns: "industries", valueNoun: "source code", knownName: "the panel")
        self.path = path
        mapping = file.pairs.map { ($0.key, $0.value) }
        notes = file.notes
        lines = file.lines
    }

    /// Source codes that serve more than one industry, with those industries (the coarser groups), in file order.
    public var sharedSources: [(source: String, codes: [String])] {
        var order: [String] = []
        var by: [String: [String]] = [:]
        for m in mapping {
            if by[m.source] == nil { order.append(m.source) }
            by[m.source, default: []].append(m.code)
        }
        return order.compactMap { s in (by[s]?.count ?? 0) > 1 ? (s, by[s] ?? []) : nil }
    }

    /// The values of `variables` of `source` (keyed by the source's codes) keyed by the panel's industries: each
    /// industry takes its source code's series. Returns the accounts and what did not match: source codes of the
    /// concordance the source lacks for a variable, and source codes of the source no industry uses.
    public func apply(to source: IndustryAccounts, variables: [String]) -> (IndustryAccounts, unmatched: [String]) {
        var out = IndustryAccounts(source: source.source)
        var notes: [String] = []
        let wanted = Set(variables)
        let name = source.source.split(separator: "/").last.map(String.init) ?? source.source
        let concordanceName = path.split(separator: "/").last.map(String.init) ?? path
        var present: [String: Set<String>] = [:]
        for k in source.values.keys where wanted.contains(k.variable) { present[k.variable, default: []].insert(k.industry) }
        for v in variables {
            let have = present[v] ?? []
            let lacking = Array(Set(mapping.map(\.source)).subtracting(have)).sorted()
            if !lacking.isEmpty { notes.append("\(name): \(v) has no rows for \(lacking.joined(separator: ", ")) (named in \(concordanceName))") }
            let used = Set(mapping.map(\.source))
            let unused = have.subtracting(used).sorted()
            if !unused.isEmpty { notes.append("\(name): codes of \(v) no industry uses (aggregates or finer groups): \(unused.joined(separator: ", "))") }
        }
        var bySource: [String: [String]] = [:]
        for m in mapping { bySource[m.source, default: []].append(m.code) }
        for (k, x) in source.values where wanted.contains(k.variable) {
            for code in bySource[k.industry] ?? [] {
                let key = IndustryAccounts.Key(country: k.country, variable: k.variable, industry: code, year: k.year)
                try? out.insert(x, at: key, line: source.lines[k] ?? 0)
            }
        }
        return (out, notes)
    }

    public static func == (a: Concordance, b: Concordance) -> Bool {
        a.path == b.path && a.mapping.map(\.code) == b.mapping.map(\.code) && a.mapping.map(\.source) == b.mapping.map(\.source)
    }
}

extension IndustryAccounts {
    /// Adds every value of `other` (another source joined by industry and year), keeping its lines for messages.
    /// A key both hold is an `InputError` naming the variable and both files: two sources never feed one cell.
    public mutating func merge(_ other: IndustryAccounts) throws {
        for (k, x) in other.values {
            if values[k] != nil {
                throw InputError(file: other.source, "\(k.variable) for \(k.country) \(k.industry) \(k.year) is also in \(source): "
                                 + "name the variable of each source differently")
            }
            try insert(x, at: k, line: other.lines[k] ?? 0)
        }
    }
}
