import DataIO
import IOTables
import Linalg

/// One term of the decomposition of a country's gross exports into value-added components: Borin and Mancini's
/// source-based decomposition in the exporting country's perspective (`bm_*`) and Koopman, Wang and Wei's nine terms
/// (`kww_*`), each in percent of gross exports (`gross_exports` itself in the table's money unit).
///
/// Notation (KWW 2014, section III; Borin and Mancini 2019, section 3): `A` the global technical coefficients,
/// `B = (I - A)^-1` the global Leontief inverse, `L_rr = (I - A_rr)^-1` country `r`'s local inverse, `V_t` the
/// value-added coefficients of country `t` (zero elsewhere), `Y_rt` the final demand of `t` for `r`'s products,
/// `E_s* = sum_{r != s} (A_sr X_r + Y_sr)` the gross exports of the exporting country `s`, `X` gross output.
///
/// Borin and Mancini (2019, World Bank PRWP 8804, "Measuring what matters in global value chains and value-added
/// trade", section 3.1 and their Table 1's exporter-perspective, source-based terms; Borin and Mancini 2023, ESR
/// 35(4)) count domestic value added the first time it leaves the country: with `B^s = (I - A^s)^-1` the inverse of
/// the world in which `s` exports nothing (`A^s` is `A` with the blocks `A_sr`, `r != s`, set to zero), so that
/// `B^s_ss = L_ss`,
///
///     E_s* = V_s L_ss E_s*                                    DVA  (domestic value added, first exit)
///          + V_s (B_ss - L_ss) E_s*                            DDC  (domestic double counting)
///          + sum_{t != s} V_t B^s_ts E_s*                      FVA  (foreign value added, first entry in s's exports)
///          + sum_{t != s} V_t (B_ts - B^s_ts) E_s*             FDC  (foreign double counting)
///
/// and DVA splits by where it is absorbed (the rows of `E_s*` traced through the direct importer `r`):
/// `V_s L_ss [ Y_s*  +  sum_r A_sr L_rr (Y_rr  +  sum_{j != r,s} Y_rj  +  sum_{j != r} A_rj X_j^{-s}  +  Y_rs
/// +  sum_{j != r} A_rj X_j^{s}  +  g_r  +  sum_{j != r} A_rj X_j^g) ]`, `X^{s} = B Y_*s` the output that ends in `s`'s
/// final demand, `X^{-s}` in other countries', `X^g = B g` in the row gaps (below): VAX1 + VAX2 = DAVAX (absorbed by
/// the direct importer), VAX3 + VAX4 (absorbed elsewhere abroad), REF1 + REF2 (reflected: absorbed at home), GAP; the
/// names VAX1-4 and REF1-2 are those of the R package exvatools' source-based `terms` output (read to learn the naming,
/// not copied). At the level of the exporting industry `j` each term is the column sum of its coefficient (`V_s L_ss`,
/// ...) at `j` times `j`'s row of the export flows, so industries add up to the country.
///
/// Los, Timmer and de Vries (2016, AER 106(7), "Tracing value-added and double counting in gross exports: comment",
/// section II) show that this DVA is the value added lost if `s` stopped exporting (hypothetical extraction).
///
/// Koopman, Wang and Wei (2014, AER 104(2), 459-494, equation 36; the terms of their Figure 1), for the country
/// only (their terms are not defined for an exporting industry):
///
///     E_s* = V_s sum_{r != s} B_ss Y_sr                                    (1) DVA_FIN
///          + V_s sum_{r != s} B_sr Y_rr                                    (2) DVA_INT
///          + V_s sum_{r != s} sum_{t != s,r} B_sr Y_rt                     (3) DVA_INTrex
///          + V_s sum_{r != s} B_sr Y_rs                                    (4) RDV_FIN
///          + V_s sum_{r != s} B_sr A_rs L_ss Y_ss                          (5) RDV_INT
///          + V_s sum_{r != s} B_sr A_rs L_ss E_s*                          (6) DDC
///          + sum_{t != s} V_t B_ts sum_{r != s} Y_sr                       (7) FVA_FIN
///          + sum_{t != s} V_t B_ts sum_{r != s} A_sr L_rr Y_rr             (8) FVA_INT
///          + sum_{t != s} V_t B_ts sum_{r != s} A_sr L_rr E_r*             (9) FDC
///
/// Where they coincide (country totals): BM's DVA = KWW (1)-(5) (+ the gap term); BM's VAX = KWW (1)-(3) = value
/// added absorbed abroad (Johnson and Noguera's VAX, `vax_ratio`); BM's REF = KWW (4)+(5); BM's DDC = KWW (6); BM's
/// FVA + FDC = KWW (7)+(8)+(9) (+ the gap term) = foreign content `fva_exports`; BM's DVA + DDC = `dva_exports`. BM's FVA is not KWW's (7)+(8):
/// KWW count foreign value added in exports that are absorbed by the direct importer, BM the first time it enters
/// `s`'s exports, whatever its destination (Borin and Mancini 2019, section 3.2).
///
/// Both rest on the row identity `X = A X + Y i`. Where a table does not balance (values rounded to whole millions, as
/// the bundled WIOD 2013 tables: up to ~100 per row), the row gaps `g` (gross output less intermediate and final use)
/// are a destination of their own, `X = B (Y i + g)`, with their own terms (`bm_gap`; `kww_dva_gap`, `kww_fva_gap`),
/// zero on a balanced table: so the parts add up to gross exports exactly and VAX is `vax_ratio` all the same. A
/// column without output has the value-added coefficient 1 here (no inputs), where the other measures give it 0: what
/// such a row sells (a rounding artefact, WIOD 1999's LUX_c8) counts as its own value added, so that `V B = u'` holds
/// for every column and every exporting industry has a decomposition.
public enum ExportDecompositionTerm: String, CaseIterable, Sendable {
    /// Gross exports `E_s*` in the table's money unit (the base of every other term).
    case gross_exports
    /// BM VAX1: `V_s L_ss Y_s*`, domestic value added in final goods exports (absorbed by the importer).
    case bm_vax1
    /// BM VAX2: `V_s L_ss sum_r A_sr L_rr Y_rr`, in intermediates the direct importer makes into final goods it absorbs.
    case bm_vax2
    /// BM VAX3: `V_s L_ss sum_r A_sr L_rr sum_{j != r,s} Y_rj`, in intermediates the direct importer makes into final
    /// goods for third countries.
    case bm_vax3
    /// BM VAX4: `V_s L_ss sum_r A_sr L_rr sum_{j != r} A_rj X_j^{-s}`, in intermediates the direct importer re-exports
    /// as intermediates, absorbed anywhere abroad.
    case bm_vax4
    /// BM REF1: `V_s L_ss sum_r A_sr L_rr Y_rs`, reflected: back home in the direct importer's final goods.
    case bm_ref1
    /// BM REF2: `V_s L_ss sum_r A_sr L_rr sum_{j != r} A_rj X_j^{s}`, reflected through further intermediate exports.
    case bm_ref2
    /// BM GAP: `V_s L_ss sum_r A_sr L_rr (g_r + sum_{j != r} A_rj X_j^g)`, absorbed in the table's row gaps `g`
    /// (gross output less intermediate and final use; `X^g = B g`): zero on a balanced table.
    case bm_gap
    /// BM DDC: `V_s (B_ss - L_ss) E_s*`, domestic value added counted again because it left the country before.
    case bm_ddc
    /// BM FVA: `sum_{t != s} V_t B^s_ts E_s*`, foreign value added the first time it is exported by `s`, by origin.
    case bm_fva
    /// BM FDC: `sum_{t != s} V_t (B_ts - B^s_ts) E_s*`, foreign value added counted again, by origin.
    case bm_fdc
    /// BM DAVAX = VAX1 + VAX2: domestic value added absorbed by the direct importer.
    case bm_davax
    /// BM VAX = VAX1 + ... + VAX4: domestic value added absorbed abroad.
    case bm_vax
    /// BM REF = REF1 + REF2.
    case bm_ref
    /// BM DVA = VAX + REF + GAP = `V_s L_ss E_s*`.
    case bm_dva
    /// BM DC = DVA + DDC = `V_s B_ss E_s*` (domestic content; `dva_exports`).
    case bm_dc
    /// BM FC = FVA + FDC = `sum_{t != s} V_t B_ts E_s*` (foreign content; `fva_exports`), by origin.
    case bm_fc
    /// KWW (1): domestic value added in final goods exports.
    case kww_dva_fin
    /// KWW (2): in intermediate exports absorbed by the direct importer.
    case kww_dva_int
    /// KWW (3): in intermediate exports re-exported to third countries.
    case kww_dva_intrex
    /// KWW (4): returned home in final goods imports.
    case kww_rdv_fin
    /// KWW (5): returned home in intermediate imports for domestic final goods.
    case kww_rdv_int
    /// KWW (6): domestic double counting.
    case kww_ddc
    /// KWW (7): foreign value added in final goods exports, by origin.
    case kww_fva_fin
    /// KWW (8): foreign value added in intermediate exports, by origin.
    case kww_fva_int
    /// KWW (9): foreign double counting, by origin.
    case kww_fdc
    /// The row gaps' part of KWW's domestic value added, `V_s ((B g)_s - L_ss g_s)`: zero on a balanced table (= bm_gap).
    case kww_dva_gap
    /// The row gaps' part of the foreign content, `sum_{t != s} V_t B_ts sum_{r != s} A_sr L_rr g_r`, by origin: zero on
    /// a balanced table.
    case kww_fva_gap
    /// KWW (1)-(3): value added exports.
    case kww_vax
    /// KWW (1)-(5): domestic value added in exports.
    case kww_dva
    /// KWW (7)+(8): foreign value added in exports.
    case kww_fva

