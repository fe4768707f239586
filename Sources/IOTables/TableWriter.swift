import DataIO

/// Writes a multi-regional table (read from WIOD or any other format) in the other layouts `offshore` reads, so the
/// same numbers can be measured through every reader. Numbers are written so that they read back to the same
/// double (integers plainly, others in Swift's shortest round-trip form). Labels keep the table's own codes.
public enum TableWriter {
    /// WIOD final-demand categories and their OECD ICIO names.
    public static let icioCategory: [String: String] = ["CONS_h": "HFCE", "CONS_np": "NPISH", "CONS_g": "GGFC", "GFCF": "GFCF", "INVEN": "INVNT"]
    /// WIOD final-demand categories and their FIGARO (ESA 2010) codes.
    public static let figaroCategory: [String: String] = ["CONS_h": "P3_S14", "CONS_np": "P3_S15", "CONS_g": "P3_S13", "GFCF": "P51G", "INVEN": "P5M"]

    /// The OECD ICIO layout of the 2021 edition (`ICIOWriter`), the table's regions as they are (no split blocks).
    public static func icio(_ t: MRIOTable) throws -> [UInt8] { try ICIOWriter.write(t, edition: .icio2021) }

    /// The FIGARO flat layout `refArea,rowIi,counterpartArea,colIi,obsValue` (or `rowPi` for product rows), non-zero
    /// cells only (and the first cell of each row), with final demand under ESA codes and gross output as rows `P1`
    /// (written first).
    /// - Parameter productPrefix: nil for the industry-by-industry variant; a prefix (e.g. `CPA_`) to write the rows
    ///   as products coded apart from the industries (the product-by-industry variant).
    public static func figaro(_ t: MRIOTable, productPrefix: String? = nil) throws -> [UInt8] {
        let cats = try t.finalDemandCategories.map { c -> String in
            if let m = figaroCategory[c] { return m }
            throw InputError(file: t.source, key: c, "final-demand category \(c) has no FIGARO code (known: \(figaroCategory.keys.sorted().joined(separator: ", ")))")
        }
        let n = t.size, f = t.finalDemandColumns, nI = t.industries.count, nC = cats.count
        var out: [UInt8] = []
        out.append(contentsOf: (productPrefix == nil ? "refArea,rowIi,counterpartArea,colIi,obsValue\n" : "refArea,rowPi,counterpartArea,colIi,obsValue\n").utf8)
        let rowItems = t.industries.map { (productPrefix ?? "") + $0 }
        // Output rows first, so that the reader meets regions and industries in table order; and the first cell of
        // every row even when zero, so that it meets the products in order too (the reader orders by first appearance).
        for c in 0..<n {
            out.append(contentsOf: "\(t.regions[c / nI]),P1,\(t.regions[c / nI]),\(t.industries[c % nI]),".utf8)
            appendNumber(t.output[c], to: &out)
            out.append(10)
        }
        for r in 0..<n {
            let head = Array("\(t.regions[r / nI]),\(rowItems[r % nI]),".utf8)
            for c in 0..<n where c == 0 || t.intermediate[r * n + c] != 0 {
                out.append(contentsOf: head)
                out.append(contentsOf: "\(t.regions[c / nI]),\(t.industries[c % nI]),".utf8)
                appendNumber(t.intermediate[r * n + c], to: &out)
                out.append(10)
            }
            for c in 0..<f where t.finalDemand[r * f + c] != 0 {
                out.append(contentsOf: head)
                out.append(contentsOf: "\(t.regions[c / nC]),\(cats[c % nC]),".utf8)
                appendNumber(t.finalDemand[r * f + c], to: &out)
                out.append(10)
            }
        }
        return out
    }

    /// The header of a tidy supply-use file.
    public static let sutHeader = "year,table,product,industry,value\n"
    /// The header of an origin-shares file written as import values.
    public static let sharesHeader = "year,product,partner,value\n"

    /// One year of `country`'s national supply-use table, tidy, without header (non-zero cells): `supply` (each
    /// industry's output of its own product, the tables being industry-by-industry), `use_total` (intermediate use
    /// from every region) and `use_imported` (from every other region), summed over regions in table order.
    public static func sut(_ t: MRIOTable, country: String, year: Int) throws -> [UInt8] {
        let use = try CountryUse(table: t, country: country)
        let nI = use.industries.count
        var out: [UInt8] = []
        let y = String(year)
        for (i, code) in use.industries.enumerated() where (use.output?[i] ?? 0) != 0 {
            out.append(contentsOf: "\(y),supply,\(code),\(code),".utf8)
            appendNumber(use.output?[i] ?? 0, to: &out)
            out.append(10)
        }
        for (name, m) in [("use_total", use.total), ("use_imported", use.importedTotal)] {
            for j in 0..<use.products.count {
                for i in 0..<nI where m[j * nI + i] != 0 {
                    out.append(contentsOf: "\(y),\(name),\(use.products[j]),\(use.industries[i]),".utf8)
                    appendNumber(m[j * nI + i], to: &out)
                    out.append(10)
                }
            }
        }
        return out
    }

    /// Origin "shares" of `country`'s imports as import values by partner (no header): for each product, its
    /// intermediate imports from each foreign region summed over the country's using industries. The tool normalises
    /// them per product, which gives the shares the proportional method needs.
    public static func originValues(_ t: MRIOTable, country: String, year: Int) throws -> [UInt8] {
        let values = try importValuesByPartner(t, country: country)
        var out: [UInt8] = []
        for (j, p) in t.industries.enumerated() {
            for (r, region) in t.regions.enumerated() where values[r][j] != 0 {
                out.append(contentsOf: "\(year),\(p),\(region),".utf8)
                appendNumber(values[r][j], to: &out)
                out.append(10)
            }
        }
        return out
    }

    /// `values[r][j]`: intermediate imports of product `j` by `country` from region `r` (zero for the country itself),
    /// summed over its using industries.
    public static func importValuesByPartner(_ t: MRIOTable, country: String) throws -> [[Double]] {
        let use = try CountryUse(table: t, country: country)
        let nI = use.industries.count, nP = use.products.count
        return (0..<use.regions.count).map { r in
            (0..<nP).map { j in (0..<nI).reduce(0.0) { $0 + use.imported[(r * nP + j) * nI + $1] } }
        }
    }

    /// Appends `v` so that it parses back to the same double: integers without a decimal point, others in the
    /// shortest round-trip form.
    public static func appendNumber(_ v: Double, to out: inout [UInt8]) {
        if v == 0 { out.append(48); return }
        if v == v.rounded(), abs(v) < 1e15 {
            var x = Int64(v)
            if x < 0 { out.append(45); x = -x }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var k = 0
            withUnsafeMutableBytes(of: &digits) { d in
                while x > 0 { d[k] = UInt8(48 + x % 10); x /= 10; k += 1 }
                while k > 0 { k -= 1; out.append(d[k]) }
            }
            return
        }
        out.append(contentsOf: "\(v)".utf8)
    }
}
