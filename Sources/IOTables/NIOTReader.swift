import DataIO
import Dispatch
import Spreadsheets
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One year of a national input-output table of the WIOD 2016 release: intermediate use of each product by each
/// using industry, domestic and imported (no origin of imports), and each industry's gross output.
///
/// Matrices are row-major products x industries (entry (product `j`, industry `i`) at `j * industries.count + i`), as
/// in `CountryUse`; the table is industry-by-industry, so the products are the industries' codes.
public struct NationalIOTable: Sendable {
    /// The country (ISO alpha-3 code, from the file name: `BEL_NIOT_nov16.xlsx` is BEL).
    public var country: String
    /// The year (column `Year`).
    public var year: Int
    /// Product and industry codes in the header's order (56 ISIC rev. 4 groups in the 2016 release).
    public var products: [String]
    /// Domestic intermediate use (rows with Origin `Domestic`).
    public var domestic: [Double]
    /// Imported intermediate use (rows with Origin `Imports`).
    public var imported: [Double]
    /// Gross output at basic prices of each industry (the `GO` row of Origin `TOT`).
    public var output: [Double]
    /// Total intermediate consumption as the table states it (the `II_fob` row), when present, for checks.
    public var statedIntermediateInputs: [Double]?
    /// The workbook's path.
    public var source: String

    /// The use structure the measures take: total = domestic + imported, imports with no origin (the reporting
    /// country is the only region, so every origin group is empty and only the totals over all origins are defined),
    /// intermediate inputs the column sums of the total use.
    public func countryUse() throws -> CountryUse {
        let total = zip(domestic, imported).map { $0 + $1 }
        return try CountryUse(country: country, year: year, products: products, industries: products, regions: [country],
                              countryIndex: 0, total: total, importedTotal: imported,
                              imported: [Double](repeating: 0, count: products.count * products.count), output: output,
                              source: source, originMethod: "none (national table: imports have no origin)", domestic: domestic)
    }
}

/// Reads the national input-output tables of the WIOD 2016 release as distributed (`CCC_NIOT_nov16.xlsx`, one
/// workbook per country, every year in one sheet). Layout (the release's own workbooks; Timmer et al. 2015, and the
/// README beside the bundled copy):
///
/// - sheet `National IO-tables`; row 1: `Year, Code, Description, Origin`, the industry codes, the final-use codes
///   (`CONS_h` first), the total output column `GO` last; row 2: descriptions;
/// - per year, one row per product with Origin `Domestic`, the same products with Origin `Imports`, both in the
///   header's industry order, then rows with Origin `TOT` (`II_fob`, `TXSP`, ..., `VA`, `IntTTM`, `GO`).
///
/// Counts come from the header (the industries are the columns before the first final use), none is hard-coded.
/// Every departure is an `InputError` naming the workbook, sheet and cell.
public enum NIOTReader {
    /// The sheet that holds the tables.
    public static let sheetName = "National IO-tables"
    /// The first final-use column, which ends the industry columns.
    public static let firstFinalUse = "CONS_h"

    /// True when `path` names an .xlsx workbook (by its extension).
    public static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// The country code of a workbook's file name: its three leading capital letters before `_` (`BEL_NIOT_nov16.xlsx`).
    public static func country(fromFileName path: String) -> String? {
        let name = Array(AtomicFile.baseName(of: path).utf8)
        guard name.count > 4, name[0...2].allSatisfy({ $0 >= 65 && $0 <= 90 }), name[3] == UInt8(ascii: "_") else { return nil }
        return String(decoding: name[0...2], as: UTF8.self)
    }

