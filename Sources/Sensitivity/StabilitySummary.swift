import DataIO
import Econometrics
import Foundation
import Reporting

/// How one key coefficient of one model varies across the variants.
public struct CoefficientStability: Equatable {
    /// A variant whose estimate has the opposite sign of the baseline's.
    public struct Flip: Equatable {
        /// The variant's id.
        public var variantID: String
        /// Its settings that differ from the baseline.
        public var difference: String
        /// Its estimate.
        public var estimate: Double
        /// Its p-value (NaN when undefined).
        public var pValue: Double
    }

    /// The model.
    public var model: String
    /// The term.
    public var term: String
    /// The baseline's estimate, SE and p-value (nil when the baseline variant is not in the database or the
    /// model failed there).
    public var baseline: (estimate: Double, stdError: Double, pValue: Double, df: Double)?
    /// Variants with a finite estimate.
    public var variants: Int
    /// Smallest and largest estimate.
    public var minimum: Double
    /// Largest estimate.
    public var maximum: Double
    /// Variants significant at alpha with the baseline's sign.
    public var significantWithBaselineSign: Int
    /// The variants with the opposite sign, in grid order.
    public var flips: [Flip]

    /// Share of the variants significant with the baseline's sign.
    public var share: Double { variants > 0 ? Double(significantWithBaselineSign) / Double(variants) : .nan }

    /// Equal when every field is (NaN p-values of flips compared as equal).
    public static func == (a: CoefficientStability, b: CoefficientStability) -> Bool {
        a.model == b.model && a.term == b.term && a.baseline.map { [$0.estimate, $0.stdError, $0.pValue] } == b.baseline.map { [$0.estimate, $0.stdError, $0.pValue] }
            && a.variants == b.variants && a.minimum == b.minimum && a.maximum == b.maximum
            && a.significantWithBaselineSign == b.significantWithBaselineSign && a.flips == b.flips
    }
}

/// The summary of a results database: for each key coefficient its range, the share of variants where it is
/// significant with the baseline's sign, and the variants that flip its sign; as a text table, CSV and a
/// coefficient-stability chart (the Reporting layer's coefficient plot: the baseline with its confidence interval
/// beside the range over the variants).
public struct StabilitySummary {
    /// Significance level.
    public var alpha: Double
    /// The baseline variant's id (from `meta`), and whether its rows are in the database.
    public var baselineID: String
    /// True when the baseline variant is done in this database.
    public var baselineFound: Bool
    /// One entry per model and key term, in model then term order.
    public var entries: [CoefficientStability]
    /// Variants done, and of them those where some model failed.
    public var variantsDone: Int
    /// Done variants with at least one failed model.
    public var variantsWithFailures: Int
    /// The wild cluster bootstraps the done variants used (`bootstrap_used`, with their seeds), in order of first
    /// use: their rows are judged by the bootstrap p-value. Empty when no variant was bootstrapped.
    public var bootstraps: [String] = []

