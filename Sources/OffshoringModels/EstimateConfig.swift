import Foundation
import DataIO
import Econometrics
import IOTables
import Offshoring

/// What a contributions table decomposes: the change in a model's response between two years, explained by
/// each regressor (METHOD.md, "Contribution to a change").
public struct ContributionSpec: Equatable {
    /// How industries are weighted.
    public enum Base: String, Equatable, CaseIterable {
        /// The industry's weight in the first year.
        case first
        /// The industry's mean weight over the years of the comparison.
        case mean
    }

    /// The model whose coefficients are used (a single-equation model in levels).
    public var model: String
    /// The weights variable (`wbshare` or `empshare`), recomputed within the model's sample.
    public var weights: String
    /// Base-year or period-mean weights.
    public var base: Base
    /// First year; nil for the model sample's first year.
    public var from: Int?
    /// Last year; nil for the model sample's last year.
    public var to: Int?
    /// Named groups of terms whose contributions are added (SE sqrt(c'Vc)).
    public var groups: [(name: String, terms: [String])]

    /// A contributions request.
    public init(model: String, weights: String, base: Base = .first, from: Int? = nil, to: Int? = nil,
                groups: [(name: String, terms: [String])] = []) {
        self.model = model
        self.weights = weights
        self.base = base
        self.from = from
        self.to = to
        self.groups = groups
    }

    /// Two requests are equal when every setting and every group (name and terms, in order) is.
    public static func == (a: ContributionSpec, b: ContributionSpec) -> Bool {
        a.model == b.model && a.weights == b.weights && a.base == b.base && a.from == b.from && a.to == b.to
            && a.groups.map(\.name) == b.groups.map(\.name) && a.groups.map(\.terms) == b.groups.map(\.terms)
    }

    /// The defaults: the low-skilled share (wage-bill weights; offshoring, services, technology, and the groups with
    /// the midpoint split of om x ict, in the order a config's groups take: by name) and labour productivity
    /// (employment weights).
    public static let defaults: [ContributionSpec] = [
        ContributionSpec(model: "skill_share", weights: "wbshare", groups: [
            ("materials offshoring", ["om_OECD", "om_CEE", "om_ASIA"]),
            ("offshoring", ["om_OECD", "om_CEE", "om_ASIA", "os"]),
            ("offshoring with om part of om x ict", ["om_OECD", "om_CEE", "om_ASIA", "os", "I(om * ict)[om]"]),
            ("services offshoring", ["os"]),
            ("technology", ["ict", "I(om * ict)"]),
            ("technology with ict part of om x ict", ["ict", "I(om * ict)[ict]"]),
        ]),
        ContributionSpec(model: "productivity", weights: "empshare", groups: [("offshoring", ["om", "os"])]),
    ]
}

/// A second source of industry accounts feeding one panel input (`[accounts]` in the config), joined to the main
/// accounts by industry and year, e.g. EU KLEMS's ICT share of capital compensation for `ICT`:
/// `ICT = { source = "euklems", file = "...", variable = "CAPIT", concordance = "...", unit = "fraction" }`.
public struct AccountsSource: Equatable {
    /// The panel input it feeds (a key of `EstimateConfig.variableKeys`, e.g. `ICT`).
    public var input: String
    /// The layout the file must have: `euklems`, `sea`, `tidy` or `wide` (checked against the header).
    public var layout: String
    /// The file (CSV, gzip CSV, or `.xlsx` for the SEA layout).
    public var file: String
    /// The variable of the file (e.g. `CAPIT`).
    public var variable: String
    /// Concordance from the file's industry codes to the tables' (see `Concordance`); empty when they are the same.
    public var concordance: String
    /// The unit the values must have: `fraction` (0-1), `percent` (0-100), `index` or `level` (positive), or empty.
    public var unit: String
    /// The country code in the file (files without a country column are taken to hold this one).
    public var country: String?
    /// The source's citation, printed in the run's notes (under every table).
    public var citation: String = ""

    /// The name the source's variable takes in the joined accounts (`euklems:CAPIT`), so it never collides with a
    /// variable of the main accounts.
    public var joinedName: String { "\(layout):\(variable)" }
}

