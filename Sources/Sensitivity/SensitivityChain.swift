import Accounts
import DataIO
import Foundation
import IOTables
import Linalg
import Offshoring
import OffshoringModels
import ValueChains

/// The measure-and-estimate chain of `offshore estimate`, with the tables and accounts loaded once and shared
/// read-only by every thread: each variant recomputes the offshoring measures from every year's table (the
/// reporting country's use of every product from every region) with its grouping, denominator and
/// narrow/broad setting, rebuilds the panel's offshoring columns and re-estimates the models with its overrides.
///
/// The chain's jobs live in one file each: loading (here), the grid's groupings and checks (`+Grid`), a variant's
/// settings (`+Settings`), its measures and panel (`+Measures`), running it (`+Run`), its result rows
/// (`ResultRow.swift`) and the caches variants share (`SharedValues.swift`). The tables are read by the path of
/// `offshore estimate` (`PanelInputs`, so every layout `offshore measure` reads) and the offshoring columns are
/// computed by the panel's own code (`OffshoringColumns`).
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
    /// Every year's table data (the base config's measures), in year order.
    let base: [TableYearData]
    /// Per year (as `base`): the reporting country's imports reduced over products, broad `[0]` and narrow `[1]`; with
    /// `constantPrices`, at constant prices broad `[2]` and narrow `[3]` (not for a year the price file cannot deflate).
    let flows: [[OffshoringFlows]]
    /// The same flows with another choice of energy products (a grid's `energy`), by choice: only their `nonenergy`
    /// denominators differ from `flows`.
    let energyFlows: [EnergyProducts: [[OffshoringFlows]]]
    /// Per year (as `base`), with `constantPrices`: why the price file cannot deflate the year's table, or nil.
    let constantPricesProblems: [String?]
    /// The flows at constant prices were computed (`init(config:modelNames:valueChainMeasures:constantPrices:)`).
    let hasConstantPrices: Bool
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
    /// Models left out of some variants by construction (the grid's `[[exclude]]`): not run there, not failures.
    public var exclusions: [GridExclusion] = []
    /// The grid's standard errors (`vcov`): when a variant's single equation is estimated, its variants with the
    /// other standard errors (same measures and settings otherwise) are recorded from the same fit, each with its
    /// own variance (`ModelPlan.records(columns:specs:)`), and kept for when they come. Empty: each on its own.
    public var vcovChoices: [VcovSetting] = []
    /// The baseline panel; variants whose grouping has the base grouping's group names only replace its
    /// offshoring columns (the accounts columns do not depend on the variant).
    let basePanel: IndustryPanel
    /// For each panel row: the industry's index in the tables and the year's index in `base`.
    let rows: [OffshoringColumns.Row]
    /// Every year's value-chain measures by region (origins `total`, then the tables' regions), when the chain was
    /// built for a grid that crosses value-chain measures with groupings; empty otherwise.
    let valueChainsByRegion: [ValueChainYear]

    /// Loads the tables (in parallel), classification, base grouping and accounts of `config`, and checks that
    /// the baseline panel can be built. `modelNames` selects models of the config (empty: its enabled models);
    /// `valueChainMeasures` (a grid's `measure`) adds the value-chain columns of those measures to the baseline
    /// panel (`ValueChainColumns`), computed once per year with the config's grouping; `valueChainGroupings` keeps them
    /// by region as well, so that each grouping variant gets its own value-chain columns (`valueChainColumns(_:grouping:)`);
    /// `energyChoices` (a grid's `energy`) adds each year's flows with those energy products; `constantPrices` (a grid's
    /// `prices` with `constant`) computes each year's flows at constant prices too, with the config's `[data] prices`.
    public init(config: EstimateConfig, modelNames: [String], valueChainMeasures: [GVCMeasure] = [], valueChainGroupings: Bool = false,
                energyChoices: [EnergyProducts] = [], constantPrices: Bool = false) throws {
        self.config = config
        // Variants run in parallel; their regressions are small: BLAS calls stay on the calling thread.
        BLASThreads.set(1)
        models = try Self.select(modelNames, of: config)
        // The tables as `offshore estimate` reads them, with each year's narrow flows and regions as well.
        let choices = energyChoices.filter { $0 != config.energy }
        let prices = constantPrices ? try config.productPrices() : nil
        let (inputs, extras) = try PanelInputs.load(config: config, valueChainMeasures: valueChainMeasures,
                                                    valueChainsByRegion: valueChainGroupings && !valueChainMeasures.isEmpty) { use, broad, classification in
            var energy: [EnergyProducts: [OffshoringFlows]] = [:]
            for choice in choices {
                let c = try classification.choosingEnergy(choice, key: "grid.energy")
                energy[choice] = [try OffshoringFlows(use: use, classification: c, narrow: false),
                                  try OffshoringFlows(use: use, classification: c, narrow: true)]
            }
            let constant = try Self.constantPriceFlows(use, prices: prices, classification: classification)
            return (flows: [broad, try OffshoringFlows(use: use, classification: classification, narrow: true)] + (constant.flows ?? []),
                    regions: use.regions, energy: energy, problem: constant.problem)
        }
        constantPricesProblems = extras.map(\.problem)
        hasConstantPrices = prices != nil
        classification = inputs.classification
        baseGrouping = inputs.grouping
        accounts = inputs.accounts
        base = inputs.tables
        let byRegion = inputs.tables.compactMap(\.valueChainsByRegion)
        valueChainsByRegion = byRegion.count == inputs.tables.count ? byRegion : []
        flows = extras.map(\.flows)
        energyFlows = Dictionary(uniqueKeysWithValues: choices.map { c in (c, extras.map { $0.energy[c] ?? [] }) })
        let firstRegions = flows.first?.first?.regions ?? []
        sameRegions = flows.allSatisfy { $0[0].regions == firstRegions }
        tableRegions = Set((extras.first?.regions ?? []).map(inputs.grouping.canonical))
        years = base.map(\.year)
        aggregates = classification.aggregates.map(\.name)
        // Join problems are the same in every variant: report them now, before any variant runs.
        basePanel = try PanelBuilder.build(tables: base, accounts: accounts, config: config, classification: classification,
                                           grouping: baseGrouping, yearsExplicit: config.years != nil)
        rows = try Self.rows(of: basePanel, industries: basePanel.aggregation?.targets ?? base.first?.industries ?? [], years: years)
        varyingColumns = Set(OffshoringColumns.names(groups: basePanel.groups))
        fingerprint = try Self.fingerprint(config: config, models: models, files: inputs.tableFiles + inputs.otherFiles)
    }

    /// The models `names` of `config` (empty: its enabled models).
    static func select(_ names: [String], of config: EstimateConfig) throws -> [ModelSpec] {
        let models: [ModelSpec]
        if names.isEmpty {
            models = config.models.filter(\.enabled)
        } else {
            models = try names.map { n in
                guard let m = config.models.first(where: { $0.name == n }) else {
                    throw InputError(key: "base.models", "no model '\(n)' in \(config.path ?? "the base config") (models: \(config.models.map(\.name).joined(separator: ", ")))")
                }
                return m
            }
        }
        guard !models.isEmpty else { throw InputError(key: "base.models", "no model to run: the base config enables none") }
        return models
    }

    /// Each row of `panel` as its industry's index in `industries` and its year's index in `years`.
    static func rows(of panel: IndustryPanel, industries: [String], years: [Int]) throws -> [OffshoringColumns.Row] {
        let ind = try panel.data.factor("industry"), yr = try panel.data.numeric("year")
        var out: [OffshoringColumns.Row] = []
        out.reserveCapacity(panel.data.rowCount)
        for r in 0..<panel.data.rowCount {
            guard let i = industries.firstIndex(of: ind.levels[Int(ind.codes[r])]), let k = years.firstIndex(of: Int(yr[r])) else {
                throw InputError(key: "panel", "row \(r + 1) of the panel has an industry or year the tables lack")
            }
            out.append(OffshoringColumns.Row(industry: i, year: k))
        }
        return out
    }

    /// The SHA-256 (hex) of the resolved config, the models and the digests of `files`.
    static func fingerprint(config: EstimateConfig, models: [ModelSpec], files: [String]) throws -> String {
        var h = SHA256()
        h.update(Array(config.resolvedTOML().utf8))
        h.update(Array(models.map { "\($0)" }.joined(separator: "\n").utf8))
        for f in files {
            h.update(Array((try SHA256.hexDigest(ofFile: f).digest).utf8))
        }
        return h.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
