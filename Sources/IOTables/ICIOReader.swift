import DataIO

/// Reads OECD Inter-Country Input-Output tables as the OECD distributes them (wide CSV, one year per file, plain,
/// gzip, or a member of a zip archive): the 2016, 2018, 2021 and 2023 editions, told apart from the header
/// (`ICIOLayout` describes them and says in one line what it found).
///
/// Split blocks (China's CN1, CN2..., Mexico's MX1, MX2...: processing trade and the rest) are added into their
/// country in rows and columns; the country's own block, a zero placeholder in the files or holding values, is added
/// too. Final demand is read country-major or component-major into `CCC x component`; a discrepancy column (2016) is
/// read and not counted as final demand; gross output is the total column (`OUT` or `TOTAL`). Trailing rows (`TLS`,
/// `VA`, `OUT`/`OUTPUT`, `TAXSUB`, `VALU`) are checked for shape and numbers, and otherwise not used.
///
/// The file is streamed: each data row is parsed (by the same one-pass parser as WIOD rows) into a row-sized
/// scratch buffer and added into the table, so memory is the parsed numbers plus one row.
public enum ICIOReader {
    /// The trailing rows that may follow the table's rows (pymrio's `parse_oecd` also takes any label containing
    /// TAX or VALU: `TAXSUB`, `VALU`).
    public static let trailingRows: Set<String> = ["TLS", "VA", "OUT", "OUTPUT", "TAXSUB", "VALU"]

    /// True for a trailing-row label.
    static func isTrailing(_ label: String) -> Bool {
        trailingRows.contains(label) || label.contains("TAX") || label.contains("VALU")
    }

    /// Reads and validates one table file. Throws `InputError` naming file, line and column for a malformed header,
    /// duplicate labels, an unknown or out-of-order row label, a ragged row, a non-numeric cell, missing rows, split
    /// blocks without their country, final demand in the wrong order for the edition the file name gives.
    /// - Parameter year: the table's year; by default the last 4-digit number of the file name.
    public static func read(path: String, year: Int? = nil) throws -> (MRIOTable, ValidationReport) {
        try read(CSVReader(path: path), year: year ?? TableLayout.icio.yearInFileName(path))
    }

    /// Reads a table file or zip member (`TableFile`), its year from the file.
    public static func read(file: TableFile) throws -> (MRIOTable, ValidationReport) {
        try read(TableFiles.csvReader(file), year: file.year)
    }

