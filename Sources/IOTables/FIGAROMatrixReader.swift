import DataIO

/// What `FIGAROMatrixReader` found in a matrix file's header: the variant, the regions, the codes and the
/// final-demand categories, said in one line by `summary`.
public struct FIGAROMatrixLayout: Sendable, Equatable {
    /// True for the product-by-product variant (codes `CPA_A01`...), false for industry-by-industry (`A01`...).
    public var isProductByProduct: Bool
    /// Region codes in column order.
    public var regions: [String]
    /// Industry (or product) codes, the same in every region.
    public var codes: [String]
    /// Final-demand categories of the first region, in column order.
    public var finalDemand: [String]
    /// Number of rows after the industry block (value added and taxes, `W2_...`).
    public var valueAddedRows: Int

    /// One line for a note: `FIGARO matrix, industry-by-industry: 46 regions x 64 industries, 5 final-demand
    /// categories (P3_S13 ...), 6 value-added rows` (the rows' count once the file has been read).
    public var summary: String {
        "FIGARO matrix, \(isProductByProduct ? "product-by-product" : "industry-by-industry"): \(regions.count) regions x "
            + "\(codes.count) \(isProductByProduct ? "products" : "industries"), \(finalDemand.count) final-demand categories"
            + (finalDemand.isEmpty ? "" : " (\(finalDemand.joined(separator: " ")))")
            + (valueAddedRows > 0 ? ", \(valueAddedRows) value-added rows" : "")
    }
}

/// Reads Eurostat FIGARO inter-country input-output tables in their matrix layout, as Eurostat distributes them
/// (`matrix_eu-ic-io_ind-by-ind_<edition>_<year>.csv` and `matrix_eu-ic-io_prod-by-prod_...`).
///
/// The layout (Eurostat's FIGARO file descriptions; read as exvatools' `extract_figaro` and mrio_toolbox's FIGARO
/// extractor read it):
/// - header: `rowLabels`, then one column per region x industry (`AT_A01`: area, underscore, code; region-major,
///   the same codes in the same order in every region), then final demand per region (`AT_P3_S13`, `AT_P3_S14`,
///   `AT_P3_S15`, `AT_P51G`, `AT_P5M`); no total column;
/// - rows: one per region x industry, in the columns' order; then the value-added and tax rows of area `W2`
///   (`W2_D21X31`, `W2_OP_RES`, `W2_OP_NRES`, `W2_D1`, `W2_D29X39`, `W2_B2A3G`); no output row.
///
/// Gross output is not written in the file: it is each industry column's total, the intermediate inputs (rows in
/// file order) plus the `W2` rows (in file order). Row sums (intermediate use plus final demand) give the same in a
/// balanced table; the difference is reported as the row balance.
///
/// Errors name file, line and column, and say which part differs from the layout: a first header cell other than
/// `rowLabels`, a label without area and code, a region whose codes differ from the first region's, an industry
/// column after final demand, a row out of the columns' order, a missing `W2` block, ragged rows, bad numbers.
public enum FIGAROMatrixReader {
    /// Eurostat's final-demand codes (ESA 2010), in FIGARO's column order.
    public static let finalDemandCodes = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
    /// The area of the value-added and tax rows.
    public static let valueAddedArea = "W2"
    /// The value-added and tax rows, in FIGARO's order.
    public static let valueAddedCodes = ["D21X31", "OP_RES", "OP_NRES", "D1", "D29X39", "B2A3G"]
    /// The first header cell of the matrix layout.
    public static let firstHeaderCell = "rowLabels"

    /// Splits `AT_A01` into (`AT`, `A01`) at the first underscore; nil without one or with an empty part.
    static func split(_ label: String) -> (area: String, code: String)? {
        guard let us = label.firstIndex(of: "_") else { return nil }
        let area = String(label[..<us]), code = String(label[label.index(after: us)...])
        return area.isEmpty || code.isEmpty ? nil : (area, code)
    }

