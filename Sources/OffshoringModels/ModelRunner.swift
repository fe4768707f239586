import DataIO
import Foundation
import Econometrics
import Linalg

/// A system estimated by iterated SUR after partialling the fixed effects out of every equation.
public struct SystemEstimate {
    /// The SUR fit (coefficients `EQUATION:term`).
    public var fit: SURFit
    /// Observations per equation.
    public var observations: Int
    /// Rows of the sample dropped because some equation had a missing value.
    public var droppedRows: Int
    /// Fixed effects partialled out of both sides of every equation before SUR (empty: an intercept per equation).
    public var fixedEffects: [(name: String, levels: Int)]
}

extension SystemEstimate {
    /// The record of the system: `formulas` are its equations as written (`ModelSpec.equations`); the rows are
    /// the sample's, those dropped the ones with a missing value in some equation.
    public func record(formulas: [String]) -> ModelRecord {
        ModelRecord(fit, formulas: formulas, fixedEffects: fixedEffects.map { ModelRecord.Count(name: $0.name, count: $0.levels) },
                    rows: observations + droppedRows, droppedRows: droppedRows)
    }
}

/// What a model produced.
public enum ModelEstimate {
    /// One equation.
    case single(RegressionResult)
    /// A SUR system.
    case system(SystemEstimate)
    /// A dynamic panel estimated by difference or system GMM.
    case gmm(PanelGMMResult)

    /// The record of the estimate of model `spec` (its formula or equations as written).
    public func record(_ spec: ModelSpec) -> ModelRecord {
        switch self {
        case .single(let r): return ModelRecord(r, formula: spec.formula)
        case .system(let s): return s.record(formulas: spec.equations)
        case .gmm(let g): return ModelRecord(gmm: g, groupsName: ModelRunner.panelStructure.entity)
        }
    }
}

extension ModelRecord {
    /// The record of a GMM fit, as the single-equation models' records are written (one equation, no system): the
    /// coefficients and their robust standard errors (Windmeijer-corrected after two steps), with infinite degrees
    /// of freedom so that the p-values and intervals are the normal ones `offshore regress --model gmm` reports; the
    /// observations are the differenced equations'; R2 and the residual sum of squares are undefined (NaN); the
    /// diagnostics (method, groups, instruments, Hansen J, Sargan, difference-in-Hansen, AR tests) and the fit's
    /// warnings (the latter prefixed `Warning: `) are the notes; the groups (the panel's entities, `groupsName`) are
    /// its clusters, the robust covariance being clustered by them.
    public init(gmm r: PanelGMMResult, groupsName: String) {
        let terms = r.names.indices.map {
            Term(name: r.names[$0], estimate: r.coefficients[$0], standardError: r.standardErrors[$0], degreesOfFreedom: .infinity)
        }
        let response = r.formula.equation.split(separator: "~", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let equation = Equation(response: response, formula: r.formula.text, terms: terms, observations: r.observationCount,
                                r2: .nan, rss: .nan)
        let system = r.options.transformation == .system
        let model = (system ? "System GMM" : "Difference GMM") + (r.options.steps == 2 ? " (two-step)" : " (one-step)")
        let vcov = r.options.steps == 2 ? "two-step robust, Windmeijer-corrected; z tests (standard normal)"
                                        : "one-step robust (sandwich); z tests (standard normal)"
        self.init(model: model, equations: [equation], vcov: nil, vcovDescription: vcov, clusters: [Count(name: groupsName, count: r.groupCount)],
                  notes: Self.gmmNotes(r))
    }

    /// The diagnostics of a GMM fit in words, one line each, then its warnings (`Warning: ...`).
    static func gmmNotes(_ r: PanelGMMResult) -> [String] {
        let method = (r.options.transformation == .system
                      ? "system GMM (Blundell-Bond, \(r.options.convention == .pgmm ? "plm::pgmm's" : "xtabond2's") convention)"
                      : "difference GMM (Arellano-Bond)")
            + ", \(r.options.steps == 2 ? "two-step" : "one-step")\(r.options.collapse ? ", collapsed instruments" : "")"
        return ["Method: " + method] + r.diagnosticLines
    }
}

/// One estimated model, with its sample.
public struct ModelOutcome {
    /// The model as configured.
    public var spec: ModelSpec
    /// The estimates.
    public var estimate: ModelEstimate
    /// The sample's data (rows of the panel in the model's industries and period, shares recomputed within it).
    public var sample: DataFrame
    /// Industries in the sample.
    public var industries: [String]
    /// Years in the sample.
    public var years: [Int]
    /// The wild cluster bootstrap of a single equation: the one its spec asks for, or the default one
    /// (`ModelSpec.defaultBootstrap`) for a model clustered on few clusters.
    public var bootstrap: WildBootstrapResult? = nil
    /// True when `bootstrap` is the default one (the spec asked for none).
    public var bootstrapIsDefault = false
    /// Why the default bootstrap did not run on a model clustered on few clusters (e.g. 2SLS), or nil.
    public var bootstrapNotRun: String? = nil

