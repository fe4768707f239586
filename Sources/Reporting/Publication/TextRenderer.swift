/// Renders a `PublicationTable` as fixed-width text for a terminal: caption, rules of dashes, spanned header
/// cells centred over their columns and underlined, notes under the table.
///
/// A table wider than `maxWidth` whose header has no spanned cells (industry x year) is printed in blocks of
/// consecutive columns, each with the row labels, one under the other; the caption is printed once above them
/// and the notes once below.
public enum TextRenderer {
    /// The widest line a table should have (a wide terminal or a printed page in a small font).
    public static let maxWidth = 100

    /// The table as text, ending with a newline.
    public static func render(_ t: PublicationTable) -> String {
        let whole = renderBlock(t)
        let width = whole.split(separator: "\n").dropLast(t.notes.count).map(\.count).max() ?? 0
        guard width > maxWidth, t.columnCount > 1 else { return whole }
        // Widths as the whole table has them: the stub and the widest column decide how many columns fit.
        let stub = t.body.map { row -> Int in
            if case let .data(label, _, indent) = row { return label.count + 2 * indent }
            return 0
        }.max() ?? 0
        let column = (width - stub) / t.columnCount
        let fit = max(1, (maxWidth - stub) / max(column, 1))
        let blocks = t.columnBlocks(maxColumns: fit)
        guard blocks.count > 1 else { return whole }
        var out: [String] = []
        for (k, var b) in blocks.enumerated() {
            if k > 0 { b.caption = "" }
            out.append(renderBlock(b))
        }
        return out.joined(separator: "\n") + t.notes.map { $0 + "\n" }.joined()
    }

    /// One block: caption, header, body and notes.
    static func renderBlock(_ t: PublicationTable) -> String {
        // Control characters are shown as `\u{..}` before the columns are measured, so the terminal never obeys one.
        let t = t.withVisibleControls()
        let n = t.columnCount
        let sep = 2
        let body = t.trimmedBody
        var stubWidth = 0
        for h in t.header { stubWidth = max(stubWidth, h.stub.count) }
        var widths = [Int](repeating: 0, count: n)
        for row in body {
            if case let .data(label, cells, indent) = row {
                stubWidth = max(stubWidth, label.count + 2 * indent)
                for (j, c) in cells.enumerated() where j < n { widths[j] = max(widths[j], c.plain.count) }
            }
        }
        for h in t.header {
            for (c, start) in zip(h.cells, t.headerStarts(h)) where c.span == 1 && start < n {
                widths[start] = max(widths[start], c.plain.count)
            }
        }
        // Widen the last column of a span whose text does not fit.
        for h in t.header {
            for (c, start) in zip(h.cells, t.headerStarts(h)) where c.span > 1 {
                let end = min(start + c.span, n)
                let have = widths[start..<end].reduce(0, +) + sep * (end - start - 1)
                if c.plain.count > have { widths[end - 1] += c.plain.count - have }
            }
        }
        let total = stubWidth + widths.reduce(0, +) + sep * n
        let rule = String(repeating: "-", count: total)
        let gap = String(repeating: " ", count: sep)

        func pad(_ s: String, _ w: Int, _ a: ColumnAlignment) -> String {
            let extra = max(0, w - s.count)
            switch a {
            case .left: return s + String(repeating: " ", count: extra)
            case .right: return String(repeating: " ", count: extra) + s
            case .center:
                let l = extra / 2
                return String(repeating: " ", count: l) + s + String(repeating: " ", count: extra - l)
            }
        }
        func trimEnd(_ s: String) -> String {
            var s = s
            while s.last == " " { s.removeLast() }
            return s
        }

        var out: [String] = []
        if !t.caption.isEmpty { out.append(t.caption) }
        out.append(rule)
        for h in t.header {
            var line = pad(h.stub, stubWidth, .left)
            var under = String(repeating: " ", count: stubWidth)
            var hasSpan = false
            for (c, start) in zip(h.cells, t.headerStarts(h)) {
                let end = min(start + c.span, n)
                let w = widths[start..<end].reduce(0, +) + sep * (end - start - 1)
                let a: ColumnAlignment = c.span > 1 ? .center : t.alignments[start]
                line += gap + pad(c.plain, w, a)
                if c.span > 1 && !c.plain.isEmpty {
                    hasSpan = true
                    under += gap + String(repeating: "-", count: w)
                } else {
                    under += gap + String(repeating: " ", count: w)
                }
            }
            out.append(trimEnd(line))
            if hasSpan { out.append(trimEnd(under)) }
        }
        if !t.header.isEmpty { out.append(rule) }
        for row in body {
            switch row {
            case let .data(label, cells, indent):
                var line = pad(String(repeating: "  ", count: indent) + label, stubWidth, .left)
                for (j, c) in cells.enumerated() where j < n { line += gap + pad(c.plain, widths[j], t.alignments[j]) }
                out.append(trimEnd(line))
            case let .section(title):
                out.append(title)
            case .rule:
                out.append(rule)
            }
        }
        out.append(rule)
        out.append(contentsOf: t.notes)
        return out.joined(separator: "\n") + "\n"
    }
}
