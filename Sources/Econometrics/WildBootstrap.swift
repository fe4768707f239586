import DataIO
import Dispatch
import Foundation
import Linalg

/// What a wild cluster bootstrap found: per coefficient the bootstrap p-values of `b_j = 0` and the confidence
/// interval by test inversion, and the joint test if one was asked for, with everything needed to repeat it
/// (cluster, draws, weights, type, seed).
public struct WildBootstrapResult: Codable, Equatable, Sendable {
    /// One coefficient's bootstrap inference.
    public struct Term: Codable, Equatable, Sendable {
        /// The coefficient's name.
        public var name: String
        /// Its estimate.
        public var estimate: Double
        /// The cluster-robust t statistic (CR1, clustered by the bootstrap's clusters) of `b_j = 0` the draws are
        /// compared with.
        public var tStatistic: Double
        /// Symmetric p-value of `b_j = 0`: the share of draws with `|t*| > |t|` (a draw equal to the original
        /// statistic to 9 digits is a tie and does not count: see `wildBootstrapTieTolerance`).
        public var pValue: Double
        /// Equal-tailed p-value: `2 min(share t* > t, share t* < t)`.
        public var pValueEqualTailed: Double
        /// The confidence interval at `level`: the values r for which the symmetric bootstrap test of `b_j = r`
        /// has a p-value above `1 - level` (test inversion; for the restricted bootstrap the null `b_j = r` is
        /// imposed at each r).
        public var ciLow: Double, ciHigh: Double
    }

    /// A bootstrap Wald test of several linear restrictions at once.
    public struct JointTest: Codable, Equatable, Sendable {
        /// The restrictions as written.
        public var restrictions: [String]
        /// The cluster-robust (CR1) Wald statistic divided by the number of restrictions.
        public var statistic: Double
        /// The number of restrictions.
        public var restrictionCount: Int
        /// The share of draws whose statistic exceeds it.
        public var pValue: Double
    }

    /// What was asked for, with `cluster` resolved to the variable used.
    public var spec: WildBootstrapSpec
    /// The number of bootstrap clusters (one weight each per draw; two-way: those of `spec.bootcluster`).
    public var clusters: Int
    /// The draws used: `spec.reps`, or 2^G with full Rademacher enumeration.
    public var draws: Int
    /// True when every Rademacher draw was used once (`2^G <= reps`): the result is deterministic.
    public var enumerated: Bool
    /// The confidence level of the intervals.
    public var level: Double
    /// Per coefficient, in the fit's order.
    public var terms: [Term]
    /// The joint test, when restrictions were given.
    public var joint: JointTest?
    /// Absorbed fixed effects not nested in the clusters, which the bootstrap residuals are re-projected on.
    public var fixedEffectsNotNested: [String]
    /// The method when it is not the wild cluster bootstrap of OLS (2SLS: `WRE (Davidson and MacKinnon 2010), ...`).
    public var method: String? = nil

    /// How the bootstrap was done, in words: `wild cluster bootstrap, restricted (WCR), Webb weights, 9,999 draws,
    /// seed 20171203, 14 clusters in industry`.
    public var description: String {
        let kind = spec.type == .restricted ? "restricted (WCR, null imposed)" : "unrestricted (WCU)"
        let weights = spec.weights.rawValue.prefix(1).uppercased() + spec.weights.rawValue.dropFirst()
        var draws = "\(NumberText.grouped(self.draws)) draws"
        if enumerated { draws = "all \(NumberText.grouped(self.draws)) draws (full enumeration, 2^\(clusters))" }
        if let boot = spec.bootcluster, let cluster = spec.cluster, cluster.contains("+") {
            return "wild cluster bootstrap, two-way clustered by \(cluster.replacingOccurrences(of: "+", with: " and ")) (MacKinnon, Nielsen and Webb 2021), "
                + "\(kind), \(weights) weights, \(draws), seed \(spec.seed), \(clusters) clusters in \(boot) (the bootstrap clusters)"
        }
        let iv = method.map { " for 2SLS, " + $0 } ?? ""
        return "wild cluster bootstrap\(iv), \(kind), \(weights) weights, \(draws), seed \(spec.seed), \(clusters) clusters in \(spec.cluster ?? "?")"
    }
}

