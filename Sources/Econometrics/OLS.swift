import DataIO
import Foundation
import Linalg

/// Which panel transformation to estimate on.
public enum PanelModel: String, Equatable, CaseIterable {
    /// Levels: pooled OLS, or within (fixed effects absorbed) when the formula has a `|` part.
    case levels = "ols"
    /// First differences within entity, x_t - x_{t-1} over consecutive periods (gaps give no difference);
    /// an intercept is kept unless the formula removes it (as plm's "fd" model does).
    case firstDifferences = "fd"
    /// Between: one observation per entity, the means of its complete rows (plm's "between").
    case between = "between"
}

/// Options of an estimation.
public struct RegressionOptions: Equatable {
    /// The variance estimator.
    public var vcov: VarianceEstimator
    /// The analytic-weights variable, if any.
    public var weights: String?
    /// Drop observations alone in a fixed-effect level (and count them).
    public var dropSingletons: Bool
    /// The panel transformation.
    public var model: PanelModel
    /// Relative tolerance for demeaning with several fixed effects.
    public var tolerance: Double

    /// Options with defaults: iid errors, no weights, singletons kept, levels, tolerance 1e-10.
    public init(vcov: VarianceEstimator = .iid, weights: String? = nil, dropSingletons: Bool = false,
                model: PanelModel = .levels, tolerance: Double = 1e-10) {
        self.vcov = vcov
        self.weights = weights
        self.dropSingletons = dropSingletons
        self.model = model
        self.tolerance = tolerance
    }
}

/// Estimates `formula` on `data`: OLS or 2SLS (when the formula has an IV part), with fixed effects absorbed,
/// analytic weights, first differences or between as asked, and the chosen standard errors.
/// Throws `InputError` for problems with the data or formula (unknown variables, nothing left to estimate).
public func regress(formula: Formula, data: DataFrame, panel: Panel? = nil,
                    options: RegressionOptions = RegressionOptions()) throws -> RegressionResult {
    try regress(frame: try ModelFrame(formula: formula, data: data, panel: panel), data: data, panel: panel, options: options)
}

/// Estimates an evaluated formula (`frame`, evaluated on `data`): the part of `regress(formula:...)` after
/// the formula's evaluation, shared with `PreparedRegression`.
func regress(frame: ModelFrame, data: DataFrame, panel: Panel?, options: RegressionOptions,
             index: (() throws -> PanelIndex)? = nil, memo: DemeaningMemo? = nil) throws -> RegressionResult {
    let clusters = try clusterFactors(frame: frame, data: data, panel: panel, vcov: options.vcov)
    let design = try estimationDesign(frame: frame, data: data, panel: panel, options: options, required: clusters, index: index)
    let sampleClusters = clusters.map { $0.selecting(rows: design.rows) }
    // The design is handed over (not copied): its columns are demeaned where they lie (issue 22).
    return finish(try fit(design: consume design, clusters: sampleClusters, vcov: options.vcov, tolerance: options.tolerance, memo: memo),
                  options: options)
}

/// `regress(frame:data:panel:options:index:memo:)` with each of `vcovs` in place of `options.vcov`, one result
/// each (an estimator that fails, e.g. clusters too few, fails alone): the same numbers, bit for bit, as that
/// many separate regressions. The design, the demeaning, the least squares and the collinearity checks do not
/// depend on the variance estimator, so they are computed once when no cluster variable of any estimator has
/// a missing value (then no estimator's cluster variables drop a row, and every estimator has the same sample);
/// otherwise each estimator is a regression of its own. A sensitivity grid's standard-error variants use it.
func regress(frame: ModelFrame, data: DataFrame, panel: Panel?, options: RegressionOptions, vcovs: [VarianceEstimator],
             index: (() throws -> PanelIndex)? = nil, memo: DemeaningMemo? = nil) throws -> [Result<RegressionResult, Error>] {
    func alone() -> [Result<RegressionResult, Error>] {
        vcovs.map { v in
            Result {
                var o = options
                o.vcov = v
                return try regress(frame: frame, data: data, panel: panel, options: o, index: index, memo: memo)
            }
        }
    }
    var clusterSets: [[Factor]] = []
    for v in vcovs {
        guard let c = try? clusterFactors(frame: frame, data: data, panel: panel, vcov: v),
              c.allSatisfy({ !$0.codes.contains(-1) }) else { return alone() }
        clusterSets.append(c)
    }
    let design = try estimationDesign(frame: frame, data: data, panel: panel, options: options, required: [], index: index)
    let sampleSets = clusterSets.map { $0.map { $0.selecting(rows: design.rows) } }
    return try fit(design: consume design, clusterSets: sampleSets, vcovs: vcovs, tolerance: options.tolerance, memo: memo)
        .map { $0.map { finish($0, options: options) } }
}

