import DataIO

/// One country and year of a Eurostat use table at basic prices: total and imported intermediate use, products x
/// industries (row-major), and output when the table gives it.
public struct EurostatUseTable: Sendable {
    /// The reporting country, as Eurostat codes it (`BE`).
    public var geo: String
    /// The year.
    public var year: Int
    /// The unit read (`MIO_EUR`).
    public var unit: String
    /// Product codes (`CPA_A01`...), in order of first appearance.
    public var products: [String]
    /// Industry codes (`A01`...), in order of first appearance.
    public var industries: [String]
    /// Intermediate use, domestic plus imported (`stk_flow` TOTAL, or DOM + IMP when TOTAL is not given).
    public var useTotal: [Double]
    /// Imported intermediate use (`stk_flow` IMP).
    public var useImported: [Double]
    /// Output of each industry (row `P1`, TOTAL), nil when the file has no such row.
    public var output: [Double]?
    /// Values read with a flag, by flag (`p`: provisional, `e`: estimated, `c`: confidential...).
    public var flags: [String: Int]
    /// The file.
    public var source: String
    /// Why the table cannot be used, when a cell it needs is missing (`:`): thrown when this country is loaded, so a
    /// bulk file's gaps for other countries do not stop a run.
    public var missing: InputError?

    /// The table as a national SUT without supply (for the proportional method).
    public var sut: NationalSUT {
        NationalSUT(year: year, products: products, industries: industries, supply: nil, useTotal: useTotal, useImported: useImported,
                    source: source)
    }
}

/// Reads Eurostat's national use tables at basic prices in Eurostat's TSV bulk-download format
/// (`naio_10_cp1610.tsv.gz`; `stk_flow` separates TOTAL, DOM and IMP, so the imports table is the IMP part of the
/// same dataset, or a separate extract of it).
///
/// Layout facts (Eurostat's bulk TSV files; names as the dataset's dimensions): tab-separated; the first header cell
/// packs the dimension names, comma-separated, the last one followed by `\TIME_PERIOD` (`freq,unit,stk_flow,
/// ind_use,prd_ava,geo\TIME_PERIOD`; older extracts name them `induse` and `prod_na`, and `\time`); then one column
/// per year. Each row's first cell packs its codes the same way. A value is a number, optionally followed by a space
/// and flags (`12.3 p`); `:` is a value not available (`: c` confidential).
///
/// Rules:
/// - products are the `prd_ava` codes starting `CPA_`; industries the `ind_use` codes of NACE industries (a section
///   letter, alone or followed by a division number: `A01`, `C10-12`, `F`, `L68A`); final uses (`P3_S14`, `P51G`,
///   `P6`...) and totals (`TOTAL`, `TU`...) are not industries. Row `P1` (TOTAL) gives output.
/// - aggregates published beside their parts (`CPA_C10-12` with `CPA_C10`, `C10-12` with `C10`) are left out,
///   and said in the summary: summing both would count the parts twice; `CPA_TOTAL` is not a product;
/// - one unit: the file's only one, else `MIO_EUR`; several without `MIO_EUR` is an error.
/// - a flagged value is a value (the flags are counted for the note);
/// - `:` (missing) is never read as zero: a country-year whose product x industry cells are all missing is not
///   published and left out; a missing cell in a published year is an error naming its line and column, thrown when
///   that country is loaded (`EurostatUseTable.missing`).
public enum EurostatReader {
    /// The dimension names each role may have, the current one first.
    public static let industryDimension = ["ind_use", "induse"]
    /// The product dimension's names.
    public static let productDimension = ["prd_ava", "prod_na"]
    /// The `stk_flow` codes read.
    public static let flows = ["TOTAL", "DOM", "IMP"]

    /// True when a header's first field (read as comma-separated) ends in `\TIME_PERIOD` or `\time`: a Eurostat TSV.
    public static func isHeader(_ names: [String]) -> Bool {
        names.contains { $0.contains("\\TIME_PERIOD") || $0.contains("\\time") }
    }

    /// True for a `.tsv` or `.tsv.gz` path.
    public static func isTSV(_ path: String) -> Bool { path.hasSuffix(".tsv") || path.hasSuffix(".tsv.gz") }