    /// The terms of Borin and Mancini's decomposition, parts first, then their sums.
    public static let borinMancini: [ExportDecompositionTerm] = [
        .gross_exports, .bm_vax1, .bm_vax2, .bm_vax3, .bm_vax4, .bm_ref1, .bm_ref2, .bm_gap, .bm_ddc, .bm_fva, .bm_fdc,
        .bm_davax, .bm_vax, .bm_ref, .bm_dva, .bm_dc, .bm_fc,
    ]
    /// The parts of BM's decomposition that add up to gross exports.
    public static let borinManciniParts: [ExportDecompositionTerm] = [
        .bm_vax1, .bm_vax2, .bm_vax3, .bm_vax4, .bm_ref1, .bm_ref2, .bm_gap, .bm_ddc, .bm_fva, .bm_fdc,
    ]
    /// KWW's nine terms, then their sums.
    public static let koopmanWangWei: [ExportDecompositionTerm] = [
        .gross_exports, .kww_dva_fin, .kww_dva_int, .kww_dva_intrex, .kww_rdv_fin, .kww_rdv_int, .kww_ddc, .kww_fva_fin, .kww_fva_int, .kww_fdc,
        .kww_dva_gap, .kww_fva_gap, .kww_vax, .kww_dva, .kww_fva,
    ]
    /// KWW's nine terms and the two gap terms (zero on a balanced table), which add up to gross exports.
    public static let koopmanWangWeiParts: [ExportDecompositionTerm] = [
        .kww_dva_fin, .kww_dva_int, .kww_dva_intrex, .kww_rdv_fin, .kww_rdv_int, .kww_ddc, .kww_fva_fin, .kww_fva_int, .kww_fdc,
        .kww_dva_gap, .kww_fva_gap,
    ]

