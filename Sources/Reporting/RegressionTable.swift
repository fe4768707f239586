import DataIO
import Econometrics
import Foundation

/// Renders a `RegressionResult` for people (an esttab-like text table) and for programs (CSV, JSON).
public enum RegressionReport {
    /// The exact CSV header of `offshore regress --format csv`.
    public static let csvHeader = ["term", "estimate", "std_error", "t_value", "p_value"]

    /// A number for a terminal: 6 significant digits, or `NA`.
    static func short(_ d: Double) -> String {
        guard d.isFinite else { return "NA" }
        if d == 0 { return "0" }
        if abs(d) >= 1e-4 && abs(d) < 1e7 {
            return String(format: "%.6g", d)
        }
        return String(format: "%.4e", d)
    }

    /// A p-value for a terminal.
    static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        return p < 1e-16 ? "<1e-16" : short(p)
    }

    /// Significance stars: *** p<0.01, ** p<0.05, * p<0.1.
    static func stars(_ p: Double) -> String {
        guard p.isFinite else { return "" }
        return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : ""
    }

    /// An integer with thousands separators for readability.
    static func count(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// The terminal table: one row per coefficient, then the sample, fit and conventions as notes.
    public static func table(_ r: RegressionResult) -> TextTable {
        var t = TextTable(header: ["term", "estimate", "std. error", "t value", "Pr(>|t|)", ""],
                          title: "\(r.model): dependent variable \(r.responseName)")
        t.alignments[5] = .left
        for i in 0..<r.terms.count {
            t.append([r.terms[i], short(r.estimates[i]), short(r.standardErrors[i]), short(r.tValues[i]),
                      pValue(r.pValues[i]), stars(r.pValues[i])])
        }
        var notes: [String] = []
        notes.append("Observations: \(count(r.nobs))" + droppedRows(r.accounting))
        if r.model.hasPrefix("Between") { notes.append("Entities (one observation each): \(count(r.nobs)), from \(count(r.accounting.used)) rows") }
        if let w = r.weightsName { notes.append("Analytic weights: \(w)") }
        for fe in r.fixedEffects { notes.append("Fixed effect \(fe.name): \(count(fe.levels)) levels") }
        if !r.fixedEffects.isEmpty { notes.append("Absorbed parameters: \(count(r.absorbedParameters))") }
        var fit = "R2: \(short(r.r2))  adj. R2: \(short(r.adjustedR2))"
        if let w = r.withinR2 { fit += "  within R2: \(short(w))" }
        fit += "  RMSE: \(short(r.rmse))"
        notes.append(fit)
        notes.append("Residual degrees of freedom: \(count(r.residualDegreesOfFreedom)) (N - K, K = \(r.terms.count) coefficients + \(r.absorbedParameters) absorbed)")
        if r.fDf1 > 0 {
            notes.append("F(\(r.fDf1), \(r.fDf2)) = \(short(r.fStatistic)), p = \(pValue(r.fPValue))"
                         + (r.model.contains("2SLS") ? " (Wald, iid)" : ""))
        }
        for c in r.clusters { notes.append("Clusters in \(c.name): \(count(c.count))") }
        if let fewest = r.clusters.map(\.count).min(), fewest < fewClustersThreshold {
            notes.append("Warning: only \(fewest) clusters; cluster-robust standard errors are biased downwards and tests "
                         + "over-reject with fewer than about \(fewClustersThreshold) clusters (Cameron and Miller 2015): "
                         + "compare with hc1 or a wild cluster bootstrap")
        }
        if !r.instruments.isEmpty { notes.append("Instruments: \(r.instruments.joined(separator: ", "))") }
        for fs in r.firstStages {
            notes.append("First stage \(fs.endogenous): F(\(fs.df1), \(fs.df2)) = \(short(fs.f)), p = \(pValue(fs.pValue))")
        }
        if !r.dropped.isEmpty { notes.append("Dropped as collinear: \(r.dropped.joined(separator: ", "))") }
        notes.append("Standard errors: \(r.vcovDescription)")
        notes.append("Significance: *** p<0.01, ** p<0.05, * p<0.1")
        for w in r.warnings { notes.append("Warning: \(w)") }
        t.notes = notes
        return t
    }

    /// Why rows were left out, as a parenthesis (empty when none was).
    static func droppedRows(_ a: RowAccounting) -> String {
        var parts: [String] = []
        if a.missing > 0 { parts.append("\(count(a.missing)) with missing values") }
        if a.zeroWeight > 0 { parts.append("\(count(a.zeroWeight)) with zero weight") }
        if a.singletons > 0 { parts.append("\(count(a.singletons)) singletons") }
        if a.noPreviousPeriod > 0 { parts.append("\(count(a.noPreviousPeriod)) without the previous period to difference") }
        return parts.isEmpty ? "" : " (of \(count(a.total)) rows; dropped: \(parts.joined(separator: ", ")))"
    }

    /// CSV, one row per term, header `term,estimate,std_error,t_value,p_value`, numbers at full precision.
    public static func csv(_ r: RegressionResult) -> String {
        var t = TextTable(header: csvHeader)
        for i in 0..<r.terms.count {
            t.append([r.terms[i], full(r.estimates[i]), full(r.standardErrors[i]), full(r.tValues[i]), full(r.pValues[i])])
        }
        return t.renderCSV()
    }

    /// A number at full (round-trip) precision, `NA` when not finite.
    static func full(_ d: Double) -> String { d.isFinite ? jsonNumber(d) : "NA" }

    /// The JSON object of `offshore regress --format json`, keys exactly `coefficients`, `nobs`, `r2`,
    /// `r2_within` (null without fixed effects), `vcov` and `dropped`.
    public static func json(_ r: RegressionResult) -> JSONValue {
        let coefs: [JSONValue] = (0..<r.terms.count).map { i in
            .object([("term", .string(r.terms[i])), ("estimate", .number(r.estimates[i])),
                     ("std_error", .number(r.standardErrors[i])), ("t_value", .number(r.tValues[i])),
                     ("p_value", .number(r.pValues[i]))])
        }
        return .object([
            ("coefficients", .array(coefs)),
            ("nobs", .int(r.nobs)),
            ("r2", .number(r.r2)),
            ("r2_within", r.withinR2.map { .number($0) } ?? .null),
            ("vcov", .string(r.vcovDescription)),
            ("dropped", .array(r.dropped.map { .string($0) })),
        ])
    }
}

/// Below this many clusters a table warns that cluster-robust inference is unreliable (Cameron and Miller 2015,
/// "A Practitioner's Guide to Cluster-Robust Inference", put the danger zone at fewer than 20-50 clusters).
public let fewClustersThreshold = 30
