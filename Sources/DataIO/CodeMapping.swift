/// A two-column code mapping read from CSV (a concordance: each code of one classification mapped to a code of
/// another), the one reader of `Accounts.Concordance` and `OffshoringModels.TableConcordance`.
///
/// Layout: optional comment lines starting with `#`, then a header naming the key column, the value column and
/// optionally `note` (in any order, other columns ignored, names case-insensitive), then one row per key. Every
/// known key is mapped exactly once: a key that is not known, mapped twice, empty or mapped to an empty value, and a
/// known key that no row maps, is an `InputError` naming the file, the line and the code.
public struct CodeMapping: Sendable {
    /// The file.
    public let path: String
    /// Key -> value, in the file's order.
    public let pairs: [(key: String, value: String)]
    /// Line of each key in the file.
    public let lines: [String: Int]
    /// The note of each row that has one, by key.
    public let notes: [String: String]

    /// Reads and checks `path`.
    /// - Parameters:
    ///   - keyColumn: the header name of the keys (`table_code`).
    ///   - valueColumn: the header name of the values (`accounts_code`).
    ///   - known: the keys, in their own order (the tables' industries); each must be mapped exactly once.
    ///   - noun: what a key is, for messages (`table industry`), and `nouns` its plural (`table industries`).
    ///   - valueNoun: what a value is (`accounts code`).
    ///   - knownName: what the known keys are, for messages (`the tables`).
    /// - Throws: `InputError` naming the file, the line and the code.
    public init(path: String, keyColumn: String, valueColumn: String, known: [String], noun: String, nouns: String,
                valueNoun: String, knownName: String) throws {
        let reader = try CSVReader(path: path)
        var columns: (key: Int, value: Int, note: Int?)?
        var pairs: [(String, String)] = [], lines: [String: Int] = [:], notes: [String: String] = [:]
        let knownSet = Set(known)
        try reader.forEachRow { row in
            if row.isBlank || row.string(0).trimmingCharacters(in: .whitespaces).hasPrefix("#") { return }
            guard let c = columns else {
                let header = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let k = header.firstIndex(of: keyColumn), let v = header.firstIndex(of: valueColumn) else {
                    throw InputError(file: path, line: row.line,
                                     "expected a header with the columns \(keyColumn) and \(valueColumn) (and optionally note) after any # comments")
                }
                columns = (k, v, header.firstIndex(of: "note"))
                return
            }
            guard row.count > max(c.key, c.value) else {
                throw row.error("expected at least \(max(c.key, c.value) + 1) fields as in the header, found \(row.count)")
            }
            let key = row.string(c.key).trimmingCharacters(in: .whitespaces)
            let value = row.string(c.value).trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw row.error(column: c.key, "empty \(noun) code") }
            guard !value.isEmpty else { throw row.error(column: c.value, "\(noun) \(key) is mapped to an empty \(valueNoun)") }
            guard knownSet.contains(key) else {
                throw row.error(column: c.key, "'\(inputExcerpt(key))' is not an industry of \(knownName) (industries: "
                                + "\(known.prefix(6).joined(separator: ", "))\(known.count > 6 ? ", ..." : ""))")
            }
            if let first = lines[key] {
                throw row.error(column: c.key, "\(noun) \(key) is mapped twice (first on line \(first)): every \(noun) is mapped exactly once")
            }
            lines[key] = row.line
            pairs.append((key, value))
            if let n = c.note, row.count > n { let x = row.string(n); if !x.isEmpty { notes[key] = x } }
        }
        guard columns != nil else {
            throw InputError(file: path, line: 1, "the file is empty: expected a header row (\(keyColumn),\(valueColumn),note)")
        }
        let unmapped = known.filter { lines[$0] == nil }
        guard unmapped.isEmpty else {
            throw InputError(file: path, "\(unmapped.count == 1 ? noun : nouns) \(unmapped.joined(separator: ", ")) \(unmapped.count == 1 ? "is" : "are") not mapped "
                             + "(no line maps \(unmapped.count == 1 ? "it" : "them")): every \(noun) of \(knownName) is mapped exactly once")
        }
        self.path = path
        self.pairs = pairs
        self.lines = lines
        self.notes = notes
    }
}