/// The settings of one `offshore estimate` run, read from one TOML file (see
/// `SupplyUseTables/config/estimate-default.toml` for every key with its default).
///
/// Paths are relative to the config file's folder. Unknown keys and values of the wrong type are `InputError`s
/// naming the key and its line.
public struct EstimateConfig {
    /// The config file (nil for a config built in code).
    public var path: String?
    /// Folder of yearly tables (or one table file; supply-use files for `sut`), in any layout `offshore measure` reads.
    public var tables: String
    /// Layout of the tables (`[data] table_format`); nil to detect it from the files.
    public var tableFormat: TableLayout?
    /// Origin shares for supply-use tables (`[data] origin_shares`); nil for the one shares file beside them.
    public var originShares: String?
    /// Product classification (TOML).
    public var classification: String
    /// Origin grouping (TOML).
    public var grouping: String
    /// Industry accounts file (SEA or tidy layout, plain or gzip CSV).
    public var accounts: String
    /// CSV with the tables' industry codes (`code`) and the codes accounts may use for them (`nace_rev1_1`, as
    /// WIOD's SEA writes them: `15t16` for `c3`); empty for none.
    public var industryCodes: String
    /// CSV mapping each of the tables' industry codes to exactly one accounts industry (`[data] table_concordance`,
    /// see `TableConcordance`): the panel's industries are then the accounts', and om/os of each are ratios of sums
    /// over its table industries. Empty: the tables' industries are the panel's.
    public var tableConcordance: String = ""
    /// The main accounts' source and citation (`[accounts] sea_citation`), printed in the run's notes.
    public var accountsCitation: String = ""
    /// True when the accounts are synthetic: every table then says so in its notes.
    public var synthetic: Bool
    /// The note printed under every table when `synthetic` is true.
    public var syntheticNote: String
    /// The reporting country (a region of the tables).
    public var country: String
    /// The country code in the accounts file (defaults to `country`).
    public var accountsCountry: String
    /// Years to use; nil for every year of the tables.
    public var years: [Int]?
    /// Offshoring denominator.
    public var denominator: Denominator
    /// Which products count as energy (`[data] energy`: `with_mining` or `without_mining`, see `EnergyProducts`);
    /// nil for the classification file's own categories.
    public var energy: EnergyProducts? = nil
    /// Continue on the common industries and years when the tables and accounts do not match.
    public var allowPartial: Bool
    /// How om and os enter the panel and the models (`[data] offshoring_unit`: `pp`, `share`, `10pp`).
    public var offshoringUnit: OffshoringScale = .percentagePoints
    /// The spillover columns (`om_bwd`, `om_fwd`, ...) with the input-output weights of the panel's first year for
    /// every year (`[data] spillover_weights = "base"`) rather than each year's own ("current", the default).
    public var spilloverBaseYear: Bool = false
    /// Continue when the industries and years match but some required cells are missing (e.g. no capital for c35,
    /// skill splits ending in 2009): they are missing values, listed in the notes and in each model's sample line.
    public var allowMissing: Bool = false
    /// Accounts variable feeding each panel input (`K` -> `K`, `GO_P` -> `GO_P`, ...); an empty name leaves the
    /// input out (an empty price index means no deflation).
    public var variables: [String: String]
    /// Other accounts sources joined to `accounts` by industry and year, one per panel input they feed
    /// (`[accounts]`); their variables are named `AccountsSource.joinedName` in `variables`.
    public var sources: [AccountsSource] = []
    /// The models, in order.
    public var models: [ModelSpec]
    /// The contribution tables.
    public var contributions: [ContributionSpec]
    /// Name of the run folder.
    public var runName: String
    /// Folder in which `runName/` is written; nil writes no run folder (unless the command line asks).
    public var outputDirectory: String?
    /// Also write the publication report (index.html, tables in every format, charts) into the run folder
    /// (`[output] report = true`, or `--report` on the command line).
    public var report: Bool = false
    /// Notes on inputs read from the bundled data because the config's relative path did not exist beside it.
    public var pathNotes: [String] = []
    /// Input paths of the config found neither beside it nor among the bundled data, each an error naming the key.
    public var missingInputs: [InputError] = []
    /// Price indices by product (`[data] prices`, see `ProductPrices`): with them the panel also carries the
    /// constant-price measures that models with `prices = "constant"` take; empty for none.
    public var prices: String = ""
    /// The line of `[data] prices` in the config (for errors about what the price file lacks).
    public var pricesLine: Int? = nil
    /// Exchange rates (`[data] exchange_rates`, see `ExchangeRates`: national currency per unit of the tables'
    /// currency) that convert the tables' output and inputs when the panel takes them from the tables while the
    /// accounts are in national currency; empty for none.
    public var exchangeRates: String = ""
    /// The currency of the accounts' money values as `[data] accounts_currency` gives it; nil for the default
    /// (`accountsCurrency`).
    public var accountsCurrencySetting: AccountsCurrency? = nil
    /// The currency of the accounts' money values: `accountsCurrencySetting`, else `.tables` for synthetic accounts
    /// (the bundled generator makes them from the WIOD tables' US dollars) and `.national` for real ones (the SEA,
    /// EU KLEMS and national accounts give national currency).
    public var accountsCurrency: AccountsCurrency { accountsCurrencySetting ?? (synthetic ? .tables : .national) }

