import Econometrics
import Foundation

/// The publication table of a dynamic-panel GMM fit (`offshore regress --model gmm --format
/// latex|markdown|html`): the coefficient table `RegressionTableBuilder` makes for every regression, then the
/// GMM diagnostics as rows under it (AR(1) and AR(2) p-values, Hansen's J and the classical Sargan with their
/// degrees of freedom, the difference-in-Hansen test of system GMM's level instruments, instruments, groups),
/// and a note saying which estimator, convention and standard errors were used.
public enum GMMTableBuilder {
    /// The fit as a column of a regression table: coefficients with their robust standard errors and normal
    /// p-values (GMM inference is asymptotic), the differenced equations as observations.
    public static func summary(_ r: PanelGMMResult) -> ModelSummary {
        let coefficients = r.names.indices.map { i in
            ModelSummary.Coefficient(term: r.names[i], estimate: r.coefficients[i], standardError: r.standardErrors[i],
                                     pValue: r.pValues[i], degreesOfFreedom: .infinity)
        }
        let dependent = r.formula.equation.split(separator: "~").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        return ModelSummary(dependent: dependent, coefficients: coefficients, observations: r.observationCount,
                            standardErrorType: r.options.steps == 2 ? "Windmeijer" : "Robust (one-step)")
    }

    /// What was estimated, in words (the table's first note).
    public static func method(_ r: PanelGMMResult) -> String {
        let estimator = r.options.transformation == .system
            ? "System GMM (Blundell-Bond, \(r.options.convention == .pgmm ? "plm::pgmm's" : "xtabond2's") convention)"
            : "Difference GMM (Arellano-Bond)"
        let steps = r.options.steps == 2 ? "two-step, Windmeijer-corrected standard errors" : "one-step, robust standard errors"
        return "\(estimator), \(steps)\(r.options.collapse ? ", collapsed instruments" : ""); z tests."
    }

    /// The table: coefficients, the standard-error and observation rows, then one row per diagnostic.
    /// - Throws: what `RegressionTableBuilder.table` throws (no term to show).
    public static func table(_ r: PanelGMMResult, options: RegressionTableOptions = RegressionTableOptions()) throws -> PublicationTable {
        var o = options
        o.extraNotes = ["(1) \(r.formula.text)", method(r)] + r.warnings.map { "Warning: \($0)" } + o.extraNotes
        var t = try RegressionTableBuilder.table([summary(r)], options: o)
        let st = o.style
        func p(_ value: Double) -> TableCell { TableCell(value.isFinite ? st.format(value, digits: 3) : "") }
        func statistic(_ value: Double, _ df: Int, _ pValue: Double) -> TableCell {
            TableCell(value.isFinite ? "\(st.format(value, digits: 2)) (\(df)), p = \(st.format(pValue, digits: 3))" : "")
        }
        if r.options.transformation == .system {
            t.addRow("Level equations", [TableCell(st.format(r.levelObservationCount))])
        }
        t.addRow("Groups", [TableCell(st.format(r.groupCount))])
        t.addRow("Instruments", [TableCell(st.format(r.instrumentCount))])
        for a in r.arTests { t.addRow("AR(\(a.order)) p-value", [p(a.pValue)]) }
        t.addRow("Hansen J (df)", [statistic(r.hansen, r.hansenDF, r.hansenPValue)])
        t.addRow("Sargan (df), not robust", [statistic(r.sargan, r.hansenDF, r.sarganPValue)])
        if let d = r.differenceInHansen {
            t.addRow("Difference-in-Hansen, level instruments (df)", [statistic(d.statistic, d.df, d.pValue)])
        }
        return t
    }
}
