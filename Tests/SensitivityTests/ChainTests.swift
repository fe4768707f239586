import DataIO
import Econometrics
import Foundation
import IOTables
import Offshoring
import OffshoringModels
import Sensitivity
import XCTest

/// A variant's estimates equal those of `offshore estimate`'s own chain (which reads the tables again and
/// computes the measures from the full table) run with the variant's settings written into the config.
final class ChainTests: XCTestCase {
    func rows(_ o: VariantOutcome, _ model: String) -> [String: (Double, Double, Double, Int)] {
        var d: [String: (Double, Double, Double, Int)] = [:]
        for r in o.rows where r.model == model { d[r.term] = (r.estimate, r.stdError, r.pValue, r.nobs) }
        return d
    }

    func compare(_ o: VariantOutcome, with run: EstimateRun, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(o.failures.isEmpty, "\(o.failures)", file: file, line: line)
        XCTAssertEqual(run.outcomes.count, 3, file: file, line: line)
        for out in run.outcomes {
            let mine = rows(o, out.spec.name)
            var reference: [String: (Double, Double, Double, Int)] = [:]
            switch out.estimate {
            case .single(let r): for k in r.terms.indices { reference[r.terms[k]] = (r.estimates[k], r.standardErrors[k], r.pValues[k], r.nobs) }
            case .system(let s): for c in s.fit.coefficients { reference[c.name] = (c.estimate, c.stdError, c.pValue, s.observations) }
            case .gmm(let g): for k in g.names.indices { reference[g.names[k]] = (g.coefficients[k], g.standardErrors[k], g.pValues[k], g.observationCount) }
            }
            XCTAssertEqual(Set(mine.keys), Set(reference.keys), out.spec.name, file: file, line: line)
            XCTAssertGreaterThan(reference.count, 3, file: file, line: line)
            for (t, ref) in reference {
                guard let m = mine[t] else { continue }
                XCTAssertEqual(m.0, ref.0, accuracy: 1e-12 * max(1, abs(ref.0)), "\(out.spec.name) \(t)", file: file, line: line)
                XCTAssertEqual(m.1, ref.1, accuracy: 1e-12 * max(1, abs(ref.1)), "\(out.spec.name) \(t) SE", file: file, line: line)
                XCTAssertEqual(m.2, ref.2, accuracy: 1e-10, "\(out.spec.name) \(t) p", file: file, line: line)
                XCTAssertEqual(m.3, ref.3, file: file, line: line)
            }
        }
    }