    /// Fails on the first input path of the config that exists neither beside it nor among the bundled data.
    /// - Throws: `InputError` naming the config's line, the key and both folders looked in.
    public func checkInputsExist() throws {
        if let first = missingInputs.first { throw first }
    }

    /// The panel inputs and their default SEA variable names.
    public static let variableKeys: [(key: String, meaning: String)] = [
        ("GO_P", "price index of gross output (1995 = 100)"), ("II_P", "price index of intermediate inputs (1995 = 100)"),
        ("K", "real capital stock"), ("K_ICT", "real ICT capital stock"), ("H_EMPE", "hours worked (L)"),
        ("EMP", "persons engaged"), ("LAB", "labour compensation"),
        ("H_LS", "hours of the low-skilled, % of total"), ("H_MS", "hours of the medium-skilled, % of total"),
        ("H_HS", "hours of the high-skilled, % of total"), ("LABLS", "compensation of the low-skilled, % of total"),
        ("LABMS", "compensation of the medium-skilled, % of total"), ("LABHS", "compensation of the high-skilled, % of total"),
        ("GO", "gross output, current prices, national currency (empty: the tables' output)"),
        ("II", "intermediate inputs, current prices, national currency (empty: the tables' inputs)"),
        ("ICT", "ICT intensity as a share, e.g. EU KLEMS CAPIT (empty: ict = K_ICT/K)"),
    ]

    /// Inputs whose default is empty (the behaviour before they existed: output and inputs from the tables, ict from
    /// K_ICT/K).
    static let inputsOffByDefault: Set<String> = ["GO", "II", "ICT"]

    /// The built-in defaults, which a config's missing keys take: the WIOD tables and the SYNTHETIC Belgian accounts
    /// under `bundle` (the `SupplyUseTables` folder), every preset, the default contributions; written out as
    /// `config/estimate-synthetic.toml`. The bundled default run (`config/estimate-default.toml`) sets every key for
    /// the real accounts instead.
    public static func defaults(bundle: String) -> EstimateConfig {
        EstimateConfig(path: nil, tables: join(bundle, "wiod2013"), classification: join(bundle, "classifications/wiod2013.toml"),
                       grouping: join(bundle, "groupings/default.toml"), accounts: join(bundle, "accounts/BEL_synthetic_sea.csv"),
                       industryCodes: join(bundle, "wiod2013/industries.csv"), synthetic: true, syntheticNote: defaultSyntheticNote, country: "BEL", accountsCountry: "BEL",
                       years: nil, denominator: .nonenergy, allowPartial: false,
                       variables: Dictionary(uniqueKeysWithValues: variableKeys.map { ($0.key, inputsOffByDefault.contains($0.key) ? "" : $0.key) }),
                       models: ModelPresets.all, contributions: ContributionSpec.defaults, runName: "default", outputDirectory: nil)
    }

    /// What the synthetic note says by default.
    public static let defaultSyntheticNote = "SYNTHETIC accounts: capital, hours, wages and skill shares are simulated by "
        + "SupplyUseTables/accounts/make_synthetic_bel.py (true parameters in BEL_synthetic_truth.toml); output and "
        + "intermediate inputs come from the real WIOD tables. Do not read these estimates as evidence about Belgium."