    /// True for KWW's terms, defined for the whole country only.
    public var isCountryOnly: Bool { rawValue.hasPrefix("kww_") }

    /// True for terms split by the country where the value added originates (foreign parts).
    public var hasGroups: Bool {
        switch self {
        case .bm_fva, .bm_fdc, .bm_fc, .kww_fva_fin, .kww_fva_int, .kww_fdc, .kww_fva_gap, .kww_fva: return true
        default: return false
        }
    }

    /// True for shares of gross exports (every term but `gross_exports`).
    public var isShare: Bool { self != .gross_exports }

    /// The reported value of the term from its sums: percent of gross exports for origin `origin` (0 = total,
    /// g + 1 = group g), or for `gross_exports` the money value itself (total only); nil where gross exports are not
    /// positive or the term has no such origin.
    public func value(_ sums: GVCSums, origin: Int) -> Double? {
        guard origin == 0 || hasGroups else { return nil }
        if self == .gross_exports { return sums.weight > 0 && origin == 0 ? sums.values[0] : nil }
        return sums.value(origin: origin, share: true)
    }

    /// The names `--measure` accepts for the decomposition: `decomposition` (both), `bm`, `kww`, or term names.
    /// - Returns: the terms, in the order of this enum, each once; nil when `text` names none of them (so that the
    ///   caller reads it as value-chain measures).
    /// - Throws: `InputError` with key `--measure` when decomposition names are mixed with other names.
    public static func parse(_ text: String) throws -> [ExportDecompositionTerm]? {
        var wanted = Set<ExportDecompositionTerm>()
        var others: [String] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(raw).trimmingSpaces.lowercased()
            switch name {
            case "decomposition": wanted.formUnion(borinMancini + koopmanWangWei)
            case "bm": wanted.formUnion(borinMancini)
            case "kww": wanted.formUnion(koopmanWangWei)
            default:
                if let t = ExportDecompositionTerm(rawValue: name) { wanted.insert(t) } else { others.append(name) }
            }
        }
        if wanted.isEmpty { return nil }
        guard others.isEmpty else {
            throw InputError(key: "--measure", "the decomposition of gross exports (decomposition, bm, kww or their terms) is asked for on its own: "
                             + "'\(others.joined(separator: ","))' is another measure; run gvc once for each")
        }
        return allCases.filter(wanted.contains)
    }
}

