import DataIO
import Econometrics
import Linalg

/// One line of a contributions table: a regressor, the year effects, the residual, the total, a part of an
/// interaction, or a group of rows added together.
public struct ContributionRow: Equatable {
    /// What a row is. The rows of kind `term`, `yearEffects` and `residual` are the summands: they add to the
    /// total change, 100 % (the `total` row is their sum); the other kinds regroup summands.
    public enum Kind: String, Equatable, Sendable {
        /// One regressor: b_k dX_k / dS.
        case term
        /// The change in the absorbed fixed effects: with industry and year effects, the year effects (an industry's
        /// own effect cancels in its change), sum_i w_i (g_T - g_0) / dS.
        case yearEffects = "year effects"
        /// The weighted change in the model's residuals, sum_i w_i (e_iT - e_i0) / dS.
        case residual
        /// The sum of the summands: 100 % up to rounding.
        case total
        /// The part of an interaction term's contribution due to the change in one of its factors (midpoint rule).
        case interactionPart = "interaction part"
        /// A group of terms or interaction parts added together.
        case group
    }

    /// The term (coefficient name) or the row's name.
    public var name: String
    /// The terms added (one for a regressor or an interaction part; none for the year effects, the residual and
    /// the total).
    public var terms: [String]
    /// True for every row below the summands (the total, interaction parts, groups).
    public var isGroup: Bool
    /// The coefficient b_k (a term or an interaction part; nil otherwise).
    public var coefficient: Double?
    /// dX_k = sum_i w_i (x_ik,T - x_ik,0) (a term); for an interaction part, the weighted change of the
    /// interaction due to its factor; nil otherwise.
    public var change: Double?
    /// Share of dS explained (a fraction; 1 is 100 %).
    public var contribution: Double
    /// Delta-method standard error sqrt(c'Vc), c the row's weights on the coefficients (the row is affine in them).
    public var standardError: Double
    /// The 95 % interval of the contribution (`ContributionTable.interval` says how it was computed; NaN until
    /// `Contributions.compute` sets it).
    public var ciLow: Double = .nan, ciHigh: Double = .nan
    /// What the row is.
    public var kind: Kind = .term
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
    /// The summands (one row per regressor, then the year effects and the residual when the model's fixed effects
    /// were given), then the total, the interaction parts, the groups and all regressors together.
    public var rows: [ContributionRow]
    /// Things the user should know (terms not estimated, industries without both years, how the rows add up).
    public var notes: [String]
    /// How the rows' intervals were computed, in words (`delta method, ...` or `wild cluster bootstrap, ...`).
    public var interval: String = ""
    /// True when the intervals are the wild cluster bootstrap's.
    public var bootstrapped = false
    /// Every row is affine in the coefficients: `offset + sum_k weights[k] b_k` over `linearTerms`, one entry per
    /// row in the rows' order; the intervals are computed from it.
    var linear: [(offset: Double, weights: [Double])] = []
    /// The terms `linear`'s weights refer to.
    var linearTerms: [String] = []

    /// The sum of the summands (terms, year effects, residual): 1 (100 %) up to rounding when the table has the
    /// year-effects and residual rows.
    public var summandTotal: Double {
        rows.filter { [.term, .yearEffects, .residual].contains($0.kind) }.reduce(0) { $0 + $1.contribution }
    }
    /// The model's bootstrap the intervals come from (its seed, weights, type), nil for delta-method intervals.
    public var bootstrap: WildBootstrapSpec? = nil
    /// The number of bootstrap draws used (all 2^G when Rademacher weights were enumerated), nil without a bootstrap.
    public var bootstrapDraws: Int? = nil
}