    /// Summarises the database at `path`; `keyTerms` and `alpha` default to those recorded in its `meta`.
    /// A key term matches a model's term exactly, a system's `EQUATION:term`, `model:term`, and its first
    /// difference `d(term)` and lags `l(term, k)`. Significance is judged by each variant's own p-value: the wild
    /// cluster bootstrap's where the variant's inference is one (`boot_p_value`), else the variance estimator's.
    public static func compute(database db: ResultsDatabase, keyTerms: [String]? = nil, alpha: Double? = nil) throws -> StabilitySummary {
        let meta = try db.meta()
        let keys = keyTerms ?? (meta["key_terms"] ?? "om,os").split(separator: ",").map(String.init)
        let a = alpha ?? Double(meta["alpha"] ?? "") ?? 0.05
        let baselineID = meta["baseline_variant"] ?? ""
        var settings: [String: [String]] = [:]
        var doneCount = 0, failedCount = 0
        for r in try db.connection.rows("SELECT variant_id, done, failures, \(ResultsDatabase.settingColumns.joined(separator: ", ")) FROM variants") {
            guard let id = r[0].string else { continue }
            settings[id] = r.dropFirst(3).map { $0.string ?? "" }
            if r[1].double == 1 {
                doneCount += 1
                if (r[2].double ?? 0) > 0 { failedCount += 1 }
            }
        }
        let base = settings[baselineID]
        func difference(_ id: String) -> String {
            guard let s = settings[id], let b = base else { return id }
            let d = zip(ResultsDatabase.settingColumns, zip(s, b)).filter { $0.1.0 != $0.1.1 }.map { "\($0.0)=\($0.1.0)" }
            return d.isEmpty ? "baseline" : d.joined(separator: ", ")
        }
        func isKey(_ model: String, _ term: String) -> Bool {
            keys.contains { k in
                term == k || term.hasSuffix(":" + k) || "\(model):\(term)" == k || term == "d(\(k))" || term.hasPrefix("l(\(k), ")
            }
        }
        struct Obs { var id: String; var estimate: Double; var se: Double; var p: Double; var df: Double }
        var order: [String] = []
        var byKey: [String: (model: String, term: String, obs: [Obs])] = [:]
        let rows = try db.connection.rows("""
            SELECT r.variant_id, r.model, r.term, r.estimate, r.std_error, COALESCE(r.boot_p_value, r.p_value), r.df FROM results r JOIN variants v USING (variant_id)
            WHERE v.done = 1 ORDER BY r.model_index, r.term_index, r.position
            """)
        for r in rows {
            guard let id = r[0].string, let model = r[1].string, let term = r[2].string, isKey(model, term) else { continue }
            let k = model + "\u{1F}" + term
            if byKey[k] == nil { order.append(k); byKey[k] = (model, term, []) }
            byKey[k]?.obs.append(Obs(id: id, estimate: r[3].double ?? .nan, se: r[4].double ?? .nan, p: r[5].double ?? .nan, df: r[6].double ?? .nan))
        }
        var entries: [CoefficientStability] = []
        for k in order {
            guard let e = byKey[k] else { continue }
            let finite = e.obs.filter { $0.estimate.isFinite }
            let b = e.obs.first { $0.id == baselineID }
            let sign = b.map { $0.estimate >= 0 ? 1.0 : -1.0 }
            var sig = 0
            var flips: [CoefficientStability.Flip] = []
            for o in finite {
                guard let s = sign else { continue }
                if o.p < a && o.estimate * s > 0 { sig += 1 }
                if o.estimate * s < 0 { flips.append(.init(variantID: o.id, difference: difference(o.id), estimate: o.estimate, pValue: o.p)) }
            }
            entries.append(CoefficientStability(model: e.model, term: e.term, baseline: b.map { ($0.estimate, $0.se, $0.p, $0.df) },
                                                variants: finite.count, minimum: finite.map(\.estimate).min() ?? .nan,
                                                maximum: finite.map(\.estimate).max() ?? .nan, significantWithBaselineSign: sig, flips: flips))
        }
        let bootstraps = try db.connection.rows("""
            SELECT r.bootstrap_used FROM results r JOIN variants v USING (variant_id)
            WHERE v.done = 1 AND r.bootstrap_used <> '' GROUP BY r.bootstrap_used ORDER BY MIN(r.position), MIN(r.model_index)
            """).compactMap { $0.first?.string }
        return StabilitySummary(alpha: a, baselineID: baselineID, baselineFound: base != nil && byKey.values.contains { $0.obs.contains { $0.id == baselineID } },
                                entries: entries, variantsDone: doneCount, variantsWithFailures: failedCount, bootstraps: bootstraps)
    }

    static func number(_ x: Double) -> String { NumberText.significant(x, digits: 4) }

