import DataIO
import Econometrics
import Foundation
import OffshoringModels
import TestSupport
import XCTest

/// The bundled default on REAL Belgian accounts (WIOD SEA 2013 joined with EU KLEMS CAPIT through the shipped
/// concordance): the panel against an independent pandas build from the raw files, every variable and every
/// industry-year (References/real_panel_reference.py -> real_panel.csv); the estimates against statsmodels with
/// explicit dummies (real_estimate_reference.csv); missing data shown; bad joins refused naming the file.
final class RealAccountsTests: XCTestCase {
    func testRealPanelEqualsThePandasBuildInEveryCell() throws {
        let (panel, inputs) = try Bundled.realPanel.get()
        XCTAssertEqual(panel.industries.count, 35)
        XCTAssertEqual(panel.years, Array(1995...2011))
        XCTAssertTrue(inputs.contains { $0.hasSuffix("euklems09_bel_output_09I_long.csv.gz") })
        XCTAssertTrue(inputs.contains { $0.hasSuffix("euklems_to_wiod2013.csv") })
        let data = panel.data
        let industry = try data.factor("industry"), year = try data.numeric("year")
        var row: [String: Int] = [:]
        for r in 0..<data.rowCount { row["\(industry.levels[Int(industry.codes[r])]) \(Int(year[r]))"] = r }
        var checked = 0, missing = 0
        let refs = try Bundled.csv(Bundled.reference("real_panel.csv"))
        XCTAssertEqual(refs.count, 35 * 17)
        for ref in refs {
            guard let code = ref["industry"], let y = ref["year"], let r = row["\(code) \(y)"] else { XCTFail("\(ref)"); continue }
            for (name, text) in ref where name != "industry" && name != "year" {
                let got = try data.numeric(name)[r]
                if text.isEmpty {
                    XCTAssertTrue(got.isNaN, "\(name) of \(code) \(y) is missing in the reference, \(got) in the panel")
                    missing += 1
                } else if let expected = Double(text) {
                    XCTAssertEqual(got, expected, accuracy: 1e-9 * max(1, abs(expected)), "\(name) of \(code) \(y)")
                    checked += 1
                } else {
                    XCTFail("\(name) \(text)")
                }
            }
        }
        XCTAssertEqual(checked + missing, 35 * 17 * 29)
        XCTAssertGreaterThan(missing, 0)
    }

