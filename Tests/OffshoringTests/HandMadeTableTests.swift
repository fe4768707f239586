import DataIO
import IOTables
@testable import Offshoring
import XCTest

/// om and os on a table small enough to compute by hand.
///
/// Regions HOM (reporting), AAX (written AAX in the table, AAA in the grouping through an alias; group G1) and
/// ZZZ (in no group). Products m1, m2 manufactured, s business services, e energy, o other.
final class HandMadeTableTests: XCTestCase {
    static let regions = ["HOM", "AAX", "ZZZ"]
    static let industries = ["m1", "m2", "s", "e", "o"]

    /// Non-zero flows into the columns HOM_m1, HOM_m2 and HOM_s; the HOM_e and HOM_o columns are all zero.
    static func table() throws -> MRIOTable {
        let n = 15
        var z = [Double](repeating: 0, count: n * n)
        func set(_ row: String, _ col: String, _ v: Double) {
            let idx = { (l: String) -> Int in
                let p = l.split(separator: "_").map(String.init)
                return regions.firstIndex(of: p[0])! * 5 + industries.firstIndex(of: p[1])!
            }
            z[idx(row) * n + idx(col)] = v
        }
        let m1: [(String, Double)] = [("HOM_m1", 10), ("HOM_m2", 2), ("HOM_s", 4), ("HOM_e", 7), ("HOM_o", 3),
                                      ("AAX_m1", 6), ("AAX_m2", 1), ("AAX_s", 2), ("AAX_e", 5), ("AAX_o", 1),
                                      ("ZZZ_m1", 4), ("ZZZ_m2", 3), ("ZZZ_s", 3), ("ZZZ_e", 9), ("ZZZ_o", 2)]
        for (r, v) in m1 { set(r, "HOM_m1", v) }
        let s: [(String, Double)] = [("HOM_m1", 1), ("HOM_s", 5), ("HOM_e", 2), ("HOM_o", 2),
                                     ("AAX_m1", 2), ("AAX_s", 4), ("ZZZ_s", 1), ("ZZZ_e", 1)]
        for (r, v) in s { set(r, "HOM_s", v) }
        for (r, v) in [("HOM_m1", 3.0), ("AAX_m2", 2), ("ZZZ_s", 1)] { set(r, "HOM_m2", v) }
        var output = [Double](repeating: 50, count: n)
        output[0] = 100  // HOM_m1
        output[2] = 40   // HOM_s
        return try MRIOTable(year: 2000, regions: regions, industries: industries, finalDemandCategories: [],
                             intermediate: z, finalDemand: [], output: output, source: "hand-made")
    }

    static func classification() throws -> Classification {
        try Classification(categories: [("m1", .manufactured), ("m2", .manufactured), ("s", .businessServices),
                                        ("e", .energy), ("o", .other)],
                           aggregates: [IndustryAggregate(name: "goods", label: "Goods", industries: ["m1", "m2"])])
    }

    static func grouping() throws -> Grouping {
        try Grouping(aliases: ["AAX": "AAA"], groups: [RegionGroup(name: "G1", regions: ["AAA", "QQQ"])])
    }

    func compute(_ d: Denominator = .nonenergy, narrow: Bool = false) throws -> OffshoringYear {
        try OffshoringMeasures.compute(table: Self.table(), country: "HOM", classification: Self.classification(),
                                       grouping: Self.grouping(), denominator: d, narrow: narrow)
    }

    func value(_ y: OffshoringYear, _ unit: String, _ m: OffshoringMeasure, _ origin: Int) throws -> Double {
        let u = try XCTUnwrap(y.units.first { $0.unit == unit }, "no unit \(unit)")
        return try XCTUnwrap(u.sums.percent(m, origin: origin))
    }

