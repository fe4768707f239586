import DataIO

/// The column structure of a WIOD-style table, read from its header row:
/// a corner cell, the intermediate block `REGION_INDUSTRY` (region-major, the same industries in the same
/// order for every region), the final-demand block `REGION_CATEGORY` (the same regions in the same order, the
/// same categories for each), then `OUT`.
struct WIODHeader {
    var regions: [String] = []
    var industries: [String] = []
    var categories: [String] = []
    /// Number of fields in the header (and in every data row).
    var fieldCount: Int = 0
    /// Labels of the intermediate columns, `REGION_INDUSTRY`, in order.
    var labels: [String] = []

    var size: Int { regions.count * industries.count }
    var finalColumns: Int { regions.count * categories.count }

    /// Parses the header row; every problem names the file, line and column.
    init(row: borrowing CSVRow) throws {
        let count = row.count
        fieldCount = count
        guard count >= 3 else {
            let hint = delimiterHint(header: (0..<count).map { row.string($0) })
            throw row.error("expected a header row: a corner cell, REGION_INDUSTRY columns, final-demand columns and OUT; found \(count) field(s)" + hint)
        }
        guard row.string(count - 1) == "OUT" else {
            throw row.error(column: count - 1, "expected the last header column to be OUT (gross output), found '\(row.string(count - 1))'")
        }
        // Duplicate labels, anywhere in the header.
        var firstColumn: [String: Int] = [:]
        var split: [(region: String, code: String)] = []
        split.reserveCapacity(count)
        for i in 1..<(count - 1) {
            let label = row.string(i)
            if let f = firstColumn[label] {
                throw row.error(column: i, "duplicate column label '\(label)' (first at column \(f + 1))")
            }
            firstColumn[label] = i
            guard let us = label.firstIndex(of: "_"), us != label.startIndex, label.index(after: us) != label.endIndex else {
                throw row.error(column: i, "expected a column label REGION_CODE (e.g. BEL_c12 or BEL_GFCF), found '\(label)'")
            }
            split.append((String(label[..<us]), String(label[label.index(after: us)...])))
        }
        // Intermediate block: runs of regions until a region seen before comes back.
        var k = 0
        var seen = Set<String>()
        while k < split.count {
            let region = split[k].region
            if seen.contains(region) { break }
            seen.insert(region)
            var codes: [String] = []
            let runStart = k
            while k < split.count && split[k].region == region {
                codes.append(split[k].code)
                k += 1
            }
            if regions.isEmpty {
                industries = codes
            } else if codes != industries {
                let bad = (0..<min(codes.count, industries.count)).first { codes[$0] != industries[$0] } ?? min(codes.count, industries.count)
                let col = runStart + bad + 1
                let expected = bad < industries.count ? "\(region)_\(industries[bad])" : "a label of another region"
                throw row.error(column: col, "expected '\(expected)': every region must list the industries "
                                + "\(industries.first ?? "")..\(industries.last ?? "") in the same order")
            }
            regions.append(region)
        }
        labels = regions.flatMap { r in industries.map { r + "_" + $0 } }
        // Final-demand block.
        let finalStart = k
        var r = 0
        while k < split.count {
            let region = split[k].region
            guard r < regions.count, region == regions[r] else {
                let expected = r < regions.count ? "a final-demand column of region \(regions[r])" : "OUT after the last region's final demand"
                throw row.error(column: k + 1, "expected \(expected) (final demand must list the regions in the order of the intermediate block), found '\(region)_\(split[k].code)'")
            }
            var codes: [String] = []
            let runStart = k
            while k < split.count && split[k].region == region {
                codes.append(split[k].code)
                k += 1
            }
            if r == 0 {
                categories = codes
            } else if codes != categories {
                let bad = (0..<min(codes.count, categories.count)).first { codes[$0] != categories[$0] } ?? min(codes.count, categories.count)
                throw row.error(column: runStart + bad + 1, "expected the final-demand categories "
                                + "\(categories.joined(separator: ", ")) for region \(region), in that order")
            }
            r += 1
        }
        if finalStart < split.count && r != regions.count {
            throw row.error(column: count - 1, "final demand covers \(r) of the \(regions.count) regions (missing \(regions[r]) and after)")
        }
    }
}