    /// The record of the estimate (see `ModelRecord`), with the bootstrap's inference when there is one.
    public var record: ModelRecord {
        var m: ModelRecord
        if case .single(let r) = estimate, let bootstrap {
            m = ModelRecord(r, bootstrap: bootstrap, formula: spec.formula)
        } else {
            m = estimate.record(spec)
        }
        if let bootstrapNotRun { m.notes.append(bootstrapNotRun) }
        return m
    }
}

/// Runs models on an `IndustryPanel`.
public enum ModelRunner {
    /// The panel structure every model uses: `industry` by `year`.
    public static let panelStructure = Panel(entity: "industry", time: "year")

    /// The rows of `panel` in the model's industries and period, with `wbshare` and `empshare` recomputed as
    /// shares of the sample's wage bill and employment in each year. Unknown aggregates and periods outside
    /// the panel are `InputError`s keyed by the model.
    public static func sample(_ panel: IndustryPanel, for spec: ModelSpec) throws -> (DataFrame, [String], [Int]) {
        let s = try selection(panel, for: spec)
        return (s.data, s.industries, s.years)
    }

    /// The model's sample (see `sample`) with the panel row of each of its rows.
    static func selection(_ panel: IndustryPanel, for spec: ModelSpec) throws -> (data: DataFrame, rows: [Int], industries: [String], years: [Int]) {
        var industries = panel.industries
        if spec.sample != "all" {
            guard let a = panel.aggregates.first(where: { $0.name == spec.sample }) else {
                throw InputError(key: "model.\(spec.name).sample", "unknown sample '\(spec.sample)': expected all or an aggregate of the classification ("
                                 + panel.aggregates.map(\.name).joined(separator: ", ") + ")")
            }
            industries = panel.industries.filter { a.industries.contains($0) }
        }
        var years = panel.years
        if let p = spec.period {
            years = years.filter { p.contains($0) }
            guard years.count == p.count else {
                throw InputError(key: "model.\(spec.name).period", "period \(p.lowerBound)-\(p.upperBound) is not inside the panel's years (\(describeYears(panel.years)))")
            }
        }
        guard !industries.isEmpty, !years.isEmpty else {
            throw InputError(key: "model.\(spec.name).sample", "the sample \(spec.sampleDescription) has no rows")
        }
        let data = panel.data
        let ind = try data.factor("industry"), yr = try data.numeric("year")
        let keepIndustry = Set(industries), keepYear = Set(years.map(Double.init))
        let rows = (0..<data.rowCount).filter { keepIndustry.contains(ind.levels[Int(ind.codes[$0])]) && keepYear.contains(yr[$0]) }
        var sub = data.selecting(rows: rows)
        // A model with its own denominator or broad/narrow setting takes the panel's columns under that measure; every
        // model gets the narrow columns (om_narrow, om_fh, ...) of its measures.
        if let base = panel.baseMeasure {
            let choice = spec.measureChoice(base: base)
            if let columns = panel.measureColumns[choice] {
                for c in columns { try sub.setColumn(c.name, .numeric(rows.map { c.values[$0] })) }
            } else if choice != base {
                throw InputError(key: "model.\(spec.name).\(spec.denominator != nil ? "denominator" : spec.narrow != nil ? "offshoring" : "prices")",
                                 "the panel has no offshoring measures for \(choice) (build it from a config that lists this model)")
            }
        }
        try sub.setColumn("industry", .categorical(codes: rows.map { r in Int32(industries.firstIndex(of: ind.levels[Int(ind.codes[r])]) ?? -1) },
                                                   levels: industries))
        let year = try sub.numeric("year")
        for (share, source) in [("wbshare", "LAB"), ("empshare", "EMP")] {
            let v = try sub.numeric(source)
            var total: [Double: Double] = [:]
            for i in 0..<sub.rowCount where v[i].isFinite { total[year[i], default: 0] += v[i] }
            try sub.setColumn(share, .numeric((0..<sub.rowCount).map { i in
                let s = v[i] / (total[year[i]] ?? .nan)
                return s.isFinite ? s : .nan
            }))
        }
        return (sub, rows, industries, years)
    }