    /// Reads a config file. Missing keys take the defaults of `defaults(bundle:)`; relative paths are resolved
    /// against the file's folder.
    public static func load(path: String, bundle: String) throws -> EstimateConfig {
        let doc = try TOMLDocument(path: path)
        let root = doc.root
        let base = AtomicFile.parentDirectory(of: path)
        var c = defaults(bundle: bundle)
        c.path = path
        // A copy of a bundled config (`cp SupplyUseTables/config/estimate-default.toml my_study.toml`) keeps its
        // relative paths (`../wiod2013`): an input that does not exist beside the copy but does beside the bundled
        // configs is read from there, with a note; one that exists in neither place is an error naming the key
        // and both folders.
        let bundledConfigs = join(bundle, "config")
        var notes: [String] = []
        var missing: [InputError] = []
        func input(_ s: String, _ section: TOMLSection, _ key: String) throws -> String {
            let r = resolve(s, base)
            if s.hasPrefix("/") || FileManager.default.fileExists(atPath: r) { return r }
            let b = join(bundledConfigs, s)
            if FileManager.default.fileExists(atPath: b) {
                notes.append("\(section.qualified(key)) = \"\(s)\" does not exist beside \(path); read from the bundled data: \(b)")
                return b
            }
            // Not thrown here, so that a config can be read (and its paths resolved) without its files; a run
            // checks with `checkInputsExist()` before reading any input.
            let folder = base == "." || base.isEmpty ? "the current directory" : base
            missing.append(section.error(key, "'\(inputExcerpt(s))': no such file or folder, resolved against \(folder) (the config's folder)"
                                         + " or the bundled configs' folder \(bundledConfigs)"))
            return r
        }
        try root.rejectUnknownKeys(allowed: ["data", "accounts", "variables", "model", "contributions", "output"])
        if let d = try root.section("data") {
            try d.rejectUnknownKeys(allowed: ["tables", "classification", "grouping", "accounts", "industry_codes", "synthetic", "synthetic_note",
                                              "country", "accounts_country", "years", "denominator", "allow_partial", "allow_missing",
                                              "table_format", "origin_shares", "table_concordance", "offshoring_unit",
                                              "spillover_weights", "energy", "prices", "exchange_rates", "accounts_currency"])
            if let s = try d.string("tables") { c.tables = try input(s, d, "tables") }
            if let s = try d.string("classification") { c.classification = try input(s, d, "classification") }
            if let s = try d.string("grouping") { c.grouping = try input(s, d, "grouping") }
            if let s = try d.string("accounts") {
                c.accounts = try input(s, d, "accounts")
                // Accounts of the user's own are not synthetic unless the file says so.
                c.synthetic = false
            }
            if let s = try d.string("industry_codes") { c.industryCodes = s.isEmpty ? "" : try input(s, d, "industry_codes") }
            if let s = try d.string("table_concordance") { c.tableConcordance = s.isEmpty ? "" : try input(s, d, "table_concordance") }
            if let b = try d.bool("synthetic") { c.synthetic = b }
            if let s = try d.string("synthetic_note") { c.syntheticNote = s }
            if let s = try d.string("country") { c.country = s; c.accountsCountry = s }
            if let s = try d.string("accounts_country") { c.accountsCountry = s }
            if let s = try d.string("years") {
                do { c.years = try parseYears(s) } catch let e as InputError { throw d.error("years", e.message) }
            }
            if let s = try d.string("denominator") {
                guard let v = Denominator(rawValue: s) else {
                    throw d.error("denominator", "expected nonenergy, intermediates or output, found '\(s)'")
                }
                c.denominator = v
            }
            if let s = try d.string("energy") {
                do { c.energy = try EnergyProducts(parsing: s, key: "energy") } catch let e as InputError { throw d.error("energy", e.message) }
            }
            if let b = try d.bool("allow_partial") { c.allowPartial = b }
            if let s = try d.string("offshoring_unit") {
                guard let u = OffshoringScale(rawValue: s) else {
                    throw d.error("offshoring_unit", "expected \(OffshoringScale.allCases.map(\.rawValue).joined(separator: ", ")) "
                                  + "(percentage points, shares from 0 to 1, tens of points), found '\(inputExcerpt(s))'")
                }
                c.offshoringUnit = u
            }
            if let b = try d.bool("allow_missing") { c.allowMissing = b }
            if let s = try d.string("spillover_weights") {
                guard s == "current" || s == "base" else {
                    throw d.error("spillover_weights", "expected current (each year's input-output weights) or base (the first year's), found '\(s)'")
                }
                c.spilloverBaseYear = s == "base"
            }
            if let s = try d.string("table_format") {
                guard let f = TableLayout(rawValue: s) else { throw d.error("table_format", "expected \(TableLayout.allCases.map(\.rawValue).joined(separator: ", ")), found '\(s)'") }
                c.tableFormat = f
            }
            if let s = try d.string("origin_shares") { c.originShares = try input(s, d, "origin_shares") }
            if let s = try d.string("prices") {
                c.prices = s.isEmpty ? "" : try input(s, d, "prices")
                c.pricesLine = d.line(of: "prices")
            }
            if let s = try d.string("exchange_rates") { c.exchangeRates = s.isEmpty ? "" : try input(s, d, "exchange_rates") }
        }
        if let a = try root.section("accounts") {
            try a.rejectUnknownKeys(allowed: ["sea", "sea_citation"] + variableKeys.map(\.key))
            if let s = try a.string("sea_citation") { c.accountsCitation = s }
            if let s = try a.string("sea") {
                guard !(try root.section("data")?.has("accounts") ?? false) else {
                    throw a.error("sea", "the main accounts are given twice: as [data] accounts and as [accounts] sea; keep one")
                }
                c.accounts = try input(s, a, "sea")
                c.synthetic = false
            }
            for key in a.keys where key != "sea" && key != "sea_citation" {
                guard let t = try a.section(key) else { throw a.error(key, "expected a table { source = ..., file = ..., variable = ... }") }
                try t.rejectUnknownKeys(allowed: ["source", "file", "variable", "concordance", "unit", "country", "citation"])
                guard let layout = try t.string("source"), ["euklems", "sea", "tidy", "wide"].contains(layout) else {
                    throw a.error(key, "source: expected euklems, sea, tidy or wide")
                }
                guard let file = try t.string("file"), !file.isEmpty else { throw a.error(key, "needs file = the accounts file") }
                guard let variable = try t.string("variable"), !variable.isEmpty else { throw a.error(key, "needs variable = the variable of the file") }
                let unit = try t.string("unit") ?? ""
                guard ["", "fraction", "percent", "index", "level"].contains(unit) else {
                    throw a.error(key, "unit: expected fraction, percent, index or level, found '\(unit)'")
                }
                let concordance = try t.string("concordance").map { $0.isEmpty ? "" : try input($0, t, "concordance") } ?? ""
                let src = AccountsSource(input: key, layout: layout, file: try input(file, t, "file"), variable: variable,
                                         concordance: concordance, unit: unit, country: try t.string("country"),
                                         citation: try t.string("citation") ?? "")
                c.sources.append(src)
                c.variables[key] = src.joinedName
            }
        }
        if let d = try root.section("data"), let s = try d.string("accounts_currency") {
            guard let v = AccountsCurrency(rawValue: s) else {
                throw d.error("accounts_currency", "expected national (the accounts' money values in the country's own currency, as the SEA "
                              + "gives them) or tables (in the tables' currency, e.g. the synthetic accounts made from WIOD's US dollars), "
                              + "found '\(inputExcerpt(s))'")
            }
            c.accountsCurrencySetting = v
        }
        if let v = try root.section("variables") {
            try v.rejectUnknownKeys(allowed: variableKeys.map(\.key))
            for k in v.keys {
                if c.sources.contains(where: { $0.input == k }) {
                    throw v.error(k, "\(k) is fed by [accounts] \(k); name it in one place only")
                }
                if let s = try v.string(k) { c.variables[k] = s }
            }
        }
        if let models = try root.sections("model") {
            c.models = []
            for m in models {
                let spec = try parseModel(m)
                if spec.constantPrices == true && c.prices.isEmpty {
                    throw m.error("prices", "model '\(spec.name)' asks for constant prices, but the config names no price indices: "
                                  + "add [data] prices = \"file.csv\" (product,year,index; e.g. ../prices/BEL_sea2013_go_p.csv)")
                }
                c.models.append(spec)
            }
            if let d = firstDuplicate(c.models.map(\.name)) {
                throw InputError(file: path, key: "model.name", "two models are named '\(d)'; names must be unique")
            }
        }
        if let list = try root.sections("contributions") {
            c.contributions = try list.map(parseContribution)
        } else if root.has("model") {
            // A config with models of its own and no [[contributions]]: the default decompositions apply to the models
            // it has (issue 20: it failed naming a default model it did not define).
            c.contributions = c.contributions.filter { d in c.models.contains { $0.name == d.model } }
        }
        if let o = try root.section("output") {
            try o.rejectUnknownKeys(allowed: ["run_name", "directory", "report"])
            if let s = try o.string("run_name") {
                if let problem = Self.runNameProblem(s) { throw o.error("run_name", problem) }
                c.runName = s
            }
            if let s = try o.string("directory") { c.outputDirectory = resolve(s, base) }
            if let b = try o.bool("report") { c.report = b }
        }
        c.pathNotes = notes
        c.missingInputs = missing
        return c
    }

