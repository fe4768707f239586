import DataIO

/// The layout of an OECD Inter-Country Input-Output table as its header row shows it, and the edition it matches.
///
/// What the editions share (OECD ICIO ReadMe files; read the same way by pymrio's `parse_oecd` and exvatools'
/// `extract_icio`): a corner cell (`V1`, or empty), intermediate columns `CCC_IND` for every region block, the
/// countries first in the edition's own order (ROW last), then the split blocks of China and Mexico (`CN1`, `CN2`...,
/// `MX1`, `MX2`..., industry columns only); final demand for the countries only; a total column (`OUT` or `TOTAL`).
/// The rows repeat the intermediate labels in the same order, then trailing rows (`TLS`, `VA`, `OUT`/`OUTPUT`, or
/// `TAXSUB`/`VALU` in older files).
///
/// Where they differ, each told from the header (nothing here lists an edition's countries):
/// - 2018, 2021, 2023: final demand country-major, `CCC_HFCE, CCC_NPISH, CCC_GGFC, CCC_GFCF, CCC_INVNT` and
///   `CCC_DIRPA` (2018, 2021) or `CCC_DPABR` (2023); 36 industries (2018) or 45 (2021, 2023).
/// - 2016: 34 ISIC rev. 3 industries, split blocks CN1-CN4 and MX1-MX3, final demand component-major
///   (`HFCE_AUS, HFCE_AUT, ...`), then a discrepancy column (a label without `_`, e.g. `DISC`) before the total.
///
/// The edition is the one the file name gives (`ICIO2021_1995.csv`), else the one the structure matches.
public struct ICIOLayout: Sendable {
    /// How the final-demand columns are ordered.
    public enum FinalDemandOrder: String, Sendable {
        /// `AUS_HFCE, AUS_NPISH, ..., AUT_HFCE, ...` (2018, 2021, 2023).
        case countryMajor = "country-major"
        /// `HFCE_AUS, HFCE_AUT, ..., NPISH_AUS, ...` (2016).
        case componentMajor = "component-major"
    }

    /// Final-demand category codes of the editions (and pymrio's final-demand pattern: NPS, INV, P33, DIRP).
    public static let finalDemandCodes: Set<String> = ["HFCE", "NPISH", "NPS", "GGFC", "GGCF", "GFCF", "INVNT", "INV", "DIRPA", "DPABR", "P33"]
    /// The countries of the split blocks: a block `CN<digit>` belongs to CHN, `MX<digit>` to MEX.
    public static let splitPrefixes: [String: String] = ["CN": "CHN", "MX": "MEX"]
    /// Total column names.
    public static let totalColumns: Set<String> = ["OUT", "TOTAL"]

    /// The edition, e.g. "2021", or nil when neither the file name nor the structure tells it.
    public internal(set) var edition: String?
    /// True when the edition comes from the file name.
    public internal(set) var editionFromFileName = false
    /// Region blocks in file order: countries, then split blocks.
    public internal(set) var blocks: [String] = []
    /// The countries (regions of the table read).
    public internal(set) var regions: [String] = []
    /// Industry codes, the same in every block.
    public internal(set) var industries: [String] = []
    /// Final-demand categories in file order.
    public internal(set) var categories: [String] = []
    /// Split blocks and their countries, in file order.
    public internal(set) var splits: [(block: String, country: String)] = []
    /// Final-demand order.
    public internal(set) var order: FinalDemandOrder = .countryMajor
    /// Discrepancy column labels (2016: one), read and not counted as final demand.
    public internal(set) var discrepancies: [String] = []
    /// The total column's name.
    public internal(set) var totalName = "OUT"
    /// Fields in every row.
    public internal(set) var fieldCount = 0

    /// Row labels of the table rows, in order (every block's industries).
    var rawLabels: [String] = []
    /// Raw intermediate index -> merged index.
    var target: [Int] = []
    /// Raw final-demand (and discrepancy) column -> merged final-demand column, or -1 for a discrepancy column.
    var finalTarget: [Int] = []
    /// 0-based field of each block's first intermediate column.
    var firstField: [Int] = []
    /// 0-based field of the first final-demand (or discrepancy) column.
    var finalField = 0

