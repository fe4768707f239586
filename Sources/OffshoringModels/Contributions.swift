import DataIO
import Econometrics
import Linalg

/// One line of a contributions table: a regressor, or a group of regressors added together.
public struct ContributionRow: Equatable {
    /// The term (coefficient name) or the group's name.
    public var name: String
    /// The terms added (one for a regressor).
    public var terms: [String]
    /// True for a group.
    public var isGroup: Bool
    /// The coefficient b_k (nil for a group).
    public var coefficient: Double?
    /// dX_k = sum_i w_i (x_ik,T - x_ik,0) (nil for a group).
    public var change: Double?
    /// Share of dS explained: sum over the terms of b_k dX_k / dS.
    public var contribution: Double
    /// Delta-method standard error sqrt(c' V c), c_k = dX_k / dS on the terms.
    public var standardError: Double
    /// The 95 % interval of the contribution (`ContributionTable.interval` says how it was computed; NaN until
    /// `Contributions.compute` sets it).
    public var ciLow: Double = .nan, ciHigh: Double = .nan
}

/// The decomposition of the change in a model's (weighted) response between two years.
public struct ContributionTable {
    /// The model decomposed.
    public var model: String
    /// The response (e.g. `S_l`).
    public var response: String
    /// First year.
    public var from: Int
    /// Last year.
    public var to: Int
    /// Weights variable and base, in words.
    public var weighting: String
    /// dS = sum_i w_i (S_i,T - S_i,0).
    public var totalChange: Double
    /// Industries compared (present in both years).
    public var industries: [String]
    /// One row per regressor, then the groups, then all regressors together.
    public var rows: [ContributionRow]
    /// Things the user should know (terms not estimated, industries without both years).
    public var notes: [String]
    /// How the rows' intervals were computed, in words (`delta method, ...` or `wild cluster bootstrap, ...`).
    public var interval: String = ""
    /// True when the intervals are the wild cluster bootstrap's.
    public var bootstrapped = false
    /// The model's bootstrap the intervals come from (its seed, weights, type), nil for delta-method intervals.
    public var bootstrap: WildBootstrapSpec? = nil
    /// The number of bootstrap draws used (all 2^G when Rademacher weights were enumerated), nil without a bootstrap.
    public var bootstrapDraws: Int? = nil
}

/// Contributions of regressors to a change (METHOD.md): contribution_k = b_k dX_k / dS with delta-method
/// standard errors.
public enum Contributions {
    /// The decomposition for `spec` of an estimated single-equation model.
    public static func compute(_ spec: ContributionSpec, outcome: ModelOutcome) throws -> ContributionTable {
        guard case .single(let r) = outcome.estimate else {
            throw InputError(key: "contributions.model", "contributions need a single-equation model; '\(spec.model)' is a system")
        }
        guard outcome.spec.estimator == .levels else {
            throw InputError(key: "contributions.model", "contributions need a model in levels; '\(spec.model)' is in first differences")
        }
        let formula = try Formula(outcome.spec.formula)
        let data = outcome.sample
        let frame = try ModelFrame(formula: formula, data: data, panel: ModelRunner.panelStructure)
        let weights = try data.numeric(spec.weights)
        let complete = frame.completeRows()
        let ind = try data.factor("industry"), year = try data.numeric("year")
        // By default the first and last years the estimation used: a sample year whose every row lacks a variable
        // (e.g. ICT intensity after the source ends) cannot be compared, and the note says which year was taken.
        let used = Set((0..<data.rowCount).filter { complete[$0] }.map { Int(year[$0]) })
        let usedYears = outcome.years.filter { used.contains($0) }
        var notes: [String] = []
        let from = spec.from ?? usedYears.first ?? outcome.years.first ?? 0
        let to = spec.to ?? usedYears.last ?? outcome.years.last ?? 0
        if spec.from == nil, let first = outcome.years.first, from != first {
            notes.append("from \(from), the first year with usable rows (no row of \(first) has every variable of the model)")
        }
        if spec.to == nil, let last = outcome.years.last, to != last {
            notes.append("to \(to), the last year with usable rows (no row of \(describeYears(outcome.years.filter { $0 > to }))) has every variable of the model)")
        }
        guard outcome.years.contains(from), outcome.years.contains(to), from < to else {
            throw InputError(key: "contributions.\(spec.model)", "from \(from) and to \(to) must be two years of the model's sample (\(describeYears(outcome.years))), from before to")
        }
        var x: [[Double]] = []
        var terms: [String] = []
        for (k, name) in frame.regressorNames.enumerated() {
            if r.index(of: name) == nil { notes.append("term \(name) was not estimated (collinear), so it has no contribution"); continue }
            terms.append(name)
            x.append(frame.regressors[k])
        }
        let b = terms.map { r.index(of: $0).map { r.estimates[$0] } ?? .nan }
        let v = r.vcov.submatrix(rows: terms.compactMap(r.index(of:)), cols: terms.compactMap(r.index(of:)))
        var table = try decompose(model: spec.model, response: frame.responseName, terms: terms, x: x, y: frame.response,
                                  industry: ind.codes.map { $0 < 0 ? "" : ind.levels[Int($0)] }, year: year.map { Int($0) },
                                  complete: complete, weights: weights, coefficients: b, covariance: v, from: from, to: to,
                                  base: spec.base, weightsName: spec.weights, groups: spec.groups, notes: notes)
        try addIntervals(&table, terms: terms, outcome: outcome, result: r, formula: formula)
        return table
    }

