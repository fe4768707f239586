import Accounts
import DataIO
import Econometrics
import IOTables
import Offshoring
import ValueChains

/// The industry x year panel of the reporting country, ready for formulas.
///
/// Columns (names usable in formulas): `industry` (text), `year`; from the tables `GO`, `II`, `om`, `os`,
/// `om_<GROUP>`, `os_<GROUP>` (percent), `om_sup`, `os_sup` (suppliers' offshoring, weighted by the domestic input
/// coefficients of the same year's table); from the accounts `Y = GO/(GO_P/100)`, `M = II/(II_P/100)`, `K`,
/// `K_ICT`, `L = H_EMPE` (hours; the config names the accounts variable of each input, e.g. `H_EMP`), `EMP`, `LAB`, `w = LAB/H_EMPE`, `w_l, w_m, w_h = LAB*LABxS/(H_EMPE*H_xS)`,
/// `S_l, S_m, S_h = LABxS/100` (wage-bill shares), `E_l, E_m, E_h = H_xS/100` (hours shares), `ict = K_ICT/K` (or the share the `ICT` input names, e.g. EU KLEMS
/// CAPIT); with the `GO` and `II` inputs set, output and inputs come from the accounts (national currency) and
/// `Y = GO/(GO_P/100)`, `M = II/(II_P/100)`; without them from the tables, converted into national currency by
/// `[data] exchange_rates` when the accounts are in it (`EstimateConfig.exchangeRatesForPanel`: never a silent mix);
/// the offshoring columns of models at constant prices (`[data] prices`) in `measureColumns`;
/// and `wbshare`, `empshare` (the industry's share of the year's wage bill and employment over the panel's
/// industries; the models recompute them within their sample). Missing or undefined values are NaN.
public struct IndustryPanel {
    /// The panel, one row per industry and year: industries in table order, years ascending within each.
    public var data: DataFrame
    /// Industries of the panel, in table order.
    public var industries: [String]
    /// Years of the panel, ascending.
    public var years: [Int]
    /// Origin groups of the grouping (for om_<GROUP>, os_<GROUP>).
    public var groups: [String]
    /// The classification's aggregates (for model samples).
    public var aggregates: [IndustryAggregate]
    /// How tables and accounts line up.
    public var coverage: Coverage
    /// Things the user should know (join mismatches, industries without measures, skipped account rows).
    public var notes: [String]
    /// The offshoring measures of every industry and aggregate in the panel's years, as computed from the
    /// tables (for the run's report: Table 1, charts, industry x year tables).
    public var measures: [OffshoringYear] = []
    /// The tables' industries aggregated onto `industries` (`[data] table_concordance`); nil when the panel's
    /// industries are the tables'. The sensitivity chain recomputes its variants' columns through it.
    public var aggregation: OffshoringColumns.Aggregation? = nil
    /// The unit of the offshoring columns (`[data] offshoring_unit`).
    public var offshoringUnit: OffshoringScale = .percentagePoints
    /// The panel's own measures (`[data] denominator`, broad), nil for a panel built without a config.
    public var baseMeasure: MeasureChoice? = nil
    /// The offshoring columns (`OffshoringColumns.names` and `MeasureChoice.narrowColumns`) under each other
    /// measure the config's models use, one value per panel row: what a model with its own `denominator` or
    /// `offshoring` takes instead of the panel's; under `baseMeasure`, the narrow columns only (every model's sample
    /// gets the narrow columns of its measures).
    public var measureColumns: [MeasureChoice: [(name: String, values: [Double])]] = [:]
    /// The spillovers use the first year's input-output weights (`EstimateConfig.spilloverBaseYear`).
    public var spilloverBaseYear = false
}

/// Builds the `IndustryPanel` from the tables, the offshoring measures and the industry accounts.
public enum PanelBuilder {
    /// Loads every input named by `config` (`PanelInputs.load(config:)`: the tables in any layout `offshore
    /// measure` reads) and builds the panel. Returns the panel and the input files read (for the manifest).
    public static func build(config: EstimateConfig) throws -> (IndustryPanel, [String]) {
        let inputs = try PanelInputs.load(config: config)
        return (try inputs.panel(config: config), inputs.files)
    }