    /// The codes among `codes` (after `prefix`) that are ranges of others also given: `C10-12` (or `C10-C12`,
    /// `C10_C12`) when `C10`, `C11` or `C12` is there. Some countries publish both the aggregate and its parts; summing
    /// both would count the parts twice.
    static func overlappingAggregates(_ codes: [String], prefix: String = "") -> Set<String> {
        func parse(_ code: String) -> (letter: Character, from: Int, to: Int)? {
            guard code.hasPrefix(prefix) else { return nil }
            let c = Array(code.dropFirst(prefix.count))
            guard c.count >= 3, c[0].isLetter, let a = Int(String(c[1...2])) else { return nil }
            if c.count == 3 { return (c[0], a, a) }
            guard c[3] == "-" || c[3] == "_" else { return nil }
            var rest = Array(c[4...])
            if rest.first == c[0] { rest.removeFirst() }
            guard rest.count == 2, let b = Int(String(rest)) else { return nil }
            return (c[0], a, b)
        }
        let parsed = codes.compactMap { code in parse(code).map { (code, $0) } }
        var out = Set<String>()
        for (code, r) in parsed where r.to > r.from {
            if parsed.contains(where: { $0.0 != code && $0.1.letter == r.letter && $0.1.from >= r.from && $0.1.to <= r.to && $0.1.to - $0.1.from < r.to - r.from }) {
                out.insert(code)
            }
        }
        return out
    }

    /// True for a NACE industry code (see the type's rules).
    static func isIndustry(_ code: String) -> Bool {
        let b = Array(code.utf8)
        guard let f = b.first, f >= UInt8(ascii: "A"), f <= UInt8(ascii: "U") else { return false }
        if b.count == 1 { return true }
        guard b[1] >= UInt8(ascii: "0"), b[1] <= UInt8(ascii: "9") else { return false }  // TOTAL, TU, TFU
        if f == UInt8(ascii: "P") { return code.hasPrefix("P85") }  // NACE section P is education; P3_S14, P51G are final uses
        return true
    }

    /// One value: nil when missing; its place; its flag and file as indices into the reader's tables (kept small: a
    /// bulk file holds millions).
    private struct Cell { var value: Double?; var line: Int32; var column: Int32; var flag: UInt8; var file: UInt8 }
    /// One data row kept (its codes and parsed values).
    private struct Row { var unit: String, geo: String, stk: String, prd: String, ind: String; var line: Int; var cells: [Cell] }
    /// A country's codes and cells (a class: filled in place, row after row).
    private final class Country {
        var products: [String] = [], industries: [String] = []
        var productIndex: [String: Int] = [:], industryIndex: [String: Int] = [:]
        /// stk_flow -> year column -> (product << 32 | industry) -> cell
        var cells: [String: [Int: [Int: Cell]]] = [:]
        /// year column -> industry -> cell, for row P1 (TOTAL)
        var output: [Int: [Int: Cell]] = [:]
    }

