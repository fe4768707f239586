/// How two sources of an industry x year panel line up: what one has and the other lacks.
///
/// Joins never truncate a panel silently: the estimate command shows these lists and stops, or continues on
/// the common part only when told to.
public struct Coverage: Equatable {
    /// Industries in the tables but not in the accounts.
    public var industriesOnlyInTables: [String] = []
    /// Industries in the accounts but not in the tables.
    public var industriesOnlyInAccounts: [String] = []
    /// Years in the tables but not in the accounts.
    public var yearsOnlyInTables: [Int] = []
    /// Years in the accounts but not in the tables.
    public var yearsOnlyInAccounts: [Int] = []
    /// Cells (variable, industry, year) required by the models but missing in the accounts, within the common
    /// industries and years.
    public var missingCells: [(variable: String, industry: String, year: Int)] = []
    /// Industries both sources have (in table order).
    public var commonIndustries: [String] = []
    /// Years both sources have, ascending.
    public var commonYears: [Int] = []

    /// Compares industries and years of the tables with the accounts of `country`, and checks that every
    /// variable in `required` is present for every common industry and year.
    public init(tableIndustries: [String], tableYears: [Int], accounts: IndustryAccounts, country: String,
                required: [String]) {
        let accIndustries = Set(accounts.values.keys.filter { $0.country == country }.map(\.industry))
        let accYears = Set(accounts.values.keys.filter { $0.country == country }.map(\.year))
        industriesOnlyInTables = tableIndustries.filter { !accIndustries.contains($0) }
        industriesOnlyInAccounts = accIndustries.subtracting(tableIndustries).sorted(by: industryOrder)
        yearsOnlyInTables = tableYears.filter { !accYears.contains($0) }.sorted()
        yearsOnlyInAccounts = accYears.subtracting(tableYears).sorted()
        let industries = tableIndustries.filter { accIndustries.contains($0) }
        let years = tableYears.filter { accYears.contains($0) }.sorted()
        commonIndustries = industries
        commonYears = years
        for v in required {
            for i in industries {
                for y in years where accounts.value(country: country, variable: v, industry: i, year: y) == nil {
                    missingCells.append((v, i, y))
                }
            }
        }
    }

    /// True when both sources cover the same industries and years and no required cell is missing.
    public var isComplete: Bool {
        industriesOnlyInTables.isEmpty && industriesOnlyInAccounts.isEmpty && yearsOnlyInTables.isEmpty
            && yearsOnlyInAccounts.isEmpty && missingCells.isEmpty
    }

    /// One line per mismatch (missing cells summarised per variable), for messages and report notes.
    public var notes: [String] {
        var out: [String] = []
        if !industriesOnlyInTables.isEmpty { out.append("industries in the tables but not in the accounts: \(industriesOnlyInTables.joined(separator: ", "))") }
        if !industriesOnlyInAccounts.isEmpty { out.append("industries in the accounts but not in the tables: \(industriesOnlyInAccounts.joined(separator: ", "))") }
        if !yearsOnlyInTables.isEmpty { out.append("years in the tables but not in the accounts: \(yearsOnlyInTables.map(String.init).joined(separator: ", "))") }
        if !yearsOnlyInAccounts.isEmpty { out.append("years in the accounts but not in the tables: \(yearsOnlyInAccounts.map(String.init).joined(separator: ", "))") }
        var byVariable: [String: [String]] = [:]
        var order: [String] = []
        for m in missingCells {
            if byVariable[m.variable] == nil { order.append(m.variable) }
            byVariable[m.variable, default: []].append("\(m.industry) \(m.year)")
        }
        for v in order {
            let cells = byVariable[v] ?? []
            let shown = cells.prefix(8).joined(separator: ", ")
            out.append("variable \(v) missing for \(cells.count) industry-years: \(shown)\(cells.count > 8 ? ", ..." : "")")
        }
        return out
    }

    /// The missing cells as patterns, one line per set of variables with the same gaps, so that the reason shows: industries missing in every
    /// year (`c35 has no K_GFCF`), years missing for every industry (the series ends), and the other cells.
    public var missingPatterns: [String] {
        var order: [String] = []
        var byVariable: [String: [(String, Int)]] = [:]
        for m in missingCells {
            if byVariable[m.variable] == nil { order.append(m.variable) }
            byVariable[m.variable, default: []].append((m.industry, m.year))
        }
        // Variables with the same gaps share one line (the SEA's skill splits and price indices end together).
        var lines: [(variables: [String], text: String)] = []
        for v in order {
            let text = describeGaps(byVariable[v] ?? [])
            if let k = lines.firstIndex(where: { $0.text == text }) { lines[k].variables.append(v) } else { lines.append(([v], text)) }
        }
        return lines.map { "\($0.variables.joined(separator: ", ")) missing for \($0.text)" }
    }

    /// Where one variable's missing cells lie: whole years, whole industries, other cells.
    func describeGaps(_ cells: [(String, Int)]) -> String {
        var perIndustry: [String: Set<Int>] = [:], perYear: [Int: Set<String>] = [:]
        for (i, y) in cells { perIndustry[i, default: []].insert(y); perYear[y, default: []].insert(i) }
        let wholeYears = commonYears.filter { (perYear[$0]?.count ?? 0) == commonIndustries.count }
        let wholeIndustries = commonIndustries.filter { (perIndustry[$0]?.count ?? 0) == commonYears.count }
        let yearSet = Set(wholeYears), industrySet = Set(wholeIndustries)
        let rest = cells.filter { !yearSet.contains($0.1) && !industrySet.contains($0.0) }
        var parts: [String] = []
        if !wholeYears.isEmpty { parts.append("every industry in \(Self.years(wholeYears)) (the series has no values for those years)") }
        if !wholeIndustries.isEmpty { parts.append("\(wholeIndustries.joined(separator: ", ")) in every year (no values for \(wholeIndustries.count == 1 ? "that industry" : "those industries"))") }
        if !rest.isEmpty {
            let shown = rest.prefix(8).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            parts.append("\(rest.count) other industry-years: \(shown)\(rest.count > 8 ? ", ..." : "")")
        }
        return parts.joined(separator: "; ")
    }

    static func years(_ ys: [Int]) -> String {
        guard let a = ys.first, let b = ys.last else { return "" }
        return ys == Array(a...b) ? (a == b ? "\(a)" : "\(a)-\(b)") : ys.map(String.init).joined(separator: ", ")
    }

    public static func == (a: Coverage, b: Coverage) -> Bool { a.notes == b.notes }
}
