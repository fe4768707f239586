import Foundation
import DataIO
import Spreadsheets

/// The layouts industry accounts come in (detected from the header row).
public enum AccountsLayout: String, Equatable {
    /// WIOD Socio-Economic Accounts: `country,variable,description,code,1995,...,2009`, one row per
    /// country x variable x industry, one column per year. The 2013 release writes years `_1995`, the 2016
    /// release `2000` (WIOD SEA documentation, Erumban et al. 2012; the DATA sheet of both releases' workbooks).
    /// Read from CSV or directly from the `.xlsx` workbook's sheet `DATA`.
    case sea
    /// One value per row: `country,industry,year,variable,value`.
    case tidy
    /// One row per industry and year, one column per variable: `country,code,year,GO,II,...` (the 2016 SEA as
    /// the R package niotables stores it).
    case wide
    /// EU KLEMS in long form, one country per file: `variable,desc,code,year,value` (the EU KLEMS workbooks
    /// converted row by row; the file has no country column, so the caller names the country).
    case euklems
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
    /// The layout detected from the header.
    public var layout: AccountsLayout?

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
    ///   - country: the country of files without a country column (EU KLEMS); such a file without it is an error.
    ///   - sheet: the sheet of an `.xlsx` workbook (WIOD's SEA workbooks hold their data in `DATA`).
    /// `.xlsx` workbooks are read directly (SEA layout in sheet `sheet`, errors naming `file.xlsx[DATA]!C12`);
    /// old binary `.xls` (BIFF) workbooks are not read: the message says to use the long CSV or an `.xlsx` copy.
    public static func read(path: String, industries: [String]? = nil,
                            aliases: [String: String] = [:], country: String? = nil,
                            sheet: String = "DATA") throws -> (IndustryAccounts, AccountsLoadReport) {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") {
            return try readWorkbook(path: path, sheet: sheet, industries: industries, aliases: aliases, country: country)
        }
        if lower.hasSuffix(".xls") {
            throw InputError(file: path, "binary Excel workbooks (.xls, BIFF) are not read: save the sheet as .xlsx, or use the long CSV "
                             + "(variable,desc,code,year,value) converted from it")
        }
        let reader = try CSVReader(path: path)
        var accounts = IndustryAccounts(source: path)
        var report = AccountsLoadReport()
        let known = industries.map(Set.init)
        var layout: AccountsLayout?
        var sea = SEAColumns()
        var tidy = TidyColumns()
        var wide = WideColumns()
        var klems = KLEMSColumns()

        func canonicalIndustry(_ raw: String) -> String? {
            let code = aliases[raw] ?? raw
            if let known, !known.contains(code) {
                report.unknownIndustries[raw, default: 0] += 1
                return nil
            }
            return code
        }

