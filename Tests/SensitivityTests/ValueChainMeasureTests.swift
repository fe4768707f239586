import DataIO
import Foundation
import IOTables
import OffshoringModels
@testable import Sensitivity
import TestSupport
import ValueChains
import XCTest

/// The value-chain measures (issue 21) as the offshoring variable: the panel's `vs` columns are those of `offshore
/// gvc`, a model may read them in its formula, and a grid's `measure` dimension swaps them in for `om`.
final class ValueChainMeasureTests: XCTestCase {
    /// The fixture's chain with the value-chain columns of `vs` (what a grid with `measure = ["om", "vs"]` builds).
    static let chain: Result<SensitivityChain, Error> = Result {
        try SensitivityChain(config: try Fixture.shared.get().config, modelNames: [], valueChainMeasures: [.vs])
    }

    /// The grid `measure = ["om", "vs"]` (nothing else varies) and its variants on `chain`.
    func measureGrid(_ chain: SensitivityChain) throws -> (variants: [Variant], groupings: [NamedGrouping]) {
        var grid = SensitivityGrid(baseConfig: "x")
        grid.measures = ["om", "vs"]
        try chain.validate(grid)
        let groupings = try chain.groupings(for: grid)
        return (VariantSpace.expand(grid: grid, groupings: groupings), groupings)
    }