    /// Reads one table from `reader` (its path names it in messages and gives the edition).
    public static func read(_ reader: CSVReader, year: Int?) throws -> (MRIOTable, ValidationReport) {
        let path = reader.path
        var layout: ICIOLayout?
        var z: [Double] = [], y: [Double] = [], out: [Double] = []
        var scratchZ: [Double] = [], scratchY: [Double] = []
        var report = ValidationReport(source: path, year: year)
        var rowIndex = 0
        var trailingSeen: [String: Int] = [:]
        var lastLine = 0
        var countryBlockValues = false
        var splitCountryRows = Set<Int>()
        var magnitudes = TableMagnitudes.Tally()

        try reader.forEachRow { row in
            lastLine = row.line
            guard let h = layout else {
                let h = try ICIOLayout(header: row, path: path)
                layout = h
                z = [Double](repeating: 0, count: h.size * h.size)
                y = [Double](repeating: 0, count: h.size * h.finalColumns)
                out = [Double](repeating: 0, count: h.size)
                scratchZ = [Double](repeating: 0, count: h.rawSize)
                scratchY = [Double](repeating: 0, count: h.rawFinal)
                let countries = Set(h.splits.map(\.country))
                for (b, block) in h.blocks.enumerated() where countries.contains(block) { splitCountryRows.insert(b) }
                return
            }
            if row.isBlank { return }
            guard row.count == h.fieldCount else {
                throw row.error(column: min(row.count, h.fieldCount) - 1,
                                "ragged row: expected \(h.fieldCount) fields as in the header, found \(row.count)")
            }
            let label = row.string(0)
            if rowIndex < h.rawSize {
                guard label == h.rawLabels[rowIndex] else {
                    if isTrailing(label) {
                        throw row.error(column: 0, "trailing row \(label) after \(rowIndex) of the \(h.rawSize) table rows (next expected: \(h.rawLabels[rowIndex]))")
                    }
                    if h.rawLabels.contains(label) {
                        throw row.error(column: 0, "expected row label '\(h.rawLabels[rowIndex])' (rows follow the order of the header's intermediate columns), found '\(label)'")
                    }
                    throw row.error(column: 0, "unknown row label '\(label)': expected '\(h.rawLabels[rowIndex])' (a CCC_IND label of the header)")
                }
                let (sum, o, negatives, largest) = try scratchZ.withUnsafeMutableBufferPointer { sz in
                    try scratchY.withUnsafeMutableBufferPointer { sy in
                        try WIODRowParser.parse(row, n: h.rawSize, f: h.rawFinal, z: sz, zOffset: 0, y: sy, yOffset: 0)
                    }
                }
                if largest > TableMagnitudes.fastPathBound {
                    // A row with a large number: its cells one by one (before split blocks are added in).
                    for k in 0..<h.rawSize {
                        magnitudes.add(scratchZ[k], line: row.line, column: k + 2, label: label + " -> " + h.rawLabels[k])
                    }
                    for k in 0..<h.rawFinal { magnitudes.add(scratchY[k], line: row.line, column: h.rawSize + 2 + k, label: label) }
                    magnitudes.add(o, line: row.line, column: h.fieldCount, label: label + " -> " + h.totalName)
                } else {
                    magnitudes.addBound(Double(h.rawSize + h.rawFinal + 1) * largest)
                }
                let block = rowIndex / h.industries.count
                let target = h.target[rowIndex]
                let base = target * h.size
                try z.withUnsafeMutableBufferPointer { zz in
                    try scratchZ.withUnsafeBufferPointer { sz in
                        try h.target.withUnsafeBufferPointer { tg in
                            guard let zb = zz.baseAddress, let sb = sz.baseAddress, let tb = tg.baseAddress else {
                                throw row.error(column: 0, "internal error: empty table buffers")
                            }
                            let zrow = zb + base
                            for k in 0..<h.rawSize {
                                let v = sb[k]
                                if v != 0 { zrow[tb[k]] += v }
                            }
                        }
                    }
                }
                let fbase = target * h.finalColumns
                for k in 0..<h.rawFinal where scratchY[k] != 0 && h.finalTarget[k] >= 0 {
                    y[fbase + h.finalTarget[k]] += scratchY[k]
                }
                out[target] += o
                if !countryBlockValues && splitCountryRows.contains(block) && (sum != 0 || o != 0 || scratchY.contains { $0 != 0 }) {
                    countryBlockValues = true
                }
                if negatives > 0 {
                    for k in 0..<h.rawSize where scratchZ[k] < 0 {
                        report.noteNegative(row: label, column: h.rawLabels[k], value: scratchZ[k], line: row.line, field: k + 2)
                    }
                }
                report.noteBalance(row: label, line: row.line, gap: sum - o, output: o)
                rowIndex += 1
                return
            }
            guard isTrailing(label) else {
                throw row.error(column: 0, "unknown row label '\(inputExcerpt(label))' after the \(h.rawSize) table rows: expected trailing rows such as TLS, VA, OUT (or TAXSUB, VALU, OUTPUT)")
            }
            if let first = trailingSeen[label] { throw row.error(column: 0, "duplicate row \(label) (first at line \(first))") }
            trailingSeen[label] = row.line
            for k in 1..<row.count where !row.isMissing(k) { _ = try row.double(k) }
        }
        guard let h = layout else {
            throw InputError(file: path, line: 1, "the file is empty: expected an OECD ICIO header row and table rows")
        }
        guard rowIndex == h.rawSize else {
            throw InputError(file: path, line: lastLine + 1,
                             "the file ends after \(rowIndex) of the \(h.rawSize) table rows (next expected: \(h.rawLabels[rowIndex]))")
        }
        if magnitudes.exceeded { throw magnitudes.error(file: path, what: "the table's cells") }
        var summary = h.summary
        if !h.splits.isEmpty {
            summary += countryBlockValues ? "; the countries' own rows hold values, added too" : "; the countries' own rows are zero placeholders"
        }
        report.detected = summary
        let table = try MRIOTable(year: year, regions: h.regions, industries: h.industries, finalDemandCategories: h.categories,
                                  intermediate: z, finalDemand: y, output: out, source: path)
        return (table, report)
    }
}