    var rawSize: Int { rawLabels.count }
    var rawFinal: Int { finalTarget.count }
    var size: Int { regions.count * industries.count }
    var finalColumns: Int { regions.count * categories.count }

    /// The edition a file name gives: `ICIO2021_1995.csv` -> "2021"; nil when the name does not start `ICIO<4 digits>_`.
    public static func editionInFileName(_ path: String) -> String? {
        let b = Array(AtomicFile.baseName(of: path).utf8)
        guard b.count >= 9, b[0] | 0x20 == 0x69, b[1] | 0x20 == 0x63, b[2] | 0x20 == 0x69, b[3] | 0x20 == 0x6F,
              b[4...7].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), b[8] == 0x5F else { return nil }
        return String(decoding: b[4...7], as: UTF8.self)
    }

    /// Parses and checks the header row. `path` gives the file name's edition, if any.
    init(header row: borrowing CSVRow, path: String) throws {
        fieldCount = row.count
        if let e = Self.editionInFileName(path) { edition = e; editionFromFileName = true }
        guard fieldCount >= 3 else {
            throw row.error(column: max(fieldCount - 1, 0), "expected an OECD ICIO header: a corner cell, CCC_IND columns, final-demand columns and OUT or TOTAL; found \(fieldCount) field(s)")
        }
        let last = row.string(fieldCount - 1)
        guard Self.totalColumns.contains(last) else {
            throw row.error(column: fieldCount - 1, "expected the last header column to be the total, OUT or TOTAL (OECD ICIO), found '\(inputExcerpt(last))'")
        }
        totalName = last
        // Split every label at its first underscore.
        var seen: [String: Int] = [:]
        var parts: [(a: String, b: String, field: Int)] = []
        var k = 1
        while k < fieldCount - 1 {
            let label = row.string(k)
            if let f = seen[label] { throw row.error(column: k, "duplicate column label '\(inputExcerpt(label))' (first at column \(f + 1))") }
            seen[label] = k
            if let us = label.firstIndex(of: "_"), us != label.startIndex, label.index(after: us) != label.endIndex {
                parts.append((String(label[..<us]), String(label[label.index(after: us)...]), k))
            } else {
                parts.append((label, "", k))
            }
            k += 1
        }
        // Intermediate block: up to the first label with a final-demand code on either side (or without an underscore).
        let isFinal = { (p: (a: String, b: String, field: Int)) in
            p.b.isEmpty || Self.finalDemandCodes.contains(p.a) || Self.finalDemandCodes.contains(p.b)
        }
        let finalStart = parts.firstIndex(where: isFinal) ?? parts.count
        var i = 0
        while i < finalStart {
            let block = parts[i].a
            if blocks.contains(block) {
                throw row.error(column: parts[i].field, "region \(block) comes back after other regions: each region's industries must be contiguous")
            }
            var codes: [String] = []
            let start = i
            while i < finalStart && parts[i].a == block { codes.append(parts[i].b); i += 1 }
            if blocks.isEmpty {
                industries = codes
            } else if codes != industries {
                let bad = (0..<min(codes.count, industries.count)).first { codes[$0] != industries[$0] } ?? min(codes.count, industries.count)
                let expected = bad < industries.count ? "\(block)_\(industries[bad])" : "a label of another region"
                throw row.error(column: parts[min(start + bad, finalStart - 1)].field,
                                "expected '\(expected)': every region must list the industries \(industries.first ?? "")..\(industries.last ?? "") in the same order")
            }
            blocks.append(block)
            firstField.append(parts[start].field)
        }
        guard !blocks.isEmpty else { throw row.error(column: 1, "no intermediate CCC_IND columns before the final demand") }
        // Split blocks: CN<digits>, MX<digits>; each needs its country.
        var countryOf: [String: String] = [:]
        for (b, block) in blocks.enumerated() {
            guard let country = Self.splitCountry(block) else { continue }
            guard blocks.contains(country) else {
                throw row.error(column: firstField[b], "split block \(block) has no country \(country): the OECD publishes \(country) as a block of its own "
                                + "(zero or not) with its split blocks after ROW, and the parts are added into it")
            }
            countryOf[block] = country
            splits.append((block, country))
        }
        regions = blocks.filter { countryOf[$0] == nil }
        if let firstSplit = blocks.firstIndex(where: { countryOf[$0] != nil }),
           let country = blocks[firstSplit...].first(where: { countryOf[$0] == nil }) {
            let b = blocks.firstIndex(of: country) ?? firstSplit
            throw row.error(column: firstField[b], "country block \(country) after the split blocks (\(blocks[firstSplit])): the OECD puts the split blocks last, after ROW")
        }
        let n = industries.count
        let merged = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        for block in blocks {
            let r = merged[countryOf[block] ?? block] ?? 0
            for (j, code) in industries.enumerated() {
                rawLabels.append(block + "_" + code)
                target.append(r * n + j)
            }
        }
        // Final demand: country-major or component-major, then discrepancy columns.
        var fdEnd = parts[finalStart...].firstIndex { $0.b.isEmpty } ?? parts.count
        for p in parts[fdEnd...] where !p.b.isEmpty {
            throw row.error(column: p.field, "final-demand column '\(p.a)_\(p.b)' after the discrepancy column '\(parts[fdEnd].a)': "
                            + "the discrepancy column comes last, before \(totalName)")
        }
        discrepancies = parts[fdEnd...].map(\.a)
        if finalStart < fdEnd {
            let first = parts[finalStart]
            order = Self.finalDemandCodes.contains(first.a) && !Self.finalDemandCodes.contains(first.b) ? .componentMajor : .countryMajor
            var finalRegion: [Int] = [], finalCategory: [Int] = []
            // Groups of the outer key (country or category), each listing the inner keys.
            var outer: [String] = []
            var innerFirst: [String] = []
            var j = finalStart
            while j < fdEnd {
                // The outer key is the label's first part in both orders (the region, or the component).
                let key = parts[j].a
                let start = j
                var inner: [String] = []
                while j < fdEnd && parts[j].a == key {
                    inner.append(parts[j].b)
                    j += 1
                }
                if outer.contains(key) {
                    throw row.error(column: parts[start].field, "final-demand \(order == .countryMajor ? "region" : "component") \(key) comes back after others: "
                                    + "final demand is \(order.rawValue) (\(Self.example(order)))")
                }
                if outer.isEmpty {
                    innerFirst = inner
                } else if inner != innerFirst {
                    let bad = (0..<min(inner.count, innerFirst.count)).first { inner[$0] != innerFirst[$0] } ?? min(inner.count, innerFirst.count)
                    throw row.error(column: parts[min(start + bad, fdEnd - 1)].field,
                                    "expected the \(order == .countryMajor ? "final-demand components" : "regions") \(inputExcerptList(innerFirst, maximumNames: 8)) for \(key), in that order "
                                    + "(final demand is \(order.rawValue): \(Self.example(order)))")
                }
                outer.append(key)
            }
            let fdRegions = order == .countryMajor ? outer : innerFirst
            categories = order == .countryMajor ? innerFirst : outer
            // Every category a known component (catches a component-major file whose first label looks country-major).
            if let c = categories.first(where: { !Self.finalDemandCodes.contains($0) }) {
                let f = parts[finalStart...].first { ($0.a == c || $0.b == c) }?.field ?? parts[finalStart].field
                throw row.error(column: f, "'\(inputExcerpt(c))' is not an OECD final-demand component (HFCE, NPISH, GGFC, GFCF, INVNT, DIRPA or DPABR); "
                                + "final demand read as \(order.rawValue) (\(Self.example(order)))")
            }
            if let s = fdRegions.first(where: { countryOf[$0] != nil }) {
                let f = parts[finalStart...].first { ($0.a == s || $0.b == s) }?.field ?? parts[finalStart].field
                throw row.error(column: f, "final demand has columns for split block \(s): the OECD gives final demand for the countries only "
                                + "(\(countryOf[s] ?? "") holds it)")
            }
            if let u = fdRegions.first(where: { merged[$0] == nil }) {
                let f = parts[finalStart...].first { ($0.a == u || $0.b == u) }?.field ?? parts[finalStart].field
                throw row.error(column: f, "final demand for \(inputExcerpt(u)), which has no intermediate columns (regions: \(inputExcerptList(regions, maximumNames: 8)))")
            }
            guard fdRegions == regions else {
                let missing = regions.filter { !fdRegions.contains($0) }
                if !missing.isEmpty {
                    throw row.error(column: parts[fdEnd - 1].field, "final demand covers \(fdRegions.count) of the \(regions.count) countries (missing \(inputExcerptList(missing, maximumNames: 8)))")
                }
                let bad = (0..<regions.count).first { regions[$0] != fdRegions[$0] } ?? 0
                throw row.error(column: parts[finalStart].field, "final demand lists the countries in another order than the intermediate columns "
                                + "(\(fdRegions[bad]) where \(regions[bad]) was expected)")
            }
            for p in parts[finalStart..<fdEnd] {
                let (region, cat) = order == .countryMajor ? (p.a, p.b) : (p.b, p.a)
                finalRegion.append(merged[region] ?? 0)
                finalCategory.append(categories.firstIndex(of: cat) ?? 0)
            }
            finalTarget = zip(finalRegion, finalCategory).map { $0 * categories.count + $1 }
        } else {
            fdEnd = finalStart
        }
        finalTarget += [Int](repeating: -1, count: discrepancies.count)
        finalField = finalStart < parts.count ? parts[finalStart].field : fieldCount - 1
        try checkEdition(row)
    }

    /// The country of a split block (`CN1` -> CHN, `MX3` -> MEX), nil for another code.
    static func splitCountry(_ block: String) -> String? {
        guard block.count >= 3, let country = splitPrefixes[String(block.prefix(2))],
              block.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return country
    }

    static func example(_ order: FinalDemandOrder) -> String {
        order == .countryMajor ? "AUS_HFCE, AUS_NPISH, ..." : "HFCE_AUS, HFCE_AUT, ..."
    }

    /// The edition the structure matches, when the file name gives none; the checks that the named edition's
    /// structure is there, when it does.
    private mutating func checkEdition(_ row: borrowing CSVRow) throws {
        let inferred: String?
        if order == .componentMajor {
            inferred = "2016"
        } else if categories.contains("DPABR") {
            inferred = "2023"
        } else if industries.count == 36 {
            inferred = "2018"
        } else if industries.count == 45 {
            inferred = "2021"
        } else {
            inferred = nil
        }
        guard editionFromFileName, let e = edition else { edition = inferred; return }
        let looks = "looks like ICIO \(e) (its file name)"
        let componentMajorEdition = e == "2016"
        if !categories.isEmpty && componentMajorEdition != (order == .componentMajor) {
            throw row.error(column: finalField,
                            "\(looks) but final demand is \(order.rawValue) (\(Self.example(order))); the \(e) edition writes it "
                            + "\(componentMajorEdition ? "component-major (HFCE_AUS, HFCE_AUT, ...)" : "country-major (AUS_HFCE, AUS_NPISH, ...)")")
        }
        if componentMajorEdition && discrepancies.isEmpty {
            throw row.error(column: fieldCount - 1, "\(looks) but has no discrepancy column before \(totalName): the 2016 edition ends its final demand with one (DISC)")
        }
        if !componentMajorEdition, let d = discrepancies.first {
            throw row.error(column: fieldCount - 1 - discrepancies.count, "\(looks) but has a discrepancy column '\(inputExcerpt(d))': only the 2016 edition has one")
        }
    }

    /// One line saying what was read, e.g. "OECD ICIO 2021 edition (file name): 67 countries x 45 industries, split
    /// blocks MX1 MX2 CN1 CN2 added into MEX CHN, final demand 67 x 6 country-major, total column OUT".
    public var summary: String {
        var s = "OECD ICIO " + (edition.map { "\($0) edition" + (editionFromFileName ? " (file name)" : " (structure)") } ?? "table (edition not told)")
        s += ": \(regions.count) countries x \(industries.count) industries"
        if !splits.isEmpty {
            var countries: [String] = []
            for (_, c) in splits where !countries.contains(c) { countries.append(c) }
            s += ", split blocks \(splits.map(\.block).joined(separator: " ")) added into \(countries.joined(separator: " "))"
        }
        s += categories.isEmpty ? ", no final demand" : ", final demand \(regions.count) x \(categories.count) \(order.rawValue)"
        if !discrepancies.isEmpty { s += ", discrepancy column \(discrepancies.joined(separator: " ")) (not final demand)" }
        return s + ", total column \(totalName)"
    }
}