/// The decomposition of one country's gross exports in one year: every exporting industry (BM's terms), the
/// classification's aggregates and `all` (the country: BM's and KWW's terms). Each unit's sums are in the order of
/// `terms`: the money value per origin (total, then groups) and gross exports as the weight.
public struct ExportDecompositionYear: Sendable {
    /// The exporting country, as the user named it.
    public var country: String
    /// The table's year (nil when unknown).
    public var year: Int?
    /// Origin names: `total`, then the groups.
    public var origins: [String]
    /// The terms computed.
    public var terms: [ExportDecompositionTerm]
    /// Exporting industries in table order.
    public var industries: [GVCUnit]
    /// Aggregates: the classification's, then `all`.
    public var aggregates: [GVCUnit]

    /// Industries then aggregates.
    public var units: [GVCUnit] { industries + aggregates }
}

/// Computes the decomposition of gross exports (see `ExportDecompositionTerm`) from one year's multi-regional table.
///
/// Shared by every country: the LU factorisation of `I - A` (products with `B` solved, never formed), the value added
/// of each region per unit of every column (`V_t B`, one solve), the output for each region's final demand (`B Y`),
/// each region's local factorisation `I - A_rr`, and the exports of each row traced one step through the direct
/// importer. Per exporting country, BM's foreign value added needs `B^s_{-s,s} = B_{-s,s} B_ss^-1 L_ss` (the
/// extraction identity, from `(I - A) B = I` in the columns of `s`), hence the columns of `B` for `s`: one solve with
/// all the countries' columns at once, or `B` in full (LAPACK dgetri) when more than half the regions are asked for.
public enum ExportDecomposition {
    /// The decomposition of each of `countries` in `table`.
    /// - Parameters:
    ///   - system: the factored system of `table` when the caller has it (else it is built here).
    ///   - classification: the aggregates to add besides `all` (BM's terms only); nil for none.
    ///   - terms: the terms to report (`gross_exports` is computed anyway as their base).
    /// - Throws: `InputError` for a country not in the table, a singular `I - A`, local block or `B_ss`.
    public static func compute(table: MRIOTable, system: LeontiefSystem? = nil, countries: [String], classification: Classification?,
                               grouping: Grouping, terms: [ExportDecompositionTerm]) throws -> [ExportDecompositionYear] {
        let countryIndex = try countries.map {
            try CountryUse.resolveCountry($0, in: table.regions, source: table.source, canonical: grouping.canonical)
        }
        let sys = try system ?? LeontiefSystem(table: table)
        let n = table.size, nI = table.industries.count, nR = table.regions.count
        let groupOf = grouping.resolve(regions: table.regions).groupOfRegion
        let nG = grouping.groups.count
        let x = sys.output
        let inverseOutput = x.map { $0 > 0 ? 1 / $0 : 0 }
        // v = 1 - u'A for every column: a column without output has no inputs, so 1 there (what such a row still sells,
        // a rounding artefact like WIOD 1999's LUX_c8 with 1 million of sales and OUT = 0, counts as its own value added),
        // so that V B = u' and every term is defined; elsewhere the system's coefficients.
        let v = (0..<n).map { x[$0] > 0 ? sys.valueAdded[$0] : 1 }
        let z = table.intermediate
        let (exports, _, finalByRegion) = ValueChainMeasures.tradeFlows(table)
        let reg = { (k: Int) in k / nI }
        // The row gaps g = x - Z i - Y i of a table that does not balance (WIOD 2013 as bundled, rounded to whole
        // millions: up to ~100), a destination of their own: X = B (Y i + g).
        var demand = Matrix(rows: n, cols: nR + 1)
        z.withUnsafeBufferPointer { zp in
            for k in 0..<n {
                var used = 0.0
                for c in 0..<n { used += zp[k * n + c] }
                for l in 0..<nR { used += finalByRegion[k, l]; demand[k, l] = finalByRegion[k, l] }
                demand[k, nR] = x[k] - used
            }
        }
        let gap = nR

        // V_t B: origins[k, t], the value added of region t per unit of final output of column k.
        var sv = Matrix(rows: n, cols: nR)
        for k in 0..<n { sv[k, reg(k)] = v[k] }
        let origins = try sys.leontiefTransposeTimes(sv)
        // B [Y g]: forDemand[k, l], the output of row k for the final demand of region l; [k, gap] for the row gaps.
        let forDemand = try sys.leontiefTimes(demand)

        // Final exports Y_r* and intermediate exports sum_{c not in r} Z_kc of every row.
        var finalExports = [Double](repeating: 0, count: n), intermediateExports = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var yf = 0.0
            for l in 0..<nR where l != reg(k) { yf += finalByRegion[k, l] }
            finalExports[k] = yf
            intermediateExports[k] = exports[k] - yf
        }
        // W = A_off (B Y): W[k, l] = sum_{c not in reg(k)} A_kc X^{l}_c, by dgemm on Z' and the scaled outputs, less
        // each diagonal block's part.
        var scaled = forDemand
        for c in 0..<n { for l in 0...nR { scaled[c, l] *= inverseOutput[c] } }
        let zt = try Matrix(rows: n, cols: n, columnMajor: z)  // Z' column-major = Z row-major
        var w = try zt.multiplied(by: scaled, transposeSelf: true)
        z.withUnsafeBufferPointer { zp in
            for k in 0..<n {
                let r = reg(k)
                for l in 0...nR {
                    var own = 0.0
                    for c in (r * nI)..<((r + 1) * nI) { own += zp[k * n + c] * scaled[c, l] }
                    w[k, l] -= own
                }
            }
        }

