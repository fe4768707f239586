import Foundation
import XCTest

/// `offshore estimate` end to end: the bundled default, CSV/JSON schemas, the run folder, bad configs.
final class EstimateCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var bundle: String { CLI.repositoryRoot.appendingPathComponent("SupplyUseTables").path }

    /// A short config over 1995-1998 (four tables load faster in debug builds) with two models.
    func smallConfig(extra: String = "", accounts: String? = nil) throws -> String {
        let text = """
        [data]
        tables = "\(bundle)/wiod2013"
        classification = "\(bundle)/classifications/wiod2013.toml"
        grouping = "\(bundle)/groupings/default.toml"
        accounts = "\(accounts ?? bundle + "/accounts/BEL_synthetic_sea.csv")"
        synthetic = true
        years = "1995-1998"

        [[model]]
        preset = "production"
        period = "1995-1998"

        [[model]]
        preset = "skill_share"
        period = "1995-1998"

        [[contributions]]
        model = "skill_share"

        [output]
        run_name = "cli-run"
        \(extra)
        """
        let p = dir.appendingPathComponent("small.toml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testNoArgumentsRunsTheBundledDefault() throws {
        // In a scratch folder that sees the bundled data, so that the check below (no run folder written) reads no
        // folder of the user's checkout: a README-tour `estimate --report Reports` there once failed this test.
        let fm = FileManager.default
        let scratch = try ScratchFolderTestCase.makeScratchFolder()
        defer { try? fm.removeItem(at: scratch) }
        let r = try CLI.run(["estimate"], in: scratch)
        XCTAssertEqual(r.status, 0, r.stderr)
        // One side-by-side table per family (issue 18 item 8): the models are column headings, their formulas notes.
        for model in ["production", "production_groups", "production_fd", "productivity", "production_lag", "production_iv",
                      "labour_demand", "labour_demand_fd", "skill_share", "skill_system (S_l)",
                      // The three studies' presets (issue 20).
                      "labour_demand_mr2012_manufacturing", "labour_demand_mr2012_services", "productivity_mr2014_manufacturing",
                      "productivity_mr2014_services", "skill_system_hm2013 (E_l)"] {
            XCTAssertTrue(r.stdout.contains("\n  \(model): "), model)
        }
        XCTAssertFalse(r.stdout.contains("production_spillover"), "disabled in the bundled config")
        XCTAssertFalse(r.stdout.contains("Model production: OLS"), "no table per model")
        for family in ["Production and productivity (1/3)", "Production and productivity (3/3)", "Labour demand (2/2)",
                       "Skill structure of employment (2/2)"] {
            XCTAssertTrue(r.stdout.contains(family + "\n"), family)
        }
        // Was 318 lines (a block per model, the notes repeated under each); 334 since the contributions tables have the
        // year effects, the residual, the total, the interaction's parts and more groups; 420 with the five study presets
        // (issue 20): 16 models in 7 tables of at most 3 columns, the notes still said once.
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).count
        XCTAssertLessThan(lines, 430, r.stdout)
        // The default runs on the real accounts: EU KLEMS has no ICT share for 2007, so the skill-share change is
        // decomposed over 1995-2006, the years the estimation used (the sample line says why).
        XCTAssertTrue(r.stdout.contains("Contributions to the change in S_l, 1995-2006 (model skill_share)"))
        XCTAssertTrue(r.stdout.contains("Contributions to the change in log(Y/L), 1995-2004 (model productivity)"))
        XCTAssertTrue(r.stdout.contains("Restrictions imposed: S_l:log(w_m/w_h) = S_m:log(w_l/w_h)"))
        // The notes name the real sources of the accounts, once (not under each of the 14 tables), and none says
        // they are synthetic.
        XCTAssertEqual(r.stdout.components(separatedBy: "sources: accounts from the WIOD Socio-Economic Accounts, 2013 release").count - 1, 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "sources: ICT from EU KLEMS, November 2009 release").count - 1, 1)
        XCTAssertEqual(r.stdout.components(separatedBy: "c35 has no defined offshoring measures").count - 1, 1)
        XCTAssertFalse(r.stdout.contains("SYNTHETIC accounts:"))
        XCTAssertTrue(r.stderr.contains("c35 has no defined offshoring measures"), r.stderr)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: scratch.path), ["SupplyUseTables"], "no run folder without --report or --output-dir")
    }

    func testCSVOutputAndRunFolder() throws {
        let config = try smallConfig()
        let reports = dir.appendingPathComponent("Reports").path
        let r = try CLI.run(["estimate", "--config", config, "--format", "csv", "--output-dir", reports])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Both models are clustered on 14 industries: estimate's default wild cluster bootstrap adds its columns.
        XCTAssertEqual(lines.first, "model,term,estimate,std_error,t_value,p_value,boot_p_value,boot_ci_low,boot_ci_high")
        XCTAssertEqual(lines.count, 1 + 5 + 9)
        XCTAssertTrue(lines[1].hasPrefix("production,log(K),"))
        XCTAssertTrue(lines[6].hasPrefix("skill_share,log(w_l/w_h),"))
        for l in lines.dropFirst() { XCTAssertEqual(l.split(separator: ",").count, 9, l) }
        let folder = reports + "/cli-run"
        XCTAssertEqual(try String(contentsOfFile: folder + "/estimates.csv", encoding: .utf8), r.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(files, ["config.resolved.toml", "contributions.csv", "contributions.json", "estimates.csv", "estimates.json",
                               "manifest.json", "offshoring.csv", "production.csv", "production.json", "report.json", "skill_share.csv",
                               "skill_share.json", "tables.txt"])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["version"] as? String, "0.1.0")
        let inputs = manifest?["inputs"] as? [[String: Any]] ?? []
        XCTAssertEqual(inputs.count, 4 + 4 + 1, "four tables, classification, grouping, accounts, industry codes, the config")
        XCTAssertTrue(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 && ($0["bytes"] as? Int ?? 0) > 0 })
        XCTAssertEqual(inputs.last?["path"] as? String, config)
        XCTAssertTrue(try String(contentsOfFile: folder + "/tables.txt", encoding: .utf8).contains("SYNTHETIC accounts"))
        XCTAssertTrue(r.stderr.contains("wrote \(folder)"))
        XCTAssertTrue(r.stderr.contains("offshore: note: SYNTHETIC accounts"), "CSV users are told too")
    }

    func testJSONOutputSchema() throws {
        let r = try CLI.run(["estimate", "--config", try smallConfig(), "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let models = root?["models"] as? [[String: Any]] ?? []
        XCTAssertEqual(models.map { $0["model"] as? String }, ["production", "skill_share"])
        for m in models {
            for key in ["model", "sample", "synthetic", "coefficients", "nobs", "r2", "r2_within", "vcov", "dropped"] {
                XCTAssertNotNil(m[key], key)
            }
        }
        XCTAssertEqual(models.first?["sample"] as? String, "manufacturing, 1995-1998")
        XCTAssertEqual(models.first?["nobs"] as? Int, 14 * 4)
        let coef = (models.first?["coefficients"] as? [[String: Any]])?.first
        // The default bootstrap (14 clusters) gives each coefficient regress --bootstrap's keys.
        XCTAssertEqual(Set(coef?.keys.map { $0 } ?? []), ["term", "estimate", "std_error", "t_value", "p_value", "ci_low", "ci_high",
                                                         "boot_p_value", "boot_ci_low", "boot_ci_high"])
        let contributions = root?["contributions"] as? [[String: Any]] ?? []
        XCTAssertEqual(contributions.first?["response"] as? String, "S_l")
        XCTAssertTrue((root?["notes"] as? [String])?.first?.hasPrefix("SYNTHETIC accounts") ?? false)
    }

    func testBadConfigExitsTwoAndWritesNoFolder() throws {
        let reports = dir.appendingPathComponent("Reports").path
        let config = try smallConfig(extra: "directory = \"\(reports)\"\nformats = [\"csv\"]")
        let r = try CLI.run(["estimate", "--config", config])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("small.toml:23: 'output.formats': unknown key"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports))
    }

    func testUnknownVariableInAFormulaNamesTheConfigAndModel() throws {
        let p = dir.appendingPathComponent("bad-formula.toml").path
        try "[data]\nyears = \"1995-1996\"\n[[model]]\nname = \"m\"\nformula = \"log(Y) ~ log(Z) | industry\"\nperiod = \"1995-1996\"\n"
            .write(toFile: p, atomically: true, encoding: .utf8)
        let r = try CLI.run(["estimate", "--config", p])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("bad-formula.toml: 'model.m': model 'm': 'Z': at character 14 of the formula: no such variable"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
    }

    func testAccountsThatDoNotMatchTheTablesExitTwo() throws {
        // The accounts without industry c5: the join is reported and the run stops before any output.
        let full = try String(contentsOfFile: bundle + "/accounts/BEL_synthetic_sea.csv", encoding: .utf8)
        let trimmed = full.split(separator: "\n").filter { !$0.contains(",c5,") }.joined(separator: "\n") + "\n"
        let accounts = dir.appendingPathComponent("sea.csv").path
        try trimmed.write(toFile: accounts, atomically: true, encoding: .utf8)
        let reports = dir.appendingPathComponent("Reports").path
        let r = try CLI.run(["estimate", "--config", try smallConfig(accounts: accounts), "--output-dir", reports])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("industries in the tables but not in the accounts: c5"), r.stderr)
        XCTAssertTrue(r.stderr.contains("allow_partial"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports))
        let bad = try CLI.run(["estimate", "--format", "xml"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--format"))
    }

    /// Issue 18 item 11: a copy of the bundled config in another folder runs; its relative paths that do not exist
    /// beside the copy are read from the bundled data, with a note naming the key.
    func testACopyOfTheBundledConfigElsewhereRuns() throws {
        let fm = FileManager.default
        let scratch = try ScratchFolderTestCase.makeScratchFolder()
        defer { try? fm.removeItem(at: scratch) }
        let study = scratch.appendingPathComponent("study")
        try fm.createDirectory(at: study, withIntermediateDirectories: true)
        // `cp SupplyUseTables/config/estimate-default.toml study/my_study.toml`
        let text = try String(contentsOfFile: bundle + "/config/estimate-default.toml", encoding: .utf8)
        try text.write(to: study.appendingPathComponent("my_study.toml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["estimate", "--config", "study/my_study.toml", "--format", "csv"], in: scratch)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("model,term,"), r.stdout)
        XCTAssertTrue(r.stderr.contains("note: data.classification = \"../classifications/wiod2013.toml\" does not exist beside study/my_study.toml; read from the bundled data"), r.stderr)
        XCTAssertTrue(r.stderr.contains("note: accounts.sea = \"../accounts/wiod2013_sea_BEL.csv\""), r.stderr)

        // A path that exists in neither place names the key, its line and both folders.
        try text.replacingOccurrences(of: "grouping = \"../groupings/default.toml\"", with: "grouping = \"../groupings/mine.toml\"")
            .write(to: study.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["estimate", "--config", "study/bad.toml"], in: scratch)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("'data.grouping': '../groupings/mine.toml': no such file or folder, resolved against study (the config's folder) or the bundled configs' folder"), bad.stderr)
        XCTAssertTrue(bad.stdout.isEmpty)
    }
}
