import DataIO
import Linalg

/// One fitted model as every output reports it, whatever estimator produced it: OLS, 2SLS, first differences
/// and between (`RegressionResult`, one equation) or a SUR system (`SURFit`, one equation each).
///
/// It is the single flattening of a fit: the terminal tables, CSV and JSON of `offshore regress` and
/// `offshore sur`, the publication tables (`ModelSummary`), `offshore estimate`'s CSV rows, `report.json` and
/// the sensitivity rows are all written from it. It holds what was estimated (per equation: terms, estimates,
/// standard errors and the t tests' degrees of freedom; observations, R2, within R2, F) and how (the variance
/// estimator, its conventions in words, clusters, notes); the t statistics and p-values are derived from those
/// (`Term.tValue`, `Term.pValue`), never stored beside them, so no copy can disagree. It is `Codable` (the
/// variance estimator as its canonical text, non-finite numbers as the encoder's strategy writes them) and
/// `Sendable`, and knows nothing of formatting.
public struct ModelRecord: Codable, Equatable, Sendable {
    /// One estimated coefficient.
    public struct Term: Codable, Equatable, Sendable {
        /// The term's name within its equation (`value`, `(Intercept)`, `log(K)`).
        public var name: String
        /// The estimate.
        public var estimate: Double
        /// Its standard error (0 for an exact fit; NaN when its estimated variance is negative).
        public var standardError: Double
        /// Degrees of freedom of its t test (G-1 when clustered, N-K otherwise; T-k or the system's for SUR).
        public var degreesOfFreedom: Double
        /// The wild cluster bootstrap's p-value and interval, when one was run (`ModelRecord.bootstrap` says how).
        public var bootstrap: BootstrapInference?

        /// A term.
        public init(name: String, estimate: Double, standardError: Double, degreesOfFreedom: Double) {
            self.name = name
            self.estimate = estimate
            self.standardError = standardError
            self.degreesOfFreedom = degreesOfFreedom
        }

        /// The t statistic, `estimate / standardError`; NaN (undefined) when the standard error is 0.
        public var tValue: Double { Self.tStatistic(estimate: estimate, standardError: standardError) }

        /// The two-sided p-value of `tValue` from Student's t with `degreesOfFreedom`.
        public var pValue: Double { studentTwoSidedPValue(tValue, df: degreesOfFreedom) }

        /// The 95 % confidence interval `estimate -/+ t(0.975, df) * standardError` of the t test above (NaN where
        /// the t statistic is: a standard error of 0 or NaN, undefined degrees of freedom).
        public var ciLow: Double { tValue.isNaN ? .nan : estimate - studentCritical(level: 0.95, df: degreesOfFreedom) * standardError }
        /// The upper end of the 95 % interval (see `ciLow`).
        public var ciHigh: Double { tValue.isNaN ? .nan : estimate + studentCritical(level: 0.95, df: degreesOfFreedom) * standardError }

        /// `estimate / standardError`, NaN when the standard error is 0 (an exact fit has no sampling error to
        /// test against): the one definition of a t statistic every output uses.
        public static func tStatistic(estimate: Double, standardError: Double) -> Double {
            standardError == 0 ? .nan : estimate / standardError
        }
    }

    /// One coefficient's wild cluster bootstrap inference (see `WildBootstrapResult.Term`).
    public struct BootstrapInference: Codable, Equatable, Sendable {
        /// The symmetric bootstrap p-value of `b = 0`.
        public var pValue: Double
        /// The equal-tailed bootstrap p-value of `b = 0`.
        public var pValueEqualTailed: Double
        /// The confidence interval by test inversion (at `ModelRecord.Bootstrap.level`).
        public var ciLow: Double, ciHigh: Double

        /// An inference.
        public init(pValue: Double, pValueEqualTailed: Double, ciLow: Double, ciHigh: Double) {
            self.pValue = pValue
            self.pValueEqualTailed = pValueEqualTailed
            self.ciLow = ciLow
            self.ciHigh = ciHigh
        }
    }

    /// How a model's wild cluster bootstrap was run, and its joint test.
    public struct Bootstrap: Codable, Equatable, Sendable {
        /// The specification, the cluster resolved (its `name` is the canonical text, with the seed).
        public var spec: WildBootstrapSpec
        /// Clusters, draws used, and whether they were all 2^G Rademacher draws.
        public var clusters: Int, draws: Int, enumerated: Bool
        /// The confidence level of the intervals.
        public var level: Double
        /// The whole in words (`WildBootstrapResult.description`).
        public var description: String
        /// The joint test, when asked for.
        public var joint: WildBootstrapResult.JointTest?
        /// Absorbed fixed effects not nested in the bootstrap clusters.
        public var fixedEffectsNotNested: [String]
    }