/// Estimates `formula` as `regress` does and adds a wild cluster bootstrap (see `WildBootstrapEngine` for the
/// algorithm): per coefficient the p-values of `b_j = 0` and a confidence interval at `level` by test
/// inversion, and, when `restrictions` are given (`LinearRestrictions` syntax, e.g. `ict = 0`, `om = 0`), the
/// bootstrap Wald test of all of them together.
///
/// The fixed effects are partialled out as `fit` does; the bootstrap re-projects its residuals on the effects that
/// are not nested in the bootstrap clusters, so the result is that of re-estimating the model with the effects on
/// every draw. Weights: analytic, as in the fit. Levels OLS (`--model ols`); 2SLS with one endogenous regressor gets
/// the wild restricted efficient bootstrap of its coefficient (`WildRestrictedEfficientBootstrap`, one-way, no
/// joint tests).
///
/// Two-way clustering (`cluster=A+B`, or the variance estimator's `cluster:A+B` when `cluster=` is not given):
/// MacKinnon, Nielsen and Webb's (2021) bootstrap of the two-way t statistic, weights drawn by the clusters of
/// `bootcluster` (by default the dimension with fewer clusters), see `MultiwayWildBootstrapEngine`; joint tests
/// are one-way only. `intervals: false` skips the test inversion (the intervals are NaN), where only the
/// p-values are wanted (the sensitivity grid).
/// - Throws: `InputError` keyed `bootstrap` (no cluster variable, one cluster, a cluster variable with missing
///   values in the sample, 2SLS, first differences or between), or the errors of `regress`.
public func regressWithWildBootstrap(formula: Formula, data: DataFrame, panel: Panel? = nil,
                                     options: RegressionOptions = RegressionOptions(), bootstrap spec: WildBootstrapSpec,
                                     restrictions: [String] = [], level: Double = 0.95,
                                     intervals: Bool = true) throws -> (result: RegressionResult, bootstrap: WildBootstrapResult) {
    let (result, design, clusterFactor, other) = try wildBootstrapSetUp(formula: formula, data: data, panel: panel, options: options, spec: spec)
    if !design.endogenousNames.isEmpty {
        guard other == nil else {
            throw InputError(key: "bootstrap", "the wild restricted efficient bootstrap of 2SLS is one-way: give one cluster variable (cluster=VAR)")
        }
        guard restrictions.isEmpty else {
            throw InputError(key: "test", "a joint test (--test) is computed by the wild bootstrap of OLS; 2SLS's WRE bootstrap tests the endogenous regressor's coefficient")
        }
        let boot = try wildRestrictedEfficientBootstrap(design: design, result: result, cluster: clusterFactor, spec: spec, level: level,
                                                        tolerance: options.tolerance, intervals: intervals)
        return (result, boot)
    }
    let boot = try wildClusterBootstrap(design: design, terms: result.terms, cluster: clusterFactor,
                                        spec: spec, absorbedParameters: result.absorbedParameters,
                                        restrictions: restrictions, level: level, tolerance: options.tolerance, intervals: intervals,
                                        otherCluster: other)
    return (result, boot)
}