/// The factors the variance estimator `vcov` sums scores by: its cluster variables (a cluster variable absorbed as
/// a fixed effect of its own is that factor already), and for Driscoll-Kraay the panel's time variable.
private func clusterFactors(frame: ModelFrame, data: DataFrame, panel: Panel?, vcov: VarianceEstimator) throws -> [Factor] {
    var clusters: [Factor] = []
    for name in vcov.clusterVariables {
        // A cluster variable absorbed as a fixed effect of its own is that factor already (the same
        // `data.factor(name)`): shared, not built a second time (issue 22).
        if frame.fixedEffects.count == frame.formula.fixedEffects.count,
           let k = frame.formula.fixedEffects.firstIndex(where: { $0.variables == [name] }) {
            clusters.append(frame.fixedEffects[k])
            continue
        }
        do { clusters.append(try data.factor(name)) } catch var e as InputError {
            e.message = "cluster variable: " + e.message
            throw e
        }
    }
    if vcov.needsPanelTime {
        // Driscoll-Kraay sums the scores per period: the panel's time variable takes the place of a cluster.
        guard let panel else {
            throw InputError(key: "vcov", "Driscoll-Kraay standard errors (\(vcov.name)) need the panel's time variable: give --panel ENTITY,TIME (panel = in a config)")
        }
        do { clusters.append(try data.factor(panel.time)) } catch var e as InputError {
            e.message = "panel time variable: " + e.message
            throw e
        }
    }
    return clusters
}

/// The design a regression is fitted on: the complete rows (with the `required` factors present), then first
/// differences or between means as `options.model` asks.
private func estimationDesign(frame: ModelFrame, data: DataFrame, panel: Panel?, options: RegressionOptions, required: [Factor],
                              index: (() throws -> PanelIndex)?) throws -> Design {
    var weights: [Double]? = nil
    if let w = options.weights { weights = try data.numeric(w) }
    var design = try frame.design(weights: weights, weightsName: options.weights ?? "weights", required: required,
                                  dropSingletons: options.dropSingletons)
    switch options.model {
    case .levels: break
    case .firstDifferences, .between:
        guard let panel else {
            throw InputError(key: "panel", "the \(options.model == .between ? "between" : "first-difference") estimator needs --panel ENTITY,TIME")
        }
        guard design.fixedEffects.isEmpty else {
            throw InputError(key: "formula", "fixed effects cannot be combined with the \(options.model.rawValue) estimator (it removes them already)")
        }
        let index = try index?() ?? PanelIndex(data: data, panel: panel)
        if options.model == .firstDifferences {
            design = try firstDifferences(design, index: index, interceptWanted: frame.formula.hasIntercept)
        } else {
            guard weights == nil else { throw InputError(key: "weights", "weights are not supported by the between estimator") }
            design = try betweenMeans(design, index: index)
        }
    }
    return design
}

/// A fit's result named as `options` ran it (the panel transformation, the weights variable).
private func finish(_ fitted: RegressionResult, options: RegressionOptions) -> RegressionResult {
    var result = fitted
    switch options.model {
    case .levels: break
    case .firstDifferences: result.model = "First differences" + (result.model == "2SLS" ? " (2SLS)" : "")
    case .between: result.model = "Between" + (result.model == "2SLS" ? " (2SLS)" : "")
    }
    result.weightsName = options.weights
    return result
}

/// Weighted Euclidean norms of a matrix's columns.
func columnNorms(_ m: Matrix, weights: [Double]?) -> [Double] {
    let n = m.rows
    return m.storage.withUnsafeBufferPointer { a in
        (0..<m.cols).map { j in
            var s = 0.0
            if let w = weights {
                for i in 0..<n { let v = a[j * n + i]; s += w[i] * v * v }
            } else {
                for i in 0..<n { let v = a[j * n + i]; s += v * v }
            }
            return s.squareRoot()
        }
    }
}

/// Multiplies each row by the square root of its weight.
func scaleRows(_ m: inout Matrix, _ sw: [Double]?) {
    guard let sw else { return }
    for j in 0..<m.cols { for i in 0..<m.rows { m[i, j] *= sw[i] } }
}

/// Columns side by side.
func hstack(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    try Matrix(rows: a.rows, cols: a.cols + b.cols, columnMajor: a.storage + b.storage)
}

/// Samples with at least this many observations may be fitted by the normal equations (see
/// `LeastSquares.byNormalEquations`); smaller ones always by QR.
let normalEquationsMinimumRows = 100_000

/// Estimates on a prepared design: demean, weight, QR with collinearity detection (names of dropped terms),
/// 2SLS when the design has endogenous regressors, then variance and fit statistics.
/// With Driscoll-Kraay (`vcov` `.driscollKraay`), `clusters` holds the one time factor the scores are summed by.
public func fit(design: Design, clusters: [Factor] = [], vcov spec: VarianceEstimator = .iid,
                tolerance: Double = 1e-10) throws -> RegressionResult {
    try fit(design: design, clusters: clusters, vcov: spec, tolerance: tolerance, memo: nil)
}

/// `fit(design:clusters:vcov:tolerance:)`, reusing the demeaned columns of `memo` where they apply.
///
/// The stages, each a function below: `absorbAndWeight` (fixed effects partialled out of every column, rows
/// scaled by the square roots of the weights), `solve` (least squares or 2SLS with its first stages),
/// `keptTerms` (the terms dropped as collinear and why; N > K checked), `estimateVariance` (condition number,
/// the covariance of the chosen estimator, standard errors), `fitStatistics` (R2, within R2, F), and the result.
///
/// `design` is consumed: when the caller hands over its only reference (`consume`), the regressor, endogenous and
/// instrument matrices are transformed in place instead of copied (the design keeps its names, rows, response
/// and fixed effects; its matrices are left empty).
func fit(design: consuming Design, clusters: [Factor], vcov spec: VarianceEstimator, tolerance: Double, memo: DemeaningMemo?) throws -> RegressionResult {
    try fit(design: design, clusterSets: [clusters], vcovs: [spec], tolerance: tolerance, memo: memo)[0].get()
}

