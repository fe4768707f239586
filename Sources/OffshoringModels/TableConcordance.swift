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
        let reader = try CSVReader(path: path)
        var tableColumn: Int?, accountsColumn: Int?, noteColumn: Int?
        var target: [String: String] = [:], lines: [String: Int] = [:], notes: [String: String] = [:]
        let known = Set(tableIndustries)
        try reader.forEachRow { row in
            if row.isBlank || row.string(0).trimmingCharacters(in: .whitespaces).hasPrefix("#") { return }
            guard let t = tableColumn, let a = accountsColumn else {
                let header = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let t = header.firstIndex(of: "table_code"), let a = header.firstIndex(of: "accounts_code") else {
                    throw InputError(file: path, line: row.line,
                                     "expected a header with the columns table_code and accounts_code (and optionally note) after the # comments")
                }
                tableColumn = t
                accountsColumn = a
                noteColumn = header.firstIndex(of: "note")
                return
            }
            guard row.count > max(t, a) else {
                throw row.error("expected at least \(max(t, a) + 1) fields as in the header, found \(row.count)")
            }
            let code = row.string(t).trimmingCharacters(in: .whitespaces)
            let into = row.string(a).trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw row.error(column: t, "empty table industry code") }
            guard !into.isEmpty else { throw row.error(column: a, "table industry \(code) is mapped to an empty accounts code") }
            guard known.contains(code) else {
                throw row.error(column: t, "'\(inputExcerpt(code))' is not an industry of the tables (industries: "
                                + "\(tableIndustries.prefix(6).joined(separator: ", "))\(tableIndustries.count > 6 ? ", ..." : ""))")
            }
            if let first = lines[code] {
                throw row.error(column: t, "table industry \(code) is mapped twice (first on line \(first)): every table industry is mapped exactly once")
            }
            lines[code] = row.line
            target[code] = into
            if let n = noteColumn, row.count > n { let x = row.string(n); if !x.isEmpty { notes[code] = x } }
        }
        guard tableColumn != nil else {
            throw InputError(file: path, line: 1, "the file has no header row (table_code,accounts_code,note)")
        }
        let unmapped = tableIndustries.filter { target[$0] == nil }
        guard unmapped.isEmpty, let aggregation = OffshoringColumns.Aggregation(tableIndustries: tableIndustries, target: target) else {
            throw InputError(file: path, "table industr\(unmapped.count == 1 ? "y" : "ies") \(unmapped.joined(separator: ", ")) "
                             + "\(unmapped.count == 1 ? "is" : "are") not mapped: every table industry is mapped exactly once")
        }
        self.path = path
        self.target = target
        self.lines = lines
        self.notes = notes
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