/// The absorbed fixed effects of a model, for the year-effects and residual rows of a decomposition.
public struct AbsorbedEffects {
    /// The model's fixed effects, one code per data row (`-1` missing); empty for a model without.
    public var factors: [Factor]
    /// The model's analytic weights per data row, or nil when unweighted.
    public var regressionWeights: [Double]?
    /// Effects from factors and weights.
    public init(factors: [Factor], regressionWeights: [Double]? = nil) {
        self.factors = factors
        self.regressionWeights = regressionWeights
    }
}

/// An interaction term that is the product of two variables (e.g. `I(om * ict)`), with both factors' columns,
/// for its midpoint split: per industry d(a b) = mean(b) d(a) + mean(a) d(b), the means over the two years
/// compared, which is exact.
public struct InteractionSplit {
    /// The interaction term's name.
    public var term: String
    /// The two factors: name and one value per data row.
    public var factors: [(name: String, values: [Double])]
    /// A split of `term` into its two `factors`.
    public init(term: String, factors: [(name: String, values: [Double])]) {
        self.term = term
        self.factors = factors
    }

    /// The name of the row of the part of `term` due to `factor`, e.g. `I(om * ict)[om]` (usable in groups).
    public static func partName(_ term: String, _ factor: String) -> String { term + "[" + factor + "]" }

