import DataIO
import Econometrics
import IOTables
import Offshoring
import OffshoringModels
import ValueChains

/// A generated family of grouping variants, derived from the baseline grouping (the first of the grid's
/// groupings).
public struct GroupingGenerator: Equatable, Sendable {
    /// What the generator does.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// For each region of `group`: the baseline grouping without that region (it then counts in the total only).
        case leaveOneOut = "leave_one_out"
        /// For each region of `group`: the baseline grouping with `group` reduced to that region alone.
        case alone
        /// For each region of `regions`: the baseline grouping with that region moved into `to` (out of its
        /// current group; `to = ""` moves it to no group).
        case move
    }

    /// The kind.
    public var kind: Kind
    /// The group whose regions are left out or kept alone (`leave_one_out`, `alone`).
    public var group: String
    /// The regions to move (`move`), or to restrict `leave_one_out`/`alone` to (empty: every region of the group).
    public var regions: [String]
    /// The destination group of `move` ("" for none).
    public var to: String

    /// A generator.
    public init(kind: Kind, group: String = "", regions: [String] = [], to: String = "") {
        self.kind = kind
        self.group = group
        self.regions = regions
        self.to = to
    }
}

/// The grid of `offshore sensitivity`, read from one TOML file (see
/// `SupplyUseTables/config/sensitivity-default.toml`).
///
/// The first value of every list is the baseline: the variant made of all first values is the one the summary
/// compares the others with. `model` in `periods`, `samples`, `estimators`, `vcov` and `inference` keeps each
/// model's own setting; `measure` (`om`, or value-chain measures such as `vs`) says which measure the models' `om`
/// terms read. Unknown keys and wrong types are `InputError`s naming the key and its line.
public struct SensitivityGrid: Equatable {
    /// The grid file (nil for a grid built in code).
    public var path: String?
    /// The estimate config every variant starts from.
    public var baseConfig: String
    /// Names of the models of the base config to run in every variant; empty for its enabled models.
    public var models: [String]
    /// Terms summarised for stability (`om`, or `model:term` for one model only).
    public var keyTerms: [String]
    /// Significance level of the summary.
    public var alpha: Double
    /// Grouping files; empty for the base config's grouping.
    public var groupings: [String]
    /// Generated grouping variants (derived from the first grouping).
    public var generators: [GroupingGenerator]
    /// Periods: `model` or a range `1995-2004`.
    public var periods: [PeriodSetting]
    /// Denominators.
    public var denominators: [Denominator]
    /// Broad (false) and/or narrow (true) offshoring.
    public var narrow: [Bool]
    /// Samples: `model`, `all` or an aggregate of the classification.
    public var samples: [SampleSetting]
    /// Estimators: `model`, `unweighted` (single equations without analytic weights), `fgls` (systems by
    /// one-step FGLS), `iterated` (systems by iterated SUR).
    public var estimators: [EstimatorSetting]
    /// Standard errors of single equations: `model` or a variance estimator (`iid`, `hc1`, `cluster:industry`, ...).
    public var vcov: [VcovSetting]
    /// Inference of single equations: `model` (the model's own: its `bootstrap` when its config gives one, else its
    /// variance estimator's; `estimate`'s automatic bootstrap is off in a grid), `analytic` (or `cr1`) or `wild[:...]`
    /// (`InferenceVariant`; 999 draws unless `reps=` says otherwise).
    public var inference: [InferenceSetting] = [.model]
    /// Models left out of some variants by construction (`[[exclude]]`).
    public var exclusions: [GridExclusion] = []
    /// Which measure of offshoring the models' `om` terms read (`measure`): `om` (the panel's own, the default) or
    /// a value-chain measure with origin groups (`vs`, `fva_exports`, `gvc_backward`, ...: `GVCMeasure`), whose
    /// columns replace `om` and `om_<GROUP>` (`vs`, `vs_<GROUP>`); `os` and the spillovers stay as they are.
    public var measures: [String] = [SensitivityGrid.ownMeasure]
    /// Current (false) and/or constant (true) prices (`prices = ["current", "constant"]`): at constant prices every
    /// product's imported and domestic use is divided by its index in the base config's `[data] prices` before the
    /// measures (`SensitivityChain` computes those flows once per year). Models with a `prices` of their own keep it.
    public var prices: [Bool] = [false]

    /// Which products count as energy (`energy`): `model` (the base config's), `with_mining`, `without_mining`
    /// (`EnergyProducts`). Only the `nonenergy` denominator depends on it: variants with another denominator are not
    /// repeated for each value (`denominatorChoices`).
    public var energy: [EnergySetting] = [.model]

