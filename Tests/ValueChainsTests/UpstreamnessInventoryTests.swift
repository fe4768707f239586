import DataIO
import IOTables
import TestSupport
import ValueChains
import XCTest

/// Upstreamness corrected for net changes in inventories (Antras, Chor, Fally and Hillberry 2012): a hand-made chain,
/// and every industry of the 41 WIOD 2013 regions in 17 years against an independent numpy computation
/// (References/upstreamness_inventories_numpy.py, which forms Delta = Z / (Y - N) and inverts I - Delta in full) to 1e-9
/// relative. The inventory column is the fifth final-demand column of each region, INVEN (WIOD 2013 layout,
/// ../shared/data/wiod2013/README.md; OECD ICIO calls it INVNT).
final class UpstreamnessInventoryTests: XCTestCase {
    func value(_ y: ValueChainYear, _ unit: String) -> Double? {
        y.units.first { $0.unit == unit }?.sums[0].value(origin: 0, share: false)
    }

    func testOutputGoingIntoInventoriesIsNotAUse() throws {
        // c1 makes 20: 10 to c2, 10 into inventories; c2 sells its 10 to c3, c3 its 10 to households.
        let t = try MRIOTable(year: 2000, regions: ["BEL"], industries: ["c1", "c2", "c3"], finalDemandCategories: ["HH", "INVEN"],
                              intermediate: [0, 10, 0, 0, 0, 10, 0, 0, 0], finalDemand: [0, 10, 0, 0, 10, 0], output: [20, 10, 10],
                              source: "chain.csv")
        let grouping = try Grouping(groups: [RegionGroup(name: "X", regions: ["DEU"])])
        func measure(_ m: UpstreamnessMethod) throws -> ValueChainYear {
            try XCTUnwrap(ValueChainMeasures.compute(table: t, countries: ["BEL"], classification: nil, grouping: grouping,
                                                     measures: [.upstreamness], upstreamness: m).first)
        }
        let plain = try measure(.plain), corrected = try measure(.inventoryCorrected)
        // Plain: half of c1's output goes to c2 (2 stages from final use): 1 + 0.5 * 2. Corrected: all of its use does.
        XCTAssertEqual(value(plain, "c1") ?? .nan, 2, accuracy: 1e-14)
        XCTAssertEqual(value(corrected, "c1") ?? .nan, 3, accuracy: 1e-14)
        for u in ["c2", "c3"] { XCTAssertEqual(value(corrected, u) ?? .nan, value(plain, u) ?? .nan, accuracy: 1e-14, u) }
        // Without an inventory column the correction is refused, naming the file and the columns it looks for.
        let noInventories = try MRIOTable(year: 2000, regions: ["BEL"], industries: ["c1"], finalDemandCategories: ["HH"],
                                          intermediate: [1], finalDemand: [9], output: [10], source: "flat.csv")
        XCTAssertThrowsError(try ValueChainMeasures.compute(table: noInventories, countries: ["BEL"], classification: nil, grouping: grouping,
                                                            measures: [.upstreamness], upstreamness: .inventoryCorrected)) { e in
            XCTAssertTrue("\(e)".contains("flat.csv") && "\(e)".contains("INVEN") && "\(e)".contains("INVNT"), "\(e)")
        }
        XCTAssertEqual(try UpstreamnessMethod(parsing: "Inventory-Corrected"), .inventoryCorrected)
        XCTAssertThrowsError(try UpstreamnessMethod(parsing: "acfh")) { e in XCTAssertTrue("\(e)".contains("--upstreamness"), "\(e)") }
    }

    func testAllRegionsAndYearsMatchTheNumpyReference() throws {
        var expected: [String: Double] = [:]
        var header = true
        try CSVReader(path: RepositoryPaths.file("Tests/ValueChainsTests/References/upstreamness_inventories_wiod2013.csv.gz").path).forEachRow { row in
            if header { header = false; return }
            expected["\(row.string(0)),\(row.string(1)),\(row.string(2))"] = try row.double(3)
        }
        XCTAssertGreaterThan(expected.count, 24_000)
        let tables = try TableSet(path: RepositoryPaths.supplyUseTables.appendingPathComponent("wiod2013").path)
        let grouping = try Grouping.load(path: RepositoryPaths.file("SupplyUseTables/groupings/default.toml").path)
        let years = try tables.loadTables { table, _ in
            try ValueChainMeasures.compute(table: table, countries: table.regions, classification: nil, grouping: grouping,
                                           measures: [.upstreamness], upstreamness: .inventoryCorrected)
        }.flatMap { $0 }
        var computed: [String: Double] = [:]
        for y in years {
            for u in y.units { if let v = value(y, u.unit) { computed["\(y.year ?? 0),\(y.country),\(u.unit)"] = v } }
        }
        XCTAssertEqual(Set(computed.keys), Set(expected.keys), "the same rows are defined")
        var worst = (key: "", rel: 0.0), changed = 0
        for (key, e) in expected {
            guard let v = computed[key] else { continue }
            let rel = abs(v - e) / abs(e)
            if rel > worst.rel { worst = (key, rel) }
        }
        print("UpstreamnessInventoryTests: \(expected.count) values, largest relative difference \(worst.rel) at \(worst.key)")
        XCTAssertLessThan(worst.rel, 1e-9, "largest relative difference at \(worst.key)")
        // The correction moves the measure: compare with the plain upstreamness of the same year.
        let plain = try tables.loadTables { table, _ in
            try ValueChainMeasures.compute(table: table, countries: ["BEL"], classification: nil, grouping: grouping, measures: [.upstreamness])
        }.flatMap { $0 }
        for y in plain {
            for u in y.industries { if let p = value(y, u.unit), let c = computed["\(y.year ?? 0),BEL,\(u.unit)"], abs(p - c) > 1e-6 { changed += 1 } }
        }
        XCTAssertGreaterThan(changed, 100, "the correction changes Belgian upstreamness")
    }
}