    static func parseModel(_ m: TOMLSection) throws -> ModelSpec {
        try m.rejectUnknownKeys(allowed: ["name", "preset", "formula", "equations", "restrictions", "iterate", "estimator",
                                          "sample", "period", "vcov", "weights", "bootstrap", "enabled", "sur_covariance",
                                          "denominator", "offshoring", "prices", "gmm", "steps", "collapse", "gmm_convention"])
        var spec: ModelSpec
        if let p = try m.string("preset") {
            guard let preset = ModelPresets.named(p) else {
                throw m.error("preset", "unknown preset '\(p)'; presets: \((ModelPresets.all + ModelPresets.studies).map(\.name).joined(separator: ", "))")
            }
            spec = preset
            spec.enabled = true
        } else if let f = try m.string("formula") {
            spec = ModelSpec(name: "", formula: f)
        } else if let eqs = try m.strings("equations") {
            spec = ModelSpec(name: "", equations: eqs, restrictions: [])
        } else {
            throw m.error("name", "each [[model]] needs a preset, a formula or equations")
        }
        if let n = try m.string("name") {
            guard isSafeName(n) else { throw m.error("name", "expected a name of letters, digits, '-', '_' or '.', found '\(n)'") }
            spec.name = n
        }
        guard !spec.name.isEmpty else { throw m.error("formula", "a [[model]] without a preset needs a name") }
        if try m.string("estimator") == "gmm" {
            guard spec.kind == .single else { throw m.error("estimator", "model '\(spec.name)' is a SUR system: estimator = \"gmm\" applies to a single dynamic equation") }
            spec.kind = .gmm
        }
        try parseGMM(m, into: &spec)
        if spec.kind == .gmm, let f = try m.string("formula") {
            do { _ = try PanelGMMFormula(f) } catch let e as InputError { throw m.error("formula", e.message) }
            spec.formula = f
        } else if let f = try m.string("formula") {
            guard spec.kind == .single else { throw m.error("formula", "model '\(spec.name)' is a system: give equations, not a formula") }
            do { _ = try Formula(f) } catch let e as InputError { throw m.error("formula", e.description) }
            spec.formula = f
        }
        if let eqs = try m.strings("equations") {
            guard spec.kind == .system else { throw m.error("equations", "model '\(spec.name)' is a single equation: give a formula") }
            guard !eqs.isEmpty else { throw m.error("equations", "a system needs at least one equation") }
            for f in eqs { do { _ = try Formula(f) } catch let e as InputError { throw m.error("equations", e.description) } }
            spec.equations = eqs
        }
        if let r = try m.strings("restrictions") { spec.restrictions = r }
        if let b = try m.bool("iterate") { spec.iterate = b }
        if let s = try m.string("estimator"), spec.kind != .gmm {
            guard let e = PanelModel(rawValue: s), e != .between else { throw m.error("estimator", "expected ols, fd or gmm, found '\(s)'") }
            spec.estimator = e
        }
        if let s = try m.string("sample") { spec.sample = s }
        if let s = try m.string("period") {
            do {
                let ys = try parseYears(s)
                guard let a = ys.first, let b = ys.last, ys == Array(a...b) else { throw InputError("expected a range such as 1995-2004") }
                spec.period = a...b
            } catch let e as InputError { throw m.error("period", e.message) }
        }
        if spec.kind == .gmm {
            for key in ["vcov", "weights", "bootstrap", "equations", "restrictions", "iterate", "sur_covariance"] where m.has(key) {
                throw m.error(key, "model '\(spec.name)' is estimated by GMM: \(key) does not apply (GMM reports robust standard errors, Windmeijer-corrected after two steps, unweighted)")
            }
        }
        if spec.kind == .system {
            for key in ["vcov", "weights", "estimator", "bootstrap"] where m.has(key) {
                throw m.error(key, "model '\(spec.name)' is a SUR system: \(key) applies to single equations only (systems use the GLS covariance, unweighted, in levels)")
            }
        }
        if let s = try m.string("vcov") {
            do { spec.vcov = try VarianceEstimator(parsing: s) } catch let e as InputError { throw m.error("vcov", e.message) }
        }
        if let s = try m.string("weights") { spec.weights = s.isEmpty ? nil : s }
        if let s = try m.string("bootstrap"), !s.isEmpty {
            if s.trimmingCharacters(in: .whitespaces).lowercased() == "none" {
                spec.bootstrap = nil
                spec.automaticBootstrap = false
            } else {
                do { spec.bootstrap = try WildBootstrapSpec(parsing: s) } catch let e as InputError {
                    throw m.error("bootstrap", e.message + " (or none: no bootstrap, not even the default one for fewer than \(ModelSpec.bootstrapClusterThreshold) clusters)")
                }
            }
        }
        if let s = try m.string("denominator") {
            guard let d = Denominator(rawValue: s) else {
                throw m.error("denominator", "expected nonenergy, intermediates or output, found '\(s)'")
            }
            spec.denominator = d
        }
        if let s = try m.string("offshoring") {
            guard s == "broad" || s == "narrow" else { throw m.error("offshoring", "expected broad or narrow, found '\(s)'") }
            spec.narrow = s == "narrow"
        }
        if let s = try m.string("prices") {
            guard s == "current" || s == "constant" else {
                throw m.error("prices", "expected current (the tables' values) or constant (every product's use divided by its index in [data] prices), found '\(inputExcerpt(s))'")
            }
            spec.constantPrices = s == "constant"
        }
        if let s = try m.string("sur_covariance") {
            guard spec.kind == .system else {
                throw m.error("sur_covariance", "model '\(spec.name)' is a single equation: sur_covariance applies to SUR systems only")
            }
            switch s.lowercased() {
            case "t", "nodfcor": spec.surCovariance = .observations
            case "geomean": spec.surCovariance = .geometricMean
            default:
                throw m.error("sur_covariance", "expected T (divisor T, the absorbed effects not counted: the default) or geomean "
                              + "(divisor sqrt((T-k_i-a)(T-k_j-a)) and degrees of freedom counting the a absorbed effects, as systemfit "
                              + "with the dummies written out), found '\(s)'")
            }
        }
        if let b = try m.bool("enabled") { spec.enabled = b }
        return spec
    }