        /// The year in `column` of `row`: a whole number, or an error at its cell.
        func year(_ row: borrowing CSVRow, _ column: Int) throws -> Int {
            let text = row.string(column)
            guard let y = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw row.error(column: column, "expected a year (a whole number), found '\(inputExcerpt(text))'")
            }
            return y
        }

        /// The value in `column` of `row` added at its key; a missing cell counted, not read as zero.
        func add(_ row: borrowing CSVRow, _ column: Int, country: String, variable: String, industry: String, year: Int) throws {
            if row.isMissing(column) { report.missingCells += 1; return }
            try accounts.insert(try row.double(column), at: .init(country: country, variable: variable, industry: industry, year: year),
                                line: row.line)
            report.valuesRead += 1
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
                } else if let k = KLEMSColumns(header: header) {
                    guard country != nil else {
                        throw InputError(file: path, line: row.line, "EU KLEMS layout (variable,desc,code,year,value) has no country column: name the country the file holds")
                    }
                    klems = k
                    layout = .euklems
                } else if let w = try WideColumns(header: header, path: path) {
                    wide = w
                    layout = .wide
                } else {
                    throw InputError(file: path, line: row.line, Self.unrecognisedHeader + delimiterHint(header: header))
                }
                return
            }
            let width: Int
            switch layout {
            case .sea: width = sea.width
            case .tidy: width = tidy.width
            case .wide: width = wide.width
            case .euklems: width = klems.width
            }
            guard row.count == width else { throw row.error("expected \(width) fields as in the header, found \(row.count)") }
            switch layout {
            case .sea:
                guard let industry = canonicalIndustry(row.string(sea.code)) else { return }
                let country = row.string(sea.country), variable = row.string(sea.variable)
                for (column, year) in sea.years { try add(row, column, country: country, variable: variable, industry: industry, year: year) }
            case .tidy:
                guard let industry = canonicalIndustry(row.string(tidy.industry)) else { return }
                try add(row, tidy.value, country: row.string(tidy.country), variable: row.string(tidy.variable), industry: industry,
                        year: try year(row, tidy.year))
            case .wide:
                guard let industry = canonicalIndustry(row.string(wide.code)) else { return }
                let y = try year(row, wide.year), c = row.string(wide.country)
                for (column, variable) in wide.variables { try add(row, column, country: c, variable: variable, industry: industry, year: y) }
            case .euklems:
                guard let industry = canonicalIndustry(row.string(klems.code)) else { return }
                try add(row, klems.value, country: country ?? "", variable: row.string(klems.variable), industry: industry,
                        year: try year(row, klems.year))
            }
        }
        guard layout != nil else { throw InputError(file: path, line: 1, "the file is empty: expected a header row and data") }
        guard report.valuesRead > 0 else { throw InputError(file: path, line: 2, "the file has a header but no values") }
        report.layout = layout
        return (accounts, report)
    }

    static let unrecognisedHeader = "unrecognised header: expected the SEA layout (country,variable,description,code,1995,...), the tidy "
        + "layout (country,industry,year,variable,value), one column per variable (country,code,year,GO,...) or EU KLEMS "
        + "long form (variable,desc,code,year,value)"

    /// Reads the SEA layout from sheet `sheet` of an `.xlsx` workbook: the same checks as the CSV reader, errors
    /// naming the cell (`file.xlsx[DATA]!C12: expected a number, found 'abc'`). Empty cells and `#N/A` are missing.
    static func readWorkbook(path: String, sheet sheetName: String, industries: [String]?, aliases: [String: String],
                             country: String?) throws -> (IndustryAccounts, AccountsLoadReport) {
        let workbook = try Workbook(path: path)
        let sheet = try workbook.sheet(named: sheetName)
        var accounts = IndustryAccounts(source: path)
        var report = AccountsLoadReport()
        let known = industries.map(Set.init)
        guard let headerCells = sheet.rows.first, let headerRow = headerCells.first?.row else {
            throw InputError(file: "\(path)[\(sheetName)]", "the sheet is empty: expected a header row and data")
        }
        let width = sheet.columnCount
        let header = (0..<width).map { (sheet.text(row: headerRow, column: $0) ?? "").trimmingCharacters(in: .whitespaces) }
        let place = sheet.place(headerRow, 0)
        guard let sea = try SEAColumns(header: header, path: place) else {
            throw sheet.error(row: headerRow, column: 0, "unrecognised header: expected the SEA layout (country,variable,description,code,1995,...) "
                              + "in sheet \(sheetName), found '\(inputExcerpt(header.prefix(5).joined(separator: ",")))'")
        }
        for cells in sheet.rows.dropFirst() {
            guard let r = cells.first?.row else { continue }
            // A row of empty text cells (a spreadsheet's formatted blank row) is skipped, as blank CSV lines are.
            if cells.allSatisfy({ if case .string(let t) = $0.value { return t.trimmingCharacters(in: .whitespaces).isEmpty }; return false }) { continue }
            let rawCode = sheet.text(row: r, column: sea.code) ?? ""
            guard !rawCode.isEmpty else { throw sheet.error(row: r, column: sea.code, "expected an industry code, found an empty cell") }
            let code = aliases[rawCode] ?? rawCode
            if let known, !known.contains(code) {
                report.unknownIndustries[rawCode, default: 0] += 1
                continue
            }
            let c = sheet.text(row: r, column: sea.country) ?? country ?? ""
            guard let variable = sheet.text(row: r, column: sea.variable), !variable.isEmpty else {
                throw sheet.error(row: r, column: sea.variable, "expected a variable name, found an empty cell")
            }
            if let last = cells.last, last.column >= width {
                throw sheet.error(row: r, column: last.column, "a value beyond the header's last column (\(Sheet.columnName(width - 1)))")
            }
            for (column, year) in sea.years {
                let v: Double?
                if case .string(let s)? = sheet.value(row: r, column: column), Self.missingMarkers.contains(s.trimmingCharacters(in: .whitespaces)) {
                    v = nil
                } else {
                    v = try sheet.number(row: r, column: column)
                }
                guard let v else { report.missingCells += 1; continue }
                guard v.isFinite else { throw sheet.error(row: r, column: column, "expected a finite number, found \(v)") }
                let key = IndustryAccounts.Key(country: c, variable: variable, industry: code, year: year)
                if let first = accounts.lines[key] {
                    throw sheet.error(row: r, column: column, "duplicate value for \(c) \(variable) \(code) \(year) (first given in row \(first))")
                }
                try accounts.insert(v, at: key, line: r + 1)
                report.valuesRead += 1
            }
        }
        guard report.valuesRead > 0 else {
            throw InputError(file: "\(path)[\(sheetName)]", "the sheet has a header but no values")
        }
        report.layout = .sea
        return (accounts, report)
    }

    /// Text cells read as missing values, as in the CSV reader (`NA`, `.`), and an empty string.
    static let missingMarkers: Set<String> = ["", "NA", "."]
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

