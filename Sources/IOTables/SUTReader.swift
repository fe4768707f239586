import DataIO

/// One year of a national supply and use table: supply, total intermediate use and imported intermediate use, each
/// products x industries (row-major: product `j`, industry `i` at `j * industries.count + i`).
public struct NationalSUT: Sendable {
    /// The year.
    public var year: Int
    /// Product codes, in order of first appearance in the file.
    public var products: [String]
    /// Industry codes, in order of first appearance in the file.
    public var industries: [String]
    /// Supply (output of each product by each industry), or nil when the file has no supply rows for the year.
    public var supply: [Double]?
    /// Intermediate use, domestic plus imported.
    public var useTotal: [Double]
    /// Imported intermediate use (the import-use matrix).
    public var useImported: [Double]
    /// The file.
    public var source: String

    /// Gross output of each industry: the column sums of the supply table, nil without one.
    public var output: [Double]? {
        supply.map { s in
            (0..<industries.count).map { i in (0..<products.count).reduce(0.0) { $0 + s[$1 * industries.count + i] } }
        }
    }
}

/// Reads national supply and use tables in the tidy layout `year,table,product,industry,value` (columns found by
/// name, others ignored), `table` one of `supply`, `use_total`, `use_imported`; one file may hold several years.
/// Cells not listed are zero. Errors name file, line and column: a missing column, an unknown table name, an empty
/// code, a non-numeric value, a cell listed twice, a year without use_total or use_imported rows.
public enum SUTReader {
    /// The table names of the `table` column.
    public static let tableNames = ["supply", "use_total", "use_imported"]

    /// Reads every year of `path`, in year order.
    public static func read(path: String) throws -> [NationalSUT] {
        let reader = try CSVReader(path: path)
        var col: (year: Int, table: Int, product: Int, industry: Int, value: Int)?
        var width = 0
        struct Year {
            var products: [String] = [], industries: [String] = []
            var productIndex: [String: Int] = [:], industryIndex: [String: Int] = [:]
            var cells: [[Int: (Double, Int)]] = [[:], [:], [:]]  // per table: key -> (value, line)
            var firstLine = 0
        }
        var years: [Int: Year] = [:]
        try reader.forEachRow { row in
            guard let c = col else {
                let names = (0..<row.count).map { row.string($0) }
                var found: [Int] = []
                for n in ["year", "table", "product", "industry", "value"] {
                    guard let k = names.firstIndex(of: n) else {
                        throw InputError(file: path, line: row.line, column: 1, "no '\(n)' column: expected the header year,table,product,industry,value")
                    }
                    found.append(k)
                }
                col = (found[0], found[1], found[2], found[3], found[4])
                width = row.count
                return
            }
            if row.isBlank { return }
            guard row.count == width else {
                throw row.error(column: min(row.count, width) - 1, "ragged row: expected \(width) fields as in the header, found \(row.count)")
            }
            guard let y = Int(row.string(c.year)), (1000...9999).contains(y) else {
                throw row.error(column: c.year, "expected a 4-digit year, found '\(row.string(c.year))'")
            }
            let name = row.string(c.table)
            guard let t = tableNames.firstIndex(of: name) else {
                throw row.error(column: c.table, "unknown table '\(name)': expected supply, use_total or use_imported")
            }
            let p = row.string(c.product), i = row.string(c.industry)
            if p.isEmpty { throw row.error(column: c.product, "empty product code") }
            if i.isEmpty { throw row.error(column: c.industry, "empty industry code") }
            let v = try row.double(c.value)
            var yr = years[y] ?? Year()
            if yr.firstLine == 0 { yr.firstLine = row.line }
            let pj: Int
            if let k = yr.productIndex[p] { pj = k } else { pj = yr.products.count; yr.productIndex[p] = pj; yr.products.append(p) }
            let ii: Int
            if let k = yr.industryIndex[i] { ii = k } else { ii = yr.industries.count; yr.industryIndex[i] = ii; yr.industries.append(i) }
            let key = pj << 32 | ii
            if let old = yr.cells[t][key] {
                throw row.error(column: c.value, "\(name) \(p) x \(i) in \(y) is listed twice (first at line \(old.1))")
            }
            yr.cells[t][key] = (v, row.line)
            years[y] = yr
        }
        guard col != nil else { throw InputError(file: path, line: 1, "the file is empty: expected the header year,table,product,industry,value") }
        guard !years.isEmpty else { throw InputError(file: path, line: 2, "no data rows after the header") }
        return try years.keys.sorted().map { y in
            let yr = years[y] ?? Year()
            let nI = yr.industries.count
            func dense(_ t: Int) -> [Double]? {
                guard !yr.cells[t].isEmpty else { return nil }
                var m = [Double](repeating: 0, count: yr.products.count * nI)
                for (key, cell) in yr.cells[t] { m[(key >> 32) * nI + (key & 0xFFFF_FFFF)] = cell.0 }
                return m
            }
            // No sum of a table's values (outputs, totals, denominators) may overflow.
            for t in 0..<3 {
                var tally = TableMagnitudes.Tally()
                for (key, cell) in yr.cells[t] {
                    tally.add(cell.0, line: cell.1, column: col.map { $0.value + 1 },
                              label: "\(tableNames[t]) \(yr.products[key >> 32]) x \(yr.industries[key & 0xFFFF_FFFF])")
                }
                if tally.exceeded { throw tally.error(file: path, what: "the \(tableNames[t]) values of \(y)") }
            }
            guard let total = dense(1) else { throw InputError(file: path, line: yr.firstLine, key: "use_total", "no use_total rows for \(y)") }
            guard let imported = dense(2) else { throw InputError(file: path, line: yr.firstLine, key: "use_imported", "no use_imported rows for \(y)") }
            return NationalSUT(year: y, products: yr.products, industries: yr.industries, supply: dense(0), useTotal: total,
                               useImported: imported, source: path)
        }
    }
}

