import Foundation
import DataIO

/// The two layouts industry accounts come in.
public enum AccountsLayout: String, Equatable {
    /// WIOD Socio-Economic Accounts: `country,variable,description,code,1995,...,2009`, one row per
    /// country x variable x industry, one column per year (`_1995` style year headers are accepted too).
    case sea
    /// One value per row: `country,industry,year,variable,value`.
    case tidy
}

/// What loading the accounts noticed without failing: rows for industries outside the classification
/// (e.g. SEA's totals `TOT` and sector aggregates) and missing cells.
public struct AccountsLoadReport: Equatable {
    /// Industry codes found in the file but not in the classification, with the number of rows each; skipped.
    public var unknownIndustries: [String: Int] = [:]
    /// Cells marked missing (empty, `NA`, `.`): left absent, never read as zero.
    public var missingCells = 0
    /// Values read.
    public var valuesRead = 0

    /// Human-readable notes, one per line, for stderr or a report.
    public var notes: [String] {
        var out: [String] = []
        if !unknownIndustries.isEmpty {
            let list = unknownIndustries.keys.sorted().map { "\($0) (\(unknownIndustries[$0] ?? 0) rows)" }
            out.append("skipped rows of industries not in the classification: \(list.joined(separator: ", "))")
        }
        if missingCells > 0 { out.append("\(missingCells) missing cells left out (not read as zero)") }
        return out
    }
}

/// Reads industry accounts from CSV or gzip CSV in the SEA or the tidy layout (detected from the header).
public enum AccountsReader {
    /// Reads `path`.
    /// - Parameters:
    ///   - industries: the classification's industry codes (e.g. `c1`...`c35`); rows for other codes are
    ///     skipped and reported. Nil accepts every code.
    ///   - aliases: other names of the same industries (e.g. SEA's NACE codes `15t16` for `c3`).
    public static func read(path: String, industries: [String]? = nil,
                            aliases: [String: String] = [:]) throws -> (IndustryAccounts, AccountsLoadReport) {
        let reader = try CSVReader(path: path)
        var accounts = IndustryAccounts(source: path)
        var report = AccountsLoadReport()
        let known = industries.map(Set.init)
        var layout: AccountsLayout?
        var sea = SEAColumns()
        var tidy = TidyColumns()

        func canonicalIndustry(_ raw: String) -> String? {
            let code = aliases[raw] ?? raw
            if let known, !known.contains(code) {
                report.unknownIndustries[raw, default: 0] += 1
                return nil
            }
            return code
        }

        try reader.forEachRow { row in
            if row.isBlank { return }
            guard let layout else {
                let header = (0..<row.count).map { row.string($0).trimmingCharacters(in: .whitespaces) }
                if let s = try SEAColumns(header: header, path: path) {
                    sea = s
                    layout = .sea
                } else if let t = try TidyColumns(header: header, path: path) {
                    tidy = t
                    layout = .tidy
                } else {
                    throw InputError(file: path, line: row.line,
                                     "unrecognised header: expected the SEA layout (country,variable,description,code,1995,...) or the tidy layout (country,industry,year,variable,value)"
                                     + delimiterHint(header: header))
                }
                return
            }
            switch layout {
            case .sea:
                guard row.count == sea.width else {
                    throw row.error("expected \(sea.width) fields as in the header, found \(row.count)")
                }
                guard let industry = canonicalIndustry(row.string(sea.code)) else { return }
                let country = row.string(sea.country), variable = row.string(sea.variable)
                for (column, year) in sea.years {
                    if row.isMissing(column) { report.missingCells += 1; continue }
                    let v = try row.double(column)
                    try accounts.insert(v, at: .init(country: country, variable: variable, industry: industry, year: year), line: row.line)
                    report.valuesRead += 1
                }
            case .tidy:
                guard row.count == tidy.width else {
                    throw row.error("expected \(tidy.width) fields as in the header, found \(row.count)")
                }
                guard let industry = canonicalIndustry(row.string(tidy.industry)) else { return }
                let yearText = row.string(tidy.year)
                guard let year = Int(yearText.trimmingCharacters(in: .whitespaces)) else {
                    throw row.error(column: tidy.year, "expected a year (a whole number), found '\(yearText)'")
                }
                if row.isMissing(tidy.value) { report.missingCells += 1; return }
                let v = try row.double(tidy.value)
                try accounts.insert(v, at: .init(country: row.string(tidy.country), variable: row.string(tidy.variable),
                                                 industry: industry, year: year), line: row.line)
                report.valuesRead += 1
            }
        }
        guard layout != nil else { throw InputError(file: path, line: 1, "the file is empty: expected a header row and data") }
        guard report.valuesRead > 0 else { throw InputError(file: path, line: 2, "the file has a header but no values") }
        return (accounts, report)
    }
}

/// Column positions of the SEA layout.
struct SEAColumns {
    var country = 0, variable = 0, code = 0, width = 0
    var years: [(Int, Int)] = []

    init() {}

    /// Nil when the header is not SEA-like; throws when it is SEA-like but broken.
    init?(header: [String], path: String) throws {
        let lower = header.map { $0.lowercased() }
        guard let c = lower.firstIndex(of: "country"), let v = lower.firstIndex(of: "variable"),
              let k = lower.firstIndex(of: "code") else { return nil }
        country = c
        variable = v
        code = k
        width = header.count
        var seen: Set<Int> = []
        for (j, h) in lower.enumerated() {
            let t = h.hasPrefix("_") ? String(h.dropFirst()) : h
            guard t.count == 4, let y = Int(t) else { continue }
            guard seen.insert(y).inserted else {
                throw InputError(file: path, line: 1, column: j + 1, "year \(y) appears twice in the header")
            }
            years.append((j, y))
        }
        guard !years.isEmpty else {
            throw InputError(file: path, line: 1, "SEA layout without year columns: expected headers such as 1995, 1996, ...")
        }
    }
}

/// Column positions of the tidy layout.
struct TidyColumns {
    var country = 0, industry = 0, year = 0, variable = 0, value = 0, width = 0

    init() {}

    /// Nil when the header is not the tidy layout.
    init?(header: [String], path: String) throws {
        let lower = header.map { $0.lowercased() }
        guard let c = lower.firstIndex(of: "country"), let i = lower.firstIndex(of: "industry"),
              let y = lower.firstIndex(of: "year"), let v = lower.firstIndex(of: "variable"),
              let x = lower.firstIndex(of: "value") else { return nil }
        country = c
        industry = i
        year = y
        variable = v
        value = x
        width = header.count
    }
}
