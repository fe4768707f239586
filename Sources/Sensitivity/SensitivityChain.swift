import Accounts
import DataIO
import Dispatch
import Foundation
import Econometrics
import IOTables
import Linalg
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
    /// Per year (as `base`): the reporting country's imports reduced over products, broad `[0]` and narrow `[1]`.
    let flows: [[OffshoringFlows]]
    /// True when every year's table has the first year's regions in the same order (then one grouping resolution
    /// serves every year).
    let sameRegions: Bool
    /// The offshoring columns of the baseline panel: what a variant changes.
    let varyingColumns: Set<String>
    /// Models prepared on the baseline panel, by model and the settings a variant can change.
    let plans = PlanCache()
    /// The offshoring columns and model results of the most recent measure sets (grouping, denominator,
    /// narrow/broad), shared by the variants that differ only in estimator, standard errors, period or sample.
    let reuse = ReuseCache(capacity: 2 * ProcessInfo.processInfo.activeProcessorCount + 4)
    /// False: every variant computes its measures and models itself, sharing nothing with other variants but the
    /// prepared models (for benchmarks of a variant's full cost). True by default.
    public var sharesWork = true
    /// The baseline panel; variants whose grouping has the base grouping's group names only replace its
    /// offshoring columns (the accounts columns do not depend on the variant).
    let basePanel: IndustryPanel
    /// For each panel row: the industry's index in the tables and the year's index in `base`.
    let rowIndustry: [Int]
    let rowYear: [Int]
    /// Every year's domestic input coefficients, flat: year k, user i, supplier j at `(k * n + i) * n + j`.
    let coefficients: [Double]

    /// Loads the tables (in parallel), classification, base grouping and accounts of `config`, and checks that
    /// the baseline panel can be built. `modelNames` selects models of the config (empty: its enabled models).
    public init(config: EstimateConfig, modelNames: [String]) throws {
        self.config = config
        // Variants run in parallel; their regressions are small: BLAS calls stay on the calling thread.
        BLASThreads.set(1)
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
        let loaded = try TableFiles.load(files) { table, _ -> (TableYearData, [OffshoringFlows], [String]) in
            let data = try TableYearData.extract(table: table, year: table.year ?? 0, country: country, classification: classification,
                                                 grouping: grouping, denominator: denominator)
            let use = try CountryUse(table: table, country: country, canonical: grouping.canonical)
            let flows = try [false, true].map { try OffshoringFlows(use: use, classification: classification, narrow: $0) }
            guard flows[0].industries == data.industries else {
                throw InputError(file: table.source, "the use and the table list different industries")
            }
            return (data, flows, table.regions.map(grouping.canonical))
        }
        base = loaded.map(\.0)
        flows = loaded.map(\.1)
        let firstRegions = flows.first?.first?.regions ?? []
        sameRegions = flows.allSatisfy { $0[0].regions == firstRegions }
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
        coefficients = base.flatMap { $0.coefficients.flatMap { $0 } }
        varyingColumns = Set(["om", "os", "om_sup", "os_sup"] + basePanel.groups.flatMap { ["om_\($0)", "os_\($0)"] })
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
        if v.vcov != "model", s.kind == .single { s.vcov = try VarianceEstimator(parsing: v.vcov) }
        return s
    }

    /// Seconds spent in each phase of one variant (`measures` and the panel's offshoring columns, then each
    /// model), for profiles. Models are prepared before the clock starts.
    public func phaseTimes(_ v: Variant, grouping: Grouping) throws -> [(phase: String, seconds: Double)] {
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        _ = run(v, grouping: grouping)
        var out: [(phase: String, seconds: Double)] = []
        var t = now()
        func lap(_ name: String) {
            let u = now()
            out.append((name, Double(u - t) / 1e9))
            t = u
        }
        let columns = try offshoringColumns(sums: try sums(v, grouping: grouping), groups: basePanel.groups)
        lap("measures")
        for (mi, m) in models.enumerated() {
            _ = try? plan(mi, in: v).get().run(columns: columns)
            lap(m.name)
        }
        return out
    }

    /// Every year's offshoring sums of a variant, recomputed from the tables' flows with its grouping,
    /// denominator and narrow/broad setting.
    func sums(_ v: Variant, grouping: Grouping) throws -> [IndustrySums] {
        let narrow = v.narrow ? 1 : 0
        var groups: [[Int]]? = nil
        return try flows.map { f in
            let byGroup = sameRegions ? groups ?? f[narrow].regionsByGroup(grouping) : f[narrow].regionsByGroup(grouping)
            groups = byGroup
            return try f[narrow].sums(regionsByGroup: byGroup, denominator: v.denominator)
        }
    }

    /// The offshoring columns of the panel (`om`, `os`, `om_<GROUP>`, `os_<GROUP>`, `om_sup`, `os_sup`), one
    /// value per panel row, from every year's sums: the arithmetic of `PanelBuilder` (intensities in percent,
    /// NaN where undefined; suppliers' offshoring weighted by the domestic input coefficients, suppliers
    /// without a defined intensity adding nothing).
    func offshoringColumns(sums: [IndustrySums], groups: [String]) throws -> [(name: String, values: [Double])] {
        let n = base.first?.industries.count ?? 0
        let g = groups.count, rows = rowIndustry.count, nan = Double.nan
        func finite(_ x: Double) -> Double { x.isFinite ? x : nan }
        // Each year's total om and os by industry (NaN where undefined), then the suppliers' measures: the
        // coefficient-weighted sums over suppliers with a defined intensity.
        var omT = [Double](repeating: nan, count: sums.count * n), osT = omT, omS = omT, osS = omT
        for (k, s) in sums.enumerated() {
            for i in 0..<n {
                omT[k * n + i] = s.percent(.om, industry: i, origin: 0)
                osT[k * n + i] = s.percent(.os, industry: i, origin: 0)
            }
            omT.withUnsafeBufferPointer { mo in
                osT.withUnsafeBufferPointer { so in
                    s.denominator.withUnsafeBufferPointer { d in
                        coefficients.withUnsafeBufferPointer { a in
                            for i in 0..<n {
                                var smo = 0.0, sso = 0.0
                                let row = (k * n + i) * n
                                for j in 0..<n where a[row + j] != 0 && d[j] > 0 {
                                    smo += a[row + j] * mo[k * n + j]
                                    sso += a[row + j] * so[k * n + j]
                                }
                                omS[k * n + i] = finite(smo)
                                osS[k * n + i] = finite(sso)
                            }
                        }
                    }
                }
            }
        }
        var om = [Double](repeating: nan, count: rows), os = om, omSup = om, osSup = om
        var omG = [[Double]](repeating: om, count: g), osG = omG
        for r in 0..<rows {
            let i = rowIndustry[r], k = rowYear[r]
            let s = sums[k]
            if s.denominator[i] > 0 {
                om[r] = finite(omT[k * n + i])
                os[r] = finite(osT[k * n + i])
                for q in 0..<g {
                    omG[q][r] = finite(s.percent(.om, industry: i, origin: q + 1))
                    osG[q][r] = finite(s.percent(.os, industry: i, origin: q + 1))
                }
            }
            omSup[r] = omS[k * n + i]
            osSup[r] = osS[k * n + i]
        }
        var out: [(name: String, values: [Double])] = [("om", om), ("os", os)]
        for (q, name) in groups.enumerated() {
            out.append(("om_\(name)", omG[q]))
            out.append(("os_\(name)", osG[q]))
        }
        out.append(("om_sup", omSup))
        out.append(("os_sup", osSup))
        return out
    }

    /// The panel of a variant: the baseline panel with the variant's offshoring columns when the grouping's
    /// groups have the base grouping's names, otherwise (other group names, so other columns) built again by
    /// `PanelBuilder` from the variant's measures.
    func panel(_ v: Variant, grouping: Grouping) throws -> IndustryPanel {
        guard grouping.groups.map(\.name) == basePanel.groups else {
            var cfg = config
            cfg.denominator = v.denominator
            let tables = try base.enumerated().map { k, t in
                t.replacingMeasures(try OffshoringMeasures.compute(flows: flows[k][v.narrow ? 1 : 0], country: config.country,
                                                                  classification: classification, grouping: grouping, denominator: v.denominator))
            }
            return try PanelBuilder.build(tables: tables, accounts: accounts, config: cfg, classification: classification,
                                          grouping: grouping, yearsExplicit: cfg.years != nil)
        }
        var p = basePanel
        for (name, values) in try offshoringColumns(sums: try sums(v, grouping: grouping), groups: basePanel.groups) {
            try p.data.setColumn(name, .numeric(values))
        }
        return p
    }

    /// The model `mi` prepared on the baseline panel as a variant runs it (`spec`, keyed `key`): prepared once per
    /// distinct setting, then shared by every thread; a model that cannot be prepared keeps its error.
    func plan(_ mi: Int, spec: ModelSpec, key: String) -> Result<ModelPlan, Error> {
        plans.value(key) { Result { try ModelPlan(spec: spec, panel: basePanel, varying: varyingColumns) } }
    }

    /// The model `mi` as the variant `v` runs it, prepared (see `plan(_:spec:key:)`).
    func plan(_ mi: Int, in v: Variant) -> Result<ModelPlan, Error> {
        do {
            let spec = try Self.spec(models[mi], in: v)
            return plan(mi, spec: spec, key: Self.settingsKey(mi, spec))
        } catch {
            return .failure(error)
        }
    }

    /// What identifies a model's estimation within one measure set: the model and every setting a variant can
    /// change (two variants that differ only in a setting the model ignores, such as the SE type of a system,
    /// run the same estimation).
    static func settingsKey(_ mi: Int, _ spec: ModelSpec) -> String {
        let period = spec.period.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all"
        let vcov = spec.kind == .single ? spec.vcov.name : ""
        return "\(mi)\u{1F}\(period)\u{1F}\(spec.sample)\u{1F}\(spec.weights ?? "")\u{1F}\(spec.iterate)\u{1F}\(vcov)"
    }

    /// What identifies a variant's measures: the grouping's groups, regions and aliases, the denominator and
    /// narrow/broad.
    static func measureKey(_ v: Variant, _ grouping: Grouping) -> String {
        var k = "\(v.denominator.rawValue)\u{1F}\(v.narrow)"
        for g in grouping.groups { k += "\u{1F}" + g.name + ":" + g.regions.joined(separator: ",") }
        for (a, b) in grouping.aliases.sorted(by: { $0.key < $1.key }) { k += "\u{1F}" + a + "=" + b }
        return k
    }

    /// Runs one variant: measures for every year, the panel's offshoring columns, every model. Errors of a model
    /// are recorded as failures of that model; the other models still run.
    ///
    /// When the grouping has the base grouping's group names (every generated variant), the models prepared on
    /// the baseline panel are estimated with the variant's offshoring columns (`ModelPlan`: the same numbers as
    /// estimating from scratch); otherwise the panel is built again and every model estimated from scratch.
    /// Variants with the same measures (grouping, denominator, narrow/broad) share the columns, and a model
    /// whose settings two such variants leave the same is estimated once for both: the same estimation gives the
    /// same numbers.
    public func run(_ v: Variant, grouping: Grouping) -> VariantOutcome {
        var rows: [ResultRow] = []
        var failures: [(model: String, message: String)] = []
        guard grouping.groups.map(\.name) == basePanel.groups else {
            let panel: IndustryPanel
            do { panel = try self.panel(v, grouping: grouping) } catch {
                return VariantOutcome(variant: v, rows: [], failures: [("*", "\(error)")])
            }
            for (mi, model) in models.enumerated() {
                do {
                    let spec = try Self.spec(model, in: v)
                    let o = try ModelRunner.run(spec, panel: panel)
                    append(o.estimate, spec: spec, modelIndex: mi, years: o.years, to: &rows)
                } catch {
                    failures.append((model.name, "\(error)"))
                }
            }
            return VariantOutcome(variant: v, rows: rows, failures: failures)
        }
        let compute = { Result { try self.offshoringColumns(sums: try self.sums(v, grouping: grouping), groups: self.basePanel.groups) } }
        let measures = sharesWork ? reuse.value(Self.measureKey(v, grouping)) { MeasureEntry(columns: compute()) } : MeasureEntry(columns: compute())
        let columns: [(name: String, values: [Double])]
        switch measures.columns {
        case .success(let c): columns = c
        case .failure(let error): return VariantOutcome(variant: v, rows: [], failures: [("*", "\(error)")])
        }
        for (mi, model) in models.enumerated() {
            do {
                let spec = try Self.spec(model, in: v)
                let key = Self.settingsKey(mi, spec)
                let (estimate, years) = try measures.results.value(key) {
                    Result {
                        let plan = try self.plan(mi, spec: spec, key: key).get()
                        return (try plan.run(columns: columns), plan.years)
                    }
                }.get()
                append(estimate, spec: spec, modelIndex: mi, years: years, to: &rows)
            } catch {
                failures.append((model.name, "\(error)"))
            }
        }
        return VariantOutcome(variant: v, rows: rows, failures: failures)
    }

    /// Appends a model's estimates as result rows.
    func append(_ estimate: ModelEstimate, spec: ModelSpec, modelIndex mi: Int, years: [Int], to rows: inout [ResultRow]) {
        let period = describeYears(years)
        let name = models[mi].name
        switch estimate {
        case .single(let r):
            for k in r.terms.indices {
                rows.append(ResultRow(model: name, modelIndex: mi, term: r.terms[k], termIndex: k, estimate: r.estimates[k],
                                      stdError: r.standardErrors[k], tValue: r.tValues[k], pValue: r.pValues[k], nobs: r.nobs, df: r.tDegreesOfFreedom,
                                      sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.vcov.name))
            }
        case .system(let s):
            for (k, c) in s.fit.coefficients.enumerated() {
                rows.append(ResultRow(model: name, modelIndex: mi, term: c.name, termIndex: k, estimate: c.estimate,
                                      stdError: c.stdError, tValue: c.tValue, pValue: c.pValue, nobs: s.observations, df: Double(c.degreesOfFreedom),
                                      sampleUsed: spec.sample, periodUsed: period, vcovUsed: spec.iterate ? "gls (iterated SUR)" : "gls (FGLS)"))
            }
        }
    }
}