    /// The GMM keys of a `[[model]]` with `estimator = "gmm"`: `gmm` (`system`, the default, or `difference`),
    /// `steps` (1 or 2, default 2), `collapse` (default true: with few industries uncollapsed instruments outnumber
    /// them) and `gmm_convention` (`pgmm`, the default, or `xtabond2`). On any other model they are errors.
    static func parseGMM(_ m: TOMLSection, into spec: inout ModelSpec) throws {
        for key in ["gmm", "steps", "collapse", "gmm_convention"] where m.has(key) && spec.kind != .gmm {
            throw m.error(key, "model '\(spec.name)': \(key) applies to GMM models only (estimator = \"gmm\")")
        }
        guard spec.kind == .gmm else { return }
        if let s = try m.string("gmm") {
            guard let t = GMMTransformation(rawValue: s) else { throw m.error("gmm", "expected system or difference, found '\(s)'") }
            spec.gmmOptions.transformation = t
        }
        if let n = try m.int("steps") {
            guard n == 1 || n == 2 else { throw m.error("steps", "expected 1 or 2, found \(n)") }
            spec.gmmOptions.steps = n
        }
        if let b = try m.bool("collapse") { spec.gmmOptions.collapse = b }
        if let s = try m.string("gmm_convention") {
            guard let c = GMMConvention(rawValue: s) else { throw m.error("gmm_convention", "expected pgmm or xtabond2, found '\(s)'") }
            spec.gmmOptions.convention = c
        }
        guard m.has("formula") else { throw m.error("formula", "model '\(spec.name)' with estimator = \"gmm\" needs a formula, e.g. \"log(L) ~ l(log(L), 1) + log(w) | year | gmm(log(L), 2:99)\"") }
    }