/// Import shares by partner for each product and year, for the proportional method.
public struct OriginShares: Sendable {
    /// For one year: partners in order of first appearance, and per product the share of each partner.
    public struct Year: Sendable {
        /// Partner codes.
        public var partners: [String]
        /// Product -> share per partner (indexed like `partners`).
        public var shares: [String: [Double]]
        /// Product -> line of its first row, for messages.
        public var lines: [String: Int]
    }
    /// Shares by year.
    public var years: [Int: Year]
    /// The file.
    public var source: String
    /// True when the file gave import values that were normalised into shares.
    public var normalised: Bool

    /// Largest allowed distance of a product's shares from a sum of one.
    public static let tolerance = 1e-9

    /// Reads `year,product,partner,share` (shares that must sum to one per product and year within 1e-9) or
    /// `year,product,partner,value` (import values by partner, normalised to shares by the tool). Errors name file,
    /// line and column: a missing column, a non-numeric or negative share, a product listed twice for a partner, shares
    /// not summing to one, import values whose total is not positive.
    public static func read(path: String) throws -> OriginShares {
        let reader = try CSVReader(path: path)
        var col: (year: Int, product: Int, partner: Int, value: Int)?
        var isShare = true
        var width = 0
        struct Acc { var partners: [String] = []; var partnerIndex: [String: Int] = [:]; var values: [String: [Int: Double]] = [:]; var lines: [String: Int] = [:]; var order: [String] = []
            var valueLines: [String: [Int: Int]] = [:] }
        var acc: [Int: Acc] = [:]
        try reader.forEachRow { row in
            guard let c = col else {
                let names = (0..<row.count).map { row.string($0) }
                guard let y = names.firstIndex(of: "year"), let p = names.firstIndex(of: "product"), let q = names.firstIndex(of: "partner") else {
                    throw InputError(file: path, line: row.line, column: 1, "expected the header year,product,partner,share (or year,product,partner,value for import values)")
                }
                if let s = names.firstIndex(of: "share") {
                    col = (y, p, q, s)
                } else if let v = names.firstIndex(of: "value") {
                    col = (y, p, q, v)
                    isShare = false
                } else {
                    throw InputError(file: path, line: row.line, column: 1, "no 'share' or 'value' column: expected year,product,partner,share or year,product,partner,value")
                }
                width = row.count
                return
            }
            if row.isBlank { return }
            guard row.count == width else {
                throw row.error(column: min(row.count, width) - 1, "ragged row: expected \(width) fields as in the header, found \(row.count)")
            }
            guard let y = Int(row.string(c.year)) else { throw row.error(column: c.year, "expected a year, found '\(row.string(c.year))'") }
            let p = row.string(c.product), q = row.string(c.partner)
            if p.isEmpty { throw row.error(column: c.product, "empty product code") }
            if q.isEmpty { throw row.error(column: c.partner, "empty partner code") }
            let v = try row.double(c.value)
            if isShare && v < 0 { throw row.error(column: c.value, "a share cannot be negative, found \(v)") }
            var a = acc[y] ?? Acc()
            let k: Int
            if let x = a.partnerIndex[q] { k = x } else { k = a.partners.count; a.partnerIndex[q] = k; a.partners.append(q) }
            if a.values[p] == nil { a.values[p] = [:]; a.lines[p] = row.line; a.order.append(p) }
            if a.values[p]?[k] != nil { throw row.error(column: c.partner, "product \(p), partner \(q) in \(y) is listed twice") }
            a.values[p]?[k] = v
            a.valueLines[p, default: [:]][k] = row.line
            acc[y] = a
        }
        guard col != nil else { throw InputError(file: path, line: 1, "the file is empty: expected the header year,product,partner,share") }
        var years: [Int: Year] = [:]
        for (y, a) in acc {
            var shares: [String: [Double]] = [:]
            for p in a.order {
                var s = [Double](repeating: 0, count: a.partners.count)
                var sum = 0.0
                var tally = TableMagnitudes.Tally()
                // In partner order (of first appearance), so that the sum is the same in every run.
                for (k, v) in (a.values[p] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    s[k] = v
                    sum += v
                    tally.add(v, line: a.valueLines[p]?[k] ?? 0, column: col.map { $0.value + 1 }, label: "partner \(a.partners[k])")
                }
                // Values of 1e308 would add up to infinity and every share to zero: refused, naming them.
                if tally.exceeded { throw tally.error(file: path, what: "the \(isShare ? "shares" : "import values") of product \(p) in \(y)") }
                let line = a.lines[p]
                if isShare {
                    guard abs(sum - 1) <= tolerance else {
                        throw InputError(file: path, line: line, key: p, "the shares of product \(p) in \(y) sum to \(sum), not 1 (within \(tolerance)); "
                                         + "give shares that sum to one, or import values in a 'value' column to have them normalised")
                    }
                } else {
                    guard sum > 0 else {
                        throw InputError(file: path, line: line, key: p, "the import values of product \(p) in \(y) sum to \(sum): they cannot be normalised into shares")
                    }
                    for k in s.indices { s[k] /= sum }
                }
                shares[p] = s
            }
            years[y] = Year(partners: a.partners, shares: shares, lines: a.lines)
        }
        return OriginShares(years: years, source: path, normalised: !isShare)
    }
}