    /// The two factors of a term written `I(a * b)` or `a:b` with plain variable names, or nil.
    public static func factors(of term: String) -> (String, String)? {
        func trimmed<S: StringProtocol>(_ t: S) -> String {
            String(t.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
        var body = trimmed(term)
        let separator: Character
        if body.hasPrefix("I("), body.hasSuffix(")") {
            body = String(body.dropFirst(2).dropLast())
            separator = "*"
        } else {
            separator = ":"
        }
        let parts = body.split(separator: separator, omittingEmptySubsequences: false).map { trimmed($0) }
        let plain: (String) -> Bool = { p in !p.isEmpty && p.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } }
        guard parts.count == 2, plain(parts[0]), plain(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }
}

/// Contributions of regressors to a change (METHOD.md): contribution_k = b_k dX_k / dS, plus the year effects
/// and the residual so that the table adds to 100 %, interaction terms split between their factors by the
/// midpoint rule, groups, and intervals (the model's wild cluster bootstrap by test inversion, or the delta method).
public enum Contributions {
    /// The decomposition for `spec` of an estimated single-equation model: a row per regressor, the year effects
    /// (the absorbed effects' change) and the residual, which add to 100 % (the `total` row); the part of each
    /// interaction `I(a * b)` or `a:b` of two sample variables due to each factor (midpoint rule); the groups.
    public static func compute(_ spec: ContributionSpec, outcome: ModelOutcome) throws -> ContributionTable {
        let r: RegressionResult
        switch outcome.estimate {
        case .single(let fit): r = fit
        case .system:
            throw InputError(key: "contributions.model", "contributions need a single-equation model; '\(spec.model)' is a system")
        case .gmm:
            // A dynamic model's coefficients are short-run effects with a lagged response carrying the rest: the
            // static decomposition b_k dX_k / dS would not add up to the change.
            throw InputError(key: "contributions.model", "contributions need a single-equation model estimated by OLS; '\(spec.model)' is a dynamic model estimated by GMM (estimator = \"gmm\")")
        }
        guard outcome.spec.estimator == .levels else {
            throw InputError(key: "contributions.model", "contributions need a model in levels; '\(spec.model)' is in first differences")
        }
        let formula = try Formula(outcome.spec.formula)
        let data = outcome.sample
        let frame = try ModelFrame(formula: formula, data: data, panel: ModelRunner.panelStructure)
        let weights = try data.numeric(spec.weights)
        var complete = frame.completeRows()
        // Rows the estimation could not use (a missing or zero regression weight) have no residual: left out too.
        let regressionWeights = try outcome.spec.weights.map { try data.numeric($0) }
        if let rw = regressionWeights { for i in complete.indices where !(rw[i].isFinite && rw[i] > 0) { complete[i] = false } }
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
        // Exogenous regressors, then any endogenous ones (2SLS): every estimated slope has its row.
        for (name, column) in zip(frame.regressorNames + frame.endogenousNames, frame.regressors + frame.endogenous) {
            if r.index(of: name) == nil { notes.append("term \(name) was not estimated (collinear), so it has no contribution"); continue }
            terms.append(name)
            x.append(column)
        }
        let b = terms.map { r.index(of: $0).map { r.estimates[$0] } ?? .nan }
        let v = r.vcov.submatrix(rows: terms.compactMap(r.index(of:)), cols: terms.compactMap(r.index(of:)))
        // Interactions of two sample variables, split by the midpoint rule (the product checked against the term).
        var splits: [InteractionSplit] = []
        for (k, term) in terms.enumerated() {
            guard let (a, c) = InteractionSplit.factors(of: term), data.index(of: a) != nil, data.index(of: c) != nil,
                  let va = try? data.numeric(a), let vc = try? data.numeric(c) else { continue }
            let isProduct = (0..<data.rowCount).allSatisfy { i in
                !complete[i] || abs(va[i] * vc[i] - x[k][i]) <= 1e-12 * max(1, abs(x[k][i]))
            }
            if isProduct { splits.append(InteractionSplit(term: term, factors: [(a, va), (c, vc)])) }
        }
        let intercept = r.index(of: "(Intercept)").map { r.estimates[$0] } ?? 0
        var table = try decompose(model: spec.model, response: frame.responseName, terms: terms, x: x, y: frame.response.map { $0 - intercept },
                                  industry: ind.codes.map { $0 < 0 ? "" : ind.levels[Int($0)] }, year: year.map { Int($0) },
                                  complete: complete, weights: weights, coefficients: b, covariance: v, from: from, to: to,
                                  base: spec.base, weightsName: spec.weights, groups: spec.groups, notes: notes,
                                  effects: AbsorbedEffects(factors: frame.fixedEffects, regressionWeights: regressionWeights),
                                  interactions: splits)
        try addIntervals(&table, outcome: outcome, result: r, formula: formula)
        return table
    }

    /// The 95 % interval of every row. Every row is affine in the coefficients, `a + c'b` with `a` and `c` fixed
    /// by the data (a term: `c_k = dX_k / dS`; the year effects and the residual: minus the change of each
    /// regressor's part explained, or not, by the fixed effects), so where the model was bootstrapped its interval
    /// is `a` plus the wild bootstrap's interval for `c'b`, with the model's own draws (same spec and seed): test
    /// inversion of `c'b = r`, exactly as the coefficients' intervals. Elsewhere it is the delta-method interval
    /// `contribution +- t(df, 0.975) sqrt(c'Vc)` with the model's t degrees of freedom (G - 1 when clustered).
    /// A row with no weight on any coefficient (the total) is its value, without sampling error.
    static func addIntervals(_ table: inout ContributionTable, outcome: ModelOutcome, result r: RegressionResult,
                             formula: Formula) throws {
        let fixed = table.linear.map { $0.weights.allSatisfy { $0 == 0 } }
        if let boot = outcome.bootstrap {
            let indices = table.rows.indices.filter { !fixed[$0] }
            let combos: [[String: Double]] = indices.map { i in
                var c: [String: Double] = [:]
                for (k, w) in table.linear[i].weights.enumerated() where w != 0 { c[table.linearTerms[k]] = w }
                return c
            }
            let results = try ModelRunner.inContext(of: outcome.spec) {
                try wildBootstrapCombinations(formula: formula, data: outcome.sample, panel: ModelRunner.panelStructure,
                                              options: try ModelRunner.options(outcome.spec), bootstrap: boot.spec,
                                              combinations: combos, level: 0.95)
            }
            for (i, b) in zip(indices, results) {
                table.rows[i].ciLow = table.linear[i].offset + b.ciLow
                table.rows[i].ciHigh = table.linear[i].offset + b.ciHigh
            }
            table.bootstrapped = true
            table.bootstrap = boot.spec
            table.bootstrapDraws = boot.draws
            table.interval = "wild cluster bootstrap of the model (\(boot.spec.type == .restricted ? "restricted" : "unrestricted"), \(boot.spec.weights.rawValue) weights, "
                + "\(NumberText.grouped(boot.draws)) draws, seed \(boot.spec.seed), the model's draws): 95 % interval of c'b by test inversion"
        } else {
            let q = studentCritical(level: 0.95, df: r.tDegreesOfFreedom)
            for i in table.rows.indices where !fixed[i] {
                table.rows[i].ciLow = table.rows[i].contribution - q * table.rows[i].standardError
                table.rows[i].ciHigh = table.rows[i].contribution + q * table.rows[i].standardError
            }
            table.interval = "delta method: contribution +- t(\(NumberText.shortest(r.tDegreesOfFreedom)), 0.975) x std. error"
        }
        for i in table.rows.indices where fixed[i] {
            table.rows[i].ciLow = table.rows[i].contribution
            table.rows[i].ciHigh = table.rows[i].contribution
        }
    }

    /// The arithmetic of the decomposition on raw columns (one value per row): exposed so it can be checked by hand.
    /// - Parameters:
    ///   - x: one column per term; `y` the response (less any intercept); `complete` marks rows usable in the model.
    ///   - weights: the industry weight of each row (`w_i` is the first year's, or the mean over from...to).
    ///   - coefficients, covariance: b and V over `terms`.
    ///   - groups: named lists of terms, or of interaction parts (`InteractionSplit.partName`), added together.
    ///   - effects: the model's absorbed fixed effects and regression weights: when given, the table has the rows
    ///     `year effects` (the weighted change in the fitted effects, the weighted least-squares projection of
    ///     `y - Xb` on the effects' dummies over the complete rows) and `residual` (the rest of `y - Xb`), so
    ///     that the summands add to 100 % exactly (the `total` row); nil keeps the regressors' rows only.
    ///   - interactions: interaction terms to split between their two factors by the midpoint rule.
    public static func decompose(model: String, response: String, terms: [String], x: [[Double]], y: [Double],
                                 industry: [String], year: [Int], complete: [Bool], weights: [Double],
                                 coefficients: [Double], covariance: Matrix, from: Int, to: Int,
                                 base: ContributionSpec.Base, weightsName: String,
                                 groups: [(name: String, terms: [String])], notes: [String] = [],
                                 effects: AbsorbedEffects? = nil, interactions: [InteractionSplit] = []) throws -> ContributionTable {
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
        let pairs: [(r0: Int, rT: Int)] = used.compactMap { code in
            guard let rows = rowOf[code], let r0 = rows[from], let rT = rows[to] else { return nil }
            return (r0, rT)
        }
        func change(_ v: [Double]) -> Double {
            var s = 0.0
            for (k, p) in pairs.enumerated() { s += w[k] * (v[p.rT] - v[p.r0]) }
            return s
        }
        let dS = change(y)
        guard dS != 0, dS.isFinite else {
            throw InputError(key: "contributions.\(model)", "the weighted change of \(response) between \(from) and \(to) is \(dS): there is no change to decompose")
        }
        let dX = x.map(change)
        let k = terms.count
        // Every row is offset + c'b; its value and delta-method standard error follow from (offset, c).
        func row(_ name: String, kind: ContributionRow.Kind, members: [String], offset: Double = 0, c: [Double],
                 coefficient: Double? = nil, change: Double? = nil) -> (ContributionRow, (offset: Double, weights: [Double])) {
            var value = offset, variance = 0.0
            for a in 0..<k {
                guard c[a] != 0 else { continue }
                value += coefficients[a] * c[a]
                for bIdx in 0..<k where c[bIdx] != 0 { variance += c[a] * covariance[a, bIdx] * c[bIdx] }
            }
            let isGroup = ![.term, .yearEffects, .residual].contains(kind)
            return (ContributionRow(name: name, terms: members, isGroup: isGroup, coefficient: coefficient, change: change,
                                    contribution: value, standardError: max(variance, 0).squareRoot(), kind: kind), (offset, c))
        }
        var built: [(ContributionRow, (offset: Double, weights: [Double]))] = []
        // The regressors.
        var weightsOf: [String: [Double]] = [:]
        for (j, term) in terms.enumerated() {
            var c = [Double](repeating: 0, count: k)
            c[j] = dX[j] / dS
            weightsOf[term] = c
            built.append(row(term, kind: .term, members: [term], c: c, coefficient: coefficients[j], change: dX[j]))
        }
        // The year effects and the residual: y - Xb = P(y - Xb) + M(y - Xb), P the projection on the effects'
        // dummies, so each is affine in b: offset d(Py)/dS (or d(My)/dS) and weights -d(P x_k)/dS (or -d(M x_k)/dS).
        if let effects {
            let (explained, rest) = try project(columns: [y] + x, factors: effects.factors, weights: effects.regressionWeights,
                                                complete: complete, model: model)
            let yearC = (0..<k).map { -change(explained[$0 + 1]) / dS }
            let restC = (0..<k).map { -change(rest[$0 + 1]) / dS }
            if !effects.factors.isEmpty {
                let names = effects.factors.map(\.name)
                let label = names.contains("year") ? "year effects" : "fixed effects (\(names.joined(separator: ", ")))"
                built.append(row(label, kind: .yearEffects, members: [], offset: change(explained[0]) / dS, c: yearC))
            }
            built.append(row("residual", kind: .residual, members: [], offset: change(rest[0]) / dS, c: restC))
            let total = built.reduce(0.0) { $0 + $1.0.contribution }
            var totalRow = row("total", kind: .total, members: [], offset: total, c: [Double](repeating: 0, count: k))
            totalRow.0.standardError = 0
            built.append(totalRow)
            var why = "The rows above the rule add to the total change, 100 %: the regressors' contributions b_k dX_k / dS, "
            if !effects.factors.isEmpty {
                why += "the change in the absorbed effects (\(effects.factors.map(\.name).joined(separator: " + "))"
                    + (effects.factors.map(\.name).contains("industry") ? "; an industry's own effect cancels in its change" : "") + "), "
            }
            why += "and the weighted change in the residuals; every row is affine in the coefficients, and its standard error and interval "
                + "reflect the coefficients' uncertainty with the data held fixed"
            notes.append(why)
        }
        // Interaction parts (midpoint rule): per industry d(ab) = mean(b) d(a) + mean(a) d(b), exact.
        for split in interactions {
            guard let j = terms.firstIndex(of: split.term), split.factors.count == 2 else {
                throw InputError(key: "contributions.\(model)", "interaction '\(split.term)' is not a product of two factors among the model's terms (\(terms.joined(separator: ", ")))")
            }
            var parts: [String] = []
            for (f, factor) in split.factors.enumerated() {
                let other = split.factors[1 - f].values
                var s = 0.0
                for (m, p) in pairs.enumerated() {
                    s += w[m] * 0.5 * (other[p.r0] + other[p.rT]) * (factor.values[p.rT] - factor.values[p.r0])
                }
                var c = [Double](repeating: 0, count: k)
                c[j] = s / dS
                let name = InteractionSplit.partName(split.term, factor.name)
                weightsOf[name] = c
                built.append(row(name, kind: .interactionPart, members: [split.term], c: c, coefficient: coefficients[j], change: s))
                parts.append("\(name) \(NumberText.fixed(100 * coefficients[j] * c[j], decimals: 2)) %")
            }
            let (a, bName) = (split.factors[0].name, split.factors[1].name)
            notes.append("\(split.term) is split between \(a) and \(bName) by the midpoint rule, exact: per industry d(\(a)*\(bName)) = "
                         + "mean(\(bName)) d(\(a)) + mean(\(a)) d(\(bName)), the means over \(from) and \(to): \(parts.joined(separator: ", "))")
        }
        // Groups of terms or interaction parts (a term and a part of it, or a member twice, would count it twice).
        var partOf: [String: String] = [:]
        for s in interactions { for f in s.factors { partOf[InteractionSplit.partName(s.term, f.name)] = s.term } }
        for g in groups {
            var c = [Double](repeating: 0, count: k)
            for (position, m) in g.terms.enumerated() {
                guard let cm = weightsOf[m] else {
                    throw InputError(key: "contributions.groups.\(g.name)", "term '\(m)' is not a regressor of model '\(model)' (its terms: \(terms.joined(separator: ", "))"
                                     + (partOf.isEmpty ? "" : "; interaction parts: " + partOf.keys.sorted().joined(separator: ", ")) + ")")
                }
                let others = g.terms.enumerated().filter { $0.offset != position }.map(\.element)
                if others.contains(m) || partOf[m].map({ others.contains($0) }) == true {
                    throw InputError(key: "contributions.groups.\(g.name)", "'\(m)' would count \(partOf[m] ?? m) twice: list a term, or its parts, once")
                }
                for a in 0..<k { c[a] += cm[a] }
            }
            built.append(row(g.name, kind: .group, members: g.terms, c: c))
        }
        if k > 1 { built.append(row("all regressors", kind: .group, members: terms, c: dX.map { $0 / dS })) }
        let weighting = "\(weightsName), " + (base == .first ? "\(from) values" : "mean over \(from)-\(to)")
        var table = ContributionTable(model: model, response: response, from: from, to: to, weighting: weighting, totalChange: dS,
                                      industries: used, rows: built.map(\.0), notes: notes)
        table.linear = built.map(\.1)
        table.linearTerms = terms
        return table
    }

    /// The weighted least-squares projection of each column on the dummies of `factors` over the complete rows
    /// (rows with a missing code or a non-positive weight are left out): the part explained and the rest, per
    /// row (NaN outside the rows projected). With no factors, nothing is explained.
    static func project(columns: [[Double]], factors: [Factor], weights: [Double]?, complete: [Bool],
                        model: String) throws -> (explained: [[Double]], rest: [[Double]]) {
        let n = complete.count
        let rows = (0..<n).filter { i in
            complete[i] && factors.allSatisfy { $0.codes[i] >= 0 } && (weights.map { $0[i].isFinite && $0[i] > 0 } ?? true)
        }
        var explained = columns.map { _ in [Double](repeating: .nan, count: n) }
        var rest = explained
        guard !factors.isEmpty else {
            for (c, col) in columns.enumerated() { for i in rows { explained[c][i] = 0; rest[c][i] = col[i] } }
            return (explained, rest)
        }
        let root = rows.map { i in weights.map { $0[i].squareRoot() } ?? 1 }
        var offsets: [Int] = []
        var width = 0
        for f in factors { offsets.append(width); width += f.levelCount }
        var d = Matrix(rows: rows.count, cols: width)
        for (r, i) in rows.enumerated() {
            for (f, factor) in factors.enumerated() { d[r, offsets[f] + Int(factor.codes[i])] = root[r] }
        }
        for (c, col) in columns.enumerated() {
            let fit: LeastSquares
            do {
                fit = try LeastSquares(x: d, y: rows.enumerated().map { r, i in root[r] * col[i] })
            } catch {
                throw InputError(key: "contributions.\(model)", "the fixed effects could not be fitted for the year-effects row: \(error)")
            }
            for (r, i) in rows.enumerated() {
                let e = fit.residuals[r] / root[r]
                rest[c][i] = e
                explained[c][i] = col[i] - e
            }
        }
        return (explained, rest)
    }
}
