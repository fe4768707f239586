import DataIO
import Foundation
import Linalg

/// Which equations a dynamic-panel GMM fit stacks.
public enum GMMTransformation: String, Equatable, Sendable {
    /// First differences only (Arellano and Bond 1991).
    case difference
    /// First differences and levels (Blundell and Bond 1998): the level equations are instrumented by lagged
    /// differences of the GMM-style variables and carry an intercept.
    case system
}

/// Where R's `plm::pgmm(transformation = "ld")` and Stata's `xtabond2` (as Python's pydynpd implements it)
/// build system GMM differently, the rule followed. Difference GMM is the same under both.
public enum GMMConvention: String, Equatable, Sendable {
    /// pgmm's: IV-style instruments (the exogenous regressors and `iv()`) get one column for the differenced
    /// equations (in differences) and another for the level equations (in levels); the intercept and the time
    /// dummies are instrumented by themselves in the level equations only; the Arellano-Bond AR tests weight
    /// the instruments' moments of the differenced residuals only.
    case pgmm
    /// xtabond2's and pydynpd's: one column per IV-style instrument for both equations (differences in the
    /// differenced equations, levels in the level equations); the time dummies are IV-style instruments of
    /// both equations, the intercept of the level equations only; the AR tests use the moments of all
    /// residuals (differenced and levels).
    case xtabond2
}

/// Options of a dynamic-panel GMM fit.
public struct PanelGMMOptions: Equatable {
    /// 1: one-step GMM (weighting by the first-step kernel H); 2: two-step (weighting by the one-step
    /// residuals' moment covariance), with Windmeijer-corrected standard errors.
    public var steps: Int
    /// Collapse the GMM-style instruments (one column per lag, Roodman 2009).
    public var collapse: Bool
    /// Difference or system GMM.
    public var transformation: GMMTransformation
    /// The system-GMM convention (pgmm's or xtabond2's); no effect on difference GMM.
    public var convention: GMMConvention

    /// Options with their defaults: two steps, instruments not collapsed, difference GMM, pgmm's convention.
    public init(steps: Int = 2, collapse: Bool = false, transformation: GMMTransformation = .difference,
                convention: GMMConvention = .pgmm) {
        self.steps = steps
        self.collapse = collapse
        self.transformation = transformation
        self.convention = convention
    }
}

/// The difference-in-Hansen test of a group of instruments (here: the level equations' GMM-style instruments
/// of system GMM), Hayashi's (2000) C statistic: the two-step Hansen J of the full model minus the two-step
/// Hansen J of the model without the group, both weighted by (the matching block of) the same moment covariance
/// from the full model's one-step residuals, so that C is never negative.
public struct DifferenceInHansenTest: Equatable {
    /// Two-step Hansen J of the full model (equal to `hansen` of a two-step fit).
    public var fullJ: Double
    /// Hansen J of the model without the group, and its degrees of freedom.
    public var excludingJ: Double
    /// Degrees of freedom of `excludingJ` (instruments left minus coefficients).
    public var excludingDF: Int
    /// The difference `fullJ - excludingJ`.
    public var statistic: Double
    /// Its degrees of freedom: the number of instruments in the group.
    public var df: Int
    /// Upper-tail chi-square p-value of `statistic`.
    public var pValue: Double { chiSquareUpperTail(statistic, df: Double(df)) }
    /// Upper-tail chi-square p-value of `excludingJ`.
    public var excludingPValue: Double { chiSquareUpperTail(excludingJ, df: Double(excludingDF)) }
}

/// An Arellano-Bond test of serial correlation in the differenced residuals.
public struct ArellanoBondTest: Equatable {
    /// The order tested (1 or 2).
    public var order: Int
    /// The standard-normal statistic.
    public var z: Double
    /// Two-sided p-value.
    public var pValue: Double
}

