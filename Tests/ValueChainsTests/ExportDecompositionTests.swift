import DataIO
import IOTables
import Linalg
import TestSupport
import ValueChains
import XCTest

/// The decomposition of gross exports (Borin and Mancini 2019, source-based, exporter perspective; Koopman, Wang and
/// Wei 2014, equation 36) on hand-made tables whose terms are worked out by hand, and its identities on random
/// tables: the parts add up to gross exports, the terms the papers say coincide do, and the domestic and foreign
/// content equal `dva_exports` / `fva_exports` / `vax_ratio`, which are computed by other formulas.
final class ExportDecompositionTests: XCTestCase {
    /// The sums of `term` for `unit` of `y`.
    func sums(_ y: ExportDecompositionYear, _ unit: String, _ term: ExportDecompositionTerm) -> GVCSums? {
        guard let k = y.terms.firstIndex(of: term), let u = y.units.first(where: { $0.unit == unit }) else { return nil }
        return u.sums[k]
    }

    /// The money value of `term` (origin 0 = total, g + 1 = group g) for `unit`; nil when undefined.
    func level(_ y: ExportDecompositionYear, _ unit: String, _ term: ExportDecompositionTerm, origin: Int = 0) -> Double? {
        guard let s = sums(y, unit, term), s.weight > 0 else { return nil }
        return s.values[origin]
    }

    func decompose(_ t: MRIOTable, _ countries: [String], grouping: Grouping? = nil) throws -> [ExportDecompositionYear] {
        try ExportDecomposition.compute(table: t, countries: countries, classification: nil, grouping: grouping ?? ValueChainIdentityTests.grouping(),
                                        terms: ExportDecompositionTerm.allCases)
    }