/// `fit(design:clusters:vcov:tolerance:memo:)` for each variance estimator of `vcovs` (with the factors of
/// `clusterSets` at the same place): the stages up to the collinearity checks once, then the variance, the fit
/// statistics and the result per estimator. A failure of those first stages is thrown; one estimator's failure
/// is its result.
func fit(design: consuming Design, clusterSets: [[Factor]], vcovs: [VarianceEstimator], tolerance: Double,
         memo: DemeaningMemo?) throws -> [Result<RegressionResult, Error>] {
    let absorbed = try absorbAndWeight(&design, tolerance: tolerance, memo: memo)
    let solution = try solve(design, absorbed)
    let kept = try keptTerms(design, absorbed, solution)
    return zip(vcovs, clusterSets).map { spec, clusters in
        Result { try result(design, absorbed, solution, kept, spec: spec, clusters: clusters) }
    }
}

/// The result of a fit with the variance estimator `spec`: its covariance and standard errors, the fit
/// statistics, the first stages' robust F, all back in the data's units.
private func result(_ design: borrowing Design, _ absorbed: AbsorbedDesign, _ solution: Solution, _ kept: KeptTerms,
                    spec: VarianceEstimator, clusters: [Factor]) throws -> RegressionResult {
    let variance = try estimateVariance(design, absorbed, solution, kept, spec: spec, clusters: clusters)
    var stats = try fitStatistics(design, absorbed, solution, kept, variance)
    // Back to the data's units: coefficient j times its column's scale, the covariance D V D, the weighted RSS
    // times the weights' scale (all powers of two, so exact).
    let d = solution.ls.kept.map { solution.columnScale[$0] }
    let estimates = zip(solution.ls.coefficients, d).map { $0 * $1 }
    let standardErrors = zip(variance.standardErrors, d).map { $0 * $1 }
    var vcov = variance.estimate.matrix
    for j in 0..<vcov.cols { for i in 0..<vcov.rows { vcov[i, j] = (vcov[i, j] * d[i]) * d[j] } }
    stats.rss *= absorbed.weightScale
    let n = design.nobs
    let warnings = absorbed.warnings + kept.warnings + variance.warnings + stats.warnings
    return RegressionResult(
        model: solution.isIV ? "2SLS" : "OLS", responseName: design.responseName, terms: kept.names,
        estimates: estimates, standardErrors: standardErrors, vcov: vcov,
        vcovDescription: variance.estimate.description, varianceEstimator: spec, dropped: kept.dropped, nobs: n,
        tDegreesOfFreedom: variance.estimate.tDegreesOfFreedom, residualDegreesOfFreedom: kept.residualDegreesOfFreedom,
        absorbedParameters: kept.absorbedParameters, r2: stats.r2, adjustedR2: stats.adjustedR2, withinR2: stats.withinR2,
        rmse: (stats.rss / Double(n)).squareRoot(), sigma: (stats.rss / Double(kept.residualDegreesOfFreedom)).squareRoot(),
        rss: stats.rss, fStatistic: stats.f, fDf1: stats.slopes, fDf2: kept.residualDegreesOfFreedom,
        fixedEffects: design.fixedEffects.map { ($0.name, $0.levelCount) },
        clusters: variance.estimate.clusterCounts.map { (name: $0.0, count: $0.1) }, accounting: design.accounting,
        instruments: design.instrumentNames,
        firstStages: try firstStagesWithRobustF(absorbed, solution, spec: spec, clusters: clusters), warnings: warnings,
        termDegreesOfFreedom: variance.estimate.termDegreesOfFreedom)
}

/// The design's columns with the fixed effects partialled out and the rows scaled by the square roots of the
/// weights (stage 1 of `fit`), with the columns' weighted norms before demeaning (the collinearity scales).
///
/// Scale (issue 14): least squares is invariant to the units of a regressor and of the weights, but floating
/// point is not: a column times 1e150 overflows its sum of squares, one times 1e-170 underflows it, weights of
/// 1e300 overflow the weighted sums. So every regressor, endogenous regressor and instrument is multiplied by
/// a power of two that brings its largest absolute value into [1, 2), and the weights by an even power of two
/// that brings the largest into [1, 4), before anything else; the fit runs on those columns and `fit` scales
/// the coefficients, covariance and RSS back. Powers of two change no digit (every product, sum, square root
/// and the demeaning's relative tolerance scale exactly), so results on ordinary data are bit for bit those
/// of the unscaled computation; only values that would have overflowed or underflowed change.
private struct AbsorbedDesign {
    /// Exogenous regressors, endogenous regressors, excluded instruments and the response, transformed.
    var x: Matrix, e: Matrix, z: Matrix, y: [Double]
    /// The power of two each column of `x`, `e`, `z` was multiplied by.
    let scaleX: [Double], scaleE: [Double], scaleZ: [Double]
    /// The weights the fit used (the design's, times `1 / weightScale`), or nil.
    let weights: [Double]?
    /// The power of two the weights were divided by (1 without weights): weighted sums of squares times this
    /// are in the data's units.
    let weightScale: Double
    /// Weighted norms of the columns of `x`, `e`, `z` before demeaning.
    let normsX: [Double], normsE: [Double], normsZ: [Double]
    /// The fixed effects' absorber (its degrees of freedom count the absorbed parameters).
    let absorber: FixedEffectsAbsorber
    /// Non-fatal problems (demeaning did not converge).
    let warnings: [String]
}

