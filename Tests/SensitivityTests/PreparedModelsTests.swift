import DataIO
import Econometrics
import IOTables
import Offshoring
import OffshoringModels
@testable import Sensitivity
import TestSupport
import XCTest

/// The sensitivity chain estimates every model from plans prepared once on the baseline panel (`ModelPlan`:
/// only the terms that read offshoring columns are evaluated again, demeaned columns whose input did not change
/// are reused). Every number must be bit for bit what estimating from scratch gives: `ModelRunner.run` on the
/// panel `PanelBuilder` builds from the variant's measures.
final class PreparedModelsTests: XCTestCase {
    /// The bundled default config (all years, every default model: FE, first differences, lags, IV, weights,
    /// the SUR system), loaded once.
    static let chain: Result<SensitivityChain, Error> = Result {
        let bundle = RepositoryPaths.supplyUseTables.path
        let config = try EstimateConfig.load(path: bundle + "/config/estimate-default.toml", bundle: bundle)
        return try SensitivityChain(config: config, modelNames: [])
    }

    func testPreparedModelsEqualEstimationFromScratchBitForBit() throws {
        let chain = try Self.chain.get()
        // 11 since the default runs on real accounts and adds the low-skilled share in hours (skill_share_hours); 16 with
        // the three studies' presets (issue 20), five of them with their own offshoring measures.
        XCTAssertEqual(chain.models.count, 16)
        XCTAssertGreaterThan(chain.models.filter { $0.denominator != nil || $0.narrow != nil }.count, 0)
        var grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output], narrow: [false, true])
        grid.generators = [GroupingGenerator(kind: .move, regions: ["KOR", "TUR"], to: "OECD"),
                           GroupingGenerator(kind: .alone, group: "ASIA", regions: ["CHN"])]
        grid.estimators = ["model", "unweighted", "fgls"]
        grid.vcov = ["model", "hc1", "cluster:industry+year"]
        grid.periods = ["model", "1996-2006"]
        grid.samples = ["model", "market_services"]
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertGreaterThan(variants.count, 400)
        var compared = 0, failures = 0
        // Every 23rd variant (a prime step, so every setting occurs with others) and the last.
        for v in variants where v.position % 23 == 0 || v.position == variants.count - 1 {
            let g = groupings[v.groupingIndex].grouping
            let fast = chain.run(v, grouping: g)
            var cfg = chain.config
            cfg.denominator = v.denominator
            let tables = try chain.base.enumerated().map { k, t in
                t.replacingMeasures(try OffshoringMeasures.compute(flows: chain.flows[k][v.narrow ? 1 : 0], country: cfg.country,
                                                                   classification: chain.classification, grouping: g, denominator: v.denominator))
            }
            let panel = try PanelBuilder.build(tables: tables, accounts: chain.accounts, config: cfg, classification: chain.classification,
                                               grouping: g, yearsExplicit: cfg.years != nil)
            var rows: [ResultRow] = []
            var failed: [String] = []
            for (mi, m) in chain.models.enumerated() {
                do {
                    let spec = try SensitivityChain.spec(m, in: v)
                    // A model with offshoring measures of its own (a study's preset) keeps them in every variant: they
                    // come from the baseline panel (the config's grouping), the variant sets only its sample, period,
                    // estimator and inference.
                    let own = m.denominator != nil || m.narrow != nil
                    let o = try ModelRunner.run(spec, panel: own ? chain.basePanel : panel)
                    chain.append(o.estimate, spec: spec, modelIndex: mi, years: o.years, to: &rows)
                } catch {
                    failed.append("\(m.name): \(error)")
                }
            }
            XCTAssertEqual(fast.failures.map { "\($0.model): \($0.message)" }, failed, v.id)
            XCTAssertEqual(fast.rows.count, rows.count, v.id)
            for (a, b) in zip(fast.rows, rows) {
                XCTAssertEqual(a.model, b.model)
                XCTAssertEqual(a.term, b.term)
                for (x, y, what) in [(a.estimate, b.estimate, "estimate"), (a.stdError, b.stdError, "se"), (a.tValue, b.tValue, "t"),
                                     (a.pValue, b.pValue, "p"), (a.df, b.df, "df")] {
                    XCTAssertTrue(x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN),
                                  "\(v.difference(from: variants[0])) \(a.model) \(a.term) \(what): \(x) vs \(y)")
                }
                XCTAssertEqual(a.nobs, b.nobs)
                XCTAssertEqual(a.periodUsed, b.periodUsed)
                XCTAssertEqual(a.vcovUsed, b.vcovUsed)
            }
            compared += rows.count
            failures += failed.count
        }
        XCTAssertGreaterThan(compared, 500)
        XCTAssertGreaterThan(failures, 0, "narrow variants make the IV and SUR models fail: those failures must match too")
    }

    /// Consecutive variants that differ only in estimator or SE type share their measures and the estimations
    /// those settings leave the same; the results must be those of computing every variant alone.
    func testSharingWorkBetweenVariantsChangesNoNumber() throws {
        let chain = try Self.chain.get()
        var grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output])
        grid.generators = [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL"])]
        grid.estimators = ["model", "unweighted", "iterated"]
        // Standard errors of every kind a single equation shares its fit with (issue 22: the grid's other
        // standard errors are recorded from one fit): the model's own, robust, classical, HC3, clustered by year.
        grid.vcov = ["model", "hc1", "iid", "hc3", "cluster:year"]
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.count, 60)
        defer { chain.sharesWork = true; chain.vcovChoices = [] }
        var shared: [VariantOutcome] = [], alone: [VariantOutcome] = []
        for sharing in [true, false] {
            chain.sharesWork = sharing
            chain.vcovChoices = sharing ? grid.vcov : []
            for v in variants {
                let o = chain.run(v, grouping: groupings[v.groupingIndex].grouping)
                if sharing { shared.append(o) } else { alone.append(o) }
            }
        }
        for (a, b) in zip(shared, alone) {
            XCTAssertEqual(a.rows, b.rows, a.variant.id)
            XCTAssertEqual(a.failures.map(\.message), b.failures.map(\.message), a.variant.id)
        }
        XCTAssertEqual(shared.map(\.rows.count).reduce(0, +), alone.map(\.rows.count).reduce(0, +))
        XCTAssertGreaterThan(shared.map(\.rows.count).reduce(0, +), 1000)
    }
}
