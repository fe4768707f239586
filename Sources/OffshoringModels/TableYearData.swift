import DataIO
import IOTables
import Offshoring
import ValueChains

/// What the panel needs from one year's table for the reporting country: the offshoring intensities, gross
/// output and intermediate inputs of each industry, and the domestic input coefficients for the spillover
/// measures. Extracted from the country's use (`CountryUse`), so every format `TableSet` reads gives it.
public struct TableYearData: Sendable {
    /// The table's year.
    public var year: Int
    /// The table's industries, in order.
    public var industries: [String]
    /// Offshoring intensities of the reporting country (percent).
    public var measures: OffshoringYear
    /// Gross output of each industry (`OUT` of the country's row; NaN when the table gives none), by industry code.
    public var grossOutput: [String: Double]
    /// Intermediate inputs of each industry (its column summed over every intermediate row), by industry code.
    public var intermediates: [String: Double]
    /// Domestic input coefficients, flat: user i, supplier j at `i * industries.count + j`, the domestic use of
    /// j's product by i over all of i's domestic inputs, `Z[c_j, c_i] / sum_k Z[c_k, c_i]` (zero when i buys no
    /// domestic inputs). Nil when the table's products are not its industries (a product-by-industry table: the
    /// supplying industry of a product is unknown without a concordance), which leaves `om_sup`/`os_sup` missing.
    public var coefficients: [Double]?
    /// The domestic flows the coefficients come from, supplier j to user i at `j * industries.count + i` (the
    /// country's `CountryUse.domestic`): what industries aggregated by a table concordance take their coefficients
    /// from. Nil when `coefficients` is.
    public var domestic: [Double]? = nil
    /// The year's intensities under the other measures the config's models need (`EstimateConfig.measureChoices`:
    /// other denominators, narrow offshoring), computed from the same flows; empty when none were asked for.
    public var variants: [MeasureChoice: OffshoringYear] = [:]
    /// Why the year's measures at constant prices could not be computed (the price file lacks an index the year's
    /// table needs), or nil: its constant-price `variants` are then placeholders the panel leaves missing.
    public var constantPricesProblem: String? = nil
    /// The year's value-chain measures of the reporting country (`ValueChainColumns`), when a model or a grid reads
    /// them; nil otherwise.
    public var valueChains: ValueChainYear? = nil
    /// The same measures with one origin per region of the table (`ValueChainYear.regrouped(by:)` gives any grouping's
    /// groups), when a sensitivity grid crosses value-chain measures with groupings; nil otherwise.
    public var valueChainsByRegion: ValueChainYear? = nil

    /// Extracts the data from a country's use, the measures from its flows reduced over products (broad).
    /// - Parameter flows: `OffshoringFlows(use: use, classification: classification, narrow: false)`.
    public static func extract(use: CountryUse, flows: OffshoringFlows, country: String, classification: Classification,
                               grouping: Grouping, denominator: Denominator) throws -> TableYearData {
        let measures = try OffshoringMeasures.compute(flows: flows, country: country, classification: classification,
                                                      grouping: grouping, denominator: denominator)
        let n = use.industries.count
        var go: [String: Double] = [:], ii: [String: Double] = [:]
        for (i, code) in use.industries.enumerated() {
            go[code] = use.output?[i] ?? .nan
            ii[code] = use.intermediateInputs[i]
        }
        var coefficients: [Double]?, domestic: [Double]?
        if use.products == use.industries {
            domestic = use.domestic
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                var domestic = 0.0
                for j in 0..<n { domestic += use.domestic[j * n + i] }
                if domestic != 0 {
                    for j in 0..<n { a[i * n + j] = use.domestic[j * n + i] / domestic }
                }
            }
            coefficients = a
        }
        return TableYearData(year: use.year ?? 0, industries: use.industries, measures: measures, grossOutput: go,
                             intermediates: ii, coefficients: coefficients, domestic: domestic)
    }

    /// Extracts the data from a country's use.
    public static func extract(use: CountryUse, country: String, classification: Classification, grouping: Grouping,
                               denominator: Denominator) throws -> TableYearData {
        try extract(use: use, flows: try OffshoringFlows(use: use, classification: classification, narrow: false), country: country,
                    classification: classification, grouping: grouping, denominator: denominator)
    }

    /// Extracts the data from a multi-regional table (WIOD layout) for `country` (a region code, or the code a
    /// grouping alias maps one to).
    public static func extract(table: MRIOTable, year: Int, country: String, classification: Classification,
                               grouping: Grouping, denominator: Denominator) throws -> TableYearData {
        try classification.check(against: table)
        let use = try CountryUse(table: table, country: country, canonical: grouping.canonical)
        var data = try extract(use: use, country: country, classification: classification, grouping: grouping, denominator: denominator)
        data.year = year
        return data
    }
}