/// A fitted difference-GMM (Arellano and Bond 1991) or system-GMM (Blundell and Bond 1998) model with its
/// diagnostics.
///
/// Conventions are plm's `pgmm` (R) by name: the first step weights by `(sum_i Z_i' H Z_i)^-1` with `H` the
/// tridiagonal (2, -1) kernel over the period grid; robust standard errors are the one-step sandwich or, after
/// two steps, Windmeijer's (2005) corrected ones (`vcovHC`); the overidentification statistic is Hansen's J with
/// the weighting matrix from the one-step residuals (what `pgmm`'s summary prints as "Sargan test"), with
/// degrees of freedom instruments minus coefficients; the AR tests are `mtest` with the robust variance.
/// One difference: instrument columns that are zero in every equation are dropped (pgmm keeps them and falls
/// back on a generalised inverse), so the instrument count and the J test's degrees of freedom count only
/// instruments that carry information.
///
/// System GMM follows `pgmm(transformation = "ld")` (or, by `GMMConvention.xtabond2`, xtabond2 and pydynpd):
/// the first step weights by the block kernel `[G, D; D', I]` (G the (2, -1) kernel of the differences, D the
/// covariance of a differenced and a level error: -1 for the same period's level, +1 for the next; xtabond2's
/// `h(3)`, pgmm's "full"); the level equations carry an intercept and are instrumented by the differences of
/// each GMM-style variable lagged `a - 1` periods for `gmm(x, a:b)` (pgmm always takes lag 1, the same for the
/// usual `a = 2`). Unlike pgmm's `effect = "individual"`, the level equations keep their intercept without
/// time effects (as xtabond2 does).
public struct PanelGMMResult {
    /// The formula as given.
    public let formula: PanelGMMFormula
    /// The options used.
    public let options: PanelGMMOptions
    /// Coefficient names (regressors, then time effects named `TIME::period`).
    public let names: [String]
    /// Final coefficients (two-step when `steps == 2`).
    public let coefficients: [Double]
    /// One-step coefficients.
    public let oneStepCoefficients: [Double]
    /// Robust standard errors (one-step sandwich, or Windmeijer-corrected two-step).
    public let standardErrors: [Double]
    /// The robust variance matrix.
    public let vcov: Matrix
    /// Number of time-effect coefficients at the end of `names` (for system GMM the level equations'
    /// intercept, named `(Intercept)`, and the time dummies).
    public let timeEffectCount: Int
    /// Hansen's J statistic.
    public let hansen: Double
    /// Its degrees of freedom (instruments minus coefficients).
    public let hansenDF: Int
    /// Arellano-Bond AR(1) and AR(2) tests (AR(2) absent when there are too few periods).
    public let arTests: [ArellanoBondTest]
    /// Number of instrument columns used.
    public let instrumentCount: Int
    /// Number of groups (entities with at least one period in the data).
    public let groupCount: Int
    /// Number of differenced equations used.
    public let observationCount: Int
    /// Number of level equations used (system GMM; 0 for difference GMM).
    public let levelObservationCount: Int
    /// The classical Sargan statistic (not robust to heteroskedasticity): the one-step residuals' moments
    /// weighted by the first-step matrix `(sum_i Z_i' H Z_i)^-1` and divided by `s2 = e'e / (2 n)` over the
    /// `n` differenced one-step residuals (their variance is `2 sigma^2` when the errors are iid); degrees of
    /// freedom as Hansen's J. Valid for difference GMM under homoskedasticity; for system GMM H is not the
    /// errors' covariance up to scale, and the statistic is shown only for comparison (as xtabond2 does).
    public let sargan: Double
    /// Difference-in-Hansen test of the level equations' GMM-style instruments (system GMM only).
    public let differenceInHansen: DifferenceInHansenTest?
    /// Warnings (instrument proliferation, singular weighting matrices, dropped instruments).
    public let warnings: [String]

    /// The p-value of the classical Sargan test.
    public var sarganPValue: Double { chiSquareUpperTail(sargan, df: Double(hansenDF)) }
    /// The p-value of Hansen's J test.
    public var hansenPValue: Double { chiSquareUpperTail(hansen, df: Double(hansenDF)) }
    /// z statistics.
    public var zValues: [Double] { zip(coefficients, standardErrors).map { $0 / $1 } }
    /// Two-sided normal p-values.
    public var pValues: [Double] { zValues.map(normalTwoSidedPValue) }
}

