import Econometrics
import OffshoringModels

/// One estimated coefficient of one model in one variant.
public struct ResultRow: Equatable, Sendable {
    /// The model's name.
    public var model: String
    /// Position of the model in the run.
    public var modelIndex: Int
    /// The term (`om`; a system's `S_l:om_OECD`).
    public var term: String
    /// Position of the term in the model.
    public var termIndex: Int
    /// Estimate (NaN when undefined: stored as NULL).
    public var estimate: Double
    /// Standard error.
    public var stdError: Double
    /// t statistic.
    public var tValue: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Observations used by the model.
    public var nobs: Int
    /// Degrees of freedom of the t statistic (NaN for normal-based inference).
    public var df: Double
    /// The sample the model used (`manufacturing`).
    public var sampleUsed: String
    /// The period the model used (`1995-2004`).
    public var periodUsed: String
    /// The standard errors the model used (`cluster:industry`; systems `gls`).
    public var vcovUsed: String

    /// A row.
    public init(model: String, modelIndex: Int, term: String, termIndex: Int, estimate: Double, stdError: Double, tValue: Double,
                pValue: Double, nobs: Int, df: Double, sampleUsed: String, periodUsed: String, vcovUsed: String) {
        self.model = model
        self.modelIndex = modelIndex
        self.term = term
        self.termIndex = termIndex
        self.estimate = estimate
        self.stdError = stdError
        self.tValue = tValue
        self.pValue = pValue
        self.nobs = nobs
        self.df = df
        self.sampleUsed = sampleUsed
        self.periodUsed = periodUsed
        self.vcovUsed = vcovUsed
    }
}

/// What one variant produced: a row per model and term, and the models that could not be estimated.
public struct VariantOutcome: Sendable {
    /// The variant.
    public var variant: Variant
    /// Estimates, models in run order, terms in model order.
    public var rows: [ResultRow]
    /// Models that failed in this variant (model, message); `*` when the panel itself could not be built.
    public var failures: [(model: String, message: String)]

    /// An outcome.
    public init(variant: Variant, rows: [ResultRow], failures: [(model: String, message: String)]) {
        self.variant = variant
        self.rows = rows
        self.failures = failures
    }
}

extension SensitivityChain {
    /// Appends a model's estimates as result rows: one per term (a system's terms named `equation:term`).
    func append(_ estimate: ModelEstimate, spec: ModelSpec, modelIndex mi: Int, years: [Int], to rows: inout [ResultRow]) {
        let period = describeYears(years)
        let name = models[mi].name
        switch estimate {
        case .single(let r):
            for k in r.terms.indices {
                rows.append(ResultRow(model: name, modelIndex: mi, term: r.terms[k], termIndex: k, estimate: r.estimates[k],
                                      stdError: r.standardErrors[k], tValue: r.tValues[k], pValue: r.pValues[k], nobs: r.nobs, df: r.tDegreesOfFreedom,
                                      sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.vcov.name))
            }
        case .system(let s):
            for (k, c) in s.fit.coefficients.enumerated() {
                rows.append(ResultRow(model: name, modelIndex: mi, term: c.name, termIndex: k, estimate: c.estimate,
                                      stdError: c.stdError, tValue: c.tValue, pValue: c.pValue, nobs: s.observations, df: Double(c.degreesOfFreedom),
                                      sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.iterate ? "gls (iterated SUR)" : "gls (FGLS)"))
            }
        }
    }
}