    func testNonEnergyDenominatorByOrigin() throws {
        let y = try compute()
        XCTAssertEqual(y.origins, ["total", "G1"])
        // HOM_m1: D = 19 + 10 + 12 = 41 (energy 7, 5, 9 left out); om = 6+1+4+3 = 14, from G1 6+1 = 7; os = 2+3, G1 2.
        XCTAssertEqual(try value(y, "m1", .om, 0), 100 * 14 / 41, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "m1", .om, 1), 100 * 7 / 41, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "m1", .os, 0), 100 * 5 / 41, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "m1", .os, 1), 100 * 2 / 41, accuracy: 1e-12)
        // HOM_s: D = 1+5+2 + 2+4 + 1 = 15; om = 2 (all G1); os = 4 + 1, G1 4.
        XCTAssertEqual(try value(y, "s", .om, 0), 100 * 2 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "s", .om, 1), 100 * 2 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "s", .os, 0), 100 * 5 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "s", .os, 1), 100 * 4 / 15, accuracy: 1e-12)
    }

    func testIntermediatesAndOutputDenominators() throws {
        let all = try compute(.intermediates)
        XCTAssertEqual(try value(all, "m1", .om, 0), 100 * 14 / 62, accuracy: 1e-12)
        XCTAssertEqual(try value(all, "s", .os, 0), 100 * 5 / 18, accuracy: 1e-12)
        let out = try compute(.output)
        XCTAssertEqual(try value(out, "m1", .om, 0), 14, accuracy: 1e-12)
        XCTAssertEqual(try value(out, "s", .os, 1), 100 * 4 / 40, accuracy: 1e-12)
        // With gross output as denominator, the all-zero columns HOM_e, HOM_o are defined (output 50).
        XCTAssertEqual(try value(out, "e", .om, 0), 0)
    }

    func testNarrowCountsOnlyTheIndustrysOwnProduct() throws {
        let y = try compute(narrow: true)
        // HOM_m1: imported m1 only, 6 + 4 (G1 6); it is not a service, so os narrow is 0.
        XCTAssertEqual(try value(y, "m1", .om, 0), 100 * 10 / 41, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "m1", .om, 1), 100 * 6 / 41, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "m1", .os, 0), 0)
        // HOM_s: imported s, 4 + 1; om narrow 0. The denominator is unchanged.
        XCTAssertEqual(try value(y, "s", .os, 0), 100 * 5 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "s", .om, 0), 0)
    }

    func testAggregateIsARatioOfSumsNotAMeanOfRatios() throws {
        let y = try compute()
        // goods = m1 + m2: om (14 + 2) / (41 + 6); the mean of ratios would be (14/41 + 2/6) / 2.
        XCTAssertEqual(try value(y, "goods", .om, 0), 100 * 16 / 47, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "goods", .os, 0), 100 * 6 / 47, accuracy: 1e-12)
        XCTAssertEqual(y.aggregates.map(\.label), ["Goods"])
    }

    func testZeroDenominatorLeavesTheIndustryOutWithAWarning() throws {
        let y = try compute()
        XCTAssertEqual(y.industries.map(\.unit), ["m1", "m2", "s"])
        XCTAssertEqual(y.warnings.count, 2)
        XCTAssertTrue(y.warnings[0].contains("HOM e 2000"), y.warnings[0])
        for u in y.units { for m in OffshoringMeasure.allCases { for o in 0..<2 { XCTAssertTrue(u.sums.percent(m, origin: o)?.isFinite ?? false) } } }
    }

    func testCountryMayBeGivenByItsAliasAndUnknownCountryIsAnError() throws {
        let y = try OffshoringMeasures.compute(table: Self.table(), country: "AAA", classification: Self.classification(),
                                               grouping: Self.grouping())
        XCTAssertEqual(y.country, "AAA")
        let e = try expectInputError {
            try OffshoringMeasures.compute(table: Self.table(), country: "XYZ", classification: Self.classification(),
                                           grouping: Self.grouping())
        }
        XCTAssertEqual(e.key, "country")
    }
}

/// Runs `body`, which must throw an `InputError`, and returns it.
func expectInputError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) throws -> InputError {
    do {
        _ = try body()
    } catch let e as InputError {
        return e
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
        throw error
    }
    XCTFail("expected an InputError, got success", file: file, line: line)
    throw XCTSkip("no error")
}
