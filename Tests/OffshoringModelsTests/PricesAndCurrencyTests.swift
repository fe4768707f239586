import Accounts
import DataIO
import Foundation
import IOTables
import Offshoring
import OffshoringModels
import TestSupport
import XCTest

/// Issue 20, prices and currency: constant-price measures inside `estimate` (`[data] prices`, a model's
/// `prices = "current" | "constant"`), and the tables' US-dollar output and inputs never put beside national-currency
/// accounts without exchange rates (`[data] exchange_rates`, `[data] accounts_currency`). By hand on a two-product
/// table, against `offshore measure --prices` (MeasureRun) to 1e-12, against an independent pandas computation of the
/// panel's columns on the real Belgian data (References/prices_currency_panel_reference.py), and bad inputs named by
/// key, file and line.
final class PricesAndCurrencyTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "prices-currency") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ text: String, _ name: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    // MARK: by hand

    /// Country HOM (regions HOM, FOR), products m (manufactured) and s (business services), industries m and s.
    /// Column m: domestic m 10, s 6; imported m 20, s 4. Column s: domestic m 2, s 30; imported m 3, s 5. Output 100, 80.
    func use(_ year: Int) throws -> CountryUse {
        let domestic: [Double] = [10, 2, 6, 30], importedTotal: [Double] = [20, 3, 4, 5]
        return try CountryUse(country: "HOM", year: year, products: ["m", "s"], industries: ["m", "s"], regions: ["HOM", "FOR"],
                              countryIndex: 0, total: zip(domestic, importedTotal).map { $0 + $1 }, importedTotal: importedTotal,
                              imported: [0, 0, 0, 0] + importedTotal, output: [100, 80], source: "hand-made \(year)", originMethod: "direct",
                              domestic: domestic)
    }

    func handConfig(prices: String, models: [ModelSpec]) -> EstimateConfig {
        var c = EstimateConfig.defaults(bundle: "/nonexistent")
        c.country = "HOM"
        c.accountsCountry = "HOM"
        c.denominator = .intermediates
        c.synthetic = false
        c.accountsCurrencySetting = .tables
        c.variables = Dictionary(uniqueKeysWithValues: EstimateConfig.variableKeys.map { ($0.key, $0.key == "K" ? "K" : "") })
        c.models = models
        c.contributions = []
        c.prices = prices
        return c
    }

    func testHandComputedConstantPriceColumnsOnATwoProductTable() throws {
        // 2000: m's imports at 80 (imports got cheaper), its domestic use at 125; s at 200 for both flows. 2001: every index 100.
        let prices = try write("""
        # hand-made
        product,year,index,flow
        m,2000,80,imported
        m,2000,125,domestic
        s,2000,200,all
        m,2001,100,all
        s,2001,100,all
        """, "prices.csv")
        var constant = ModelSpec(name: "constant", formula: "log(GO) ~ om | industry")
        constant.constantPrices = true
        let current = ModelSpec(name: "current", formula: "log(GO) ~ om | industry")
        let config = handConfig(prices: prices, models: [constant, current])
        XCTAssertEqual(config.measureChoices.filter(\.constantPrices), [MeasureChoice(denominator: .intermediates, narrow: false, constantPrices: true),
                                                                       MeasureChoice(denominator: .intermediates, narrow: true, constantPrices: true)])
        let classification = try Classification(categories: [("m", .manufactured), ("s", .businessServices)],
                                                aggregates: [IndustryAggregate(name: "all", label: "All", industries: ["m", "s"])])
        let grouping = try Grouping(aliases: [:], groups: [RegionGroup(name: "F", regions: ["FOR"])])
        let indices = try XCTUnwrap(try config.productPrices())
        let tables = try [2000, 2001].map { y in
            let u = try use(y)
            return try TableYearData.extract(use: u, flows: try OffshoringFlows(use: u, classification: classification, narrow: false), config: config,
                                             classification: classification, grouping: grouping, prices: indices)
        }
        var accounts = IndustryAccounts(source: "hand-accounts.csv")
        var line = 1
        for i in ["m", "s"] { for y in [2000, 2001] { line += 1; try accounts.insert(1000, at: .init(country: "HOM", variable: "K", industry: i, year: y), line: line) } }
        let panel = try PanelBuilder.build(tables: tables, accounts: accounts, config: config, classification: classification,
                                           grouping: grouping, yearsExplicit: false)
        // Deflated 2000 flows: m imported 25 (to m), 3.75 (to s); m domestic 8, 1.6; s imported 2, 2.5; s domestic 3, 15.
        // Intermediates at constant prices: m 25 + 8 + 2 + 3 = 38, s 3.75 + 1.6 + 2.5 + 15 = 22.85.
        let expected: [String: [String: (Double, Double)]] = [   // column -> industry -> (2000, 2001)
            "om": ["m": (100 * 25 / 38, 50), "s": (100 * 3.75 / 22.85, 100 * 3 / 40)],
            "os": ["m": (100 * 2 / 38, 10), "s": (100 * 2.5 / 22.85, 100 * 5 / 40)],
            "om_F": ["m": (100 * 25 / 38, 50), "s": (100 * 3.75 / 22.85, 100 * 3 / 40)],
            "om_narrow": ["m": (100 * 25 / 38, 50), "s": (0, 0)],
            "os_narrow": ["m": (0, 0), "s": (100 * 2.5 / 22.85, 100 * 5 / 40)],
            "om_fh": ["m": (0, 0), "s": (100 * 3.75 / 22.85, 100 * 3 / 40)],
        ]
        let (data, _, _) = try ModelRunner.sample(panel, for: constant)
        let (currentData, _, _) = try ModelRunner.sample(panel, for: current)
        let ind = try data.factor("industry"), year = try data.numeric("year")
        for (column, byIndustry) in expected {
            let values = try data.numeric(column), currentValues = try currentData.numeric(column)
            for r in 0..<data.rowCount {
                let i = ind.levels[Int(ind.codes[r])]
                let e = try XCTUnwrap(byIndustry[i])
                XCTAssertEqual(values[r], year[r] == 2000 ? e.0 : e.1, accuracy: 1e-12, "\(column) \(i) \(year[r])")
            }
            // At current prices both years are the 2001 values (the same flows, every index 100 in 2001).
            for r in 0..<currentData.rowCount {
                let e = try XCTUnwrap(byIndustry[ind.levels[Int(ind.codes[r])]])
                XCTAssertEqual(currentValues[r], e.1, accuracy: 1e-12, "current \(column)")
            }
        }
        XCTAssertEqual(constant.sampleDescription, "all industries, all years, om and os at constant prices")
        // A config built in code with a constant-price model and no price file: refused, never current prices in disguise.
        let without = handConfig(prices: "", models: [constant])
        let placeholders = try [2000, 2001].map { y in
            let u = try use(y)
            return try TableYearData.extract(use: u, flows: try OffshoringFlows(use: u, classification: classification, narrow: false),
                                             config: without, classification: classification, grouping: grouping, prices: nil)
        }
        XCTAssertNotNil(placeholders[0].constantPricesProblem)
        XCTAssertThrowsError(try PanelBuilder.build(tables: placeholders, accounts: accounts, config: without, classification: classification,
                                                    grouping: grouping, yearsExplicit: false)) { e in
            XCTAssertEqual((e as? InputError)?.key, "data.prices", "\(e)")
        }
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("prices: om and os") && $0.contains("of constant at constant prices")
            && $0.contains(prices) && $0.contains("current at current prices") }, "\(panel.notes)")
    }

    func testHandComputedCurrencyConversionOfTheTablesOutputAndInputs() throws {
        // Tiny's tables (regions BEL, DEU) with its accounts declared in national currency: GO and II from the tables are
        // converted by the rate of each year before the price indices deflate them.
        let rates = try write("# hand-made\ncountry,year,rate\nBEL,2000,2\nBEL,2001,0.5\nBEL,2002,1.25\nBEL,2003,4\n", "rates.csv")
        var config = Tiny.config()
        config.accountsCurrencySetting = .national
        XCTAssertEqual(config.tableValuesNeedingConversion, ["GO", "II"])
        XCTAssertThrowsError(try PanelBuilder.build(tables: try Tiny.tableData(), accounts: try Tiny.accounts(), config: config,
                                                    classification: try Tiny.classification(), grouping: try Tiny.grouping(),
                                                    yearsExplicit: false)) { e in
            let err = e as? InputError
            XCTAssertEqual(err?.key, "data.exchange_rates", "\(e)")
            XCTAssertTrue("\(e)".contains("GO and II would come from the tables"), "\(e)")
            XCTAssertTrue("\(e)".contains("GO_P, II_P, K, K_ICT, LAB are in national currency"), "\(e)")
            XCTAssertTrue("\(e)".contains("Y = GO/(GO_P/100), M = II/(II_P/100)"), "\(e)")
            XCTAssertTrue("\(e)".contains("exchange_rates = \"file.csv\""), "\(e)")
        }
        config.exchangeRates = rates
        let panel = try PanelBuilder.build(tables: try Tiny.tableData(), accounts: try Tiny.accounts(), config: config,
                                           classification: try Tiny.classification(), grouping: try Tiny.grouping(), yearsExplicit: false)
        let plain = try Tiny.panel(try Tiny.accounts())
        let rate: [Double: Double] = [2000: 2, 2001: 0.5, 2002: 1.25, 2003: 4]
        let year = try panel.data.numeric("year")
        for name in ["GO", "II", "Y", "M"] {
            let a = try panel.data.numeric(name), b = try plain.data.numeric(name)
            for r in 0..<a.count { XCTAssertEqual(a[r], b[r] * (rate[year[r]] ?? .nan), accuracy: 1e-12 * abs(a[r]), name) }
        }
        // By hand for c2 in 2001 (t = 1): output 200 + 10 + 1 = 211 dollars, 105.5 in national currency; GO_P 100 + 2 + 1 = 103.
        let ind = try panel.data.factor("industry")
        let r = try XCTUnwrap((0..<year.count).first { year[$0] == 2001 && ind.levels[Int(ind.codes[$0])] == "c2" })
        XCTAssertEqual(try panel.data.numeric("GO")[r], 105.5, accuracy: 1e-12)
        XCTAssertEqual(try panel.data.numeric("Y")[r], 105.5 / 1.03, accuracy: 1e-12)
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("currency: GO and II from the tables converted") && $0.contains(rates) }, "\(panel.notes)")
        // om and os are shares within each table: the conversion leaves them as they are.
        XCTAssertEqual(try panel.data.numeric("om"), try plain.data.numeric("om"))
        // A year without a rate is an error naming the file.
        config.exchangeRates = try write("country,year,rate\nBEL,2000,2\nBEL,2001,0.5\n", "short.csv")
        XCTAssertThrowsError(try PanelBuilder.build(tables: try Tiny.tableData(), accounts: try Tiny.accounts(), config: config,
                                                    classification: try Tiny.classification(), grouping: try Tiny.grouping(),
                                                    yearsExplicit: false)) { e in
            XCTAssertEqual((e as? InputError)?.file, config.exchangeRates)
            XCTAssertTrue("\(e)".contains("no exchange rate for BEL in 2002-2003 (the file has 2000-2001)"), "\(e)")
        }
    }

    // MARK: the real Belgian data

    /// The bundled default config with `[data]` lines added, `[variables]` lines replaced and the models given, written
    /// into the test's folder (its relative paths resolve against the bundled configs).
    func realConfig(data: String, variables: [String: String] = [:], models: String) throws -> String {
        var text = try String(contentsOfFile: Bundled.folder + "/config/estimate-default.toml", encoding: .utf8)
        if let m = text.range(of: "\n[[model]]") { text = String(text[..<m.lowerBound]) + "\n" }
        text = text.replacingOccurrences(of: "[data]\n", with: "[data]\n" + data + "\n")
        for (k, v) in variables {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("\(k) = ") ? "\(k) = \"\(v)\"" : String($0) }.joined(separator: "\n")
        }
        let path = try write(text + "\n" + models + "\n", "real.toml")
        // The copy's relative paths are found beside the bundled configs.
        return path
    }

    func testConstantPriceOmOfEstimateEqualsMeasurePrices() throws {
        let prices = Bundled.folder + "/prices/BEL_sea2013_go_p.csv"
        let path = try realConfig(data: "years = \"1995-1999\"\nprices = \"\(prices)\"", models: """
        [[model]]
        name = "productivity_constant"
        formula = "log(Y/L) ~ log(K/L) + log(M/L) + om + os | industry + year"
        sample = "all"
        prices = "constant"
        """)
        let config = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        XCTAssertTrue(config.resolvedTOML().contains("prices = \"\(prices)\"\n"))
        XCTAssertTrue(config.resolvedTOML().contains("prices = \"constant\"\n"))
        let (panel, files) = try PanelBuilder.build(config: config)
        XCTAssertTrue(files.contains(prices), "the price file is an input of the run (manifest)")
        let spec = try XCTUnwrap(config.models.first)
        let (data, _, _) = try ModelRunner.sample(panel, for: spec)
        // offshore measure --prices, by its library counterpart.
        let inputs = try MeasureRun.Inputs(tables: config.tables, format: nil, classification: config.classification, grouping: config.grouping,
                                           years: "1995-1999") { _ in config.classification }
        let measured = try MeasureRun.execute(inputs, country: "BEL", denominator: .nonenergy, narrow: false, prices: try ProductPrices(path: prices))
        let ind = try data.factor("industry"), year = try data.numeric("year")
        var compared = 0
        for (name, measure) in [("om", OffshoringMeasure.om), ("os", .os)] {
            let values = try data.numeric(name)
            for r in 0..<data.rowCount {
                let unit = ind.levels[Int(ind.codes[r])]
                guard let y = measured.measured.first(where: { $0.year == Int(year[r]) }), let u = y.units.first(where: { $0.unit == unit }),
                      let e = u.sums.percent(measure, origin: 0) else { XCTAssertTrue(values[r].isNaN, "\(unit) \(year[r])"); continue }
                XCTAssertEqual(values[r], e, accuracy: 1e-12 * max(1, abs(e)), "\(name) \(unit) \(year[r])")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 2 * 34 * 5, "34 industries with inputs (c35 has none) x 5 years, om and os")
        // The panel's own om stays at current prices (Table 1).
        let currentOm = try panel.data.numeric("om"), constantOm = try data.numeric("om")
        XCTAssertNotEqual(currentOm[1], constantOm[1])
    }

    func testPanelColumnsAgainstPandasOnTheRealBelgianData() throws {
        let rates = Bundled.folder + "/exchange_rates/BEL_wiod2013_implied.csv"
        let path = try realConfig(data: "years = \"1995-2009\"\nprices = \"../prices/BEL_sea2013_go_p.csv\"\nexchange_rates = \"../exchange_rates/BEL_wiod2013_implied.csv\"",
                                  variables: ["GO": "", "II": ""], models: """
        [[model]]
        name = "all_constant"
        formula = "log(Y) ~ om + os | industry + year"
        sample = "all"
        prices = "constant"
        """)
        let config = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        XCTAssertTrue(config.exchangeRates.hasSuffix("/exchange_rates/BEL_wiod2013_implied.csv"), config.exchangeRates)
        XCTAssertTrue(FileManager.default.contentsEqual(atPath: config.exchangeRates, andPath: rates))
        XCTAssertEqual(config.tableValuesNeedingConversion, ["GO", "II"])
        let (panel, _) = try PanelBuilder.build(config: config)
        let (data, _, _) = try ModelRunner.sample(panel, for: try XCTUnwrap(config.models.first))
        var expected: [String: Double] = [:]
        for row in try Bundled.csv(Bundled.reference("prices_currency_panel_reference.csv")) {
            guard let i = row["industry"], let y = row["year"], let c = row["column"], let v = row["value"].flatMap(Double.init) else { continue }
            expected["\(i) \(y) \(c)"] = v
        }
        XCTAssertEqual(expected.count, 8205)
        let ind = try data.factor("industry"), year = try data.numeric("year")
        var compared = 0, largest = 0.0
        let names = ["om", "os", "om_OECD", "om_CEE", "om_ASIA", "os_OECD", "os_CEE", "os_ASIA", "om_narrow", "os_narrow", "om_fh", "os_fh",
                     "GO", "II", "Y", "M"]
        for name in names {
            let values = try data.numeric(name)
            for r in 0..<data.rowCount {
                let key = "\(ind.levels[Int(ind.codes[r])]) \(Int(year[r])) \(name)"
                guard let e = expected[key] else { XCTAssertTrue(values[r].isNaN, key); continue }
                XCTAssertEqual(values[r], e, accuracy: 1e-12 * max(1, abs(e)), key)
                largest = max(largest, abs(values[r] - e) / max(1, abs(e)))
                compared += 1
            }
        }
        XCTAssertEqual(compared, expected.count, "every reference value compared (largest relative difference \(largest))")
        // Converted by the rates WIOD's own values imply, output and inputs are the SEA's to within the tables' rounding.
        let (sea, _) = try Bundled.realPanel.get()
        let seaY = try sea.data.numeric("Y"), seaYear = try sea.data.numeric("year"), seaInd = try sea.data.factor("industry")
        var seaByKey: [String: Double] = [:]
        for r in 0..<seaY.count { seaByKey["\(seaInd.levels[Int(seaInd.codes[r])]) \(Int(seaYear[r]))"] = seaY[r] }
        let y = try data.numeric("Y")
        var worst = 0.0
        for r in 0..<data.rowCount {
            guard let s = seaByKey["\(ind.levels[Int(ind.codes[r])]) \(Int(year[r]))"], s > 1, y[r].isFinite else { continue }
            worst = max(worst, abs(y[r] / s - 1))
        }
        XCTAssertLessThan(worst, 3e-3)
        print("prices and currency vs pandas: \(compared) values, largest relative difference \(largest); Y converted vs the SEA's: largest relative gap \(worst)")
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("currency: GO and II from the tables converted into BEL's national currency") })
    }

    // MARK: bad inputs

    func loadError(_ path: String) -> InputError? {
        do {
            let c = try EstimateConfig.load(path: path, bundle: Bundled.folder)
            try c.checkInputsExist()
            _ = try PanelBuilder.build(config: c)
            return nil
        } catch let e as InputError {
            return e
        } catch {
            XCTFail("not an InputError: \(error)")
            return nil
        }
    }

    func line(of text: String, in path: String) throws -> Int? {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.hasPrefix(text) }.map { $0 + 1 }
    }

    func testBadPricesInputsNameTheKeyFileAndLine() throws {
        let model = "[[model]]\nname = \"p\"\nformula = \"log(Y) ~ om | industry + year\"\nsample = \"manufacturing\"\nperiod = \"1995-1997\"\n"
        // A bad value of a model's prices.
        var path = try realConfig(data: "years = \"1995-1997\"\nprices = \"../prices/BEL_sea2013_go_p.csv\"", models: model + "prices = \"real\"")
        var e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "model.prices")
        XCTAssertEqual(e.file, path)
        XCTAssertEqual(e.line, try line(of: "prices = \"real\"", in: path))
        XCTAssertTrue(e.message.contains("expected current (the tables' values) or constant"), e.message)
        // Constant prices without [data] prices.
        path = try realConfig(data: "years = \"1995-1997\"", models: model + "prices = \"constant\"")
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "model.prices")
        XCTAssertTrue(e.message.contains("add [data] prices = \"file.csv\""), e.message)
        // A price file that does not exist.
        path = try realConfig(data: "years = \"1995-1997\"\nprices = \"nowhere.csv\"", models: model + "prices = \"constant\"")
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.prices")
        XCTAssertEqual(e.file, path)
        XCTAssertEqual(e.line, try line(of: "prices = \"nowhere.csv\"", in: path))
        XCTAssertTrue(e.message.contains("'nowhere.csv': no such file or folder"), e.message)
        // A bad row in the price file: the file, its line and column, and the key.
        let bad = try write("# bad\nproduct,year,index\nc1,1995,1O0\n", "bad.csv")
        path = try realConfig(data: "years = \"1995-1997\"\nprices = \"\(bad)\"", models: model + "prices = \"constant\"")
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.prices")
        XCTAssertEqual(e.file, bad)
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.column, 3)
        // Years the file lacks, which a model at constant prices needs: the config's key and line, the price file and its row.
        var short = "# two years\nproduct,year,index\n"
        for k in 1...35 { for y in 1995...1996 { short += "c\(k),\(y),100\n" } }
        let shortPath = try write(short, "short.csv")
        path = try realConfig(data: "years = \"1995-1997\"\nprices = \"\(shortPath)\"", models: model + "prices = \"constant\"")
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.prices")
        XCTAssertEqual(e.file, path)
        XCTAssertEqual(e.line, try line(of: "prices = \"\(shortPath)\"", in: path))
        XCTAssertTrue(e.message.contains("\(shortPath) cannot deflate the tables of 1997, which model 'p' at constant prices needs (period 1995-1997)"), e.message)
        XCTAssertTrue(e.message.contains("no price index for product c1 in 1997"), e.message)
        XCTAssertTrue(e.message.contains("its indices cover 1995-1996 (first row: line 3)"), e.message)
        // A product the file lacks altogether.
        let noC5 = short.split(separator: "\n").filter { !$0.hasPrefix("c5,") }.joined(separator: "\n") + "\n"
        let noC5Path = try write(noC5, "noc5.csv")
        path = try realConfig(data: "years = \"1995-1996\"\nprices = \"\(noC5Path)\"",
                              models: model.replacingOccurrences(of: "1995-1997", with: "1995-1996") + "prices = \"constant\"")
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.prices")
        XCTAssertTrue(e.message.contains("no price index for product c5 in 1995"), e.message)
        XCTAssertTrue(e.message.contains("(the file has no row for it)"), e.message)
        // A model whose period avoids the years the file lacks runs; those years are missing values, said in the notes.
        path = try realConfig(data: "years = \"1995-1997\"\nprices = \"\(shortPath)\"",
                              models: model.replacingOccurrences(of: "1995-1997", with: "1995-1996") + "prices = \"constant\"")
        let c = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        let (panel, _) = try PanelBuilder.build(config: c)
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("prices: the constant-price measures are missing in 1997") }, "\(panel.notes)")
    }

    func testTheTablesDollarsBesideNationalAccountsExitTwoWithoutRates() throws {
        let model = "[[model]]\nname = \"p\"\nformula = \"log(Y) ~ om | industry + year\"\nsample = \"manufacturing\"\nperiod = \"1995-1997\"\n"
        var path = try realConfig(data: "years = \"1995-1997\"", variables: ["GO": "", "II": ""], models: model)
        var e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.exchange_rates")
        XCTAssertEqual(e.file, path)
        XCTAssertTrue(e.message.contains("GO and II would come from the tables"), e.message)
        XCTAssertTrue(e.message.contains("Name the accounts' own series in [variables]"), e.message)
        // A bad rate: the file, line and column.
        let bad = try write("country,year,rate\nBEL,1995,-1\n", "bad-rates.csv")
        path = try realConfig(data: "years = \"1995-1997\"\nexchange_rates = \"\(bad)\"", variables: ["GO": "", "II": ""], models: model)
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.exchange_rates")
        XCTAssertEqual(e.file, bad)
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 3)
        // A bad accounts_currency.
        path = try realConfig(data: "accounts_currency = \"EUR\"", models: model)
        e = try XCTUnwrap(loadError(path))
        XCTAssertEqual(e.key, "data.accounts_currency")
        XCTAssertEqual(e.line, try line(of: "accounts_currency", in: path))
        // Declared in the tables' currency, nothing is converted (and the declaration is in the resolved config).
        path = try realConfig(data: "years = \"1995-1997\"\naccounts_currency = \"tables\"", variables: ["GO": "", "II": ""], models: model)
        let c = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        XCTAssertEqual(c.tableValuesNeedingConversion, [])
        XCTAssertTrue(c.resolvedTOML().contains("accounts_currency = \"tables\"\n"))
        // The bundled default takes output and inputs from the SEA: nothing to convert, and its resolved text has no new key.
        let real = try Bundled.realConfig()
        XCTAssertEqual(real.accountsCurrency, .national)
        XCTAssertEqual(real.tableValuesNeedingConversion, [])
        XCTAssertFalse(real.resolvedTOML().contains("accounts_currency"))
        XCTAssertFalse(real.resolvedTOML().contains("\nprices = "))
        // The synthetic accounts are in the tables' dollars.
        XCTAssertEqual(EstimateConfig.defaults(bundle: Bundled.folder).accountsCurrency, .tables)
    }
}
