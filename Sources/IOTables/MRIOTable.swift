import DataIO

/// A multi-regional input-output table for one year (industry-by-industry, as WIOD publishes them).
///
/// Rows are supplying region x industry (which is also the product), columns of the intermediate block are
/// using region x industry, both region-major with the industries in the same order in every region.
/// Final demand has one column per region x final-demand category; output is the gross output of each row.
///
/// Storage is row-major, in file order: the intermediate flow from row `r` to column `c` is
/// `intermediate[r * size + c]`, where `size = regions.count * industries.count`.
public struct MRIOTable: Sendable {
    /// The table's year, when known (from the file name), else nil.
    public var year: Int?
    /// Region codes in table order (as the table writes them, e.g. WIOD's `ROM` for Romania).
    public var regions: [String]
    /// Industry (= product) codes in table order, the same in every region.
    public var industries: [String]
    /// Final-demand category codes in table order, the same for every region (e.g. `CONS_h`, `GFCF`).
    public var finalDemandCategories: [String]
    /// Intermediate flows, row-major, `size * size` values.
    public var intermediate: [Double]
    /// Final demand, row-major, `size * (regions.count * finalDemandCategories.count)` values.
    public var finalDemand: [Double]
    /// Gross output of each row (supplying region x industry), `size` values.
    public var output: [Double]
    /// Where the table came from (a file path), for messages.
    public var source: String

    /// A table from its parts; throws `InputError` when the array sizes do not fit the labels or a label repeats.
    public init(year: Int?, regions: [String], industries: [String], finalDemandCategories: [String],
                intermediate: [Double], finalDemand: [Double], output: [Double], source: String) throws {
        let n = regions.count * industries.count
        let f = regions.count * finalDemandCategories.count
        guard !regions.isEmpty, !industries.isEmpty else {
            throw InputError(file: source, "a table needs at least one region and one industry")
        }
        if let d = firstDuplicate(regions) { throw InputError(file: source, "duplicate region '\(d)'") }
        if let d = firstDuplicate(industries) { throw InputError(file: source, "duplicate industry '\(d)'") }
        if let d = firstDuplicate(finalDemandCategories) {
            throw InputError(file: source, "duplicate final-demand category '\(d)'")
        }
        guard intermediate.count == n * n, finalDemand.count == n * f, output.count == n else {
            throw InputError(file: source, "table arrays do not fit \(regions.count) regions x \(industries.count) industries "
                             + "(intermediate \(intermediate.count), final demand \(finalDemand.count), output \(output.count))")
        }
        self.year = year
        self.regions = regions
        self.industries = industries
        self.finalDemandCategories = finalDemandCategories
        self.intermediate = intermediate
        self.finalDemand = finalDemand
        self.output = output
        self.source = source
    }

    /// Number of rows (and of intermediate columns): regions x industries.
    public var size: Int { regions.count * industries.count }

    /// Number of final-demand columns: regions x categories.
    public var finalDemandColumns: Int { regions.count * finalDemandCategories.count }

    /// Row (or intermediate column) index of `industry` (0-based) in `region` (0-based).
    @inlinable public func index(region: Int, industry: Int) -> Int { region * industries.count + industry }

    /// The intermediate flow from row `row` to column `column`.
    @inlinable public func flow(_ row: Int, _ column: Int) -> Double { intermediate[row * size + column] }

    /// The label `REGION_INDUSTRY` of a row or intermediate column.
    public func label(_ index: Int) -> String {
        regions[index / industries.count] + "_" + industries[index % industries.count]
    }

    /// Index of a region code, or nil.
    public func regionIndex(_ code: String) -> Int? { regions.firstIndex(of: code) }

    /// Index of an industry code, or nil.
    public func industryIndex(_ code: String) -> Int? { industries.firstIndex(of: code) }
}

/// The first element that occurs twice, or nil.
func firstDuplicate(_ a: [String]) -> String? {
    var seen = Set<String>()
    for s in a where !seen.insert(s).inserted { return s }
    return nil
}
