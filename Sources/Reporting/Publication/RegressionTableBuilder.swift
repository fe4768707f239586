import Foundation
import DataIO

/// What is printed beneath each coefficient in a regression table.
public enum BeneathStatistic: Equatable, Sendable {
    /// The standard error, in parentheses (the default).
    case standardError
    /// The t statistic, in parentheses.
    case tStatistic
    /// The confidence interval at `level` (e.g. 0.95), in brackets, from Student's t with the model's
    /// degrees of freedom.
    case confidenceInterval(level: Double)
}

/// Options of a regression table (etable/esttab style).
public struct RegressionTableOptions {
    /// Language of the fixed labels.
    public var language: Language
    /// Number style (digits apply to coefficients, statistics and fit measures).
    public var style: NumberStyle
    /// Significance stars (their legend is a note).
    public var stars: SignificanceStars
    /// What goes beneath each coefficient.
    public var beneath: BeneathStatistic
    /// Labels of variables and terms.
    public var labels: VariableLabels
    /// Terms to show, as names or `*` patterns (`om*`); empty for all.
    public var keep: [String]
    /// Terms to leave out, as names or patterns.
    public var drop: [String]
    /// Terms (names or patterns) to put first, in this order; the others follow in order of appearance.
    public var order: [String]
    /// Show the adjusted R2 row.
    public var showAdjustedR2: Bool
    /// The caption.
    public var caption: String
    /// The cross-reference label.
    public var label: String
    /// Notes added after the standard ones.
    public var extraNotes: [String]

    /// Options; the number style defaults to the language's (decimal comma for nl and fr), estimates to 3
    /// significant digits and fit statistics to 3 decimals.
    public init(language: Language = .en, style: NumberStyle? = nil, stars: SignificanceStars = SignificanceStars(),
                beneath: BeneathStatistic = .standardError, labels: VariableLabels = VariableLabels(), keep: [String] = [],
                drop: [String] = [], order: [String] = [], showAdjustedR2: Bool = false, caption: String = "",
                label: String = "tab:regression", extraNotes: [String] = []) {
        self.language = language
        self.style = style ?? {
            var st = NumberStyle.standard(for: language)
            st.significantDigits = 3
            return st
        }()
        self.stars = stars
        self.beneath = beneath
        self.labels = labels
        self.keep = keep
        self.drop = drop
        self.order = order
        self.showAdjustedR2 = showAdjustedR2
        self.caption = caption
        self.label = label
        self.extraNotes = extraNotes
    }
}

