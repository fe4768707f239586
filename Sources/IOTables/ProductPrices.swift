import DataIO

/// Price indices by product and year, for offshoring at constant prices: each product's imported and total
/// intermediate use divided by its index, so that om and os compare quantities of one base year's prices rather
/// than values whose relative prices move (imported manufactures got cheaper, which is why the skill study found
/// offshoring higher at constant prices).
///
/// Layout (a tidy CSV): optional `#` comment lines (the source first), then a header with the columns `product`,
/// `year`, `index` and optionally `flow`, one row per product, year (and flow). `flow` is `all` (the default: one
/// index for domestic and imported use of the product), `imported` or `domestic`; a product with an `imported`
/// (or `domestic`) index uses it for that flow and its `all` index for the other. Indices are positive numbers on
/// any base (100 in a base year is usual); the constant-price flows are in that base's prices.
public struct ProductPrices: Sendable {
    /// Which flow of a product an index deflates.
    public enum Flow: String, CaseIterable, Sendable {
        /// Domestic and imported use alike.
        case all
        /// Imported use only.
        case imported
        /// Domestic use only.
        case domestic
    }

    /// The file, for messages.
    public let source: String
    /// `index[flow][product][year]`.
    let indices: [Flow: [String: [Int: Double]]]
    /// The line of each product's first row, for messages.
    let firstLine: [String: Int]

    /// Reads and checks a price file.
    /// - Throws: `InputError` naming the file, line and column: a header without `product`, `year` and `index`, a
    ///   year that is not a whole number, an index that is not a positive finite number, an unknown flow, or a
    ///   product, year and flow given twice.
    public init(path: String) throws {
        let reader = try CSVReader(path: path)
        var columns: (product: Int, year: Int, index: Int, flow: Int?)?
        var indices: [Flow: [String: [Int: Double]]] = [:], lines: [String: Int] = [:]
        var seen: [String: Int] = [:]
        try reader.forEachRow { row in
            if row.isBlank || row.string(0).trimmingCharacters(in: .whitespaces).hasPrefix("#") { return }
            guard let c = columns else {
                let header = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let p = header.firstIndex(of: "product"), let y = header.firstIndex(of: "year"), let i = header.firstIndex(of: "index") else {
                    throw InputError(file: path, line: row.line,
                                     "expected a header with the columns product, year and index (and optionally flow) after any # comments")
                }
                columns = (p, y, i, header.firstIndex(of: "flow"))
                return
            }
            let width = [c.product, c.year, c.index, c.flow ?? 0].max() ?? 0
            guard row.count > width else { throw row.error("expected at least \(width + 1) fields as in the header, found \(row.count)") }
            let product = row.string(c.product).trimmingCharacters(in: .whitespaces)
            guard !product.isEmpty else { throw row.error(column: c.product, "empty product code") }
            let yearText = row.string(c.year).trimmingCharacters(in: .whitespaces)
            guard let year = Int(yearText), (1000...9999).contains(year) else {
                throw row.error(column: c.year, "expected a year such as 1995, found '\(inputExcerpt(yearText))'")
            }
            let value: Double
            do { value = try row.double(c.index) } catch {
                throw row.error(column: c.index, "expected a price index (a positive number), found '\(inputExcerpt(row.string(c.index)))'")
            }
            guard value.isFinite, value > 0 else {
                throw row.error(column: c.index, "the price index of \(product) in \(year) is \(value): an index must be a positive number")
            }
            var flow = Flow.all
            if let f = c.flow {
                let text = row.string(f).trimmingCharacters(in: .whitespaces).lowercased()
                if !text.isEmpty {
                    guard let v = Flow(rawValue: text) else {
                        throw row.error(column: f, "expected all, imported or domestic, found '\(inputExcerpt(text))'")
                    }
                    flow = v
                }
            }
            let key = "\(product)\u{1F}\(year)\u{1F}\(flow.rawValue)"
            if let first = seen[key] {
                throw row.error(column: c.index, "\(product) in \(year) (\(flow.rawValue)) is given twice (first on line \(first))")
            }
            seen[key] = row.line
            indices[flow, default: [:]][product, default: [:]][year] = value
            if lines[product] == nil { lines[product] = row.line }
        }
        guard columns != nil else { throw InputError(file: path, "no header: expected the columns product, year and index") }
        self.source = path
        self.indices = indices
        self.firstLine = lines
    }

