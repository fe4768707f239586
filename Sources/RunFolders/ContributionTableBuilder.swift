import DataIO
import Reporting

/// Builds the publication table of one decomposition of a change into the regressors' contributions (the
/// contributions of `offshore estimate`): one row per term, then the groups of terms under a rule; columns
/// coefficient, weighted change, contribution and its standard error, both in percent of the total change, and,
/// when the run saved them, the rows' intervals with a note saying how they were computed (the model's wild cluster
/// bootstrap with its seed, or the delta method).
public enum ContributionTableBuilder {
    /// The table of `c` in the language, number style and labels of `o` (`o.style.digits` decimals for the
    /// coefficient and the change, 2 for percentages unless `percentDigits` says otherwise).
    public static func table(_ c: RunSummary.Contribution, options o: RegressionTableOptions, percentDigits: Int = 2) -> PublicationTable {
        let lang = o.language, st = o.style
        let caption = lang(.contributionsCaption)
            .replacingOccurrences(of: "{response}", with: o.labels.label(c.response, lang))
            .replacingOccurrences(of: "{period}", with: "\(c.from)-\(c.to)")
            .replacingOccurrences(of: "{model}", with: o.labels.label(c.model, lang))
        let withIntervals = c.rows.contains { $0.ciLow != nil || $0.ciHigh != nil }
        let level = NumberText.shortest(100 * (c.interval?.level ?? 0.95))
        var t = PublicationTable(caption: o.caption.isEmpty ? caption : o.caption, label: o.label, columnCount: withIntervals ? 5 : 4)
        t.addHeader([TableCell(lang(.coefficient)), TableCell(lang(.change)), TableCell(lang(.contributionPercent)),
                     TableCell(lang(.standardErrorPercent))]
                    + (withIntervals ? [TableCell(lang(.intervalPercent).replacingOccurrences(of: "{level}", with: level))] : []))
        var ruled = false
        for r in c.rows {
            if r.group && !ruled { t.addRule(); ruled = true }
            let name = r.group && r.name == "all regressors" ? lang(.allRegressors) : o.labels.label(r.name, lang)
            t.addRow(name, [TableCell(r.coefficient.map { st.format($0) } ?? ""), TableCell(r.change.map { st.format($0) } ?? ""),
                            TableCell(st.format(100 * r.contribution, digits: percentDigits)),
                            TableCell("(" + st.format(100 * r.standardError, digits: percentDigits) + ")")]
                      + (withIntervals ? [TableCell(interval(r, st, percentDigits))] : []))
        }
        let total = st.format(c.totalChange, digits: max(st.digits, 4))
        t.notes = [
            lang(.contributionNote).replacingOccurrences(of: "{response}", with: o.labels.label(c.response, lang))
                .replacingOccurrences(of: "{total}", with: total),
            lang(c.weightsBase == "mean" ? .weightsMeanNote : .weightsNote)
                .replacingOccurrences(of: "{weights}", with: o.labels.label(c.weights, lang))
                .replacingOccurrences(of: "{year}", with: String(c.from)).replacingOccurrences(of: "{period}", with: "\(c.from)-\(c.to)")
                .replacingOccurrences(of: "{n}", with: String(c.industries)),
        ] + (withIntervals ? [intervalNote(c.interval, lang: lang, style: st, level: level)] : []) + o.extraNotes
        return t
    }

    /// `[low, high]` in percent (`;` between them with a decimal comma); empty when an end is missing or not finite.
    static func interval(_ r: RunSummary.ContributionRow, _ st: NumberStyle, _ digits: Int) -> String {
        guard let low = r.ciLow, let high = r.ciHigh, low.isFinite, high.isFinite else { return "" }
        let sep = st.decimalComma ? "; " : ", "
        return "[" + st.format(100 * low, digits: digits) + sep + st.format(100 * high, digits: digits) + "]"
    }

    /// The note saying how the intervals were computed: the bootstrap's type, weights, draws and seed, or the delta
    /// method (the delta method's words also when the run did not say). The draws are grouped by thousands only when
    /// the style groups numbers (as every other number of the table).
    static func intervalNote(_ m: RunSummary.ContributionInterval?, lang: Language, style: NumberStyle, level: String) -> String {
        guard let m, m.method == "bootstrap" else {
            return lang(.deltaIntervalNote).replacingOccurrences(of: "{level}", with: level)
        }
        let type = m.type == "unrestricted" ? lang(.unrestrictedBootstrap) : lang(.restrictedBootstrap)
        return lang(.bootstrapIntervalNote).replacingOccurrences(of: "{level}", with: level)
            .replacingOccurrences(of: "{type}", with: type).replacingOccurrences(of: "{weights}", with: m.weights ?? "")
            .replacingOccurrences(of: "{draws}", with: m.draws.map { style.thousandsSeparator ? NumberText.grouped($0, separator: style.groupSeparator) : String($0) } ?? "")
            .replacingOccurrences(of: "{seed}", with: m.seed.map { String($0) } ?? "")
    }
}
