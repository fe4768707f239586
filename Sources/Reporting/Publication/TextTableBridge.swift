extension PublicationTable {
    /// Adapter: an existing terminal `TextTable` (e.g. `OffshoringReport.table` or `RegressionReport.table`)
    /// as a publication table, so today's tables can be written as LaTeX, HTML or Markdown too. The header
    /// becomes one header row, `rulesAfter` become rules, the title the caption, and the notes stay notes.
    public init(_ t: TextTable, label: String = "") {
        let n = max(t.header.count - 1, 0)
        self.init(caption: t.title ?? "", label: label, columnCount: n)
        alignments = (0..<n).map { j in
            j + 1 < t.alignments.count && t.alignments[j + 1] == .left ? .left : .right
        }
        addHeader(stub: t.header.first ?? "", t.header.dropFirst().map { TableCell($0) })
        for (i, row) in t.rows.enumerated() {
            let label = row.first ?? ""
            let indent = label.prefix(while: { $0 == " " }).count / 2
            addRow(String(label.drop(while: { $0 == " " })), row.dropFirst().map { TableCell($0) }, indent: indent)
            if t.rulesAfter.contains(i) { addRule() }
        }
        notes = t.notes
    }
}
