import DataIO
import IOTables
import Offshoring

/// What the panel needs from one year's multi-regional table for the reporting country: the offshoring
/// intensities, gross output and intermediate inputs of each industry, and the domestic input coefficients
/// for the spillover measures.
public struct TableYearData: Sendable {
    /// The table's year.
    public var year: Int
    /// The table's industries, in order.
    public var industries: [String]
    /// Offshoring intensities of the reporting country (percent).
    public var measures: OffshoringYear
    /// Gross output of each industry (`OUT` of the country's row), by industry code.
    public var grossOutput: [String: Double]
    /// Intermediate inputs of each industry (its column summed over every intermediate row), by industry code.
    public var intermediates: [String: Double]
    /// `coefficients[i][j]`: domestic input coefficient of supplier j in user i, `Z[c_j, c_i] / sum_k Z[c_k, c_i]`
    /// (zero when the user buys no domestic inputs).
    public var coefficients: [[Double]]

    /// Extracts the data from `table`.
    public static func extract(table: MRIOTable, year: Int, country: String, classification: Classification,
                               grouping: Grouping, denominator: Denominator) throws -> TableYearData {
        let measures = try OffshoringMeasures.compute(table: table, country: country, classification: classification,
                                                      grouping: grouping, denominator: denominator)
        guard let c = table.regionIndex(country) ?? table.regions.firstIndex(where: { grouping.canonical($0) == country }) else {
            throw InputError(key: "data.country", "'\(country)' is not a region of \(table.source)")
        }
        let n = table.industries.count
        var go: [String: Double] = [:], ii: [String: Double] = [:]
        var coefficients = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            let column = table.index(region: c, industry: i)
            var total = 0.0
            for r in 0..<table.size { total += table.flow(r, column) }
            var domestic = 0.0
            for j in 0..<n { domestic += table.flow(table.index(region: c, industry: j), column) }
            if domestic != 0 {
                for j in 0..<n { coefficients[i][j] = table.flow(table.index(region: c, industry: j), column) / domestic }
            }
            go[table.industries[i]] = table.output[column]
            ii[table.industries[i]] = total
        }
        return TableYearData(year: year, industries: table.industries, measures: measures, grossOutput: go,
                             intermediates: ii, coefficients: coefficients)
    }
}
