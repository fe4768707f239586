import Accounts
import DataIO
import IOTables
import Offshoring
import ValueChains

/// Everything an `IndustryPanel` is built from, read once from an estimate config: the classification, the
/// grouping, every year's table data and the industry accounts. `PanelBuilder.build(config:)` builds its panel
/// from these; the sensitivity chain loads them once (with more from each year's table) and builds a panel per
/// variant.
public struct PanelInputs {
    /// The product classification.
    public var classification: Classification
    /// The origin grouping of the config.
    public var grouping: Grouping
    /// Every year's table data, in year order.
    public var tables: [TableYearData]
    /// The industry accounts.
    public var accounts: IndustryAccounts
    /// Notes from reading the inputs (skipped account rows, how imports were attributed to origins).
    public var notes: [String]
    /// The table files read (yearly tables, or supply-use tables and their origin shares).
    public var tableFiles: [String]
    /// The industry-codes file, when the config names one.
    public var industryCodes: String?
    /// The classification, grouping and accounts files.
    public var otherFiles: [String]

    /// Every file read, for a manifest: tables, classification, grouping, accounts, industry codes.
    public var files: [String] { tableFiles + otherFiles + (industryCodes.map { [$0] } ?? []) }

    /// Reads the inputs of `config`: tables through `TableSet(config:)` (any layout `offshore measure` reads),
    /// loaded in parallel; `also` derives more from each year's use, broad flows and the classification, in the
    /// same task (returned in year order beside the inputs). When a model's formula names a value-chain column
    /// (`ValueChainColumns`: `vs`, `vs_<GROUP>`, `fva_exports`, ...) or `valueChainMeasures` asks for measures, each
    /// year's multi-regional table is read once more and its measures kept in `TableYearData.valueChains`.
    /// `valueChainsByRegion` keeps the measures by region as well (`TableYearData.valueChainsByRegion`), for a grid
    /// that crosses value-chain measures with groupings.
    public static func load<Extra>(config: EstimateConfig, valueChainMeasures: [GVCMeasure] = [], valueChainsByRegion: Bool = false,
                                   also: @escaping @Sendable (CountryUse, OffshoringFlows, Classification) throws -> Extra) throws -> (PanelInputs, [Extra]) {
        let classification = try Classification.load(path: config.classification).choosingEnergy(config.energy, key: "data.energy")
        let grouping = try Grouping.load(path: config.grouping)
        let set = try TableSet(config: config)
        let prices = try config.productPrices()
        let loaded = try TableYearData.load(set, config: config, classification: classification, grouping: grouping, prices: prices, also: also)
        var tables = loaded.map(\.data)
        let read = Set(ValueChainColumns.measures(readBy: config, groups: grouping.groups.map(\.name)) + valueChainMeasures)
        var chainNotes: [String] = []
        if !read.isEmpty {
            let chains = try ValueChainColumns.load(tables: set, years: tables.map(\.year), config: config, grouping: grouping,
                                                    measures: GVCMeasure.allCases.filter(read.contains), byRegion: valueChainsByRegion)
            for k in tables.indices { tables[k].valueChains = chains.years[k] }
            if chains.byRegion.count == tables.count { for k in tables.indices { tables[k].valueChainsByRegion = chains.byRegion[k] } }
            chainNotes = chains.notes
        }
        // With a table concordance the panel's industries are the accounts' it maps the tables' onto.
        let tableConcordance = config.tableConcordance.isEmpty ? nil
            : try TableConcordance(path: config.tableConcordance, tableIndustries: tables.first?.industries ?? [])
        let industries = tableConcordance?.aggregation.targets ?? tables.first?.industries ?? []
        // The accounts' codes of the panel's industries. Through a table concordance the panel keeps only the accounts
        // industries some table industry maps to, so the industry-codes file (of every accounts industry) is not
        // checked against them; rows of the others are skipped and listed.
        let aliases = config.industryCodes.isEmpty ? [:]
            : try PanelBuilder.industryAliases(path: config.industryCodes, industries: tableConcordance == nil ? industries : nil)
        var (accounts, report) = try AccountsReader.read(path: config.accounts, industries: industries, aliases: aliases,
                                                         country: config.accountsCountry)
        if let tableConcordance {
            let country = config.accountsCountry
            try tableConcordance.check(accountsIndustries: Set(accounts.values.keys.filter { $0.country == country }.map(\.industry)),
                                       accountsFile: config.accounts)
        }
        try AccountsJoin.checkPercentShares(accounts, config: config)
        var notes: [String] = chainNotes
        if !config.accountsCitation.isEmpty { notes.append("sources: accounts from " + config.accountsCitation) }
        for src in config.sources where !src.citation.isEmpty { notes.append("sources: \(src.input) from " + src.citation) }
        notes += report.notes.map { "accounts: " + $0 }
        notes.append(contentsOf: try AccountsJoin.join(&accounts, config: config, industries: industries, years: tables.map(\.year)))
        if set.format == .sut, let shares = set.shares {
            notes.append("tables: imports attributed to origins by the proportional method: each product's imported use is split by "
                         + "its import shares by partner in \(shares.source), the same for every using industry, so om and os by "
                         + "origin group (not their totals) rest on that assumption")
        }
        var otherFiles = [config.classification, config.grouping, config.accounts]
        if !config.tableConcordance.isEmpty { otherFiles.append(config.tableConcordance) }
        for s in config.sources { otherFiles += [s.file] + (s.concordance.isEmpty ? [] : [s.concordance]) }
        // The price indices and exchange rates, when named, after the files every config reads.
        for f in [config.prices, config.exchangeRates] where !f.isEmpty { otherFiles.append(f) }
        return (PanelInputs(classification: classification, grouping: grouping, tables: tables, accounts: accounts, notes: notes,
                            tableFiles: set.inputFiles, industryCodes: config.industryCodes.isEmpty ? nil : config.industryCodes,
                            otherFiles: otherFiles), loaded.map(\.extra))
    }

