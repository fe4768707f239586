import DataIO

/// Writes a multi-regional table in Eurostat's FIGARO matrix layout (the layout `FIGAROMatrixReader` reads and
/// documents): header `rowLabels`, `AREA_CODE` columns region-major, then final demand per region in FIGARO's order
/// (`P3_S13`, `P3_S14`, `P3_S15`, `P51G`, `P5M`, those the table has); one row per region x industry in the columns'
/// order; then the six `W2` rows (`D21X31`, `OP_RES`, `OP_NRES`, `D1`, `D29X39`, `B2A3G`).
///
/// FIGARO files carry no output: the reader takes each industry column's total. So that it reads back the table's
/// own output, the writer puts output less the column's intermediate inputs (summed in row order, as the reader
/// sums) into `W2_B2A3G` and zeros into the other `W2` rows and into their final-demand cells. With integer tables
/// (the bundled WIOD ones) this is exact; otherwise the read-back output may differ in its last bits.
public enum FIGAROWriter {
    /// The file name Eurostat gives a year's matrix: `matrix_eu-ic-io_ind-by-ind_<year>.csv`, or `prod-by-prod`.
    public static func fileName(year: Int, productByProduct: Bool) -> String {
        "matrix_eu-ic-io_\(productByProduct ? "prod-by-prod" : "ind-by-ind")_\(year).csv"
    }

    /// The matrix file of `t`.
    /// - Parameter productPrefix: nil for the industry-by-industry variant (codes as the table writes them); a prefix
    ///   (Eurostat's `CPA_`) for the product-by-product variant, rows and columns coded `<prefix><code>`.
    public static func matrix(_ t: MRIOTable, productPrefix: String? = nil) throws -> [UInt8] {
        // The table's categories under their FIGARO codes, in FIGARO's column order.
        var byCode: [String: Int] = [:]
        for (k, c) in t.finalDemandCategories.enumerated() {
            let code: String
            if let m = TableWriter.figaroCategory[c] {
                code = m
            } else if FIGAROMatrixReader.finalDemandCodes.contains(c) {
                code = c
            } else {
                throw InputError(file: t.source, key: c, "final-demand category \(c) has no FIGARO code (known: "
                                 + "\(TableWriter.figaroCategory.keys.sorted().joined(separator: ", ")))")
            }
            if byCode[code] != nil { throw InputError(file: t.source, key: c, "two final-demand categories map to FIGARO's \(code)") }
            byCode[code] = k
        }
        let order = FIGAROMatrixReader.finalDemandCodes.compactMap { code in byCode[code].map { (code, $0) } }
        for r in t.regions where r.contains("_") || r.isEmpty || r == FIGAROMatrixReader.valueAddedArea {
            throw InputError(file: t.source, key: r, "region code '\(r)' cannot be a FIGARO area (no underscore, not \(FIGAROMatrixReader.valueAddedArea))")
        }
        let n = t.size, nI = t.industries.count, nC = t.finalDemandCategories.count
        let codes = t.industries.map { (productPrefix ?? "") + $0 }
        let labels = (0..<n).map { "\(t.regions[$0 / nI])_\(codes[$0 % nI])" }
        var out: [UInt8] = []
        out.reserveCapacity(n * (n + t.finalDemandColumns) * 3)
        out.append(contentsOf: FIGAROMatrixReader.firstHeaderCell.utf8)
        for l in labels { out.append(44); out.append(contentsOf: l.utf8) }
        for r in t.regions { for (code, _) in order { out.append(44); out.append(contentsOf: "\(r)_\(code)".utf8) } }
        out.append(10)
        var columnSums = [Double](repeating: 0, count: n)
        for row in 0..<n {
            out.append(contentsOf: labels[row].utf8)
            for c in 0..<n {
                let v = t.intermediate[row * n + c]
                columnSums[c] += v
                out.append(44)
                TableWriter.appendNumber(v, to: &out)
            }
            for s in 0..<t.regions.count {
                for (_, k) in order { out.append(44); TableWriter.appendNumber(t.finalDemand[row * t.finalDemandColumns + s * nC + k], to: &out) }
            }
            out.append(10)
        }
        let finalDemandZeros = Array(repeating: Array(",0".utf8), count: t.regions.count * order.count).flatMap { $0 }
        for code in FIGAROMatrixReader.valueAddedCodes {
            out.append(contentsOf: "\(FIGAROMatrixReader.valueAddedArea)_\(code)".utf8)
            for c in 0..<n {
                out.append(44)
                TableWriter.appendNumber(code == "B2A3G" ? t.output[c] - columnSums[c] : 0, to: &out)
            }
            out.append(contentsOf: finalDemandZeros)
            out.append(10)
        }
        return out
    }
}
