import DataIO
import Foundation
import IOTables
import Offshoring
import XCTest
import TestSupport

/// om and os from a national SUT with origin shares (the proportional method), on numbers small enough to work out
/// by hand.
///
/// Products m (manufactured), s (business services), e (energy); industries I1, I2. Imported use: m 4 (I1) and 6
/// (I2), s 2 (I1). Partner shares: m DEU 0.75, CHN 0.25; s DEU 1. DEU is OECD, CHN ASIA in the default grouping.
final class ProportionalMethodTests: XCTestCase {
    func use() throws -> CountryUse {
        let dir = try TemporaryDirectory.make(prefix: "offshore-prop")
        let sut = dir.appendingPathComponent("sut.csv"), shares = dir.appendingPathComponent("shares.csv")
        try """
        year,table,product,industry,value
        2005,supply,m,I1,50
        2005,supply,s,I2,30
        2005,use_total,m,I1,10
        2005,use_total,m,I2,20
        2005,use_total,s,I1,5
        2005,use_total,e,I1,4
        2005,use_imported,m,I1,4
        2005,use_imported,m,I2,6
        2005,use_imported,s,I1,2
        """.write(to: sut, atomically: true, encoding: .utf8)
        try "year,product,partner,share\n2005,m,DEU,0.75\n2005,m,CHN,0.25\n2005,s,DEU,1\n".write(to: shares, atomically: true, encoding: .utf8)
        let set = try TableSet(path: sut.path, format: .sut, originShares: shares.path)
        return try XCTUnwrap(set.load(country: "BEL") { u, _ in u }.first)
    }

    func classification() throws -> Classification {
        try Classification(categories: [("m", .manufactured), ("s", .businessServices), ("e", .energy)],
                           aggregates: [IndustryAggregate(name: "all", label: "All", industries: ["I1", "I2"])])
    }

    func grouping() throws -> Grouping {
        try Grouping(groups: [RegionGroup(name: "OECD", regions: ["DEU"]), RegionGroup(name: "ASIA", regions: ["CHN"])])
    }

    func value(_ y: OffshoringYear, _ unit: String, _ m: OffshoringMeasure, _ origin: Int) throws -> Double {
        try XCTUnwrap(XCTUnwrap(y.units.first { $0.unit == unit }).sums.percent(m, origin: origin))
    }

    func testMeasuresByHand() throws {
        let y = try OffshoringMeasures.compute(use: use(), country: "BEL", classification: classification(), grouping: grouping())
        // I1: D = m 10 + s 5 (energy left out) = 15; om = 4 (OECD 3, ASIA 1); os = 2 (OECD 2).
        XCTAssertEqual(try value(y, "I1", .om, 0), 100 * 4 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "I1", .om, 1), 100 * 3 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "I1", .om, 2), 100 * 1 / 15, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "I1", .os, 1), 100 * 2 / 15, accuracy: 1e-12)
        // I2: D = 20; om = 6 (OECD 4.5, ASIA 1.5): the same shares as I1, which is the proportionality assumption.
        XCTAssertEqual(try value(y, "I2", .om, 1), 100 * 4.5 / 20, accuracy: 1e-12)
        XCTAssertEqual(try value(y, "I2", .om, 2), 100 * 1.5 / 20, accuracy: 1e-12)
        // Aggregate: (4 + 6) / (15 + 20).
        XCTAssertEqual(try value(y, "all", .om, 0), 100 * 10 / 35, accuracy: 1e-12)
        // Output denominator from the supply table's column sums: I1 50, I2 30.
        let out = try OffshoringMeasures.compute(use: use(), classification: classification(), grouping: grouping(), denominator: .output)
        XCTAssertEqual(try value(out, "I2", .om, 0), 100 * 6 / 30, accuracy: 1e-12)
        XCTAssertEqual(out.country, "BEL")
    }

    func testOutputDenominatorNeedsASupplyTable() throws {
        var u = try use()
        u.output = nil
        let e = try expectInputError {
            try OffshoringMeasures.compute(use: u, classification: classification(), grouping: grouping(), denominator: .output)
        }
        XCTAssertEqual(e.key, "--denominator")
    }
}
