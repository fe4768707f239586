import DataIO

/// Writes a multi-regional table in the OECD ICIO layout of an edition, as the OECD distributes it (`ICIOLayout`
/// describes the editions; `ICIOReader` reads what this writes, and so do pymrio's `parse_oecd` and exvatools).
///
/// - 2021 (and 2023): header `V1`, `CCC_IND` for every country in table order, then the split blocks; final demand
///   for the countries only, country-major `CCC_HFCE, CCC_NPISH, CCC_GGFC, CCC_GFCF, CCC_INVNT, CCC_DIRPA`
///   (2023: `CCC_DPABR`); the total column `OUT`; trailing rows `TLS` (zero), `VA` (output less intermediate
///   inputs) and `OUT`.
/// - 2016: the same blocks, final demand component-major (`HFCE_AUS, HFCE_AUT, ...`), a discrepancy column `DISC`
///   (zero) and the total column `TOTAL`; trailing rows `TAXSUB`, `VALU`, `OUTPUT`.
///
/// Split blocks (`Split`) model the OECD's China and Mexico: the country keeps its place as a zero placeholder and
/// its parts follow ROW, each carrying a share of the country's rows and columns. With shares that are powers of two
/// in ascending order (1/2, 1/2; or 1/4, 1/4, 1/2; or 1/8, 1/8, 1/4, 1/2) every part is exact and the reader's sums
/// give the table back bit for bit: between two parts of the same country only a part's own block holds the flow,
/// and a part's flows to another split country go to that country's last part.
public enum ICIOWriter {
    /// An edition's layout choices.
    public enum Edition: String, CaseIterable, Sendable {
        /// 2016: component-major final demand, a discrepancy column, `TOTAL`.
        case icio2016 = "2016"
        /// 2021: country-major final demand ending `DIRPA`, `OUT`.
        case icio2021 = "2021"
        /// 2023: country-major final demand ending `DPABR`, `OUT`.
        case icio2023 = "2023"

        /// The six final-demand components in the edition's order.
        public var components: [String] {
            ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", self == .icio2023 ? "DPABR" : "DIRPA"]
        }
        /// The total column.
        public var totalColumn: String { self == .icio2016 ? "TOTAL" : "OUT" }
        /// The trailing rows: taxes less subsidies, value added, output.
        public var trailingRows: [String] { self == .icio2016 ? ["TAXSUB", "VALU", "OUTPUT"] : ["TLS", "VA", "OUT"] }
        /// The file name of a year: `ICIO2021_1995.csv`.
        public func fileName(year: Int) -> String { "ICIO\(rawValue)_\(year).csv" }
    }

    /// A country written as split blocks.
    public struct Split: Sendable {
        /// The country (a region of the table).
        public var country: String
        /// The blocks' codes (`CN1`, `CN2`).
        public var blocks: [String]
        /// Each block's share of the country's flows (summing to 1).
        public var shares: [Double]

        /// A split of `country` into `blocks` with `shares`.
        public init(country: String, blocks: [String], shares: [Double]) {
            self.country = country
            self.blocks = blocks
            self.shares = shares
        }

        /// The OECD's 2021 split blocks, halves: MX1, MX2 and CN1, CN2 (in that order, as in the files).
        public static let icio2021: [Split] = [Split(country: "MEX", blocks: ["MX1", "MX2"], shares: [0.5, 0.5]),
                                               Split(country: "CHN", blocks: ["CN1", "CN2"], shares: [0.5, 0.5])]
        /// The 2016 edition's split blocks MX1-MX3 and CN1-CN4, with exact power-of-two shares.
        public static let icio2016: [Split] = [Split(country: "MEX", blocks: ["MX1", "MX2", "MX3"], shares: [0.25, 0.25, 0.5]),
                                               Split(country: "CHN", blocks: ["CN1", "CN2", "CN3", "CN4"], shares: [0.125, 0.125, 0.25, 0.5])]
    }

    /// WIOD final-demand categories and their OECD ICIO names.
    public static let wiodCategories: [String: String] = ["CONS_h": "HFCE", "CONS_np": "NPISH", "CONS_g": "GGFC", "GFCF": "GFCF", "INVEN": "INVNT"]