        // Each region's local factorisation and the vectors it carries (L_rr applied to the region's rows):
        // local[k, 0] = L_rr Y_r* (final exports), [k, 1] = L_rr (intermediate exports), [k, 2 + l] = L_rr Y_rl,
        // [k, 2 + nR + l] = L_rr W_{r, l}; [k, 2 + 2 nR] = L_rr g_r, [k, 3 + 2 nR] = L_rr W_{r, gap}.
        var locals: [LUFactorization] = []
        let localColumns = 4 + 2 * nR
        var local = Matrix(rows: n, cols: localColumns)
        for r in 0..<nR {
            var m = Matrix(rows: nI, cols: nI)
            for i in 0..<nI {
                for j in 0..<nI { m[i, j] = (i == j ? 1 : 0) - z[(r * nI + i) * n + r * nI + j] * inverseOutput[r * nI + j] }
            }
            let lu: LUFactorization
            do { lu = try LUFactorization(m) } catch LinalgError.singular {
                throw InputError(file: table.source, "the domestic block I - A of \(table.regions[r]) is singular: the decomposition of gross exports is undefined")
            }
            var b = Matrix(rows: nI, cols: localColumns)
            for i in 0..<nI {
                let k = r * nI + i
                b[i, 0] = finalExports[k]
                b[i, 1] = intermediateExports[k]
                for l in 0..<nR { b[i, 2 + l] = finalByRegion[k, l]; b[i, 2 + nR + l] = w[k, l] }
                b[i, 2 + 2 * nR] = demand[k, gap]
                b[i, 3 + 2 * nR] = w[k, gap]
            }
            let solved = try lu.solve(b)
            for i in 0..<nI { for c in 0..<localColumns { local[r * nI + i, c] = solved[i, c] } }
            locals.append(lu)
        }