    /// Reads the inputs of `config` (see `load(config:also:)`).
    public static func load(config: EstimateConfig) throws -> PanelInputs {
        try load(config: config, also: { _, _, _ in () }).0
    }

    /// The panel of `config` on these inputs, with the inputs' notes after the panel's own.
    public func panel(config: EstimateConfig) throws -> IndustryPanel {
        var panel = try PanelBuilder.build(tables: tables, accounts: accounts, config: config, classification: classification,
                                           grouping: grouping, yearsExplicit: config.years != nil)
        panel.notes.append(contentsOf: notes)
        return panel
    }
}

extension TableSet {
    /// The tables of an estimate config, opened as `offshore measure` opens `--tables`: `[data] tables` in the
    /// layout `[data] table_format` (detected from the files when unset: WIOD, OECD ICIO, FIGARO or national
    /// supply-use tables), with `[data] origin_shares` for supply-use tables (default: the one shares file beside
    /// them), kept to `[data] years`.
    /// - Throws: the reader's `InputError`s (file, line, column), and one naming `data.years` and the years
    ///   available when the tables lack a year the config asks for.
    public init(config: EstimateConfig) throws {
        self = try TableSet(path: config.tables, format: config.tableFormat, originShares: config.originShares)
        guard let wanted = config.years else { return }
        let have = Set(years)
        let missing = wanted.filter { !have.contains($0) }
        guard missing.isEmpty else {
            throw InputError(file: config.path, key: "data.years",
                             "no table for \(describeYears(missing)) in \(config.tables) (available: \(describeYears(years)))")
        }
        keep(years: Set(wanted))
    }
}

