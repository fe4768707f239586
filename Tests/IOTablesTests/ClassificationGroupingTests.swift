import DataIO
@testable import IOTables
import XCTest

/// Classification and grouping files: the bundled defaults (METHOD.md) and their error messages.
final class ClassificationGroupingTests: XCTestCase {
    func testBundledClassificationMatchesMETHOD() throws {
        let c = try Classification.load(path: TestFiles.bundled.appendingPathComponent("classifications/wiod2013.toml").path)
        XCTAssertEqual(c.products.count, 35)
        let manufactured = c.products.filter { c.category(of: $0) == .manufactured }
        XCTAssertEqual(Set(manufactured), Set([3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16].map { "c\($0)" }))
        XCTAssertEqual(Set(c.products.filter { c.category(of: $0) == .businessServices }), ["c27", "c28", "c30"])
        XCTAssertEqual(Set(c.products.filter { c.category(of: $0) == .energy }), ["c2", "c8", "c17"])
        XCTAssertEqual(c.aggregates.map(\.name), ["manufacturing", "market_services"])
        XCTAssertEqual(c.aggregates[0].industries, (3...16).map { "c\($0)" })
        XCTAssertEqual(c.aggregates[1].industries, (19...30).map { "c\($0)" })
    }

    func testProductInTwoCategoriesIsAnError() throws {
        let path = try TestFiles.write("""
        [categories]
        manufactured = ["c1", "c2"]
        energy = ["c2"]
        """, name: "c.toml")
        let e = try expectInputError { try Classification.load(path: path) }
        XCTAssertEqual(e.line, 3)
        XCTAssertTrue(e.message.contains("'c2' is already in manufactured"), e.description)
    }

    func testUnknownCategoryKeyNamesItsLine() throws {
        let path = try TestFiles.write("""
        [categories]
        manufactured = ["c1"]
        services = ["c2"]
        """, name: "c.toml")
        let e = try expectInputError { try Classification.load(path: path) }
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.key, "categories.services")
    }

    func testClassificationMustCoverTheTable() throws {
        let c = try Classification(categories: [("c1", .manufactured)])
        let (t, _) = try WIODReader.read(path: try TestFiles.write(TestFiles.small, name: "t.csv"))
        let e = try expectInputError { try c.check(against: t) }
        XCTAssertEqual(e.key, "c2")
    }

    func testBundledGroupingMatchesMETHODAndResolvesWIODRegions() throws {
        let g = try Grouping.load(path: TestFiles.bundled.appendingPathComponent("groupings/default.toml").path)
        XCTAssertEqual(g.groups.map(\.name), ["OECD", "CEE", "ASIA"])
        XCTAssertEqual(g.groups.map(\.regions.count), [22, 10, 10])
        XCTAssertEqual(g.canonical("ROM"), "ROU")
        let wiod = ["AUS", "BEL", "ROM", "CHN", "RoW", "DEU"]
        let r = g.resolve(regions: wiod)
        XCTAssertEqual(r.groupOfRegion, [0, nil, 1, 2, nil, 0])
        // The nine regions of the groups that WIOD lacks, and any others of the groups absent from this list.
        let absent = Set(r.absent.map(\.region))
        XCTAssertFalse(absent.contains("ROU"))
        XCTAssertTrue(absent.isSuperset(of: ["PHL", "HKG", "MYS", "SGP", "THA", "ISL", "NZL", "NOR", "CHE"]))
    }

    func testRegionInTwoGroupsNamesBothGroupsAndTheLine() throws {
        let path = try TestFiles.write("""
        [[group]]
        name = "A"
        regions = ["DEU", "FRA"]

        [[group]]
        name = "B"
        regions = ["POL",
                   "FRA"]
        """, name: "g.toml")
        let e = try expectInputError { try Grouping.load(path: path) }
        XCTAssertEqual(e.file, path)
        XCTAssertEqual(e.line, 8)
        XCTAssertTrue(e.message.contains("FRA is in two groups, 'A' and 'B'"), e.description)
    }

    func testUnknownRegionCodeInAGroupingIsAnError() throws {
        let path = try TestFiles.write("""
        [[group]]
        name = "A"
        regions = ["DEU", "Germany"]
        """, name: "g.toml")
        let e = try expectInputError { try Grouping.load(path: path) }
        XCTAssertEqual(e.line, 3)
        XCTAssertTrue(e.message.contains("unknown region 'Germany'"), e.description)
    }

    func testGroupNamedTotalAndUnknownKeysAreErrors() throws {
        let total = try TestFiles.write("[[group]]\nname = \"total\"\nregions = [\"DEU\"]\n", name: "g.toml")
        XCTAssertTrue(try expectInputError { try Grouping.load(path: total) }.message.contains("reserved"))
        let unknown = try TestFiles.write("[[group]]\nname = \"A\"\ncountries = [\"DEU\"]\n", name: "g.toml")
        let e = try expectInputError { try Grouping.load(path: unknown) }
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.key, "group.countries")
    }
}
