import Linalg

/// The first stage of 2SLS for one endogenous regressor: the F statistic of its excluded instruments, in its
/// iid form and, when the model's variance estimator is not iid, in the robust form of that estimator.
public struct FirstStage: Codable, Equatable, Sendable {
    /// The endogenous regressor.
    public var endogenous: String
    /// F statistic that the excluded instruments' coefficients are all zero (iid form, fixed effects partialled out).
    public var f: Double
    /// Numerator degrees of freedom (number of excluded instruments).
    public var df1: Int
    /// Denominator degrees of freedom (N - K of the first-stage regression).
    public var df2: Int
    /// The robust Wald F of the same hypothesis, `W / q` with `W = pi' V^-1 pi` over the excluded instruments'
    /// coefficients `pi` and `V` their covariance by the model's variance estimator (HC, cluster-robust with its
    /// small-sample factor, Driscoll-Kraay) in the first-stage regression; nil when the model's estimator is
    /// iid. With one endogenous regressor this is the Kleibergen-Paap rk Wald F (Kleibergen and Paap 2006
    /// reduce to the robust Wald test of the first stage then), up to the small-sample factor: here the model's
    /// own (CR1: `G/(G-1) (N-1)/(N-K)`); it is linearmodels' first-stage `f.stat / q` and R ivreg's robust
    /// weak-instruments F.
    public var robustF: Double?
    /// The robust F's denominator degrees of freedom: G - 1 clustered (the smallest G), N - K otherwise
    /// (the model's t-test degrees of freedom); nil without a robust F.
    public var robustDf2: Double?
    /// The estimator of the robust F in words, e.g. `cluster-robust (CR1, by industry)`; nil without a robust F.
    public var robustKind: String?

    /// A first stage's test (iid form only).
    public init(endogenous: String, f: Double, df1: Int, df2: Int) {
        self.endogenous = endogenous
        self.f = f
        self.df1 = df1
        self.df2 = df2
    }

    /// A first stage's test with its robust form.
    public init(endogenous: String, f: Double, df1: Int, df2: Int, robustF: Double?, robustDf2: Double?, robustKind: String?) {
        self.init(endogenous: endogenous, f: f, df1: df1, df2: df2)
        self.robustF = robustF
        self.robustDf2 = robustDf2
        self.robustKind = robustKind
    }

    /// Upper-tail p-value of `f`, derived from it and its degrees of freedom.
    public var pValue: Double { fUpperTailPValue(f, d1: Double(df1), d2: Double(df2)) }

    /// Upper-tail p-value of `robustF` from F(df1, robustDf2); nil without a robust F.
    public var robustPValue: Double? {
        guard let rf = robustF, let d2 = robustDf2 else { return nil }
        return fUpperTailPValue(rf, d1: Double(df1), d2: d2)
    }
}