        // One step through the direct importer, for every row j of the exporter s = reg(j) (sums over k not in s):
        // h2 = sum A_jk L_rr Y_rr, hy = sum A_jk L_rr Y_r*, hz = sum A_jk L_rr (intermediate exports of r),
        // hs = sum A_jk L_rr Y_rs, hw = sum A_jk L_rr W_{r, s}, hg = sum A_jk L_rr g_r, hwg = sum A_jk L_rr W_{r, gap}.
        var h2 = [Double](repeating: 0, count: n), hy = h2, hz = h2, hs = h2, hw = h2, hg = h2, hwg = h2
        z.withUnsafeBufferPointer { zp in
            for j in 0..<n {
                let s = reg(j)
                var a2 = 0.0, ay = 0.0, az = 0.0, ash = 0.0, aw = 0.0, ag = 0.0, awg = 0.0
                for k in 0..<n where reg(k) != s {
                    let a = zp[j * n + k] * inverseOutput[k]
                    if a == 0 { continue }
                    a2 += a * local[k, 2 + reg(k)]
                    ay += a * local[k, 0]
                    az += a * local[k, 1]
                    ash += a * local[k, 2 + s]
                    aw += a * local[k, 2 + nR + s]
                    ag += a * local[k, 2 + 2 * nR]
                    awg += a * local[k, 3 + 2 * nR]
                }
                h2[j] = a2; hy[j] = ay; hz[j] = az; hs[j] = ash; hw[j] = aw; hg[j] = ag; hwg[j] = awg
            }
        }

        // The columns of B for the countries asked, in one solve: B[:, s's columns].
        let distinct = countryIndex.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        let needsBM = terms.contains { !$0.isCountryOnly && $0 != .gross_exports }
        // For more than half the regions, B in full by dgetri (4/3 n^3) is cheaper than solving for their columns (2 n^3
        // for all of them); `column(p, s)` maps the country's position to the column block.
        var columns = Matrix(rows: 0, cols: 0)
        let full = needsBM && 2 * distinct.count >= nR
        if full {
            columns = try sys.inverse()
        } else if needsBM {
            var unit = Matrix(rows: n, cols: distinct.count * nI)
            for (p, s) in distinct.enumerated() { for i in 0..<nI { unit[s * nI + i, p * nI + i] = 1 } }
            columns = try sys.leontiefTimes(unit)
        }

