import DataIO
import Econometrics
import Foundation
import Reporting

/// `offshore regress --model gmm`: difference and system GMM for dynamic panels and their output formats.
enum RegressGMM {
    /// The 97.5% standard-normal quantile (GMM inference is asymptotic: z tests and normal intervals).
    static let z975 = 1.959963984540054

    /// Parses the GMM options, fits, and renders in `format`. Throws `InputError` naming the option at fault.
    static func run(formula text: String, data: DataFrame, panel: String?, gmm: String, convention: String = "pgmm",
                    steps: Int, collapse: Bool, vcov: String, weights: String?, format: RegressFormat) throws -> String {
        guard let panel else {
            throw InputError(key: "panel", "--model gmm needs the panel structure: give --panel ENTITY,TIME")
        }
        guard let transformation = GMMTransformation(rawValue: gmm) else {
            throw InputError(key: "gmm", "expected difference or system, found '\(gmm)'")
        }
        guard let gmmConvention = GMMConvention(rawValue: convention) else {
            throw InputError(key: "gmm-convention", "expected pgmm or xtabond2, found '\(convention)'")
        }
        guard steps == 1 || steps == 2 else { throw InputError(key: "steps", "expected 1 or 2, found \(steps)") }
        guard vcov == "iid" || vcov == "robust" else {
            throw InputError(key: "vcov", "--model gmm reports robust standard errors (one-step sandwich, Windmeijer after two steps); --vcov takes no other value here, found '\(vcov)'")
        }
        if let weights { throw InputError(key: "weights", "--model gmm takes no weights, found '\(weights)'") }
        let parsedPanel = try Panel(parsing: panel)
        let fit = try PanelGMM.fit(formula: try PanelGMMFormula(text), data: data, panel: parsedPanel,
                                   options: PanelGMMOptions(steps: steps, collapse: collapse,
                                                            transformation: transformation, convention: gmmConvention))
        switch format {
        case .csv: return csv(fit)
        case .json: return json(fit).render() + "\n"
        case .table: return table(fit)
        case .latex, .markdown, .html:
            return try GMMTableBuilder.table(fit).render(format.publication ?? .text)
        }
    }

    static func full(_ d: Double) -> String { RegressionReport.full(d) }

    /// One row per coefficient: term, estimate, std_error, z_value, p_value, ci_low, ci_high.
    static func csv(_ r: PanelGMMResult) -> String {
        var t = TextTable(header: ["term", "estimate", "std_error", "z_value", "p_value", "ci_low", "ci_high"])
        for i in r.names.indices {
            let b = r.coefficients[i], se = r.standardErrors[i]
            t.append([r.names[i], full(b), full(se), full(r.zValues[i]), full(r.pValues[i]), full(b - z975 * se), full(b + z975 * se)])
        }
        return t.renderCSV()
    }

    /// What was estimated, in words.
    static func method(_ r: PanelGMMResult) -> String {
        let estimator = r.options.transformation == .system
            ? "system GMM (Blundell-Bond, \(r.options.convention == .pgmm ? "plm::pgmm's" : "xtabond2's") convention)"
            : "difference GMM (Arellano-Bond)"
        return "\(estimator), \(r.options.steps == 2 ? "two-step, Windmeijer-corrected" : "one-step, robust") standard errors\(r.options.collapse ? ", collapsed instruments" : "")"
    }

    /// The fit as JSON: coefficients, then the diagnostics.
    static func json(_ r: PanelGMMResult) -> JSONValue {
        let coefficients: [JSONValue] = r.names.indices.map { i in
            let b = r.coefficients[i], se = r.standardErrors[i]
            return .object([("term", .string(r.names[i])), ("estimate", .number(b)), ("std_error", .number(se)),
                            ("z_value", .number(r.zValues[i])), ("p_value", .number(r.pValues[i])),
                            ("ci_low", .number(b - z975 * se)), ("ci_high", .number(b + z975 * se))])
        }
        let ar: [JSONValue] = r.arTests.map { .object([("order", .int($0.order)), ("z", .number($0.z)), ("p_value", .number($0.pValue))]) }
        return .object([
            ("formula", .string(r.formula.text)),
            ("model", .string("gmm")),
            ("method", .string(method(r))),
            ("steps", .int(r.options.steps)),
            ("collapse", .bool(r.options.collapse)),
            ("transformation", .string(r.options.transformation.rawValue)),
            ("convention", .string(r.options.convention.rawValue)),
            ("observations", .int(r.observationCount)),
            ("level_observations", .int(r.levelObservationCount)),
            ("groups", .int(r.groupCount)),
            ("instruments", .int(r.instrumentCount)),
            ("coefficients", .array(coefficients)),
            ("hansen", .object([("statistic", .number(r.hansen)), ("df", .int(r.hansenDF)), ("p_value", .number(r.hansenPValue)),
                                ("convention", .string("Hansen J with the one-step residuals' weighting matrix (plm::pgmm's \"Sargan test\")"))])),
            ("sargan", .object([("statistic", .number(r.sargan)), ("df", .int(r.hansenDF)), ("p_value", .number(r.sarganPValue)),
                                ("convention", .string("classical Sargan: one-step residuals' moments weighted by (sum Z_i'HZ_i)^-1, divided by e'e/(2n) of the differenced one-step residuals; not robust to heteroskedasticity"))])),
            ("difference_in_hansen", differenceInHansenJSON(r)),
            ("ar_tests", .array(ar)),
            ("warnings", .array(r.warnings.map { .string($0) })),
        ])
    }

    /// The difference-in-Hansen test of the level instruments as JSON (null for difference GMM).
    static func differenceInHansenJSON(_ r: PanelGMMResult) -> JSONValue {
        guard let d = r.differenceInHansen else { return .null }
        return .object([("group", .string("GMM-style instruments of the level equations")),
                        ("statistic", .number(d.statistic)), ("df", .int(d.df)), ("p_value", .number(d.pValue)),
                        ("excluding_statistic", .number(d.excludingJ)), ("excluding_df", .int(d.excludingDF)),
                        ("excluding_p_value", .number(d.excludingPValue)), ("full_two_step_statistic", .number(d.fullJ)),
                        ("convention", .string("Hayashi's C: two-step J with all instruments minus two-step J without the group, both weighted by the full model's one-step moment covariance (its block)"))])
    }

    /// The diagnostics under the coefficient table, one line each.
    static func diagnosticLines(_ r: PanelGMMResult) -> [String] {
        [method(r)] + r.diagnosticLines
    }

    /// The coefficient table with the diagnostics under it.
    static func table(_ r: PanelGMMResult) -> String {
        var t = TextTable(header: ["term", "estimate", "std. error", "z", "p"], title: r.formula.text)
        func f(_ d: Double, _ digits: Int = 4) -> String { d.isFinite ? String(format: "%.\(digits)f", d) : "NA" }
        for i in r.names.indices {
            t.append([r.names[i], f(r.coefficients[i]), f(r.standardErrors[i]), f(r.zValues[i], 2), f(r.pValues[i])])
        }
        let lines = [t.renderText().trimmingCharacters(in: .newlines)] + diagnosticLines(r)
        return lines.joined(separator: "\n") + "\n"
    }
}
