import DataIO

/// A concordance from the tables' industry codes to the accounts' industries (`[data] table_concordance`), shipped
/// as data (`SupplyUseTables/concordances/icio2021_to_wiod2013.csv`, ...): each table industry belongs to exactly one
/// accounts industry (many-to-one), whose om and os are then ratios of sums over its table industries.
///
/// File layout: a CSV whose first lines may be comments (`#`, naming the concordance's source and its choices), then
/// a header with the columns `table_code`, `accounts_code` and optionally `note`, one row per table industry.
/// Checked on loading against the tables' industries (every one mapped exactly once, no other code) and, once the
/// accounts are read, against the accounts' industries (`check(accountsIndustries:)`): each problem is an
/// `InputError` naming the file, the line and the code.
public struct TableConcordance: Sendable, Equatable {
    /// The concordance file.
    public let path: String
    /// Table code -> accounts code.
    public let target: [String: String]
    /// Line of each table code in the file.
    public let lines: [String: Int]
    /// The note of each row that has one, by table code.
    public let notes: [String: String]
    /// The tables' industries, in table order.
    public let tableIndustries: [String]
    /// The aggregation of the tables' industries (in table order) onto the accounts'.
    public let aggregation: OffshoringColumns.Aggregation

    /// Reads and checks `path` against the tables' `tableIndustries` (in table order).
    /// - Throws: `InputError` (file and line) for a missing header, an empty code, a code the tables do not have, a
    ///   code mapped twice, and (file) for table industries no line maps.
    public init(path: String, tableIndustries: [String]) throws {
        let file = try CodeMapping(path: path, keyColumn: "table_code", valueColumn: "accounts_code", known: tableIndustries,
                                   noun: "table industry", nouns: "table industries", valueNoun: "accounts code", knownName: "the tables")
        let target = Dictionary(uniqueKeysWithValues: file.pairs.map { ($0.key, $0.value) })
        guard let aggregation = OffshoringColumns.Aggregation(tableIndustries: tableIndustries, target: target) else {
            throw InputError(file: path, "the concordance does not map every table industry exactly once")
        }
        self.path = path
        self.target = target
        self.lines = file.lines
        self.notes = file.notes
        self.aggregation = aggregation
        self.tableIndustries = tableIndustries
    }

    /// Checks that every accounts code of the concordance is an industry of the accounts (`accountsIndustries`: the
    /// codes the accounts have for the reporting country).
    /// - Throws: `InputError` naming the file, the line of the first table code mapped to it, and the code.
    public func check(accountsIndustries: Set<String>, accountsFile: String) throws {
        for t in aggregation.targets where !accountsIndustries.contains(t) {
            let first = aggregation.memberCodes(of: tableIndustries)[t]?.first ?? ""
            let have = accountsIndustries.sorted(by: industryOrder)
            throw InputError(file: path, line: lines[first], "'\(inputExcerpt(t))' (for table industry \(first)) is not an industry of the accounts "
                             + "in \(accountsFile) (industries: \(have.prefix(6).joined(separator: ", "))\(have.count > 6 ? ", ..." : ""))")
        }
    }

    /// One line for the run's notes: how many table industries onto how many accounts industries, and which
    /// accounts industries sum several.
    public var description: String {
        let codes = aggregation.memberCodes(of: tableIndustries)
        let merged = aggregation.targets.compactMap { t -> String? in
            guard let m = codes[t], m.count > 1 else { return nil }
            return "\(t) = \(m.joined(separator: " + "))"
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "tables: the \(tableIndustries.count) table industries are aggregated onto \(aggregation.targets.count) accounts industries "
            + "through \(name) (om and os of each: imports and denominator summed over its table industries, then divided)"
            + (merged.isEmpty ? "" : ": " + merged.joined(separator: "; "))
    }
}

/// `cN` codes by their number, others by text (the order the accounts list industries in).
private func industryOrder(_ a: String, _ b: String) -> Bool {
    func number(_ s: String) -> Int? { s.hasPrefix("c") ? Int(s.dropFirst()) : nil }
    switch (number(a), number(b)) {
    case let (x?, y?): return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: return a < b
    }
}
