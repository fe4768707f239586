import DataIO
import Econometrics
import Foundation
@testable import OffshoringModels
import Reporting
import RunFolders
import XCTest
import TestSupport

/// `offshore estimate`'s default inference (issue 17): a model clustered one way on fewer than 30 clusters gets the
/// wild cluster bootstrap (restricted, Webb, 9,999 draws, seed 20171203, chosen from Reports/benchmarks/size-study.md);
/// its stars, p-values and intervals come from it, the CR1 standard errors stay, labelled; contributions of a
/// bootstrapped model get the bootstrap's intervals; `bootstrap = "none"` turns it off.
final class DefaultBootstrapTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "estimate-default-bootstrap") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func load(_ text: String) throws -> EstimateConfig {
        let p = dir.appendingPathComponent("c.toml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return try EstimateConfig.load(path: p, bundle: "/b")
    }

    func skillShare() throws -> ModelSpec { try XCTUnwrap(ModelPresets.named("skill_share")) }

    func testTheDefaultRunsOnFewClustersWithTheChosenSpec() throws {
        XCTAssertEqual(ModelSpec.defaultBootstrap, WildBootstrapSpec(reps: 9_999, weights: .webb, type: .restricted, seed: 20_171_203))
        let (panel, _) = try Bundled.panel.get()
        let o = try ModelRunner.run(try skillShare(), panel: panel)
        XCTAssertTrue(o.bootstrapIsDefault)
        let b = try XCTUnwrap(o.bootstrap)
        XCTAssertEqual(b.clusters, 14)
        XCTAssertEqual(b.draws, 9_999)
        XCTAssertEqual(b.spec.seed, 20_171_203)
        XCTAssertEqual(b.spec.cluster, "industry")
        // The CR1 standard errors stay; the bootstrap's p-values are beside them.
        guard case .single(let r) = o.estimate else { return XCTFail("not a single equation") }
        let record = o.record
        XCTAssertEqual(record.equations[0].terms.map(\.standardError), r.standardErrors)
        XCTAssertTrue(record.equations[0].terms.allSatisfy { $0.bootstrap != nil })
    }

    func testNoneTurnsItOffAndIsWrittenBack() throws {
        let c = try load("[[model]]\npreset = \"skill_share\"\nbootstrap = \"none\"\n")
        let spec = try XCTUnwrap(c.models.first { $0.name == "skill_share" })
        XCTAssertNil(spec.bootstrap)
        XCTAssertFalse(spec.automaticBootstrap)
        XCTAssertTrue(c.resolvedTOML().contains("bootstrap = \"none\""))
        let again = try load(c.resolvedTOML())
        XCTAssertEqual(again.models.first { $0.name == "skill_share" }?.automaticBootstrap, false)
        let (panel, _) = try Bundled.panel.get()
        let o = try ModelRunner.run(spec, panel: panel)
        XCTAssertNil(o.bootstrap)
        // Without a bootstrap the few-clusters warning still says what to do.
        let notes = RegressionReport.table(o.record).notes.joined(separator: "\n")
        XCTAssertTrue(notes.contains("Warning: only 14 clusters;") && notes.contains("compare with hc1 or a wild cluster bootstrap"), notes)
    }

    func testTheWarningSaysWhatWasDone() throws {
        let (panel, _) = try Bundled.panel.get()
        let o = try ModelRunner.run(try skillShare(), panel: panel)
        let table = RegressionReport.table(o.record)
        let notes = table.notes.joined(separator: "\n")
        XCTAssertTrue(notes.contains("Warning: only 14 clusters; cluster-robust standard errors are biased downwards and t tests over-reject with fewer than about 30 clusters (Cameron and Miller 2015): the stars, boot p and intervals are from the wild cluster bootstrap (restricted, webb, seed 20171203); std. error and Pr(>|t|) are CR1's, for reference"), notes)
        XCTAssertFalse(notes.contains("compare with hc1"), notes)
        XCTAssertTrue(notes.contains("Significance (boot p): *** p<0.01"), notes)
        XCTAssertEqual(table.header.suffix(3), ["boot p", "boot 95% CI low", "high"])
        // The stars are the bootstrap p-value's.
        for (row, term) in zip(table.rows, o.record.equations[0].terms) {
            XCTAssertEqual(row[5], SignificanceStars().mark(term.bootstrap?.pValue ?? .nan), term.name)
        }
    }

