import DataIO

/// What offshoring measures and an industry panel need from any table, for one reporting country and year:
/// intermediate use by product x using industry, in total, domestic and imported (in total and by origin
/// region), each industry's intermediate inputs and its gross output.
///
/// It is built either from a multi-regional table (WIOD, OECD ICIO, FIGARO: the direct method, each imported flow
/// has its origin) or from a national supply-use table with origin shares (the proportional method of METHOD.md:
/// each product's imported intermediate use is split over partners by that product's shares, the same for every
/// using industry). Every measure is computed from this one structure, so that all formats give the same answer
/// when they hold the same numbers.
///
/// Matrices are row-major products x industries: entry (product `j`, industry `i`) is at `j * industries.count + i`.
public struct CountryUse: Sendable {
    /// The reporting country as the table writes it.
    public var country: String
    /// The table's year, when known.
    public var year: Int?
    /// Product codes (rows of the use matrices). For industry-by-industry tables the industry codes.
    public var products: [String]
    /// Using industry codes (columns of the use matrices).
    public var industries: [String]
    /// Every region of the table in table order, the reporting country included (its imported slice is zero).
    public var regions: [String]
    /// Index of the reporting country in `regions`.
    public var countryIndex: Int
    /// Total intermediate use (domestic plus imported), products x industries.
    public var total: [Double]
    /// Imported intermediate use from all foreign regions, products x industries. Summed directly (not from
    /// `imported`), so that the total is the same whether or not the origin split is known exactly.
    public var importedTotal: [Double]
    /// Imported intermediate use by origin region: `imported[(r * products.count + j) * industries.count + i]`.
    public var imported: [Double]
    /// Domestic intermediate use (from the reporting country itself), products x industries: the country's own
    /// rows of a multi-regional table, `total - importedTotal` of a national SUT. Input coefficients come from it.
    public var domestic: [Double]
    /// Each using industry's intermediate inputs, domestic plus imported: its column of the table summed over every
    /// supplying row in table order (region by region, products within), or `total` summed over products for a SUT.
    public var intermediateInputs: [Double]
    /// Gross output of each using industry, or nil when the table does not give it (a SUT without a supply table).
    public var output: [Double]?
    /// Where it came from (a file path), for messages.
    public var source: String
    /// How imports were attributed to origins (`direct` or `proportional`), for notes.
    public var originMethod: String

    /// A country's use from its parts; throws when the array sizes do not fit the labels or a value is not finite.
    /// - Parameters:
    ///   - domestic: the domestic use; nil for `total - importedTotal`.
    ///   - intermediateInputs: each industry's intermediate inputs; nil for `total` summed over products.
    public init(country: String, year: Int?, products: [String], industries: [String], regions: [String], countryIndex: Int,
                total: [Double], importedTotal: [Double], imported: [Double], output: [Double]?, source: String,
                originMethod: String, domestic: [Double]? = nil, intermediateInputs: [Double]? = nil) throws {
        let cells = products.count * industries.count
        guard regions.indices.contains(countryIndex), total.count == cells, importedTotal.count == cells,
              imported.count == regions.count * cells, output.map({ $0.count == industries.count }) ?? true,
              domestic.map({ $0.count == cells }) ?? true, intermediateInputs.map({ $0.count == industries.count }) ?? true else {
            throw InputError(file: source, "country use arrays do not fit \(products.count) products x \(industries.count) industries x \(regions.count) regions")
        }
        // Table readers reject NaN and infinity with their line and column; a use built in code is checked here,
        // so that no intensity is ever computed from a non-finite flow.
        func check(_ values: [Double], _ what: String, _ place: (Int) -> String) throws {
            if let k = values.firstIndex(where: { !$0.isFinite }) {
                throw InputError(file: source, "\(what) of \(place(k)) is \(values[k]): every flow must be a finite number")
            }
        }
        let nI = industries.count
        func cell(_ k: Int) -> String { "product \(products[(k % cells) / nI]) used by industry \(industries[k % nI])" }
        try check(total, "the total use", cell)
        try check(importedTotal, "the imported use", cell)
        try check(imported, "the imported use", { k in "\(cell(k)) from \(regions[k / cells])" })
        if let output { try check(output, "the output", { "industry \(industries[$0])" }) }
        // Given domestic flows are flows; derived sums and differences of finite flows are not checked (as the
        // measures' own sums are not).
        if let domestic { try check(domestic, "the domestic use", cell) }
        let domestic = domestic ?? zip(total, importedTotal).map { $0 - $1 }
        let inputs = intermediateInputs ?? (0..<nI).map { i in (0..<products.count).reduce(0.0) { $0 + total[$1 * nI + i] } }
        self.country = country
        self.year = year
        self.products = products
        self.industries = industries
        self.regions = regions
        self.countryIndex = countryIndex
        self.total = total
        self.importedTotal = importedTotal
        self.imported = imported
        self.output = output
        self.source = source
        self.originMethod = originMethod
        self.domestic = domestic
        self.intermediateInputs = inputs
    }