    /// The other codes of each industry, from a CSV with the columns `code` (the tables' code, e.g. `c3`) and
    /// `nace_rev1_1` (e.g. `15t16`), or a concordance file (`code,source_code,note`, see `Concordance`: checked
    /// against `industries`, every one mapped exactly once): returns other code -> table code. Missing columns are
    /// an `InputError`; so is a concordance that assigns one code to two industries (accounts rows are not copied).
    public static func industryAliases(path: String, industries: [String]? = nil) throws -> [String: String] {
        if let industries, try CSVReader(path: path).readAllRows().first?.map({ $0.lowercased() }).contains("source_code") ?? false {
            let c = try Concordance(path: path, industries: industries)
            if let shared = c.sharedSources.first {
                throw InputError(file: path, line: c.lines[shared.codes.last ?? ""],
                                 "\(shared.source) is assigned to \(shared.codes.joined(separator: " and ")): the main accounts need one code per industry")
            }
            return Dictionary(uniqueKeysWithValues: c.mapping.map { ($0.source, $0.code) })
        }
        let reader = try CSVReader(path: path)
        var code: Int?, other: Int?
        var out: [String: String] = [:]
        try reader.forEachRow { row in
            if row.isBlank { return }
            guard let c = code, let o = other else {
                let header = (0..<row.count).map { row.string($0).lowercased() }
                guard let c = header.firstIndex(of: "code"), let o = header.firstIndex(of: "nace_rev1_1") ?? header.firstIndex(of: "source_code") else {
                    throw InputError(file: path, line: row.line, "expected a header with the columns code and nace_rev1_1 (or source_code)")
                }
                code = c
                other = o
                return
            }
            guard row.count > max(c, o) else { throw row.error("expected at least \(max(c, o) + 1) fields") }
            let alias = row.string(o)
            if !alias.isEmpty { out[alias] = row.string(c) }
        }
        return out
    }

