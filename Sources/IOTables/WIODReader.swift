import DataIO

/// Reads WIOD-layout world input-output tables (one year per CSV file, plain or gzip-compressed).
///
/// The layout (see `SupplyUseTables/wiod2013/README.md`): a header row with a corner cell, the intermediate
/// columns `REGION_INDUSTRY`, the final-demand columns `REGION_CATEGORY` and `OUT`; then one row per
/// supplying region x industry, labelled like the intermediate columns and in the same order.
///
/// The file is streamed: numbers are parsed straight from the read buffer, with no allocation per cell.
public enum WIODReader {
    /// Reads and validates one table.
    ///
    /// Throws `InputError` (with file, line and column) for: a truncated or corrupt gzip file, a malformed
    /// header, duplicate labels, a row label that does not match the header's order, a ragged row, a cell that
    /// is not a finite number, a missing or extra row. Reports, without failing, negative intermediate flows
    /// and the largest row-balance gap in the returned `ValidationReport`.
    /// - Parameters:
    ///   - path: the file.
    ///   - year: the table's year; by default taken from the file name (its first 4-digit number), else nil.
    public static func read(path: String, year: Int? = nil) throws -> (MRIOTable, ValidationReport) {
        try read(CSVReader(path: path), year: year ?? yearInFileName(path))
    }

    /// Reads a table file or a zip archive's member (`TableFile`).
    public static func read(file: TableFile) throws -> (MRIOTable, ValidationReport) {
        try read(TableFiles.csvReader(file), year: file.year)
    }

    /// Reads one table from `reader` (its path names it in messages).
    static func read(_ reader: CSVReader, year: Int?) throws -> (MRIOTable, ValidationReport) {
        let path = reader.path
        var header: WIODHeader?
        var intermediate: [Double] = []
        var finalDemand: [Double] = []
        var output: [Double] = []
        var report = ValidationReport(source: path, year: year)
        var rowIndex = 0
        var firstLine: [String: Int] = [:]
        var lastLine = 0
        var magnitudes = TableMagnitudes.Tally()

        try reader.forEachRow { row in
            lastLine = row.line
            guard let h = header else {
                let h = try WIODHeader(row: row)
                header = h
                intermediate = [Double](repeating: 0, count: h.size * h.size)
                finalDemand = [Double](repeating: 0, count: h.size * h.finalColumns)
                output = [Double](repeating: 0, count: h.size)
                return
            }
            if row.isBlank { return }  // blank lines are ignored; a blank line inside the table shows as a missing row
            let n = h.size
            guard rowIndex < n else {
                throw row.error(column: 0, "unexpected row after the \(n) rows of the table (found '\(row.string(0).prefix(40))')")
            }
            guard row.count == h.fieldCount else {
                throw row.error(column: min(row.count, h.fieldCount) - 1,
                                "ragged row: expected \(h.fieldCount) fields as in the header, found \(row.count)")
            }
            let expected = h.labels[rowIndex]
            if !rowLabelMatches(row, expected) {
                let label = row.string(0)
                if let l = firstLine[label] {
                    throw row.error(column: 0, "duplicate row label '\(label)' (first at line \(l))")
                }
                throw row.error(column: 0, "expected row label '\(expected)' (rows must follow the order of the header's "
                                + "intermediate columns), found '\(label)'")
            }
            firstLine[expected] = row.line
            let f = h.finalColumns
            let (sum, out, negatives, largest) = try intermediate.withUnsafeMutableBufferPointer { z in
                try finalDemand.withUnsafeMutableBufferPointer { y in
                    try WIODRowParser.parse(row, n: n, f: f, z: z, zOffset: rowIndex * n, y: y, yOffset: rowIndex * f)
                }
            }
            output[rowIndex] = out
            if largest > TableMagnitudes.fastPathBound {
                // A row with a large number: its cells one by one (rare; the others count as an upper bound).
                let nc = h.categories.count
                for c in 0..<n {
                    magnitudes.add(intermediate[rowIndex * n + c], line: row.line, column: c + 2, label: expected + " -> " + h.labels[c])
                }
                for c in 0..<f {
                    magnitudes.add(finalDemand[rowIndex * f + c], line: row.line, column: n + 2 + c,
                                   label: expected + " -> " + h.regions[c / max(nc, 1)] + "_" + h.categories[c % max(nc, 1)])
                }
                magnitudes.add(out, line: row.line, column: h.fieldCount, label: expected + " output")
            } else {
                magnitudes.addBound(Double(n + f + 1) * largest)
            }
            if negatives > 0 {
                for c in 0..<n where intermediate[rowIndex * n + c] < 0 {
                    report.noteNegative(row: expected, column: h.labels[c], value: intermediate[rowIndex * n + c],
                                        line: row.line, field: c + 2)
                }
            }
            report.noteBalance(row: expected, line: row.line, gap: sum - out, output: out)
            rowIndex += 1
        }
        guard let h = header else {
            throw InputError(file: path, line: 1, "the file is empty: expected a WIOD header row and table rows")
        }
        guard rowIndex == h.size else {
            throw InputError(file: path, line: lastLine + 1,
                             "the file ends after \(rowIndex) of the \(h.size) table rows (next expected: \(h.labels[rowIndex]))")
        }
        if magnitudes.exceeded { throw magnitudes.error(file: path, what: "the table's cells") }
        let table = try MRIOTable(year: year, regions: h.regions, industries: h.industries,
                                  finalDemandCategories: h.categories, intermediate: intermediate,
                                  finalDemand: finalDemand, output: output, source: path)
        return (table, report)
    }

    /// The first 4-digit number (1900-2199) in the file's name, or nil.
    public static func yearInFileName(_ path: String) -> Int? {
        let name = Array(AtomicFile.baseName(of: path).utf8)
        var i = 0
        while i + 4 <= name.count {
            let isDigit = { (k: Int) in name[k] >= 0x30 && name[k] <= 0x39 }
            if isDigit(i) && isDigit(i + 1) && isDigit(i + 2) && isDigit(i + 3)
                && (i == 0 || !isDigit(i - 1)) && (i + 4 == name.count || !isDigit(i + 4)) {
                let y = name[i..<(i + 4)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if (1900...2199).contains(y) { return y }
            }
            i += 1
        }
        return nil
    }

    private static func rowLabelMatches(_ row: borrowing CSVRow, _ expected: String) -> Bool {
        var e = expected
        return e.withUTF8 { eb in
            row.withBytes(0) { b in
                b.count == eb.count && (0..<b.count).allSatisfy { b[$0] == eb[$0] }
            }
        }
    }
}