    /// A named count: the levels of a fixed effect, the clusters of a clustering variable.
    public struct Count: Codable, Equatable, Sendable {
        /// The variable.
        public var name: String
        /// How many levels or clusters it has in the estimation sample.
        public var count: Int

        /// A count.
        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// One equation: the whole model for a single-equation estimator, one of several for a system.
    public struct Equation: Codable, Equatable, Sendable {
        /// The equation's name in a system (coefficients are `NAME:term`); nil for a single equation.
        public var name: String?
        /// The dependent variable as estimated (`invest`, `log(Y)`, `d(log(L))`).
        public var response: String
        /// The formula as written, when the caller knows it.
        public var formula: String?
        /// The coefficients, in estimation order.
        public var terms: [Term]
        /// Observations used.
        public var observations: Int
        /// R squared (NaN when undefined; of the demeaned response for a system with fixed effects partialled out).
        public var r2: Double
        /// Adjusted R squared (single equations).
        public var adjustedR2: Double?
        /// Within R squared (single equations with fixed effects).
        public var withinR2: Double?
        /// Residual sum of squares (weighted where the fit is).
        public var rss: Double
        /// Root mean squared error, sqrt(RSS/N) (single equations).
        public var rmse: Double?
        /// Residual degrees of freedom N - K, K counting absorbed parameters (single equations).
        public var residualDegreesOfFreedom: Int?
        /// Fixed effects absorbed (or partialled out of a system's equations), with their levels.
        public var fixedEffects: [Count]
        /// Parameters absorbed by the fixed effects (single equations).
        public var absorbedParameters: Int

        /// An equation.
        public init(name: String? = nil, response: String, formula: String? = nil, terms: [Term], observations: Int,
                    r2: Double, adjustedR2: Double? = nil, withinR2: Double? = nil, rss: Double, rmse: Double? = nil,
                    residualDegreesOfFreedom: Int? = nil, fixedEffects: [Count] = [], absorbedParameters: Int = 0) {
            self.name = name
            self.response = response
            self.formula = formula
            self.terms = terms
            self.observations = observations
            self.r2 = r2
            self.adjustedR2 = adjustedR2
            self.withinR2 = withinR2
            self.rss = rss
            self.rmse = rmse
            self.residualDegreesOfFreedom = residualDegreesOfFreedom
            self.fixedEffects = fixedEffects
            self.absorbedParameters = absorbedParameters
        }

        /// The name a term goes by outside its equation: `NAME:term` in a system, the term alone otherwise.
        public func qualifiedName(_ term: Term) -> String {
            name.map { "\($0):\(term.name)" } ?? term.name
        }

        /// The coefficient of `term` (by its name within the equation), if the equation has it.
        public func term(_ name: String) -> Term? { terms.first { $0.name == name } }
    }

    /// The F test that every slope of a single equation is zero (iid form; Wald form for 2SLS).
    public struct FTest: Codable, Equatable, Sendable {
        /// The statistic (NaN when undefined, e.g. an exact fit).
        public var statistic: Double
        /// Numerator degrees of freedom (the slopes).
        public var df1: Int
        /// Denominator degrees of freedom (N - K).
        public var df2: Int

        /// A test.
        public init(statistic: Double, df1: Int, df2: Int) {
            self.statistic = statistic
            self.df1 = df1
            self.df2 = df2
        }

        /// Its upper-tail p-value.
        public var pValue: Double { fUpperTailPValue(statistic, d1: Double(df1), d2: Double(df2)) }
    }

    /// What only a SUR system has.
    public struct System: Codable, Equatable, Sendable {
        /// Iterated to convergence (true) or one feasible GLS step.
        public var iterated: Bool
        /// GLS steps taken.
        public var iterations: Int
        /// Whether the iteration converged (always true for one step).
        public var converged: Bool
        /// The convergence tolerance asked for.
        public var tolerance: Double
        /// The divisor of the residual covariance.
        public var divisor: SURCovarianceDivisor
        /// The restrictions imposed, as written (empty for none).
        public var restrictions: [String]
        /// The system's degrees of freedom `M*T - K + R` (the t tests' when there are restrictions).
        public var degreesOfFreedom: Int
        /// The residual covariance of the last GLS step, M x M, row by row.
        public var residualCovariance: [[Double]]
        /// Rows the observations were taken from (the data file's, or the model's sample).
        public var rows: Int
        /// Candidate observations left out for a missing value in some equation (or, when pairing, no partner).
        public var droppedRows: Int
        /// The variable the equations' rows were paired by (`offshore sur --match`), if any.
        public var pairedBy: String?
        /// Parameters absorbed per equation that the geomean divisor and the degrees of freedom count
        /// (`SUROptions.absorbedParameters`); nil when none are counted.
        public var absorbedParameters: Int? = nil

