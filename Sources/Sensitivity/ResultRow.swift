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
    /// The wild cluster bootstrap's symmetric p-value of `b = 0` when the variant's inference is a bootstrap (NaN
    /// otherwise: stored as NULL); the stability summary uses it in place of `pValue`.
    public var bootPValue: Double = .nan
    /// The bootstrap used, with its cluster, draws, weights, type and seed
    /// (`wild:cluster=industry,reps=999,weights=webb,type=restricted,seed=20171203`); empty without one.
    public var bootstrapUsed: String = ""

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

    /// Equal as stored rows: every field equal, a NaN number (NULL in the database) equal to a NaN.
    public static func == (a: ResultRow, b: ResultRow) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.model == b.model && a.modelIndex == b.modelIndex && a.term == b.term && a.termIndex == b.termIndex
            && same(a.estimate, b.estimate) && same(a.stdError, b.stdError) && same(a.tValue, b.tValue) && same(a.pValue, b.pValue)
            && a.nobs == b.nobs && same(a.df, b.df) && a.sampleUsed == b.sampleUsed && a.periodUsed == b.periodUsed
            && a.vcovUsed == b.vcovUsed && same(a.bootPValue, b.bootPValue) && a.bootstrapUsed == b.bootstrapUsed
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
    /// Appends a model's estimates as result rows, from its record (`ModelRecord`): one per term, a system's
    /// terms named `equation:term`, t and p derived by the record. The standard errors used are the variance
    /// estimator's canonical text, or `gls (FGLS)` / `gls (iterated SUR)` for a system; a bootstrapped model's rows
    /// carry the bootstrap p-value and the bootstrap's canonical text (with its seed).
    func append(_ m: ModelRecord, spec: ModelSpec, modelIndex mi: Int, years: [Int], to rows: inout [ResultRow]) {
        let period = describeYears(years)
        let name = models[mi].name
        let nobs = m.equations.first?.observations ?? 0
        let vcovUsed = m.vcov?.name ?? (m.system?.iterated == true ? "gls (iterated SUR)" : "gls (FGLS)")
        // The bootstrap as run: clustered like the standard errors when its spec leaves the cluster open.
        var boot = m.bootstrap?.spec
        if boot != nil, boot?.cluster == nil { boot?.cluster = m.vcov?.clusterVariables.first }
        for (k, c) in m.allTerms.enumerated() {
            var row = ResultRow(model: name, modelIndex: mi, term: c.name, termIndex: k, estimate: c.term.estimate,
                                stdError: c.term.standardError, tValue: c.term.tValue, pValue: c.term.pValue, nobs: nobs,
                                df: c.term.degreesOfFreedom, sampleUsed: spec.sample, periodUsed: period, vcovUsed: vcovUsed)
            if let b = c.term.bootstrap, let boot {
                row.bootPValue = b.pValue
                row.bootstrapUsed = boot.name
            }
            rows.append(row)
        }
    }

    /// Appends the rows of an estimate (its record made here; see `append(_:spec:modelIndex:years:to:)`).
    func append(_ estimate: ModelEstimate, spec: ModelSpec, modelIndex mi: Int, years: [Int], to rows: inout [ResultRow]) {
        append(estimate.record(spec), spec: spec, modelIndex: mi, years: years, to: &rows)
    }
}