    /// The denominators with their energy products, in the grid's order: each energy value with `nonenergy`, each
    /// model's own (`model`) with the other denominators (their measures do not depend on it).
    public var denominatorChoices: [(denominator: Denominator, energy: EnergySetting)] {
        denominators.flatMap { d in d == .nonenergy ? energy.map { (d, $0) } : [(d, EnergySetting.model)] }
    }

    /// The energy choices the grid's variants make (`energy` without `model`), which the chain measures beside the
    /// config's own.
    public var energyChoices: [EnergyProducts] { denominators.contains(.nonenergy) ? energy.compactMap(\.value) : [] }

    /// The grid's own measure of offshoring: the panel's `om`.
    public static let ownMeasure = "om"

    /// The value-chain measures the grid's `measure` names (what the chain computes once per year).
    public var valueChainMeasures: [GVCMeasure] { measures.compactMap(GVCMeasure.init(rawValue:)) }

    /// True when the grid has value-chain measures and grouping variants (files or generators): the chain then keeps
    /// the measures by region, so that every grouping gets its own value-chain columns.
    public var crossesValueChainsWithGroupings: Bool {
        !valueChainMeasures.isEmpty && (!groupings.isEmpty || !generators.isEmpty)
    }

    /// The estimator names accepted in `estimators`.
    public static let estimatorNames = [EstimatorSetting.modelText] + EstimatorVariant.allCases.map(\.rawValue)

    /// A grid with only the baseline (every list of length one, each model as configured).
    public init(path: String? = nil, baseConfig: String, models: [String] = [], keyTerms: [String] = ["om", "os"],
                alpha: Double = 0.05, groupings: [String] = [], generators: [GroupingGenerator] = [],
                periods: [PeriodSetting] = [.model], denominators: [Denominator] = [.nonenergy], narrow: [Bool] = [false],
                samples: [SampleSetting] = [.model], estimators: [EstimatorSetting] = [.model], vcov: [VcovSetting] = [.model]) {
        self.path = path
        self.baseConfig = baseConfig
        self.models = models
        self.keyTerms = keyTerms
        self.alpha = alpha
        self.groupings = groupings
        self.generators = generators
        self.periods = periods
        self.denominators = denominators
        self.narrow = narrow
        self.samples = samples
        self.estimators = estimators
        self.vcov = vcov
    }