        var out: [ExportDecompositionYear] = []
        for (name, s) in zip(countries, countryIndex) {
            let rows = (s * nI)..<((s + 1) * nI)
            // V_s L_ss (row, by the local factorisation's transpose) and L_ss itself.
            var vs = Matrix(rows: nI, cols: 1)
            for i in 0..<nI { vs[i, 0] = v[s * nI + i] }
            let dva = try locals[s].solve(vs, transposed: true)
            // BM's foreign value added per unit: (V_t B_ts) B_ss^-1 L_ss, by origin t (nR x nI).
            var fvaCoefficient = Matrix(rows: 0, cols: 0)
            if needsBM, let p = distinct.firstIndex(of: s) {
                var bss = Matrix(rows: nI, cols: nI)
                let first = (full ? s : p) * nI
                for i in 0..<nI { for j in 0..<nI { bss[i, j] = columns[s * nI + i, first + j] } }
                let lss = try locals[s].solve(Matrix.identity(nI))
                let g: Matrix
                do { g = try LUFactorization(bss).solve(lss) } catch LinalgError.singular {
                    throw InputError(file: table.source, "the block B_ss of the Leontief inverse of \(table.regions[s]) is singular: Borin and Mancini's foreign value added is undefined")
                }
                var vtb = Matrix(rows: nR, cols: nI)
                for t in 0..<nR where t != s { for i in 0..<nI { vtb[t, i] = origins[s * nI + i, t] } }
                fvaCoefficient = try vtb.multiplied(by: g)
            }

            var industries: [GVCUnit] = []
            for i in 0..<nI {
                let j = s * nI + i, e = exports[j], d = dva[i, 0]
                var sums: [GVCSums] = []
                for term in terms {
                    var sum = GVCSums(groups: nG)
                    sum.weight = e
                    /// Adds `amount` to the total and to the group of origin `t`.
                    func add(_ amount: Double, origin t: Int) {
                        sum.values[0] += amount
                        if let g = groupOf[t] { sum.values[g + 1] += amount }
                    }
                    switch term {
                    case .gross_exports: sum.values[0] = e
                    case .bm_vax1: sum.values[0] = d * finalExports[j]
                    case .bm_vax2: sum.values[0] = d * h2[j]
                    case .bm_vax3: sum.values[0] = d * (hy[j] - hs[j])
                    case .bm_vax4: sum.values[0] = d * (hz[j] - hw[j] - hwg[j])
                    case .bm_ref1: sum.values[0] = d * hs[j]
                    case .bm_ref2: sum.values[0] = d * hw[j]
                    case .bm_gap: sum.values[0] = d * (hg[j] + hwg[j])
                    case .bm_davax: sum.values[0] = d * (finalExports[j] + h2[j])
                    case .bm_vax: sum.values[0] = d * (finalExports[j] + h2[j] + hy[j] - hs[j] + hz[j] - hw[j] - hwg[j])
                    case .bm_ref: sum.values[0] = d * (hs[j] + hw[j])
                    case .bm_dva: sum.values[0] = d * e
                    case .bm_ddc: sum.values[0] = (origins[j, s] - d) * e
                    case .bm_dc: sum.values[0] = origins[j, s] * e
                    case .bm_fva: for t in 0..<nR where t != s { add(fvaCoefficient[t, i] * e, origin: t) }
                    case .bm_fdc: for t in 0..<nR where t != s { add((origins[j, t] - fvaCoefficient[t, i]) * e, origin: t) }
                    case .bm_fc: for t in 0..<nR where t != s { add(origins[j, t] * e, origin: t) }
                    default: sum = GVCSums(groups: nG)  // KWW: the country only
                    }
                    sums.append(sum)
                }
                let code = table.industries[i]
                industries.append(GVCUnit(unit: code, label: code, isAggregate: false, sums: sums))
            }
            var aggregates = ValueChainMeasures.aggregates(industries, classification: classification, measures: terms.count, groups: nG)
            // KWW's terms are the country's only: empty for the classification's aggregates, computed for all industries.
            for k in aggregates.indices.dropLast() {
                for (m, term) in terms.enumerated() where term.isCountryOnly { aggregates[k].sums[m] = GVCSums(groups: nG) }
            }
            if terms.contains(where: \.isCountryOnly), var all = aggregates.popLast() {
                let kww = koopmanWangWei(s: s, rows: rows, n: n, nR: nR, z: z, inverseOutput: inverseOutput, finalExports: finalExports,
                                         finalByRegion: finalByRegion, origins: origins, local: local, h2: h2, hy: hy, hz: hz, hg: hg,
                                         valueAdded: v, gapOutput: (0..<n).map { forDemand[$0, gap] }, groupOf: groupOf, groups: nG)
                for (m, term) in terms.enumerated() where term.isCountryOnly {
                    var sum = kww[term] ?? GVCSums(groups: nG)
                    sum.weight = rows.reduce(0) { $0 + exports[$1] }
                    all.sums[m] = sum
                }
                aggregates.append(all)
            }
            out.append(ExportDecompositionYear(country: name, year: table.year, origins: ["total"] + grouping.groups.map(\.name), terms: terms,
                                               industries: industries, aggregates: aggregates))
        }
        return out
    }

    /// KWW's nine terms (equation 36) and their sums for exporter `s`, by the formulas of `ExportDecompositionTerm`.
    static func koopmanWangWei(s: Int, rows: Range<Int>, n: Int, nR: Int, z: [Double], inverseOutput: [Double],
                               finalExports: [Double], finalByRegion: Matrix, origins: Matrix, local: Matrix, h2: [Double], hy: [Double],
                               hz: [Double], hg: [Double], valueAdded v: [Double], gapOutput: [Double], groupOf: [Int?],
                               groups nG: Int) -> [ExportDecompositionTerm: GVCSums] {
        let nI = rows.count
        func single(_ value: Double) -> GVCSums { var g = GVCSums(groups: nG); g.values[0] = value; return g }
        var t1 = 0.0, t2 = 0.0, t3 = 0.0, t4 = 0.0
        // (1) V_s B_ss Y_s*: the exporter's own rows.
        for j in rows { t1 += origins[j, s] * finalExports[j] }
        // (2)-(4): every other region's rows k, with V_s B_sr at k.
        for k in 0..<n where !rows.contains(k) {
            let r = k / nI, vb = origins[k, s]
            t2 += vb * finalByRegion[k, r]
            t3 += vb * (finalExports[k] - finalByRegion[k, s])
            t4 += vb * finalByRegion[k, s]
        }
        // (5), (6): V_s sum_r B_sr A_rs at s's columns, times L_ss Y_ss and L_ss E_s*.
        var t5 = 0.0, t6 = 0.0
        for j in rows {
            var wj = 0.0
            for k in 0..<n where !rows.contains(k) { wj += origins[k, s] * z[k * n + j] }
            wj *= inverseOutput[j]
            t5 += wj * local[j, 2 + s]
            t6 += wj * (local[j, 0] + local[j, 1])
        }
        // The row gaps: V_s ((B g)_s - L_ss g_s) (L_ss g_s in the local columns after the 2 + 2 nR destinations).
        var dvaGap = 0.0
        for j in rows { dvaGap += v[j] * (gapOutput[j] - local[j, 2 + 2 * nR]) }
        // (7)-(9) by origin t: V_t B_ts times final exports, sum_r A_sr L_rr Y_rr and sum_r A_sr L_rr E_r*.
        var t7 = GVCSums(groups: nG), t8 = t7, t9 = t7, fvaGap = t7
        for t in 0..<nR where t != s {
            var a7 = 0.0, a8 = 0.0, a9 = 0.0, ag = 0.0
            for j in rows {
                a7 += origins[j, t] * finalExports[j]
                a8 += origins[j, t] * h2[j]
                a9 += origins[j, t] * (hy[j] + hz[j])
                ag += origins[j, t] * hg[j]
            }
            t7.values[0] += a7; t8.values[0] += a8; t9.values[0] += a9; fvaGap.values[0] += ag
            if let g = groupOf[t] { t7.values[g + 1] += a7; t8.values[g + 1] += a8; t9.values[g + 1] += a9; fvaGap.values[g + 1] += ag }
        }
        var fva = t7
        fva += t8
        return [
            .kww_dva_fin: single(t1), .kww_dva_int: single(t2), .kww_dva_intrex: single(t3), .kww_rdv_fin: single(t4),
            .kww_rdv_int: single(t5), .kww_ddc: single(t6), .kww_fva_fin: t7, .kww_fva_int: t8, .kww_fdc: t9,
            .kww_dva_gap: single(dvaGap), .kww_fva_gap: fvaGap,
            .kww_vax: single(t1 + t2 + t3), .kww_dva: single(t1 + t2 + t3 + t4 + t5), .kww_fva: fva,
        ]
    }
}