    func testMissingDataIsShownWithItsReason() throws {
        let (panel, _) = try Bundled.realPanel.get()
        let notes = panel.notes.joined(separator: "\n")
        // The SEA 2013 release has no price indices, capital or skill splits for 2010-2011 and no capital for c35.
        // Variables with the same gaps share one line.
        XCTAssertTrue(notes.contains("missing: II_P, K_GFCF missing for every industry in 2010-2011 (the series has no values for those years); c35 in every year (no values for that industry)"), notes)
        XCTAssertTrue(notes.contains("missing: GO_P, H_LS, H_MS, H_HS, LABLS, LABMS, LABHS missing for every industry in 2010-2011 (the series has no values for those years)\n"), notes)
        XCTAssertTrue(notes.contains("missing: euklems:CAPIT missing for every industry in 2007-2011"), notes)
        XCTAssertTrue(notes.contains("no values for 2007-2011 (the source ends 2006)"), notes)
        XCTAssertTrue(notes.contains("the group 17t19 of euklems09_bel_output_09I_long.csv.gz is assigned to each of its industries c4, c5"), notes)
        XCTAssertTrue(notes.contains("codes of CAPIT no industry uses (aggregates or finer groups): "), notes)
        // Each model's sample line says what it left out and why.
        var config = try Bundled.realConfig()
        config.models = config.models.filter { ["production", "skill_share"].contains($0.name) }
        config.contributions = []
        let run = try EstimateRun.execute(config: config, panel: panel)
        let lines = run.notes.filter { $0.hasPrefix("sample of ") }
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.contains("sample of skill_share (manufacturing, 1995-2007): 182 industry-years, 14 left out for missing accounts: 2007 in every industry (ict missing)") ?? false, "\(lines)")
    }

    /// The real estimates equal statsmodels' OLS/WLS with explicit industry and year dummies on the same panel, iid
    /// and clustered by industry (CR1 with K = regressors + the absorbed intercept, as fixest).
    func testRealEstimatesAgreeWithStatsmodels() throws {
        let (panel, _) = try Bundled.realPanel.get()
        let refs = try Bundled.csv(Bundled.reference("real_estimate_reference.csv"))
        var compared = 0
        let config = try Bundled.realConfig()
        for name in ["production", "production_groups", "productivity", "production_fd", "labour_demand", "skill_share", "skill_share_hours"] {
            guard var spec = config.models.first(where: { $0.name == name }) else { return XCTFail(name) }
            for vcov in ["iid", "cluster:industry"] {
                spec.vcov = try VarianceEstimator(parsing: vcov)
                guard case .single(let r) = try ModelRunner.run(spec, panel: panel).estimate else { return XCTFail(name) }
                for ref in refs where ref["model"] == name {
                    guard let term = ref["term"], let b = ref["estimate"].flatMap(Double.init),
                          let se = ref[vcov == "iid" ? "std_error" : "cluster_se"].flatMap(Double.init),
                          let n = ref["nobs"].flatMap(Int.init), let k = r.index(of: term) else { XCTFail("\(name) \(ref)"); continue }
                    XCTAssertEqual(r.nobs, n, name)
                    XCTAssertEqual(r.estimates[k], b, accuracy: 1e-8 * abs(b), "\(name) \(term)")
                    XCTAssertEqual(r.standardErrors[k], se, accuracy: 1e-7 * se, "\(name) \(term) \(vcov) SE")
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 2 * (5 + 9 + 4 + 5 + 4 + 9 + 9))
    }

    /// The same models against R (plm's two-way within estimator; lm with dummies for the weighted skill share),
    /// iid standard errors (References/real_estimate_plm.R on real_panel.csv).
    func testRealEstimatesAgreeWithPlm() throws {
        let (panel, _) = try Bundled.realPanel.get()
        let refs = try Bundled.csv(Bundled.reference("real_estimate_plm.csv"))
        var compared = 0
        let config = try Bundled.realConfig()
        for name in ["production", "productivity", "labour_demand", "skill_share", "skill_share_hours"] {
            guard var spec = config.models.first(where: { $0.name == name }) else { return XCTFail(name) }
            spec.vcov = .iid
            guard case .single(let r) = try ModelRunner.run(spec, panel: panel).estimate else { return XCTFail(name) }
            for ref in refs where ref["model"] == name {
                // R writes I(om * ict) and log(w_l/w_h) as the tool does; 15 significant digits.
                guard let term = ref["term"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                      let k = r.index(of: term) else { XCTFail("\(name) \(ref)"); continue }
                XCTAssertEqual(r.estimates[k], b, accuracy: 1e-9 * abs(b), "\(name) \(term)")
                XCTAssertEqual(r.standardErrors[k], se, accuracy: 1e-9 * se, "\(name) \(term) SE")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 5 + 4 + 4 + 9 + 9)
    }

    // MARK: - Bad joins

    func scratch() throws -> URL { try TemporaryDirectory.make(prefix: "real-accounts") }

    /// The default config with its [accounts] ICT line replaced, written beside copies of what it names.
    func config(in dir: URL, ict: String) throws -> String {
        let bundle = Bundled.folder
        var text = try String(contentsOfFile: bundle + "/config/estimate-default.toml", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        text = lines.map { $0.hasPrefix("ICT = {") ? ict : $0 }.joined(separator: "\n")
        text = text.replacingOccurrences(of: "\"../", with: "\"\(bundle)/")
        let path = dir.appendingPathComponent("estimate.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func loadFails(_ path: String, file: StaticString = #filePath, line: UInt = #line, _ check: (InputError) -> Void) throws {
        let c = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        XCTAssertThrowsError(try PanelBuilder.build(config: c), file: file, line: line) { e in
            guard let ie = e as? InputError else { return XCTFail("\(e)") }
            check(ie)
        }
    }

    func testAConcordanceThatLeavesAnIndustryOutOrMapsOneTwiceIsRefused() throws {
        let dir = try scratch()
        defer { TemporaryDirectory.remove(dir) }
        let bundle = Bundled.folder
        let original = try String(contentsOfFile: bundle + "/concordances/euklems_to_wiod2013.csv", encoding: .utf8)
        let unmapped = dir.appendingPathComponent("unmapped.csv").path
        try original.split(separator: "\n").filter { !$0.hasPrefix("c24,") }.joined(separator: "\n").write(toFile: unmapped, atomically: true, encoding: .utf8)
        let klems = bundle + "/accounts/euklems09_bel_output_09I_long.csv.gz"
        try loadFails(try config(in: dir, ict: "ICT = { source = \"euklems\", file = \"\(klems)\", variable = \"CAPIT\", concordance = \"\(unmapped)\", unit = \"fraction\" }")) { e in
            XCTAssertEqual(e.file, unmapped)
            XCTAssertTrue(e.message.contains("industry c24 is not mapped"), e.description)
        }
        let twice = dir.appendingPathComponent("twice.csv").path
        try (original + "c5,19,again\n").write(toFile: twice, atomically: true, encoding: .utf8)
        try loadFails(try config(in: dir, ict: "ICT = { source = \"euklems\", file = \"\(klems)\", variable = \"CAPIT\", concordance = \"\(twice)\", unit = \"fraction\" }")) { e in
            XCTAssertEqual(e.file, twice)
            XCTAssertEqual(e.line, 37)
            XCTAssertTrue(e.message.contains("industry c5 is mapped twice (first on line 6)"), e.description)
        }
    }

    func testAUnitMismatchYearsThatDoNotOverlapAndAWrongLayoutAreRefused() throws {
        let dir = try scratch()
        defer { TemporaryDirectory.remove(dir) }
        let bundle = Bundled.folder
        let conc = bundle + "/concordances/euklems_to_wiod2013.csv"
        // CAPIT written in percent where the config says fraction.
        let percent = dir.appendingPathComponent("capit_percent.csv").path
        try "variable,desc,code,year,value\nCAPIT,x,AtB,1995,2.26\nCAPIT,x,15t16,1995,7.93\n".write(toFile: percent, atomically: true, encoding: .utf8)
        try loadFails(try config(in: dir, ict: "ICT = { source = \"euklems\", file = \"\(percent)\", variable = \"CAPIT\", concordance = \"\(conc)\", unit = \"fraction\" }")) { e in
            XCTAssertEqual(e.file, percent)
            XCTAssertTrue(e.message.contains("unit mismatch: CAPIT for c1 1995 is 2.26") || e.message.contains("unit mismatch: CAPIT for c3 1995 is 7.93"), e.description)
        }
        // Only years before the tables.
        let old = dir.appendingPathComponent("capit_old.csv").path
        try "variable,desc,code,year,value\nCAPIT,x,AtB,1980,0.02\n".write(toFile: old, atomically: true, encoding: .utf8)
        try loadFails(try config(in: dir, ict: "ICT = { source = \"euklems\", file = \"\(old)\", variable = \"CAPIT\", concordance = \"\(conc)\", unit = \"fraction\" }")) { e in
            XCTAssertEqual(e.file, old)
            XCTAssertTrue(e.message.contains("the years of CAPIT (1980) do not overlap the tables' (1995-2011)"), e.description)
        }
        // A file that is not the layout the config says.
        let sea = bundle + "/accounts/wiod2013_sea_BEL.csv"
        try loadFails(try config(in: dir, ict: "ICT = { source = \"euklems\", file = \"\(sea)\", variable = \"CAPIT\", concordance = \"\(conc)\", unit = \"fraction\" }")) { e in
            XCTAssertEqual(e.file, sea)
            XCTAssertTrue(e.message.contains("the file has the sea layout, not euklems"), e.description)
        }
        // Skill shares as fractions in the main accounts (percent expected).
        let fractions = dir.appendingPathComponent("sea_fractions.csv").path
        // The SEA file has CRLF line ends (a Swift String holds "\r\n" as one Character).
        var rows = try String(contentsOfFile: sea, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
        for k in rows.indices where rows[k].hasPrefix("BEL,H_LS,") {
            var f = Bundled.fields(rows[k])
            for j in 4..<f.count where !f[j].isEmpty { f[j] = String((Double(f[j]) ?? 0) / 100) }
            rows[k] = f.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: fractions, atomically: true, encoding: .utf8)
        let text = try String(contentsOfFile: try config(in: dir, ict: ""), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("sea = ") ? "sea = \"\(fractions)\"" : String($0) }.joined(separator: "\n")
        let p = dir.appendingPathComponent("fractions.toml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        try loadFails(p) { e in
            XCTAssertTrue(e.message.contains("unit mismatch: every value of H_LS is at most 1"), e.description)
        }
    }

    // MARK: - The 2016 release

    /// The WIOD 2016 national table with the 2016 SEA (config/estimate-wiod2016.toml): the panel against a pandas
    /// build from the raw files (References/wiod2016_reference.py), every cell; production and labour demand over
    /// 2000-2014 against statsmodels with dummies (iid).
    func testWIOD2016PanelAndEstimatesAgreeWithPandas() throws {
        let config = try EstimateConfig.load(path: Bundled.folder + "/config/estimate-wiod2016.toml", bundle: Bundled.folder)
        let (panel, _) = try PanelBuilder.build(config: config)
        XCTAssertEqual(panel.industries.count, 56)
        XCTAssertEqual(panel.years, Array(2000...2014))
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("sources: accounts from the WIOD Socio-Economic Accounts, 2016 release") })
        let data = panel.data
        let industry = try data.factor("industry"), year = try data.numeric("year")
        var row: [String: Int] = [:]
        for r in 0..<data.rowCount { row["\(industry.levels[Int(industry.codes[r])]) \(Int(year[r]))"] = r }
        var checked = 0
        for ref in try Bundled.csv(Bundled.reference("wiod2016_panel.csv")) {
            guard let code = ref["industry"], let y = ref["year"], let r = row["\(code) \(y)"] else { XCTFail("\(ref)"); continue }
            for (name, text) in ref where name != "industry" && name != "year" {
                let got = try data.numeric(name)[r]
                if let expected = Double(text), expected.isFinite {
                    XCTAssertEqual(got, expected, accuracy: 1e-9 * max(1, abs(expected)), "\(name) of \(code) \(y)")
                } else {
                    XCTAssertFalse(got.isFinite, "\(name) of \(code) \(y): '\(text)' in the reference, \(got) in the panel")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 56 * 15 * 9)
        var compared = 0
        for ref in try Bundled.csv(Bundled.reference("wiod2016_estimate_reference.csv")) {
            guard let name = ref["model"], var spec = config.models.first(where: { $0.name == name }), let term = ref["term"],
                  let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                  let n = ref["nobs"].flatMap(Int.init) else { XCTFail("\(ref)"); continue }
            spec.vcov = .iid
            guard case .single(let r) = try ModelRunner.run(spec, panel: panel).estimate, let k = r.index(of: term) else { XCTFail(name); continue }
            XCTAssertEqual(r.nobs, n, name)
            XCTAssertEqual(r.estimates[k], b, accuracy: 1e-8 * abs(b), "\(name) \(term)")
            XCTAssertEqual(r.standardErrors[k], se, accuracy: 1e-7 * se, "\(name) \(term) SE")
            compared += 1
        }
        XCTAssertEqual(compared, 9)
    }
}