/// Difference and system GMM for dynamic panels (Arellano and Bond 1991; Blundell and Bond 1998).
public enum PanelGMM {
    /// Fits `formula` on `data` with the panel structure `panel`.
    ///
    /// Lags follow the time variable (a gap gives a missing lag, never the previous row). The equations are
    /// first differences on the grid of periods from the first to the last in the data; the first usable
    /// period is `max(longest lag + 1, shortest GMM lag)` periods after the first, as in `pgmm`. A difference
    /// with a missing value is dropped (its row zeroed); missing instrument values count as zero.
    /// Throws `InputError` (key `formula`, `panel` or `gmm`) when the model cannot be estimated.
    public static func fit(formula: PanelGMMFormula, data: DataFrame, panel: Panel,
                           options: PanelGMMOptions = PanelGMMOptions()) throws -> PanelGMMResult {
        guard options.steps == 1 || options.steps == 2 else {
            throw InputError(key: "steps", "GMM has 1 or 2 steps, found \(options.steps)")
        }
        if let te = formula.timeEffects, te != panel.time {
            throw InputError(key: "formula", "the time-effects part names '\(te)', but the panel's time variable is '\(panel.time)'")
        }
        let index = try PanelIndex(data: data, panel: panel)
        let main = try Formula(formula.equation)
        guard main.fixedEffects.isEmpty, !main.isIV else {
            throw InputError(key: "formula", "the equation part of a GMM formula takes no '|' fixed effects or IV part")
        }
        let frame = try ModelFrame(formula: main, data: data, panel: panel)
        let maxLag = ([main.response] + main.terms.flatMap(\.factors)).map(\.maximumLag).max() ?? 0
        func evaluate(_ expression: String) throws -> [Double] {
            let f = try Formula("\(expression) ~ 1")
            return try ModelFrame(formula: f, data: data, panel: panel).response
        }
        let gmmValues = try formula.gmm.map { try evaluate($0.expression) }
        let gmmVariables = Set(try formula.gmm.flatMap { try Formula("\($0.expression) ~ 1").response.variables.map(\.name) })
        // Regressors reading no GMM variable are strictly exogenous: they instrument themselves.
        var ivNames: [String] = [], ivValues: [[Double]] = []
        for t in main.terms where Set(t.variables.map(\.name)).isDisjoint(with: gmmVariables) {
            if let k = frame.regressorNames.firstIndex(of: t.label) {
                ivNames.append(t.label); ivValues.append(frame.regressors[k])
            }
        }
        for e in formula.iv { ivNames.append(e); ivValues.append(try evaluate(e)) }

        // The period grid and the groups.
        var tmin = Int64.max, tmax = Int64.min
        var groupOf = [Int32: Int](), groupCodes: [Int32] = []
        for r in 0..<index.time.count {
            let e = index.entity.codes[r], t = index.time[r]
            guard e >= 0, !t.isNaN else { continue }
            tmin = min(tmin, Int64(t)); tmax = max(tmax, Int64(t))
            if groupOf[e] == nil { groupOf[e] = 0; groupCodes.append(e) }
        }
        guard !groupCodes.isEmpty else { throw InputError(key: "panel", "no row has both an entity and a period") }
        groupCodes.sort()
        for (g, e) in groupCodes.enumerated() { groupOf[e] = g }
        guard tmax - tmin < 10_000 else {
            throw InputError(key: "panel", "the periods span \(tmax - tmin + 1) values of '\(panel.time)'; GMM needs a grid of at most 10000 periods")
        }
        let periods = Int(tmax - tmin + 1)
        let minGMMLag = formula.gmm.map(\.minLag).min() ?? 2
        let first = max(maxLag + 1, minGMMLag)
        let te = periods - first
        guard te >= 1 else {
            throw InputError(key: "formula", "too few periods for the lags asked: the data has \(periods) periods of '\(panel.time)', the equation reaches back \(maxLag) and the GMM instruments start at lag \(minGMMLag), leaving no period to estimate on")
        }
        let groups = groupCodes.count
        var cell = [Int](repeating: -1, count: groups * periods)
        for r in 0..<index.time.count {
            let e = index.entity.codes[r], t = index.time[r]
            guard e >= 0, !t.isNaN, let g = groupOf[e] else { continue }
            cell[g * periods + Int(Int64(t) - tmin)] = r
        }

        // Stacked equations: per group `te` differenced rows (periods first..<periods), then for system GMM
        // `te + 1` level rows (periods first-1..<periods); a row missing a value is zeroed.
        let system = options.transformation == .system
        let levelCount = system ? te + 1 : 0
        let perGroup = te + levelCount
        func diffRow(_ g: Int, _ s: Int) -> Int { g * perGroup + s - first }
        func levelRow(_ g: Int, _ s: Int) -> Int { g * perGroup + te + s - (first - 1) }
        let k = frame.regressors.count
        let dummyNames = formula.timeEffects == nil ? [] : (first..<periods).map { "\(panel.time)::\(tmin + Int64($0))" }
        let interceptColumn = system ? k : nil
        let dummyStart = k + (system ? 1 : 0)
        let timeNames = (system ? ["(Intercept)"] : []) + dummyNames
        let kt = k + timeNames.count
        let rows = groups * perGroup
        var y = [Double](repeating: 0, count: rows)
        var present = [Bool](repeating: false, count: rows)
        var x = Matrix(rows: rows, cols: kt)
        var dx = [Double](repeating: 0, count: k)
        for g in 0..<groups {
            for s in first..<periods {
                let row = diffRow(g, s)
                let r = cell[g * periods + s], rp = cell[g * periods + s - 1]
                guard r >= 0, rp >= 0 else { continue }
                let dy = frame.response[r] - frame.response[rp]
                guard dy.isFinite else { continue }
                var ok = true
                for j in 0..<k {
                    dx[j] = frame.regressors[j][r] - frame.regressors[j][rp]
                    if !dx[j].isFinite { ok = false; break }
                }
                guard ok else { continue }
                present[row] = true
                y[row] = dy
                for j in 0..<k { x[row, j] = dx[j] }
                if !dummyNames.isEmpty {
                    x[row, dummyStart + s - first] = 1
                    if s - 1 >= first { x[row, dummyStart + s - 1 - first] = -1 }
                }
            }
            guard system else { continue }
            for s in (first - 1)..<periods {
                let row = levelRow(g, s), r = cell[g * periods + s]
                guard r >= 0, frame.response[r].isFinite,
                      (0..<k).allSatisfy({ frame.regressors[$0][r].isFinite }) else { continue }
                present[row] = true
                y[row] = frame.response[r]
                for j in 0..<k { x[row, j] = frame.regressors[j][r] }
                if let c = interceptColumn { x[row, c] = 1 }
                if !dummyNames.isEmpty, s >= first { x[row, dummyStart + s - first] = 1 }
            }
        }
        let used = (0..<groups).reduce(0) { n, g in n + (first..<periods).filter { present[diffRow(g, $0)] }.count }
        let levelUsed = system ? present.filter { $0 }.count - used : 0
        guard used > 0 else {
            throw InputError(key: "formula", "no differenced equation is complete: every entity misses the response or a regressor in two consecutive periods after the first \(first)")
        }

        // Instrument columns, each tagged as a level-equation GMM-style column or not.
        var zcols: [[Double]] = [], isLevelGMM: [Bool] = []
        func add(_ col: [Double], level: Bool = false) { zcols.append(col); isLevelGMM.append(level) }
        var gmmDifferenceHasValue = false  // whether a GMM-style column of the differenced equations has a value
        for (spec, values) in zip(formula.gmm, gmmValues) {
            let specStart = zcols.count
            func level(_ g: Int, _ pos: Int) -> Double {
                guard pos >= 0 else { return 0 }
                let r = cell[g * periods + pos]
                guard r >= 0, values[r].isFinite else { return 0 }
                return values[r]
            }
            if options.collapse {
                let top = min(spec.maxLag, periods - 1)
                if spec.minLag <= top {
                    for lag in spec.minLag...top {
                        var col = [Double](repeating: 0, count: rows)
                        for g in 0..<groups { for s in first..<periods where present[diffRow(g, s)] { col[diffRow(g, s)] = level(g, s - lag) } }
                        add(col)
                    }
                }
            } else {
                for s in first..<periods {
                    guard s - spec.minLag >= 0 else { continue }
                    for pos in max(0, s - spec.maxLag)...(s - spec.minLag) {
                        var col = [Double](repeating: 0, count: rows)
                        for g in 0..<groups where present[diffRow(g, s)] { col[diffRow(g, s)] = level(g, pos) }
                        add(col)
                    }
                }
            }
            if zcols[specStart...].contains(where: { $0.contains { $0 != 0 } }) { gmmDifferenceHasValue = true }
            guard system else { continue }
            // Level equations: the difference of the variable lagged a - 1 periods.
            let lag = max(spec.minLag - 1, 0)
            func difference(_ g: Int, _ s: Int) -> Double {
                let pos = s - lag
                guard pos >= 1 else { return 0 }
                let r = cell[g * periods + pos], rp = cell[g * periods + pos - 1]
                guard r >= 0, rp >= 0 else { return 0 }
                let d = values[r] - values[rp]
                return d.isFinite ? d : 0
            }
            if options.collapse {
                var col = [Double](repeating: 0, count: rows)
                for g in 0..<groups { for s in (first - 1)..<periods where present[levelRow(g, s)] { col[levelRow(g, s)] = difference(g, s) } }
                add(col, level: true)
            } else {
                for s in (first - 1)..<periods {
                    var col = [Double](repeating: 0, count: rows)
                    for g in 0..<groups where present[levelRow(g, s)] { col[levelRow(g, s)] = difference(g, s) }
                    add(col, level: true)
                }
            }
        }
        let shared = system && options.convention == .xtabond2
        for values in ivValues {
            var col = [Double](repeating: 0, count: rows)
            for g in 0..<groups {
                for s in first..<periods where present[diffRow(g, s)] {
                    let r = cell[g * periods + s], rp = cell[g * periods + s - 1]
                    let v = values[r] - values[rp]
                    col[diffRow(g, s)] = v.isFinite ? v : 0
                }
            }
            guard system else { add(col); continue }
            var levels = shared ? col : [Double](repeating: 0, count: rows)
            for g in 0..<groups {
                for s in (first - 1)..<periods where present[levelRow(g, s)] {
                    let v = values[cell[g * periods + s]]
                    levels[levelRow(g, s)] = v.isFinite ? v : 0
                }
            }
            if !shared { add(col) }
            add(levels)
        }
        for j in k..<kt {
            var col = x.column(j)
            if system, options.convention == .pgmm {
                // pgmm: the intercept and the time dummies instrument the level equations only.
                for g in 0..<groups { for s in first..<periods { col[diffRow(g, s)] = 0 } }
            }
            add(col)
        }
        // GMM-style columns of the differenced equations come first: none informative means the lag ranges
        // reach back before the data in every equation.
        if !gmmDifferenceHasValue {
            let specs = formula.gmm.map { "gmm(\($0.expression), \($0.minLag):\($0.maxLag))" }.joined(separator: " + ")
            throw InputError(key: "formula", "no valid instrument: \(specs) has no value in any differenced equation (the data has \(periods) periods of '\(panel.time)'; the first equation is period \(first + 1), so a GMM-style lag must be at most \(periods - 1) and the variable must be observed that far back)")
        }
        var informative: [[Double]] = [], levelColumns: [Int] = []
        for (col, level) in zip(zcols, isLevelGMM) where col.contains(where: { $0 != 0 }) {
            if level { levelColumns.append(informative.count) }
            informative.append(col)
        }
        var warnings: [String] = []
        if informative.count < zcols.count {
            warnings.append("\(zcols.count - informative.count) instrument column(s) are zero in every equation and were dropped")
        }
        let p = informative.count
        guard p >= kt else {
            throw InputError(key: "formula", "the model is not identified: \(p) instrument(s) for \(kt) coefficient(s)")
        }
        guard p <= used + levelUsed else {
            throw InputError(key: "formula", system
                ? "more instruments (\(p)) than equations (\(used) differenced and \(levelUsed) in levels); shorten the lag ranges or use --collapse"
                : "more instruments (\(p)) than differenced equations (\(used)); shorten the lag ranges or use --collapse")
        }
        if p >= groups {
            warnings.append("the instrument count (\(p)) is not below the number of groups (\(groups)): instrument proliferation weakens the Hansen test and biases two-step estimates (Roodman 2009); consider --collapse or shorter lag ranges")
        } else if 2 * p > groups {
            warnings.append("the instrument count (\(p)) approaches the number of groups (\(groups)); consider --collapse or shorter lag ranges")
        }
        let z = try Matrix(columns: informative)
        var h = Matrix(rows: perGroup, cols: perGroup)
        for i in 0..<te {
            h[i, i] = 2
            if i + 1 < te { h[i, i + 1] = -1; h[i + 1, i] = -1 }
            if system {
                // Cov(e_t - e_{t-1}, e_s): -1 for the previous period's level, +1 for the same period's.
                h[i, te + i] = -1; h[te + i, i] = -1
                h[i, te + i + 1] = 1; h[te + i + 1, i] = 1
            }
        }
        for i in te..<perGroup { h[i, i] = 1 }
        let eq = GMMStackedEquations(periods: perGroup, differencedPeriods: te, groups: groups, y: y, x: x, z: z,
                                     present: present, h: h,
                                     arUsesLevelMoments: system && options.convention == .xtabond2,
                                     levelInstrumentColumns: levelColumns)
        let out = try GMMEngine.fit(eq, steps: options.steps)
        let se = out.robustVcov.diagonalElements.map { $0 > 0 ? $0.squareRoot() : .nan }
        let ar = out.ar.enumerated().compactMap { i, z in z.map { ArellanoBondTest(order: i + 1, z: $0, pValue: normalTwoSidedPValue($0)) } }
        return PanelGMMResult(formula: formula, options: options, names: frame.regressorNames + timeNames,
                              coefficients: out.coefficients, oneStepCoefficients: out.oneStep, standardErrors: se,
                              vcov: out.robustVcov, timeEffectCount: timeNames.count, hansen: out.hansen,
                              hansenDF: p - kt, arTests: ar, instrumentCount: p, groupCount: groups,
                              observationCount: used, levelObservationCount: levelUsed, sargan: out.sargan,
                              differenceInHansen: out.differenceInHansen, warnings: warnings + out.warnings)
    }
}

