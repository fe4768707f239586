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
    public var vcov: VcovSpec
    /// The analytic-weights variable, if any.
    public var weights: String?
    /// Drop observations alone in a fixed-effect level (and count them).
    public var dropSingletons: Bool
    /// The panel transformation.
    public var model: PanelModel
    /// Relative tolerance for demeaning with several fixed effects.
    public var tolerance: Double

    /// Options with defaults: iid errors, no weights, singletons kept, levels, tolerance 1e-10.
    public init(vcov: VcovSpec = .iid, weights: String? = nil, dropSingletons: Bool = false,
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
    var clusters: [Factor] = []
    for name in options.vcov.clusterVariables {
        do { clusters.append(try data.factor(name)) } catch var e as InputError {
            e.message = "cluster variable: " + e.message
            throw e
        }
    }
    var weights: [Double]? = nil
    if let w = options.weights { weights = try data.numeric(w) }
    var design = try frame.design(weights: weights, weightsName: options.weights ?? "weights", required: clusters,
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
    var result = try fit(design: design, clusters: clusters.map { $0.selecting(rows: design.rows) },
                         vcov: options.vcov, tolerance: options.tolerance, memo: memo)
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
public func fit(design: Design, clusters: [Factor] = [], vcov spec: VcovSpec = .iid,
                tolerance: Double = 1e-10) throws -> RegressionResult {
    try fit(design: design, clusters: clusters, vcov: spec, tolerance: tolerance, memo: nil)
}

/// `fit(design:clusters:vcov:tolerance:)`, reusing the demeaned columns of `memo` where they apply.
func fit(design: Design, clusters: [Factor], vcov spec: VcovSpec, tolerance: Double, memo: DemeaningMemo?) throws -> RegressionResult {
    let n = design.nobs
    let w = design.weights
    let sw = w.map { $0.map { $0.squareRoot() } }
    let isIV = !design.endogenousNames.isEmpty
    var warnings: [String] = []

    // Column order: intercept, endogenous, other exogenous (fixest puts the instrumented variables first).
    let interceptCols = design.hasIntercept ? 1 : 0
    let exoNames = design.names
    var x = design.x
    var e = design.endogenous
    var z = design.instruments
    var y = design.y
    let normsX = columnNorms(x, weights: w), normsE = columnNorms(e, weights: w), normsZ = columnNorms(z, weights: w)

    let absorber = FixedEffectsAbsorber(factors: design.fixedEffects, weights: w, tolerance: tolerance)
    if !design.fixedEffects.isEmpty {
        // Every column (regressors, endogenous, instruments, response) demeaned at once, split across the cores.
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

    // Full regressor matrix in output order, with names and collinearity scales.
    var names: [String] = Array(exoNames.prefix(interceptCols)) + design.endogenousNames + Array(exoNames.dropFirst(interceptCols))
    let exogenous = x
    /// The intercept, then `middle`, then the other exogenous columns.
    func around(_ middle: Matrix) throws -> Matrix {
        try hstack(try hstack(exogenous.selectingColumns(Array(0..<interceptCols)), middle),
                   exogenous.selectingColumns(Array(interceptCols..<exogenous.cols)))
    }
    // Without endogenous regressors the columns are already in output order: no copy.
    let full = e.cols == 0 ? x : try around(e)
    let scale = Array(normsX.prefix(interceptCols)) + normsE + Array(normsX.dropFirst(interceptCols))

    var firstStages: [FirstStage] = []
    let ls: LeastSquares
    var lsDesign = full
    var residuals: [Double]
    var scores: Matrix
    if isIV {
        // First stages: each endogenous variable on all exogenous columns and the instruments.
        let zFull = try hstack(x, z)
        let zScale = normsX + normsZ
        let restricted = try LeastSquares(x: x, y: Array(repeating: 0, count: n), scale: normsX)
        var fitted = e
        for j in 0..<e.cols {
            let ej = e.column(j)
            let u = try LeastSquares(x: zFull, y: ej, scale: zScale)
            let r = try LeastSquares(x: x, y: ej, scale: normsX)
            for i in 0..<n { fitted[i, j] = ej[i] - u.residuals[i] }
            let q = u.kept.count - restricted.kept.count
            let df2 = n - u.kept.count - absorber.degreesOfFreedom
            let f = q > 0 && df2 > 0 ? ((r.rss - u.rss) / Double(q)) / (u.rss / Double(df2)) : .nan
            firstStages.append(FirstStage(endogenous: design.endogenousNames[j], f: f, df1: q, df2: df2,
                                          pValue: fUpperTailPValue(f, d1: Double(q), d2: Double(df2))))
            if q < e.cols {
                throw InputError(key: "formula", "the model is not identified: \(q) usable excluded instrument(s) (after dropping those collinear with the exogenous regressors and fixed effects) for \(e.cols) endogenous regressor(s)")
            }
        }
        let xhat = try around(fitted)
        ls = try LeastSquares(x: xhat, y: y, scale: scale)
        lsDesign = xhat
        let xk = full.selectingColumns(ls.kept)
        let fit = try xk.times(ls.coefficients)
        residuals = y
        for i in 0..<n { residuals[i] -= fit[i] }
        scores = xhat.selectingColumns(ls.kept)
    } else {
        // Tall designs: the cross-product by dsyrk and a Cholesky solve when that is numerically safe (checked
        // on the equilibrated X'X); otherwise, and always for small samples, QR with collinearity detection.
        if n >= normalEquationsMinimumRows, let fast = try LeastSquares.byNormalEquations(x: full, y: y, scale: scale) {
            ls = fast
        } else {
            ls = try LeastSquares(x: full, y: y, scale: scale)
        }
        residuals = ls.residuals
        scores = ls.kept.count == full.cols ? full : full.selectingColumns(ls.kept)
    }
    let allNames = names
    let dropped = ls.dropped.map { names[$0] }
    let feNames = design.fixedEffects.map(\.name).joined(separator: ", ")
    if ls.kept.isEmpty && !names.isEmpty {
        if !design.fixedEffects.isEmpty, let f = design.fixedEffects.first(where: { $0.levelCount == n }) {
            throw InputError(key: "formula", "every regressor is collinear with the fixed effects and was dropped (\(dropped.joined(separator: ", "))): each of the \(n) observations is alone in its level of \(f.name), so nothing is left to estimate the slopes from")
        }
        throw InputError(key: "formula", "every regressor is collinear (with the fixed effects or each other) and was dropped: \(dropped.joined(separator: ", "))")
    }
    // Each dropped term, and why (see `collinearityTolerance`).
    let design0 = lsDesign
    for j in ls.dropped {
        warnings.append(try droppedTermReason(names[j], column: j, in: design0, scale: scale[j], kept: ls.kept,
                                              fixedEffects: feNames))
    }
    names = ls.kept.map { names[$0] }
    let k = ls.kept.count
    let absorbed = absorber.degreesOfFreedom
    let dfRes = n - k - absorbed
    guard dfRes > 0 else {
        let absorbedText = absorbed > 0 ? " plus \(absorbed) absorbed fixed-effect parameters" : ""
        if n < allNames.count + absorbed {
            throw InputError(key: "formula", "more coefficients than observations: N = \(n) observations for K = \(allNames.count) regressors (\(allNames.joined(separator: ", ")))\(absorbedText); nothing can be estimated with standard errors")
        }
        throw InputError(key: "formula", "no residual degrees of freedom: N = \(n) observations for K = \(k) coefficients\(absorbedText), so the fit is exact and no standard error can be estimated (R's lm returns NaN standard errors here; offshore refuses)")
    }
    // Condition of the kept design with its columns scaled to unit norm: the estimates carry roughly
    // 16 - 2 log10(kappa) significant digits (least squares with a non-zero residual), so say so beyond 1e4.
    let kappa = try equilibratedConditionNumber(ls.r)
    if kappa > 1e4 {
        let digits = max(0, Int((16 - 2 * log10(kappa)).rounded(.down)))
        warnings.append("the design is ill-conditioned (condition number \(shortNumber(kappa)) with the regressors scaled to unit length): the estimates may carry only about \(digits) significant digits")
    }
    let bread = try ls.xtxInverse()
    var v = try computeVcov(spec: spec, scores: scores, residuals: residuals, bread: bread, absorbed: absorbed,
                            absorbedNotNested: absorber.degreesOfFreedom(notNestedIn: clusters), clusters: clusters)

    // Fit statistics (weighted where there are weights).
    let rss = residuals.reduce(0) { $0 + $1 * $1 }
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
    // An exact fit (RSS zero to rounding, relative to the response's sum of squares) has no sampling error to
    // estimate: its standard errors are reported as exactly 0 and its t statistics, p-values and F as NA, with a
    // note. A response without variation has an undefined R2 (0/0), reported as NA with a note, never as a number.
    let exactFit = rss <= exactFitTolerance * yss
    // (Without intercept or fixed effect, R2 is uncentred: undefined only for a response that is zero throughout.)
    let constantResponse = hasConstant ? tss <= exactFitTolerance * yss : yss == 0
    if exactFit {
        v.matrix = Matrix(rows: k, cols: k)
        warnings.append("the model fits \(design.responseName) exactly (residual sum of squares \(shortNumber(rss)), zero to rounding)"
                        + (constantResponse ? " because it is constant" : "")
                        + ": the standard errors are 0 and the t statistics, p-values and F statistic are undefined (NA)")
    }
    // A negative variance can arise from two-way clustering (V1 + V2 - V12): reported as NA, with a warning.
    let se = (0..<k).map { v.matrix[$0, $0] >= 0 ? v.matrix[$0, $0].squareRoot() : Double.nan }
    for j in 0..<k where se[j].isNaN {
        warnings.append("the estimated variance of \(names[j]) is negative (possible with two-way clustering); its standard error is reported as NA")
    }
    let t = (0..<k).map { exactFit ? Double.nan : ls.coefficients[$0] / se[$0] }
    let p = t.map { studentTwoSidedPValue($0, df: v.tDegreesOfFreedom) }

    var r2 = 1 - rss / tss
    if constantResponse {
        r2 = .nan
        warnings.append("\(design.responseName) has no variation in the \(n) observations used: R2 is undefined (NA)")
    }
    var withinR2: Double? = nil
    var fReference = tss
    if !design.fixedEffects.isEmpty {
        let tssWithin = y.reduce(0) { $0 + $1 * $1 }
        withinR2 = 1 - rss / tssWithin
        fReference = tssWithin
        if !constantResponse && tssWithin <= exactFitTolerance * yss {
            withinR2 = .nan
            warnings.append("\(design.responseName) has no variation within the fixed effects (\(feNames)): the within R2 is undefined (NA)")
        }
    }
    let adjR2 = 1 - (1 - r2) * Double(n - (hasConstant ? 1 : 0)) / Double(dfRes)
    let slopes = k - (design.hasIntercept && ls.kept.contains(0) ? 1 : 0)
    var fStat = Double.nan
    if slopes > 0 && !exactFit {
        if isIV {
            // Wald form with the iid covariance: b' V^-1 b / q over the slopes.
            let idx = Array((k - slopes)..<k)
            let s2 = rss / Double(dfRes)
            let vs = (s2 * bread).submatrix(rows: idx, cols: idx)
            if let inv = try? vs.inverse() {
                let b = idx.map { ls.coefficients[$0] }
                let ib = try inv.times(b)
                fStat = zip(b, ib).reduce(0) { $0 + $1.0 * $1.1 } / Double(slopes)
            }
        } else {
            fStat = ((fReference - rss) / Double(slopes)) / (rss / Double(dfRes))
        }
    }
    let vcovName: String
    switch spec {
    case .iid: vcovName = "iid"
    case .hc1: vcovName = "hc1"
    case .cluster(let vars, let small): vcovName = (small ? "cluster:" : "cluster0:") + vars.joined(separator: "+")
    }
    return RegressionResult(
        model: isIV ? "2SLS" : "OLS", responseName: design.responseName, terms: names, estimates: ls.coefficients,
        standardErrors: se, tValues: t, pValues: p, vcov: v.matrix, vcovDescription: v.description, vcovName: vcovName,
        dropped: dropped, nobs: n, tDegreesOfFreedom: v.tDegreesOfFreedom, residualDegreesOfFreedom: dfRes,
        absorbedParameters: absorbed, r2: r2, adjustedR2: adjR2, withinR2: withinR2,
        rmse: (rss / Double(n)).squareRoot(), sigma: (rss / Double(dfRes)).squareRoot(), rss: rss,
        fStatistic: fStat, fDf1: slopes, fDf2: dfRes,
        fPValue: fUpperTailPValue(fStat, d1: Double(slopes), d2: Double(dfRes)),
        fixedEffects: design.fixedEffects.map { ($0.name, $0.levelCount) },
        clusters: v.clusterCounts.map { (name: $0.0, count: $0.1) }, accounting: design.accounting,
        instruments: design.instrumentNames, firstStages: firstStages, warnings: warnings)
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
