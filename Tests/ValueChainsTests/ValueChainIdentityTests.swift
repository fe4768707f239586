import DataIO
import IOTables
import Linalg
import TestSupport
import ValueChains
import XCTest

/// Identities of the value-chain measures on hand-made tables, and every measure against the textbook formulas with
/// the Leontief inverse formed in full (`Matrix.inverse`, a different LAPACK path from the LU solves the module uses).
final class ValueChainIdentityTests: XCTestCase {
    /// A table of `regions` x `industries` with seeded random flows (positive outputs, every column's inputs below
    /// its output), two final-demand categories.
    static func randomTable(regions: [String], industries: Int, seed: UInt64, domesticZero: Bool = false) throws -> MRIOTable {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { rng.unit() }
        let nR = regions.count, n = nR * industries, nF = nR * 2
        var z = [Double](repeating: 0, count: n * n), f = [Double](repeating: 0, count: n * nF)
        for r in 0..<n { for c in 0..<n { z[r * n + c] = 10 * uniform() } }
        if domesticZero {
            for r in 0..<n { for c in 0..<n where r / industries == c / industries { z[r * n + c] = 0 } }
        }
        for r in 0..<n { for c in 0..<nF { f[r * nF + c] = 50 * uniform() } }
        var x = [Double](repeating: 0, count: n)
        for r in 0..<n { x[r] = (0..<n).reduce(0) { $0 + z[r * n + $1] } + (0..<nF).reduce(0) { $0 + f[r * nF + $1] } }
        return try MRIOTable(year: 2000, regions: regions, industries: (1...industries).map { "c\($0)" }, finalDemandCategories: ["HH", "GFCF"],
                             intermediate: z, finalDemand: f, output: x, source: "hand-made.csv")
    }

    /// Two partner groups: NEAR (DEU, FRA) and FAR (CHN).
    static func grouping() throws -> Grouping {
        try Grouping(groups: [RegionGroup(name: "NEAR", regions: ["DEU", "FRA"]), RegionGroup(name: "FAR", regions: ["CHN"])])
    }

    func value(_ y: ValueChainYear, _ unit: String, _ m: GVCMeasure, origin: Int = 0) -> Double? {
        guard let k = y.measures.firstIndex(of: m), let u = y.units.first(where: { $0.unit == unit }) else { return nil }
        return u.sums[k].value(origin: origin, share: m.isShare)
    }

    func testValueAddedMultipliersOfEveryUnitOfFinalDemandSumToOne() throws {
        let t = try Self.randomTable(regions: ["BEL", "DEU", "FRA", "CHN"], industries: 3, seed: 7)
        let sys = try LeontiefSystem(table: t)
        // v' L = u': every column's value added over all regions and stages is its unit of final output.
        var b = Matrix(rows: t.size, cols: 1)
        for k in 0..<t.size { b[k, 0] = sys.valueAdded[k] }
        let multipliers = try sys.leontiefTransposeTimes(b)
        for k in 0..<t.size { XCTAssertEqual(multipliers[k, 0], 1, accuracy: 1e-13, "column \(k)") }
        // So domestic and foreign value added in exports make 100 for every industry and aggregate of every country.
        let years = try ValueChainMeasures.compute(table: t, system: sys, countries: ["BEL", "DEU", "FRA", "CHN"], classification: nil,
                                                   grouping: try Self.grouping(), measures: GVCMeasure.allCases)
        for y in years {
            for u in y.units {
                let dva = try XCTUnwrap(value(y, u.unit, .dva_exports)), fva = try XCTUnwrap(value(y, u.unit, .fva_exports))
                XCTAssertEqual(dva + fva, 100, accuracy: 1e-11, "\(y.country) \(u.unit)")
                XCTAssertEqual(value(y, u.unit, .gvc_backward), fva)
                XCTAssertEqual(value(y, u.unit, .gvc_forward), value(y, u.unit, .vs1))
                XCTAssertEqual(try XCTUnwrap(value(y, u.unit, .gvc_participation)), fva + (value(y, u.unit, .vs1) ?? .nan), accuracy: 1e-11)
                // The groups of a share add up to at most the total (CHN's and FRA's own region is in no partner set).
                for m in GVCMeasure.allCases where m.hasGroups {
                    let total = try XCTUnwrap(value(y, u.unit, m))
                    let groups = (1...2).compactMap { value(y, u.unit, m, origin: $0) }.reduce(0, +)
                    XCTAssertLessThanOrEqual(groups, total + 1e-9, "\(y.country) \(u.unit) \(m)")
                }
            }
        }
    }

