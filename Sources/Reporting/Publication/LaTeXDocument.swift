extension LaTeXRenderer {
    /// Several tables in one document that compiles on its own with pdflatex: the preamble of `render(_:standalone:)`
    /// (babel for the first table's language; `rotating` when any table is wide), then each table on its own page.
    public static func document(_ tables: [PublicationTable]) -> String {
        guard !tables.isEmpty else { return "" }
        var out = preamble(tables) + [""]
        for (k, t) in tables.enumerated() {
            if k > 0 { out += ["\\clearpage", ""] }
            out.append(render(t).trimmingTrailingNewline)
        }
        out += ["", "\\end{document}"]
        return out.joined(separator: "\n") + "\n"
    }
}