    static func parseContribution(_ s: TOMLSection) throws -> ContributionSpec {
        try s.rejectUnknownKeys(allowed: ["model", "weights", "base", "from", "to", "groups"])
        guard let model = try s.string("model") else { throw s.error("model", "each [[contributions]] needs the model it decomposes") }
        var spec = ContributionSpec(model: model, weights: try s.string("weights") ?? "wbshare")
        if let b = try s.string("base") {
            guard let v = ContributionSpec.Base(rawValue: b) else { throw s.error("base", "expected first or mean, found '\(b)'") }
            spec.base = v
        }
        spec.from = try s.int("from")
        spec.to = try s.int("to")
        if let g = try s.section("groups") {
            for k in g.keys { spec.groups.append((k, try g.strings(k) ?? [])) }
        }
        return spec
    }

    /// The config with every default filled in, as TOML (written to `config.resolved.toml` in run folders).
    public func resolvedTOML() -> String {
        func q(_ s: String) -> String { jsonString(s) }
        func list(_ a: [String]) -> String { "[" + a.map(q).joined(separator: ", ") + "]" }
        func range(_ r: ClosedRange<Int>?) -> String? { r.map { "\($0.lowerBound)-\($0.upperBound)" } }
        var out = "# offshore estimate: the resolved configuration of this run (every default filled in).\n\n[data]\n"
        out += "tables = \(q(tables))\nclassification = \(q(classification))\ngrouping = \(q(grouping))\n"
        out += "accounts = \(q(accounts))\nindustry_codes = \(q(industryCodes))\n"
        if !tableConcordance.isEmpty { out += "table_concordance = \(q(tableConcordance))\n" }
        out += "synthetic = \(synthetic)\nsynthetic_note = \(q(syntheticNote))\n"
        out += "country = \(q(country))\naccounts_country = \(q(accountsCountry))\n"
        if let years { out += "years = \(q(describeYears(years)))\n" }
        out += "denominator = \(q(denominator.rawValue))\nallow_partial = \(allowPartial)\n"
        if spilloverBaseYear { out += "spillover_weights = \"base\"\n" }
        if let energy { out += "energy = \(q(energy.rawValue))\n" }
        if allowMissing { out += "allow_missing = true\n" }
        // Written only when set, so that older configs resolve to the same text.
        if offshoringUnit != .percentagePoints { out += "offshoring_unit = \(q(offshoringUnit.rawValue))\n" }
        if let tableFormat { out += "table_format = \(q(tableFormat.rawValue))\n" }
        if let originShares { out += "origin_shares = \(q(originShares))\n" }
        if !prices.isEmpty { out += "prices = \(q(prices))\n" }
        if !exchangeRates.isEmpty { out += "exchange_rates = \(q(exchangeRates))\n" }
        // Written only when set, so that older configs resolve to the same text.
        if let a = accountsCurrencySetting { out += "accounts_currency = \(q(a.rawValue))\n" }
        if !sources.isEmpty {
            out += "\n[accounts]\n"
            if !accountsCitation.isEmpty { out += "sea_citation = \(q(accountsCitation))\n" }
            for s in sources {
                out += "\(s.input) = { source = \(q(s.layout)), file = \(q(s.file)), variable = \(q(s.variable)), concordance = \(q(s.concordance))"
                out += ", unit = \(q(s.unit))" + (s.country.map { ", country = \(q($0))" } ?? "") + (s.citation.isEmpty ? "" : ", citation = \(q(s.citation))") + " }\n"
            }
        }
        out += "\n[variables]\n"
        for (k, _) in Self.variableKeys where !sources.contains(where: { $0.input == k }) {
            // Inputs added later are written only when set, so that older configs resolve to the same text.
            if Self.inputsOffByDefault.contains(k) && (variables[k] ?? "").isEmpty { continue }
            out += "\(k) = \(q(variables[k] ?? ""))\n"
        }
        for m in models {
            out += "\n[[model]]\nname = \(q(m.name))\n"
            if m.kind == .single {
                out += "formula = \(q(m.formula))\nestimator = \(q(m.estimator.rawValue))\nvcov = \(q(m.vcov.name))\n"
                out += "weights = \(q(m.weights ?? ""))\n"
                if let b = m.bootstrap { out += "bootstrap = \(q(b.name))\n" } else if !m.automaticBootstrap { out += "bootstrap = \"none\"\n" }
            } else if m.kind == .gmm {
                let g = m.gmmOptions
                out += "formula = \(q(m.formula))\nestimator = \"gmm\"\ngmm = \(q(g.transformation.rawValue))\nsteps = \(g.steps)\n"
                out += "collapse = \(g.collapse)\ngmm_convention = \(q(g.convention.rawValue))\n"
            } else {
                out += "equations = \(list(m.equations))\nrestrictions = \(list(m.restrictions))\niterate = \(m.iterate)\n"
                if m.surCovariance != .observations { out += "sur_covariance = \(q(m.surCovariance.rawValue))\n" }
            }
            out += "sample = \(q(m.sample))\n"
            if let p = range(m.period) { out += "period = \(q(p))\n" }
            if let d = m.denominator { out += "denominator = \(q(d.rawValue))\n" }
            if let n = m.narrow { out += "offshoring = \(q(n ? "narrow" : "broad"))\n" }
            if let c = m.constantPrices { out += "prices = \(q(c ? "constant" : "current"))\n" }
            out += "enabled = \(m.enabled)\n"
        }
        for c in contributions {
            out += "\n[[contributions]]\nmodel = \(q(c.model))\nweights = \(q(c.weights))\nbase = \(q(c.base.rawValue))\n"
            if let f = c.from { out += "from = \(f)\n" }
            if let t = c.to { out += "to = \(t)\n" }
            if !c.groups.isEmpty {
                out += "[contributions.groups]\n"
                for g in c.groups { out += "\(q(g.name)) = \(list(g.terms))\n" }
            }
        }
        out += "\n[output]\nrun_name = \(q(runName))\n"
        if let d = outputDirectory { out += "directory = \(q(d))\n" }
        if report { out += "report = true\n" }
        return out
    }
}