/// The wild cluster bootstrap of the OLS fit of `design` (its columns named `terms`, the ones the fit kept) with
/// clusters `cluster` (restricted to the design's rows). See `regressWithWildBootstrap`.
///
/// `intervals: false` skips the test inversion (the intervals are NaN): for simulations that need only the
/// p-values (the size study), where the interval searches are most of the cost.
///
/// With `otherCluster` (the second dimension, restricted to the design's rows like `cluster`) the bootstrap is
/// two-way (`MultiwayWildBootstrapEngine`): the weights are drawn by `cluster`, the statistic is the two-way t,
/// reported with the small-sample factor `G/(G-1) (N-1)/(N-K)` of the smaller G (as the analytic two-way CR1)
/// and K counting every absorbed parameter (as the one-way bootstrap); the intervals' search steps in the
/// unscaled standard error.
public func wildClusterBootstrap(design: Design, terms: [String], cluster: Factor, spec: WildBootstrapSpec,
                                 absorbedParameters: Int = 0, restrictions: [String] = [], level: Double = 0.95,
                                 tolerance: Double = 1e-10, intervals: Bool = true, otherCluster: Factor? = nil) throws -> WildBootstrapResult {
    let drawing = try WildBootstrapDrawing(design: design, terms: terms, cluster: cluster, other: otherCluster, spec: spec,
                                           absorbedParameters: absorbedParameters, tolerance: tolerance)
    let v = drawing.weights, draws = drawing.draws, enumerate = drawing.enumerated
    let G = drawing.clusters, k = drawing.k
    guard level > 0, level < 1 else { throw InputError(key: "bootstrap", "the confidence level must be between 0 and 1, got \(level)") }
    let restricted = spec.type == .restricted
    let c = drawing.smallSampleFactor
    if !restrictions.isEmpty && drawing.oneWay == nil {
        throw InputError(key: "test", "a joint test (--test) is computed by the one-way wild bootstrap; the two-way bootstrap tests one coefficient at a time")
    }
    let perCoefficient = try (0..<k).map { j -> CoefficientDraws in
        var e = [Double](repeating: 0, count: k)
        e[j] = 1
        return try drawing.combinationDraws(e, restricted: restricted)
    }
    // The 2k interval ends are independent searches: one task each (each end's arithmetic is its own, so the
    // result does not depend on the number of threads).
    let ends = DrawBuffer(count: 2 * k)
    let alpha = 1 - level
    let workers = intervals ? Parallelism.workers(for: 2 * k) : 0
    if !intervals { for i in 0..<(2 * k) { ends.pointer[i] = .nan } }
    if workers > 0 { DispatchQueue.concurrentPerform(iterations: workers) { w in
        var task = w
        while task < 2 * k {
            let d = perCoefficient[task / 2]
            ends.pointer[task] = d.bound(direction: task % 2 == 0 ? -1 : 1, alpha: alpha, standardError: drawing.searchStep(d))
            task += workers
        }
    } }
    var out: [WildBootstrapResult.Term] = []
    for (j, d) in perCoefficient.enumerated() {
        let p = d.pValues(r: 0)
        out.append(WildBootstrapResult.Term(
            name: terms[j], estimate: d.estimate, tStatistic: d.statistic(r: 0) / c.squareRoot(), pValue: p.symmetric,
            pValueEqualTailed: p.equalTailed, ciLow: ends.pointer[2 * j], ciHigh: ends.pointer[2 * j + 1]))
    }
    var joint: WildBootstrapResult.JointTest? = nil
    if !restrictions.isEmpty, let engine = drawing.oneWay {
        let lr = try LinearRestrictions.parse(restrictions, coefficientNames: terms)
        // A test (unlike an estimation under restrictions) may restrict every coefficient; the restrictions
        // must only be independent: R R' positive definite.
        let eigen = try lr.matrix.multiplied(by: lr.matrix, transposeOther: true).symmetricEigenvalues()
        let independent = (eigen.first ?? 0) > 1e-10 * (eigen.last ?? 0)
        if lr.count < k && independent { try lr.checkIndependent() }
        guard lr.count <= k, independent else {
            throw InputError(key: "test", "the \(lr.count) restrictions (\(restrictions.joined(separator: "; "))) are not independent of each other; remove the redundant ones")
        }
        let rows = (0..<lr.count).map { lr.matrix.row($0) }
        let jd = try engine.jointDraws(r: rows, rhs: lr.rhs, restricted: restricted, weights: v, draws: draws)
        let limit = jd.statistic * (1 + wildBootstrapTieTolerance)
        let exceed = jd.draws.reduce(0) { $0 + ($1 > limit ? 1 : 0) }
        joint = WildBootstrapResult.JointTest(restrictions: restrictions, statistic: jd.statistic / c / Double(lr.count),
                                              restrictionCount: lr.count,
                                              pValue: jd.statistic.isFinite ? Double(exceed) / Double(draws) : .nan)
    }
    var resolved = spec
    resolved.cluster = otherCluster.map { cluster.name + "+" + $0.name } ?? cluster.name
    if otherCluster != nil { resolved.bootcluster = cluster.name }
    let notNested = design.fixedEffects.filter { !isNested($0, in: cluster) }.map(\.name)
    return WildBootstrapResult(spec: resolved, clusters: G, draws: draws, enumerated: enumerate, level: level,
                               terms: out, joint: joint, fixedEffectsNotNested: notNested)
}