    /// Resolves `country` to a region index of `regions`: the code itself, or a region that `canonical` maps to it
    /// (a grouping alias: ROU for WIOD's ROM), or, failing both, the one region whose code differs only in case
    /// (`bel` for BEL). Throws naming the table's regions otherwise.
    public static func resolveCountry(_ country: String, in regions: [String], source: String,
                                      canonical: (String) -> String = { $0 }) throws -> Int {
        let folded = country.uppercased()
        let caseless = regions.indices.filter { regions[$0].uppercased() == folded || canonical(regions[$0]).uppercased() == folded }
        guard let c = regions.firstIndex(of: country) ?? regions.firstIndex(where: { canonical($0) == country })
                ?? (caseless.count == 1 ? caseless.first : nil) else {
            throw InputError(key: "country", "'\(country)' is not a region of \(source) (regions: \(regions.joined(separator: " ")))")
        }
        return c
    }

    /// The direct method on a multi-regional table: for column region `countryIndex`, the flow of each product
    /// from each region. `flow(r, j, i)` is the use by the country's industry `i` of product `j` from region `r`.
    /// Sums run over regions in table order, so every multi-regional format gives bit-identical totals; each
    /// industry's intermediate inputs add its column's flows row by row (region by region, products within), the
    /// order of a column sum of the table.
    static func direct(country: String, countryIndex c: Int, year: Int?, products: [String], industries: [String],
                       regions: [String], output: [Double]?, source: String,
                       flow: (_ region: Int, _ product: Int, _ industry: Int) -> Double) throws -> CountryUse {
        let nP = products.count, nI = industries.count, cells = nP * nI
        var total = [Double](repeating: 0, count: cells)
        var importedTotal = total, domestic = total
        var imported = [Double](repeating: 0, count: regions.count * cells)
        var inputs = [Double](repeating: 0, count: nI)
        for r in regions.indices {
            for j in 0..<nP {
                for i in 0..<nI {
                    let v = flow(r, j, i)
                    total[j * nI + i] += v
                    inputs[i] += v
                    if r != c {
                        importedTotal[j * nI + i] += v
                        imported[r * cells + j * nI + i] = v
                    } else {
                        domestic[j * nI + i] = v
                    }
                }
            }
        }
        return try CountryUse(country: country, year: year, products: products, industries: industries, regions: regions,
                              countryIndex: c, total: total, importedTotal: importedTotal, imported: imported, output: output,
                              source: source, originMethod: "direct", domestic: domestic, intermediateInputs: inputs)
    }

    /// The direct method on a WIOD-like table (industry-by-industry: the products are the industries).
    /// - Parameter canonical: maps a table region code to the code the user may name it by (a grouping alias).
    public init(table: MRIOTable, country: String, canonical: (String) -> String = { $0 }) throws {
        let c = try Self.resolveCountry(country, in: table.regions, source: table.source, canonical: canonical)
        let n = table.industries.count, size = table.size
        let output = (0..<n).map { table.output[c * n + $0] }
        self = try table.intermediate.withUnsafeBufferPointer { z in
            try Self.direct(country: table.regions[c], countryIndex: c, year: table.year, products: table.industries,
                            industries: table.industries, regions: table.regions, output: output, source: table.source) { r, j, i in
                z[(r * n + j) * size + c * n + i]
            }
        }
    }
}
