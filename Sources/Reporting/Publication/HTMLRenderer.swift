/// Renders a `PublicationTable` as an HTML `table` element with classes for styling: `pubtable` on the
/// table, `l`/`c`/`r` alignment classes on cells, `span` on spanned header cells, `section` on heading rows,
/// `indent-N` on indented labels; each group of rows between rules is its own `tbody`, notes are in `tfoot`.
/// Stars are `sup` elements, minus signs in numbers are U+2212. All text is escaped.
///
/// A table with more than `maxColumns` data columns and no spanned header cell (industry x year) is rendered as
/// several `table` elements of consecutive columns (class `pubtable block`), one under the other, so that the
/// screen and the printed page show every number: the caption on the first, the notes on the last.
public enum HTMLRenderer {
    /// The most data columns one `table` element shows.
    public static let maxColumns = 9

    /// The table element (or the elements of its column blocks), ending with a newline.
    public static func render(_ t: PublicationTable) -> String {
        let blocks = t.columnBlocks(maxColumns: maxColumns)
        guard blocks.count > 1 else { return renderTable(t, block: false) }
        return blocks.enumerated().map { k, b in
            var b = b
            if k > 0 { b.caption = ""; b.label = "" }
            if k == blocks.count - 1 { b.notes = t.notes }
            return renderTable(b, block: true)
        }.joined()
    }

    /// One `table` element.
    static func renderTable(_ t: PublicationTable, block: Bool) -> String {
        let n = t.columnCount
        var out: [String] = []
        let id = t.label.isEmpty ? "" : " id=\"\(Escaping.html(LaTeXRenderer.safeLabel(t.label)))\""
        out.append("<table class=\"pubtable\(block ? " block" : "")\"\(id)>")
        if !t.caption.isEmpty { out.append("<caption>\(Escaping.html(t.caption))</caption>") }
        out.append("<thead>")
        for h in t.header {
            var row = "<tr><th class=\"stub\">\(Escaping.html(h.stub))</th>"
            for (c, start) in zip(h.cells, t.headerStarts(h)) {
                if c.span > 1 {
                    row += "<th colspan=\"\(c.span)\" class=\"span\">\(cell(c, numeric: false))</th>"
                } else {
                    row += "<th class=\"\(cls(t.alignments[start]))\">\(cell(c, numeric: false))</th>"
                }
            }
            out.append(row + "</tr>")
        }
        out.append("</thead>")
        out.append("<tbody>")
        for row in t.trimmedBody {
            switch row {
            case let .data(label, cells, indent):
                let ic = indent > 0 ? " class=\"indent-\(indent)\"" : ""
                var r = "<tr><th scope=\"row\"\(ic)>\(Escaping.html(label))</th>"
                for (j, c) in cells.enumerated() where j < n {
                    r += "<td class=\"\(cls(t.alignments[j]))\">\(cell(c, numeric: true))</td>"
                }
                out.append(r + "</tr>")
            case let .section(title):
                out.append("<tr class=\"section\"><th colspan=\"\(n + 1)\">\(Escaping.html(title))</th></tr>")
            case .rule:
                out.append("</tbody>")
                out.append("<tbody>")
            }
        }
        out.append("</tbody>")
        if !t.notes.isEmpty {
            out.append("<tfoot>")
            for note in t.notes { out.append("<tr><td colspan=\"\(n + 1)\">\(Escaping.html(note))</td></tr>") }
            out.append("</tfoot>")
        }
        out.append("</table>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The alignment class of a column.
    static func cls(_ a: ColumnAlignment) -> String {
        switch a {
        case .left: return "l"
        case .center: return "c"
        case .right: return "r"
        }
    }

    /// A cell's text escaped, with its mark in `sup`; in the body, minus signs as U+2212.
    static func cell(_ c: TableCell, numeric: Bool) -> String {
        var text = Escaping.html(c.text)
        if numeric { text = Escaping.minusSigns(text, replacement: "\u{2212}") }
        return c.mark.isEmpty ? text : text + "<sup>\(Escaping.html(c.mark))</sup>"
    }
}
