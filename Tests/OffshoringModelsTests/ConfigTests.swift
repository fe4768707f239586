import DataIO
import Foundation
import OffshoringModels
import XCTest
import TestSupport

/// The estimate config: defaults, the bundled file, relative paths, and errors that name the key and its line.
final class ConfigTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory.make(prefix: "estimate-config")
    }

    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ text: String, _ name: String = "c.toml") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func error(_ text: String) -> InputError? {
        do {
            _ = try EstimateConfig.load(path: try write(text), bundle: "/b")
            return nil
        } catch { return error as? InputError }
    }

    /// Issue 20: a config with models of its own and no [[contributions]] runs: the default decompositions apply to the
    /// models it has, and none is asked of a model it lacks.
    func testModelsWithoutContributionsKeepOnlyTheDefaultsThatFit() throws {
        let only = try EstimateConfig.load(path: try write("[[model]]\npreset = \"production\"\n"), bundle: "/b")
        XCTAssertEqual(only.models.map(\.name), ["production"])
        XCTAssertEqual(only.contributions, [])
        let withSkills = try EstimateConfig.load(path: try write("[[model]]\npreset = \"skill_share\"\n"), bundle: "/b")
        XCTAssertEqual(withSkills.contributions.map(\.model), EstimateConfig.defaults(bundle: "/b").contributions.map(\.model).filter { $0 == "skill_share" })
        XCTAssertFalse(withSkills.contributions.isEmpty)
    }

    func testEmptyFileTakesEveryDefault() throws {
        let c = try EstimateConfig.load(path: try write(""), bundle: "/b")
        XCTAssertEqual(c.models.map(\.name), ModelPresets.all.map(\.name))
        XCTAssertEqual(c.accounts, "/b/accounts/BEL_synthetic_sea.csv")
        XCTAssertTrue(c.synthetic, "the bundled accounts are synthetic")
        XCTAssertEqual(c.country, "BEL")
        XCTAssertEqual(c.denominator, .nonenergy)
        XCTAssertFalse(c.allowPartial)
        XCTAssertNil(c.years)
        XCTAssertEqual(c.runName, "default")
        XCTAssertNil(c.outputDirectory)
        XCTAssertEqual(c.contributions, ContributionSpec.defaults)
        XCTAssertEqual(c.variables["H_EMPE"], "H_EMPE")
    }

    func testBundledConfigIsTheDefaultsWrittenOut() throws {
        let c = try Bundled.config()
        let d = EstimateConfig.defaults(bundle: Bundled.folder)
        XCTAssertEqual(c.models, d.models)
        XCTAssertEqual(c.contributions, d.contributions)
        XCTAssertEqual(c.variables, d.variables)
        XCTAssertTrue(c.synthetic)
        XCTAssertEqual(c.tables, Bundled.folder + "/config/../wiod2013", "paths are relative to the config's folder")
        XCTAssertEqual(c.models.first { $0.name == "production_spillover" }?.enabled, false)
    }

    func testUserSettingsAndRelativePaths() throws {
        let p = try write("""
        [data]
        accounts = "mine/sea.csv"
        country = "DEU"
        years = "1996-2000"
        denominator = "output"

        [variables]
        K = "CAP_QI"
        GO_P = ""

        [[model]]
        preset = "labour_demand"
        period = "1996-1999"
        vcov = "hc1"

        [[model]]
        name = "mine"
        formula = "log(Y) ~ om | industry"
        estimator = "ols"
        weights = "empshare"

        [[contributions]]
        model = "mine"
        base = "mean"
        [contributions.groups]
        all = ["om"]

        [output]
        run_name = "run-1"
        directory = "out"
        """)
        let c = try EstimateConfig.load(path: p, bundle: "/b")
        XCTAssertEqual(c.accounts, dir.path + "/mine/sea.csv")
        XCTAssertFalse(c.synthetic, "a user's own accounts are not synthetic unless the file says so")
        XCTAssertEqual(c.country, "DEU")
        XCTAssertEqual(c.accountsCountry, "DEU")
        XCTAssertEqual(c.years, [1996, 1997, 1998, 1999, 2000])
        XCTAssertEqual(c.denominator, .output)
        XCTAssertEqual(c.variables["K"], "CAP_QI")
        XCTAssertEqual(c.variables["GO_P"], "")
        XCTAssertEqual(c.models.map(\.name), ["labour_demand", "mine"])
        XCTAssertEqual(c.models[0].period, 1996...1999)
        XCTAssertEqual(c.models[0].vcov, "hc1")
        XCTAssertEqual(c.models[0].formula, ModelPresets.named("labour_demand")?.formula)
        XCTAssertEqual(c.models[1].weights, "empshare")
        XCTAssertEqual(c.contributions.first?.base, .mean)
        XCTAssertEqual(c.contributions.first?.groups.first?.terms, ["om"])
        XCTAssertEqual(c.runName, "run-1")
        XCTAssertEqual(c.outputDirectory, dir.path + "/out")
        // The resolved config reads back to the same settings.
        let again = try EstimateConfig.load(path: try write(c.resolvedTOML(), "resolved.toml"), bundle: "/elsewhere")
        XCTAssertEqual(again.resolvedTOML(), c.resolvedTOML())
    }

    func testUnknownKeyNamesTheKeyAndItsLine() {
        let e = error("[data]\ncountry = \"BEL\"\ncountri = \"BEL\"\n")
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.key, "data.countri")
        XCTAssertTrue(e?.message.contains("unknown key") ?? false)
        let top = error("# comment\n[outputs]\nrun_name = \"x\"\n")
        XCTAssertEqual(top?.line, 2)
        XCTAssertEqual(top?.key, "outputs")
        let model = error("[[model]]\npreset = \"production\"\nsmaple = \"all\"\n")
        XCTAssertEqual(model?.key, "model.smaple")
        XCTAssertEqual(model?.line, 3)
    }

    func testWrongTypesAndValuesNameTheKey() {
        let b = error("[data]\nsynthetic = \"yes\"\n")
        XCTAssertEqual(b?.line, 2)
        XCTAssertTrue(b?.message.contains("expected true or false") ?? false)
        XCTAssertEqual(error("[data]\ndenominator = \"gross\"\n")?.key, "data.denominator")
        XCTAssertEqual(error("[data]\nyears = \"19x5\"\n")?.key, "data.years")
        let preset = error("[[model]]\npreset = \"prodution\"\n")
        XCTAssertTrue(preset?.message.contains("unknown preset 'prodution'") ?? false)
        XCTAssertEqual(preset?.line, 2)
        XCTAssertEqual(error("[[model]]\npreset = \"production\"\nvcov = \"robust-ish\"\n")?.key, "model.vcov")
        XCTAssertEqual(error("[[model]]\npreset = \"production\"\nperiod = \"2004-1995\"\n")?.key, "model.period")
        XCTAssertTrue(error("[[model]]\nname = \"m\"\nformula = \"log(Y ~ om\"\n")?.message.contains("formula") ?? false)
        XCTAssertEqual(error("[[model]]\nname = \"x\"\n")?.key, "model.name")
        XCTAssertTrue(error("[[model]]\npreset = \"production\"\n[[model]]\npreset = \"production\"\n")?.message.contains("two models are named 'production'") ?? false)
        XCTAssertEqual(error("[output]\nrun_name = \"../up\"\n")?.key, "output.run_name")
        XCTAssertEqual(error("[[contributions]]\nweights = \"wbshare\"\n")?.key, "contributions.model")
        XCTAssertNotNil(error("[data\n"), "a TOML syntax error")
        let system = error("[[model]]\npreset = \"skill_system\"\nweights = \"wbshare\"\n")
        XCTAssertEqual(system?.key, "model.weights")
        XCTAssertEqual(system?.line, 3)
        XCTAssertEqual(error("[[model]]\npreset = \"production\"\nequations = [\"S_l ~ om\"]\n")?.key, "model.equations")
    }
}