/// The engine (cluster sums) and the weight matrix of a bootstrap: the part of `wildClusterBootstrap` before any
/// hypothesis (the tests compare the draws' statistics with the reference's through it).
func prepareWildBootstrap(design: Design, terms: [String], cluster: Factor, spec: WildBootstrapSpec,
                          tolerance: Double) throws -> (engine: WildBootstrapEngine, weights: [Double], draws: Int, enumerated: Bool) {
    let n = design.nobs
    let G = cluster.levelCount
    guard G >= 2 else {
        throw InputError(key: "bootstrap", "the wild cluster bootstrap needs at least 2 clusters; \(cluster.name) has \(G) in the estimation sample")
    }
    guard spec.reps >= WildBootstrapSpec.minimumReps else {
        throw InputError(key: "bootstrap", "reps=\(spec.reps) is too few: give at least \(WildBootstrapSpec.minimumReps) draws")
    }
    let (x, y, k) = try wildBootstrapColumns(design: design, terms: terms, tolerance: tolerance)
    let codes = cluster.codes.map { Int($0) }
    guard !codes.contains(where: { $0 < 0 }) else {
        throw InputError(key: "bootstrap", "the cluster variable \(cluster.name) has missing values in the estimation sample")
    }
    var engine = try WildBootstrapEngine(x: x, y: y, k: k, weights: design.weights, cluster: codes, clusters: G,
                                         fixedEffects: design.fixedEffects, clusterFactor: cluster, tolerance: tolerance)
    // An exact fit, judged as `fit` judges it (RSS against the response's uncentred sum of squares).
    var yss = 0.0
    for i in 0..<n { yss += (design.weights?[i] ?? 1) * design.y[i] * design.y[i] }
    engine.exactFit = engine.rss <= exactFitTolerance * yss
    let (v, draws, enumerated) = WildBootstrapRandom.draws(spec, clusters: G)
    return (engine, v, draws, enumerated)
}

/// The kept columns `terms` of the design and its response, demeaned by the fixed effects as the fit does
/// (column-major n x k), for the one- and two-way bootstraps.
func wildBootstrapColumns(design: Design, terms: [String], tolerance: Double) throws -> (x: [Double], y: [Double], k: Int) {
    let n = design.nobs
    var index: [String: Int] = [:]
    for (j, name) in design.names.enumerated() { index[name] = j }
    let columns = try terms.map { name -> Int in
        guard let j = index[name] else { throw InputError(key: "bootstrap", "term \(name) is not a column of the design") }
        return j
    }
    let k = columns.count
    guard k > 0 else { throw InputError(key: "bootstrap", "there is no coefficient to bootstrap") }
    var x = [Double](repeating: 0, count: n * k)
    for (c, j) in columns.enumerated() { for i in 0..<n { x[c * n + i] = design.x[i, j] } }
    var y = design.y
    if !design.fixedEffects.isEmpty {
        let absorber = FixedEffectsAbsorber(factors: design.fixedEffects, weights: design.weights, tolerance: tolerance)
        x.withUnsafeMutableBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                guard let base = xp.baseAddress else { return }
                let cols = (0..<k).map { UnsafeMutableBufferPointer(start: base + $0 * n, count: n) } + [yp]
                _ = absorber.demean(columns: cols)
            }
        }
    }
    return (x, y, k)
}

