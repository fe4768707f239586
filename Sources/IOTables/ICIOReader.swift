import DataIO

/// Reads OECD Inter-Country Input-Output tables (wide CSV, one year per file, plain or gzip).
///
/// Layout: a header row with a corner cell, the intermediate columns `CCC_INDUSTRY` (e.g. `BEL_C10T12`; region-major,
/// the same industries in the same order for every region), the final-demand columns `CCC_HFCE`, `CCC_NPISH`,
/// `CCC_GGFC`, `CCC_GFCF`, `CCC_INVNT`, `CCC_DPABR` (the same categories for every region, regions in the order of
/// the intermediate block), then `OUT`; one row per intermediate column label, in the same order; then the trailing
/// rows `TLS` (taxes less subsidies), `VA` (value added) and `OUT` (output), each at most once, which are checked
/// for shape and otherwise not used (gross output is the `OUT` column).
///
/// Split regions: China and Mexico are published in two parts each (`CN1`/`CN2`, `MX1`/`MX2`: processing trade and the
/// rest). Their rows and columns are summed into `CHN` and `MEX`. Both parts must be present; when the country also
/// appears under its own code, its cells must all be zero (otherwise the table would count it twice).
///
/// The file is streamed: each data row is parsed (by the same one-pass parser as WIOD rows) into a row-sized
/// scratch buffer and added into the table, so memory is the parsed numbers plus one row.
public enum ICIOReader {
    /// The split regions and the country each part belongs to.
    public static let splitRegions: [String: String] = ["CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"]

    /// The trailing rows that may follow the table's rows.
    public static let trailingRows: Set<String> = ["TLS", "VA", "OUT"]