    /// Builds the panel from data already loaded. Join mismatches throw an `InputError` listing them, unless
    /// `config.allowPartial`, in which case the common industries and years are used and the notes say so.
    public static func build(tables: [TableYearData], accounts: IndustryAccounts, config: EstimateConfig,
                             classification: Classification, grouping: Grouping, yearsExplicit: Bool) throws -> IndustryPanel {
        let tableIndustries = tables.first?.industries ?? []
        // A table concordance maps the tables' industries onto the accounts': those are the panel's industries, and
        // every table quantity of one is the sum over its table industries (`members`).
        let concordance = config.tableConcordance.isEmpty ? nil
            : try TableConcordance(path: config.tableConcordance, tableIndustries: tableIndustries)
        let aggregation = concordance?.aggregation
        let industries = aggregation?.targets ?? tableIndustries
        let members = aggregation?.memberCodes(of: tableIndustries) ?? [:]
        /// A table quantity of panel industry `i`: the table's, or the sum over its table industries.
        func tableValue(_ values: [String: Double], _ i: String) -> Double {
            guard aggregation != nil else { return values[i] ?? .nan }
            return (members[i] ?? []).reduce(0.0) { $0 + (values[$1] ?? .nan) }
        }
        let tableYears = tables.map(\.year)
        let country = config.accountsCountry
        let v = config.variables
        let required = EstimateConfig.variableKeys.map(\.key).compactMap { k -> String? in
            guard let name = v[k], !name.isEmpty else { return nil }
            return name
        }
        var coverage = Coverage(tableIndustries: industries, tableYears: tableYears, accounts: accounts, country: country,
                                required: required)
        // Years the user left out on purpose are not a mismatch.
        if yearsExplicit { coverage.yearsOnlyInAccounts = [] }
        var notes: [String] = concordance.map { [$0.description] } ?? []
        if !accounts.countries.contains(country) {
            throw InputError(file: accounts.source, key: "data.accounts_country",
                             "the accounts have no rows for country '\(country)' (countries: \(accounts.countries.joined(separator: ", ")))")
        }
        let onlyCellsMissing = coverage.industriesOnlyInTables.isEmpty && coverage.industriesOnlyInAccounts.isEmpty
            && coverage.yearsOnlyInTables.isEmpty && coverage.yearsOnlyInAccounts.isEmpty
        if !coverage.isComplete && onlyCellsMissing && config.allowMissing && !config.allowPartial {
            notes.append(contentsOf: coverage.missingPatterns.map { "missing: " + $0 })
            notes.append("missing: allow_missing = true, so missing cells are missing values: rows lacking a model's variable drop out of that model (its sample line says which)")
        } else if !coverage.isComplete {
            let list = coverage.notes
            guard config.allowPartial else {
                throw InputError(file: accounts.source, key: "data.accounts",
                                 "the accounts do not match the tables: " + list.joined(separator: "; ")
                                 + ". Fix the accounts, or set allow_partial = true in [data] to use the common part only"
                                 + (coverage.missingCells.isEmpty ? "" : " (map a variable the accounts do not have to \"\" in [variables] to leave it out, or set allow_missing = true to keep its gaps as missing values)"))
            }
            notes.append(contentsOf: list.map { "join: " + $0 })
            notes.append(contentsOf: coverage.missingPatterns.map { "missing: " + $0 })
            notes.append("join: allow_partial = true, so only the industries and years in both sources are used; missing cells are missing values")
        }
        let accIndustries = Set(accounts.industries(country: country, variable: required.first ?? "K"))
        let accYears = Set(accounts.years(country: country, variable: required.first ?? "K"))
        let useIndustries = industries.filter { accIndustries.contains($0) || !config.allowPartial }
        let useTables = tables.filter { accYears.contains($0.year) || !config.allowPartial }
        guard !useIndustries.isEmpty, !useTables.isEmpty else {
            throw InputError(file: accounts.source, key: "data.accounts", "the accounts and the tables have no industry-year in common")
        }
        let groups = tables.first?.measures.origins.dropFirst().map { String($0) } ?? []

        // Industries without defined measures (zero denominator), reported once with their years.
        var undefined: [String: [Int]] = [:]
        for t in useTables {
            let none = Set(t.measures.undefined)
            for u in industries where (aggregation == nil ? none.contains(u) : (members[u] ?? []).allSatisfy(none.contains)) {
                undefined[u, default: []].append(t.year)
            }
        }
        for u in industries where undefined[u] != nil {
            notes.append("industry \(u) has no defined offshoring measures in \(describeYears(undefined[u] ?? [])) (zero \(config.denominator.rawValue) denominator): its rows have missing om/os and drop out of the models")
        }

        if let t = useTables.first(where: { $0.coefficients == nil }) {
            notes.append("om_sup and os_sup are missing: the products of the \(t.year) table are not its industries, so the industry "
                         + "supplying each product, and with it the suppliers' input coefficients, is unknown (a product-by-industry "
                         + "table needs a product-to-industry concordance)")
        }

        func acc(_ key: String, _ i: String, _ y: Int) -> Double {
            guard let name = v[key], !name.isEmpty else { return .nan }
            return accounts.value(country: country, variable: name, industry: i, year: y) ?? .nan
        }
        func priceFactor(_ key: String, _ i: String, _ y: Int) -> Double {
            guard let name = v[key], !name.isEmpty else { return 1 }
            let p = acc(key, i, y)
            return p > 0 ? p / 100 : .nan
        }
        func finite(_ x: Double) -> Double { x.isFinite ? x : .nan }

        // The tables' output and inputs beside accounts in national currency: converted by the config's exchange rates
        // (an error naming what would mix when it has none).
        let exchange = try config.exchangeRatesForPanel(years: useTables.map(\.year).sorted())
        if let exchange {
            notes.append("currency: \(config.tableValuesNeedingConversion.joined(separator: " and ")) from the tables converted into "
                         + "\(country)'s national currency (the accounts') by the exchange rates in \(exchange.source) (national currency "
                         + "per unit of the tables' currency); om and os are shares within each table and need no conversion")
        }
        /// The rate that puts a table value of `y` into the accounts' currency (1 when they share it).
        func toAccounts(_ y: Int) -> Double { exchange?.rate(country, year: y) ?? 1 }

        var cols: [String: [Double]] = [:]
        var numericNames = ["year", "GO", "II", "Y", "M", "K", "K_ICT", "L", "EMP", "LAB", "w", "w_l", "w_m", "w_h",
                            "S_l", "S_m", "S_h", "E_l", "E_m", "E_h", "ict"]
            + OffshoringColumns.names(groups: groups) + ["wbshare", "empshare"]
        for n in numericNames { cols[n] = [] }
        var industryColumn: [String] = []
        func add(_ n: String, _ x: Double) { cols[n, default: []].append(finite(x)) }

        // Rows sorted by industry (table order), then year.
        var byYear: [Int: Int] = [:]
        for (k, t) in useTables.enumerated() { byYear[t.year] = k }
        let years = useTables.map(\.year).sorted()
        var rows: [OffshoringColumns.Row] = []
        var labTotal: [Int: Double] = [:], empTotal: [Int: Double] = [:]
        for y in years {
            var l = 0.0, e = 0.0
            for i in useIndustries {
                let a = acc("LAB", i, y), b = acc("EMP", i, y)
                if a.isFinite { l += a }
                if b.isFinite { e += b }
            }
            labTotal[y] = l
            empTotal[y] = e
        }
        for i in useIndustries {
            guard let col = industries.firstIndex(of: i) else { continue }
            for y in years {
                guard let yearIndex = byYear[y] else { continue }
                let t = useTables[yearIndex]
                rows.append(OffshoringColumns.Row(industry: col, year: yearIndex))
                industryColumn.append(i)
                add("year", Double(y))
                // Output and inputs in the accounts' currency when the config names them (GO, II), else the tables'.
                let go = (v["GO"] ?? "").isEmpty ? tableValue(t.grossOutput, i) * toAccounts(y) : acc("GO", i, y)
                let ii = (v["II"] ?? "").isEmpty ? tableValue(t.intermediates, i) * toAccounts(y) : acc("II", i, y)
                add("GO", go)
                add("II", ii)
                add("Y", go / priceFactor("GO_P", i, y))
                add("M", ii / priceFactor("II_P", i, y))
                let k = acc("K", i, y), kict = acc("K_ICT", i, y), h = acc("H_EMPE", i, y), lab = acc("LAB", i, y)
                let emp = acc("EMP", i, y)
                add("K", k)
                add("K_ICT", kict)
                add("L", h)
                add("EMP", emp)
                add("LAB", lab)
                add("w", lab / h)
                let wb = [acc("LABLS", i, y), acc("LABMS", i, y), acc("LABHS", i, y)]
                let hs = [acc("H_LS", i, y), acc("H_MS", i, y), acc("H_HS", i, y)]
                for (s, name) in ["l", "m", "h"].enumerated() {
                    add("w_\(name)", lab * wb[s] / (h * hs[s]))
                }
                for (s, name) in ["l", "m", "h"].enumerated() { add("S_\(name)", wb[s] / 100) }
                for (s, name) in ["l", "m", "h"].enumerated() { add("E_\(name)", hs[s] / 100) }
                add("ict", (v["ICT"] ?? "").isEmpty ? kict / k : acc("ICT", i, y))
                add("wbshare", lab / (labTotal[y] ?? .nan))
                add("empshare", emp / (empTotal[y] ?? .nan))
            }
        }
        // The offshoring columns, by the computation the sensitivity chain repeats for its variants.
        let intensities = useTables.map {
            OffshoringColumns.Year(measures: $0.measures, industries: tableIndustries, coefficients: $0.coefficients, domestic: $0.domestic)
        }
        for (name, values) in OffshoringColumns.compute(years: intensities, rows: rows, groups: groups, aggregation: aggregation,
                                                        unit: config.offshoringUnit, baseYearWeights: config.spilloverBaseYear) {
            cols[name] = values
        }
        // The value-chain columns (vs, vs_<GROUP>, ...) when the inputs hold every year's measures, after the others
        // (a panel without them keeps its columns).
        let chains = useTables.compactMap(\.valueChains)
        if chains.count == useTables.count, !chains.isEmpty {
            for (name, values) in ValueChainColumns.compute(years: chains, tableIndustries: tableIndustries, rows: rows,
                                                             aggregation: aggregation, unit: config.offshoringUnit) {
                cols[name] = values
                numericNames.append(name)
            }
            notes.append("value chains: columns \(chains[0].measures.map(\.rawValue).joined(separator: ", ")) (and by group) from the Leontief "
                         + "inverse of each year's multi-regional table, as offshore gvc computes them"
                         + (aggregation == nil ? "" : "; aggregated onto the accounts' industries as ratios of sums over their table industries"))
        }
        // The same columns under every other measure the models use, by the same code; with each denominator's
        // narrow measures, the narrow columns and the Feenstra-Hanson differences (broad minus narrow).
        let base = config.baseMeasure
        var measureColumns: [MeasureChoice: [(name: String, values: [Double])]] = [:]
        for choice in [base] + config.measureChoices {
            if choice != base {
                guard useTables.allSatisfy({ $0.variants[choice] != nil }) else { continue }
                let years = useTables.map { t in
                    OffshoringColumns.Year(measures: t.variants[choice] ?? t.measures, industries: tableIndustries,
                                           coefficients: t.coefficients, domestic: t.domestic)
                }
                var columns = OffshoringColumns.compute(years: years, rows: rows, groups: groups, aggregation: aggregation,
                                                        unit: config.offshoringUnit, baseYearWeights: config.spilloverBaseYear)
                if choice.constantPrices {
                    // Years the price file cannot deflate: missing, never current-price values in a constant-price column.
                    let lacking = Set(useTables.indices.filter { useTables[$0].constantPricesProblem != nil })
                    if !lacking.isEmpty {
                        for k in columns.indices {
                            for (r, row) in rows.enumerated() where lacking.contains(row.year) { columns[k].values[r] = .nan }
                        }
                    }
                }
                measureColumns[choice] = columns
            } else {
                measureColumns[base] = OffshoringColumns.names(groups: groups).map { ($0, cols[$0] ?? []) }
            }
        }
        for choice in Array(measureColumns.keys) {
            let broad = MeasureChoice(denominator: choice.denominator, narrow: false, constantPrices: choice.constantPrices)
            let narrow = MeasureChoice(denominator: choice.denominator, narrow: true, constantPrices: choice.constantPrices)
            func column(_ c: MeasureChoice, _ name: String) -> [Double]? { measureColumns[c]?.first { $0.name == name }?.values }
            guard let omB = column(broad, "om"), let osB = column(broad, "os"), let omN = column(narrow, "om"),
                  let osN = column(narrow, "os") else { continue }
            let extra: [(name: String, values: [Double])] = [("om_narrow", omN), ("os_narrow", osN),
                                                             ("om_fh", zip(omB, omN).map { finite($0 - $1) }),
                                                             ("os_fh", zip(osB, osN).map { finite($0 - $1) })]
            measureColumns[choice, default: []] += extra
        }
        notes.append(contentsOf: try PanelBuilder.constantPriceNotes(config: config, tables: useTables))
        // The panel's own measures stay in its columns; under its own key only the narrow columns, which models take
        // into their samples (the panel's columns stay those every variant of a sensitivity grid recomputes).
        measureColumns[base] = measureColumns[base]?.filter { MeasureChoice.narrowColumns.contains($0.name) }
        // The classification's aggregates on the panel's industries: an accounts industry belongs to one when all of
        // its table industries do.
        var aggregates = classification.aggregates
        if aggregation != nil {
            for k in aggregates.indices {
                let inside = Set(aggregates[k].industries)
                let partial = industries.filter { i in
                    let m = members[i] ?? []
                    return m.contains(where: inside.contains) && !m.allSatisfy(inside.contains)
                }
                aggregates[k].industries = industries.filter { (members[$0] ?? []).allSatisfy(inside.contains) }
                if !partial.isEmpty {
                    notes.append("sample \(aggregates[k].name): \(partial.joined(separator: ", ")) left out: only some of \(partial.count == 1 ? "its" : "their") table industries are in it")
                }
            }
        }
        var columns: [(String, DataColumn)] = [("industry", .categorical(codes: codesFor(industryColumn, levels: useIndustries), levels: useIndustries))]
        for n in numericNames { columns.append((n, .numeric(cols[n] ?? []))) }
        let data = try DataFrame(source: "panel", columns: columns)
        return IndustryPanel(data: data, industries: useIndustries, years: years, groups: groups,
                             aggregates: aggregates, coverage: coverage, notes: notes,
                             measures: useTables.sorted { $0.year < $1.year }.map(\.measures), aggregation: aggregation,
                             offshoringUnit: config.offshoringUnit, baseMeasure: base, measureColumns: measureColumns,
                             spilloverBaseYear: config.spilloverBaseYear)
    }

