import Foundation
import IOTables
import Offshoring
import OffshoringModels
@testable import Sensitivity
import XCTest
import TestSupport

/// Shared inputs of the sensitivity tests: the bundled WIOD tables and synthetic accounts restricted to
/// 1995-1999 (so that debug runs stay fast), three models, and a chain loaded once for every test.
enum Fixture {
    /// The bundled `SupplyUseTables` folder.
    static var bundle: String { RepositoryPaths.supplyUseTables.path }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        try TemporaryDirectory.make(prefix: "sensitivity-tests").path
    }

    /// The models of the test config: a production function, the weighted skill share, the SUR skill system.
    static let modelsTOML = """
        [[model]]
        preset = "production"
        period = "1995-1999"

        [[model]]
        preset = "skill_share"
        period = "1995-1999"

        [[model]]
        preset = "skill_system"
        period = "1995-1999"
        """

    /// An estimate config on 1995-1999 with the three models; `extra` goes into [data].
    static func writeConfig(in dir: String, name: String = "estimate.toml", data extra: String = "") throws -> String {
        let text = "[data]\nyears = \"1995-1999\"\n\(extra)\n\n" + modelsTOML + "\n"
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The folder and config shared by the tests.
    static let shared: Result<(dir: String, config: EstimateConfig), Error> = Result {
        let dir = try temporaryDirectory()
        let path = try writeConfig(in: dir)
        var c = try EstimateConfig.load(path: path, bundle: bundle)
        c.contributions = []
        return (dir, c)
    }

    /// The chain, loaded once.
    static let chain: Result<SensitivityChain, Error> = Result {
        try SensitivityChain(config: try shared.get().config, modelNames: [])
    }

    /// A small grid: the default grouping and two CEE countries left out, two denominators, two SE types
    /// (12 variants).
    static func smallGrid() throws -> SensitivityGrid {
        SensitivityGrid(baseConfig: try shared.get().config.path ?? "", keyTerms: ["om", "os", "om_CEE"],
                        generators: [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL", "HUN"])],
                        denominators: [.nonenergy, .output], vcov: ["model", "hc1"])
    }

    /// The panel the chain reuses for variant `v` (grouping `g`) and the one `PanelBuilder` builds afresh from the
    /// same measures, for tests that check the two agree bit for bit.
    static func reusedAndBuiltPanels(_ chain: SensitivityChain, _ v: Variant, grouping g: Grouping) throws -> (reused: IndustryPanel, built: IndustryPanel) {
        let tables = try chain.base.enumerated().map { k, t in
            t.replacingMeasures(try OffshoringMeasures.compute(flows: chain.flows[k][v.narrow ? 1 : 0], country: "BEL",
                                                               classification: chain.classification, grouping: g, denominator: v.denominator))
        }
        var cfg = chain.config
        cfg.denominator = v.denominator
        let built = try PanelBuilder.build(tables: tables, accounts: chain.accounts, config: cfg, classification: chain.classification,
                                           grouping: g, yearsExplicit: true)
        return (try chain.panel(v, grouping: g), built)
    }
}