    /// The 95 % interval of every row. A contribution is linear in the coefficients, `sum_k b_k c_k` with
    /// `c_k = dX_k / dS` fixed by the data, so where the model was bootstrapped its interval is the wild
    /// bootstrap's for that linear combination, with the model's own draws (same spec and seed): test inversion of
    /// `c'b = r`, exactly as the coefficients' intervals (restricted bootstrap: the null imposed at each r).
    /// Elsewhere it is the delta-method interval `contribution +- t(df, 0.975) sqrt(c'Vc)` with the model's t
    /// degrees of freedom (G - 1 when clustered).
    static func addIntervals(_ table: inout ContributionTable, terms: [String], outcome: ModelOutcome, result r: RegressionResult,
                             formula: Formula) throws {
        let combos: [[String: Double]] = table.rows.map { row in
            var c: [String: Double] = [:]
            for m in row.terms {
                guard let j = terms.firstIndex(of: m), let k = table.rows.firstIndex(where: { !$0.isGroup && $0.name == terms[j] }),
                      let dx = table.rows[k].change else { continue }
                c[m] = dx / table.totalChange
            }
            return c
        }
        if let boot = outcome.bootstrap {
            let results = try ModelRunner.inContext(of: outcome.spec) {
                try wildBootstrapCombinations(formula: formula, data: outcome.sample, panel: ModelRunner.panelStructure,
                                              options: try ModelRunner.options(outcome.spec), bootstrap: boot.spec,
                                              combinations: combos, level: 0.95)
            }
            for (i, b) in results.enumerated() {
                table.rows[i].ciLow = b.ciLow
                table.rows[i].ciHigh = b.ciHigh
            }
            table.bootstrapped = true
            table.bootstrap = boot.spec
            table.bootstrapDraws = boot.draws
            table.interval = "wild cluster bootstrap of the model (\(boot.spec.type == .restricted ? "restricted" : "unrestricted"), \(boot.spec.weights.rawValue) weights, "
                + "\(NumberText.grouped(boot.draws)) draws, seed \(boot.spec.seed), the model's draws): 95 % interval of c'b by test inversion"
        } else {
            let q = studentCritical(level: 0.95, df: r.tDegreesOfFreedom)
            for i in table.rows.indices {
                table.rows[i].ciLow = table.rows[i].contribution - q * table.rows[i].standardError
                table.rows[i].ciHigh = table.rows[i].contribution + q * table.rows[i].standardError
            }
            table.interval = "delta method: contribution +- t(\(NumberText.shortest(r.tDegreesOfFreedom)), 0.975) x std. error"
        }
    }