    /// Reads every country and year of `paths` (merged: one may hold TOTAL and another IMP), in (country, year) order,
    /// and a one-line summary of what was read.
    public static func read(paths: [String]) throws -> (tables: [EurostatUseTable], summary: String) {
        var countries: [String: Country] = [:]
        var geoOrder: [String] = []
        var unitsSeen: [String: (path: String, line: Int)] = [:]
        var parsed: [(path: String, years: [Int], rows: [Row])] = []
        var flagNames = [""], flagIndex = ["": UInt8(0)]
        for (fileIndex, path) in paths.enumerated() {
            let reader = try CSVReader(path: path, delimiter: UInt8(ascii: "\t"))
            var dims: (count: Int, unit: Int?, stk: Int, ind: Int, prd: Int, geo: Int)?
            var years: [Int] = []
            var rows: [Row] = []
            try reader.forEachRow { row in
                guard let d = dims else {
                    let first = row.string(0)
                    guard let bs = first.firstIndex(of: "\\") else {
                        throw row.error(column: 0, "expected Eurostat's TSV header, dimension names then \\TIME_PERIOD "
                                        + "(freq,unit,stk_flow,ind_use,prd_ava,geo\\TIME_PERIOD), found '\(inputExcerpt(first))'")
                    }
                    let names = first[..<bs].split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedOfSpaces() }
                    let found = try dimensions(names, path: path, line: row.line)
                    dims = (names.count, names.firstIndex(of: "unit"), found.stk, found.ind, found.prd, found.geo)
                    for k in 1..<max(row.count, 1) {
                        let text = row.string(k).trimmedOfSpaces()
                        guard let y = Int(text), (1000...9999).contains(y) else {
                            throw row.error(column: k, "expected a year as the header of each value column (annual tables), found '\(inputExcerpt(text))'")
                        }
                        years.append(y)
                    }
                    guard !years.isEmpty else { throw row.error(column: 0, "no year columns after the dimensions") }
                    return
                }
                if row.isBlank { return }
                guard row.count == years.count + 1 else {
                    throw row.error(column: min(row.count, years.count + 1) - 1, "ragged row: expected \(years.count + 1) tab-separated fields as in the header, found \(row.count)")
                }
                let codes = row.string(0).split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedOfSpaces() }
                guard codes.count == d.count else {
                    throw row.error(column: 0, "expected \(d.count) comma-separated codes as the header's dimensions, found \(codes.count) in '\(inputExcerpt(row.string(0)))'")
                }
                let stk = codes[d.stk], prd = codes[d.prd], ind = codes[d.ind]
                guard flows.contains(stk) else { return }
                guard (prd.hasPrefix("CPA_") && prd != "CPA_TOTAL") || prd == "P1", isIndustry(ind) else { return }
                let unit = d.unit.map { codes[$0] } ?? ""
                if unitsSeen[unit] == nil { unitsSeen[unit] = (path, row.line) }
                var cells: [Cell] = []
                cells.reserveCapacity(years.count)
                for k in 1...years.count {
                    // Most cells are plain numbers: parsed from the bytes, without a String.
                    let plain: Double? = row.withBytes(k) { b in
                        guard !b.isEmpty, !b.contains(where: { $0 == 0x20 || $0 == 0x3A }), case .value(let v) = parseNumber(b) else { return nil }
                        return v
                    }
                    if let plain {
                        cells.append(Cell(value: plain, line: Int32(truncatingIfNeeded: row.line), column: Int32(k + 1), flag: 0,
                                          file: UInt8(truncatingIfNeeded: min(fileIndex, 255))))
                        continue
                    }
                    let (value, flag) = try parseValue(row.string(k), path: path, line: row.line, column: k + 1)
                    var f = flagIndex[flag]
                    if f == nil, flagNames.count < 255 { f = UInt8(flagNames.count); flagIndex[flag] = f; flagNames.append(flag) }
                    cells.append(Cell(value: value, line: Int32(truncatingIfNeeded: row.line), column: Int32(k + 1), flag: f ?? 0,
                                      file: UInt8(truncatingIfNeeded: min(fileIndex, 255))))
                }
                rows.append(Row(unit: unit, geo: codes[d.geo], stk: stk, prd: prd, ind: ind, line: row.line, cells: cells))
            }
            guard dims != nil else { throw InputError(file: path, line: 1, "the file is empty: expected Eurostat's TSV header") }
            parsed.append((path, years, rows))
        }
        // One unit.
        let unit: String
        if unitsSeen.count <= 1 {
            unit = unitsSeen.keys.first ?? ""
        } else if unitsSeen["MIO_EUR"] != nil {
            unit = "MIO_EUR"
        } else {
            let (p, l) = unitsSeen.values.first ?? ("", 0)
            throw InputError(file: p, line: l, "several units (\(unitsSeen.keys.sorted().joined(separator: ", "))) and no MIO_EUR: keep one unit in the file")
        }
        var allYears = Set<Int>()
        for (path, years, rows) in parsed {
            allYears.formUnion(years)
            for r in rows where r.unit == unit {
                let c: Country
                if let have = countries[r.geo] { c = have } else { c = Country(); countries[r.geo] = c; geoOrder.append(r.geo) }
                let ii: Int
                if let k = c.industryIndex[r.ind] { ii = k } else { ii = c.industries.count; c.industryIndex[r.ind] = ii; c.industries.append(r.ind) }
                for (k, cell) in r.cells.enumerated() {
                    let y = years[k], column = Int(cell.column)
                    if r.prd == "P1" {
                        guard r.stk == "TOTAL" else { continue }
                        if c.output[y]?[ii] != nil {
                            throw InputError(file: path, line: r.line, column: column, "output (P1) of \(r.geo) \(r.ind) in \(y) is listed twice")
                        }
                        c.output[y, default: [:]][ii] = cell
                        continue
                    }
                    let pj: Int
                    if let q = c.productIndex[r.prd] { pj = q } else { pj = c.products.count; c.productIndex[r.prd] = pj; c.products.append(r.prd) }
                    let key = pj << 32 | ii
                    if let old = c.cells[r.stk]?[y]?[key] {
                        throw InputError(file: path, line: r.line, column: column, "\(r.stk) \(r.prd) x \(r.ind) of \(r.geo) in \(y) is listed twice "
                                         + "(first at line \(old.line))")
                    }
                    c.cells[r.stk, default: [:]][y, default: [:]][key] = cell
                }
            }
        }
        var tables: [EurostatUseTable] = []
        var unpublished = 0
        var flagTotals: [String: Int] = [:]
        var droppedAggregates = Set<String>()
        for geo in geoOrder.sorted() {
            guard var c = countries[geo] else { continue }
            // Aggregates whose parts are also given are left out (their parts are kept).
            let dropP = overlappingAggregates(c.products, prefix: "CPA_"), dropI = overlappingAggregates(c.industries)
            if !dropP.isEmpty || !dropI.isEmpty {
                droppedAggregates.formUnion(dropP); droppedAggregates.formUnion(dropI)
                c = Self.without(c, products: dropP, industries: dropI)
            }
            let nP = c.products.count, nI = c.industries.count
            for y in allYears.sorted() {
                let total = c.cells["TOTAL"]?[y], dom = c.cells["DOM"]?[y], imp = c.cells["IMP"]?[y]
                let kept = [total, dom, imp].compactMap { $0 }
                // A year whose cells are all missing is not published for this country.
                guard kept.contains(where: { $0.values.contains { $0.value != nil } }) else { unpublished += 1; continue }
                var flags: [String: Int] = [:]
                var missing: InputError?
                func dense(_ cells: [Int: Cell]?, _ stk: String) throws -> [Double] {
                    var m = [Double](repeating: 0, count: nP * nI)
                    for (key, cell) in cells ?? [:] {
                        guard let v = cell.value else {
                            if missing.map({ ($0.line ?? 0) > Int(cell.line) }) ?? true { missing = InputError(file: paths[Int(cell.file)], line: Int(cell.line), column: Int(cell.column),
                                             "\(stk) \(c.products[key >> 32]) x \(c.industries[key & 0xFFFF_FFFF]) of \(geo) in \(y) is not available "
                                             + "(':\(cell.flag == 0 ? "" : " \(flagNames[Int(cell.flag)])")'): a missing use cannot be read as zero, its "
                                             + "share would be wrong; fill it in or leave the year out (--years)") }
                            continue
                        }
                        if cell.flag != 0 { flags[flagNames[Int(cell.flag)], default: 0] += 1 }
                        m[(key >> 32) * nI + (key & 0xFFFF_FFFF)] = v
                    }
                    return m
                }
                guard imp != nil else {
                    throw InputError(file: paths.first ?? "", "no IMP (imported use) rows for \(geo) in \(y): the offshoring measures need imported use")
                }
                let imported = try dense(imp, "IMP")
                let useTotal: [Double]
                if total != nil {
                    useTotal = try dense(total, "TOTAL")
                } else if dom != nil {
                    let d = try dense(dom, "DOM")
                    useTotal = zip(d, imported).map { $0 + $1 }
                } else {
                    throw InputError(file: paths.first ?? "", "no TOTAL or DOM rows for \(geo) in \(y): total use is needed beside the imports")
                }
                var output: [Double]?
                if let o = c.output[y], !o.isEmpty {
                    var out = [Double](repeating: 0, count: nI)
                    for (i, cell) in o {
                        guard let v = cell.value else {
                            missing = missing ?? InputError(file: paths[Int(cell.file)], line: Int(cell.line), column: Int(cell.column),
                                                            "output (P1) of \(geo) \(c.industries[i]) in \(y) is not available: a missing output cannot be read as zero")
                            continue
                        }
                        out[i] = v
                    }
                    output = out
                }
                for (f, k) in flags { flagTotals[f, default: 0] += k }
                tables.append(EurostatUseTable(geo: geo, year: y, unit: unit, products: c.products, industries: c.industries,
                                               useTotal: useTotal, useImported: imported, output: output, flags: flags,
                                               source: parsed.first?.path ?? "", missing: missing))
            }
        }
        guard !tables.isEmpty else {
            throw InputError(file: paths.first ?? "", "no use table read: expected rows of stk_flow TOTAL/DOM and IMP with CPA_ products and "
                             + "NACE industries, and at least one year with values")
        }
        let geos = Array(Set(tables.map(\.geo))).sorted()
        let ys = Array(Set(tables.map(\.year))).sorted()
        var summary = "Eurostat use table at basic prices (TSV bulk format): \(geos.count) countr\(geos.count == 1 ? "y" : "ies") "
            + "(\(geos.prefix(5).joined(separator: " "))\(geos.count > 5 ? " ..." : "")), \(YearList.describeRuns(ys)), unit \(unit.isEmpty ? "not given" : unit)"
        if !droppedAggregates.isEmpty {
            summary += ", aggregates left out beside their parts: " + droppedAggregates.sorted().joined(separator: " ")
        }
        if unpublished > 0 { summary += ", \(unpublished) country-year(s) without values left out" }
        if !flagTotals.isEmpty {
            summary += ", flagged values kept: " + flagTotals.keys.sorted().map { "\($0) \(flagTotals[$0] ?? 0)" }.joined(separator: ", ")
        }
        return (tables, summary)
    }

    /// `c` without the given products and industries (their cells dropped, the others renumbered).
    private static func without(_ c: Country, products dropP: Set<String>, industries dropI: Set<String>) -> Country {
        let out = Country()
        out.products = c.products.filter { !dropP.contains($0) }
        out.industries = c.industries.filter { !dropI.contains($0) }
        for (k, p) in out.products.enumerated() { out.productIndex[p] = k }
        for (k, i) in out.industries.enumerated() { out.industryIndex[i] = k }
        let newP = c.products.map { out.productIndex[$0] }, newI = c.industries.map { out.industryIndex[$0] }
        for (stk, byYear) in c.cells {
            for (y, cells) in byYear {
                var m: [Int: Cell] = [:]
                for (key, cell) in cells {
                    guard let p = newP[key >> 32], let i = newI[key & 0xFFFF_FFFF] else { continue }
                    m[p << 32 | i] = cell
                }
                out.cells[stk, default: [:]][y] = m
            }
        }
        for (y, cells) in c.output {
            var m: [Int: Cell] = [:]
            for (i, cell) in cells { if let j = newI[i] { m[j] = cell } }
            out.output[y] = m
        }
        return out
    }

    /// The positions of the dimensions read, among the header's dimension names.
    private static func dimensions(_ names: [String], path: String, line: Int) throws -> (stk: Int, ind: Int, prd: Int, geo: Int) {
        func find(_ candidates: [String], _ what: String) throws -> Int {
            for c in candidates { if let k = names.firstIndex(of: c) { return k } }
            throw InputError(file: path, line: line, column: 1, "no \(what) dimension in the header: expected \(candidates.joined(separator: " or ")) "
                             + "among \(names.joined(separator: ","))")
        }
        return (try find(["stk_flow"], "stk_flow (TOTAL, DOM, IMP)"), try find(industryDimension, "using-industry"),
                try find(productDimension, "product"), try find(["geo"], "geo"))
    }

    /// A TSV value: a number, optionally a space and flags; `:` (with or without flags) is missing.
    private static func parseValue(_ text: String, path: String, line: Int, column: Int) throws -> (value: Double?, flag: String) {
        let t = text.trimmedOfSpaces()
        var number = t, flag = ""
        if let sp = t.firstIndex(of: " ") {
            number = String(t[..<sp])
            flag = String(t[t.index(after: sp)...]).trimmedOfSpaces()
        } else if t.hasPrefix(":") && t.count > 1 {
            number = ":"
            flag = String(t.dropFirst())
        }
        if number == ":" { return (nil, flag) }
        guard case .value(let v) = Array(number.utf8).withUnsafeBufferPointer({ parseNumber($0) }) else {
            throw InputError(file: path, line: line, column: column, "expected a number, optionally followed by a space and flags ('12.3 p'), "
                             + "or ':' for a missing value, found '\(inputExcerpt(text))'")
        }
        guard flag.allSatisfy({ $0.isLetter }) else {
            throw InputError(file: path, line: line, column: column, "flags after a value are letters ('p', 'e', 'c'), found '\(inputExcerpt(text))'")
        }
        return (v, flag)
    }
}

private extension String {
    /// The string without leading and trailing spaces.
    func trimmedOfSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