    /// Reads a grid file. Relative paths are resolved against the file's folder; `bundle` is the
    /// `SupplyUseTables` folder, whose `config/estimate-default.toml` is the base config when none is given.
    public static func load(path: String, bundle: String) throws -> SensitivityGrid {
        let doc = try TOMLDocument(path: path)
        let root = doc.root
        let base = AtomicFile.parentDirectory(of: path)
        try root.rejectUnknownKeys(allowed: ["base", "grid", "generate", "exclude"])
        var g = SensitivityGrid(path: path, baseConfig: bundle.hasSuffix("/") ? bundle + "config/estimate-default.toml" : bundle + "/config/estimate-default.toml")
        if let b = try root.section("base") {
            try b.rejectUnknownKeys(allowed: ["config", "models", "key_terms", "alpha"])
            if let s = try b.string("config") { g.baseConfig = resolvePath(s, base) }
            if let m = try b.strings("models") { g.models = m }
            if let k = try b.strings("key_terms") {
                guard !k.isEmpty else { throw b.error("key_terms", "expected at least one term") }
                g.keyTerms = k
            }
            if let a = try b.double("alpha") {
                guard a > 0, a < 1 else { throw b.error("alpha", "expected a level between 0 and 1, found \(a)") }
                g.alpha = a
            }
        }
        if let s = try root.section("grid") {
            try s.rejectUnknownKeys(allowed: ["groupings", "periods", "denominators", "offshoring", "samples", "estimators", "vcov", "inference", "measure",
                                              "energy", "prices"])
            func list(_ key: String) throws -> [String]? {
                guard let v = try s.strings(key) else { return nil }
                guard !v.isEmpty else { throw s.error(key, "expected at least one value (leave the key out for the default)") }
                guard Set(v).count == v.count else { throw s.error(key, "a value is listed twice") }
                return v
            }
            if let v = try list("groupings") { g.groupings = v.map { resolvePath($0, base) } }
            // A list of settings, each parsed once here; a value that does not parse is an error at the key's line.
            func settings<Value: VariantSettingValue>(_ key: String) throws -> [VariantSetting<Value>]? {
                try list(key)?.map { text in
                    do { return try VariantSetting<Value>(parsing: text) } catch let err as InputError { throw s.error(key, err.message) }
                }
            }
            if let v: [PeriodSetting] = try settings("periods") { g.periods = v }
            if let v = try list("denominators") {
                g.denominators = try v.map { d in
                    guard let x = Denominator(rawValue: d) else {
                        throw s.error("denominators", "expected nonenergy, intermediates or output, found '\(d)'")
                    }
                    return x
                }
            }
            if let v = try list("offshoring") {
                g.narrow = try v.map { d in
                    switch d {
                    case "broad": return false
                    case "narrow": return true
                    default: throw s.error("offshoring", "expected broad or narrow, found '\(d)'")
                    }
                }
            }
            if let v: [SampleSetting] = try settings("samples") { g.samples = v }
            if let v: [EstimatorSetting] = try settings("estimators") { g.estimators = v }
            if let v: [VcovSetting] = try settings("vcov") { g.vcov = v }
            if let v: [InferenceSetting] = try settings("inference") { g.inference = v }
            if let v: [EnergySetting] = try settings("energy") { g.energy = v }
            if let v = try list("measure") {
                let usable = GVCMeasure.allCases.filter(\.hasGroups).map(\.rawValue)
                for m in v where m != ownMeasure && !usable.contains(m) {
                    let why = GVCMeasure(rawValue: m).map { "\($0.rawValue) has no origin groups to replace om_<GROUP> with" } ?? "unknown measure '\(m)'"
                    throw s.error("measure", "\(why): expected om or a value-chain measure with origin groups (\(usable.joined(separator: ", ")))")
                }
                g.measures = v
            }
            if let v = try list("prices") { g.prices = try parsePrices(v, s) }
        }
        if let gens = try root.sections("generate") {
            for s in gens {
                try s.rejectUnknownKeys(allowed: ["kind", "group", "regions", "to"])
                guard let k = try s.string("kind") else { throw s.error("kind", "each [[generate]] needs a kind (leave_one_out, alone or move)") }
                guard let kind = GroupingGenerator.Kind(rawValue: k) else {
                    throw s.error("kind", "expected leave_one_out, alone or move, found '\(k)'")
                }
                var gen = GroupingGenerator(kind: kind, group: try s.string("group") ?? "", regions: try s.strings("regions") ?? [],
                                            to: try s.string("to") ?? "")
                if kind == .move {
                    guard !gen.regions.isEmpty else { throw s.error("regions", "a move needs the regions to move") }
                    guard s.has("to") else { throw s.error("to", "a move needs the destination group (\"\" for none)") }
                    gen.group = ""
                } else {
                    guard !gen.group.isEmpty else { throw s.error("group", "\(k) needs the group whose regions vary") }
                    guard !s.has("to") else { throw s.error("to", "only a move has a destination") }
                }
                g.generators.append(gen)
            }
        }
        for s in try root.sections("exclude") ?? [] {
            let exclusion = try GridExclusion.read(s)
            for (grid, setting) in GridExclusion.keys {
                // A value the grid does not list would never match: most likely a typo.
                let listed: [String]
                switch setting {
                case "period": listed = g.periods.map(\.text)
                case "denominator": listed = g.denominators.map(\.rawValue)
                case "offshoring": listed = g.narrow.map { $0 ? "narrow" : "broad" }
                case "sample": listed = g.samples.map(\.text)
                case "estimator": listed = g.estimators.map(\.text)
                case "inference": listed = g.inference.map(\.text)
                default: listed = g.vcov.map(\.text)
                }
                if let unknown = exclusion.settings[setting]?.subtracting(listed).sorted().first {
                    throw s.error(grid, "'\(unknown)' is not in the grid's \(grid) (\(listed.joined(separator: ", ")))")
                }
            }
            g.exclusions.append(exclusion)
        }
        return g
    }
}

extension SensitivityGrid {
    /// The grid's `prices` list: `current` and/or `constant`.
    /// - Throws: `InputError` naming `grid.prices` and its line for any other value.
    static func parsePrices(_ values: [String], _ s: TOMLSection) throws -> [Bool] {
        try values.map { p in
            switch p {
            case "current": return false
            case "constant": return true
            default:
                throw s.error("prices", "expected current (the tables' values) or constant (every product's use divided by its index in the "
                              + "base config's [data] prices), found '\(inputExcerpt(p))'")
            }
        }
    }
}

/// `1995-2004` as a range; an `InputError` otherwise.
func periodRange(_ s: String) throws -> ClosedRange<Int> {
    let ys = try parseYears(s)
    guard let a = ys.first, let b = ys.last, ys == Array(a...b), !s.contains(",") else {
        throw InputError(key: "periods", "expected a range such as 1995-2004, found '\(s)'")
    }
    return a...b
}

func resolvePath(_ p: String, _ base: String) -> String {
    if p.hasPrefix("/") || base == "." || base.isEmpty { return p }
    return base.hasSuffix("/") ? base + p : base + "/" + p
}