    /// What the run's notes say about prices when the config names price indices (`[data] prices`): which models'
    /// om and os are at constant prices and which at current prices. Years the file cannot deflate are missing values
    /// of the constant-price columns, which a model at constant prices may not need.
    /// - Throws: `InputError` naming `data.prices`, the config file and the key's line, with the price file and what it
    ///   lacks, when a model at constant prices has a year in its period (every panel year without one) that the file
    ///   cannot deflate.
    static func constantPriceNotes(config: EstimateConfig, tables: [TableYearData]) throws -> [String] {
        let constant = config.models.filter { $0.enabled && $0.constantPrices == true }
        guard !config.prices.isEmpty else {
            // A config read from a file refuses this at its model's key; one built in code is caught here.
            if let m = constant.first {
                throw InputError(file: config.path, key: "data.prices", "model '\(m.name)' asks for constant prices, but the config names no "
                                 + "price indices: set [data] prices = \"file.csv\" (product,year,index)")
            }
            return []
        }
        let lacking = tables.filter { $0.constantPricesProblem != nil }.map(\.year).sorted()
        for m in constant {
            let needed = lacking.filter { m.period?.contains($0) ?? true }
            guard let first = needed.first, let problem = tables.first(where: { $0.year == first })?.constantPricesProblem else { continue }
            throw InputError(file: config.path, line: config.pricesLine, key: "data.prices",
                             "\(config.prices) cannot deflate the tables of \(describeYears(needed)), which model '\(m.name)' at constant prices needs "
                             + "(\(m.period.map { "period \($0.lowerBound)-\($0.upperBound)" } ?? "every year of the panel")): \(problem)")
        }
        let current = config.models.filter { $0.enabled && $0.constantPrices != true }.map(\.name)
        var out = ["prices: " + (constant.isEmpty ? "every model's om and os (and their groups and spillovers) at current prices, the tables' values; "
                                 + "constant-price measures are available from \(config.prices) (prices = \"constant\" in a [[model]])"
                                 : "om and os (their groups, narrow and Feenstra-Hanson measures) of \(constant.map(\.name).joined(separator: ", ")) at "
                                 + "constant prices: every product's imported and domestic intermediate use divided by its price index in "
                                 + "\(config.prices) (the indices' base prices; gross output by the industry's own product's index for the output "
                                 + "denominator); their spillovers weigh them with the current-price input-output coefficients. "
                                 + (current.isEmpty ? "" : "\(current.joined(separator: ", ")) at current prices (the tables' values). ")
                                 + "Table 1 and the charts of offshoring are at current prices")]
        if !lacking.isEmpty {
            out.append("prices: the constant-price measures are missing in \(describeYears(lacking)): " + (tables.first { $0.constantPricesProblem != nil }?.constantPricesProblem ?? ""))
        }
        return out
    }

    static func codesFor(_ values: [String], levels: [String]) -> [Int32] {
        var index: [String: Int32] = [:]
        for (k, l) in levels.enumerated() { index[l] = Int32(k) }
        return values.map { index[$0] ?? -1 }
    }
}
