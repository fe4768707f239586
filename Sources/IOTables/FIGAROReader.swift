import DataIO

/// Column names and codes of a FIGARO flat file. The defaults are Eurostat's: `refArea` (the supplying, row
/// country), `rowIi` or `rowPi` (the row industry or product), `counterpartArea` (the using, column country), `colIi`
/// or `colPi` (the column industry or final-demand category), `obsValue`.
public struct FIGAROLayout: Sendable, Equatable {
    /// Column of the row (supplying) area.
    public var rowArea: String
    /// Candidate columns of the row item, the first present is used.
    public var rowItem: [String]
    /// Column of the column (using) area.
    public var columnArea: String
    /// Candidate columns of the column item, the first present is used.
    public var columnItem: [String]
    /// Column of the value.
    public var value: String
    /// Column items that are final demand, not industries (households, non-profits, government, fixed capital,
    /// changes in inventories and valuables).
    public var finalDemand: Set<String>
    /// Row item that gives the gross output of the column industry (whatever its row area).
    public var outputItem: String

    /// A layout; every argument defaults to Eurostat's naming.
    public init(rowArea: String = "refArea", rowItem: [String] = ["rowIi", "rowPi"], columnArea: String = "counterpartArea",
                columnItem: [String] = ["colIi", "colPi"], value: String = "obsValue",
                finalDemand: Set<String> = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"], outputItem: String = "P1") {
        self.rowArea = rowArea
        self.rowItem = rowItem
        self.columnArea = columnArea
        self.columnItem = columnItem
        self.value = value
        self.finalDemand = finalDemand
        self.outputItem = outputItem
    }
}