/// Stage 1: every column (regressors, endogenous, instruments, response) demeaned at once, split across the
/// cores, then weighted.
/// The design's matrices are taken out of it (left empty), so that when nothing else holds them they are
/// transformed where they lie: at 10^7 rows and 5 regressors that is 400 MB less at the peak (issue 22). The
/// response is copied (the design keeps it for the total sum of squares).
private func absorbAndWeight(_ design: inout Design, tolerance: Double, memo: DemeaningMemo?) throws -> AbsorbedDesign {
    let n = design.nobs
    let (w, weightScale) = try normalizedWeights(design.weights)
    let sw = w.map { $0.map { $0.squareRoot() } }
    var x = design.x
    var e = design.endogenous
    var z = design.instruments
    design.x = Matrix(rows: n, cols: 0)
    design.endogenous = Matrix(rows: n, cols: 0)
    design.instruments = Matrix(rows: n, cols: 0)
    var y = design.y
    let scaleX = scaleColumnsByPowersOfTwo(&x), scaleE = scaleColumnsByPowersOfTwo(&e), scaleZ = scaleColumnsByPowersOfTwo(&z)
    let normsX = columnNorms(x, weights: w), normsE = columnNorms(e, weights: w), normsZ = columnNorms(z, weights: w)
    var warnings: [String] = []
    let absorber = FixedEffectsAbsorber(factors: design.fixedEffects, weights: w, tolerance: tolerance)
    if !design.fixedEffects.isEmpty {
        let sweeps = x.storage.withUnsafeMutableBufferPointer { xs in
            e.storage.withUnsafeMutableBufferPointer { es in
                z.storage.withUnsafeMutableBufferPointer { zs in
                    y.withUnsafeMutableBufferPointer { ys -> Int in
                        var cols: [UnsafeMutableBufferPointer<Double>] = []
                        for (buffer, count) in [(xs, x.cols), (es, e.cols), (zs, z.cols)] {
                            guard let base = buffer.baseAddress else { continue }
                            for j in 0..<count { cols.append(UnsafeMutableBufferPointer(start: base + j * n, count: n)) }
                        }
                        cols.append(ys)
                        return memo?.demean(columns: cols, absorber: absorber, rows: design.rows, weights: w) ?? absorber.demean(columns: cols)
                    }
                }
            }
        }
        if absorber.didNotConverge(sweeps) {
            warnings.append("demeaning did not converge within \(absorber.maxIterations) sweeps (tolerance \(tolerance)); estimates may be inaccurate")
        }
    }
    scaleRows(&x, sw); scaleRows(&e, sw); scaleRows(&z, sw)
    if let sw { for i in 0..<n { y[i] *= sw[i] } }
    return AbsorbedDesign(x: x, e: e, z: z, y: y, scaleX: scaleX, scaleE: scaleE, scaleZ: scaleZ, weights: w,
                          weightScale: weightScale, normsX: normsX, normsE: normsE, normsZ: normsZ, absorber: absorber,
                          warnings: warnings)
}

/// The power of two `2^-e` that brings `largest` (positive, finite) into [1, 2), kept within [2^-1000, 2^1000].
func powerOfTwoScale(largest: Double) -> Double {
    guard largest > 0, largest.isFinite else { return 1 }
    return Double(sign: .plus, exponent: -min(1000, max(-1000, Int(largest.exponent))), significand: 1)
}

/// Multiplies each column by the power of two that brings its largest absolute value into [1, 2) (columns of
/// zeros or with non-finite values are left alone); returns the factors. Exact: no digit changes.
func scaleColumnsByPowersOfTwo(_ m: inout Matrix) -> [Double] {
    let n = m.rows
    return m.storage.withUnsafeMutableBufferPointer { a in
        (0..<m.cols).map { j -> Double in
            var largest = 0.0
            for i in 0..<n { largest = max(largest, abs(a[j * n + i])) }
            let d = powerOfTwoScale(largest: largest)
            if d != 1 { for i in 0..<n { a[j * n + i] *= d } }
            return d
        }
    }
}

/// The weights divided by the even power of two `s` that brings the largest into [1, 4) (even, so that the
/// square roots scale exactly too), and `s`. Weighted least squares does not depend on the weights' units, but
/// a subnormal weight (below 2.2e-308) carries fewer than 53 bits and is not the number written, and weights
/// spanning more than 2^1020 cannot share one scale: both are refused with the reason.
func normalizedWeights(_ weights: [Double]?) throws -> ([Double]?, Double) {
    guard let w = weights else { return (nil, 1) }
    var largest = 0.0
    for v in w {
        if v > 0 && v < Double.leastNormalMagnitude {
            throw InputError(key: "weights", "weight \(v) is subnormal (below \(Double.leastNormalMagnitude)): it keeps fewer than 53 significant bits, so the weights cannot be represented as written; multiply all weights by a common factor (weighted least squares does not depend on it)")
        }
        largest = max(largest, v)
    }
    guard largest > 0, largest.isFinite else { return (w, 1) }
    var e = Int(largest.exponent)
    e -= ((e % 2) + 2) % 2
    if e == 0 { return (w, 1) }
    let down = Double(sign: .plus, exponent: -e, significand: 1)
    let scaled = w.map { $0 * down }
    if let v = scaled.first(where: { $0 > 0 && $0 < Double.leastNormalMagnitude }), let i = scaled.firstIndex(of: v) {
        throw InputError(key: "weights", "the weights span too wide a range to be used together: \(w[i]) is more than 2^1020 times smaller than the largest weight \(largest)")
    }
    return (scaled, Double(sign: .plus, exponent: e, significand: 1))
}