/// The fit, its design and the bootstrap clusters (restricted to the design's rows) of a wild bootstrap of
/// `formula`, with the second clustering dimension of a two-way bootstrap (nil one-way): the checks and set-up
/// shared by `regressWithWildBootstrap` and `wildBootstrapCombinations`.
/// - Throws: `InputError` keyed `bootstrap` for more than two cluster variables, a `bootcluster` that is not one of
///   them, and the checks of the one-way bootstrap.
func wildBootstrapSetUp(formula: Formula, data: DataFrame, panel: Panel?, options: RegressionOptions,
                        spec: WildBootstrapSpec) throws -> (result: RegressionResult, design: Design, cluster: Factor, other: Factor?) {
    guard options.model == .levels else {
        throw InputError(key: "bootstrap", "the wild bootstrap is available for levels OLS (--model ols), not \(options.model.rawValue)")
    }
    let names = spec.cluster.map { $0.split(separator: "+", omittingEmptySubsequences: false).map(String.init) } ?? options.vcov.clusterVariables
    guard !names.isEmpty else {
        throw InputError(key: "bootstrap", "the wild cluster bootstrap needs a cluster variable: give --bootstrap wild:cluster=VAR or --vcov cluster:VAR")
    }
    guard names.count <= 2, !names.contains(where: \.isEmpty), Set(names).count == names.count else {
        throw InputError(key: "bootstrap", "cluster=\(names.joined(separator: "+")): give one cluster variable or two different ones, A+B")
    }
    if let b = spec.bootcluster, !names.contains(b) {
        throw InputError(key: "bootstrap", "bootcluster=\(b) is not one of the bootstrap's cluster variables (\(names.joined(separator: ", ")))")
    }
    let frame = try ModelFrame(formula: formula, data: data, panel: panel)
    let result = try regress(frame: frame, data: data, panel: panel, options: options)
    var required: [Factor] = []
    for name in options.vcov.clusterVariables { required.append(try data.factor(name)) }
    var factors: [Factor] = []
    for clusterName in names {
        do { factors.append(try data.factor(clusterName)) } catch var e as InputError {
            e.key = "bootstrap"
            e.message = "cluster variable \(clusterName): " + e.message
            throw e
        }
    }
    required += factors
    let clusterName = names.joined(separator: "+")
    if options.vcov.needsPanelTime, let panel { required.append(try data.factor(panel.time)) }
    let weights = try options.weights.map { try data.numeric($0) }
    let design = try frame.design(weights: weights, weightsName: options.weights ?? "weights", required: required,
                                  dropSingletons: options.dropSingletons)
    guard design.nobs == result.nobs else {
        throw InputError(key: "bootstrap", "the bootstrap cluster variable \(clusterName) is missing in \(result.nobs - design.nobs) of the \(result.nobs) observations the model uses")
    }
    let selected = factors.map { $0.selecting(rows: design.rows) }
    guard selected.count == 2 else { return (result, design, selected[0], nil) }
    // Two-way: the weights are drawn by bootcluster, by default the dimension with fewer clusters (the first on a tie).
    let bootIndex = spec.bootcluster.flatMap { names.firstIndex(of: $0) } ?? (selected[1].levelCount < selected[0].levelCount ? 1 : 0)
    return (result, design, selected[bootIndex], selected[1 - bootIndex])
}

/// One linear combination's wild bootstrap inference (see `wildBootstrapCombinations`).
public struct WildBootstrapCombination: Equatable, Sendable {
    /// The combination's estimate `c'b`.
    public var estimate: Double
    /// The symmetric bootstrap p-value of `c'b = 0`.
    public var pValue: Double
    /// The interval at the bootstrap's level by test inversion (restricted: the null `c'b = r` imposed at each r).
    public var ciLow: Double, ciHigh: Double
}