/// Builds side-by-side regression tables in the manner of R's etable and Stata's esttab: one column per model,
/// coefficients with stars and their standard errors (or t, or CIs) beneath, then fixed-effect Yes/No rows,
/// the standard-error type, observations, R2, within R2 and the sample.
public enum RegressionTableBuilder {
    /// The table for `models`, in order.
    /// - Throws: `InputError` (key `keep`, `drop` or `order`) when a pattern matches no term of any model, and
    ///   when there is no model or every term is dropped.
    public static func table(_ models: [ModelSummary], options o: RegressionTableOptions = RegressionTableOptions()) throws -> PublicationTable {
        guard !models.isEmpty else { throw InputError(key: "models", "a regression table needs at least one model") }
        let lang = o.language, st = o.style
        var all: [String] = []
        for m in models { for c in m.coefficients where !all.contains(c.term) { all.append(c.term) } }
        for (key, patterns) in [("keep", o.keep), ("drop", o.drop), ("order", o.order)] {
            for p in patterns where !all.contains(where: { matches($0, p) }) {
                throw InputError(key: key, "'\(p)' matches no term; the terms are: \(all.joined(separator: ", "))")
            }
        }
        var terms = all.filter { t in (o.keep.isEmpty || o.keep.contains { matches(t, $0) }) && !o.drop.contains { matches(t, $0) } }
        guard !terms.isEmpty else { throw InputError(key: "keep", "no term is left to show after keep and drop") }
        var first: [String] = []
        for p in o.order { for t in terms where matches(t, p) && !first.contains(t) { first.append(t) } }
        terms = first + terms.filter { !first.contains($0) }

        var t = PublicationTable(caption: o.caption, label: o.label, columnCount: models.count, alignment: .center)
        t.addHeader(models.enumerated().map { k, m in TableCell(m.title.isEmpty ? "(\(k + 1))" : m.title) })
        // Dependent variables, merged over neighbouring models that share one.
        var depCells: [TableCell] = []
        for m in models {
            let l = o.labels.label(m.dependent, lang)
            if let last = depCells.last, last.text == l { depCells[depCells.count - 1].span += 1 } else { depCells.append(TableCell(l)) }
        }
        t.addHeader(stub: lang(.dependentVariable), depCells)

        for term in terms {
            var est: [TableCell] = [], below: [TableCell] = []
            for m in models {
                guard let c = m.coefficient(term) else { est.append(""); below.append(""); continue }
                est.append(TableCell(st.estimate(c.estimate), mark: o.stars.mark(c.pValue)))
                below.append(TableCell(beneath(c, o)))
            }
            t.addRow(o.labels.label(term, lang), est)
            t.addRow("", below)
        }
        t.addRule()
        var fe: [String] = []
        for m in models { for f in m.fixedEffects where !fe.contains(f) { fe.append(f) } }
        if !fe.isEmpty {
            t.addSection(lang(.fixedEffects))
            for f in fe {
                t.addRow(o.labels.label(f, lang), models.map { TableCell($0.fixedEffects.contains(f) ? lang(.yes) : lang(.no)) })
            }
            t.addRule()
        }
        if models.contains(where: { !$0.standardErrorType.isEmpty }) {
            t.addRow(lang(.standardErrors), models.map { TableCell($0.standardErrorType) })
        }
        if models.contains(where: { $0.observations != nil }) {
            t.addRow(lang(.observations), models.map { TableCell($0.observations.map { st.format($0) } ?? "") })
        }
        func fit(_ phrase: Phrase, _ value: (ModelSummary) -> Double?) {
            guard models.contains(where: { value($0) != nil }) else { return }
            t.addRow(lang(phrase), models.map { TableCell(value($0).map { st.format($0) } ?? "") })
        }
        fit(.r2) { $0.r2 }
        if o.showAdjustedR2 { fit(.adjustedR2) { $0.adjustedR2 } }
        fit(.withinR2) { $0.withinR2 }
        if models.contains(where: { !$0.sample.isEmpty }) {
            t.addRow(lang(.sample), models.map { TableCell($0.sample) })
        }
        if models.contains(where: { !$0.period.isEmpty }) {
            t.addRow(lang(.period), models.map { TableCell($0.period) })
        }
        var notes: [String] = []
        switch o.beneath {
        case .standardError: notes.append(lang(.seInParentheses))
        case .tStatistic: notes.append(lang(.tInParentheses))
        case let .confidenceInterval(level):
            let pct = st.format(100 * level, digits: level * 100 == (level * 100).rounded() ? 0 : 1)
            notes.append(lang(.ciInBrackets).replacingOccurrences(of: "{level}", with: pct))
        }
        if !o.stars.levels.isEmpty { notes[notes.count - 1] += " " + lang.labelled(lang(.significance), o.stars.legend(st)) + "." }
        t.notes = notes + o.extraNotes
        return t
    }

    /// The text beneath a coefficient.
    static func beneath(_ c: ModelSummary.Coefficient, _ o: RegressionTableOptions) -> String {
        let st = o.style
        switch o.beneath {
        case .standardError: return "(" + st.estimate(c.standardError) + ")"
        case .tStatistic: return "(" + st.estimate(c.tValue) + ")"
        case let .confidenceInterval(level):
            guard let q = CriticalValue.t(level: level, df: c.degreesOfFreedom), c.standardError.isFinite else { return "" }
            let sep = st.decimalComma ? "; " : ", "
            return "[" + st.estimate(c.estimate - q * c.standardError) + sep + st.estimate(c.estimate + q * c.standardError) + "]"
        }
    }

    /// True when `name` matches `pattern`: equal, or a `*` wildcard pattern (any run of characters).
    public static func matches(_ name: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(name)
        for (i, part) in parts.enumerated() {
            if i == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if i == parts.count - 1 {
                return part.isEmpty || (rest.count >= part.count && rest.hasSuffix(part))
            } else if !part.isEmpty {
                guard let r = rest.range(of: part) else { return false }
                rest = rest[r.upperBound...]
            }
        }
        return rest.isEmpty
    }
}