extension TableYearData {
    /// Loads every year of `tables` as the use of the config's country (in parallel, one year per task, as
    /// `offshore measure` does) and extracts each year's panel data; `also` derives more from the same year's use,
    /// its broad flows and the classification in the same task, so that every table is read once. Results are in
    /// year order.
    /// - Throws: the readers' and the measures' `InputError`s, the first in year order; and one naming the file of
    ///   a year whose industries are not the first year's (the panel lines years up by industry position).
    /// - Parameter prices: the price indices of `[data] prices` (`EstimateConfig.productPrices()`), for the measures at
    ///   constant prices the models ask for; a year the file cannot deflate keeps its reason in
    ///   `TableYearData.constantPricesProblem` (the panel leaves its constant-price values missing, and refuses a model
    ///   whose sample needs them).
    public static func load<Extra>(_ tables: TableSet, config: EstimateConfig, classification: Classification, grouping: Grouping,
                                   prices: ProductPrices? = nil,
                                   also: @escaping @Sendable (CountryUse, OffshoringFlows, Classification) throws -> Extra)
        throws -> [(data: TableYearData, extra: Extra, source: String)] {
        let loaded = try tables.load(country: config.country, canonical: { grouping.canonical($0) }) { use, _ in
            let flows = try OffshoringFlows(use: use, classification: classification, narrow: false)
            let data = try TableYearData.extract(use: use, flows: flows, config: config, classification: classification, grouping: grouping,
                                                 prices: prices)
            return (data: data, extra: try also(use, flows, classification), source: use.source)
        }
        if let first = loaded.first {
            for y in loaded.dropFirst() where y.data.industries != first.data.industries {
                throw InputError(file: y.source, "the table of \(y.data.year) lists other industries (or another order) than that of "
                                 + "\(first.data.year) in \(first.source): every year needs the same industries in the same order")
            }
        }
        return loaded
    }

    /// One year's data for the panel of `config`: the measures of `[data] denominator` (broad) from `flows`, and the
    /// other measures its models need (`EstimateConfig.measureChoices`: other denominators, narrow offshoring, and at
    /// constant prices from the flows of the use deflated by `prices`). A year `prices` cannot deflate keeps the reason
    /// in `constantPricesProblem` and current-price placeholders in its constant-price `variants`.
    /// - Parameter flows: `OffshoringFlows(use: use, classification: classification, narrow: false)`.
    public static func extract(use: CountryUse, flows: OffshoringFlows, config: EstimateConfig, classification: Classification,
                               grouping: Grouping, prices: ProductPrices?) throws -> TableYearData {
        let country = config.country
        var data = try TableYearData.extract(use: use, flows: flows, country: country, classification: classification,
                                             grouping: grouping, denominator: config.denominator)
        // The other measures the models need, from the same flows (the narrow ones from the narrow flows); those at
        // constant prices from the flows of the deflated use.
        let choices = config.measureChoices
        let narrowFlows = choices.contains(where: \.narrow) ? try OffshoringFlows(use: use, classification: classification, narrow: true) : nil
        var constantFlows: [Bool: OffshoringFlows] = [:]
        let constantChoices = choices.filter(\.constantPrices)
        if let prices, !constantChoices.isEmpty {
            do {
                let deflated = try prices.deflated(use, needsOutput: constantChoices.contains { $0.denominator == .output },
                                                   yearsHint: "a model period within them, or indices for every year of the panel")
                for narrow in [false, true] {
                    constantFlows[narrow] = try OffshoringFlows(use: deflated, classification: classification, narrow: narrow)
                }
            } catch let e as InputError where e.file == prices.source {
                data.constantPricesProblem = e.message
            }
        } else if !constantChoices.isEmpty {
            data.constantPricesProblem = "no price indices were given ([data] prices)"
        }
        for c in choices {
            // A year the price file cannot deflate gets the current-price values as placeholders, which the panel
            // replaces by missing values (`constantPricesProblem`).
            guard let f = c.constantPrices ? (constantFlows[c.narrow] ?? (c.narrow ? narrowFlows : flows)) : (c.narrow ? narrowFlows : flows)
            else { continue }
            data.variants[c] = try OffshoringMeasures.compute(flows: f, country: country, classification: classification,
                                                              grouping: grouping, denominator: c.denominator)
        }
        return data
    }
}

extension EstimateConfig {
    /// The price indices of `[data] prices` (nil when the config names none), read and checked.
    /// - Throws: the file's `InputError`s (file, line, column) with the key `data.prices`.
    public func productPrices() throws -> ProductPrices? {
        guard !prices.isEmpty else { return nil }
        do { return try ProductPrices(path: prices) } catch var e as InputError {
            if e.key == nil { e.key = "data.prices" }
            throw e.inFile(prices)
        }
    }
}