    /// Reads every year of one country's workbook, in the sheet's order (which must be increasing).
    public static func read(path: String, maximumPartSize: Int = 512 << 20) throws -> [NationalIOTable] {
        guard let country = country(fromFileName: path) else {
            throw InputError(file: path, "cannot tell the country from the file name: expected the release's name CCC_NIOT_nov16.xlsx "
                             + "(CCC the ISO alpha-3 code, e.g. BEL_NIOT_nov16.xlsx)")
        }
        let workbook = try Workbook(path: path, maximumPartSize: maximumPartSize)
        guard workbook.sheetNames.contains(sheetName) else {
            throw InputError(file: path, "no sheet '\(sheetName)' (sheets: \(workbook.sheetNames.map { "'\($0)'" }.joined(separator: ", "))): "
                             + "not a WIOD 2016 national input-output table")
        }
        let sheet = try workbook.sheet(named: sheetName)
        return try read(sheet: sheet, country: country, source: path)
    }

    /// Reads the years of a `National IO-tables` sheet.
    public static func read(sheet: Sheet, country: String, source: String) throws -> [NationalIOTable] {
        // Header.
        for (k, want) in ["Year", "Code", "Description", "Origin"].enumerated() where sheet.text(row: 0, column: k) != want {
            throw sheet.error(row: 0, column: k, "expected '\(want)' (the header Year, Code, Description, Origin of the WIOD 2016 "
                              + "national tables), found \(sheet.text(row: 0, column: k).map { "'\($0)'" } ?? "an empty cell")")
        }
        var products: [String] = []
        var col = 4
        while let code = sheet.text(row: 0, column: col), code != firstFinalUse {
            if products.contains(code) { throw sheet.error(row: 0, column: col, "industry '\(code)' appears twice in the header") }
            products.append(code)
            col += 1
        }
        guard sheet.text(row: 0, column: col) == firstFinalUse else {
            throw sheet.error(row: 0, column: col, "expected the first final use '\(firstFinalUse)' after the industry codes, found "
                              + (sheet.text(row: 0, column: col).map { "'\($0)'" } ?? "an empty cell"))
        }
        guard !products.isEmpty else { throw sheet.error(row: 0, column: 4, "no industry codes before '\(firstFinalUse)'") }
        let n = products.count
        // Data rows: from row 3 (row 2 holds the descriptions), grouped by year.
        var tables: [NationalIOTable] = []
        var r = 2
        let lastRow = sheet.rows.last?.first?.row ?? -1
        func numberRow(_ row: Int) throws -> [Double] {
            try (0..<n).map { k in
                guard let v = try sheet.number(row: row, column: 4 + k) else {
                    throw sheet.error(row: row, column: 4 + k, "expected a number, found \(sheet.value(row: row, column: 4 + k) == nil ? "an empty cell" : "#N/A")")
                }
                return v
            }
        }
        func year(_ row: Int) throws -> Int {
            guard let y = try sheet.number(row: row, column: 0), y == y.rounded(), y >= 1900, y <= 2199 else {
                throw sheet.error(row: row, column: 0, "expected a year (1900-2199), found \(sheet.text(row: row, column: 0).map { "'\($0)'" } ?? "an empty cell")")
            }
            return Int(y)
        }
        while r <= lastRow {
            if sheet.rowCells(r) == nil { r += 1; continue }   // blank rows between years are allowed
            let y = try year(r)
            if let last = tables.last, y <= last.year {
                throw sheet.error(row: r, column: 0, "year \(y) after \(last.year): the years must be in increasing order, each once")
            }
            var blocks: [[Double]] = []
            for origin in ["Domestic", "Imports"] {
                var block = [Double](repeating: 0, count: n * n)
                for j in 0..<n {
                    guard try year(r) == y else {
                        throw sheet.error(row: r, column: 0, "expected \(y): the \(origin.lowercased()) rows of \(y) end early "
                                          + "(\(n) products with Origin Domestic, then \(n) with Imports)")
                    }
                    guard sheet.text(row: r, column: 1) == products[j] else {
                        throw sheet.error(row: r, column: 1, "expected product '\(products[j])' (the header's order, Origin \(origin)), found "
                                          + (sheet.text(row: r, column: 1).map { "'\($0)'" } ?? "an empty cell"))
                    }
                    guard sheet.text(row: r, column: 3) == origin else {
                        throw sheet.error(row: r, column: 3, "expected Origin '\(origin)' for product \(products[j]) of \(y), found "
                                          + (sheet.text(row: r, column: 3).map { "'\($0)'" } ?? "an empty cell"))
                    }
                    let values = try numberRow(r)
                    for i in 0..<n { block[j * n + i] = values[i] }
                    r += 1
                }
                blocks.append(block)
            }
            // The TOT rows of the year: GO required, II_fob kept for checks.
            var output: [Double]?
            var stated: [Double]?
            while r <= lastRow, sheet.rowCells(r) != nil, try year(r) == y {
                guard sheet.text(row: r, column: 3) == "TOT" else {
                    throw sheet.error(row: r, column: 3, "expected Origin 'TOT' after the imported rows of \(y), found "
                                      + (sheet.text(row: r, column: 3).map { "'\($0)'" } ?? "an empty cell"))
                }
                switch sheet.text(row: r, column: 1) {
                case "GO": output = try numberRow(r)
                case "II_fob": stated = try numberRow(r)
                default: break
                }
                r += 1
            }
            guard let output else {
                throw sheet.error(row: r - 1, column: 1, "the rows of \(y) have no output row (Code GO, Origin TOT)")
            }
            tables.append(NationalIOTable(country: country, year: y, products: products, domestic: blocks[0], imported: blocks[1],
                                          output: output, statedIntermediateInputs: stated, source: source))
        }
        guard !tables.isEmpty else { throw sheet.error(row: 2, column: 0, "no data rows under the header") }
        return tables
    }
}

extension NIOTReader {
    /// The workbooks at `path`: the file itself when it is an .xlsx file, a folder's .xlsx files sorted by name (Excel's
    /// `~$` lock files left out), else none.
    public static func workbooks(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else { return [] }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return isWorkbook(path) ? [path] : [] }
        return try FolderListing.names(inFolder: path).filter { isWorkbook($0) && !$0.hasPrefix("~$") }
            .map { FolderListing.path(path, $0) }.sorted()
    }