/// Reads Eurostat FIGARO inter-country tables in their flat layout: one row per reference (row) area x counterpart
/// (column) area x row item x column item, with a value; cells not listed are zero. Both variants are read:
/// industry-by-industry (row items are the industries) and product-by-industry use tables (row items are products,
/// e.g. CPA codes, columns NACE industries).
///
/// - Regions are the column areas of the industry columns, industries the column items that are not final demand,
///   products the row items of rows whose area is a region; each in order of first appearance in the file (sums over
///   products run in that order).
/// - Rows from other areas (FIGARO's `W2` value-added and tax rows) are skipped, except the output item (`P1`),
///   which gives the column industry's gross output. Final-demand columns are checked and not kept.
/// - Errors name file, line and column: missing columns, ragged rows, non-numeric or empty values, a cell listed twice.
public enum FIGAROReader {
    /// Reads one table (one year). The year: a `year` argument, else a `time`/`year` column when all rows agree, else
    /// the last 4-digit number of the file name.
    public static func read(path: String, year: Int? = nil, layout: FIGAROLayout = FIGAROLayout()) throws -> (MultiRegionalUse, ValidationReport) {
        let reader = try CSVReader(path: path)
        var columns: (rowArea: Int, rowItem: Int, colArea: Int, colItem: Int, value: Int, year: Int?)?
        var width = 0
        var labels: [String: UInt32] = [:]
        var labelList: [(area: String, item: String)] = []
        var keys: [UInt64] = []
        var lines: [Int32] = []
        var values: [Double] = []
        var outputs: [(col: UInt32, value: Double, line: Int)] = []
        var fileYear: Int?
        var yearLine = 0
        func intern(_ area: String, _ item: String) -> UInt32 {
            let k = area + "\u{1}" + item
            if let id = labels[k] { return id }
            let id = UInt32(labelList.count)
            labels[k] = id
            labelList.append((area, item))
            return id
        }
        var lastRow: (area: String, item: String, id: UInt32)?
        try reader.forEachRow { row in
            guard let c = columns else {
                let names = (0..<row.count).map { row.string($0) }
                columns = try headerColumns(names, layout: layout, path: path, line: row.line)
                width = row.count
                return
            }
            if row.isBlank { return }
            guard row.count == width else {
                throw row.error(column: min(row.count, width) - 1, "ragged row: expected \(width) fields as in the header, found \(row.count)")
            }
            if let yc = c.year {
                let y = Int(row.string(yc))
                guard let y else { throw row.error(column: yc, "expected a year, found '\(row.string(yc))'") }
                if let fy = fileYear, fy != y {
                    throw row.error(column: yc, "a FIGARO file holds one year: this row is \(y), line \(yearLine) was \(fy)")
                }
                if fileYear == nil { fileYear = y; yearLine = row.line }
            }
            let v = try row.double(c.value)
            let ra = row.string(c.rowArea), ri = row.string(c.rowItem)
            let ca = row.string(c.colArea), ci = row.string(c.colItem)
            if ra.isEmpty { throw row.error(column: c.rowArea, "empty code") }
            if ri.isEmpty { throw row.error(column: c.rowItem, "empty code") }
            if ca.isEmpty { throw row.error(column: c.colArea, "empty code") }
            if ci.isEmpty { throw row.error(column: c.colItem, "empty code") }
            let col = intern(ca, ci)
            if ri == layout.outputItem {
                outputs.append((col, v, row.line))
                return
            }
            let rowID: UInt32
            if let l = lastRow, l.area == ra, l.item == ri { rowID = l.id } else { rowID = intern(ra, ri); lastRow = (ra, ri, rowID) }
            keys.append(UInt64(rowID) << 32 | UInt64(col))
            lines.append(Int32(truncatingIfNeeded: row.line))
            values.append(v)
        }
        guard columns != nil else { throw InputError(file: path, line: 1, "the file is empty: expected a FIGARO header row and data rows") }
        let year = year ?? fileYear ?? TableLayout.figaro.yearInFileName(path)

        // Regions and industries from the industry columns; products from rows of those regions.
        var regionIndex: [String: Int] = [:], industryIndex: [String: Int] = [:], productIndex: [String: Int] = [:]
        var regions: [String] = [], industries: [String] = [], products: [String] = []
        var isColumnUsed = [Bool](repeating: false, count: labelList.count)
        for key in keys { isColumnUsed[Int(key & 0xFFFF_FFFF)] = true }
        for o in outputs { isColumnUsed[Int(o.col)] = true }
        for (id, l) in labelList.enumerated() where isColumnUsed[id] && !layout.finalDemand.contains(l.item) {
            if regionIndex[l.area] == nil { regionIndex[l.area] = regions.count; regions.append(l.area) }
            if industryIndex[l.item] == nil { industryIndex[l.item] = industries.count; industries.append(l.item) }
        }
        guard !regions.isEmpty else {
            throw InputError(file: path, "no intermediate cells: every column item is final demand (\(layout.finalDemand.sorted().joined(separator: ", ")))")
        }
        var skipped = 0
        for key in keys {
            let l = labelList[Int(key >> 32)]
            if regionIndex[l.area] != nil, productIndex[l.item] == nil { productIndex[l.item] = products.count; products.append(l.item) }
        }
        // Industry-by-industry: keep the industries' order for the products when they are the same codes.
        if Set(products) == Set(industries) {
            products = industries
            for (k, p) in products.enumerated() { productIndex[p] = k }
        }
        let nR = regions.count, nP = products.count, nI = industries.count
        let columnsCount = nR * nI
        var flows = [Double](repeating: 0, count: nR * nP * columnsCount)
        var filled = [Int32](repeating: 0, count: flows.count)  // line of the cell, 0 when not listed
        var report = ValidationReport(source: path, year: year)
        for (k, key) in keys.enumerated() {
            let rl = labelList[Int(key >> 32)], cl = labelList[Int(key & 0xFFFF_FFFF)]
            guard let r = regionIndex[rl.area], let j = productIndex[rl.item] else { skipped += 1; continue }
            guard let s = regionIndex[cl.area], let i = industryIndex[cl.item] else { continue }  // final demand
            let cell = (r * nP + j) * columnsCount + s * nI + i
            if filled[cell] != 0 {
                throw InputError(file: path, line: Int(lines[k]), "cell \(rl.area) \(rl.item) -> \(cl.area) \(cl.item) is listed twice (first at line \(filled[cell]))")
            }
            filled[cell] = lines[k]
            flows[cell] = values[k]
            if values[k] < 0 {
                report.noteNegative(row: "\(rl.area)_\(rl.item)", column: "\(cl.area)_\(cl.item)", value: values[k], line: Int(lines[k]), field: 0)
            }
        }
        var output: [Double]?
        if !outputs.isEmpty {
            var o = [Double](repeating: 0, count: columnsCount)
            var seen = [Int](repeating: 0, count: columnsCount)
            for (col, v, line) in outputs {
                let l = labelList[Int(col)]
                guard let s = regionIndex[l.area], let i = industryIndex[l.item] else { continue }
                if seen[s * nI + i] != 0 {
                    throw InputError(file: path, line: line, "output (\(layout.outputItem)) of \(l.area) \(l.item) is listed twice (first at line \(seen[s * nI + i]))")
                }
                seen[s * nI + i] = line
                o[s * nI + i] = v
            }
            output = o
        }
        _ = skipped
        let use = try MultiRegionalUse(year: year, regions: regions, products: products, industries: industries, flows: flows,
                                       output: output, source: path)
        return (use, report)
    }

    /// The positions of the layout's columns in a header.
    static func headerColumns(_ names: [String], layout: FIGAROLayout, path: String, line: Int) throws
        -> (rowArea: Int, rowItem: Int, colArea: Int, colItem: Int, value: Int, year: Int?) {
        func find(_ candidates: [String], _ what: String) throws -> Int {
            for n in candidates { if let k = names.firstIndex(of: n) { return k } }
            throw InputError(file: path, line: line, column: 1,
                             "no \(what) column: expected one named \(candidates.joined(separator: " or ")) in the header (found \(names.joined(separator: ",")))")
        }
        return (try find([layout.rowArea], "row-area"), try find(layout.rowItem, "row-item"),
                try find([layout.columnArea], "column-area"), try find(layout.columnItem, "column-item"),
                try find([layout.value], "value"), names.firstIndex(of: "time") ?? names.firstIndex(of: "year"))
    }
}
