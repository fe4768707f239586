/// Text escaping for the markup formats, and the typographic minus of number cells.
public enum Escaping {
    /// Escapes LaTeX's special characters so that the text prints as written; number ranges get an en dash.
    public static func latex(_ s: String) -> String {
        var out = ""
        let s = latexRanges(s)
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
        for ch in s {
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