/// The wild cluster bootstrap of linear combinations `c'b` of the coefficients of `formula` (each `c` a weight
/// per term name; terms not named weigh 0), with the same draws as `regressWithWildBootstrap` with the same
/// `spec` (same seed, weights and clusters): per combination the symmetric p-value of `c'b = 0` and the interval
/// by test inversion, exactly as for a single coefficient (which is the combination with one weight 1).
/// - Throws: the errors of `regressWithWildBootstrap`, and `InputError` keyed `bootstrap` for a name that is not
///   an estimated term.
public func wildBootstrapCombinations(formula: Formula, data: DataFrame, panel: Panel? = nil,
                                      options: RegressionOptions = RegressionOptions(), bootstrap spec: WildBootstrapSpec,
                                      combinations: [[String: Double]], level: Double = 0.95) throws -> [WildBootstrapCombination] {
    let (result, design, cluster, other) = try wildBootstrapSetUp(formula: formula, data: data, panel: panel, options: options, spec: spec)
    guard design.endogenousNames.isEmpty else {
        throw InputError(key: "bootstrap", "bootstrap intervals of linear combinations are available for OLS, not 2SLS (the formula has an IV part)")
    }
    guard level > 0, level < 1 else { throw InputError(key: "bootstrap", "the confidence level must be between 0 and 1, got \(level)") }
    let drawing = try WildBootstrapDrawing(design: design, terms: result.terms, cluster: cluster, other: other, spec: spec,
                                           absorbedParameters: result.absorbedParameters, tolerance: options.tolerance)
    return try combinations.map { weights in
        var e = [Double](repeating: 0, count: drawing.k)
        for (name, w) in weights {
            guard let j = result.terms.firstIndex(of: name) else {
                throw InputError(key: "bootstrap", "\(name) is not an estimated coefficient (terms: \(result.terms.joined(separator: ", ")))")
            }
            e[j] = w
        }
        let d = try drawing.combinationDraws(e, restricted: spec.type == .restricted)
        let se = drawing.searchStep(d)
        return WildBootstrapCombination(estimate: d.estimate, pValue: d.pValues(r: 0).symmetric,
                                        ciLow: d.bound(direction: -1, alpha: 1 - level, standardError: se),
                                        ciHigh: d.bound(direction: 1, alpha: 1 - level, standardError: se))
    }
}

/// The draws of a one- or two-way bootstrap, prepared once: its engine, weights and small-sample factor, so that
/// coefficients, combinations and intervals are computed the same way for both.
struct WildBootstrapDrawing {
    /// The one-way engine (nil two-way).
    let oneWay: WildBootstrapEngine?
    /// The two-way engine (nil one-way).
    let twoWay: MultiwayWildBootstrapEngine?
    /// The weights (draw by draw), the number of draws and whether they are the full Rademacher enumeration.
    let weights: [Double], draws: Int, enumerated: Bool
    /// The bootstrap clusters and the number of coefficients.
    let clusters: Int, k: Int
    /// `G/(G-1) (N-1)/(N-K)`, K counting every absorbed parameter; two-way with the smaller G of the two dimensions.
    let smallSampleFactor: Double

    init(design: Design, terms: [String], cluster: Factor, other: Factor?, spec: WildBootstrapSpec, absorbedParameters: Int,
         tolerance: Double) throws {
        let n = design.nobs
        if let other {
            let p = try prepareMultiwayWildBootstrap(design: design, terms: terms, boot: cluster, other: other, spec: spec, tolerance: tolerance)
            oneWay = nil; twoWay = p.engine
            weights = p.weights; draws = p.draws; enumerated = p.enumerated; clusters = p.engine.clusters; k = p.engine.k
            let g = Double(min(cluster.levelCount, other.levelCount))
            smallSampleFactor = g / (g - 1) * Double(n - 1) / Double(max(1, n - k - absorbedParameters))
        } else {
            let p = try prepareWildBootstrap(design: design, terms: terms, cluster: cluster, spec: spec, tolerance: tolerance)
            oneWay = p.engine; twoWay = nil
            weights = p.weights; draws = p.draws; enumerated = p.enumerated; clusters = p.engine.clusters; k = p.engine.k
            let g = Double(clusters)
            smallSampleFactor = g / (g - 1) * Double(n - 1) / Double(max(1, n - k - absorbedParameters))
        }
    }

    /// The per-draw numbers of `e'b` (restricted: under `e'b = r` for every r).
    func combinationDraws(_ e: [Double], restricted: Bool) throws -> CoefficientDraws {
        if let twoWay { return try twoWay.combinationDraws(e, restricted: restricted, weights: weights, draws: draws) }
        guard let oneWay else { throw InputError(key: "bootstrap", "no bootstrap engine") }
        return try oneWay.combinationDraws(e, restricted: restricted, weights: weights, draws: draws)
    }

    /// The step of the interval search: the standard error (one-way: CR1's; two-way: the unscaled one).
    func searchStep(_ d: CoefficientDraws) -> Double { twoWay == nil ? d.root * smallSampleFactor.squareRoot() : d.root }
}