/// Parses `1995-2011`, `2000`, or a comma-separated list of those, into sorted distinct years (`YearList`: 4-digit
/// years only, reversed ranges refused).
public func parseYears(_ s: String) throws -> [Int] {
    try YearList.parse(s, key: "years")
}

/// `1995-2011` for a run of consecutive years, else a comma-separated list.
public func describeYears(_ years: [Int]) -> String {
    guard let a = years.first, let b = years.last else { return "none" }
    return years == Array(a...b) ? (a == b ? "\(a)" : "\(a)-\(b)") : years.map(String.init).joined(separator: ",")
}


func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

func resolve(_ p: String, _ base: String) -> String {
    if p.hasPrefix("/") || base == "." || base.isEmpty { return p }
    return join(base, p)
}

extension EstimateConfig {
    /// Why `name` cannot name a run folder (`[output] run_name`, `--run-name`), or nil when it can: a run name is
    /// letters, digits, '-', '_' or '.' (not `.` or `..`), so it never holds a path, a line break or a control
    /// character. The text found is quoted as an `inputExcerpt`.
    public static func runNameProblem(_ name: String) -> String? {
        isSafeName(name) ? nil : "expected a folder name of letters, digits, '-', '_' or '.', found '\(inputExcerpt(name))'"
    }
}

func isSafeName(_ s: String) -> Bool {
    !s.isEmpty && s != "." && s != ".." && s.unicodeScalars.allSatisfy {
        ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
            || $0 == "-" || $0 == "_" || $0 == "."
    }
}

func firstDuplicate(_ a: [String]) -> String? {
    var seen = Set<String>()
    for s in a where !seen.insert(s).inserted { return s }
    return nil
}
