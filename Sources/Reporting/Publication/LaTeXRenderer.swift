/// Renders a `PublicationTable` as LaTeX: a `table` float holding a `threeparttable` with the caption and
/// label, a booktabs `tabular` (`\toprule`, `\cmidrule` under spanned header cells, `\midrule` between row
/// groups, `\bottomrule`) and the notes as `tablenotes`. Stars are superscripts, minus signs are `$-$`.
///
/// Every table fits a portrait A4 page with margins of 2.5 cm, notes included:
/// - a table with more than `wideColumns` data columns (industry x year) is a `sidewaystable` (package
///   `rotating`) in a smaller font, so it is printed landscape on a portrait page;
/// - a table whose row labels are long gets a `tabularx` of the line's width whose label column wraps;
/// - a long heading over one column is set on two lines;
/// - notes are `tablenotes`, as wide as the table.
///
/// Needs `booktabs`, `threeparttable`, `array`, `tabularx` (and `rotating` for wide tables); `standalone: true`
/// wraps the table in an `article` document that loads them, and babel for the table's language, and compiles
/// on its own with pdflatex.
public enum LaTeXRenderer {
    /// More data columns than this make a table sideways (landscape).
    public static let wideColumns = 8
    /// Row labels longer than this (in characters) make the label column wrap.
    static let longLabel = 34
    /// A heading over one column longer than this (in characters) is set on two lines.
    static let longHeading = 16
    /// Header and body rows above which a portrait table is set in `\small` (40 rows and a few notes fill an A4 page).
    static let tallRows = 40

    /// The babel option for a language.
    static func babel(_ lang: Language?) -> String {
        switch lang ?? .en {
        case .en: return "english"
        case .nl: return "dutch"
        case .fr: return "french"
        }
    }

    /// The preamble of a standalone document for `tables`, through `\pagestyle{empty}`.
    static func preamble(_ tables: [PublicationTable]) -> [String] {
        var out = ["\\documentclass{article}", "\\usepackage[T1]{fontenc}", "\\usepackage[utf8]{inputenc}",
                   "\\usepackage{textcomp}", "\\usepackage[\(babel(tables.first?.language))]{babel}",
                   "\\usepackage{booktabs}", "\\usepackage{threeparttable}", "\\usepackage{array}", "\\usepackage{tabularx}"]
        // French: the text carries its own narrow spaces before : ; ? ! (`Language.typeset`), so babel adds none.
        if tables.first?.language == .fr { out.append("\\frenchsetup{AutoSpacePunctuation=false}") }
        if tables.contains(where: { $0.columnCount > wideColumns }) { out.append("\\usepackage{rotating}") }
        out += ["\\usepackage[a4paper,margin=2.5cm]{geometry}", "\\begin{document}", "\\pagestyle{empty}"]
        return out
    }