    /// The arithmetic of the decomposition on raw columns (one value per row): exposed so it can be checked by hand.
    /// - Parameters:
    ///   - x: one column per term; `y` the response; `complete` marks rows usable in the model.
    ///   - weights: the industry weight of each row (`w_i` is the first year's, or the mean over from...to).
    ///   - coefficients, covariance: b and V over `terms`.
    public static func decompose(model: String, response: String, terms: [String], x: [[Double]], y: [Double],
                                 industry: [String], year: [Int], complete: [Bool], weights: [Double],
                                 coefficients: [Double], covariance: Matrix, from: Int, to: Int,
                                 base: ContributionSpec.Base, weightsName: String,
                                 groups: [(name: String, terms: [String])], notes: [String] = []) throws -> ContributionTable {
        var notes = notes
        var rowOf: [String: [Int: Int]] = [:]
        var order: [String] = []
        for i in 0..<y.count where !industry[i].isEmpty {
            if rowOf[industry[i]] == nil { order.append(industry[i]) }
            rowOf[industry[i], default: [:]][year[i]] = i
        }
        var used: [String] = []
        var w: [Double] = []
        var lost: [String] = []
        for code in order {
            guard let rows = rowOf[code], let r0 = rows[from], let rT = rows[to], complete[r0], complete[rT] else { lost.append(code); continue }
            var wi: Double
            switch base {
            case .first: wi = weights[r0]
            case .mean:
                var s = 0.0, n = 0.0
                for (yy, r) in rows where yy >= from && yy <= to && weights[r].isFinite { s += weights[r]; n += 1 }
                wi = n > 0 ? s / n : .nan
            }
            guard wi.isFinite else { lost.append(code); continue }
            used.append(code)
            w.append(wi)
        }
        if !lost.isEmpty { notes.append("industries without usable rows in both \(from) and \(to), left out: \(lost.joined(separator: ", "))") }
        guard !used.isEmpty else {
            throw InputError(key: "contributions.\(model)", "no industry has usable rows in both \(from) and \(to)")
        }
        func change(_ v: [Double]) -> Double {
            var s = 0.0
            for (k, code) in used.enumerated() {
                guard let rows = rowOf[code], let r0 = rows[from], let rT = rows[to] else { continue }
                s += w[k] * (v[rT] - v[r0])
            }
            return s
        }
        let dS = change(y)
        guard dS != 0, dS.isFinite else {
            throw InputError(key: "contributions.\(model)", "the weighted change of \(response) between \(from) and \(to) is \(dS): there is no change to decompose")
        }
        let dX = x.map(change)
        let k = terms.count
        func row(_ name: String, _ members: [String], group: Bool) throws -> ContributionRow {
            var c = [Double](repeating: 0, count: k)
            for m in members {
                guard let j = terms.firstIndex(of: m) else {
                    throw InputError(key: "contributions.groups.\(name)", "term '\(m)' is not a regressor of model '\(model)' (its terms: \(terms.joined(separator: ", ")))")
                }
                c[j] = dX[j] / dS
            }
            var value = 0.0, variance = 0.0
            for a in 0..<k {
                value += coefficients[a] * c[a]
                for bIdx in 0..<k { variance += c[a] * covariance[a, bIdx] * c[bIdx] }
            }
            let j = members.count == 1 ? terms.firstIndex(of: members[0]) : nil
            return ContributionRow(name: name, terms: members, isGroup: group, coefficient: group ? nil : j.map { coefficients[$0] },
                                   change: group ? nil : j.map { dX[$0] }, contribution: value, standardError: max(variance, 0).squareRoot())
        }
        var rows = try terms.map { try row($0, [$0], group: false) }
        for g in groups { rows.append(try row(g.name, g.terms, group: true)) }
        if k > 1 { rows.append(try row("all regressors", terms, group: true)) }
        let weighting = "\(weightsName), " + (base == .first ? "\(from) values" : "mean over \(from)-\(to)")
        return ContributionTable(model: model, response: response, from: from, to: to, weighting: weighting, totalChange: dS,
                                 industries: used, rows: rows, notes: notes)
    }
}
