import DataIO
import IOTables
import Offshoring
import OffshoringModels

/// The grid's `prices` dimension: each year's flows at constant prices (every product's imported and domestic use
/// divided by its index in the base config's `[data] prices`), computed once when the chain loads, and the checks a
/// grid with `prices = ["current", "constant"]` needs.
extension SensitivityChain {
    /// A year's broad and narrow flows at constant prices, or why the price file cannot deflate the year's table;
    /// nothing without `prices`.
    static func constantPriceFlows(_ use: CountryUse, prices: ProductPrices?, classification: Classification) throws
        -> (flows: [OffshoringFlows]?, problem: String?) {
        guard let prices else { return (nil, nil) }
        do {
            let deflated = try prices.deflated(use, yearsHint: "grid and model periods within them")
            return ([try OffshoringFlows(use: deflated, classification: classification, narrow: false),
                     try OffshoringFlows(use: deflated, classification: classification, narrow: true)], nil)
        } catch let e as InputError where e.file == prices.source {
            return (nil, e.message)
        }
    }

    /// A year's flows for a variant: broad `[0]` or narrow `[1]`; at constant prices `[2]` or `[3]`, or for a year the
    /// price file cannot deflate the current-price ones as placeholders, whose columns `blankYearsWithoutPrices`
    /// then leaves missing (`validatePrices` refuses a grid whose models need those years).
    /// With an energy choice other than the config's (the grid's `energy`), that choice's broad or narrow flows.
    /// - Throws: `InputError` (`grid.energy`) when the chain was built without the variant's energy choice.
    func variantFlows(_ year: Int, _ v: Variant) throws -> OffshoringFlows {
        let narrow = v.narrow ? 1 : 0
        if let choice = v.energy.value, choice != config.energy {
            guard let f = energyFlows[choice] else {
                throw InputError(key: "grid.energy", "the chain was built without the energy choice \(choice.rawValue) (pass the grid's energyChoices)")
            }
            return f[year][narrow]
        }
        let f = flows[year]
        return v.constantPrices && f.count == 4 ? f[2 + narrow] : f[narrow]
    }

    /// The panel rows of the years without measures at constant prices, for a variant at constant prices (empty
    /// otherwise).
    func rowsWithoutPrices(_ v: Variant) -> [Int] {
        guard v.constantPrices else { return [] }
        let lacking = Set(flows.indices.filter { flows[$0].count < 4 })
        guard !lacking.isEmpty else { return [] }
        return rows.indices.filter { lacking.contains(rows[$0].year) }
    }

    /// `columns` with the rows of the years without measures at constant prices missing (a variant at constant prices:
    /// never current-price values in a constant-price column).
    func blankYearsWithoutPrices(_ columns: [(name: String, values: [Double])], _ v: Variant) -> [(name: String, values: [Double])] {
        let blank = rowsWithoutPrices(v)
        guard !blank.isEmpty else { return columns }
        var out = columns
        for k in out.indices { for r in blank { out[k].values[r] = .nan } }
        return out
    }

    /// Checks a grid with constant prices: the base config names price indices, no value-chain measure is combined
    /// with them, and every year a model needs in any of the grid's periods has indices.
    /// - Throws: `InputError` naming the grid file and `grid.prices`.
    func validatePrices(_ grid: SensitivityGrid) throws {
        guard grid.prices.contains(true) else { return }
        guard !config.prices.isEmpty else {
            throw InputError(file: grid.path, key: "grid.prices", "constant prices need price indices by product: add [data] prices = \"file.csv\" "
                             + "(product,year,index) to the base config \(config.path ?? "")")
        }
        guard hasConstantPrices else {
            throw InputError(file: grid.path, key: "grid.prices", "the chain was loaded without the flows at constant prices")
        }
        if let e = grid.energyChoices.first(where: { $0 != config.energy }) {
            throw InputError(file: grid.path, key: "grid.prices", "the energy choice \(e.rawValue) is measured at current prices: "
                             + "run prices and energy in separate grids")
        }
        if let m = grid.measures.first(where: { $0 != SensitivityGrid.ownMeasure }) {
            throw InputError(file: grid.path, key: "grid.prices", "the value-chain measure \(m) is at current prices (the tables' values): "
                             + "run prices and measure in separate grids")
        }
        let lacking = Set(years.indices.filter { constantPricesProblems[$0] != nil }.map { years[$0] })
        guard !lacking.isEmpty else { return }
        for model in models where model.constantPrices == nil {
            for p in grid.periods {
                let range = p.value ?? model.period
                let needed = years.filter { lacking.contains($0) && (range?.contains($0) ?? true) }
                guard let first = needed.first, let k = years.firstIndex(of: first) else { continue }
                throw InputError(file: grid.path, key: "grid.prices",
                                 "\(config.prices) cannot deflate the tables of \(describeYears(needed)), which model '\(model.name)' needs at "
                                 + "constant prices in the period \(p.text): \(constantPricesProblems[k] ?? "")")
            }
        }
    }
}
