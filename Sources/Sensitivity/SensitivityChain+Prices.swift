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

    /// The index in each year's `flows` of a variant's flows: broad 0, narrow 1; at constant prices 2 and 3.
    /// - Throws: `InputError` keyed `grid.prices` when the chain has no flows at constant prices for a year (`validate`
    ///   refuses such grids first).
    func flowIndex(_ v: Variant) throws -> Int {
        let narrow = v.narrow ? 1 : 0
        guard v.constantPrices else { return narrow }
        if let k = flows.firstIndex(where: { $0.count < 4 }) {
            throw InputError(key: "grid.prices", "no measures at constant prices for \(years[k]): "
                             + (constantPricesProblems[k] ?? "the chain was loaded without the price indices"))
        }
        return 2 + narrow
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
