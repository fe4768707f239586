import DataIO
import Foundation

/// A rectangular table of already formatted cells, rendered for a terminal, as CSV or as Markdown.
///
/// Reports build one of these and choose the output; numbers are formatted before they get here.
public struct TextTable: Equatable {
    /// Column alignment.
    public enum Alignment: Equatable { case left, right }

    /// Header cells.
    public var header: [String]
    /// Body rows; each has as many cells as the header.
    public var rows: [[String]]
    /// Alignment per column (defaults: first left, the rest right).
    public var alignments: [Alignment]
    /// Row indices after which a rule is drawn in the terminal rendering.
    public var rulesAfter: Set<Int> = []
    /// Lines printed under the table (notes, legends, provenance).
    public var notes: [String] = []
    /// A title printed above the table.
    public var title: String?

    /// A table with the given header; the first column is left-aligned, the others right-aligned.
    public init(header: [String], rows: [[String]] = [], title: String? = nil) {
        self.header = header
        self.rows = rows
        self.title = title
        self.alignments = header.indices.map { $0 == 0 ? .left : .right }
    }

    /// Adds a row (padded or cut to the header's width).
    public mutating func append(_ row: [String]) {
        var r = row
        if r.count < header.count { r += Array(repeating: "", count: header.count - r.count) }
        rows.append(Array(r.prefix(header.count)))
    }

    /// Draws a rule under the last row added so far.
    public mutating func addRule() { if !rows.isEmpty { rulesAfter.insert(rows.count - 1) } }

    /// Fixed-width text with aligned columns, for a terminal.
    public func renderText() -> String {
        // Control characters are shown as `\u{..}` before the columns are measured, so the terminal never obeys one.
        let v = Escaping.visibleControls
        let header = header.map(v), rows = rows.map { $0.map(v) }, notes = notes.map(v), title = title.map(v)
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for r in all { for (j, c) in r.enumerated() where j < widths.count { widths[j] = max(widths[j], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { j, c in
                let pad = String(repeating: " ", count: max(0, widths[j] - c.count))
                return alignments[j] == .left ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        let rule = String(repeating: "-", count: total)
        var out: [String] = []
        if let title { out.append(title) }
        out.append(rule)
        out.append(line(header))
        out.append(rule)
        for (i, r) in rows.enumerated() {
            out.append(line(r))
            if rulesAfter.contains(i) && i != rows.count - 1 { out.append(rule) }
        }
        out.append(rule)
        out.append(contentsOf: notes)
        return out.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV: header then rows, fields quoted only where needed, LF line ends. Notes are not written.
    public func renderCSV() -> String {
        ([header] + rows).map { $0.map { csvField(Escaping.visibleControls($0)) }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured Markdown table, with the title as a heading and the notes under it.
    public func renderMarkdown() -> String {
        var out: [String] = []
        if let title { out.append("**\(Escaping.visibleControls(title))**\n") }
        out.append("| " + header.map(markdownCell).joined(separator: " | ") + " |")
        out.append("|" + alignments.map { $0 == .left ? ":---|" : "---:|" }.joined())
        for r in rows { out.append("| " + r.map(markdownCell).joined(separator: " | ") + " |") }
        if !notes.isEmpty { out.append(""); out.append(contentsOf: notes.map(Escaping.visibleControls)) }
        return out.joined(separator: "\n") + "\n"
    }
}

private func markdownCell(_ s: String) -> String { Escaping.visibleControls(s).replacingOccurrences(of: "|", with: "\\|") }
