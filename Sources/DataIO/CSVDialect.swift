import Foundation

/// How a CSV file separates its fields and writes its decimal mark. The tool reads and writes `standard` CSV
/// (RFC 4180: commas, a decimal point); spreadsheets set to Dutch, French or German, and the tool's own
/// `--format csv` output in `nl` and `fr`, write `semicolon` CSV: fields separated by `;`, numbers with a decimal
/// comma (`0,125`).
public enum CSVDialect: String, CaseIterable, Sendable {
    /// Commas between fields, a decimal point.
    case standard
    /// Semicolons between fields, a decimal comma.
    case semicolon

    /// The names a command line accepts, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The dialect named `name` (`standard`, `semicolon`; `comma` and `decimal-comma` as synonyms).
    /// - Throws: `InputError` naming `key` and the accepted names.
    public init(parsing name: String, key: String = "--csv-dialect") throws {
        switch name.lowercased() {
        case "standard", "comma": self = .standard
        case "semicolon", "decimal-comma": self = .semicolon
        default: throw InputError(key: key, "expected \(Self.names), got '\(inputExcerpt(name))'")
        }
    }
}

extension SpooledInput {
    /// A standard-CSV copy of the `semicolon` file at `path`, for the readers that know standard CSV only: each field
    /// kept, a decimal comma in a field that is a number with one (`-0,125`, `1,5e3`) made a point, the fields
    /// separated by commas and quoted where they hold one. Rows keep their lines and fields their columns, so an error
    /// on the copy names the same line and column of the original (through `renamed(_:)`).
    /// - Throws: `InputError` naming the original file for what its reader refuses.
    public convenience init(translating path: String, from dialect: CSVDialect) throws {
        let reader = try CSVReader(path: path, delimiter: dialect == .semicolon ? UInt8(ascii: ";") : UInt8(ascii: ","))
        try self.init(original: path, what: "the file in standard CSV") { write in
            var text = ""
            var line = 1
            func flush() throws {
                var bytes = text
                try bytes.withUTF8 { try write($0) }
                text = ""
            }
            try reader.forEachRow { row in
                // Blank lines before the row keep their place; so do the line breaks inside quoted fields.
                while line < row.line { text += "\n"; line += 1 }
                for j in 0..<row.count {
                    if j > 0 { text += "," }
                    let field = row.string(j)
                    text += csvField(Self.decimalPoint(field), separator: ",")
                    line += field.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
                }
                text += "\n"
                line += 1
                if text.utf8.count >= 1 << 20 { try flush() }
            }
            try flush()
        }
    }

    /// `field` with its decimal comma made a point when it is a number written with one; else unchanged.
    static func decimalPoint(_ field: String) -> String {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        guard trimmed.filter({ $0 == "," }).count == 1, !trimmed.contains(".") else { return field }
        let candidate = trimmed.replacingOccurrences(of: ",", with: ".")
        if case .value = parseNumber(candidate) { return candidate }
        return field
    }
}