        /// The divisor as a formula, with the absorbed parameters when they are counted.
        public var divisorFormula: String {
            SUROptions(divisor: divisor, absorbedParameters: absorbedParameters ?? 0).divisorFormula
        }

        /// The residual correlation matrix derived from `residualCovariance`.
        public var residualCorrelation: [[Double]] {
            residualCovariance.indices.map { i in
                residualCovariance.indices.map { j in
                    residualCovariance[i][j] / (residualCovariance[i][i] * residualCovariance[j][j]).squareRoot()
                }
            }
        }
    }

    /// What was estimated: `OLS`, `2SLS`, `First differences`, `Between` (with ` (2SLS)` for IV on those),
    /// `SUR (FGLS)` or `SUR (iterated)`.
    public var model: String
    /// The equations: one for a single-equation model, one per equation of a system.
    public var equations: [Equation]
    /// The variance estimator asked for; nil for a system (its covariance is the GLS one).
    public var vcov: VarianceEstimator?
    /// The variance estimator and its conventions in words (K, G, degrees of freedom).
    public var vcovDescription: String
    /// Clusters per clustering variable in the estimation sample.
    public var clusters: [Count]
    /// The F test of a single equation's slopes; nil when there is no slope.
    public var fTest: FTest?
    /// 2SLS: the excluded instruments, in order.
    public var instruments: [String]
    /// 2SLS: the first-stage F per endogenous regressor.
    public var firstStages: [FirstStage]
    /// Terms dropped as collinear, by name in formula order.
    public var dropped: [String]
    /// The analytic-weights variable, if the fit was weighted.
    public var weights: String?
    /// How the data's rows were used and dropped (single equations).
    public var rows: RowAccounting?
    /// A system's own details; nil for a single equation.
    public var system: System?
    /// Non-fatal problems and remarks of the fit, in words (dropped terms and why, ill-conditioning, exact fit).
    public var notes: [String]
    /// The wild cluster bootstrap, when one was run (per-term results in `Term.bootstrap`).
    public var bootstrap: Bootstrap?

    /// A record from its parts.
    public init(model: String, equations: [Equation], vcov: VarianceEstimator?, vcovDescription: String,
                clusters: [Count] = [], fTest: FTest? = nil, instruments: [String] = [], firstStages: [FirstStage] = [],
                dropped: [String] = [], weights: String? = nil, rows: RowAccounting? = nil, system: System? = nil,
                notes: [String] = []) {
        self.model = model
        self.equations = equations
        self.vcov = vcov
        self.vcovDescription = vcovDescription
        self.clusters = clusters
        self.fTest = fTest
        self.instruments = instruments
        self.firstStages = firstStages
        self.dropped = dropped
        self.weights = weights
        self.rows = rows
        self.system = system
        self.notes = notes
    }

    /// Every term of every equation in order, with the name it goes by outside its equation (`NAME:term` in a
    /// system): the rows of the CSV outputs.
    public var allTerms: [(name: String, term: Term)] {
        equations.flatMap { eq in eq.terms.map { (eq.qualifiedName($0), $0) } }
    }

    /// The variance estimator's canonical text for a single equation (`cluster:industry`), `sur` or
    /// `sur-iterated` for a system (`sur-geomean`, `sur-iterated-geomean` when its residual covariance has the
    /// degrees-of-freedom divisor `geomean`, so that tables can say so), the model (`System GMM (two-step)`) for a GMM fit, whose robust covariance
    /// has no variance estimator of its own: the `vcov` of `report.json`.
    public var vcovName: String {
        if let vcov { return vcov.name }
        guard let system else { return model }
        return (system.iterated ? "sur-iterated" : "sur") + (system.divisor == .geometricMean ? "-geomean" : "")
    }
}

extension ModelRecord {
    /// The record of a single-equation fit with its wild cluster bootstrap: each term gets its bootstrap p-values
    /// and interval, the record how the bootstrap was run.
    public init(_ r: RegressionResult, bootstrap b: WildBootstrapResult, formula: String? = nil) {
        self.init(r, formula: formula)
        for (i, term) in equations[0].terms.enumerated() {
            guard let t = b.terms.first(where: { $0.name == term.name }) else { continue }
            equations[0].terms[i].bootstrap = BootstrapInference(pValue: t.pValue, pValueEqualTailed: t.pValueEqualTailed,
                                                                 ciLow: t.ciLow, ciHigh: t.ciHigh)
        }
        bootstrap = Bootstrap(spec: b.spec, clusters: b.clusters, draws: b.draws, enumerated: b.enumerated, level: b.level,
                              description: b.description, joint: b.joint, fixedEffectsNotNested: b.fixedEffectsNotNested)
    }