    func testBaselineEqualsOffshoreEstimate() throws {
        let chain = try Fixture.chain.get()
        let grid = try Fixture.smallGrid()
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.count, 12)
        let o = chain.run(variants[0], grouping: groupings[0].grouping)
        var config = try Fixture.shared.get().config
        config.contributions = []
        compare(o, with: try EstimateRun.execute(config: config))
    }

    func testLeaveOneOutOutputDenominatorAndHC1EqualOffshoreEstimateWithThoseSettings() throws {
        let chain = try Fixture.chain.get()
        let grid = try Fixture.smallGrid()
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        guard let v = variants.first(where: { $0.grouping == "default/loo:CEE-POL" && $0.denominator == .output && $0.vcov == "hc1" }) else {
            return XCTFail("variant missing from \(variants.map(\.grouping))")
        }
        let o = chain.run(v, grouping: groupings[v.groupingIndex].grouping)
        // The same settings through offshore estimate: a grouping file without POL, denominator = output, vcov = hc1.
        let dir = try Fixture.temporaryDirectory()
        var text = try String(contentsOfFile: Fixture.bundle + "/groupings/default.toml", encoding: .utf8)
        text = text.replacingOccurrences(of: "\"POL\", ", with: "")
        XCTAssertFalse(text.contains("POL"))
        try text.write(toFile: dir + "/nopol.toml", atomically: true, encoding: .utf8)
        let path = try Fixture.writeConfig(in: dir, data: "grouping = \"nopol.toml\"\ndenominator = \"output\"")
        var config = try EstimateConfig.load(path: path, bundle: Fixture.bundle)
        config.contributions = []
        for k in config.models.indices where config.models[k].kind == .single { config.models[k].vcov = "hc1" }
        compare(o, with: try EstimateRun.execute(config: config))
        // And it is not the baseline: the measures really changed.
        let base = chain.run(variants[0], grouping: groupings[0].grouping)
        XCTAssertNotEqual(base.rows.first { $0.model == "production" && $0.term == "om" }?.estimate,
                          o.rows.first { $0.model == "production" && $0.term == "om" }?.estimate)
    }

    func testNarrowOffshoringUsesTheNarrowMeasures() throws {
        let chain = try Fixture.chain.get()
        let grid = SensitivityGrid(baseConfig: "x", narrow: [false, true])
        let groupings = try chain.groupings(for: grid)
        let v = VariantSpace.expand(grid: grid, groupings: groupings)
        let broad = chain.run(v[0], grouping: groupings[0].grouping), narrow = chain.run(v[1], grouping: groupings[0].grouping)
        // Narrow services offshoring is zero in manufacturing (no manufacturing industry makes a business
        // service), so the system with os cannot be estimated there: a recorded failure, not a crash.
        XCTAssertEqual(narrow.failures.map(\.model), ["skill_system"])
        XCTAssertTrue(broad.failures.isEmpty)
        let b = broad.rows.first { $0.model == "production" && $0.term == "om" }, n = narrow.rows.first { $0.model == "production" && $0.term == "om" }
        XCTAssertNotNil(n)
        XCTAssertNotEqual(b?.estimate, n?.estimate)
        XCTAssertEqual(b?.nobs, n?.nobs)
    }

    func testOverridesApplyWhereTheyMean() throws {
        let single = ModelSpec(name: "s", formula: "y ~ x", vcov: "cluster:industry", weights: "wbshare")
        let system = ModelSpec(name: "sys", equations: ["a ~ x", "b ~ x"], restrictions: [], iterate: true)
        var v = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x"), groupings: [NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))])[0]
        v.estimator = "unweighted"; v.vcov = "iid"; v.period = "1996-1998"; v.sample = "manufacturing"
        let s = try SensitivityChain.spec(single, in: v)
        XCTAssertNil(s.weights)
        XCTAssertEqual(s.vcov, "iid")
        XCTAssertEqual(s.period, 1996...1998)
        XCTAssertEqual(s.sample, "manufacturing")
        let y = try SensitivityChain.spec(system, in: v)
        XCTAssertEqual(y.vcov, system.vcov)
        XCTAssertTrue(y.iterate)
        v.estimator = "fgls"
        XCTAssertFalse(try SensitivityChain.spec(system, in: v).iterate)
        XCTAssertEqual(try SensitivityChain.spec(single, in: v).weights, "wbshare")
    }

    func testGridSamplesAndPeriodsAreChecked() throws {
        let chain = try Fixture.chain.get()
        XCTAssertThrowsError(try chain.validate(SensitivityGrid(baseConfig: "x", samples: ["services"]))) { XCTAssertEqual(($0 as? InputError)?.key, "grid.samples") }
        XCTAssertThrowsError(try chain.validate(SensitivityGrid(baseConfig: "x", periods: ["1995-2004"]))) { XCTAssertEqual(($0 as? InputError)?.key, "grid.periods") }
        XCTAssertNoThrow(try chain.validate(SensitivityGrid(baseConfig: "x", periods: ["1996-1999"], samples: ["all", "market_services"])))
        XCTAssertThrowsError(try SensitivityChain(config: try Fixture.shared.get().config, modelNames: ["nope"])) { XCTAssertEqual(($0 as? InputError)?.key, "base.models") }
    }
}

/// A grouping file with other group names builds its panel afresh (other om_<GROUP> columns); models that use
/// the old names fail in that variant only, and say why.
final class OtherGroupNamesTests: XCTestCase {
    func testAGroupingWithOtherNamesRunsAndRecordsTheModelsItBreaks() throws {
        let chain = try Fixture.chain.get()
        let dir = try Fixture.temporaryDirectory()
        try """
            [grouping]
            name = "eu_asia"
            [aliases]
            ROM = "ROU"
            [[group]]
            name = "EU"
            regions = ["DEU", "FRA", "NLD", "POL", "ROU"]
            [[group]]
            name = "ASIA"
            regions = ["CHN", "JPN", "KOR"]
            """.write(toFile: dir + "/eu.toml", atomically: true, encoding: .utf8)
        let grid = SensitivityGrid(baseConfig: "x", groupings: [Fixture.bundle + "/groupings/default.toml", dir + "/eu.toml"])
        let groupings = try chain.groupings(for: grid)
        XCTAssertEqual(groupings.map(\.label), ["default", "eu_asia"])
        let v = VariantSpace.expand(grid: grid, groupings: groupings)
        let base = chain.run(v[0], grouping: groupings[0].grouping), eu = chain.run(v[1], grouping: groupings[1].grouping)
        // om and os are totals over every foreign region: the same whatever the groups.
        let p0 = base.rows.filter { $0.model == "production" }, p1 = eu.rows.filter { $0.model == "production" }
        XCTAssertEqual(p0.count, p1.count)
        for (a, b) in zip(p0, p1) { XCTAssertEqual(a.estimate, b.estimate, accuracy: 1e-12 * max(1, abs(a.estimate)), a.term) }
        XCTAssertEqual(Set(eu.failures.map(\.model)), ["skill_share", "skill_system"])
        XCTAssertTrue(eu.failures.allSatisfy { $0.message.contains("om_OECD") }, "\(eu.failures)")
    }
}