/// The offshoring columns of one measure set and the model results computed on them, by settings key.
final class MeasureEntry: @unchecked Sendable {
    /// The panel's offshoring columns (or why they could not be computed).
    let columns: Result<[(name: String, values: [Double])], Error>
    /// Model results (estimate and the sample's years), by settings key.
    let results = SharedValues<Result<(ModelEstimate, [Int]), Error>>()

    init(columns: Result<[(name: String, values: [Double])], Error>) { self.columns = columns }
}

/// The most recent measure sets: variants of one measure set come one after another in the grid's order, so a
/// few entries serve every thread.
typealias ReuseCache = SharedValues<MeasureEntry>

/// Models prepared once and shared by the threads of a run.
typealias PlanCache = SharedValues<Result<ModelPlan, Error>>

/// Values computed once per key and shared by threads, behind a lock; at most `capacity` keys are held (the
/// oldest is dropped first).
final class SharedValues<Value>: @unchecked Sendable {
    private var values: [String: Value] = [:]
    private var order: [String] = []
    private let capacity: Int
    private let lock = NSLock()

    init(capacity: Int = .max) { self.capacity = max(1, capacity) }

    /// The value stored under `key`, made by `make` the first time (outside the lock: two threads may both make
    /// it, and the first stored wins).
    func value(_ key: String, make: () -> Value) -> Value {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let v = values[key] { return v }
        values[key] = made
        order.append(key)
        if order.count > capacity { values[order.removeFirst()] = nil }
        return made
    }
}