    /// The record of a single-equation fit. `formula` is the formula as written, when the caller has it.
    public init(_ r: RegressionResult, formula: String? = nil) {
        let terms = r.terms.indices.map {
            Term(name: r.terms[$0], estimate: r.estimates[$0], standardError: r.standardErrors[$0], degreesOfFreedom: r.termDegreesOfFreedom[$0])
        }
        let equation = Equation(response: r.responseName, formula: formula, terms: terms, observations: r.nobs, r2: r.r2,
                                adjustedR2: r.adjustedR2, withinR2: r.withinR2, rss: r.rss, rmse: r.rmse,
                                residualDegreesOfFreedom: r.residualDegreesOfFreedom,
                                fixedEffects: r.fixedEffects.map { Count(name: $0.name, count: $0.levels) },
                                absorbedParameters: r.absorbedParameters)
        self.init(model: r.model, equations: [equation], vcov: r.varianceEstimator, vcovDescription: r.vcovDescription,
                  clusters: r.clusters.map { Count(name: $0.name, count: $0.count) },
                  fTest: r.fDf1 > 0 ? FTest(statistic: r.fStatistic, df1: r.fDf1, df2: r.fDf2) : nil,
                  instruments: r.instruments, firstStages: r.firstStages, dropped: r.dropped, weights: r.weightsName,
                  rows: r.accounting, notes: r.warnings)
    }

    /// The record of a fitted SUR system.
    /// - Parameters:
    ///   - responses: each equation's dependent variable (default: the equation's name).
    ///   - formulas: each equation's formula as written, when known.
    ///   - fixedEffects: fixed effects partialled out of every equation before SUR, with their levels.
    ///   - rows: rows the observations were taken from; `droppedRows`: candidate observations left out;
    ///     `pairedBy`: the variable the equations' rows were paired by.
    public init(_ fit: SURFit, responses: [String] = [], formulas: [String] = [], fixedEffects: [Count] = [],
                rows: Int, droppedRows: Int, pairedBy: String? = nil) {
        let equations = fit.equations.enumerated().map { k, eq in
            Equation(name: eq.name, response: k < responses.count ? responses[k] : eq.name,
                     formula: k < formulas.count ? formulas[k] : nil,
                     terms: fit.coefficients.filter { $0.equation == eq.name }.map {
                         Term(name: $0.term, estimate: $0.estimate, standardError: $0.stdError, degreesOfFreedom: Double($0.degreesOfFreedom))
                     },
                     observations: eq.observations, r2: eq.r2, rss: eq.ssr, fixedEffects: fixedEffects)
        }
        let sigma = fit.residualCovariance
        var system = System(iterated: fit.options.iterate, iterations: fit.iterations, converged: fit.converged,
                            tolerance: fit.options.tolerance, divisor: fit.options.divisor,
                            restrictions: fit.restrictions?.texts ?? [], degreesOfFreedom: fit.systemDegreesOfFreedom,
                            residualCovariance: (0..<sigma.rows).map { sigma.row($0) }, rows: rows,
                            droppedRows: droppedRows, pairedBy: pairedBy)
        if fit.options.divisor == .geometricMean, fit.options.absorbedParameters > 0 { system.absorbedParameters = fit.options.absorbedParameters }
        self.init(model: fit.options.iterate ? "SUR (iterated)" : "SUR (FGLS)", equations: equations, vcov: nil,
                  vcovDescription: "GLS, residual covariance with divisor \(fit.options.divisorFormula)", system: system)
    }
}

/// The two-sided critical value of Student's t: the `c` with `P(|T| > c) = 1 - level` for `df` degrees of freedom
/// (bisection on `studentTwoSidedPValue` to full precision; NaN for `df <= 0` or NaN).
public func studentCritical(level: Double, df: Double) -> Double {
    guard df > 0, level > 0, level < 1 else { return .nan }
    let target = 1 - level
    var lo = 0.0, hi = 1.0
    while studentTwoSidedPValue(hi, df: df) > target {
        lo = hi
        hi *= 2
        if hi > 1e300 { return .infinity }
    }
    for _ in 0..<200 {
        let mid = lo + (hi - lo) / 2
        if mid == lo || mid == hi { break }
        if studentTwoSidedPValue(mid, df: df) > target { lo = mid } else { hi = mid }
    }
    return lo + (hi - lo) / 2
}