/// Column positions of the one-column-per-variable layout (`country,code,year,GO,II,...`; `industry` may stand for
/// `code`). Every other column is a variable.
struct WideColumns {
    var country = 0, code = 0, year = 0, width = 0
    var variables: [(Int, String)] = []

    init() {}

    /// Nil when the header is not this layout; throws when a variable column is named twice or there is none.
    init?(header: [String], path: String) throws {
        let lower = header.map { $0.lowercased() }
        guard let c = lower.firstIndex(of: "country"), let k = lower.firstIndex(of: "code") ?? lower.firstIndex(of: "industry"),
              let y = lower.firstIndex(of: "year"), !lower.contains("variable") else { return nil }
        country = c
        code = k
        year = y
        width = header.count
        var seen: Set<String> = []
        for (j, h) in header.enumerated() where j != c && j != k && j != y {
            guard !h.isEmpty else { throw InputError(file: path, line: 1, column: j + 1, "a variable column without a name") }
            guard seen.insert(h).inserted else { throw InputError(file: path, line: 1, column: j + 1, "variable \(h) appears twice in the header") }
            variables.append((j, h))
        }
        guard !variables.isEmpty else { throw InputError(file: path, line: 1, "country,code,year without variable columns") }
    }
}

/// Column positions of EU KLEMS in long form (`variable,desc,code,year,value`, no country column).
struct KLEMSColumns {
    var variable = 0, code = 0, year = 0, value = 0, width = 0

    init() {}

    /// Nil when the header is not this layout.
    init?(header: [String]) {
        let lower = header.map { $0.lowercased() }
        guard !lower.contains("country"), let v = lower.firstIndex(of: "variable"), let k = lower.firstIndex(of: "code"),
              let y = lower.firstIndex(of: "year"), let x = lower.firstIndex(of: "value") else { return nil }
        variable = v
        code = k
        year = y
        value = x
        width = header.count
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
