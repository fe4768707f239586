import DataIO

/// The intermediate block of a multi-regional table whose rows may be products and its columns industries (FIGARO's
/// product-by-industry use tables), or both industries (industry-by-industry tables).
///
/// Rows are supplying region x product, columns using region x industry, both region-major; storage is row-major:
/// the use by column `(s, i)` of product `(r, j)` is `flows[(r * products.count + j) * columns + s * industries.count + i]`
/// with `columns = regions.count * industries.count`.
public struct MultiRegionalUse: Sendable {
    /// The table's year, when known.
    public var year: Int?
    /// Region codes in table order.
    public var regions: [String]
    /// Product codes (rows within a region).
    public var products: [String]
    /// Industry codes (columns within a region).
    public var industries: [String]
    /// Intermediate use, row-major.
    public var flows: [Double]
    /// Gross output of each column (region x industry), when the table gives it.
    public var output: [Double]?
    /// Where it came from.
    public var source: String

    /// A table from its parts; throws when the sizes do not fit.
    public init(year: Int?, regions: [String], products: [String], industries: [String], flows: [Double], output: [Double]?,
                source: String) throws {
        guard !regions.isEmpty, !products.isEmpty, !industries.isEmpty,
              flows.count == regions.count * products.count * regions.count * industries.count,
              output.map({ $0.count == regions.count * industries.count }) ?? true else {
            throw InputError(file: source, "table arrays do not fit \(regions.count) regions x \(products.count) products x \(industries.count) industries")
        }
        if let d = firstDuplicate(regions) { throw InputError(file: source, "duplicate region '\(d)'") }
        if let d = firstDuplicate(products) { throw InputError(file: source, "duplicate product '\(d)'") }
        if let d = firstDuplicate(industries) { throw InputError(file: source, "duplicate industry '\(d)'") }
        self.year = year
        self.regions = regions
        self.products = products
        self.industries = industries
        self.flows = flows
        self.output = output
        self.source = source
    }

    /// True when the rows are the industries themselves (an industry-by-industry table).
    public var isIndustryByIndustry: Bool { products == industries }
}

extension CountryUse {
    /// The direct method on a multi-regional product-by-industry (or industry-by-industry) table.
    /// - Parameter canonical: maps a table region code to the code the user may name it by (a grouping alias).
    public init(table: MultiRegionalUse, country: String, canonical: (String) -> String = { $0 }) throws {
        let c = try Self.resolveCountry(country, in: table.regions, source: table.source, canonical: canonical)
        let nP = table.products.count, nI = table.industries.count
        let columns = table.regions.count * nI
        let output = table.output.map { o in (0..<nI).map { o[c * nI + $0] } }
        self = try table.flows.withUnsafeBufferPointer { z in
            try Self.direct(country: table.regions[c], countryIndex: c, year: table.year, products: table.products,
                            industries: table.industries, regions: table.regions, output: output, source: table.source) { r, j, i in
                z[(r * nP + j) * columns + c * nI + i]
            }
        }
    }
}