    func testTwoStageLeastSquaresSaysWhyThereIsNoBootstrap() throws {
        let (panel, _) = try Bundled.panel.get()
        let o = try ModelRunner.run(try XCTUnwrap(ModelPresets.named("production_iv")), panel: panel)
        XCTAssertNil(o.bootstrap)
        XCTAssertTrue(o.record.notes.contains { $0.contains("not available for 2SLS") }, "\(o.record.notes)")
    }

    func testEstimateCSVAndJSONCarryTheLabelledBootstrapColumns() throws {
        var config = try Bundled.config()
        config.models = [try skillShare(), try XCTUnwrap(ModelPresets.named("skill_system"))]
        config.contributions = [ContributionSpec(model: "skill_share", weights: "wbshare")]
        let (panel, _) = try Bundled.panel.get()
        let run = try EstimateRun.execute(config: config, panel: panel, inputs: [])
        let lines = EstimateReport.csv(run).split(separator: "\n")
        XCTAssertEqual(lines[0], "model,term,estimate,std_error,t_value,p_value,boot_p_value,boot_ci_low,boot_ci_high")
        XCTAssertTrue(lines.contains { $0.hasPrefix("skill_system,") && $0.hasSuffix(",NA,NA,NA") })
        let single = EstimateReport.csv(try XCTUnwrap(run.outcomes.first)).split(separator: "\n")
        XCTAssertEqual(single[0], "model,term,estimate,std_error,t_value,p_value,boot_p_value,boot_ci_low,boot_ci_high")
        let json = EstimateReport.json(run).render()
        XCTAssertTrue(json.contains("\"boot_p_value\":"), json)
        XCTAssertTrue(json.contains("\"seed\":\"20171203\""), json)
        XCTAssertTrue(json.contains("\"bootstrap_default\":true"), json)
        let text = EstimateReport.text(run)
        XCTAssertTrue(text.contains("Inference (skill_share): the wild cluster bootstrap is estimate's default for models clustered on fewer than 30 clusters (14 here"), text)
        XCTAssertTrue(text.contains("the stars, boot p and intervals are from the wild cluster bootstrap (restricted, webb, seed 20171203)"), text)
        // The manifest records the bootstrap with its seed.
        let manifest = try RunManifest(run, toolVersion: "test")
        XCTAssertEqual(manifest.bootstrap, ["skill_share: wild:cluster=industry,reps=9999,weights=webb,type=restricted,seed=20171203 (default)"])
        XCTAssertTrue(manifest.json().contains("\"bootstrap\":[\"skill_share: wild:cluster=industry,reps=9999,weights=webb,type=restricted,seed=20171203 (default)\"],\"report\":false"))
        let path = dir.appendingPathComponent("manifest.json").path
        try manifest.json().write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RunManifest(path: path).bootstrap, manifest.bootstrap)
    }

    /// A contribution is c'b; for a single regressor c'b = c_k b_k, so its bootstrap interval (test inversion of
    /// c_k b_k = r with the model's draws) is c_k times the coefficient's: an identity of the two computations.
    func testContributionIntervalsAreTheBootstrapsAndScaleWithTheCoefficients() throws {
        var config = try Bundled.config()
        config.models = [try skillShare()]
        config.contributions = [ContributionSpec(model: "skill_share", weights: "wbshare")]
        let (panel, _) = try Bundled.panel.get()
        let run = try EstimateRun.execute(config: config, panel: panel, inputs: [])
        let table = try XCTUnwrap(run.contributions.first)
        XCTAssertTrue(table.bootstrapped)
        XCTAssertTrue(table.interval.hasPrefix("wild cluster bootstrap of the model (restricted, webb weights, 9,999 draws, seed 20171203"), table.interval)
        let terms = try XCTUnwrap(run.outcomes.first).record.equations[0].terms
        for row in table.rows where row.kind == .term {
            let term = try XCTUnwrap(terms.first { $0.name == row.name })
            let boot = try XCTUnwrap(term.bootstrap)
            let c = try XCTUnwrap(row.change) / table.totalChange
            let ends = [c * boot.ciLow, c * boot.ciHigh].sorted()
            XCTAssertEqual(row.ciLow, ends[0], accuracy: 1e-9 * max(1, abs(ends[0])), row.name)
            XCTAssertEqual(row.ciHigh, ends[1], accuracy: 1e-9 * max(1, abs(ends[1])), row.name)
        }
        for row in table.rows { XCTAssertTrue(row.ciLow <= row.contribution && row.contribution <= row.ciHigh, row.name) }
        let csv = EstimateReport.contributionsCSV(run).split(separator: "\n")
        XCTAssertTrue(csv[0].hasSuffix(",contribution,std_error,ci_low,ci_high,interval"))
        XCTAssertTrue(csv[1].hasSuffix(",bootstrap"))
        let text = EstimateReport.contributionTable(table, run: run).renderText()
        XCTAssertTrue(text.contains("boot 95% CI low %") && text.contains("Intervals: wild cluster bootstrap of the model"), text)
    }

    /// report.json and the run page carry the contribution intervals of a bootstrapped model, labelled with the
    /// method and the seed as the terminal shows them (issue 17); a report.json without them still reads and renders.
    func testReportJSONAndThePageCarryTheBootstrapIntervalsAndTheSeed() throws {
        var config = try Bundled.config()
        config.models = [try skillShare()]
        config.contributions = [ContributionSpec(model: "skill_share", weights: "wbshare")]
        let (panel, _) = try Bundled.panel.get()
        let run = try EstimateRun.execute(config: config, panel: panel, inputs: [])
        let table = try XCTUnwrap(run.contributions.first)
        let summary = EstimateReport.summary(run, toolVersion: "test")
        let saved = try XCTUnwrap(summary.contributions.first)
        XCTAssertEqual(saved.interval, RunSummary.ContributionInterval(method: "bootstrap", seed: 20_171_203, draws: 9_999, weights: "webb",
                                                                       type: "restricted", description: table.interval))
        XCTAssertEqual(saved.rows.map(\.ciLow), table.rows.map(\.ciLow))
        XCTAssertEqual(saved.rows.map(\.ciHigh), table.rows.map(\.ciHigh))
        let json = try summary.json()
        XCTAssertTrue(json.contains("\"ci_low\" : ") && json.contains("\"seed\" : 20171203") && json.contains("\"method\" : \"bootstrap\""), json)
        let path = dir.appendingPathComponent("report.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try RunSummary(path: path), summary, "read back exactly")

        let report = try RunSummaryReport.build(summary, measures: nil, manifest: [], settings: try PublicationSettings())
        let page = try XCTUnwrap(report.tables.first { $0.id.hasPrefix("contributions-") }).table
        XCTAssertEqual(page.header[0].cells.map(\.text).last, "95 % interval (%)")
        let first = try XCTUnwrap(table.rows.first)
        let cell = "[" + NumberStyle().format(100 * first.ciLow, digits: 2) + ", " + NumberStyle().format(100 * first.ciHigh, digits: 2) + "]"
        XCTAssertTrue(page.render(.text).contains(cell), page.render(.text))
        XCTAssertTrue(page.notes.contains("95 % intervals: wild cluster bootstrap of the model (restricted, webb weights, 9999 draws, seed 20171203), by test inversion."),
                      "\(page.notes)")
        let html = HTMLPage.render(report)
        XCTAssertTrue(html.contains("seed 20171203") && html.contains(cell), "on the HTML page")
        let nl = try RunSummaryReport.build(summary, measures: nil, manifest: [], settings: try PublicationSettings(lang: "nl"))
        XCTAssertTrue(try XCTUnwrap(nl.tables.first { $0.id.hasPrefix("contributions-") }).table.notes
            .contains { $0.hasPrefix("95%-intervallen: wild cluster bootstrap van het model (beperkt, webb-gewichten, 9999 trekkingen, seed 20171203)") })

        // A report.json from before: no intervals, the table as it was (four columns, no interval note).
        var old = summary
        old.contributions[0].interval = nil
        for k in old.contributions[0].rows.indices { old.contributions[0].rows[k].ciLow = nil; old.contributions[0].rows[k].ciHigh = nil }
        let oldJSON = try old.json()
        XCTAssertFalse(oldJSON.contains("ci_low"))
        let oldTable = try XCTUnwrap(try RunSummaryReport.build(old, measures: nil, manifest: [], settings: try PublicationSettings())
            .tables.first { $0.id.hasPrefix("contributions-") }).table
        XCTAssertEqual(oldTable.columnCount, 4)
        XCTAssertFalse(oldTable.notes.contains { $0.contains("intervals") })
    }

    func testContributionsWithoutABootstrapGetDeltaMethodIntervals() throws {
        var spec = try skillShare()
        spec.automaticBootstrap = false
        var config = try Bundled.config()
        config.models = [spec]
        config.contributions = [ContributionSpec(model: "skill_share", weights: "wbshare")]
        let (panel, _) = try Bundled.panel.get()
        let run = try EstimateRun.execute(config: config, panel: panel, inputs: [])
        let table = try XCTUnwrap(run.contributions.first)
        XCTAssertFalse(table.bootstrapped)
        XCTAssertEqual(table.interval, "delta method: contribution +- t(13, 0.975) x std. error")
        let q = studentCritical(level: 0.95, df: 13)
        for row in table.rows {
            XCTAssertEqual(row.ciLow, row.contribution - q * row.standardError, accuracy: 1e-15)
            XCTAssertEqual(row.ciHigh, row.contribution + q * row.standardError, accuracy: 1e-15)
        }
        XCTAssertTrue(EstimateReport.contributionsCSV(run).split(separator: "\n")[1].hasSuffix(",delta"))
    }

    /// The default estimate's bootstrap (real accounts, skill_share: WCR, Webb, 9,999 draws, seed 20171203) against
    /// wildboottest 0.3.2 given the same draws, and a brute-force bootstrap, on the exported estimation rows
    /// (References/default_bootstrap.py and its CSVs): the same draws, so the p-values agree to rounding.
    func testTheDefaultEstimatesBootstrapMatchesWildboottest() throws {
        let reference = try Bundled.csv(Bundled.reference("default_bootstrap_reference.csv"))
        func value(_ term: String, _ quantity: String) throws -> Double {
            try XCTUnwrap(reference.first { $0["term"] == term && $0["quantity"] == quantity }.flatMap { $0["value"].flatMap(Double.init) },
                          "\(term) \(quantity)")
        }
        let config = try Bundled.realConfig()
        let spec = try XCTUnwrap(config.models.first { $0.name == "skill_share" })
        let (panel, _) = try Bundled.realPanel.get()
        let o = try ModelRunner.run(spec, panel: panel)
        XCTAssertTrue(o.bootstrapIsDefault)
        let boot = try XCTUnwrap(o.bootstrap)
        XCTAssertEqual(Double(boot.clusters), try value("", "clusters"))
        guard case .single(let r) = o.estimate else { return XCTFail("not a single equation") }
        XCTAssertEqual(Double(r.nobs), try value("", "rows"))
        XCTAssertEqual(boot.terms.count, 9)
        for t in boot.terms {
            // The CR1 t statistic: wildboottest's adj/cluster_adj small-sample factor counts the dummies as offshore
            // counts the absorbed parameters.
            XCTAssertEqual(t.tStatistic, try value(t.name, "wildboottest_t"), accuracy: 1e-7 * max(1, abs(t.tStatistic)), t.name)
            XCTAssertEqual(t.pValue, try value(t.name, "wildboottest_p_symmetric"), accuracy: 1e-10, t.name)
            XCTAssertEqual(t.pValue, try value(t.name, "brute_p_symmetric"), accuracy: 1e-10, t.name)
        }
    }
}
