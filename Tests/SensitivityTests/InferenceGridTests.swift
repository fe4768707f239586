import DataIO
import Econometrics
import Foundation
import IOTables
import OffshoringModels
@testable import Sensitivity
import TestSupport
import XCTest

/// Inference as a dimension of the sensitivity grid (issue 17): `inference = ["cr1", "wild"]` runs every variant
/// with the variance estimator's p-values and with the wild cluster bootstrap's (999 draws unless `reps=` says
/// otherwise); result rows carry the bootstrap p-value and the bootstrap with its seed; the stability summary
/// judges each variant by its own p-value and names the bootstraps it used.
final class InferenceGridTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let p = try Fixture.temporaryDirectory() + "/grid.toml"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testTheGridReadsInferenceWith999DrawsByDefault() throws {
        let g = try SensitivityGrid.load(path: try write("[grid]\ninference = [\"cr1\", \"wild\", \"wild:reps=199,seed=5\", \"model\"]\n"),
                                         bundle: Fixture.bundle)
        XCTAssertEqual(g.inference.map(\.text), ["cr1", "wild", "wild:reps=199,seed=5", "model"])
        XCTAssertEqual(g.inference[0].value, .analytic)
        XCTAssertEqual(g.inference[1].value?.bootstrap, WildBootstrapSpec(reps: 999))
        XCTAssertEqual(g.inference[2].value?.bootstrap, WildBootstrapSpec(reps: 199, seed: 5))
        XCTAssertNil(g.inference[3].value)
        XCTAssertEqual(SensitivityGrid(baseConfig: "x").inference, [.model], "the default: each model's own")
        for (text, fragment) in [("[grid]\ninference = [\"bootstrap\"]\n", "expected model, analytic (or cr1), wild"),
                                 ("[grid]\ninference = [\"wild:reps=10\"]\n", "reps=10 is too few"),
                                 ("[grid]\ninference = [\"wild:weights=gauss\"]\n", "unknown weight type")] {
            XCTAssertThrowsError(try SensitivityGrid.load(path: try write(text), bundle: Fixture.bundle), text) { e in
                let err = e as? InputError
                XCTAssertEqual(err?.key, "grid.inference", text)
                XCTAssertEqual(err?.line, 2, text)
                XCTAssertTrue(err?.message.contains(fragment) ?? false, "\(e)")
            }
        }
    }

    /// A grid without `inference` keeps its variant ids (resumes and merges of older databases line up).
    func testVariantIDsWithoutInferenceAreUnchanged() throws {
        let grouping = NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))
        let plain = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x", vcov: ["model", "iid"]), groupings: [grouping])
        XCTAssertEqual(plain.map(\.id), plain.map {
            Variant.makeID(grouping: grouping, period: $0.period, denominator: $0.denominator, narrow: $0.narrow, sample: $0.sample,
                           estimator: $0.estimator, vcov: $0.vcov)
        })
        var grid = SensitivityGrid(baseConfig: "x", vcov: ["model", "iid"])
        grid.inference = ["model", "wild"]
        let both = VariantSpace.expand(grid: grid, groupings: [grouping])
        XCTAssertEqual(both.count, 4)
        XCTAssertEqual(both.filter { $0.inference.text == "model" }.map(\.id), plain.map(\.id))
        XCTAssertEqual(Set(both.map(\.id)).count, 4)
        XCTAssertEqual(both[1].difference(from: both[0]), "inference=wild")
    }

    /// The grid's bootstrap goes where the wild bootstrap of OLS applies (levels OLS, also on differenced variables
    /// `d(x)`); 2SLS and the SUR system keep their variance estimator's p-values (not a failure in every wild
    /// variant); `cr1` drops a model's own bootstrap.
    func testWildAppliesToLevelsOLSOnly() throws {
        let grouping = NamedGrouping(label: "g", grouping: try Grouping(groups: [RegionGroup(name: "A", regions: ["DEU"])]))
        var grid = SensitivityGrid(baseConfig: "x")
        grid.inference = ["wild", "cr1"]
        let v = VariantSpace.expand(grid: grid, groupings: [grouping])
        for (name, applies) in [("skill_share", true), ("production", true), ("production_fd", true), ("production_iv", false),
                                ("skill_system", false)] {
            var model = try XCTUnwrap(ModelPresets.named(name), name)
            XCTAssertEqual(try SensitivityChain.spec(model, in: v[0]).bootstrap != nil, applies, name)
            model.bootstrap = WildBootstrapSpec(reps: 199)
            XCTAssertNil(try SensitivityChain.spec(model, in: v[1]).bootstrap, "cr1 drops \(name)'s own bootstrap")
        }
    }

    func testWildVariantsCarryTheBootstrapPValueAndTheSummaryUsesIt() throws {
        let chain = try Fixture.chain.get()
        var grid = try Fixture.smallGrid()
        grid.generators = []
        grid.denominators = [.nonenergy]
        grid.vcov = ["model"]
        grid.inference = ["cr1", "wild"]
        let path = try Fixture.temporaryDirectory() + "/inference.db"
        let run = try SensitivityRunner.run(grid: grid, chain: chain, databasePath: path, options: RunOptions(threads: 2))
        XCTAssertEqual(run.computed, 2)
        let db = try ResultsDatabase.open(path: path)
        let header = ResultsDatabase.resultColumns
        XCTAssertEqual(Array(header.suffix(2)), ["boot_p_value", "bootstrap_used"])
        let rows = try db.resultRows()
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name)) }
        let inference = try column("inference"), model = try column("model"), term = try column("term"), p = try column("p_value")
        let estimate = try column("estimate")
        let bootP = try column("boot_p_value"), used = try column("bootstrap_used")
        let analytic = rows.filter { $0[inference] == "cr1" }, wild = rows.filter { $0[inference] == "wild" }
        XCTAssertEqual(analytic.count, wild.count)
        XCTAssertTrue(analytic.allSatisfy { $0[bootP] == "NA" && $0[used] == "" })
        // Single equations clustered by industry get the bootstrap (999 draws, the default seed); the SUR system does not.
        let single = wild.filter { $0[model] != "skill_system" }
        XCTAssertFalse(single.isEmpty)
        for r in single {
            XCTAssertEqual(r[used], "wild:cluster=industry,reps=999,weights=webb,type=restricted,seed=20171203", "\(r)")
            XCTAssertNotEqual(r[bootP], "NA")
        }
        XCTAssertTrue(wild.filter { $0[model] == "skill_system" }.allSatisfy { $0[bootP] == "NA" && $0[used] == "" })
        // The estimates and CR1 columns are the analytic variant's; the bootstrap p-value is the one estimating the
        // model from scratch with that bootstrap gives.
        for (a, w) in zip(analytic, wild) {
            XCTAssertEqual(a[term], w[term])
            XCTAssertEqual(Array(a[(model + 2)...(p)]), Array(w[(model + 2)...(p)]), a[term])
        }
        let v = VariantSpace.expand(grid: grid, groupings: try chain.groupings(for: grid))[1]
        let spec = try SensitivityChain.spec(try XCTUnwrap(chain.models.first { $0.name == "skill_share" }), in: v)
        XCTAssertEqual(spec.bootstrap?.reps, 999)
        let o = try ModelRunner.run(spec, panel: try chain.panel(v, grouping: chain.baseGrouping))
        let boot = try XCTUnwrap(o.bootstrap)
        for t in boot.terms {
            let r = try XCTUnwrap(single.first { $0[model] == "skill_share" && $0[term] == t.name })
            XCTAssertEqual(Double(r[bootP]) ?? .nan, t.pValue, accuracy: 1e-12, t.name)
        }

        // The summary judges the wild variant by its bootstrap p-value and says which bootstrap (and seed) it used.
        let s = try StabilitySummary.compute(database: db, keyTerms: ["om", "os", "om_CEE"], alpha: 0.05)
        XCTAssertEqual(s.bootstraps, ["wild:cluster=industry,reps=999,weights=webb,type=restricted,seed=20171203"])
        for e in s.entries {
            let mine = rows.filter { $0[model] == e.model && $0[term] == e.term }
            let sign: Double = (Double(mine[0][estimate]) ?? 0) >= 0 ? 1 : -1
            let expected = mine.filter { r in
                let pv = r[bootP] != "NA" ? Double(r[bootP]) ?? .nan : Double(r[p]) ?? .nan
                return pv < 0.05 && (Double(r[estimate]) ?? 0) * sign > 0
            }.count
            XCTAssertEqual(e.significantWithBaselineSign, expected, "\(e.model) \(e.term)")
        }
        XCTAssertTrue(s.table().notes.contains { $0.contains("judged by the bootstrap p-value") && $0.contains("seed=20171203") },
                      "\(s.table().notes)")
    }
}
