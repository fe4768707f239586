/// Text escaping for the markup formats, and the typographic minus of number cells.
public enum Escaping {
    /// True for the scalars no output may hold raw: the C0 controls but the line feed (XML 1.0 forbids most of
    /// them even as character references, and a terminal obeys them), DEL and the C1 controls.
    static func isControl(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x0A) || (v >= 0x7F && v < 0xA0)
    }

    /// `s` with every control character (see `isControl`; an escape, a bell, a NUL from a group name, a labels
    /// file or a data value) written in the visible form `\u{1B}` that DataIO's `inputExcerpt` uses, so that no
    /// renderer writes one raw: the SVG stays well-formed XML and the terminal shows the text instead of obeying it.
    /// Every escaping function here applies it first; the text and CSV renderers apply it to every string.
    public static func visibleControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0.value) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isControl(u.value) {
                out.append(contentsOf: ("\\u{" + String(u.value, radix: 16, uppercase: true) + "}").unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// Escapes LaTeX's special characters so that the text prints as written; number ranges get an en dash.
    public static func latex(_ s: String) -> String {
        var out = ""
        let s = latexRanges(visibleControls(s))
        for ch in s {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "\u{2212}": out += "\\textminus{}"
            case "\u{00A0}": out += "~"
            case "\u{202F}": out += "\\,"
            case "\u{0394}": out += "$\\Delta$"
            case "\u{00D7}": out += "$\\times$"
            default: out.append(ch)
            }
        }
        return out
    }

    /// LaTeX text with ranges of numbers (`1995-2007`) written with an en dash (`1995--2007`).
    public static func latexRanges(_ s: String) -> String {
        let chars = Array(s)
        var out = ""
        for (i, ch) in chars.enumerated() {
            out.append(ch)
            if ch == "-", i > 0, i + 1 < chars.count, chars[i - 1].isNumber, chars[i + 1].isNumber { out.append("-") }
        }
        return out
    }

    /// Escapes HTML's special characters (for text and attribute values).
    public static func html(_ s: String) -> String {
        var out = ""
        for ch in visibleControls(s) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Replaces a hyphen used as a minus sign (a `-` before a digit, at the start or after `(`, `[`, a space
    /// or `;`) by `replacement`; hyphens inside words and year ranges (`1995-2007`) are kept.
    public static func minusSigns(_ s: String, replacement: String) -> String {
        guard s.contains("-") else { return s }
        let chars = Array(s)
        var out = ""
        for (i, ch) in chars.enumerated() {
            if ch == "-", i + 1 < chars.count, chars[i + 1].isNumber,
               i == 0 || "([ ;".contains(chars[i - 1]) {
                out += replacement
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

extension PublicationTable {
    /// The table with `Escaping.visibleControls` applied to every text (caption, headers, labels, cells, notes),
    /// for the renderers that lay text out by its length (fixed-width text) and write it without markup escaping.
    func withVisibleControls() -> PublicationTable {
        let v = Escaping.visibleControls
        func cell(_ c: TableCell) -> TableCell { TableCell(v(c.text), mark: v(c.mark), span: c.span) }
        var t = self
        t.caption = v(caption)
        t.header = header.map { h in
            var h = h
            h.stub = v(h.stub)
            h.cells = h.cells.map(cell)
            return h
        }
        t.body = body.map { row in
            switch row {
            case let .data(label, cells, indent): return .data(label: v(label), cells: cells.map(cell), indent: indent)
            case let .section(title): return .section(v(title))
            case .rule: return .rule
            }
        }
        t.notes = notes.map(v)
        return t
    }
}