    /// Estimates one model.
    public static func run(_ spec: ModelSpec, panel: IndustryPanel) throws -> ModelOutcome {
        let (data, industries, years) = try sample(panel, for: spec)
        return try inContext(of: spec) {
            let estimate: ModelEstimate
            var bootstrap: WildBootstrapResult? = nil
            var isDefault = false, notRun: String? = nil
            switch spec.kind {
            case .single:
                if let b = spec.bootstrap {
                    let (r, boot) = try regressWithWildBootstrap(formula: try Formula(spec.formula), data: data, panel: panelStructure,
                                                                 options: try options(spec), bootstrap: b)
                    estimate = .single(r)
                    bootstrap = boot
                } else {
                    let formula = try Formula(spec.formula)
                    let r = try regress(formula: formula, data: data, panel: panelStructure, options: try options(spec))
                    switch defaultBootstrap(spec, formula: formula, result: r) {
                    case .run(let b):
                        let (rb, boot) = try regressWithWildBootstrap(formula: formula, data: data, panel: panelStructure,
                                                                      options: try options(spec), bootstrap: b)
                        estimate = .single(rb)
                        bootstrap = boot
                        isDefault = true
                    case .unavailable(let why):
                        estimate = .single(r)
                        notRun = why
                    case .notNeeded:
                        estimate = .single(r)
                    }
                }
            case .system:
                let frames = try systemFormulas(spec).map { try ModelFrame(formula: $0, data: data, panel: panelStructure) }
                estimate = .system(try system(spec, frames: frames, rowCount: data.rowCount))
            case .gmm:
                estimate = .gmm(try gmm(spec, data: data))
            }
            return ModelOutcome(spec: spec, estimate: estimate, sample: data, industries: industries, years: years, bootstrap: bootstrap,
                                bootstrapIsDefault: isDefault, bootstrapNotRun: notRun)
        }
    }

    /// What the default inference does for a single equation without a bootstrap of its own.
    enum DefaultBootstrap: Equatable {
        /// Run this bootstrap (clustered one way on fewer than `ModelSpec.bootstrapClusterThreshold` clusters).
        case run(WildBootstrapSpec)
        /// Few clusters, but the bootstrap cannot run here: the reason, for the model's notes.
        case unavailable(String)
        /// Enough clusters, not clustered, or turned off (`bootstrap = "none"`).
        case notNeeded
    }

    /// The default inference of `estimate` (issue 17): a model clustered one way on fewer than
    /// `ModelSpec.bootstrapClusterThreshold` clusters gets `ModelSpec.defaultBootstrap` (clustered like its
    /// standard errors), since CR1 with t(G-1) over-rejects there (Reports/benchmarks/size-study.md).
    static func defaultBootstrap(_ spec: ModelSpec, formula: Formula, result r: RegressionResult) -> DefaultBootstrap {
        guard spec.automaticBootstrap, let fewest = r.clusters.map(\.count).min(),
              fewest < ModelSpec.bootstrapClusterThreshold else { return .notNeeded }
        let why = "only \(fewest) clusters and no wild cluster bootstrap: "
        if formula.isIV { return .unavailable(why + "it is not available for 2SLS; the p-values and stars are CR1's, t(G-1), and over-reject") }
        if spec.estimator != .levels { return .unavailable(why + "it is not available for the \(spec.estimator.rawValue) estimator; the p-values and stars are CR1's, t(G-1), and over-reject") }
        guard r.clusters.count == 1, fewest >= 2 else {
            return .unavailable(why + "it is one-way; the p-values and stars are the \(r.clusters.count)-way clustered ones, and over-reject")
        }
        var b = ModelSpec.defaultBootstrap
        b.cluster = r.clusters[0].name
        return .run(b)
    }

    /// The GMM fit of a dynamic model on its sample (`formula` in `offshore regress --model gmm`'s syntax).
    static func gmm(_ spec: ModelSpec, data: DataFrame) throws -> PanelGMMResult {
        try PanelGMM.fit(formula: try PanelGMMFormula(spec.formula), data: data, panel: panelStructure, options: spec.gmmOptions)
    }

