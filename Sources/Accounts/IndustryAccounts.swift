import DataIO

/// Industry accounts: yearly series per country, industry and variable (output, capital, employment, wages,
/// hours by skill, price indices, ...), as in the WIOD Socio-Economic Accounts.
///
/// Values are stored sparsely: a (country, variable, industry, year) that is missing in the file is absent,
/// never zero.
public struct IndustryAccounts: Equatable {
    /// One cell's coordinates.
    public struct Key: Hashable, Comparable {
        /// Country code as written in the file (e.g. `BEL`).
        public let country: String
        /// Variable name (e.g. `GO`, `EMP`, `H_LS`).
        public let variable: String
        /// Industry code in the tables' classification (e.g. `c12`).
        public let industry: String
        /// Calendar year.
        public let year: Int

        /// A key.
        public init(country: String, variable: String, industry: String, year: Int) {
            self.country = country
            self.variable = variable
            self.industry = industry
            self.year = year
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.country, a.variable, a.industry, a.year) < (b.country, b.variable, b.industry, b.year)
        }
    }

    /// The file the accounts came from (for provenance and messages).
    public var source: String
    /// The values present.
    public private(set) var values: [Key: Double]
    /// Where each value was read (line in `source`), for error messages about a value.
    public private(set) var lines: [Key: Int]

    /// Empty accounts from `source`.
    public init(source: String) {
        self.source = source
        self.values = [:]
        self.lines = [:]
    }

    /// Stores a value; a second value for the same key is an error naming both lines.
    public mutating func insert(_ value: Double, at key: Key, line: Int) throws {
        if let first = lines[key] {
            throw InputError(file: source, line: line,
                                         "duplicate value for \(key.country) \(key.variable) \(key.industry) \(key.year) (first given on line \(first))")
        }
        values[key] = value
        lines[key] = line
    }

    /// The value of `variable` for `country`, `industry`, `year`, or nil if the accounts do not have it.
    public func value(country: String, variable: String, industry: String, year: Int) -> Double? {
        values[Key(country: country, variable: variable, industry: industry, year: year)]
    }

    /// Countries present, sorted.
    public var countries: [String] { Array(Set(values.keys.map(\.country))).sorted() }
    /// Variables present, sorted.
    public var variables: [String] { Array(Set(values.keys.map(\.variable))).sorted() }
    /// Industries present (for any country and variable), sorted by the number in `cN` codes, then by text.
    public var industries: [String] { Array(Set(values.keys.map(\.industry))).sorted(by: industryOrder) }
    /// Years present, ascending.
    public var years: [Int] { Array(Set(values.keys.map(\.year))).sorted() }

    /// Industries that have `variable` for `country`.
    public func industries(country: String, variable: String) -> [String] {
        Array(Set(values.keys.filter { $0.country == country && $0.variable == variable }.map(\.industry))).sorted(by: industryOrder)
    }

    /// Years that have `variable` for `country`.
    public func years(country: String, variable: String) -> [Int] {
        Array(Set(values.keys.filter { $0.country == country && $0.variable == variable }.map(\.year))).sorted()
    }

    /// Adds a deflated series `name = variable / (priceIndex / base)` wherever both are present (SEA price
    /// indices are 1995 = 100, hence the default base). A zero or negative price index is an error naming it.
    public mutating func addDeflated(_ variable: String, by priceIndex: String, as name: String, base: Double = 100) throws {
        for (key, nominal) in values where key.variable == variable {
            let pk = Key(country: key.country, variable: priceIndex, industry: key.industry, year: key.year)
            guard let p = values[pk] else { continue }
            guard p > 0 else {
                throw InputError(file: source, line: lines[pk],
                                             "price index \(priceIndex) must be positive to deflate \(variable), found \(p) for \(key.country) \(key.industry) \(key.year)")
            }
            let nk = Key(country: key.country, variable: name, industry: key.industry, year: key.year)
            values[nk] = nominal / (p / base)
            lines[nk] = lines[key]
        }
    }
}

/// Orders industry codes `c2` before `c10`; other codes alphabetically after them.
public func industryOrder(_ a: String, _ b: String) -> Bool {
    switch (industryNumber(a), industryNumber(b)) {
    case let (x?, y?): return x < y
    case (_?, nil): return true
    case (nil, _?): return false
    default: return a < b
    }
}

private func industryNumber(_ code: String) -> Int? {
    guard code.first == "c" else { return nil }
    return Int(code.dropFirst())
}