    func testPanelVSColumnsEqualOffshoreGVCForBelgium() throws {
        let chain = try Self.chain.get()
        let panel = chain.basePanel
        // What `offshore gvc --country BEL --measure vs` computes (ValueChainRun), on the same tables and grouping.
        let run = try ValueChainRun.execute(tables: try TableSet(config: chain.config), classification: nil, grouping: chain.baseGrouping,
                                            countries: ["BEL"], measures: [.vs])
        var expected: [String: Double] = [:]
        for y in run.measured {
            for u in y.industries {
                for (o, origin) in y.origins.enumerated() {
                    if let v = u.sums[0].value(origin: o, share: true) { expected["\(u.unit),\(y.year ?? 0),\(origin)"] = v }
                }
            }
        }
        // The independent numpy reference of the value-chains tests (BEL, 1995; References/gvc_numpy.py).
        var numpy: [String: Double] = [:]
        var header = true
        try CSVReader(path: RepositoryPaths.file("Tests/ValueChainsTests/References/gvc_wiod2013_full.csv.gz").path).forEachRow { row in
            if header { header = false; return }
            guard row.string(0) == "BEL", row.string(3) == "vs" else { return }
            numpy["\(row.string(1)),\(row.string(2)),\(row.string(4))"] = try row.double(5)
        }
        XCTAssertFalse(numpy.isEmpty)
        let industry = try panel.data.factor("industry"), year = try panel.data.numeric("year")
        var compared = 0, comparedNumpy = 0, undefined = 0
        for origin in ["total"] + panel.groups {
            let column = try panel.data.numeric(origin == "total" ? "vs" : "vs_" + origin)
            for r in 0..<panel.data.rowCount {
                let key = "\(industry.levels[Int(industry.codes[r])]),\(Int(year[r])),\(origin)"
                guard let e = expected[key] else {
                    // Undefined in offshore gvc (no exports): missing in the panel.
                    XCTAssertTrue(column[r].isNaN, key)
                    undefined += 1
                    continue
                }
                XCTAssertEqual(column[r], e, accuracy: 1e-12 * max(1, abs(e)), key)
                compared += 1
                if let n = numpy[key] {
                    XCTAssertEqual(column[r], n, accuracy: 1e-9 * max(1, abs(n)), "numpy " + key)
                    comparedNumpy += 1
                }
            }
        }
        XCTAssertEqual(compared + undefined, panel.data.rowCount * (panel.groups.count + 1))
        XCTAssertLessThan(undefined, compared / 10)
        XCTAssertGreaterThan(comparedNumpy, 35)
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("value chains: columns vs") }, "\(panel.notes)")
    }

    func testMeasureOmKeepsTheIdsAndTheEstimatesOfAGridWithoutMeasure() throws {
        let chain = try Self.chain.get(), plain = try Fixture.chain.get()
        let (variants, groupings) = try measureGrid(chain)
        XCTAssertEqual(variants.count, 2)
        let without = SensitivityGrid(baseConfig: "x")
        let plainGroupings = try plain.groupings(for: without)
        let old = VariantSpace.expand(grid: without, groupings: plainGroupings)
        XCTAssertEqual(variants[0].id, old[0].id)
        XCTAssertEqual(variants[0].settings.map(\.value), old[0].settings.map(\.value))
        XCTAssertNotEqual(variants[1].id, old[0].id)
        XCTAssertEqual(variants[1].settings[3].value, "broad:vs")
        XCTAssertEqual(variants[1].difference(from: variants[0]), "offshoring=broad:vs")
        let a = chain.run(variants[0], grouping: groupings[0].grouping), b = plain.run(old[0], grouping: plainGroupings[0].grouping)
        XCTAssertTrue(a.failures.isEmpty && b.failures.isEmpty, "\(a.failures) \(b.failures)")
        XCTAssertEqual(a.rows.count, b.rows.count)
        XCTAssertGreaterThan(a.rows.count, 10)
        for (x, y) in zip(a.rows, b.rows) {
            XCTAssertEqual("\(x.model) \(x.term)", "\(y.model) \(y.term)")
            XCTAssertEqual(x.estimate.bitPattern, y.estimate.bitPattern, "\(x.model) \(x.term)")
            XCTAssertEqual(x.stdError.bitPattern, y.stdError.bitPattern, "\(x.model) \(x.term)")
            XCTAssertEqual(x.nobs, y.nobs)
        }
    }

    func testVSVariantEqualsAFreshEstimateWithVSInTheFormulas() throws {
        let chain = try Self.chain.get()
        let (variants, groupings) = try measureGrid(chain)
        let o = chain.run(variants[1], grouping: groupings[0].grouping)
        XCTAssertTrue(o.failures.isEmpty, "\(o.failures)")
        // The same models with vs (vs_<GROUP>) written in place of om (om_<GROUP>), through offshore estimate's path.
        var config = try Fixture.shared.get().config
        config.contributions = []
        func swap(_ text: String) -> String {
            text.replacingOccurrences(of: #"\bom(_[A-Z]+)?\b"#, with: "vs$1", options: .regularExpression)
        }
        for k in config.models.indices {
            config.models[k].formula = swap(config.models[k].formula)
            config.models[k].equations = config.models[k].equations.map(swap)
        }
        XCTAssertTrue(config.models.contains { $0.formula.contains("vs") || $0.equations.contains { $0.contains("vs") } })
        let run = try EstimateRun.execute(config: config)
        var compared = 0
        for out in run.outcomes {
            var reference: [String: (Double, Double)] = [:]
            switch out.estimate {
            case .single(let r): for k in r.terms.indices { reference[r.terms[k]] = (r.estimates[k], r.standardErrors[k]) }
            case .system(let s): for c in s.fit.coefficients { reference[c.name] = (c.estimate, c.stdError) }
            case .gmm(let g): for k in g.names.indices { reference[g.names[k]] = (g.coefficients[k], g.standardErrors[k]) }
            }
            let mine = o.rows.filter { $0.model == out.spec.name }
            XCTAssertEqual(mine.count, reference.count, out.spec.name)
            for r in mine {
                guard let ref = reference[swap(r.term)] else { XCTFail("\(out.spec.name): no term \(swap(r.term))"); continue }
                XCTAssertEqual(r.estimate, ref.0, accuracy: 1e-12 * max(1, abs(ref.0)), "\(out.spec.name) \(r.term)")
                XCTAssertEqual(r.stdError, ref.1, accuracy: 1e-12 * max(1, abs(ref.1)), "\(out.spec.name) \(r.term) SE")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 10)
        // And it is not the baseline: the term really reads vs.
        let base = chain.run(variants[0], grouping: groupings[0].grouping)
        XCTAssertNotEqual(base.rows.first { $0.model == "production" && $0.term == "om" }?.estimate,
                          o.rows.first { $0.model == "production" && $0.term == "om" }?.estimate)
    }

    func testGridReadsMeasureAndRefusesWhatItCannotSwap() throws {
        let dir = try Fixture.temporaryDirectory()
        func load(_ grid: String) throws -> SensitivityGrid {
            let path = dir + "/grid.toml"
            try ("[base]\nconfig = \"x.toml\"\n\n[grid]\n" + grid + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return try SensitivityGrid.load(path: path, bundle: Fixture.bundle)
        }
        XCTAssertEqual(try load("measure = [\"om\", \"vs\", \"gvc_forward\"]").measures, ["om", "vs", "gvc_forward"])
        XCTAssertEqual(try load("measure = [\"om\", \"vs\"]").valueChainMeasures, [.vs])
        XCTAssertEqual(try load("vcov = [\"model\"]").measures, ["om"])
        for (bad, says) in [("upstreamness", "no origin groups"), ("vx", "unknown measure 'vx'")] {
            XCTAssertThrowsError(try load("measure = [\"om\", \"\(bad)\"]")) { e in
                let text = "\(e)"
                XCTAssertTrue(text.contains("measure") && text.contains(says) && text.contains("grid.toml:5"), text)
            }
        }
        // Value-chain measures are computed with the config's grouping: grouping variants are refused beside them.
        let chain = try Self.chain.get()
        var grid = SensitivityGrid(baseConfig: "x", generators: [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL"])])
        grid.measures = ["om", "vs"]
        XCTAssertThrowsError(try chain.validate(grid)) { e in
            XCTAssertTrue("\(e)".contains("grid.measure") && "\(e)".contains("separate grids"), "\(e)")
        }
        grid.measures = ["om"]
        XCTAssertNoThrow(try chain.validate(grid))
    }
}

/// Value-chain columns per grouping: a grid crossing `measure` with grouping variants gives every variant the columns
/// of its own grouping, added up from the measures by region.
final class ValueChainGroupingTests: XCTestCase {
    /// The fixture's chain with the measures of `vs` kept by region as well.
    static let chain: Result<SensitivityChain, Error> = Result {
        try SensitivityChain(config: try Fixture.shared.get().config, modelNames: [], valueChainMeasures: [.vs], valueChainGroupings: true)
    }

    /// `measure = ["om", "vs"]` crossed with Poland left out of CEE.
    static func grid() -> SensitivityGrid {
        var grid = SensitivityGrid(baseConfig: "x", generators: [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL"])])
        grid.measures = ["om", "vs"]
        return grid
    }

    func testGridWithGroupingsIsAcceptedAndKeepsTheIdsOfTheOmVariants() throws {
        let chain = try Self.chain.get()
        let grid = Self.grid()
        XCTAssertTrue(grid.crossesValueChainsWithGroupings)
        XCTAssertNoThrow(try chain.validate(grid))
        let groupings = try chain.groupings(for: grid)
        XCTAssertEqual(groupings.map(\.label), ["default", "default/loo:CEE-POL"])
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.count, 4)
        // The om variants are those of the same grid without measure, id for id.
        var without = grid
        without.measures = ["om"]
        let old = VariantSpace.expand(grid: without, groupings: groupings)
        XCTAssertEqual(variants.filter { $0.measure == "om" }.map(\.id), old.map(\.id))
        // The base grouping's vs variant reads the baseline panel's columns, bit for bit those of a chain without groupings.
        let plain = try ValueChainMeasureTests.chain.get()
        let a = chain.run(variants[1], grouping: groupings[0].grouping), b = plain.run(variants[1], grouping: groupings[0].grouping)
        XCTAssertEqual(variants[1].measure, "vs")
        XCTAssertTrue(a.failures.isEmpty, "\(a.failures)")
        XCTAssertEqual(a.rows.map(\.estimate.bitPattern), b.rows.map(\.estimate.bitPattern))
    }

    /// `grouping` as a grouping file in a new folder.
    static func write(_ grouping: Grouping, name: String) throws -> String {
        let dir = try Fixture.temporaryDirectory()
        var toml = "[grouping]\nname = \"\(name)\"\n\n[aliases]\n"
        for (k, a) in grouping.aliases.sorted(by: { $0.key < $1.key }) { toml += "\(k) = \"\(a)\"\n" }
        for g in grouping.groups {
            toml += "\n[[group]]\nname = \"\(g.name)\"\nregions = [\(g.regions.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        }
        try toml.write(toFile: dir + "/\(name).toml", atomically: true, encoding: .utf8)
        return dir + "/\(name).toml"
    }

    /// Checks that the rows of `o` (a vs variant) equal `offshore estimate`'s with the grouping file `groupingFile` and the
    /// models' om (om_<GROUP>) written vs (vs_<GROUP>), to 1e-12; returns the number of coefficients compared.
    @discardableResult
    static func assertEqualsFreshEstimate(_ o: VariantOutcome, groupingFile: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        XCTAssertTrue(o.failures.isEmpty, "\(o.failures)", file: file, line: line)
        var config = try Fixture.shared.get().config
        config.contributions = []
        config.grouping = groupingFile
        func swap(_ text: String) -> String {
            text.replacingOccurrences(of: #"\bom(_[A-Z]+)?\b"#, with: "vs$1", options: .regularExpression)
        }
        for k in config.models.indices {
            config.models[k].formula = swap(config.models[k].formula)
            config.models[k].equations = config.models[k].equations.map(swap)
        }
        let run = try EstimateRun.execute(config: config)
        var compared = 0
        for out in run.outcomes {
            var reference: [String: (Double, Double)] = [:]
            switch out.estimate {
            case .single(let r): for k in r.terms.indices { reference[r.terms[k]] = (r.estimates[k], r.standardErrors[k]) }
            case .system(let s): for c in s.fit.coefficients { reference[c.name] = (c.estimate, c.stdError) }
            case .gmm(let g): for k in g.names.indices { reference[g.names[k]] = (g.coefficients[k], g.standardErrors[k]) }
            }
            let mine = o.rows.filter { $0.model == out.spec.name }
            XCTAssertEqual(mine.count, reference.count, out.spec.name, file: file, line: line)
            for r in mine {
                guard let ref = reference[swap(r.term)] else { XCTFail("\(out.spec.name): no term \(swap(r.term))", file: file, line: line); continue }
                XCTAssertEqual(r.estimate, ref.0, accuracy: 1e-12 * max(1, abs(ref.0)), "\(out.spec.name) \(r.term)", file: file, line: line)
                XCTAssertEqual(r.stdError, ref.1, accuracy: 1e-12 * max(1, abs(ref.1)), "\(out.spec.name) \(r.term) SE", file: file, line: line)
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 10, file: file, line: line)
        return compared
    }

    func testVSVariantWithAGroupingEqualsAFreshEstimateWithThatGroupingFile() throws {
        let chain = try Self.chain.get()
        let grid = Self.grid()
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        let loo = try XCTUnwrap(groupings.first { $0.label.hasSuffix("loo:CEE-POL") })
        let v = try XCTUnwrap(variants.first { $0.grouping == loo.label && $0.measure == "vs" })
        let o = chain.run(v, grouping: loo.grouping)
        XCTAssertFalse(loo.grouping.groups.contains { $0.regions.contains("POL") })
        try Self.assertEqualsFreshEstimate(o, groupingFile: try Self.write(loo.grouping, name: "loo"))
        // The grouping matters: vs_CEE without Poland is not the base grouping's.
        let base = try XCTUnwrap(variants.first { $0.grouping == groupings[0].label && $0.measure == "vs" })
        let b = chain.run(base, grouping: groupings[0].grouping)
        XCTAssertNotEqual(b.rows.first { $0.model == "skill_share" && $0.term == "om_CEE" }?.estimate,
                          o.rows.first { $0.model == "skill_share" && $0.term == "om_CEE" }?.estimate)
    }

    func testVSVariantWithOtherGroupNamesEqualsAFreshEstimate() throws {
        // A grouping file with one more group (so other panel columns: the variant's panel is built again).
        let chain = try Self.chain.get()
        var groups = chain.baseGrouping.groups
        XCTAssertFalse(groups.contains { $0.regions.contains("BRA") })
        groups.append(RegionGroup(name: "LATAM", regions: ["BRA"]))
        let latam = try Grouping(name: "latam", aliases: chain.baseGrouping.aliases, groups: groups)
        let file = try Self.write(latam, name: "latam")
        var grid = Self.grid()
        grid.generators = []
        grid.groupings = [file]
        XCTAssertNoThrow(try chain.validate(grid))
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        let v = try XCTUnwrap(variants.first { $0.measure == "vs" })
        try Self.assertEqualsFreshEstimate(chain.run(v, grouping: groupings[0].grouping), groupingFile: file)
    }

    func testRegroupedByRegionEqualsMeasuringWithTheGrouping() throws {
        let chain = try Self.chain.get()
        let grid = Self.grid()
        let loo = try XCTUnwrap(try chain.groupings(for: grid).last).grouping
        let run = try ValueChainRun.execute(tables: try TableSet(config: chain.config), classification: nil, grouping: loo,
                                            countries: ["BEL"], measures: [.vs, .fva_exports, .vs1], alsoByRegion: true)
        XCTAssertEqual(run.byRegion.count, run.measured.count)
        var compared = 0
        for (direct, regions) in zip(run.measured, run.byRegion) {
            XCTAssertEqual(regions.origins.count, 42, "total and the 41 WIOD regions")
            let r = regions.regrouped(by: loo)
            XCTAssertEqual(r.origins, direct.origins)
            for (u, w) in zip(direct.units, r.units) {
                for (s, t) in zip(u.sums, w.sums) {
                    XCTAssertEqual(s.weight, t.weight)
                    for (x, y) in zip(s.values, t.values) { XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(x)), u.unit); compared += 1 }
                }
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }
}