    /// The regression options of a single-equation model.
    static func options(_ spec: ModelSpec) throws -> RegressionOptions {
        RegressionOptions(vcov: spec.vcov, weights: spec.weights, model: spec.estimator)
    }

    /// Runs `body`, naming the model in its `InputError`s (keyed `model.<name>`).
    static func inContext<T>(of spec: ModelSpec, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var e as InputError {
            e.message = "model '\(spec.name)': " + (e.key.map { "'\($0)': " } ?? "") + e.message
            e.key = "model.\(spec.name)"
            if e.file == "panel" { e.file = nil }  // the panel is built in memory: the config is the place to fix
            throw e
        }
    }

    /// Iterated SUR of the equations on the rows complete in every equation, with the fixed effects of the
    /// equations (they must be the same in all) partialled out of responses and regressors first. That is
    /// exact (Frisch-Waugh-Lovell holds for GLS with the same dummies in every equation, since
    /// `(Sigma^-1 (x) I)` commutes with `(I (x) M_D)`), so the estimates and their covariance equal those of
    /// SUR with the dummies written out, with the residual covariance's divisor T; with `sur_covariance = "geomean"`
    /// the divisor and the degrees of freedom count the absorbed parameters, which equals systemfit's "geomean" with
    /// the dummies written out.
    static func system(_ spec: ModelSpec, frames: [ModelFrame], rowCount: Int, memo: DemeaningMemo? = nil) throws -> SystemEstimate {
        var complete = [Bool](repeating: true, count: rowCount)
        for fr in frames { for (i, ok) in fr.completeRows().enumerated() where !ok { complete[i] = false } }
        let rows = (0..<rowCount).filter { complete[$0] }
        guard !rows.isEmpty else { throw InputError(key: "equations", "no row of the sample has every variable of the system") }
        let factors = (frames.first?.fixedEffects ?? []).map { $0.selecting(rows: rows) }
        let absorber = FixedEffectsAbsorber(factors: factors)
        // Every equation's response and regressors on the common rows, demeaned together (each column on its
        // own: the same numbers as one at a time).
        var columns: [[Double]] = []
        for fr in frames {
            columns.append(rows.map { fr.response[$0] })
            for col in fr.regressors { columns.append(rows.map { col[$0] }) }
        }
        if !factors.isEmpty {
            if let memo {
                memo.demean(&columns, absorber: absorber, rows: rows)
            } else {
                for c in columns.indices { absorber.demean(&columns[c]) }
            }
        }
        var equations: [SUREquation] = []
        var at = 0
        for fr in frames {
            let y = columns[at]
            at += 1
            var xs: [[Double]] = []
            var names: [String] = []
            if fr.hasIntercept && factors.isEmpty {
                xs.append([Double](repeating: 1, count: rows.count))
                names.append("(Intercept)")
            }
            for name in fr.regressorNames {
                xs.append(columns[at])
                at += 1
                names.append(name)
            }
            equations.append(SUREquation(name: fr.responseName, response: y, regressors: try Matrix(columns: xs), termNames: names))
        }
        // The geomean convention counts the parameters the effects absorb, as if the dummies were written out.
        let absorbed = spec.surCovariance == .geometricMean && !factors.isEmpty ? absorber.degreesOfFreedom : 0
        let fit = try SURFit(equations: equations, restrictions: spec.restrictions,
                             options: SUROptions(iterate: spec.iterate, divisor: spec.surCovariance, absorbedParameters: absorbed))
        return SystemEstimate(fit: fit, observations: rows.count, droppedRows: rowCount - rows.count,
                              fixedEffects: factors.map { ($0.name, $0.levelCount) })
    }

    /// The equations of a system, checked: at least one, no instruments, the same fixed effects in every one.
    static func systemFormulas(_ spec: ModelSpec) throws -> [Formula] {
        let formulas = try spec.equations.map { try Formula($0) }
        guard let first = formulas.first else { throw InputError(key: "equations", "a system needs at least one equation") }
        for f in formulas {
            guard !f.isIV else { throw InputError(key: "equations", "'\(f.text)': instruments are not supported in a system") }
            guard f.fixedEffects.map(\.label) == first.fixedEffects.map(\.label) else {
                throw InputError(key: "equations", "every equation of a system needs the same fixed effects ('\(f.text)' differs from '\(first.text)')")
            }
        }
        return formulas
    }
}
