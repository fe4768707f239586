import DataIO
import Foundation
import IOTables
import Offshoring
import Sensitivity
import XCTest

/// The grid file, generated groupings, variant ids and shards (no tables needed).
final class GridTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let dir = try Fixture.temporaryDirectory()
        let p = dir + "/grid.toml"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testBundledDefaultGridReads() throws {
        let g = try SensitivityGrid.load(path: Fixture.bundle + "/config/sensitivity-default.toml", bundle: Fixture.bundle)
        XCTAssertEqual(g.baseConfig, Fixture.bundle + "/config/estimate-default.toml")
        XCTAssertEqual(g.denominators, [.nonenergy, .output])
        XCTAssertEqual(g.narrow, [false, true])
        XCTAssertEqual(g.generators.map(\.kind), [.leaveOneOut, .move, .alone])
        XCTAssertEqual(g.generators[1].regions, ["KOR", "TUR"])
        XCTAssertEqual(g.generators[1].to, "OECD")
    }

    /// Issue 18 item 9: the default grid leaves the models narrow offshoring cannot identify out, with a reason (the
    /// hours-share system of issue 20 too: its os terms are all zero with narrow offshoring).
    func testExclusionsAreReadAndMatchTheirVariantsOnly() throws {
        let g = try SensitivityGrid.load(path: Fixture.bundle + "/config/sensitivity-default.toml", bundle: Fixture.bundle)
        XCTAssertEqual(g.exclusions.count, 1)
        XCTAssertEqual(g.exclusions[0].settings, ["offshoring": ["narrow"]])
        XCTAssertEqual(g.exclusions[0].models, ["production_iv", "skill_system", "skill_system_hm2013"])
        let counts = g.leftOut(models: ["production", "production_iv", "skill_system"], groupings: 3)
        // 3 groupings x (3 denominator choices x 1 narrow x 2 estimators x 2 vcov) x 2 models: nonenergy with and
        // without mining (issue 20's energy dimension), and output.
        XCTAssertEqual(counts.map(\.runs), [3 * 12 * 2])
        let bad: [(String, String, String)] = [
            ("[[exclude]]\noffshoring = [\"narrow\"]\nreason = \"x\"\n", "exclude.models", "needs the models"),
            ("[[exclude]]\nmodels = [\"m\"]\nreason = \"x\"\n", "exclude.models", "at least one setting"),
            ("[grid]\noffshoring = [\"broad\", \"narrow\"]\n[[exclude]]\noffshoring = [\"narow\"]\nmodels = [\"m\"]\nreason = \"x\"\n",
             "exclude.offshoring", "'narow' is not in the grid's offshoring (broad, narrow)"),
            ("[[exclude]]\noffshoring = [\"broad\"]\nmodels = [\"m\"]\n", "exclude.reason", "needs a reason"),
            ("[[exclude]]\nmodel = [\"m\"]\n", "exclude.model", "unknown key"),
        ]
        for (text, key, message) in bad {
            XCTAssertThrowsError(try SensitivityGrid.load(path: try write(text), bundle: Fixture.bundle), text) { e in
                XCTAssertEqual((e as? InputError)?.key, key, text)
                XCTAssertTrue((e as? InputError)?.message.contains(message) ?? false, "\(e)")
            }
        }
    }

    func testUnknownKeyNamesKeyAndLine() throws {
        let p = try write("[base]\nalpha = 0.1\n\n[grid]\ndenominators = [\"output\"]\nperiod = [\"1995-2000\"]\n")
        XCTAssertThrowsError(try SensitivityGrid.load(path: p, bundle: Fixture.bundle)) { e in
            let err = e as? InputError
            XCTAssertEqual(err?.line, 6)
            XCTAssertEqual(err?.key, "grid.period")
            XCTAssertEqual(err?.file, p)
        }
    }

    func testBadValuesAreInputErrorsWithTheirKey() throws {
        let cases: [(String, String, Int)] = [
            ("[grid]\ndenominators = [\"gross\"]\n", "grid.denominators", 2),
            ("[grid]\noffshoring = [\"wide\"]\n", "grid.offshoring", 2),
            ("[grid]\nperiods = [\"1995-\"]\n", "grid.periods", 2),
            ("[grid]\nvcov = [\"cluster:\"]\n", "grid.vcov", 2),
            ("[grid]\nestimators = [\"gmm\"]\n", "grid.estimators", 2),
            ("[grid]\nsamples = []\n", "grid.samples", 2),
            ("[grid]\nvcov = [\"iid\", \"iid\"]\n", "grid.vcov", 2),
            ("[base]\nalpha = 1.5\n", "base.alpha", 2),
            ("[[generate]]\nkind = \"drop\"\n", "generate.kind", 2),
            ("[[generate]]\nkind = \"move\"\nregions = [\"KOR\"]\n", "generate.to", 0),
            ("[[generate]]\nkind = \"alone\"\n", "generate.group", 0),
        ]
        for (text, key, line) in cases {
            let p = try write(text)
            XCTAssertThrowsError(try SensitivityGrid.load(path: p, bundle: Fixture.bundle), text) { e in
                let err = e as? InputError
                XCTAssertEqual(err?.key, key, text)
                if line > 0 { XCTAssertEqual(err?.line, line, text) }
            }
        }
    }

    func testRelativePathsResolveAgainstTheGridFile() throws {
        let p = try write("[base]\nconfig = \"my.toml\"\n[grid]\ngroupings = [\"g/a.toml\", \"/abs/b.toml\"]\n")
        let g = try SensitivityGrid.load(path: p, bundle: Fixture.bundle)
        let dir = AtomicFile.parentDirectory(of: p)
        XCTAssertEqual(g.baseConfig, dir + "/my.toml")
        XCTAssertEqual(g.groupings, [dir + "/g/a.toml", "/abs/b.toml"])
    }

    func defaultGrouping() throws -> NamedGrouping {
        NamedGrouping(label: "default", grouping: try Grouping.load(path: Fixture.bundle + "/groupings/default.toml"))
    }

    /// WIOD 2013 regions in the grouping's codes (no PHL, HKG, MYS, SGP, THA among the ASIA group).
    let wiodRegions: Set<String> = ["AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA",
                                     "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR", "LTU", "LUX", "LVA", "MEX", "MLT", "NLD",
                                     "POL", "PRT", "ROU", "RUS", "SVK", "SVN", "SWE", "TUR", "TWN", "USA", "RoW"]

    func testLeaveOneOutDropsEachPresentRegionOnce() throws {
        let base = try defaultGrouping()
        let out = try GroupingVariants.generate(GroupingGenerator(kind: .leaveOneOut, group: "ASIA"), base: base,
                                                tableRegions: wiodRegions, source: nil)
        // ASIA has 10 regions, 5 of them in WIOD 2013 (CHN, IND, IDN, TWN, KOR).
        XCTAssertEqual(out.map(\.label), ["default/loo:ASIA-CHN", "default/loo:ASIA-IND", "default/loo:ASIA-IDN", "default/loo:ASIA-TWN", "default/loo:ASIA-KOR"])
        for (v, r) in zip(out, ["CHN", "IND", "IDN", "TWN", "KOR"]) {
            let asia = v.grouping.groups[2].regions
            XCTAssertEqual(asia.count, 9)
            XCTAssertFalse(asia.contains(r))
            XCTAssertEqual(v.grouping.groups[0], base.grouping.groups[0])
            XCTAssertEqual(v.grouping.aliases, ["ROM": "ROU"])
        }
    }

    func testAloneAndMove() throws {
        let base = try defaultGrouping()
        let alone = try GroupingVariants.generate(GroupingGenerator(kind: .alone, group: "CEE", regions: ["POL"]), base: base,
                                                  tableRegions: wiodRegions, source: nil)
        XCTAssertEqual(alone.count, 1)
        XCTAssertEqual(alone[0].grouping.groups[1].regions, ["POL"])
        let move = try GroupingVariants.generate(GroupingGenerator(kind: .move, regions: ["KOR", "TUR"], to: "OECD"), base: base,
                                                 tableRegions: wiodRegions, source: nil)
        XCTAssertEqual(move.map(\.label), ["default/move:KOR>OECD", "default/move:TUR>OECD"])
        XCTAssertEqual(move[0].grouping.groups[0].regions.last, "KOR")
        XCTAssertFalse(move[0].grouping.groups[2].regions.contains("KOR"))
        XCTAssertEqual(move[1].grouping.groups[0].regions.last, "TUR")
        XCTAssertEqual(move[1].grouping.groups[2].regions.count, 10)
        XCTAssertThrowsError(try GroupingVariants.generate(GroupingGenerator(kind: .move, regions: ["PHL"], to: "OECD"), base: base,
                                                           tableRegions: wiodRegions, source: "g.toml")) { e in
            XCTAssertEqual((e as? InputError)?.key, "generate.regions")
        }
        XCTAssertThrowsError(try GroupingVariants.generate(GroupingGenerator(kind: .alone, group: "EU"), base: base,
                                                           tableRegions: wiodRegions, source: "g.toml")) { e in
            XCTAssertEqual((e as? InputError)?.key, "generate")
        }
    }

    func testVariantIDsAreStableAndDistinct() throws {
        let base = try defaultGrouping()
        let grid = SensitivityGrid(baseConfig: "x", periods: ["model", "1995-2004"], denominators: [.nonenergy, .output], narrow: [false, true],
                                   samples: ["model", "all"], estimators: ["model", "unweighted"], vcov: ["model", "iid"])
        let a = VariantSpace.expand(grid: grid, groupings: [base])
        let b = VariantSpace.expand(grid: grid, groupings: [base])
        XCTAssertEqual(a.count, 64)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Set(a.map(\.id)).count, 64)
        XCTAssertEqual(a[0].difference(from: a[0]), "baseline")
        XCTAssertEqual(a[1].difference(from: a[0]), "vcov=iid")
        // The grouping's content is part of the id: same label, other regions, other id.
        var other = base.grouping
        other.groups[1].regions.removeLast()
        let c = VariantSpace.expand(grid: grid, groupings: [NamedGrouping(label: "default", grouping: other)])
        XCTAssertTrue(Set(c.map(\.id)).isDisjoint(with: Set(a.map(\.id))))
        // The id of a given setting does not depend on the other values of the grid.
        let small = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x", vcov: ["iid"]), groupings: [base])
        XCTAssertEqual(small[0].id, a[1].id)
    }

    func testShardsPartitionTheVariants() throws {
        let grid = SensitivityGrid(baseConfig: "x", periods: ["model", "1995-2004"], denominators: [.nonenergy, .output], narrow: [false, true],
                                   samples: ["model", "all"], estimators: ["model", "unweighted"], vcov: ["model", "iid"])
        let all = VariantSpace.expand(grid: grid, groupings: [try defaultGrouping()])
        let shards = (1...3).map { i in all.filter(Shard(index: i, count: 3).contains).map(\.id) }
        XCTAssertEqual(shards.map(\.count).reduce(0, +), all.count)
        XCTAssertEqual(Set(shards.flatMap { $0 }).count, all.count)
        XCTAssertTrue(shards.allSatisfy { $0.count > 10 })
        XCTAssertEqual(try Shard(parsing: "2/8"), Shard(index: 2, count: 8))
        for bad in ["0/2", "3/2", "1/0", "a/b", "2", "1/2/3"] {
            XCTAssertThrowsError(try Shard(parsing: bad)) { XCTAssertEqual(($0 as? InputError)?.key, "--shard") }
        }
    }
}