    /// The index of `product`'s `flow` (imported or domestic) in `year`: the flow's own index, else the product's
    /// `all` index; nil when the file has neither.
    public func index(_ product: String, year: Int, flow: Flow) -> Double? {
        indices[flow]?[product]?[year] ?? indices[.all]?[product]?[year]
    }

    /// The years for which every product in `products` has an index for both flows.
    public func coveredYears(_ products: [String]) -> [Int] {
        var years = Set(indices.values.flatMap { $0.values.flatMap(\.keys) })
        for p in products {
            years = years.filter { index(p, year: $0, flow: .imported) != nil && index(p, year: $0, flow: .domestic) != nil }
        }
        return years.sorted()
    }

    /// `use` at constant prices: every product's imported use (in total and by origin) divided by its imported index
    /// over 100, its domestic use by its domestic index over 100, the total as their sum, each industry's
    /// intermediate inputs as the sum of its deflated total use over products, and gross output by the index of the
    /// industry's own product (the product with the industry's code) when the table gives output.
    ///
    /// Products without use in the year need no index.
    /// - Throws: `InputError` naming this file, the product and the year when a used product has no index for the
    ///   year, or when output is given and an industry's own product has no index (with `needsOutput`).
    /// - Parameter yearsHint: what to choose in place of the years lacking an index (`--years` on the command line).
    public func deflated(_ use: CountryUse, needsOutput: Bool = false, yearsHint: String = "years within them (--years)") throws -> CountryUse {
        guard let year = use.year else {
            throw InputError(file: source, "the table \(use.source) has no year, so its prices cannot be looked up")
        }
        let nP = use.products.count, nI = use.industries.count, cells = nP * nI
        var imported = use.imported, importedTotal = use.importedTotal, domestic = use.domestic
        var total = use.total, inputs = [Double](repeating: 0, count: nI)
        for (j, product) in use.products.enumerated() {
            let used = (0..<nI).contains { use.total[j * nI + $0] != 0 || use.importedTotal[j * nI + $0] != 0 || use.domestic[j * nI + $0] != 0 }
            let pm = index(product, year: year, flow: .imported), pd = index(product, year: year, flow: .domestic)
            guard let pm, let pd else {
                if !used { continue }
                let covered = coveredYears([product])
                let cover = covered.isEmpty ? "the file has no complete year for it" : "its indices cover \(YearList.describeRuns(covered))"
                let line = firstLine[product].map { " (first row: line \($0))" } ?? " (the file has no row for it)"
                throw InputError(file: source, "no price index for product \(product) in \(year) (used in \(use.source)): "
                                 + "every product with intermediate use needs one, for both flows (a flow=all row covers both); "
                                 + "\(cover)\(line): choose \(yearsHint)")
            }
            let fm = 100 / pm, fd = 100 / pd
            for i in 0..<nI {
                let k = j * nI + i
                importedTotal[k] *= fm
                domestic[k] *= fd
                total[k] = importedTotal[k] + domestic[k]
                for r in 0..<use.regions.count { imported[r * cells + k] *= fm }
            }
        }
        for j in 0..<nP { for i in 0..<nI { inputs[i] += total[j * nI + i] } }
        var output: [Double]? = nil
        if let current = use.output {
            var deflated = current
            var missing: [String] = []
            for (i, industry) in use.industries.enumerated() {
                if let p = index(industry, year: year, flow: .domestic) { deflated[i] *= 100 / p } else { missing.append(industry) }
            }
            if missing.isEmpty {
                output = deflated
            } else if needsOutput {
                throw InputError(file: source, "no price index in \(year) for the own product of industr\(missing.count == 1 ? "y" : "ies") "
                                 + "\(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", ..." : ""): the output denominator "
                                 + "at constant prices deflates each industry's output by its own product's index")
            }
        }
        return try CountryUse(country: use.country, year: use.year, products: use.products, industries: use.industries, regions: use.regions,
                              countryIndex: use.countryIndex, total: total, importedTotal: importedTotal, imported: imported, output: output,
                              source: use.source, originMethod: use.originMethod, domestic: domestic, intermediateInputs: inputs)
    }
}
