import DataIO

/// The currency of the accounts' money values (`[data] accounts_currency`): what the panel checks before it puts the
/// tables' output and inputs beside them.
public enum AccountsCurrency: String, Sendable, CaseIterable {
    /// The country's own currency, as the SEA, EU KLEMS and national accounts give them (euros for Belgium).
    case national
    /// The tables' currency (US dollars for WIOD and OECD ICIO), as the bundled synthetic accounts, which are made
    /// from the WIOD tables' values.
    case tables
}

/// Exchange rates by country and year (`[data] exchange_rates`), that put the tables' values into the accounts'
/// currency: national currency per unit of the tables' currency (per US dollar for WIOD and OECD ICIO; e.g. Belgium
/// 1995: 0.7305 euro per dollar). A table value times the rate is in national currency.
///
/// Layout (a tidy CSV): optional `#` comment lines (the source first), then a header with the columns `country`,
/// `year` and `rate`, one row per country and year.
public struct ExchangeRates: Sendable {
    /// The file, for messages.
    public let source: String
    /// `rates[country][year]`.
    let rates: [String: [Int: Double]]

    /// Reads and checks an exchange-rate file.
    /// - Throws: `InputError` naming the file, line and column: a header without `country`, `year` and `rate`, a
    ///   year that is not a whole number, a rate that is not a positive finite number, or a country and year given
    ///   twice.
    public init(path: String) throws {
        let reader = try CSVReader(path: path)
        var columns: (country: Int, year: Int, rate: Int)?
        var rates: [String: [Int: Double]] = [:], seen: [String: Int] = [:]
        try reader.forEachRow { row in
            if row.isBlank || row.string(0).trimmingCharacters(in: .whitespaces).hasPrefix("#") { return }
            guard let c = columns else {
                let header = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
                guard let k = header.firstIndex(of: "country"), let y = header.firstIndex(of: "year"), let r = header.firstIndex(of: "rate") else {
                    throw InputError(file: path, line: row.line, "expected a header with the columns country, year and rate "
                                     + "(national currency per unit of the tables' currency, e.g. euros per US dollar) after any # comments")
                }
                columns = (k, y, r)
                return
            }
            let width = max(c.country, c.year, c.rate)
            guard row.count > width else { throw row.error("expected at least \(width + 1) fields as in the header, found \(row.count)") }
            let country = row.string(c.country).trimmingCharacters(in: .whitespaces)
            guard !country.isEmpty else { throw row.error(column: c.country, "empty country code") }
            let yearText = row.string(c.year).trimmingCharacters(in: .whitespaces)
            guard let year = Int(yearText), (1000...9999).contains(year) else {
                throw row.error(column: c.year, "expected a year such as 1995, found '\(inputExcerpt(yearText))'")
            }
            let value: Double
            do { value = try row.double(c.rate) } catch {
                throw row.error(column: c.rate, "expected an exchange rate (a positive number), found '\(inputExcerpt(row.string(c.rate)))'")
            }
            guard value.isFinite, value > 0 else {
                throw row.error(column: c.rate, "the rate of \(country) in \(year) is \(value): a rate must be a positive number")
            }
            let key = "\(country)\u{1F}\(year)"
            if let first = seen[key] { throw row.error(column: c.year, "\(country) in \(year) is given twice (first on line \(first))") }
            seen[key] = row.line
            rates[country, default: [:]][year] = value
        }
        guard columns != nil else { throw InputError(file: path, "no header: expected the columns country, year and rate") }
        source = path
        self.rates = rates
    }

    /// The rate of `country` in `year` (national currency per unit of the tables' currency), or nil.
    public func rate(_ country: String, year: Int) -> Double? { rates[country]?[year] }

    /// The years `country` has a rate for, ascending.
    public func years(_ country: String) -> [Int] { (rates[country] ?? [:]).keys.sorted() }
}

extension EstimateConfig {
    /// The panel inputs that are money values in the accounts' currency when the config names them: the price indices
    /// of output and inputs (their base is a national-currency value), the capital stocks and labour compensation.
    static let accountsMoneyInputs = ["GO_P", "II_P", "K", "K_ICT", "LAB"]

    /// The panel's output and inputs taken from the tables (`GO`, `II` left empty in `[variables]`) while the accounts
    /// are in national currency (`accountsCurrency`) and give money values (`accountsMoneyInputs`): what would mix
    /// currencies without exchange rates. Empty when nothing mixes.
    public var tableValuesNeedingConversion: [String] {
        guard accountsCurrency == .national else { return [] }
        let money = Self.accountsMoneyInputs.filter { !(variables[$0] ?? "").isEmpty }
        guard !money.isEmpty else { return [] }
        return ["GO", "II"].filter { (variables[$0] ?? "").isEmpty }
    }

    /// The exchange rates that convert the tables' output and inputs into the accounts' currency, or nil when nothing
    /// needs converting (`tableValuesNeedingConversion` empty).
    /// - Throws: `InputError` naming `data.exchange_rates` (and the config file) when values need converting and the
    ///   config names no rates, saying which variables would mix currencies and how to fix it; the file's own errors
    ///   (file, line, column) with the key; and one naming the file when it has no rate for the accounts' country in
    ///   one of `years`.
    public func exchangeRatesForPanel(years: [Int]) throws -> ExchangeRates? {
        let convert = tableValuesNeedingConversion
        guard !convert.isEmpty else { return nil }
        let money = Self.accountsMoneyInputs.filter { !(variables[$0] ?? "").isEmpty }
        let derived = convert.map { $0 == "GO" ? "Y = GO/(GO_P/100)" : "M = II/(II_P/100)" }
        guard !exchangeRates.isEmpty else {
            throw InputError(file: path, key: "data.exchange_rates",
                             "\(convert.joined(separator: " and ")) would come from the tables (in the tables' currency, US dollars for WIOD) "
                             + "while the accounts' \(money.joined(separator: ", ")) are in national currency (accounts_currency = \"national\"): "
                             + "\(convert.joined(separator: ", ")), \(derived.joined(separator: ", ")) and every ratio of them to the accounts' "
                             + "values (K/Y, M/L, ...) would mix currencies. Name the accounts' own series in [variables] "
                             + "(GO = \"GO\", II = \"II\", as the SEA gives them), or give [data] exchange_rates = \"file.csv\" "
                             + "(country,year,rate: national currency per US dollar) to convert the tables' values, or set "
                             + "[data] accounts_currency = \"tables\" if the accounts are in the tables' currency")
        }
        let rates: ExchangeRates
        do { rates = try ExchangeRates(path: exchangeRates) } catch var e as InputError {
            if e.key == nil { e.key = "data.exchange_rates" }
            throw e.inFile(exchangeRates)
        }
        let lacking = years.filter { rates.rate(accountsCountry, year: $0) == nil }
        if !lacking.isEmpty {
            let have = rates.years(accountsCountry)
            throw InputError(file: exchangeRates, key: "data.exchange_rates",
                             "no exchange rate for \(accountsCountry) in \(describeYears(lacking)) (the file has "
                             + (have.isEmpty ? "no rows for \(accountsCountry)" : describeYears(have)) + "): the tables' "
                             + "\(convert.joined(separator: " and ")) of every panel year are converted into national currency")
        }
        return rates
    }
}
