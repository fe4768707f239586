import Accounts
import DataIO
import Dispatch
import Econometrics
import IOTables
import Offshoring
import OffshoringModels

/// One estimated coefficient of one model in one variant.
public struct ResultRow: Equatable, Sendable {
    /// The model's name.
    public var model: String
    /// Position of the model in the run.
    public var modelIndex: Int
    /// The term (`om`; a system's `S_l:om_OECD`).
    public var term: String
    /// Position of the term in the model.
    public var termIndex: Int
    /// Estimate (NaN when undefined: stored as NULL).
    public var estimate: Double
    /// Standard error.
    public var stdError: Double
    /// t statistic.
    public var tValue: Double
    /// Two-sided p-value.
    public var pValue: Double
    /// Observations used by the model.
    public var nobs: Int
    /// Degrees of freedom of the t statistic (NaN for normal-based inference).
    public var df: Double
    /// The sample the model used (`manufacturing`).
    public var sampleUsed: String
    /// The period the model used (`1995-2004`).
    public var periodUsed: String
    /// The standard errors the model used (`cluster:industry`; systems `gls`).
    public var vcovUsed: String

    /// A row.
    public init(model: String, modelIndex: Int, term: String, termIndex: Int, estimate: Double, stdError: Double, tValue: Double,
                pValue: Double, nobs: Int, df: Double, sampleUsed: String, periodUsed: String, vcovUsed: String) {
        self.model = model
        self.modelIndex = modelIndex
        self.term = term
        self.termIndex = termIndex
        self.estimate = estimate
        self.stdError = stdError
        self.tValue = tValue
        self.pValue = pValue
        self.nobs = nobs
        self.df = df
        self.sampleUsed = sampleUsed
        self.periodUsed = periodUsed
        self.vcovUsed = vcovUsed
    }
}

/// What one variant produced: a row per model and term, and the models that could not be estimated.
public struct VariantOutcome: Sendable {
    /// The variant.
    public var variant: Variant
    /// Estimates, models in run order, terms in model order.
    public var rows: [ResultRow]
    /// Models that failed in this variant (model, message); `*` when the panel itself could not be built.
    public var failures: [(model: String, message: String)]

    /// An outcome.
    public init(variant: Variant, rows: [ResultRow], failures: [(model: String, message: String)]) {
        self.variant = variant
        self.rows = rows
        self.failures = failures
    }
}

/// The measure-and-estimate chain of `offshore estimate`, with the tables and accounts loaded once and shared
/// read-only by every thread: each variant recomputes the offshoring measures from every year's table (the
/// reporting country's use of every product from every region) with its grouping, denominator and
/// narrow/broad setting, rebuilds the panel and re-estimates the models with its overrides.
public final class SensitivityChain: @unchecked Sendable {
    /// The base estimate config.
    public let config: EstimateConfig
    /// The models of the run, in order (as configured, before a variant's overrides).
    public let models: [ModelSpec]
    /// The base grouping (the config's).
    public let baseGrouping: Grouping
    /// The tables' regions, in the grouping's codes (aliases applied).
    public let tableRegions: Set<String>
    /// Years of the panel.
    public let years: [Int]
    /// Aggregates of the classification.
    public let aggregates: [String]
    /// A fingerprint of what every variant starts from (resolved config, models, input file digests): a resume
    /// or merge with another fingerprint is refused.
    public let fingerprint: String
    let classification: Classification
    let accounts: IndustryAccounts
    let base: [TableYearData]
    let uses: [CountryUse]
    /// The baseline panel; variants whose grouping has the base grouping's group names only replace its
    /// offshoring columns (the accounts columns do not depend on the variant).
    let basePanel: IndustryPanel
    /// For each panel row: the industry's index in the tables and the year's index in `base`.
    let rowIndustry: [Int]
    let rowYear: [Int]

