import DataIO
import Foundation
import Linalg

/// Options of a dynamic-panel GMM fit.
public struct PanelGMMOptions: Equatable {
    /// 1: one-step GMM (weighting by the first-difference kernel H); 2: two-step (weighting by the one-step
    /// residuals' moment covariance), with Windmeijer-corrected standard errors.
    public var steps: Int
    /// Collapse the GMM-style instruments (one column per lag, Roodman 2009).
    public var collapse: Bool

    /// Options with their defaults: two steps, instruments not collapsed.
    public init(steps: Int = 2, collapse: Bool = false) {
        self.steps = steps
        self.collapse = collapse
    }
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

/// A fitted difference-GMM model (Arellano and Bond 1991) with its diagnostics.
///
/// Conventions are plm's `pgmm` (R) by name: the first step weights by `(sum_i Z_i' H Z_i)^-1` with `H` the
/// tridiagonal (2, -1) kernel over the period grid; robust standard errors are the one-step sandwich or, after
/// two steps, Windmeijer's (2005) corrected ones (`vcovHC`); the overidentification statistic is Hansen's J with
/// the weighting matrix from the one-step residuals (what `pgmm`'s summary prints as "Sargan test"), with
/// degrees of freedom instruments minus coefficients; the AR tests are `mtest` with the robust variance.
/// One difference: instrument columns that are zero in every equation are dropped (pgmm keeps them and falls
/// back on a generalised inverse), so the instrument count and the J test's degrees of freedom count only
/// instruments that carry information.
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
    /// Number of time-effect coefficients at the end of `names`.
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
    /// Warnings (instrument proliferation, singular weighting matrices, dropped instruments).
    public let warnings: [String]

    /// The p-value of Hansen's J test.
    public var hansenPValue: Double { chiSquareUpperTail(hansen, df: Double(hansenDF)) }
    /// z statistics.
    public var zValues: [Double] { zip(coefficients, standardErrors).map { $0 / $1 } }
    /// Two-sided normal p-values.
    public var pValues: [Double] { zValues.map(normalTwoSidedPValue) }
}

/// Difference GMM for dynamic panels (Arellano and Bond 1991).
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

        // Differenced equations, zeroed where a value is missing.
        let k = frame.regressors.count
        let timeNames = formula.timeEffects == nil ? [] : (first..<periods).map { "\(panel.time)::\(tmin + Int64($0))" }
        let kt = k + timeNames.count
        let rows = groups * te
        var y = [Double](repeating: 0, count: rows)
        var present = [Bool](repeating: false, count: rows)
        var x = Matrix(rows: rows, cols: kt)
        for g in 0..<groups {
            for s in first..<periods {
                let row = g * te + (s - first)
                let r = cell[g * periods + s], rp = cell[g * periods + s - 1]
                guard r >= 0, rp >= 0 else { continue }
                let dy = frame.response[r] - frame.response[rp]
                guard dy.isFinite else { continue }
                var dx = [Double](repeating: 0, count: k)
                var ok = true
                for j in 0..<k {
                    dx[j] = frame.regressors[j][r] - frame.regressors[j][rp]
                    if !dx[j].isFinite { ok = false; break }
                }
                guard ok else { continue }
                present[row] = true
                y[row] = dy
                for j in 0..<k { x[row, j] = dx[j] }
                if !timeNames.isEmpty {
                    x[row, k + s - first] = 1
                    if s - 1 >= first { x[row, k + s - 1 - first] = -1 }
                }
            }
        }
        let used = present.filter { $0 }.count
        guard used > 0 else {
            throw InputError(key: "formula", "no differenced equation is complete: every entity misses the response or a regressor in two consecutive periods after the first \(first)")
        }

        // Instrument columns.
        var zcols: [[Double]] = []
        for (spec, values) in zip(formula.gmm, gmmValues) {
            func level(_ g: Int, _ pos: Int) -> Double {
                guard pos >= 0 else { return 0 }
                let r = cell[g * periods + pos]
                guard r >= 0, values[r].isFinite else { return 0 }
                return values[r]
            }
            if options.collapse {
                let top = min(spec.maxLag, periods - 1)
                guard spec.minLag <= top else { continue }
                for lag in spec.minLag...top {
                    var col = [Double](repeating: 0, count: rows)
                    for g in 0..<groups { for s in first..<periods where present[g * te + s - first] { col[g * te + s - first] = level(g, s - lag) } }
                    zcols.append(col)
                }
            } else {
                for s in first..<periods {
                    guard s - spec.minLag >= 0 else { continue }
                    for pos in max(0, s - spec.maxLag)...(s - spec.minLag) {
                        var col = [Double](repeating: 0, count: rows)
                        for g in 0..<groups where present[g * te + s - first] { col[g * te + s - first] = level(g, pos) }
                        zcols.append(col)
                    }
                }
            }
        }
        for values in ivValues {
            var col = [Double](repeating: 0, count: rows)
            for g in 0..<groups {
                for s in first..<periods where present[g * te + s - first] {
                    let r = cell[g * periods + s], rp = cell[g * periods + s - 1]
                    let v = values[r] - values[rp]
                    col[g * te + s - first] = v.isFinite ? v : 0
                }
            }
            zcols.append(col)
        }
        for j in k..<kt { zcols.append(x.column(j)) }
        let informative = zcols.filter { $0.contains { $0 != 0 } }
        var warnings: [String] = []
        if informative.count < zcols.count {
            warnings.append("\(zcols.count - informative.count) instrument column(s) are zero in every equation and were dropped")
        }
        let p = informative.count
        guard p >= kt else {
            throw InputError(key: "formula", "the model is not identified: \(p) instrument(s) for \(kt) coefficient(s)")
        }
        guard p <= used else {
            throw InputError(key: "formula", "more instruments (\(p)) than differenced equations (\(used)); shorten the lag ranges or use --collapse")
        }
        if p >= groups {
            warnings.append("the instrument count (\(p)) is not below the number of groups (\(groups)): instrument proliferation weakens the Hansen test and biases two-step estimates (Roodman 2009); consider --collapse or shorter lag ranges")
        } else if 2 * p > groups {
            warnings.append("the instrument count (\(p)) approaches the number of groups (\(groups)); consider --collapse or shorter lag ranges")
        }
        let z = try Matrix(columns: informative)
        var h = Matrix(rows: te, cols: te)
        for i in 0..<te {
            h[i, i] = 2
            if i + 1 < te { h[i, i + 1] = -1; h[i + 1, i] = -1 }
        }
        let eq = GMMStackedEquations(periods: te, groups: groups, y: y, x: x, z: z, present: present, h: h)
        let out = try GMMEngine.fit(eq, steps: options.steps)
        let se = out.robustVcov.diagonalElements.map { $0 > 0 ? $0.squareRoot() : .nan }
        let ar = out.ar.enumerated().compactMap { i, z in z.map { ArellanoBondTest(order: i + 1, z: $0, pValue: normalTwoSidedPValue($0)) } }
        return PanelGMMResult(formula: formula, options: options, names: frame.regressorNames + timeNames,
                              coefficients: out.coefficients, oneStepCoefficients: out.oneStep, standardErrors: se,
                              vcov: out.robustVcov, timeEffectCount: timeNames.count, hansen: out.hansen,
                              hansenDF: p - kt, arTests: ar, instrumentCount: p, groupCount: groups,
                              observationCount: used, warnings: warnings + out.warnings)
    }
}
