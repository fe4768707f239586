import Reporting

/// Builds the publication table of one decomposition of a change into the regressors' contributions (the
/// contributions of `offshore estimate`): one row per term, then the groups of terms under a rule; columns
/// coefficient, weighted change, contribution and its standard error, both in percent of the total change.
public enum ContributionTableBuilder {
    /// The table of `c` in the language, number style and labels of `o` (`o.style.digits` decimals for the
    /// coefficient and the change, 2 for percentages unless `percentDigits` says otherwise).
    public static func table(_ c: RunSummary.Contribution, options o: RegressionTableOptions, percentDigits: Int = 2) -> PublicationTable {
        let lang = o.language, st = o.style
        let caption = lang(.contributionsCaption)
            .replacingOccurrences(of: "{response}", with: o.labels.label(c.response, lang))
            .replacingOccurrences(of: "{period}", with: "\(c.from)-\(c.to)")
            .replacingOccurrences(of: "{model}", with: o.labels.label(c.model, lang))
        var t = PublicationTable(caption: o.caption.isEmpty ? caption : o.caption, label: o.label, columnCount: 4)
        t.addHeader([TableCell(lang(.coefficient)), TableCell(lang(.change)), TableCell(lang(.contributionPercent)),
                     TableCell(lang(.standardErrorPercent))])
        var ruled = false
        for r in c.rows {
            if r.group && !ruled { t.addRule(); ruled = true }
            let name = r.group && r.name == "all regressors" ? lang(.allRegressors) : o.labels.label(r.name, lang)
            t.addRow(name, [TableCell(r.coefficient.map { st.format($0) } ?? ""), TableCell(r.change.map { st.format($0) } ?? ""),
                            TableCell(st.format(100 * r.contribution, digits: percentDigits)),
                            TableCell("(" + st.format(100 * r.standardError, digits: percentDigits) + ")")])
        }
        let total = st.format(c.totalChange, digits: max(st.digits, 4))
        t.notes = [
            lang(.contributionNote).replacingOccurrences(of: "{response}", with: o.labels.label(c.response, lang))
                .replacingOccurrences(of: "{total}", with: total),
            lang(c.weightsBase == "mean" ? .weightsMeanNote : .weightsNote)
                .replacingOccurrences(of: "{weights}", with: o.labels.label(c.weights, lang))
                .replacingOccurrences(of: "{year}", with: String(c.from)).replacingOccurrences(of: "{period}", with: "\(c.from)-\(c.to)")
                .replacingOccurrences(of: "{n}", with: String(c.industries)),
        ] + o.extraNotes
        return t
    }
}