    /// The layout of a header row (its fields), or an error naming the field that differs from the matrix layout.
    public static func layout(header names: [String], path: String) throws -> (layout: FIGAROMatrixLayout, industryColumns: Int) {
        guard let first = names.first, first == firstHeaderCell else {
            throw InputError(file: path, line: 1, column: 1, "expected '\(firstHeaderCell)' as the first header cell of a FIGARO matrix file, "
                             + "found '\(inputExcerpt(names.first ?? ""))'")
        }
        var regions: [String] = [], codes: [String] = [], finalDemand: [String] = []
        var regionIndex: [String: Int] = [:]
        var industryColumns = 0
        var seenFinalDemand = false
        var finalDemandSeen = Set<String>()
        let fd = Set(finalDemandCodes)
        for k in 1..<names.count {
            guard let (area, code) = split(names[k]) else {
                throw InputError(file: path, line: 1, column: k + 1, "column label '\(inputExcerpt(names[k]))' is not AREA_CODE "
                                 + "(an area, an underscore and a code, as FIGARO's AT_A01 or AT_P3_S14)")
            }
            if fd.contains(code) {
                seenFinalDemand = true
                guard regionIndex[area] != nil else {
                    throw InputError(file: path, line: 1, column: k + 1, "final-demand column '\(names[k])' names area \(area), which has no industry columns")
                }
                guard finalDemandSeen.insert(names[k]).inserted else {
                    throw InputError(file: path, line: 1, column: k + 1, "final-demand column '\(names[k])' appears twice")
                }
                if area == regions[0] { finalDemand.append(code) }
                continue
            }
            if seenFinalDemand {
                throw InputError(file: path, line: 1, column: k + 1, "industry column '\(names[k])' after the final-demand columns: "
                                 + "the matrix layout puts every region x industry column first, then final demand "
                                 + "(\(finalDemandCodes.joined(separator: ", ")) per region)")
            }
            if regions.isEmpty || regions[regions.count - 1] != area {
                if regionIndex[area] != nil {
                    throw InputError(file: path, line: 1, column: k + 1, "columns of region \(area) resume at '\(names[k])' after other regions: "
                                     + "the matrix layout lists each region's industries together")
                }
                if regions.count >= 1 {
                    let have = industryColumns - (regions.count - 1) * codes.count
                    if have != codes.count {
                        throw InputError(file: path, line: 1, column: k + 1, "region \(regions[regions.count - 1]) has \(have) industry columns, "
                                         + "the first region \(regions[0]) has \(codes.count): every region lists the same codes")
                    }
                }
                regionIndex[area] = regions.count
                regions.append(area)
            }
            if regions.count == 1 {
                if codes.contains(code) {
                    throw InputError(file: path, line: 1, column: k + 1, "column '\(names[k])' appears twice")
                }
                codes.append(code)
            } else {
                let pos = industryColumns - (regions.count - 1) * codes.count
                guard pos < codes.count, codes[pos] == code else {
                    let expected = pos < codes.count ? "\(area)_\(codes[pos])" : "no more columns of \(area) (it has \(codes.count) codes)"
                    throw InputError(file: path, line: 1, column: k + 1, "column '\(names[k])' where the codes of \(regions[0]) in order "
                                     + "give \(expected): every region lists the same codes in the same order")
                }
            }
            industryColumns += 1
        }
        guard industryColumns > 0 else {
            throw InputError(file: path, line: 1, column: 2, "no region x industry columns after '\(firstHeaderCell)'")
        }
        if industryColumns != regions.count * codes.count {
            throw InputError(file: path, line: 1, column: industryColumns + 1, "region \(regions[regions.count - 1]) has "
                             + "\(industryColumns - (regions.count - 1) * codes.count) industry columns, the first region \(regions[0]) has "
                             + "\(codes.count): every region lists the same codes")
        }
        let isPxP = codes.allSatisfy { $0.hasPrefix("CPA_") }
        return (FIGAROMatrixLayout(isProductByProduct: isPxP, regions: regions, codes: codes, finalDemand: finalDemand, valueAddedRows: 0),
                industryColumns)
    }