    /// Reads and validates one table. Throws `InputError` naming file, line and column for a malformed header,
    /// duplicate labels, an unknown or out-of-order row label, a ragged row, a non-numeric cell, missing rows, an
    /// incomplete or inconsistent split region.
    /// - Parameter year: the table's year; by default the last 4-digit number of the file name.
    public static func read(path: String, year: Int? = nil) throws -> (MRIOTable, ValidationReport) {
        let year = year ?? TableLayout.icio.yearInFileName(path)
        let reader = try CSVReader(path: path)
        var layout: Layout?
        var z: [Double] = [], y: [Double] = [], out: [Double] = []
        var scratchZ: [Double] = [], scratchY: [Double] = []
        var report = ValidationReport(source: path, year: year)
        var rowIndex = 0
        var trailingSeen: [String: Int] = [:]
        var lastLine = 0
        var nonzeroRow: [Bool] = [], nonzeroColumn: [Bool] = []
        var magnitudes = TableMagnitudes.Tally()

        try reader.forEachRow { row in
            lastLine = row.line
            guard let h = layout else {
                let h = try Layout(header: row)
                layout = h
                z = [Double](repeating: 0, count: h.size * h.size)
                y = [Double](repeating: 0, count: h.size * h.finalColumns)
                out = [Double](repeating: 0, count: h.size)
                scratchZ = [Double](repeating: 0, count: h.rawSize)
                scratchY = [Double](repeating: 0, count: h.rawFinal)
                nonzeroRow = [Bool](repeating: false, count: h.rawRegions.count)
                nonzeroColumn = nonzeroRow
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
                    if trailingRows.contains(label) {
                        throw row.error(column: 0, "trailing row \(label) after \(rowIndex) of the \(h.rawSize) table rows (next expected: \(h.rawLabels[rowIndex]))")
                    }
                    if h.rawLabels.contains(label) {
                        throw row.error(column: 0, "expected row label '\(h.rawLabels[rowIndex])' (rows follow the order of the header's intermediate columns), found '\(label)'")
                    }
                    throw row.error(column: 0, "unknown row label '\(label)': expected '\(h.rawLabels[rowIndex])' (a REGION_INDUSTRY label of the header)")
                }
                let (sum, o, negatives, largest) = try scratchZ.withUnsafeMutableBufferPointer { sz in
                    try scratchY.withUnsafeMutableBufferPointer { sy in
                        try WIODRowParser.parse(row, n: h.rawSize, f: h.rawFinal, z: sz, zOffset: 0, y: sy, yOffset: 0)
                    }
                }
                if largest > TableMagnitudes.fastPathBound {
                    // A row with a large number: its cells one by one (before split regions are merged).
                    for k in 0..<h.rawSize {
                        magnitudes.add(scratchZ[k], line: row.line, column: k + 2, label: label + " -> " + h.rawLabels[k])
                    }
                    for k in 0..<h.rawFinal { magnitudes.add(scratchY[k], line: row.line, column: h.rawSize + 2 + k, label: label) }
                    magnitudes.add(o, line: row.line, column: h.fieldCount, label: label + " -> OUT")
                } else {
                    magnitudes.addBound(Double(h.rawSize + h.rawFinal + 1) * largest)
                }
                let rawRegion = rowIndex / h.industries.count
                let target = h.target[rowIndex]
                let base = target * h.size
                for k in 0..<h.rawSize {
                    let v = scratchZ[k]
                    if v != 0 {
                        z[base + h.target[k]] += v
                        nonzeroRow[rawRegion] = true
                        nonzeroColumn[k / h.industries.count] = true
                    }
                }
                let fbase = target * h.finalColumns
                for k in 0..<h.rawFinal where scratchY[k] != 0 {
                    y[fbase + h.finalTarget[k]] += scratchY[k]
                    nonzeroRow[rawRegion] = true
                }
                out[target] += o
                if o != 0 { nonzeroRow[rawRegion] = true }
                if negatives > 0 {
                    for k in 0..<h.rawSize where scratchZ[k] < 0 {
                        report.noteNegative(row: label, column: h.rawLabels[k], value: scratchZ[k], line: row.line, field: k + 2)
                    }
                }
                report.noteBalance(row: label, line: row.line, gap: sum - o, output: o)
                rowIndex += 1
                return
            }
            guard trailingRows.contains(label) else {
                throw row.error(column: 0, "unknown row label '\(label)' after the \(h.rawSize) table rows: expected one of TLS, VA, OUT")
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
        // A split country must not also carry flows under its own code.
        for (r, code) in h.rawRegions.enumerated() where h.splitCountries.contains(code) && (nonzeroRow[r] || nonzeroColumn[r]) {
            let parts = splitRegions.filter { $0.value == code }.keys.sorted().joined(separator: "/")
            throw InputError(file: path, line: 1, column: h.firstColumn[r] + 1, key: code,
                             "split-region inconsistency: \(code) has non-zero flows and is also split into \(parts); "
                             + "expected either the country or its parts (or an all-zero \(code))")
        }
        let table = try MRIOTable(year: year, regions: h.regions, industries: h.industries, finalDemandCategories: h.categories,
                                  intermediate: z, finalDemand: y, output: out, source: path)
        return (table, report)
    }

    /// The header, and where each raw row or column goes once split regions are merged.
    struct Layout {
        var rawRegions: [String] = []
        var firstColumn: [Int] = []  // 0-based field of each raw region's first intermediate column
        var industries: [String] = []
        var categories: [String] = []
        var regions: [String] = []  // merged
        var rawLabels: [String] = []
        var target: [Int] = []  // raw intermediate index -> merged index
        var finalTarget: [Int] = []  // raw final-demand column -> merged final-demand column
        var splitCountries: Set<String> = []
        var fieldCount = 0
        var rawSize: Int { rawLabels.count }
        var rawFinal: Int { finalTarget.count }
        var size: Int { regions.count * industries.count }
        var finalColumns: Int { regions.count * categories.count }

        init(header row: borrowing CSVRow) throws {
            fieldCount = row.count
            guard fieldCount >= 3 else {
                throw row.error(column: max(fieldCount - 1, 0), "expected a header with a corner cell, REGION_INDUSTRY columns, final-demand columns and OUT; found \(fieldCount) field(s)")
            }
            guard row.string(fieldCount - 1) == "OUT" else {
                throw row.error(column: fieldCount - 1, "expected the last header column to be OUT (gross output), found '\(row.string(fieldCount - 1))'")
            }
            var seen: [String: Int] = [:]
            var parts: [(region: String, code: String, field: Int)] = []
            for k in 1..<(fieldCount - 1) {
                let label = row.string(k)
                if let f = seen[label] { throw row.error(column: k, "duplicate column label '\(label)' (first at column \(f + 1))") }
                seen[label] = k
                guard let us = label.firstIndex(of: "_"), us != label.startIndex, label.index(after: us) != label.endIndex else {
                    throw row.error(column: k, "expected a column label REGION_INDUSTRY or REGION_CATEGORY (e.g. BEL_C10T12 or BEL_HFCE), found '\(label)'")
                }
                parts.append((String(label[..<us]), String(label[label.index(after: us)...]), k))
            }
            // Intermediate block: up to the first final-demand column.
            let finalStart = parts.firstIndex { TableLayout.icioFinalDemand.contains($0.code) } ?? parts.count
            var k = 0
            while k < finalStart {
                let region = parts[k].region
                if rawRegions.contains(region) {
                    throw row.error(column: parts[k].field, "region \(region) comes back after other regions: each region's industries must be contiguous")
                }
                var codes: [String] = []
                let start = k
                while k < finalStart && parts[k].region == region { codes.append(parts[k].code); k += 1 }
                if rawRegions.isEmpty {
                    industries = codes
                } else if codes != industries {
                    let bad = (0..<min(codes.count, industries.count)).first { codes[$0] != industries[$0] } ?? min(codes.count, industries.count)
                    let expected = bad < industries.count ? "\(region)_\(industries[bad])" : "a label of another region"
                    throw row.error(column: parts[min(start + bad, finalStart - 1)].field,
                                    "expected '\(expected)': every region must list the industries \(industries.first ?? "")..\(industries.last ?? "") in the same order")
                }
                rawRegions.append(region)
                firstColumn.append(parts[start].field)
            }
            guard !rawRegions.isEmpty else { throw row.error(column: 1, "no intermediate REGION_INDUSTRY columns before the final demand") }
            // Merge split regions.
            var mergedIndex: [String: Int] = [:]
            var rawToMerged: [Int] = []
            for r in rawRegions {
                let code = ICIOReader.splitRegions[r] ?? r
                if mergedIndex[code] == nil { mergedIndex[code] = regions.count; regions.append(code) }
                rawToMerged.append(mergedIndex[code] ?? 0)
            }
            for (part, country) in ICIOReader.splitRegions where rawRegions.contains(part) {
                for other in ICIOReader.splitRegions.filter({ $0.value == country }).keys where !rawRegions.contains(other) {
                    let r = rawRegions.firstIndex(of: part) ?? 0
                    throw row.error(column: firstColumn[r], "split-region inconsistency: \(part) is present but \(other) is not; "
                                    + "\(country) is published in parts \(ICIOReader.splitRegions.filter { $0.value == country }.keys.sorted().joined(separator: " and ")), both are needed")
                }
                if rawRegions.contains(country) { splitCountries.insert(country) }
            }
            let n = industries.count
            for (r, region) in rawRegions.enumerated() {
                for (i, code) in industries.enumerated() {
                    rawLabels.append(region + "_" + code)
                    target.append(rawToMerged[r] * n + i)
                }
            }
            // Final-demand block.
            var r = 0
            var finalRegionMerged: [Int] = []
            var finalCategory: [Int] = []
            while k < parts.count {
                let region = parts[k].region
                guard r < rawRegions.count, region == rawRegions[r] else {
                    let expected = r < rawRegions.count ? "a final-demand column of region \(rawRegions[r])" : "OUT after the last region's final demand"
                    throw row.error(column: parts[k].field, "expected \(expected) (final demand lists the regions in the order of the intermediate block), found '\(region)_\(parts[k].code)'")
                }
                var codes: [String] = []
                let start = k
                while k < parts.count && parts[k].region == region { codes.append(parts[k].code); k += 1 }
                if r == 0 {
                    categories = codes
                } else if codes != categories {
                    let bad = (0..<min(codes.count, categories.count)).first { codes[$0] != categories[$0] } ?? min(codes.count, categories.count)
                    throw row.error(column: parts[min(start + bad, parts.count - 1)].field,
                                    "expected the final-demand categories \(categories.joined(separator: ", ")) for region \(region), in that order")
                }
                for c in codes.indices { finalRegionMerged.append(rawToMerged[r]); finalCategory.append(c) }
                r += 1
            }
            if finalStart < parts.count && r != rawRegions.count {
                throw row.error(column: fieldCount - 1, "final demand covers \(r) of the \(rawRegions.count) regions (missing \(rawRegions[r]) and after)")
            }
            let f = categories.count
            finalTarget = zip(finalRegionMerged, finalCategory).map { $0 * f + $1 }
        }
    }
}
