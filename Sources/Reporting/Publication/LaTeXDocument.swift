extension LaTeXRenderer {
    /// Several tables in one document that compiles on its own with pdflatex: the preamble of `render(_:standalone:)`
    /// (a landscape page when any table is wide), then each table on its own page.
    public static func document(_ tables: [PublicationTable]) -> String {
        guard let widest = tables.max(by: { $0.columnCount < $1.columnCount }) else { return "" }
        let lines = render(widest, standalone: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = (lines.firstIndex(of: "\\pagestyle{empty}") ?? 0) + 1
        var out = Array(lines[..<start]) + [""]
        for (k, t) in tables.enumerated() {
            if k > 0 { out += ["\\clearpage", ""] }
            out.append(render(t).trimmingTrailingNewline)
        }
        out += ["", "\\end{document}"]
        return out.joined(separator: "\n") + "\n"
    }
}
