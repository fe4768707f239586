import DataIO
import Econometrics
import Foundation
import OffshoringModels

/// The design of the size study: the skill-share model of the bundled estimate configuration (its sample of
/// manufacturing industries and years, its regressors, fixed effects, weights and clusters) on the synthetic
/// Belgian accounts, with the response to be replaced by simulated errors.
///
/// Under the null every coefficient is zero; since least squares is linear in the response and the standard
/// errors depend on it only through the residuals, simulating `y = X b + effects + e` and testing `b` gives
/// exactly the rejections of simulating `y = e` and testing 0, so the response is the error itself.
struct StudyDesign {
    /// The model's sample, with dummy columns `D_industry_k` and `D_year_t` added (see `dummyFormula`).
    let data: DataFrame
    /// The model's formula as the configuration writes it (absorbed industry and year effects).
    let formula: String
    /// The same model with the fixed effects as dummy columns and an intercept (for CR2 and CR3 with weights,
    /// whose hat matrix is verified against clubSandwich for that form; see `InferenceMethod.standard`).
    let dummyFormula: String
    /// The response variable replaced by each replication.
    let response: String
    /// The analytic-weights variable (`wbshare`), or nil.
    let weights: String?
    /// The weights' values per row of `data` (1 where there are none).
    let weightValues: [Double]
    /// The clustering variable (`industry`) and its number of levels in the sample.
    let cluster: String, clusterCount: Int
    /// The coefficients studied (the model's regressors), in output order.
    let terms: [String]
    /// Rows of the sample and where it came from, for the report.
    let rows: Int, description: String

    /// Builds the design from the estimate configuration at `configPath` (the bundled default) and its model
    /// `modelName` (`skill_share`); `displayPath` is how the report names the configuration.
    static func load(configPath: String, bundle: String, modelName: String, displayPath: String) throws -> StudyDesign {
        let config = try EstimateConfig.load(path: configPath, bundle: bundle)
        guard let spec = config.models.first(where: { $0.name == modelName }), spec.kind == .single else {
            throw InputError(key: "model", "no single-equation model '\(modelName)' in \(configPath)")
        }
        let (panel, _) = try PanelBuilder.build(config: config)
        let sample = try ModelRunner.sample(panel, for: spec)
        var data = sample.0
        let industries = sample.1, years = sample.2
        let parts = spec.formula.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[1] == "industry + year",
              let tilde = parts[0].range(of: "~") else {
            throw InputError(key: "model.\(modelName)", "the size study expects 'RESPONSE ~ REGRESSORS | industry + year', found '\(spec.formula)'")
        }
        let response = parts[0][..<tilde.lowerBound].trimmingCharacters(in: .whitespaces)
        let regressors = parts[0][tilde.upperBound...].trimmingCharacters(in: .whitespaces)
        // Dummies for every industry and year but the first (the intercept takes their place).
        let industry = try data.factor("industry"), year = try data.numeric("year")
        var dummies: [String] = []
        for k in industries.indices.dropFirst() {
            let column = "D_industry_\(k)"
            try data.setColumn(column, .numeric(industry.codes.map { Int($0) == k ? 1 : 0 }))
            dummies.append(column)
        }
        for t in years.dropFirst() {
            let column = "D_year_\(t)"
            try data.setColumn(column, .numeric(year.map { $0 == Double(t) ? 1 : 0 }))
            dummies.append(column)
        }
        let options = RegressionOptions(vcov: "cluster:industry", weights: spec.weights)
        let baseline = try regress(formula: Formula(spec.formula), data: data, panel: ModelRunner.panelStructure, options: options)
        let weightValues = try spec.weights.map { try data.numeric($0) } ?? Array(repeating: 1, count: data.rowCount)
        return StudyDesign(
            data: data, formula: spec.formula, dummyFormula: "\(response) ~ \(regressors) + \(dummies.joined(separator: " + "))",
            response: response, weights: spec.weights, weightValues: weightValues, cluster: "industry",
            clusterCount: industries.count, terms: baseline.terms, rows: baseline.nobs,
            description: "model \(modelName) of \(displayPath) (\(spec.formula), sample \(spec.sampleDescription), weights \(spec.weights ?? "none")): \(baseline.nobs) rows, \(industries.count) industry clusters, years \(years.first ?? 0)-\(years.last ?? 0)")
    }
}