    /// Three countries, two industries: FRA's industry c1 (its inputs from FRA's c2) exports 10 of intermediates to
    /// DEU's c1, which adds 5 of value added and exports all 15 to China as final goods. China's and DEU's c2 only
    /// make final goods for home. FRA's exports are re-exported by the direct importer in final goods and absorbed in
    /// a third country (BM VAX3, KWW (3)); DEU's exports are final goods: one third its own value added (VAX1, KWW
    /// (1)), two thirds FRA's (foreign value added entering DEU's exports once: BM FVA = KWW (7) = 10, no double
    /// counting).
    func testAPureChainReExportedByTheDirectImporter() throws {
        let regions = ["FRA", "DEU", "CHN"], n = 6
        var z = [Double](repeating: 0, count: n * n), f = [Double](repeating: 0, count: n * 3)
        z[1 * n + 0] = 4     // FRA c2 -> FRA c1
        z[0 * n + 2] = 10    // FRA c1 -> DEU c1
        f[2 * 3 + 2] = 15    // DEU c1 -> China's final demand
        f[3 * 3 + 1] = 3     // DEU c2 -> home final demand
        f[4 * 3 + 2] = 1; f[5 * 3 + 2] = 1
        let t = try MRIOTable(year: 2000, regions: regions, industries: ["c1", "c2"], finalDemandCategories: ["HH"], intermediate: z,
                              finalDemand: f, output: [10, 4, 15, 3, 1, 1], source: "chain.csv")
        let years = try decompose(t, ["FRA", "DEU"])
        let fra = years[0], deu = years[1]
        for unit in ["c1", "all"] {
            XCTAssertEqual(level(fra, unit, .gross_exports), 10)
            XCTAssertEqual(try XCTUnwrap(level(fra, unit, .bm_vax3)), 10, accuracy: 1e-13)
            XCTAssertEqual(try XCTUnwrap(level(fra, unit, .bm_dva)), 10, accuracy: 1e-13)
            for term in ExportDecompositionTerm.borinManciniParts where term != .bm_vax3 {
                XCTAssertEqual(try XCTUnwrap(level(fra, unit, term)), 0, accuracy: 1e-13, "FRA \(unit) \(term)")
            }
            XCTAssertEqual(ExportDecompositionTerm.bm_vax3.value(try XCTUnwrap(sums(fra, unit, .bm_vax3)), origin: 0) ?? .nan, 100, accuracy: 1e-12)
        }
        XCTAssertNil(level(fra, "c2", .bm_dva), "c2 exports nothing: undefined")
        XCTAssertEqual(try XCTUnwrap(level(fra, "all", .kww_dva_intrex)), 10, accuracy: 1e-13)
        for term in ExportDecompositionTerm.koopmanWangWeiParts where term != .kww_dva_intrex {
            XCTAssertEqual(try XCTUnwrap(level(fra, "all", term)), 0, accuracy: 1e-13, "FRA \(term)")
        }
        XCTAssertNil(level(fra, "c1", .kww_dva_intrex), "KWW is defined for the country only")

        XCTAssertEqual(level(deu, "all", .gross_exports), 15)
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_vax1)), 5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_davax)), 5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_fva)), 10, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_fva, origin: 1)), 10, accuracy: 1e-12, "FRA is in group NEAR")
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_fva, origin: 2)), 0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "c1", .bm_fdc)), 0, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "all", .kww_dva_fin)), 5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "all", .kww_fva_fin)), 10, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "all", .kww_fva_fin, origin: 1)), 10, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(level(deu, "all", .kww_fdc)), 0, accuracy: 1e-12)
        XCTAssertEqual(ExportDecompositionTerm.bm_fva.value(try XCTUnwrap(sums(deu, "all", .bm_fva)), origin: 0) ?? .nan, 200.0 / 3, accuracy: 1e-11)
    }

    /// Two countries, one industry each, trading intermediates both ways: S (BEL) sells 4 to R (DEU), R sells 2 back
    /// to S; S's final demand buys 6 of S's product, R's 4 of R's. Then x = (10, 6), A_SR = 2/3, A_RS = 1/5,
    /// v = (0.8, 1/3), B = 15/13 [[1, 2/3], [1/5, 1]], L_SS = L_RR = 1, and S's 4 of exports split as worked out below
    /// (every fraction by hand; the exports of R's intermediates carry output for S's final demand X^S = (90, 18)/13
    /// and for R's X^R = (40, 60)/13).
    func testTwoWayTradeInIntermediatesByHand() throws {
        let t = try MRIOTable(year: 2000, regions: ["BEL", "DEU"], industries: ["c1"], finalDemandCategories: ["HH"],
                              intermediate: [0, 4, 2, 0], finalDemand: [6, 0, 0, 4], output: [10, 6], source: "two-way.csv")
        let bel = try XCTUnwrap(decompose(t, ["BEL"]).first)
        let expected: [(ExportDecompositionTerm, Double)] = [
            (.gross_exports, 4),
            // BM: DVA = v_S L_SS E = 0.8 x 4; absorbed by the direct importer A_SR L_RR Y_RR = 2/3 x 4 (VAX2); back to
            // R through S and absorbed there, 2/3 x 1/5 x 40/13 (VAX4); reflected home 2/3 x 1/5 x 90/13 (REF2).
            (.bm_dva, 3.2), (.bm_vax2, 0.8 * 8 / 3), (.bm_vax4, 0.8 * 16 / 39), (.bm_ref2, 0.8 * 12 / 13),
            (.bm_vax1, 0), (.bm_vax3, 0), (.bm_ref1, 0),
            // DC = v_S B_SS E = 0.8 x 15/13 x 4 = 48/13; DDC = DC - DVA = 32/65.
            (.bm_dc, 48.0 / 13), (.bm_ddc, 32.0 / 65),
            // FC = v_R B_RS E = 1/3 x 3/13 x 4 = 4/13; B^S (no exports from S) has B^S_RS = 1/5: FVA = 1/3 x 1/5 x 4.
            (.bm_fc, 4.0 / 13), (.bm_fva, 4.0 / 15), (.bm_fdc, 4.0 / 13 - 4.0 / 15),
            (.bm_vax, 32.0 / 13), (.bm_ref, 48.0 / 65), (.bm_davax, 32.0 / 15),
            // KWW (2) V_S B_SR Y_RR = 0.8 x 10/13 x 4; (5) V_S B_SR A_RS L_SS Y_SS = 0.8 x 10/13 x 1/5 x 6; (6) the same
            // with E_S = 4; (8) V_R B_RS A_SR L_RR Y_RR = 1/3 x 3/13 x 2/3 x 4; (9) the same with E_R = 2.
            (.kww_dva_fin, 0), (.kww_dva_int, 32.0 / 13), (.kww_dva_intrex, 0), (.kww_rdv_fin, 0), (.kww_rdv_int, 48.0 / 65),
            (.kww_ddc, 32.0 / 65), (.kww_fva_fin, 0), (.kww_fva_int, 8.0 / 39), (.kww_fdc, 4.0 / 39),
            (.kww_vax, 32.0 / 13), (.kww_dva, 3.2), (.kww_fva, 8.0 / 39),
        ]
        for (term, value) in expected {
            XCTAssertEqual(try XCTUnwrap(level(bel, "all", term), "\(term)"), value, accuracy: 1e-13, "\(term)")
        }
        // The two decompositions agree on DVA, VAX, REF = RDV and DDC, and differ on how the foreign content splits.
        XCTAssertNotEqual(try XCTUnwrap(level(bel, "all", .bm_fva)), try XCTUnwrap(level(bel, "all", .kww_fva)), accuracy: 0.01)
    }

    /// No foreign inputs anywhere (every off-diagonal intermediate block zero): exports carry only the exporter's
    /// value added, all of it in final goods absorbed by the importer: FVA = FDC = DDC = 0 and DVA = VAX1 = gross
    /// exports, for every industry (BM) and the country (BM and KWW).
    func testWithoutForeignInputsDomesticValueAddedIsGrossExports() throws {
        var t = try ValueChainIdentityTests.randomTable(regions: ["BEL", "DEU", "FRA", "CHN"], industries: 3, seed: 5)
        let n = t.size
        var z = t.intermediate
        for r in 0..<n { for c in 0..<n where r / 3 != c / 3 { z[r * n + c] = 0 } }
        let x = (0..<n).map { r in (0..<n).reduce(0.0) { $0 + z[r * n + $1] } + (0..<t.finalDemandColumns).reduce(0.0) { $0 + t.finalDemand[r * t.finalDemandColumns + $1] } }
        t = try MRIOTable(year: 2000, regions: t.regions, industries: t.industries, finalDemandCategories: t.finalDemandCategories,
                          intermediate: z, finalDemand: t.finalDemand, output: x, source: "domestic.csv")
        for y in try decompose(t, t.regions) {
            for u in y.units {
                let e = try XCTUnwrap(level(y, u.unit, .gross_exports))
                XCTAssertEqual(try XCTUnwrap(level(y, u.unit, .bm_dva)), e, accuracy: 1e-12 * e)
                XCTAssertEqual(try XCTUnwrap(level(y, u.unit, .bm_vax1)), e, accuracy: 1e-12 * e)
                for term in [ExportDecompositionTerm.bm_fva, .bm_fdc, .bm_ddc, .bm_fc, .bm_ref] {
                    XCTAssertEqual(try XCTUnwrap(level(y, u.unit, term)), 0, accuracy: 1e-12 * e, "\(y.country) \(u.unit) \(term)")
                }
            }
            let e = try XCTUnwrap(level(y, "all", .gross_exports))
            XCTAssertEqual(try XCTUnwrap(level(y, "all", .kww_dva_fin)), e, accuracy: 1e-12 * e)
            XCTAssertEqual(try XCTUnwrap(level(y, "all", .kww_fva)), 0, accuracy: 1e-12 * e)
            XCTAssertEqual(try XCTUnwrap(level(y, "all", .kww_fdc)), 0, accuracy: 1e-12 * e)
        }
    }

    /// On a random five-region table: the parts add up to gross exports for every exporting industry and country
    /// (1e-12 relative); where the papers' terms coincide at the country level they do; DC, FC and VAX equal
    /// `dva_exports`, `fva_exports` and `vax_ratio` (the other formulas: `V B` per column, `v L f` per row); BM's FVA
    /// equals `V_t B^s_ts E` with the extraction inverse formed in full.
    func testIdentitiesOnARandomTable() throws {
        try identities(unbalanced: false)
    }

    /// The same on a table whose gross output is not intermediate plus final use (as rounded tables are): the row gaps
    /// get their own terms, which are not zero here, and the identities still hold exactly, VAX = `vax_ratio` too.
    func testIdentitiesOnATableThatDoesNotBalance() throws {
        try identities(unbalanced: true)
    }

    func identities(unbalanced: Bool) throws {
        let regions = ["BEL", "DEU", "FRA", "CHN", "USA"], nI = 4
        var t = try ValueChainIdentityTests.randomTable(regions: regions, industries: nI, seed: 2027)
        if unbalanced {
            var rng = SplitMix64(seed: 99)
            let x = t.output.map { $0 * (0.98 + 0.04 * rng.unit()) }
            t = try MRIOTable(year: 2000, regions: t.regions, industries: t.industries, finalDemandCategories: t.finalDemandCategories,
                              intermediate: t.intermediate, finalDemand: t.finalDemand, output: x, source: "unbalanced.csv")
        }
        let grouping = try ValueChainIdentityTests.grouping()
        let years = try decompose(t, regions, grouping: grouping)
        let gvc = try ValueChainMeasures.compute(table: t, countries: regions, classification: nil, grouping: grouping, measures: [.dva_exports, .fva_exports, .vax_ratio])
        let n = t.size, nG = 2
        var worst = 0.0
        func close(_ a: Double?, _ b: Double?, _ what: String) throws {
            let a = try XCTUnwrap(a, what), b = try XCTUnwrap(b, what)
            let rel = abs(a - b) / max(abs(b), 1e-300)
            worst = max(worst, rel)
            XCTAssertLessThan(rel, 1e-12, "\(what): \(a) vs \(b)")
        }
        for (y, g) in zip(years, gvc) {
            for u in y.units {
                let e = try XCTUnwrap(level(y, u.unit, .gross_exports))
                let parts = try ExportDecompositionTerm.borinManciniParts.map { try XCTUnwrap(level(y, u.unit, $0)) }.reduce(0, +)
                try close(parts, e, "\(y.country) \(u.unit) BM parts")
                try close(level(y, u.unit, .bm_dva), (0..<4).map { level(y, u.unit, [.bm_vax1, .bm_vax2, .bm_vax3, .bm_vax4][$0]) ?? .nan }.reduce(0, +)
                          + (level(y, u.unit, .bm_ref1) ?? .nan) + (level(y, u.unit, .bm_ref2) ?? .nan) + (level(y, u.unit, .bm_gap) ?? .nan),
                          "\(y.country) \(u.unit) DVA = VAX + REF + GAP")
                let gu = try XCTUnwrap(g.units.first { $0.unit == u.unit })
                try close(level(y, u.unit, .bm_dc), gu.sums[0].values[0], "\(y.country) \(u.unit) DC = dva_exports")
                for o in 0...nG {
                    try close(level(y, u.unit, .bm_fc, origin: o).map { $0 + 1 }, gu.sums[1].values[o] + 1, "\(y.country) \(u.unit) FC = fva_exports, origin \(o)")
                    try close((level(y, u.unit, .bm_fva, origin: o) ?? .nan) + (level(y, u.unit, .bm_fdc, origin: o) ?? .nan) + 1,
                              (level(y, u.unit, .bm_fc, origin: o) ?? .nan) + 1, "\(y.country) \(u.unit) FVA + FDC = FC, origin \(o)")
                }
            }
            // The country: KWW's nine terms add up; DVA, VAX, REF, DDC and the foreign content coincide with BM's.
            let e = try XCTUnwrap(level(y, "all", .gross_exports))
            let nine = try ExportDecompositionTerm.koopmanWangWeiParts.map { try XCTUnwrap(level(y, "all", $0)) }.reduce(0, +)
            try close(nine, e, "\(y.country) KWW's nine terms")
            try close((level(y, "all", .kww_dva) ?? .nan) + (level(y, "all", .kww_dva_gap) ?? .nan), level(y, "all", .bm_dva), "\(y.country) KWW (1)-(5) = BM DVA")
            try close((level(y, "all", .kww_dva_gap) ?? .nan) + e, (level(y, "all", .bm_gap) ?? .nan) + e, "\(y.country) the gap terms")
            try close(level(y, "all", .kww_vax), level(y, "all", .bm_vax), "\(y.country) KWW (1)-(3) = BM VAX")
            try close((level(y, "all", .kww_rdv_fin) ?? .nan) + (level(y, "all", .kww_rdv_int) ?? .nan), level(y, "all", .bm_ref), "\(y.country) RDV = REF")
            try close(level(y, "all", .kww_ddc), level(y, "all", .bm_ddc), "\(y.country) KWW (6) = BM DDC")
            let all = try XCTUnwrap(g.units.first { $0.unit == "all" })
            try close(level(y, "all", .bm_vax), all.sums[2].values[0], "\(y.country) VAX = vax_ratio")
            let gapShare = abs(level(y, "all", .bm_gap) ?? .nan) / e
            XCTAssertTrue(unbalanced ? gapShare > 1e-4 : gapShare < 1e-13, "\(y.country) gap term \(gapShare) of exports")
            for o in 0...nG {
                try close((level(y, "all", .kww_fva, origin: o) ?? .nan) + (level(y, "all", .kww_fdc, origin: o) ?? .nan)
                          + (level(y, "all", .kww_fva_gap, origin: o) ?? .nan) + 1,
                          (level(y, "all", .bm_fc, origin: o) ?? .nan) + 1, "\(y.country) KWW (7)-(9) = BM FC, origin \(o)")
            }
        }
        // BM's FVA with the extraction inverse formed in full, for DEU: B^s = (I - A^s)^-1, A^s without DEU's exports.
        let s = 1
        var ia = Matrix(rows: n, cols: n)
        for r in 0..<n { for c in 0..<n where !(r / nI == s && c / nI != s) { ia[r, c] = -t.flow(r, c) / t.output[c] } }
        for k in 0..<n { ia[k, k] += 1 }
        let bs = try ia.inverse()
        let v = (0..<n).map { c in 1 - (0..<n).reduce(0.0) { $0 + t.flow($1, c) } / t.output[c] }
        let y = years[s]
        for j in 0..<nI {
            let k = s * nI + j
            let fva = (0..<n).filter { $0 / nI != s }.reduce(0.0) { $0 + v[$1] * bs[$1, k] }
            let fvaFar = (0..<n).filter { $0 / nI == 3 }.reduce(0.0) { $0 + v[$1] * bs[$1, k] }
            let e = try XCTUnwrap(level(y, "c\(j + 1)", .gross_exports))
            try close(level(y, "c\(j + 1)", .bm_fva), fva * e, "DEU c\(j + 1) FVA with B^s formed")
            try close(level(y, "c\(j + 1)", .bm_fva, origin: 2), fvaFar * e, "DEU c\(j + 1) FVA from FAR with B^s formed")
        }
        print("ExportDecompositionTests: largest relative gap in the identities \(worst)\(unbalanced ? " (unbalanced table)" : "")")
    }

    func testTermNamesParseAndCannotBeMixedWithOtherMeasures() throws {
        XCTAssertNil(try ExportDecompositionTerm.parse("vs,upstreamness"))
        XCTAssertEqual(try ExportDecompositionTerm.parse("bm"), ExportDecompositionTerm.borinMancini)
        XCTAssertEqual(try ExportDecompositionTerm.parse("kww"), ExportDecompositionTerm.koopmanWangWei)
        XCTAssertEqual(try ExportDecompositionTerm.parse("decomposition"), ExportDecompositionTerm.allCases)
        XCTAssertEqual(try ExportDecompositionTerm.parse("BM_FVA, kww_fdc"), [.bm_fva, .kww_fdc])
        XCTAssertThrowsError(try ExportDecompositionTerm.parse("bm,vs")) { e in
            XCTAssertTrue("\(e)".contains("--measure") && "\(e)".contains("'vs'"), "\(e)")
        }
    }
}