/// Everything an estimation reports: coefficients with standard errors, t statistics and p-values, fit
/// statistics, the sample, and the conventions used.
///
/// Conventions: p-values are two-sided from Student's t with `tDegreesOfFreedom` (fixest: G-1 with the
/// smallest number of clusters when clustered, N-K otherwise). R2 is centred (uncentred when the model has
/// neither intercept nor fixed effect); within R2 is 1 - RSS/TSS of the demeaned response; adjusted R2 is
/// 1 - (1-R2)(N-1)/(N-K) with K counting absorbed effects; RMSE is sqrt(RSS/N) (fixest), `sigma` is
/// sqrt(RSS/(N-K)). With weights, sums of squares are weighted.
///
/// Edge cases (issue 9), never a crash or a NaN shown as a number: every term dropped as collinear is in
/// `dropped` with a note in `warnings` saying why (zero in every observation, constant within the fixed effects,
/// or `1 - R^2` on the terms before it below 1e-10, fixest's rule); a kept design whose unit-length columns have
/// a condition number above 1e4 gets a note on the digits lost. An exact fit has standard errors exactly 0 and
/// its t statistics, p-values and F statistic NaN (shown as NA) with a note; a response without variation has R2
/// (and within it, the within R2) NaN with a note. N <= K (no residual degrees of freedom) is an `InputError`
/// naming N and K, where R's lm would print NaN standard errors.
public struct RegressionResult {
    /// What was estimated: "OLS", "2SLS", "First differences", "Between" (with " (2SLS)" for IV on those).
    public var model: String
    /// The response's name.
    public var responseName: String
    /// Names of the estimated coefficients, in formula order (`(Intercept)` first where there is one).
    public var terms: [String]
    /// Estimates, parallel to `terms`.
    public var estimates: [Double]
    /// Standard errors.
    public var standardErrors: [Double]
    /// t statistics, derived from `estimates` and `standardErrors` when the result is made
    /// (`ModelRecord.Term.tStatistic`: NaN where the standard error is 0, as for an exact fit).
    public private(set) var tValues: [Double]
    /// Two-sided p-values, derived from `tValues` and `tDegreesOfFreedom` when the result is made.
    public private(set) var pValues: [Double]
    /// Covariance of the estimates.
    public var vcov: Matrix
    /// The variance estimator and its small-sample convention, in words.
    public var vcovDescription: String
    /// The variance estimator used.
    public var varianceEstimator: VarianceEstimator
    /// Terms dropped as collinear (by name, in formula order).
    public var dropped: [String]
    /// Observations used.
    public var nobs: Int
    /// Degrees of freedom of the t tests (with CR2, the smallest of `termDegreesOfFreedom`).
    public var tDegreesOfFreedom: Double
    /// Degrees of freedom of each coefficient's t test, parallel to `terms`: `tDegreesOfFreedom` for every
    /// term, except with CR2, whose Satterthwaite degrees of freedom differ per coefficient.
    public private(set) var termDegreesOfFreedom: [Double]
    /// Residual degrees of freedom N - K (K: estimated coefficients plus absorbed fixed-effect parameters).
    public var residualDegreesOfFreedom: Int
    /// Parameters absorbed by the fixed effects.
    public var absorbedParameters: Int
    /// R squared.
    public var r2: Double
    /// Adjusted R squared.
    public var adjustedR2: Double
    /// Within R squared (nil without fixed effects).
    public var withinR2: Double?
    /// Root mean squared error, sqrt(RSS/N).
    public var rmse: Double
    /// Residual standard error, sqrt(RSS/(N-K)).
    public var sigma: Double
    /// Residual sum of squares.
    public var rss: Double
    /// F statistic that all slope coefficients are zero (iid form), with its degrees of freedom and p-value.
    public var fStatistic: Double
    /// Numerator degrees of freedom of `fStatistic`.
    public var fDf1: Int
    /// Denominator degrees of freedom of `fStatistic`.
    public var fDf2: Int
    /// Fixed effects absorbed: name and number of levels.
    public var fixedEffects: [(name: String, levels: Int)]
    /// Clusters per clustering variable.
    public var clusters: [(name: String, count: Int)]
    /// How rows were used and dropped.
    public var accounting: RowAccounting
    /// 2SLS only: excluded instruments, in order.
    public var instruments: [String]
    /// 2SLS only: first-stage F per endogenous regressor.
    public var firstStages: [FirstStage]
    /// Non-fatal problems (e.g. demeaning hit its iteration cap, ill-conditioned design).
    public var warnings: [String]
    /// The analytic-weights variable, if the estimation was weighted.
    public var weightsName: String? = nil

    /// The result of a fit; t statistics and p-values are derived here from the estimates, standard errors and
    /// degrees of freedom.
    init(model: String, responseName: String, terms: [String], estimates: [Double], standardErrors: [Double],
         vcov: Matrix, vcovDescription: String, varianceEstimator: VarianceEstimator, dropped: [String], nobs: Int,
         tDegreesOfFreedom: Double, residualDegreesOfFreedom: Int, absorbedParameters: Int, r2: Double,
         adjustedR2: Double, withinR2: Double?, rmse: Double, sigma: Double, rss: Double, fStatistic: Double,
         fDf1: Int, fDf2: Int, fixedEffects: [(name: String, levels: Int)], clusters: [(name: String, count: Int)],
         accounting: RowAccounting, instruments: [String], firstStages: [FirstStage], warnings: [String],
         termDegreesOfFreedom: [Double]? = nil) {
        self.model = model
        self.responseName = responseName
        self.terms = terms
        self.estimates = estimates
        self.standardErrors = standardErrors
        let t = zip(estimates, standardErrors).map { ModelRecord.Term.tStatistic(estimate: $0, standardError: $1) }
        self.tValues = t
        let dfs = termDegreesOfFreedom ?? Array(repeating: tDegreesOfFreedom, count: t.count)
        self.termDegreesOfFreedom = dfs
        self.pValues = zip(t, dfs).map { studentTwoSidedPValue($0, df: $1) }
        self.vcov = vcov
        self.vcovDescription = vcovDescription
        self.varianceEstimator = varianceEstimator
        self.dropped = dropped
        self.nobs = nobs
        self.tDegreesOfFreedom = tDegreesOfFreedom
        self.residualDegreesOfFreedom = residualDegreesOfFreedom
        self.absorbedParameters = absorbedParameters
        self.r2 = r2
        self.adjustedR2 = adjustedR2
        self.withinR2 = withinR2
        self.rmse = rmse
        self.sigma = sigma
        self.rss = rss
        self.fStatistic = fStatistic
        self.fDf1 = fDf1
        self.fDf2 = fDf2
        self.fixedEffects = fixedEffects
        self.clusters = clusters
        self.accounting = accounting
        self.instruments = instruments
        self.firstStages = firstStages
        self.warnings = warnings
    }

    /// p-value of `fStatistic`, derived from it and its degrees of freedom.
    public var fPValue: Double { fUpperTailPValue(fStatistic, d1: Double(fDf1), d2: Double(fDf2)) }

    /// The row of a coefficient by name, if it was estimated.
    public func index(of term: String) -> Int? { terms.firstIndex(of: term) }
}