/// The least-squares solution of stage 2.
private struct Solution {
    /// True for 2SLS.
    let isIV: Bool
    /// Every regressor's name in output order: the intercept, the endogenous regressors, the other exogenous ones.
    let names: [String]
    /// Their collinearity scales (weighted norms before demeaning), in the same order.
    let scale: [Double]
    /// The power of two each of them was multiplied by (see `AbsorbedDesign`), in the same order.
    let columnScale: [Double]
    /// The fit (for 2SLS, the second stage on the fitted endogenous regressors).
    let ls: LeastSquares
    /// The matrix the fit was computed on (all columns, for 2SLS with the fitted endogenous ones).
    let lsDesign: Matrix
    /// Residuals on the transformed scale (for 2SLS with the actual endogenous regressors).
    let residuals: [Double]
    /// The kept columns the variance is built from (for 2SLS the fitted ones).
    let scores: Matrix
    /// 2SLS: the first stage per endogenous regressor.
    let firstStages: [FirstStage]
    /// 2SLS: the first-stage fits, one per endogenous regressor, on `firstStageDesign` (for their robust F).
    var firstStageFits: [LeastSquares] = []
    /// 2SLS: the first stages' regressors, the exogenous columns then the excluded instruments.
    var firstStageDesign: Matrix? = nil
}

/// Stage 2: the columns in output order (fixest puts the instrumented variables first), then least squares or
/// 2SLS with its first stages.
private func solve(_ design: Design, _ a: AbsorbedDesign) throws -> Solution {
    let n = design.nobs
    let isIV = !design.endogenousNames.isEmpty
    let interceptCols = design.hasIntercept ? 1 : 0
    let exoNames = design.names
    let x = a.x, e = a.e, z = a.z, y = a.y
    let names: [String] = Array(exoNames.prefix(interceptCols)) + design.endogenousNames + Array(exoNames.dropFirst(interceptCols))
    /// The intercept, then `middle`, then the other exogenous columns.
    func around(_ middle: Matrix) throws -> Matrix {
        try hstack(try hstack(x.selectingColumns(Array(0..<interceptCols)), middle),
                   x.selectingColumns(Array(interceptCols..<x.cols)))
    }
    // Without endogenous regressors the columns are already in output order: no copy.
    let full = e.cols == 0 ? x : try around(e)
    let scale = Array(a.normsX.prefix(interceptCols)) + a.normsE + Array(a.normsX.dropFirst(interceptCols))
    let columnScale = Array(a.scaleX.prefix(interceptCols)) + a.scaleE + Array(a.scaleX.dropFirst(interceptCols))

    guard isIV else {
        // Tall designs: the cross-product by dsyrk and a Cholesky solve when that is numerically safe (checked
        // on the equilibrated X'X); otherwise, and always for small samples, QR with collinearity detection.
        let ls: LeastSquares
        if n >= normalEquationsMinimumRows, let fast = try LeastSquares.byNormalEquations(x: full, y: y, scale: scale) {
            ls = fast
        } else {
            ls = try LeastSquares(x: full, y: y, scale: scale)
        }
        return Solution(isIV: false, names: names, scale: scale, columnScale: columnScale, ls: ls, lsDesign: full, residuals: ls.residuals,
                        scores: ls.kept.count == full.cols ? full : full.selectingColumns(ls.kept), firstStages: [])
    }
    // First stages: each endogenous variable on all exogenous columns and the instruments.
    var firstStages: [FirstStage] = []
    let zFull = try hstack(x, z)
    let zScale = a.normsX + a.normsZ
    let restricted = try LeastSquares(x: x, y: Array(repeating: 0, count: n), scale: a.normsX)
    var fitted = e
    var firstStageFits: [LeastSquares] = []
    for j in 0..<e.cols {
        let ej = e.column(j)
        let u = try LeastSquares(x: zFull, y: ej, scale: zScale)
        firstStageFits.append(u)
        let r = try LeastSquares(x: x, y: ej, scale: a.normsX)
        for i in 0..<n { fitted[i, j] = ej[i] - u.residuals[i] }
        let q = u.kept.count - restricted.kept.count
        let df2 = n - u.kept.count - a.absorber.degreesOfFreedom
        let f = q > 0 && df2 > 0 ? ((r.rss - u.rss) / Double(q)) / (u.rss / Double(df2)) : .nan
        firstStages.append(FirstStage(endogenous: design.endogenousNames[j], f: f, df1: q, df2: df2))
        if q < e.cols {
            throw InputError(key: "formula", "the model is not identified: \(q) usable excluded instrument(s) (after dropping those collinear with the exogenous regressors and fixed effects) for \(e.cols) endogenous regressor(s)")
        }
    }
    let xhat = try around(fitted)
    let ls = try LeastSquares(x: xhat, y: y, scale: scale)
    let xk = full.selectingColumns(ls.kept)
    let fit = try xk.times(ls.coefficients)
    var residuals = y
    for i in 0..<n { residuals[i] -= fit[i] }
    return Solution(isIV: true, names: names, scale: scale, columnScale: columnScale, ls: ls, lsDesign: xhat, residuals: residuals,
                    scores: xhat.selectingColumns(ls.kept), firstStages: firstStages, firstStageFits: firstStageFits,
                    firstStageDesign: zFull)
}

