import DataIO

/// Renders a `PublicationTable` as CSV: one header row (header rows flattened per column), then the data
/// rows with their labels; section headings become rows with only a label, rules and notes are left out.
public enum CSVRenderer {
    /// The table as CSV with `separator` between fields and LF line ends; fields are quoted when they hold
    /// the separator, a quote or a line break (RFC 4180).
    public static func render(_ t: PublicationTable, separator: Character = ",") -> String {
        var lines: [String] = []
        let stubHeader = t.header.last?.stub ?? ""
        lines.append(([stubHeader] + t.flatHeader).map { field($0, separator) }.joined(separator: String(separator)))
        for row in t.trimmedBody {
            switch row {
            case let .data(label, cells, _):
                lines.append(([label] + cells.map(\.plain)).map { field($0, separator) }.joined(separator: String(separator)))
            case let .section(title):
                lines.append(field(title, separator) + String(repeating: String(separator), count: t.columnCount))
            case .rule:
                continue
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One field, quoted when needed (DataIO's `csvField`).
    /// Control characters are written in their visible `\u{..}` form (`Escaping.visibleControls`).
    static func field(_ s: String, _ separator: Character) -> String { csvField(Escaping.visibleControls(s), separator: separator) }
}
