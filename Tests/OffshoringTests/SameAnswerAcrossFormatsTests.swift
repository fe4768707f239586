import DataIO
import Foundation
import IOTables
import Offshoring
import XCTest
import TestSupport

/// The bundled WIOD tables (1995 and 2011; FIGARO 2011 only, to keep the debug run short) written in every other layout (OECD ICIO, FIGARO industry-by-industry and
/// product-by-industry, national SUT with origin shares) and read back give Belgium's measures of the WIOD reader:
/// identical to 1e-12 for the multi-regional layouts (all origins), and for the SUT the totals identical while the
/// group split follows the proportional method.
final class SameAnswerAcrossFormatsTests: XCTestCase {
    static let years = [1995, 2011]
    static let denominators: [Denominator] = [.nonenergy, .intermediates, .output]

    static var wiodFolder: String { RepositoryPaths.file("SupplyUseTables/wiod2013").path }
    static var bundled: String { RepositoryPaths.supplyUseTables.path }

    /// The bundled tables, read once for all tests of this class.
    static let tables: [MRIOTable] = {
        years.compactMap { y in try? WIODReader.read(path: "\(wiodFolder)/WIOT\(y)_wiod2013.csv.gz", year: y).0 }
    }()

    static func classification() throws -> Classification { try Classification.load(path: bundled + "/classifications/wiod2013.toml") }
    static func grouping() throws -> Grouping { try Grouping.load(path: bundled + "/groupings/default.toml") }

    /// Measures for every denominator, broad and narrow, from each year's use.
    static func measures(_ uses: [CountryUse], classification: Classification, grouping: Grouping) throws -> [OffshoringYear] {
        var out: [OffshoringYear] = []
        for u in uses {
            for d in denominators {
                for narrow in [false, true] {
                    out.append(try OffshoringMeasures.compute(use: u, country: "BEL", classification: classification,
                                                              grouping: grouping, denominator: d, narrow: narrow))
                }
            }
        }
        return out
    }

    /// The WIOD reader's measures (the reference path).
    static func wiodMeasures(classification: Classification, grouping: Grouping) throws -> [OffshoringYear] {
        let set = try TableSet(path: wiodFolder, format: .wiod)
        var s = set
        s.keep(years: Set(years))
        let uses = try s.load(country: "BEL", canonical: { _ in "" }) { u, _ in u }
        return try measures(uses, classification: classification, grouping: grouping)
    }