    /// The table as LaTeX source, ending with a newline.
    public static func render(_ t: PublicationTable, standalone: Bool = false) -> String {
        var out: [String] = []
        let n = t.columnCount
        if standalone { out += preamble([t]) + [""] }
        let wide = n > wideColumns
        let longestLabel = t.body.map { row -> Int in
            if case let .data(label, _, indent) = row { return label.count + 3 * indent }
            return 0
        }.max() ?? 0
        // The natural width, estimated at half an em per character and a column gap each: a table that may not fit
        // the narrowest page it is made for (a portrait text width of 15 cm, about 425 pt at 10 pt) wraps its labels.
        var columnChars = [Int](repeating: 0, count: n)
        for row in t.body {
            if case let .data(_, cells, _) = row {
                for (j, c) in cells.enumerated() where j < n { columnChars[j] = max(columnChars[j], c.plain.count) }
            }
        }
        for h in t.header {
            for (c, start) in zip(h.cells, t.headerStarts(h)) where c.span == 1 && start < n {
                let words = c.plain.count > longHeading ? (c.plain.count + 1) / 2 + 1 : c.plain.count
                columnChars[start] = max(columnChars[start], words)
            }
        }
        let scale = n > 12 ? 0.7 : (wide ? 0.8 : 1.0), gap = n > 12 ? 6.0 : 12.0
        let natural = scale * 5.0 * Double(longestLabel + columnChars.reduce(0, +)) + gap * Double(n)
        let wraps = longestLabel > longLabel || natural > (wide ? 600 : 425)
        let columns = t.alignments.map { a -> String in
            switch a {
            case .left: return "l"
            case .center: return "c"
            case .right: return "r"
            }
        }.joined()
        let float = wide ? "sidewaystable" : "table"
        if wide { out.append("% A wide table, printed landscape: needs \\usepackage{rotating}.") }
        out.append("\\begin{\(float)}[htbp]")
        out.append("\\centering")
        if n > 12 {
            out.append("\\scriptsize")
            out.append("\\setlength{\\tabcolsep}{3pt}")
        } else if wide {
            out.append("\\footnotesize")
        } else if t.header.count + t.trimmedBody.count > tallRows {
            // A tall table (a family of models with many terms) in a smaller font, so that it and its notes fit a portrait page.
            out.append("\\small")
        }
        out.append("\\begin{threeparttable}")
        if !t.caption.isEmpty { out.append("\\caption{\(Escaping.latex(t.caption))}") }
        if !t.label.isEmpty { out.append("\\label{\(safeLabel(t.label))}") }
        if wraps {
            out.append("\\begin{tabularx}{\\linewidth}{@{}>{\\raggedright\\arraybackslash}X\(columns)@{}}")
        } else {
            out.append("\\begin{tabular}{@{}l\(columns)@{}}")
        }
        out.append("\\toprule")
        for h in t.header {
            var cells = [Escaping.latex(h.stub)]
            var rules: [String] = []
            for (c, start) in zip(h.cells, t.headerStarts(h)) {
                let text = cell(c, numeric: false)
                if c.span > 1 {
                    cells.append("\\multicolumn{\(c.span)}{c}{\(text)}")
                    if !c.plain.isEmpty { rules.append("\\cmidrule(lr){\(start + 2)-\(start + c.span + 1)}") }
                } else {
                    cells.append(twoLines(c) ?? text)
                }
            }
            out.append(cells.joined(separator: " & ") + " \\\\")
            if !rules.isEmpty { out.append(rules.joined(separator: " ")) }
        }
        if !t.header.isEmpty { out.append("\\midrule") }
        for row in t.trimmedBody {
            switch row {
            case let .data(label, cells, indent):
                let l = String(repeating: "\\quad ", count: indent) + Escaping.latex(label)
                out.append(([l] + cells.map { cell($0, numeric: true) }).joined(separator: " & ") + " \\\\")
            case let .section(title):
                out.append("\\multicolumn{\(n + 1)}{@{}l}{\\textit{\(Escaping.latex(title))}} \\\\")
            case .rule:
                out.append("\\midrule")
            }
        }
        out.append("\\bottomrule")
        out.append(wraps ? "\\end{tabularx}" : "\\end{tabular}")
        if !t.notes.isEmpty {
            out.append("\\begin{tablenotes}[flushleft]")
            out.append("\\footnotesize")
            for note in t.notes { out.append("\\item " + Escaping.latex(note)) }
            out.append("\\end{tablenotes}")
        }
        out.append("\\end{threeparttable}")
        out.append("\\end{\(float)}")
        if standalone { out += ["", "\\end{document}"] }
        return out.joined(separator: "\n") + "\n"
    }

    /// A long heading over one column (no mark) on two lines, split at the space nearest its middle; `nil` when
    /// it is short or has no space.
    static func twoLines(_ c: TableCell) -> String? {
        guard c.text.count > longHeading, c.mark.isEmpty else { return nil }
        let chars = Array(c.text)
        let middle = chars.count / 2
        let spaces = chars.indices.filter { chars[$0] == " " }
        guard let cut = spaces.min(by: { abs($0 - middle) < abs($1 - middle) }) else { return nil }
        let a = Escaping.latex(String(chars[..<cut])), b = Escaping.latex(String(chars[(cut + 1)...]))
        return "\\begin{tabular}[b]{@{}c@{}}\(a)\\\\ \(b)\\end{tabular}"
    }

    /// A cell's text escaped, with its mark as a superscript; in the body, minus signs as `$-$`.
    static func cell(_ c: TableCell, numeric: Bool) -> String {
        var text = Escaping.latex(c.text)
        if numeric { text = Escaping.minusSigns(text, replacement: "$-$") }
        return c.mark.isEmpty ? text : text + "\\textsuperscript{\(Escaping.latex(c.mark))}"
    }

    /// A label reduced to characters that are safe in `\label`.
    static func safeLabel(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || ":-_.".contains($0) ? $0 : "-" })
    }
}