    /// Reads several countries' workbooks (in parallel, one per task); the first error in path order is thrown. Two
    /// workbooks of the same country are an error naming both.
    public static func read(workbooks: [String], at path: String) throws -> [NationalIOTable] {
        guard !workbooks.isEmpty else { throw InputError(file: path, "no .xlsx workbooks (WIOD 2016 national tables CCC_NIOT_nov16.xlsx) here") }
        var seen: [String: String] = [:]
        for w in workbooks {
            guard let c = country(fromFileName: w) else { continue }   // read() names the problem
            if let other = seen[c] {
                throw InputError(file: path, "two workbooks for \(c): \(AtomicFile.baseName(of: other)) and \(AtomicFile.baseName(of: w)) (keep one)")
            }
            seen[c] = w
        }
        // Each task writes only its own slot, as in TableFiles.load.
        let results = UnsafeMutableBufferPointer<Result<[NationalIOTable], Error>?>.allocate(capacity: workbooks.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let box = SlotBox(results)
        DispatchQueue.concurrentPerform(iterations: workbooks.count) { k in
            box.slots[k] = Result { try read(path: workbooks[k]) }
        }
        return try results.flatMap { try $0?.get() ?? [] }
    }

    /// The tables of `country` (a file's code, or one that `canonical` maps to it), in year order; an error naming
    /// the countries there are when none fits.
    public static func tables(_ all: [NationalIOTable], country: String, canonical: (String) -> String, source: String) throws -> [NationalIOTable] {
        let mine = all.filter { $0.country == country || canonical($0.country) == country }
        if mine.isEmpty && !all.isEmpty {
            let countries = Set(all.map(\.country)).sorted()
            throw InputError(key: "country", "'\(country)' has no national table in \(source) (countries: \(countries.joined(separator: " ")))")
        }
        return mine.sorted { $0.year < $1.year }
    }
}

/// Lets a buffer whose slots are written by distinct tasks cross into `concurrentPerform`.
private struct SlotBox<V>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<V>
    init(_ slots: UnsafeMutableBufferPointer<V>) { self.slots = slots }
}
