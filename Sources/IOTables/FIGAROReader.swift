import DataIO

/// Column names and codes of a FIGARO flat file. The defaults are Eurostat's: `refArea` (the supplying, row
/// country), `rowIi`, `rowPi` or `rowPp` (the row industry or product), `counterpartArea` (the using, column
/// country), `colIi`, `colPi` or `colPp` (the column industry, product or final-demand category), `obsValue`.
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
    public init(rowArea: String = "refArea", rowItem: [String] = ["rowIi", "rowPi", "rowPp"], columnArea: String = "counterpartArea",
                columnItem: [String] = ["colIi", "colPi", "colPp"], value: String = "obsValue",
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

/// Reads Eurostat FIGARO inter-country tables in their flat layout (or, when the header starts with `rowLabels`, in
/// their matrix layout through `FIGAROMatrixReader`): one row per reference (row) area x counterpart
/// (column) area x row item x column item, with a value; cells not listed are zero. Both variants are read:
/// industry-by-industry (row items are the industries) and product-by-industry use tables (row items are products,
/// e.g. CPA codes, columns NACE industries).
///
/// - Regions are the column areas of the industry columns, industries the column items that are not final demand,
///   products the row items of rows whose area is a region; each in order of first appearance in the file (sums over
///   products run in that order).
/// - Rows from other areas (FIGARO's `W2` value-added and tax rows) are not flows. Gross output: rows of the output
///   item (`P1`, as `TableWriter.figaro` writes) when the file has them; else, as in Eurostat's files (which have no
///   output rows), each industry column's total: its intermediate inputs plus its `W2` rows. Final-demand columns
///   are checked and not kept.
/// - Layout facts (Eurostat's flat files `flatfile_eu-ic-io_ind-by-ind_<edition>_<year>.csv`): columns `refArea`,
///   `rowIi`, `counterpartArea`, `colIi`, `obsValue` beside the concatenated labels (`icioiRow`, `icioiCol`), which
///   are ignored; product-by-product files name the items `rowPp`, `colPp` with `CPA_` codes; value-added rows have
///   area `W2` (see FIGAROMatrixReaderTests for the sources).
/// - Errors name file, line and column: missing columns, ragged rows, non-numeric or empty values, a cell listed twice.
public enum FIGAROReader {
    /// Reads one table (one year). The year: a `year` argument, else a `time`/`year` column when all rows agree, else
    /// the last 4-digit number of the file name.
    public static func read(path: String, year: Int? = nil, layout: FIGAROLayout = FIGAROLayout()) throws -> (MultiRegionalUse, ValidationReport) {
        if try isMatrix(path: path) {
            let (use, report, _) = try FIGAROMatrixReader.read(path: path, year: year)
            return (use, report)
        }
        let reader = try CSVReader(path: path)
        var columns: (rowArea: Int, rowItem: Int, colArea: Int, colItem: Int, value: Int, year: Int?)?
        var width = 0
        var keys: [UInt64] = []
        var lines: [Int32] = []
        var values: [Double] = []
        var outputs: [(col: UInt32, value: Double, line: Int)] = []
        var fileYear: Int?
        var yearLine = 0
        let interner = LabelInterner()
        var lastRow: UInt32?
        var lastRowBytes: [UInt8] = []
        let outputItem = Array(layout.outputItem.utf8)
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
            // The codes' bytes, straight from the reader's buffer (valid while this row is being handled).
            let ra = row.withBytes(c.rowArea) { $0 }, ri = row.withBytes(c.rowItem) { $0 }
            let ca = row.withBytes(c.colArea) { $0 }, ci = row.withBytes(c.colItem) { $0 }
            if ra.isEmpty { throw row.error(column: c.rowArea, "empty code") }
            if ri.isEmpty { throw row.error(column: c.rowItem, "empty code") }
            if ca.isEmpty { throw row.error(column: c.colArea, "empty code") }
            if ci.isEmpty { throw row.error(column: c.colItem, "empty code") }
            let col = interner.intern(ca, ci)
            if ri.elementsEqual(outputItem) {
                outputs.append((col, v, row.line))
                return
            }
            // Flat files list a row's cells together: reuse the previous row label's id when the bytes repeat.
            let rowID: UInt32
            if let l = lastRow, lastRowBytes.count == ra.count + 1 + ri.count,
               lastRowBytes[..<ra.count].elementsEqual(ra), lastRowBytes[(ra.count + 1)...].elementsEqual(ri) {
                rowID = l
            } else {
                rowID = interner.intern(ra, ri)
                lastRow = rowID
                lastRowBytes = Array(ra) + [1] + Array(ri)
            }
            keys.append(UInt64(rowID) << 32 | UInt64(col))
            lines.append(Int32(truncatingIfNeeded: row.line))
            values.append(v)
        }
        let labelList = interner.labels
        guard columns != nil else { throw InputError(file: path, line: 1, "the file is empty: expected a FIGARO header row and data rows") }
        guard !keys.isEmpty || !outputs.isEmpty else {
            throw InputError(file: path, line: 2, "no data rows after the header: expected one row per cell of the table")
        }
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
        var isRowUsed = [Bool](repeating: false, count: labelList.count)
        for key in keys { isRowUsed[Int(key >> 32)] = true }
        // Label numbers follow first appearance in the file, so this is the rows' order of first appearance.
        for (id, l) in labelList.enumerated() where isRowUsed[id] && regionIndex[l.area] != nil && productIndex[l.item] == nil {
            productIndex[l.item] = products.count
            products.append(l.item)
        }
        // Industry-by-industry: keep the industries' order for the products when they are the same codes.
        if Set(products) == Set(industries) {
            products = industries
            for (k, p) in products.enumerated() { productIndex[p] = k }
        }
        let nR = regions.count, nP = products.count, nI = industries.count
        let columnsCount = nR * nI
        var flows = [Double](repeating: 0, count: nR * nP * columnsCount)
        var filled = [UInt64](repeating: 0, count: (flows.count + 63) / 64)  // one bit per cell: listed already
        var report = ValidationReport(source: path, year: year)
        var magnitudes = TableMagnitudes.Tally()
        let valueColumn = (columns?.value ?? 0) + 1
        // Each label's row offset (region x product) and column (region x industry), -1 when it is neither.
        var rowOffset = [Int](repeating: -1, count: labelList.count), column = rowOffset
        var valueAdded: [(column: Int, value: Double)] = []
        for (id, l) in labelList.enumerated() {
            if let r = regionIndex[l.area], let j = productIndex[l.item] { rowOffset[id] = (r * nP + j) * columnsCount }
            if let s = regionIndex[l.area], let i = industryIndex[l.item] { column[id] = s * nI + i }
        }
        for (k, key) in keys.enumerated() {
            let ro = rowOffset[Int(key >> 32)], co = column[Int(key & 0xFFFF_FFFF)]
            guard ro >= 0, co >= 0 else {
                // Value added and taxes (rows of another area, FIGARO's W2) of an industry column: part of its total.
                if ro < 0, co >= 0, regionIndex[labelList[Int(key >> 32)].area] == nil {
                    valueAdded.append((co, values[k]))
                    magnitudes.add(values[k], line: Int(lines[k]), column: valueColumn, label: "value added of column \(co + 1)")
                }
                continue  // final demand
            }
            let cell = ro + co
            if filled[cell >> 6] & (1 << UInt64(cell & 63)) != 0 {
                let rl = labelList[Int(key >> 32)], cl = labelList[Int(key & 0xFFFF_FFFF)]
                let first = keys[..<k].firstIndex(of: key).map { Int(lines[$0]) } ?? 0
                throw InputError(file: path, line: Int(lines[k]), "cell \(rl.area) \(rl.item) -> \(cl.area) \(cl.item) is listed twice (first at line \(first))")
            }
            filled[cell >> 6] |= 1 << UInt64(cell & 63)
            flows[cell] = values[k]
            magnitudes.add(values[k], line: Int(lines[k]), column: valueColumn, label: {
                let rl = labelList[Int(key >> 32)], cl = labelList[Int(key & 0xFFFF_FFFF)]
                return "\(rl.area) \(rl.item) -> \(cl.area) \(cl.item)"
            }())
            if values[k] < 0 {
                let rl = labelList[Int(key >> 32)], cl = labelList[Int(key & 0xFFFF_FFFF)]
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
                magnitudes.add(v, line: line, column: valueColumn, label: "output (\(layout.outputItem)) of \(l.area) \(l.item)")
            }
            output = o
        }
        if output == nil && !valueAdded.isEmpty {
            // Eurostat's flat files give no output: each industry column's total is its output, the intermediate
            // inputs (rows in table order) plus the value-added and tax rows (in file order), as the matrix reader sums.
            var o = [Double](repeating: 0, count: columnsCount)
            for r in 0..<(nR * nP) { for c in 0..<columnsCount { o[c] += flows[r * columnsCount + c] } }
            for (c, v) in valueAdded { o[c] += v }
            output = o
        }
        if magnitudes.exceeded { throw magnitudes.error(file: path, what: "the table's cells") }
        let use = try MultiRegionalUse(year: year, regions: regions, products: products, industries: industries, flows: flows,
                                       output: output, source: path)
        return (use, report)
    }

    /// True when the file's first header cell is the matrix layout's `rowLabels` (`FIGAROMatrixReader`).
    public static func isMatrix(path: String) throws -> Bool {
        try TableLayout.headerNames(path: path).first == FIGAROMatrixReader.firstHeaderCell
    }

    /// One line saying which FIGARO layout `path` is, from its header: the matrix layout's variant and sizes, or the
    /// flat layout's columns and variant (`rowIi`: industry-by-industry; `rowPp`: product-by-product; `rowPi`:
    /// products by industry).
    public static func describe(path: String, layout: FIGAROLayout = FIGAROLayout()) throws -> String {
        let names = try TableLayout.headerNames(path: path)
        if names.first == FIGAROMatrixReader.firstHeaderCell {
            return try FIGAROMatrixReader.layout(header: names, path: path).layout.summary
        }
        let c = try headerColumns(names, layout: layout, path: path, line: 1)
        let variant: String
        switch names[c.rowItem] {
        case "rowIi": variant = "industry-by-industry"
        case "rowPp": variant = "product-by-product"
        case "rowPi": variant = "products by industry"
        default: variant = "custom columns"
        }
        return "FIGARO flat (one row per cell), \(variant): columns \(names[c.rowArea]), \(names[c.rowItem]), \(names[c.colArea]), "
            + "\(names[c.colItem]), \(names[c.value])"
    }

    /// The positions of the layout's columns in a header.
    static func headerColumns(_ names: [String], layout: FIGAROLayout, path: String, line: Int) throws
        -> (rowArea: Int, rowItem: Int, colArea: Int, colItem: Int, value: Int, year: Int?) {
        func find(_ candidates: [String], _ what: String) throws -> Int {
            for n in candidates { if let k = names.firstIndex(of: n) { return k } }
            throw InputError(file: path, line: line, column: 1,
                             "no \(what) column: expected one named \(candidates.joined(separator: " or ")) in the header (found \(inputExcerptList(names)))")
        }
        return (try find([layout.rowArea], "row-area"), try find(layout.rowItem, "row-item"),
                try find([layout.columnArea], "column-area"), try find(layout.columnItem, "column-item"),
                try find([layout.value], "value"), names.firstIndex(of: "time") ?? names.firstIndex(of: "year"))
    }
}