    /// The table in `edition`'s layout, with `splits`.
    /// - Throws: `InputError` for a final-demand category with no ICIO name, two categories with the same one, or a
    ///   split of a country the table lacks (or shares that do not fit its blocks).
    public static func write(_ t: MRIOTable, edition: Edition = .icio2021, splits: [Split] = []) throws -> [UInt8] {
        let comps = edition.components
        // Each ICIO component's category column in the table, or nil (written as zero).
        var source = [Int?](repeating: nil, count: comps.count)
        for (c, cat) in t.finalDemandCategories.enumerated() {
            var code = wiodCategories[cat] ?? cat
            if code == "DIRPA" || code == "DPABR" { code = comps[5] }
            guard let k = comps.firstIndex(of: code) else {
                throw InputError(file: t.source, key: cat, "final-demand category \(cat) has no OECD ICIO name (known: "
                                 + "\(wiodCategories.keys.sorted().joined(separator: ", ")), or the ICIO codes \(comps.joined(separator: ", ")))")
            }
            if source[k] != nil { throw InputError(file: t.source, key: cat, "two final-demand categories are ICIO's \(code)") }
            source[k] = c
        }
        // Raw blocks: the table's regions (a split country as a zero placeholder), then the split blocks.
        var origin = Array(t.regions.indices), weight = [Double](repeating: 1, count: t.regions.count)
        var isSplit = [Bool](repeating: false, count: t.regions.count), isLast = isSplit
        var names = t.regions
        for s in splits {
            guard let r = t.regionIndex(s.country) else { throw InputError(file: t.source, key: s.country, "cannot split \(s.country): not a region of the table") }
            guard s.blocks.count == s.shares.count, !s.blocks.isEmpty else {
                throw InputError(file: t.source, key: s.country, "the split of \(s.country) needs one share per block")
            }
            weight[r] = 0
            for (k, b) in s.blocks.enumerated() {
                guard !names.contains(b) else { throw InputError(file: t.source, key: b, "split block \(b) is also a region of the table") }
                names.append(b); origin.append(r); weight.append(s.shares[k]); isSplit.append(true); isLast.append(k == s.blocks.count - 1)
            }
        }
        let nI = t.industries.count, n = t.size, nB = names.count, rawN = nB * nI
        let nR = t.regions.count, nC = t.finalDemandCategories.count, f = t.finalDemandColumns
        var out: [UInt8] = []
        out.reserveCapacity(rawN * (rawN + nR * comps.count) * 3)
        out.append(contentsOf: "V1".utf8)
        for b in names { for i in t.industries { out.append(44); out.append(contentsOf: "\(b)_\(i)".utf8) } }
        if edition == .icio2016 {
            for c in comps { for r in t.regions { out.append(44); out.append(contentsOf: "\(c)_\(r)".utf8) } }
            out.append(contentsOf: ",DISC".utf8)
        } else {
            for r in t.regions { for c in comps { out.append(44); out.append(contentsOf: "\(r)_\(c)".utf8) } }
        }
        out.append(44); out.append(contentsOf: edition.totalColumn.utf8); out.append(10)
        var columnSums = [Double](repeating: 0, count: rawN)
        var rawOutput = [Double](repeating: 0, count: rawN)
        var rowValues = [Double](repeating: 0, count: rawN)
        t.intermediate.withUnsafeBufferPointer { z in
            for rb in 0..<nB {
                for i in 0..<nI {
                    let row = origin[rb] * nI + i
                    let zrow = row * n
                    for sb in 0..<nB {
                        let factor: Double
                        if isSplit[rb] && isSplit[sb] {
                            factor = origin[rb] == origin[sb] ? (rb == sb ? weight[rb] : 0) : (isLast[sb] ? weight[rb] : 0)
                        } else {
                            factor = weight[rb] * weight[sb]
                        }
                        let zcol = zrow + origin[sb] * nI
                        for j in 0..<nI { rowValues[sb * nI + j] = factor == 0 ? 0 : z[zcol + j] * factor }
                    }
                    out.append(contentsOf: "\(names[rb])_\(t.industries[i])".utf8)
                    for k in 0..<rawN {
                        out.append(44); TableWriter.appendNumber(rowValues[k], to: &out)
                        columnSums[k] += rowValues[k]
                    }
                    let w = weight[rb]
                    func fd(_ r: Int, _ c: Int) -> Double {
                        guard let src = source[c], w != 0 else { return 0 }
                        return t.finalDemand[row * f + r * nC + src] * w
                    }
                    if edition == .icio2016 {
                        for c in comps.indices { for r in 0..<nR { out.append(44); TableWriter.appendNumber(fd(r, c), to: &out) } }
                        out.append(contentsOf: ",0".utf8)
                    } else {
                        for r in 0..<nR { for c in comps.indices { out.append(44); TableWriter.appendNumber(fd(r, c), to: &out) } }
                    }
                    let o = w == 0 ? 0 : t.output[row] * w
                    rawOutput[rb * nI + i] = o
                    out.append(44); TableWriter.appendNumber(o, to: &out); out.append(10)
                }
            }
        }
        let finals = nR * comps.count + (edition == .icio2016 ? 1 : 0)
        let trailing = edition.trailingRows
        for (k, label) in trailing.enumerated() {
            out.append(contentsOf: label.utf8)
            for c in 0..<rawN {
                out.append(44)
                TableWriter.appendNumber(k == 0 ? 0 : k == 1 ? rawOutput[c] - columnSums[c] : rawOutput[c], to: &out)
            }
            for _ in 0..<finals { out.append(contentsOf: ",0".utf8) }
            out.append(contentsOf: ",0\n".utf8)
        }
        return out
    }
}