    /// Reads one table (one year, from the file name unless `year` is given).
    public static func read(path: String, year: Int? = nil) throws -> (MultiRegionalUse, ValidationReport, FIGAROMatrixLayout) {
        let reader = try CSVReader(path: path)
        var layout: FIGAROMatrixLayout?
        var names: [String] = []
        var n = 0, width = 0
        var flows: [Double] = []
        var columnTotals: [Double] = []
        var rowSums: [Double] = []   // intermediate use plus final demand of each industry row
        var rowLines: [Int] = []
        var valueAddedRows = 0
        var industryRows = 0
        var lastLine = 1
        var magnitudes = TableMagnitudes.Tally()
        let fileYear = year ?? TableLayout.figaro.yearInFileName(path)
        var report = ValidationReport(source: path, year: fileYear)
        try reader.forEachRow { row in
            guard let l = layout else {
                names = (0..<row.count).map { row.string($0) }
                let (found, columns) = try Self.layout(header: names, path: path)
                layout = found
                n = columns
                width = row.count
                flows = [Double](repeating: 0, count: n * n)
                columnTotals = [Double](repeating: 0, count: n)
                rowSums = [Double](repeating: 0, count: n)
                rowLines = [Int](repeating: 0, count: n)
                return
            }
            if row.isBlank { return }
            lastLine = row.line
            guard row.count == width else {
                throw row.error(column: min(row.count, width) - 1, "ragged row: expected \(width) fields as in the header, found \(row.count)")
            }
            let label = row.string(0)
            guard let (area, _) = split(label) else {
                throw row.error(column: 0, "row label '\(inputExcerpt(label))' is not AREA_CODE (an area, an underscore and a code, as AT_A01 or W2_D1)")
            }
            if industryRows < n {
                // The industry block: rows in the columns' order (the layout indexes the matrix by position).
                let expected = names[industryRows + 1]
                guard label == expected else {
                    if area == valueAddedArea || !l.regions.contains(area) {
                        throw row.error(column: 0, "the industry rows end after \(industryRows) of \(n) at '\(inputExcerpt(label))': "
                                        + "expected a row for every column, '\(expected)' next")
                    }
                    throw row.error(column: 0, "row '\(inputExcerpt(label))' where the columns' order gives '\(expected)': the matrix layout "
                                    + "lists the rows in the order of the columns")
                }
                let r = industryRows
                var sum = 0.0
                for c in 0..<n {
                    let v = try row.double(c + 1)
                    flows[r * n + c] = v
                    columnTotals[c] += v
                    sum += v
                    magnitudes.add(v, line: row.line, column: c + 2, label: "\(label) -> \(names[c + 1])")
                    if v < 0 { report.noteNegative(row: label, column: names[c + 1], value: v, line: row.line, field: c + 2) }
                }
                for c in (n + 1)..<width {
                    let v = try row.double(c)
                    sum += v
                    magnitudes.add(v, line: row.line, column: c + 1, label: "\(label) -> \(names[c])")
                }
                rowSums[r] = sum
                rowLines[r] = row.line
                industryRows += 1
                return
            }
            guard !l.regions.contains(area) else {
                throw row.error(column: 0, "row '\(inputExcerpt(label))' after the \(n) industry rows: only the value-added and tax rows "
                                + "(\(valueAddedArea)_\(valueAddedCodes.joined(separator: ", \(valueAddedArea)_"))) follow them")
            }
            for c in 0..<n {
                let v = try row.double(c + 1)
                columnTotals[c] += v
                magnitudes.add(v, line: row.line, column: c + 2, label: "\(label) -> \(names[c + 1])")
            }
            for c in (n + 1)..<width { _ = try row.double(c) }
            valueAddedRows += 1
        }
        guard var found = layout else {
            throw InputError(file: path, line: 1, "the file is empty: expected a FIGARO matrix header (\(firstHeaderCell), AT_A01, ...)")
        }
        guard industryRows == n else {
            throw InputError(file: path, line: lastLine + 1,
                             "the matrix ends after \(industryRows) of its \(n) industry rows (one per column, '\(names[industryRows + 1])' next)")
        }
        guard valueAddedRows > 0 else {
            throw InputError(file: path, line: lastLine + 1, "no value-added rows after the \(n) industry rows: the matrix layout ends with "
                             + "\(valueAddedArea)_\(valueAddedCodes.joined(separator: ", \(valueAddedArea)_")), whose column totals give each "
                             + "industry's output (the file has no output row)")
        }
        if magnitudes.exceeded { throw magnitudes.error(file: path, what: "the table's cells") }
        found.valueAddedRows = valueAddedRows
        for r in 0..<n { report.noteBalance(row: names[r + 1], line: rowLines[r], gap: rowSums[r] - columnTotals[r], output: columnTotals[r]) }
        let use = try MultiRegionalUse(year: fileYear, regions: found.regions, products: found.codes, industries: found.codes,
                                       flows: flows, output: columnTotals, source: path)
        return (use, report, found)
    }
}