    /// Largest |a - b| over every unit, measure and origin (in percentage points); origins limited to `origins`.
    static func maxDifference(_ a: [OffshoringYear], _ b: [OffshoringYear], origins: Range<Int>? = nil,
                              file: StaticString = #filePath, line: UInt = #line) -> Double {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        var worst = 0.0
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.year, y.year, file: file, line: line)
            XCTAssertEqual(x.units.map(\.unit), y.units.map(\.unit), file: file, line: line)
            for (u, v) in zip(x.units, y.units) {
                for m in OffshoringMeasure.allCases {
                    for o in origins ?? 0..<x.origins.count {
                        guard let p = u.sums.percent(m, origin: o), let q = v.sums.percent(m, origin: o) else {
                            XCTFail("undefined \(u.unit) \(m) \(o)", file: file, line: line)
                            continue
                        }
                        worst = max(worst, abs(p - q))
                    }
                }
            }
        }
        return worst
    }

    func testICIOAndFIGAROLayoutsGiveTheWIODMeasuresTo1e12() throws {
        XCTAssertEqual(Self.tables.count, Self.years.count, "bundled tables not readable")
        let c = try Self.classification(), g = try Self.grouping()
        let reference = try Self.wiodMeasures(classification: c, grouping: g)
        let dir = try TemporaryFolder()
        try AtomicFile.createDirectories(dir.path + "/icio")
        try AtomicFile.createDirectories(dir.path + "/figaro")
        try AtomicFile.createDirectories(dir.path + "/figaro-pxi")
        // ICIO both years; FIGARO (a slower flat layout in debug builds) the last year only.
        for t in Self.tables {
            try write(TableWriter.icio(t), to: dir.path + "/icio/ICIO2023_\(t.year ?? 0).csv")
        }
        if let t = Self.tables.last {
            try write(TableWriter.figaro(t), to: dir.path + "/figaro/figaro_ixi_\(t.year ?? 0).csv")
            try write(TableWriter.figaro(t, productPrefix: "CPA_"), to: dir.path + "/figaro-pxi/figaro_pxi_\(t.year ?? 0).csv")
        }
        let perYear = Self.denominators.count * 2
        let lastYear = Array(reference.suffix(perYear))
        for (folder, format) in [("icio", TableLayout.icio), ("figaro", .figaro)] {
            let set = try TableSet(path: dir.path + "/" + folder)  // detected from the header
            XCTAssertEqual(set.format, format)
            let expected = format == .icio ? reference : lastYear
            XCTAssertEqual(set.years, format == .icio ? Self.years : [Self.years[Self.years.count - 1]])
            let uses = try set.load(country: "ROU", canonical: { $0 == "ROM" ? "ROU" : $0 }) { u, _ in u }
            XCTAssertEqual(Set(uses.map(\.country)), ["ROM"], "alias resolves the country")
            let belgium = try set.load(country: "BEL") { u, _ in u }
            let d = Self.maxDifference(expected, try Self.measures(belgium, classification: c, grouping: g))
            XCTAssertLessThanOrEqual(d, 1e-12, folder)
            XCTAssertEqual(d, 0, "\(folder): expected bit-identical sums, found \(d) pp")
        }
        // Product-by-industry rows (CPA_ codes): a classification of the products, industries coded apart.
        let pxiClassification = try Classification(
            categories: c.products.map { ("CPA_" + $0, c.category(of: $0) ?? .other) }, aggregates: c.aggregates)
        let pxi = try TableSet(path: dir.path + "/figaro-pxi", format: .figaro)
        let uses = try pxi.load(country: "BEL") { u, _ in u }
        XCTAssertEqual(uses.first?.products.first, "CPA_c1")
        XCTAssertEqual(uses.first?.industries.first, "c1")
        var measured: [OffshoringYear] = []
        for u in uses {
            for d in Self.denominators {
                // Narrow needs the product of the industry's own code, which CPA_ codes are not: only broad here.
                measured.append(try OffshoringMeasures.compute(use: u, country: "BEL", classification: pxiClassification,
                                                               grouping: g, denominator: d))
            }
        }
        let broad = lastYear.filter { !$0.narrow }
        XCTAssertEqual(Self.maxDifference(broad, measured), 0)
    }

    func testSUTWithSharesFromTheTableGivesTheTotalsExactlyAndTheGroupsUpToProportionality() throws {
        let c = try Self.classification(), g = try Self.grouping()
        let reference = try Self.wiodMeasures(classification: c, grouping: g)
        let dir = try TemporaryFolder()
        var sut = Array(TableWriter.sutHeader.utf8), shares = Array(TableWriter.sharesHeader.utf8)
        for t in Self.tables {
            sut += try TableWriter.sut(t, country: "BEL", year: t.year ?? 0)
            shares += try TableWriter.originValues(t, country: "BEL", year: t.year ?? 0)
        }
        try write(sut, to: dir.path + "/SUT_BEL.csv")
        try write(shares, to: dir.path + "/SUT_BEL_origin_values.csv")
        let set = try TableSet(path: dir.path)
        XCTAssertEqual(set.format, .sut)
        XCTAssertEqual(set.shares?.normalised, true)
        let uses = try set.load(country: "BEL") { u, _ in u }
        XCTAssertEqual(uses.map(\.originMethod), ["proportional", "proportional"])
        let proportional = try Self.measures(uses, classification: c, grouping: g)
        // Totals: the same sums, so the same bits.
        XCTAssertEqual(Self.maxDifference(reference, proportional, origins: 0..<1), 0)
        // Groups: the proportional method gives every using industry the product's average origin mix; the
        // industries differ, so the group split does (by up to a few points for single industries).
        let groups = Self.maxDifference(reference, proportional, origins: 1..<4)
        XCTAssertGreaterThan(groups, 1e-3, "industries' origin mixes should differ from the product average")
        XCTAssertLessThan(groups, 25)
        print("proportional vs direct: largest group difference \(groups) pp (industries and aggregates, 2 years, 3 denominators, broad and narrow)")
        // Summed over all using industries, the proportional imports of each product from each group are the
        // direct ones (that is how the shares were made): the assumption only redistributes across industries.
        for (k, t) in Self.tables.enumerated() {
            let direct = try CountryUse(table: t, country: "BEL")
            let prop = uses[k]
            let nP = direct.products.count, nI = direct.industries.count
            for j in 0..<nP {
                for grp in 0..<g.groups.count {
                    func sum(_ u: CountryUse) -> Double {
                        let resolution = g.resolve(regions: u.regions)
                        var s = 0.0
                        for r in u.regions.indices where resolution.groupOfRegion[r] == grp {
                            for i in 0..<nI { s += u.imported[(r * nP + j) * nI + i] }
                        }
                        return s
                    }
                    let a = sum(direct), b = sum(prop)
                    XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(a)), "\(direct.products[j]) group \(grp) in \(t.year ?? 0)")
                }
            }
        }
        // The aggregates (ratios of sums over many industries) move much less than single industries.
        let aggregatesOnly = Self.maxDifference(reference.map(aggregates), proportional.map(aggregates), origins: 1..<4)
        print("proportional vs direct: largest aggregate group difference \(aggregatesOnly) pp")
        XCTAssertLessThan(aggregatesOnly, groups)
    }

    private func aggregates(_ y: OffshoringYear) -> OffshoringYear {
        var y = y
        y.industries = []
        return y
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: path) }
    }
}

/// A temporary folder removed when released.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = try TemporaryDirectory.make(prefix: "offshore-formats").path
    }
    deinit { TemporaryDirectory.remove(URL(fileURLWithPath: path)) }
}
