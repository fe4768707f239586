/// Renders a `PublicationTable` as LaTeX: a `table` float holding a `threeparttable` with the caption and
/// label, a booktabs `tabular` (`\toprule`, `\cmidrule` under spanned header cells, `\midrule` between row
/// groups, `\bottomrule`) and the notes as `tablenotes`. Stars are superscripts, minus signs are `$-$`.
///
/// Needs `booktabs` and `threeparttable`; `standalone: true` wraps the table in an `article` document that
/// loads them and compiles on its own with pdflatex.
public enum LaTeXRenderer {
    /// The table as LaTeX source, ending with a newline.
    public static func render(_ t: PublicationTable, standalone: Bool = false) -> String {
        var out: [String] = []
        let n = t.columnCount
        if standalone {
            // Wide tables (industry x year) get a landscape page.
            let geometry = n > 8 ? "\\usepackage[a4paper,landscape,margin=1.5cm]{geometry}" : "\\usepackage[a4paper,margin=2cm]{geometry}"
            out += ["\\documentclass{article}", "\\usepackage[T1]{fontenc}", "\\usepackage[utf8]{inputenc}",
                    "\\usepackage{textcomp}", "\\usepackage{booktabs}", "\\usepackage{threeparttable}",
                    geometry, "\\begin{document}", "\\pagestyle{empty}", ""]
        }
        let spec = "@{}l" + t.alignments.map { a -> String in
            switch a {
            case .left: return "l"
            case .center: return "c"
            case .right: return "r"
            }
        }.joined() + "@{}"
        out.append("\\begin{table}[htbp]")
        out.append("\\centering")
        if n > 12 {
            out.append("\\scriptsize")
            out.append("\\setlength{\\tabcolsep}{3pt}")
        } else if n > 8 {
            out.append("\\small")
        }
        out.append("\\begin{threeparttable}")
        if !t.caption.isEmpty { out.append("\\caption{\(Escaping.latex(t.caption))}") }
        if !t.label.isEmpty { out.append("\\label{\(safeLabel(t.label))}") }
        out.append("\\begin{tabular}{\(spec)}")
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
                    cells.append(text)
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
        out.append("\\end{tabular}")
        if !t.notes.isEmpty {
            out.append("\\begin{tablenotes}[flushleft]")
            out.append("\\footnotesize")
            for note in t.notes { out.append("\\item " + Escaping.latex(note)) }
            out.append("\\end{tablenotes}")
        }
        out.append("\\end{threeparttable}")
        out.append("\\end{table}")
        if standalone { out += ["", "\\end{document}"] }
        return out.joined(separator: "\n") + "\n"
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