/// The first stages with their robust Wald F (issue 17): for each endogenous regressor, `W / q` with
/// `W = pi' V^-1 pi`, `pi` the kept excluded instruments' coefficients in its first-stage regression and `V`
/// their covariance by the model's own estimator `spec` (same clusters, weights, absorbed parameters and
/// small-sample factor as the second stage's). With an iid model the first stages are returned as they are.
/// A covariance that cannot be inverted (e.g. two-way clustering's non-positive-definite V) gives NaN.
private func firstStagesWithRobustF(_ a: AbsorbedDesign, _ s: Solution, spec: VarianceEstimator,
                                    clusters: [Factor]) throws -> [FirstStage] {
    guard s.isIV, spec != .iid, let z = s.firstStageDesign else { return s.firstStages }
    let exogenousColumns = a.x.cols
    let sw = a.weights.map { $0.map { $0.squareRoot() } }
    var out: [FirstStage] = []
    for (fs, u) in zip(s.firstStages, s.firstStageFits) {
        let bread = try u.xtxInverse()
        let v = try computeVcov(spec: spec, scores: z.selectingColumns(u.kept), residuals: u.residuals, bread: bread,
                                absorbed: a.absorber.degreesOfFreedom,
                                absorbedNotNested: a.absorber.degreesOfFreedom(notNestedIn: clusters, convention: spec.nestedEffectsConvention),
                                clusters: clusters, sqrtWeights: sw)
        let excluded = u.kept.indices.filter { u.kept[$0] >= exogenousColumns }
        var robustF = Double.nan
        if !excluded.isEmpty, let inv = try? v.matrix.submatrix(rows: excluded, cols: excluded).inverse() {
            let pi = excluded.map { u.coefficients[$0] }
            let ip = try inv.times(pi)
            let w = zip(pi, ip).reduce(0) { $0 + $1.0 * $1.1 }
            robustF = w / Double(excluded.count)
        }
        out.append(FirstStage(endogenous: fs.endogenous, f: fs.f, df1: fs.df1, df2: fs.df2, robustF: robustF,
                              robustDf2: v.tDegreesOfFreedom, robustKind: robustFirstStageKind(spec)))
    }
    return out
}

/// The robust first-stage F's estimator in words, for labels: `heteroskedasticity-robust (HC1)`,
/// `cluster-robust (CR1, by industry)`, `Driscoll-Kraay`.
func robustFirstStageKind(_ spec: VarianceEstimator) -> String {
    switch spec {
    case .iid: return "iid"
    case .heteroskedastic(let kind): return "heteroskedasticity-robust (\(kind.rawValue.uppercased()))"
    case .clustered(let vars, let kind):
        let name = kind == .cr1Fixest ? "CR1, fixest's K" : kind.rawValue.uppercased()
        return "cluster-robust (\(name), by \(vars.joined(separator: " and ")))"
    case .driscollKraay: return "Driscoll-Kraay"
    }
}

/// The terms kept by stage 3 and the degrees of freedom left.
private struct KeptTerms {
    /// Names of the estimated coefficients, in output order.
    let names: [String]
    /// Names of the terms dropped as collinear.
    let dropped: [String]
    /// Parameters absorbed by the fixed effects.
    let absorbedParameters: Int
    /// N - K, K counting the absorbed parameters (positive).
    let residualDegreesOfFreedom: Int
    /// Why each dropped term was dropped.
    let warnings: [String]
}

/// Stage 3: the terms dropped as collinear, named with the reason, and an `InputError` when nothing is left to
/// estimate or no residual degree of freedom remains.
private func keptTerms(_ design: Design, _ a: AbsorbedDesign, _ s: Solution) throws -> KeptTerms {
    let n = design.nobs
    let ls = s.ls
    let dropped = ls.dropped.map { s.names[$0] }
    let feNames = design.fixedEffects.map(\.name).joined(separator: ", ")
    if ls.kept.isEmpty && !s.names.isEmpty {
        if !design.fixedEffects.isEmpty, let f = design.fixedEffects.first(where: { $0.levelCount == n }) {
            throw InputError(key: "formula", "every regressor is collinear with the fixed effects and was dropped (\(dropped.joined(separator: ", "))): each of the \(n) observations is alone in its level of \(f.name), so nothing is left to estimate the slopes from")
        }
        throw InputError(key: "formula", "every regressor is collinear (with the fixed effects or each other) and was dropped: \(dropped.joined(separator: ", "))")
    }
    // Each dropped term, and why (see `collinearityTolerance`).
    var warnings: [String] = []
    for j in ls.dropped {
        warnings.append(try droppedTermReason(s.names[j], column: j, in: s.lsDesign, scale: s.scale[j], kept: ls.kept,
                                              fixedEffects: feNames))
    }
    let k = ls.kept.count
    let absorbed = a.absorber.degreesOfFreedom
    let dfRes = n - k - absorbed
    guard dfRes > 0 else {
        let absorbedText = absorbed > 0 ? " plus \(absorbed) absorbed fixed-effect parameters" : ""
        if n < s.names.count + absorbed {
            throw InputError(key: "formula", "more coefficients than observations: N = \(n) observations for K = \(s.names.count) regressors (\(s.names.joined(separator: ", ")))\(absorbedText); nothing can be estimated with standard errors")
        }
        throw InputError(key: "formula", "no residual degrees of freedom: N = \(n) observations for K = \(k) coefficients\(absorbedText), so the fit is exact and no standard error can be estimated (R's lm returns NaN standard errors here; offshore refuses)")
    }
    return KeptTerms(names: ls.kept.map { s.names[$0] }, dropped: dropped, absorbedParameters: absorbed,
                     residualDegreesOfFreedom: dfRes, warnings: warnings)
}