/// Gives each distinct (area, item) pair of byte strings a number, in order of first appearance, without building a
/// String per row: an open-addressing hash table over the pairs' bytes.
final class LabelInterner {
    private var bytes: [UInt8] = []
    private var spans: [(start: Int, areaCount: Int, itemCount: Int)] = []
    private var slots = [Int32](repeating: -1, count: 1024)

    /// The pairs as strings, indexed by their numbers.
    var labels: [(area: String, item: String)] {
        spans.map { s in
            (String(decoding: bytes[s.start..<(s.start + s.areaCount)], as: UTF8.self),
             String(decoding: bytes[(s.start + s.areaCount)..<(s.start + s.areaCount + s.itemCount)], as: UTF8.self))
        }
    }

    /// The number of the pair (area, item), new ones numbered in order.
    func intern(_ area: UnsafeBufferPointer<UInt8>, _ item: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in area { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h = (h ^ 0x1F) &* 0x100_0000_01B3
        for b in item { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[k]
            if id < 0 { break }
            let s = spans[Int(id)]
            if s.areaCount == area.count && s.itemCount == item.count
                && bytes[s.start..<(s.start + s.areaCount)].elementsEqual(area)
                && bytes[(s.start + s.areaCount)..<(s.start + s.areaCount + s.itemCount)].elementsEqual(item) {
                return UInt32(id)
            }
            k = (k + 1) & mask
        }
        let id = Int32(spans.count)
        spans.append((bytes.count, area.count, item.count))
        bytes.append(contentsOf: area)
        bytes.append(contentsOf: item)
        slots[k] = id
        if spans.count * 2 > slots.count { rehash() }
        return UInt32(id)
    }

    private func rehash() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, s) in spans.enumerated() {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in bytes[s.start..<(s.start + s.areaCount)] { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            h = (h ^ 0x1F) &* 0x100_0000_01B3
            for b in bytes[(s.start + s.areaCount)..<(s.start + s.areaCount + s.itemCount)] { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            var k = Int(truncatingIfNeeded: h) & mask
            while slots[k] >= 0 { k = (k + 1) & mask }
            slots[k] = Int32(id)
        }
    }
}