/// Everything one `offshore gvc --measure decomposition` run produced: the decomposition of each country asked for,
/// for each year of the tables (read, factored and decomposed in turn, years in parallel as `TableSet` loads them).
public struct ExportDecompositionRun {
    /// The results, in year order, countries in the order asked within a year.
    public var decomposed: [ExportDecompositionYear]
    /// Notes for standard error: group regions the tables lack, industries without exports.
    public var notes: [String]

    /// Reads every kept year of `tables` and decomposes the gross exports of `countries`.
    /// - Throws: `InputError` naming the tables for another format, a country not in a table, a singular system.
    public static func execute(tables: TableSet, classification: Classification?, grouping: Grouping, countries: [String],
                               terms: [ExportDecompositionTerm]) throws -> ExportDecompositionRun {
        let results = try tables.loadTables { table, _ in
            (try ExportDecomposition.compute(table: table, countries: countries, classification: classification, grouping: grouping, terms: terms),
             grouping.resolve(regions: table.regions).absent)
        }
        var notes = ValueChainRun.absentNote(results.first?.1 ?? [], grouping: grouping)
        let decomposed = results.flatMap(\.0)
        var undefined: [String] = []
        for y in decomposed {
            // KWW's terms have no industry values by definition; an industry is undefined when its exports are not positive.
            for u in y.industries where zip(y.terms, u.sums).contains(where: { !$0.0.isCountryOnly && $0.1.weight <= 0 }) && !undefined.contains(u.unit) {
                undefined.append(u.unit)
            }
        }
        if !undefined.isEmpty {
            notes.append("industries without positive gross exports in some year have no decomposition there (rows left out): \(undefined.joined(separator: " "))")
        }
        return ExportDecompositionRun(decomposed: decomposed, notes: notes)
    }
}