extension PanelGMMResult {
    /// The fit's diagnostics in words, one line each, as `regress --model gmm` prints them under its table and
    /// `estimate` keeps them as a model's notes: observations, groups and instruments; Hansen's J; the classical
    /// Sargan; the difference-in-Hansen of the level instruments (system GMM); the Arellano-Bond tests; then the
    /// warnings (`Warning: ...`).
    public var diagnosticLines: [String] {
        func f(_ d: Double) -> String { d.isFinite ? String(format: "%.4f", d) : "NA" }
        var lines: [String] = []
        let levels = options.transformation == .system ? "; level equations: \(levelObservationCount)" : ""
        lines.append("Observations (differenced equations): \(observationCount)\(levels); groups: \(groupCount); instruments: \(instrumentCount)")
        lines.append("Hansen J (pgmm's Sargan): chi2(\(hansenDF)) = \(f(hansen)), p = \(f(hansenPValue))")
        lines.append("Sargan (classical, one-step, not robust): chi2(\(hansenDF)) = \(f(sargan)), p = \(f(sarganPValue))")
        if let d = differenceInHansen {
            lines.append("Difference-in-Hansen, level GMM instruments: chi2(\(d.df)) = \(f(d.statistic)), p = \(f(d.pValue)); "
                         + "Hansen excluding them: chi2(\(d.excludingDF)) = \(f(d.excludingJ)), p = \(f(d.excludingPValue))")
        }
        for a in arTests { lines.append("Arellano-Bond AR(\(a.order)): z = \(f(a.z)), p = \(f(a.pValue))") }
        return lines + warnings.map { "Warning: " + $0 }
    }
}