/// The coefficients' covariance and standard errors of stage 4.
private struct VarianceStage {
    /// The covariance (zero for an exact fit) with its conventions.
    var estimate: VcovEstimate
    /// `(X'X)^-1` of the kept columns.
    let bread: Matrix
    /// Standard errors (NaN where the variance is negative).
    let standardErrors: [Double]
    /// The residual sum of squares (weighted).
    let rss: Double
    /// True when the residuals are zero to rounding: no sampling error to estimate.
    let exactFit: Bool
    /// True when the response does not vary (around its mean, or at all without a constant).
    let constantResponse: Bool
    /// The response's (weighted) total sum of squares: centred with an intercept or fixed effects, else uncentred.
    let tss: Double
    /// The response's uncentred (weighted) sum of squares.
    let yss: Double
    /// Ill-conditioning, exact fit, negative variances.
    let warnings: [String]
}

/// Stage 4: the condition of the kept design, the covariance of the chosen estimator and the standard errors.
/// An exact fit (RSS zero to rounding, relative to the response's sum of squares) has no sampling error to
/// estimate: its standard errors are reported as exactly 0 (and t, p and F as NA), with a note.
private func estimateVariance(_ design: Design, _ a: AbsorbedDesign, _ s: Solution, _ kept: KeptTerms,
                      spec: VarianceEstimator, clusters: [Factor]) throws -> VarianceStage {
    let n = design.nobs, k = kept.names.count
    let w = a.weights
    var warnings: [String] = []
    // Condition of the kept design with its columns scaled to unit norm: the estimates carry roughly
    // 16 - 2 log10(kappa) significant digits (least squares with a non-zero residual), so say so beyond 1e4.
    let kappa = try equilibratedConditionNumber(s.ls.r)
    if kappa > 1e4 {
        let digits = max(0, Int((16 - 2 * log10(kappa)).rounded(.down)))
        warnings.append("the design is ill-conditioned (condition number \(shortNumber(kappa)) with the regressors scaled to unit length): the estimates may carry only about \(digits) significant digits")
    }
    let bread = try s.ls.xtxInverse()
    var v = try computeVcov(spec: spec, scores: s.scores, residuals: s.residuals, bread: bread, absorbed: kept.absorbedParameters,
                            absorbedNotNested: a.absorber.degreesOfFreedom(notNestedIn: clusters, convention: spec.nestedEffectsConvention),
                            clusters: clusters,
                            sqrtWeights: w.map { $0.map { $0.squareRoot() } })

    // Sums of squares (weighted where there are weights).
    let rss = s.residuals.reduce(0) { $0 + $1 * $1 }
    let hasConstant = design.hasIntercept || !design.fixedEffects.isEmpty
    var tss = 0.0, yss = 0.0
    for i in 0..<n { yss += (w?[i] ?? 1) * design.y[i] * design.y[i] }
    if hasConstant {
        var sw0 = 0.0, swy = 0.0
        for i in 0..<n { let wi = w?[i] ?? 1; sw0 += wi; swy += wi * design.y[i] }
        let mean = swy / sw0
        for i in 0..<n { let d = design.y[i] - mean; tss += (w?[i] ?? 1) * d * d }
    } else {
        tss = yss
    }
    let exactFit = rss <= exactFitTolerance * yss
    // (Without intercept or fixed effect, R2 is uncentred: undefined only for a response that is zero throughout.)
    let constantResponse = hasConstant ? tss <= exactFitTolerance * yss : yss == 0
    if exactFit {
        v.matrix = Matrix(rows: k, cols: k)
        warnings.append("the model fits \(design.responseName) exactly (residual sum of squares \(shortNumber(rss * a.weightScale)), zero to rounding)"
                        + (constantResponse ? " because it is constant" : "")
                        + ": the standard errors are 0 and the t statistics, p-values and F statistic are undefined (NA)")
    }
    // A negative variance can arise from two-way clustering (V1 + V2 - V12): reported as NA, with a warning.
    let se = (0..<k).map { v.matrix[$0, $0] >= 0 ? v.matrix[$0, $0].squareRoot() : Double.nan }
    for j in 0..<k where se[j].isNaN {
        warnings.append("the estimated variance of \(kept.names[j]) is negative (possible with two-way clustering); its standard error is reported as NA")
    }
    return VarianceStage(estimate: v, bread: bread, standardErrors: se, rss: rss, exactFit: exactFit,
                         constantResponse: constantResponse, tss: tss, yss: yss, warnings: warnings)
}

/// The fit statistics of stage 5.
private struct FitStatistics {
    /// Residual sum of squares.
    var rss: Double
    /// R2 (NaN for a response without variation), adjusted R2, within R2 (models with fixed effects).
    let r2: Double, adjustedR2: Double, withinR2: Double?
    /// The F statistic of the slopes (NaN when undefined) and their number.
    let f: Double, slopes: Int
    /// Undefined R2s.
    let warnings: [String]
}