    /// Loads the tables (in parallel), classification, base grouping and accounts of `config`, and checks that
    /// the baseline panel can be built. `modelNames` selects models of the config (empty: its enabled models).
    public init(config: EstimateConfig, modelNames: [String]) throws {
        self.config = config
        if modelNames.isEmpty {
            models = config.models.filter(\.enabled)
        } else {
            models = try modelNames.map { n in
                guard let m = config.models.first(where: { $0.name == n }) else {
                    throw InputError(key: "base.models", "no model '\(n)' in \(config.path ?? "the base config") (models: \(config.models.map(\.name).joined(separator: ", ")))")
                }
                return m
            }
        }
        guard !models.isEmpty else { throw InputError(key: "base.models", "no model to run: the base config enables none") }
        classification = try Classification.load(path: config.classification)
        let grouping = try Grouping.load(path: config.grouping)
        baseGrouping = grouping
        var files = try TableFiles.find(config.tables)
        if let wanted = config.years {
            let have = Set(files.map(\.year))
            let missing = wanted.filter { !have.contains($0) }
            guard missing.isEmpty else {
                throw InputError(file: config.path, key: "data.years", "no table for \(describeYears(missing)) in \(config.tables)")
            }
            files = files.filter { wanted.contains($0.year) }
        }
        let country = config.country, denominator = config.denominator, classification = classification
        let loaded = try TableFiles.load(files) { table, _ -> (TableYearData, CountryUse, [String]) in
            let data = try TableYearData.extract(table: table, year: table.year ?? 0, country: country, classification: classification,
                                                 grouping: grouping, denominator: denominator)
            let use = try CountryUse(table: table, country: country, canonical: grouping.canonical)
            return (data, use, table.regions.map(grouping.canonical))
        }
        base = loaded.map(\.0)
        uses = loaded.map(\.1)
        tableRegions = Set(loaded.first?.2 ?? [])
        years = base.map(\.year)
        aggregates = classification.aggregates.map(\.name)
        let industries = base.first?.industries ?? []
        let aliases = config.industryCodes.isEmpty ? [:] : try PanelBuilder.industryAliases(path: config.industryCodes)
        accounts = try AccountsReader.read(path: config.accounts, industries: industries, aliases: aliases).0
        // Join problems are the same in every variant: report them now, before any variant runs.
        basePanel = try PanelBuilder.build(tables: base, accounts: accounts, config: config, classification: classification,
                                           grouping: grouping, yearsExplicit: config.years != nil)
        let ind = try basePanel.data.factor("industry"), yr = try basePanel.data.numeric("year")
        var ri: [Int] = [], ry: [Int] = []
        for r in 0..<basePanel.data.rowCount {
            guard let i = industries.firstIndex(of: ind.levels[Int(ind.codes[r])]), let k = years.firstIndex(of: Int(yr[r])) else {
                throw InputError(key: "panel", "row \(r + 1) of the panel has an industry or year the tables lack")
            }
            ri.append(i)
            ry.append(k)
        }
        rowIndustry = ri
        rowYear = ry
        var h = SHA256()
        h.update(Array(config.resolvedTOML().utf8))
        h.update(Array(models.map { "\($0)" }.joined(separator: "\n").utf8))
        for f in files.map(\.path) + [config.classification, config.grouping, config.accounts] {
            h.update(Array((try SHA256.hexDigest(ofFile: f).digest).utf8))
        }
        fingerprint = h.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Checks the grid's samples and periods against the classification and the panel's years.
    public func validate(_ grid: SensitivityGrid) throws {
        for s in grid.samples where s != "model" && s != "all" && !aggregates.contains(s) {
            throw InputError(file: grid.path, key: "grid.samples", "unknown sample '\(s)': expected model, all or an aggregate (\(aggregates.joined(separator: ", ")))")
        }
        for p in grid.periods where p != "model" {
            let r = try periodRange(p)
            guard years.contains(r.lowerBound), years.contains(r.upperBound) else {
                throw InputError(file: grid.path, key: "grid.periods", "period \(p) is not inside the tables' years (\(describeYears(years)))")
            }
        }
    }

    /// The groupings of `grid`: its files (the config's grouping when it lists none), then the generated ones.
    public func groupings(for grid: SensitivityGrid) throws -> [NamedGrouping] {
        var out: [NamedGrouping] = []
        if grid.groupings.isEmpty {
            out.append(NamedGrouping(label: Self.label(baseGrouping, path: config.grouping), grouping: baseGrouping))
        } else {
            for p in grid.groupings {
                let g = try Grouping.load(path: p)
                out.append(NamedGrouping(label: Self.label(g, path: p), grouping: g))
            }
        }
        if let first = out.first {
            for gen in grid.generators {
                out.append(contentsOf: try GroupingVariants.generate(gen, base: first, tableRegions: tableRegions, source: grid.path))
            }
        }
        var seen = Set<String>()
        for g in out where !seen.insert(g.label).inserted {
            throw InputError(file: grid.path, key: "grid.groupings", "two groupings are labelled '\(g.label)' (give the files different [grouping] names)")
        }
        return out
    }

    static func label(_ g: Grouping, path: String) -> String {
        if !g.name.isEmpty { return g.name }
        var base = AtomicFile.baseName(of: path)
        if base.hasSuffix(".toml") { base.removeLast(5) }
        return base
    }

    /// The model as a variant runs it.
    public static func spec(_ model: ModelSpec, in v: Variant) throws -> ModelSpec {
        var s = model
        if v.period != "model" { s.period = try periodRange(v.period) }
        if v.sample != "model" { s.sample = v.sample }
        switch (v.estimator, s.kind) {
        case ("unweighted", .single): s.weights = nil
        case ("fgls", .system): s.iterate = false
        case ("iterated", .system): s.iterate = true
        default: break
        }
        if v.vcov != "model", s.kind == .single { s.vcov = v.vcov }
        return s
    }

    /// Seconds spent in each phase of one variant (`measures`, `panel`, then each model), for profiles.
    public func phaseTimes(_ v: Variant, grouping: Grouping) throws -> [(phase: String, seconds: Double)] {
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        var out: [(phase: String, seconds: Double)] = []
        var t = now()
        func lap(_ name: String) {
            let u = now()
            out.append((name, Double(u - t) / 1e9))
            t = u
        }
        var tables: [TableYearData] = []
        for (k, y) in base.enumerated() {
            tables.append(y.replacingMeasures(try OffshoringMeasures.compute(use: uses[k], country: config.country, classification: classification,
                                                                           grouping: grouping, denominator: v.denominator, narrow: v.narrow)))
        }
        lap("measures")
        var cfg = config
        cfg.denominator = v.denominator
        let panel = try self.panel(tables: tables, config: cfg, grouping: grouping)
        lap("panel")
        for m in models {
            _ = try? ModelRunner.run(try Self.spec(m, in: v), panel: panel)
            lap(m.name)
        }
        return out
    }

    /// The panel of a variant whose measures are `tables`' measures. When the grouping's groups have the base
    /// grouping's names, the baseline panel's offshoring columns (`om`, `os`, `om_<GROUP>`, `os_<GROUP>`,
    /// `om_sup`, `os_sup`) are recomputed exactly as `PanelBuilder` computes them and replaced; otherwise (other
    /// group names, so other columns) the panel is built again by `PanelBuilder`.
    func panel(tables: [TableYearData], config cfg: EstimateConfig, grouping: Grouping) throws -> IndustryPanel {
        let groups = grouping.groups.map(\.name)
        guard groups == basePanel.groups else {
            return try PanelBuilder.build(tables: tables, accounts: accounts, config: cfg, classification: classification,
                                          grouping: grouping, yearsExplicit: cfg.years != nil)
        }
        let n = tables.first?.industries.count ?? 0
        let g = groups.count
        // Each year's intensities by the industry's index in the tables: defined[k][i], then the total om and os
        // and, per group, om and os (NaN when undefined). Measures list the defined industries in table order.
        var defined = [[Bool]](repeating: [Bool](repeating: false, count: n), count: tables.count)
        var omT = [[Double]](repeating: [Double](repeating: .nan, count: n), count: tables.count), osT = omT
        var omByGroup = [[Double]](repeating: [Double](repeating: .nan, count: n * g), count: tables.count), osByGroup = omByGroup
        for (k, t) in tables.enumerated() {
            var i = 0
            for u in t.measures.industries {
                while i < n && t.industries[i] != u.unit { i += 1 }
                guard i < n else { break }
                defined[k][i] = true
                omT[k][i] = u.sums.percent(.om, origin: 0) ?? .nan
                osT[k][i] = u.sums.percent(.os, origin: 0) ?? .nan
                for q in 0..<g {
                    omByGroup[k][i * g + q] = u.sums.percent(.om, origin: q + 1) ?? .nan
                    osByGroup[k][i * g + q] = u.sums.percent(.os, origin: q + 1) ?? .nan
                }
                i += 1
            }
        }
        let rows = rowIndustry.count, nan = Double.nan
        func finite(_ x: Double) -> Double { x.isFinite ? x : nan }
        var om = [Double](repeating: nan, count: rows), os = om, omSup = om, osSup = om
        var omG = [[Double]](repeating: om, count: g), osG = omG
        for r in 0..<rows {
            let i = rowIndustry[r], k = rowYear[r]
            if defined[k][i] {
                om[r] = finite(omT[k][i])
                os[r] = finite(osT[k][i])
                for q in 0..<g {
                    omG[q][r] = finite(omByGroup[k][i * g + q])
                    osG[q][r] = finite(osByGroup[k][i * g + q])
                }
            }
            // Suppliers' offshoring: suppliers without a defined measure add nothing (as PanelBuilder).
            var smo = 0.0, sso = 0.0
            tables[k].coefficients[i].withUnsafeBufferPointer { a in
                omT[k].withUnsafeBufferPointer { mo in
                    osT[k].withUnsafeBufferPointer { so in
                        for j in 0..<n where a[j] != 0 && defined[k][j] {
                            smo += a[j] * mo[j]
                            sso += a[j] * so[j]
                        }
                    }
                }
            }
            omSup[r] = finite(smo)
            osSup[r] = finite(sso)
        }
        var p = basePanel
        try p.data.setColumn("om", .numeric(om))
        try p.data.setColumn("os", .numeric(os))
        for (g, name) in groups.enumerated() {
            try p.data.setColumn("om_\(name)", .numeric(omG[g]))
            try p.data.setColumn("os_\(name)", .numeric(osG[g]))
        }
        try p.data.setColumn("om_sup", .numeric(omSup))
        try p.data.setColumn("os_sup", .numeric(osSup))
        return p
    }

    /// Runs one variant: measures for every year, the panel, every model. Errors of a model are recorded as
    /// failures of that model; the other models still run.
    public func run(_ v: Variant, grouping: Grouping) -> VariantOutcome {
        var cfg = config
        cfg.denominator = v.denominator
        let panel: IndustryPanel
        do {
            var tables: [TableYearData] = []
            tables.reserveCapacity(base.count)
            for (k, t) in base.enumerated() {
                let m = try OffshoringMeasures.compute(use: uses[k], country: config.country, classification: classification,
                                                       grouping: grouping, denominator: v.denominator, narrow: v.narrow)
                tables.append(t.replacingMeasures(m))
            }
            panel = try self.panel(tables: tables, config: cfg, grouping: grouping)
        } catch {
            return VariantOutcome(variant: v, rows: [], failures: [("*", "\(error)")])
        }
        var rows: [ResultRow] = []
        var failures: [(model: String, message: String)] = []
        for (mi, model) in models.enumerated() {
            do {
                let spec = try Self.spec(model, in: v)
                let o = try ModelRunner.run(spec, panel: panel)
                let period = describeYears(o.years)
                switch o.estimate {
                case .single(let r):
                    for k in r.terms.indices {
                        rows.append(ResultRow(model: model.name, modelIndex: mi, term: r.terms[k], termIndex: k, estimate: r.estimates[k],
                                              stdError: r.standardErrors[k], tValue: r.tValues[k], pValue: r.pValues[k], nobs: r.nobs, df: r.tDegreesOfFreedom,
                                              sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.vcov))
                    }
                case .system(let s):
                    for (k, c) in s.fit.coefficients.enumerated() {
                        rows.append(ResultRow(model: model.name, modelIndex: mi, term: c.name, termIndex: k, estimate: c.estimate,
                                              stdError: c.stdError, tValue: c.tValue, pValue: c.pValue, nobs: s.observations, df: Double(c.degreesOfFreedom),
                                              sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.iterate ? "gls (iterated SUR)" : "gls (FGLS)"))
                    }
                }
            } catch {
                failures.append((model.name, "\(error)"))
            }
        }
        return VariantOutcome(variant: v, rows: rows, failures: failures)
    }
}