extension CountryUse {
    /// The proportional method (METHOD.md): a national SUT's imported intermediate use of each product is split over
    /// partners by that product's import shares, the same for every using industry. Totals are the SUT's own.
    ///
    /// Throws when the shares lack the year, a product with imported use has no shares, the shares name a product the
    /// table lacks, or a partner is the reporting country itself.
    /// - Parameter canonical: maps a partner code to the code used for the reporting country (a grouping alias).
    public init(sut: NationalSUT, shares: OriginShares, country: String, canonical: (String) -> String = { $0 }) throws {
        guard let y = shares.years[sut.year] else {
            throw InputError(file: shares.source, "no origin shares for \(sut.year) (years in the file: \(shares.years.keys.sorted().map(String.init).joined(separator: ", ")))")
        }
        if let k = y.partners.firstIndex(where: { $0 == country || canonical($0) == country }) {
            throw InputError(file: shares.source, key: y.partners[k], "partner \(y.partners[k]) is the reporting country \(country): import shares are by foreign partner")
        }
        let products = Set(sut.products)
        for p in y.shares.keys.sorted() where !products.contains(p) {
            throw InputError(file: shares.source, line: y.lines[p], key: p, "unknown product '\(p)': not a product of \(sut.source) in \(sut.year)")
        }
        let nP = sut.products.count, nI = sut.industries.count, cells = nP * nI
        let regions = [country] + y.partners
        var imported = [Double](repeating: 0, count: regions.count * cells)
        for (j, p) in sut.products.enumerated() {
            let row = (0..<nI).map { sut.useImported[j * nI + $0] }
            guard let s = y.shares[p] else {
                if row.allSatisfy({ $0 == 0 }) { continue }
                throw InputError(file: shares.source, key: p, "no origin shares for product '\(p)' in \(sut.year), which has imported use in \(sut.source)")
            }
            for (k, share) in s.enumerated() where share != 0 {
                let base = (k + 1) * cells + j * nI
                for i in 0..<nI { imported[base + i] = row[i] * share }
            }
        }
        try self.init(country: country, year: sut.year, products: sut.products, industries: sut.industries, regions: regions,
                      countryIndex: 0, total: sut.useTotal, importedTotal: sut.useImported, imported: imported, output: sut.output,
                      source: sut.source, originMethod: "proportional")
    }
}