    func testVSEqualsTheDirectImportShareWhenTheDomesticBlockIsZero() throws {
        let t = try Self.randomTable(regions: ["BEL", "DEU", "CHN"], industries: 3, seed: 11, domesticZero: true)
        let y = try XCTUnwrap(ValueChainMeasures.compute(table: t, countries: ["BEL"], classification: nil, grouping: try Self.grouping(),
                                                         measures: GVCFamily.vs.measures).first)
        let n = t.size
        for j in 0..<3 {
            // Imported inputs of BEL's industry j per unit of its output, from every region and from DEU (group NEAR).
            let imported = (3..<n).reduce(0.0) { $0 + t.flow($1, j) } / t.output[j]
            let fromDEU = (3..<6).reduce(0.0) { $0 + t.flow($1, j) } / t.output[j]
            XCTAssertEqual(try XCTUnwrap(value(y, "c\(j + 1)", .vs)), 100 * imported, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(value(y, "c\(j + 1)", .vs_direct)), 100 * imported, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(value(y, "c\(j + 1)", .vs_indirect)), 0, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(value(y, "c\(j + 1)", .vs, origin: 1)), 100 * fromDEU, accuracy: 1e-12)
        }
    }

    func testEveryMeasureMatchesTheFormulasWithTheInverseFormedInFull() throws {
        let regions = ["BEL", "DEU", "FRA", "CHN", "USA"], nI = 4
        let t = try Self.randomTable(regions: regions, industries: nI, seed: 2026)
        let n = t.size, nR = regions.count, nF = t.finalDemandColumns
        var ia = Matrix(rows: n, cols: n)
        for r in 0..<n { for c in 0..<n { ia[r, c] = (r == c ? 1 : 0) - t.flow(r, c) / t.output[c] } }
        let l = try ia.inverse()
        let v = (0..<n).map { c in 1 - (0..<n).reduce(0.0) { $0 + t.flow($1, c) } / t.output[c] }
        let reg = { (k: Int) in k / nI }
        let fd = { (k: Int, s: Int) in t.finalDemand[k * nF + 2 * s] + t.finalDemand[k * nF + 2 * s + 1] }
        let e = (0..<n).map { k in (0..<n).filter { reg($0) != reg(k) }.reduce(0.0) { $0 + t.flow(k, $1) }
            + (0..<nR).filter { $0 != reg(k) }.reduce(0.0) { $0 + fd(k, $1) } }
        let years = try ValueChainMeasures.compute(table: t, countries: ["DEU"], classification: nil, grouping: try Self.grouping(),
                                                   measures: GVCMeasure.allCases)
        let y = try XCTUnwrap(years.first)
        let c = 1
        // The domestic block's own inverse, for HIY.
        var dom = Matrix(rows: nI, cols: nI)
        for i in 0..<nI { for j in 0..<nI { dom[i, j] = (i == j ? 1 : 0) - t.flow(c * nI + i, c * nI + j) / t.output[c * nI + j] } }
        let ld = try dom.inverse()
        for j in 0..<nI {
            let k = c * nI + j, unit = "c\(j + 1)"
            let fva = (0..<n).filter { reg($0) != c }.reduce(0.0) { $0 + v[$1] * l[$1, k] }
            let fvaFar = (0..<n).filter { reg($0) == 3 }.reduce(0.0) { $0 + v[$1] * l[$1, k] }
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .fva_exports)), 100 * fva, accuracy: 1e-11)
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .fva_final)), 100 * fva, accuracy: 1e-11)
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .fva_exports, origin: 2)), 100 * fvaFar, accuracy: 1e-11)
            let vs1 = (0..<n).filter { reg($0) != c }.reduce(0.0) { $0 + v[k] * l[k, $1] * e[$1] } / e[k]
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .vs1)), 100 * vs1, accuracy: 1e-10)
            let vax = (0..<n).reduce(0.0) { acc, i in acc + (0..<nR).filter { $0 != c }.reduce(0.0) { $0 + v[k] * l[k, i] * fd(i, $1) } } / e[k]
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .vax_ratio)), 100 * vax, accuracy: 1e-10)
            let up = (0..<n).reduce(0.0) { $0 + l[k, $1] * t.output[$1] } / t.output[k]
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .upstreamness)), up, accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .downstreamness)), (0..<n).reduce(0.0) { $0 + l[$1, k] }, accuracy: 1e-12)
            let m = (0..<nI).map { i in (0..<n).filter { reg($0) != c }.reduce(0.0) { $0 + t.flow($1, c * nI + i) } / t.output[c * nI + i] }
            let vs = (0..<nI).reduce(0.0) { $0 + m[$1] * ld[$1, j] }
            XCTAssertEqual(try XCTUnwrap(value(y, unit, .vs)), 100 * vs, accuracy: 1e-11)
        }
        // The whole economy: ratios of sums (exports as weights).
        let ks = (c * nI)..<((c + 1) * nI)
        let vsAll = ks.reduce(0.0) { $0 + (value(y, "c\($1 - c * nI + 1)", .vs) ?? .nan) * e[$1] } / ks.reduce(0.0) { $0 + e[$1] }
        XCTAssertEqual(try XCTUnwrap(value(y, "all", .vs)), vsAll, accuracy: 1e-11)
        XCTAssertEqual(try sysInverseMatches(t, l), 0, accuracy: 1e-12)
    }

    /// The largest difference between `LeontiefSystem.inverse()` and `l`.
    func sysInverseMatches(_ t: MRIOTable, _ l: Matrix) throws -> Double {
        try LeontiefSystem(table: t).inverse().maxAbsDifference(l)
    }

    func testUpstreamnessOfAChainCountsItsStages() throws {
        // One region: c1 sells everything to c2, c2 to c3, c3 only to final demand.
        let z = [0, 10, 0, 0, 0, 10, 0, 0, 0.0]
        let t = try MRIOTable(year: 2000, regions: ["BEL"], industries: ["c1", "c2", "c3"], finalDemandCategories: ["HH"],
                              intermediate: z, finalDemand: [0, 0, 10], output: [10, 10, 10], source: "chain.csv")
        let y = try XCTUnwrap(ValueChainMeasures.compute(table: t, countries: ["BEL"], classification: nil,
                                                         grouping: try Grouping(groups: [RegionGroup(name: "X", regions: ["DEU"])]),
                                                         measures: [.upstreamness, .downstreamness]).first)
        XCTAssertEqual(value(y, "c1", .upstreamness) ?? .nan, 3, accuracy: 1e-14)
        XCTAssertEqual(value(y, "c2", .upstreamness) ?? .nan, 2, accuracy: 1e-14)
        XCTAssertEqual(value(y, "c3", .upstreamness) ?? .nan, 1, accuracy: 1e-14)
        XCTAssertEqual(value(y, "c3", .downstreamness) ?? .nan, 3, accuracy: 1e-14)
        XCTAssertEqual(value(y, "c1", .downstreamness) ?? .nan, 1, accuracy: 1e-14)
        XCTAssertNil(value(y, "c1", .vs), "not asked for")
    }

    func testAColumnWithoutOutputIsUndefinedAndASingularSystemNamesTheFile() throws {
        let t = try MRIOTable(year: 2000, regions: ["BEL", "DEU"], industries: ["c1"], finalDemandCategories: ["HH"],
                              intermediate: [0, 0, 0, 0], finalDemand: [5, 5, 0, 0], output: [10, 0], source: "zero.csv")
        let y = try XCTUnwrap(ValueChainMeasures.compute(table: t, countries: ["DEU"], classification: nil, grouping: try Self.grouping(),
                                                         measures: GVCMeasure.allCases).first)
        XCTAssertTrue(y.measures.allSatisfy { m in value(y, "c1", m) == nil })
        // Inputs of 10 per 10 of output: I - A has a zero column.
        let s = try MRIOTable(year: 2000, regions: ["BEL"], industries: ["c1"], finalDemandCategories: ["HH"],
                              intermediate: [10], finalDemand: [0], output: [10], source: "singular.csv")
        XCTAssertThrowsError(try LeontiefSystem(table: s)) { e in
            XCTAssertTrue("\(e)".contains("singular.csv") && "\(e)".contains("singular"), "\(e)")
        }
        XCTAssertThrowsError(try ValueChainMeasures.compute(table: t, countries: ["XYZ"], classification: nil, grouping: try Self.grouping(),
                                                            measures: [.vs])) { e in XCTAssertTrue("\(e)".contains("XYZ"), "\(e)") }
    }

    func testMeasureNamesParseAndAnUnknownOneNamesTheOption() throws {
        XCTAssertEqual(try GVCMeasure.parse("vs"), [.vs, .vs_direct, .vs_indirect])
        XCTAssertEqual(try GVCMeasure.parse("upstreamness, vs1"), [.vs1, .upstreamness, .downstreamness])
        XCTAssertEqual(try GVCMeasure.parse("all"), GVCMeasure.allCases)
        XCTAssertThrowsError(try GVCMeasure.parse("vs,fva")) { e in
            XCTAssertTrue("\(e)".contains("--measure") && "\(e)".contains("'fva'") && "\(e)".contains("fva_final"), "\(e)")
        }
    }
}
