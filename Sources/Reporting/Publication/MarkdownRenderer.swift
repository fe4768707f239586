/// Renders a `PublicationTable` as a GitHub-flavoured Markdown table. Markdown has one header row, so the
/// header rows are flattened per column (as in CSV); section headings become bold rows, rules are dropped,
/// indented labels start with no-break spaces, and the notes follow the table.
public enum MarkdownRenderer {
    /// The table as Markdown, ending with a newline.
    public static func render(_ t: PublicationTable) -> String {
        var out: [String] = []
        if !t.caption.isEmpty { out.append("**\(escape(t.caption))**"); out.append("") }
        let stubHeader = t.header.last?.stub ?? ""
        out.append("| " + ([stubHeader] + t.flatHeader).map(escape).joined(separator: " | ") + " |")
        var align = "|:---|"
        for a in t.alignments {
            switch a {
            case .left: align += ":---|"
            case .center: align += ":---:|"
            case .right: align += "---:|"
            }
        }
        out.append(align)
        for row in t.trimmedBody {
            switch row {
            case let .data(label, cells, indent):
                let l = String(repeating: "\u{00A0}\u{00A0}", count: indent) + escape(label)
                out.append("| " + ([l] + cells.map { escape($0.plain) }).joined(separator: " | ") + " |")
            case let .section(title):
                out.append("| **" + escape(title) + "** |" + String(repeating: " |", count: t.columnCount))
            case .rule:
                continue
            }
        }
        if !t.notes.isEmpty {
            out.append("")
            out.append(t.notes.map(escape).joined(separator: "<br>\n"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Backslash-escapes the characters Markdown would read as markup (stars would turn into emphasis).
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in Escaping.visibleControls(s) {
            if "\\`*_|[]<>".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