    /// The summary as a table: model, term, baseline (SE), range, share significant with the baseline's sign and
    /// the number of sign flips; the flipping variants are named by their settings under the table (the first
    /// three per coefficient), so that the table stays as narrow as its numbers.
    public func table() -> TextTable {
        var t = TextTable(header: ["model", "term", "baseline", "(SE)", "min", "max", "sig. same sign", "flips"],
                          title: "Coefficient stability over \(variantsDone) variant\(variantsDone == 1 ? "" : "s") (significance at \(alpha))")
        for e in entries {
            t.append([e.model, e.term, e.baseline.map { Self.number($0.estimate) } ?? "NA", e.baseline.map { "(" + Self.number($0.stdError) + ")" } ?? "",
                      Self.number(e.minimum), Self.number(e.maximum),
                      e.share.isFinite ? String(format: "%.0f%% of %d", 100 * e.share, e.variants) : "NA",
                      "\(e.flips.count)"])
        }
        if !baselineFound { t.notes.append("The baseline variant (\(baselineID)) is not in this database (another shard?): no signs to compare with.") }
        if variantsWithFailures > 0 { t.notes.append("\(variantsWithFailures) variant(s) had models that could not be estimated: see the failures table.") }
        t.notes.append("Baseline: the first value of every list of the grid. A flip is a variant whose estimate has the opposite sign.")
        if !bootstraps.isEmpty {
            t.notes.append("Significance: a variant with a wild cluster bootstrap (its inference) is judged by the bootstrap p-value, the others by "
                + "the variance estimator's; bootstraps used (draws and seed): " + bootstraps.joined(separator: "; "))
        }
        let flipping = entries.filter { !$0.flips.isEmpty }
        if !flipping.isEmpty {
            t.notes.append("Variants that flip the sign (their settings that differ from the baseline):")
            for e in flipping {
                t.notes.append("  \(e.model) \(e.term):")
                for f in e.flips.prefix(3) { t.notes.append("    " + f.difference) }
                if e.flips.count > 3 { t.notes.append("    and \(e.flips.count - 3) more (sensitivity summary --summary-csv lists every one)") }
            }
        }
        return t
    }

    /// The summary as CSV, one row per key coefficient (full precision; every flipping variant's id in `flip_ids`,
    /// space-separated, and its settings that differ from the baseline in `flip_settings`, in the same order,
    /// separated by ` | `).
    public func csv() -> String {
        var out = "model,term,baseline_estimate,baseline_std_error,baseline_p_value,variants,minimum,maximum,significant_same_sign,share_significant_same_sign,flips,flip_ids,flip_settings\n"
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "NA" } ?? "NA" }
        for e in entries {
            let cells = [e.model, e.term, n(e.baseline?.estimate), n(e.baseline?.stdError), n(e.baseline?.pValue), "\(e.variants)", n(e.minimum),
                         n(e.maximum), "\(e.significantWithBaselineSign)", n(e.share), "\(e.flips.count)", e.flips.map(\.variantID).joined(separator: " "),
                         e.flips.map(\.difference).joined(separator: " | ")]
            out += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The coefficient-stability chart: per key coefficient, the baseline with its 95% confidence interval and the
    /// range of the estimates over the variants (drawn as an interval around the baseline estimate).
    public func chart() -> CoefficientPlot {
        let baselineName = "baseline (95% CI)", rangeName = "range over variants"
        var points: [CoefficientPlot.Point] = []
        var terms: [String] = []
        for e in entries {
            let label = "\(e.model): \(e.term)"
            terms.append(label)
            if let b = e.baseline, let q = CriticalValue.t(level: 0.95, df: b.df) {
                points.append(.init(model: baselineName, term: label, estimate: b.estimate, lower: b.estimate - q * b.stdError, upper: b.estimate + q * b.stdError))
            }
            if e.variants > 0 {
                points.append(.init(model: rangeName, term: label, estimate: e.baseline?.estimate ?? (e.minimum + e.maximum) / 2,
                                    lower: e.minimum, upper: e.maximum))
            }
        }
        return CoefficientPlot(title: "Coefficient stability across \(variantsDone) variants", valueLabel: "estimate",
                               models: [baselineName, rangeName], terms: terms, points: points)
    }
}