/// Stage 5: R2 (NA with a note for a response without variation), within R2, adjusted R2 and the F statistic
/// of the slopes (iid; Wald form with the iid covariance for 2SLS).
private func fitStatistics(_ design: Design, _ a: AbsorbedDesign, _ s: Solution, _ kept: KeptTerms, _ v: VarianceStage) throws -> FitStatistics {
    let n = design.nobs, k = kept.names.count
    let rss = v.rss, dfRes = kept.residualDegreesOfFreedom
    let hasConstant = design.hasIntercept || !design.fixedEffects.isEmpty
    var warnings: [String] = []
    var r2 = 1 - rss / v.tss
    if v.constantResponse {
        r2 = .nan
        warnings.append("\(design.responseName) has no variation in the \(n) observations used: R2 is undefined (NA)")
    }
    var withinR2: Double? = nil
    var fReference = v.tss
    if !design.fixedEffects.isEmpty {
        let tssWithin = a.y.reduce(0) { $0 + $1 * $1 }
        withinR2 = 1 - rss / tssWithin
        fReference = tssWithin
        if !v.constantResponse && tssWithin <= exactFitTolerance * v.yss {
            withinR2 = .nan
            let feNames = design.fixedEffects.map(\.name).joined(separator: ", ")
            warnings.append("\(design.responseName) has no variation within the fixed effects (\(feNames)): the within R2 is undefined (NA)")
        }
    }
    let adjR2 = 1 - (1 - r2) * Double(n - (hasConstant ? 1 : 0)) / Double(dfRes)
    let slopes = k - (design.hasIntercept && s.ls.kept.contains(0) ? 1 : 0)
    var fStat = Double.nan
    if slopes > 0 && !v.exactFit {
        if s.isIV {
            // Wald form with the iid covariance: b' V^-1 b / q over the slopes.
            let idx = Array((k - slopes)..<k)
            let s2 = rss / Double(dfRes)
            let vs = (s2 * v.bread).submatrix(rows: idx, cols: idx)
            if let inv = try? vs.inverse() {
                let b = idx.map { s.ls.coefficients[$0] }
                let ib = try inv.times(b)
                fStat = zip(b, ib).reduce(0) { $0 + $1.0 * $1.1 } / Double(slopes)
            }
        } else {
            fStat = ((fReference - rss) / Double(slopes)) / (rss / Double(dfRes))
        }
    }
    return FitStatistics(rss: rss, r2: r2, adjustedR2: adjR2, withinR2: withinR2, f: fStat, slopes: slopes, warnings: warnings)
}

/// Collinearity threshold of `LeastSquares` (its default, fixest's `collin.tol`): a column is dropped when
/// `1 - R^2` of it on the kept columns before it (after fixed effects, relative to its uncentred sum of squares
/// before them) is below this, i.e. its variance-inflation factor exceeds 10^10. In condition-number terms: the
/// column and those before it, scaled to unit length, would have a condition number above about 10^5, where
/// least squares loses more than 10 of its 16 digits. R's lm (tolerance 1e-7 on the norm ratio, 1e-14 on
/// `1 - R^2`) keeps columns between the two thresholds; offshore drops them and says so.
let collinearityTolerance = 1e-10

/// RSS (or the response's variation) at most this fraction of the response's uncentred sum of squares counts as
/// zero: an exact fit (or a constant response). Rounding alone leaves about 1e-32 of it.
let exactFitTolerance = 1e-26

/// A number in at most 3 significant digits, for messages.
func shortNumber(_ x: Double) -> String {
    String(format: "%.3g", x)
}

/// The 2-norm condition number of a least-squares design from its R factor, with every column scaled to unit
/// length (the columns of R have the norms of the design's columns): the measure of collinearity that the
/// regressors' units do not affect.
func equilibratedConditionNumber(_ r: Matrix) throws -> Double {
    let k = r.cols
    guard k > 0 else { return 1 }
    var m = r
    for j in 0..<k {
        var norm = 0.0
        for i in 0...j { norm += m[i, j] * m[i, j] }
        norm = norm.squareRoot()
        if norm > 0 { for i in 0...j { m[i, j] /= norm } }
    }
    // 2-norm: the square root of the ratio of the extreme eigenvalues of the scaled cross-product (accurate
    // enough up to about 1e7, and beyond that only "large" matters).
    let eigen = try m.crossProduct().symmetricEigenvalues()
    guard let low = eigen.first, let high = eigen.last, low > 0 else { return .infinity }
    return (high / low).squareRoot()
}

/// Why column `j` of `x` was dropped, naming the term: zero in every observation, constant within the fixed
/// effects, or collinear with the kept columns before it (with its `1 - R^2` against `collinearityTolerance`).
func droppedTermReason(_ name: String, column j: Int, in x: Matrix, scale: Double, kept: [Int],
                       fixedEffects: String) throws -> String {
    guard scale > 0 else { return "\(name) was dropped: it is zero in every observation used" }
    let col = x.column(j)
    let own = col.reduce(0) { $0 + $1 * $1 } / (scale * scale)
    if !fixedEffects.isEmpty && own < collinearityTolerance {
        return "\(name) was dropped: it is constant within the fixed effects (\(fixedEffects))"
    }
    let before = kept.filter { $0 < j }
    guard x.rows > before.count else {
        return "\(name) was dropped: there are no more observations (\(x.rows)) than the terms kept before it"
    }
    let share = before.isEmpty ? own : try LeastSquares(x: x.selectingColumns(before), y: col,
                                                        scale: before.map { _ in 1 }, tolerance: 0).rss / (scale * scale)
    let exact = share < 1e-20
    let with = fixedEffects.isEmpty ? "" : " and the fixed effects (\(fixedEffects))"
    return "\(name) was dropped: it is \(exact ? "exactly" : "nearly") collinear with the terms before it\(with)"
        + " (1 - R2 = \(exact ? "0" : shortNumber(share)), below the threshold \(shortNumber(collinearityTolerance)))"
}
