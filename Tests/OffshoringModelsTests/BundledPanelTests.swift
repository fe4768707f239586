import Econometrics
import Foundation
import OffshoringModels
import RunFolders
import XCTest

/// The panel built from the bundled WIOD tables and SYNTHETIC accounts, against an independent pandas build
/// from the raw files (References/estimate_reference.py), and every preset on it.
final class BundledPanelTests: XCTestCase {
    func testPanelCellsMatchAHandComputationFromTheRawFiles() throws {
        let (panel, inputs) = try Bundled.panel.get()
        XCTAssertEqual(panel.industries.count, 35)
        XCTAssertEqual(panel.years, Array(1995...2011))
        XCTAssertEqual(panel.groups, ["OECD", "CEE", "ASIA"])
        XCTAssertTrue(panel.coverage.isComplete)
        XCTAssertTrue(panel.notes.contains { $0.contains("c35") && $0.contains("no defined offshoring measures") })
        XCTAssertEqual(inputs.count, 17 + 4, "tables, classification, grouping, accounts, industry codes")
        let data = panel.data
        let industry = try data.factor("industry"), year = try data.numeric("year")
        var checked = 0
        for ref in try Bundled.csv(Bundled.reference("panel_reference.csv")) {
            guard let code = ref["industry"], let y = ref["year"].flatMap(Double.init) else { continue }
            guard let row = (0..<data.rowCount).first(where: { industry.levels[Int(industry.codes[$0])] == code && year[$0] == y }) else {
                XCTFail("no panel row for \(code) \(y)"); continue
            }
            for (name, text) in ref where name != "industry" && name != "year" {
                guard let expected = Double(text) else { continue }
                let got = try data.numeric(name)[row]
                XCTAssertEqual(got, expected, accuracy: 1e-9 * max(1, abs(expected)), "\(name) of \(code) \(y)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 4 * 20)
        // The synthetic relation w = 1 / sum_k S_k / w_k holds in the panel (wages by skill are consistent).
        let w = try data.numeric("w"), s = try ["l", "m", "h"].map { try data.numeric("S_\($0)") }
        let wk = try ["l", "m", "h"].map { try data.numeric("w_\($0)") }
        for r in [0, 100, 400] { XCTAssertEqual(1 / (s[0][r] / wk[0][r] + s[1][r] / wk[1][r] + s[2][r] / wk[2][r]), w[r], accuracy: 1e-9 * w[r]) }
    }

    func testEveryPresetRunsOnTheBundledData() throws {
        let (panel, _) = try Bundled.panel.get()
        for spec in ModelPresets.all {
            let o = try ModelRunner.run(spec, panel: panel)
            switch o.estimate {
            case .single(let r):
                XCTAssertGreaterThan(r.nobs, 100, spec.name)
                XCTAssertTrue(r.estimates.allSatisfy(\.isFinite) && r.standardErrors.allSatisfy(\.isFinite), spec.name)
                XCTAssertTrue(r.dropped.isEmpty, "\(spec.name) dropped \(r.dropped)")
            case .system(let s):
                XCTAssertEqual(s.observations, 14 * 13)
                XCTAssertTrue(s.fit.converged)
            case .gmm:
                XCTFail("\(spec.name): no preset is estimated by GMM")
            }
        }
    }

    /// The preset estimates equal statsmodels' WLS/OLS (and linearmodels' IV2SLS) with explicit industry and year
    /// dummies (iid SEs with the dummies counted, as lm and statsmodels compute them).
    func testPresetsAgreeWithStatsmodelsWithDummies() throws {
        let (panel, _) = try Bundled.panel.get()
        let refs = try Bundled.csv(Bundled.reference("estimate_reference.csv"))
        var compared = 0
        for name in ["production", "labour_demand", "skill_share", "production_fd", "productivity", "production_lag",
                     "production_iv", "labour_demand_fd"] {
            guard var spec = ModelPresets.named(name) else { return XCTFail(name) }
            spec.vcov = "iid"
            guard case .single(let r) = try ModelRunner.run(spec, panel: panel).estimate else { return XCTFail(name) }
            for ref in refs where ref["model"] == name {
                guard let term = ref["term"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                      let k = r.index(of: term) else { XCTFail("\(name) \(ref)"); continue }
                XCTAssertEqual(r.estimates[k], b, accuracy: 1e-8 * abs(b), "\(name) \(term)")
                XCTAssertEqual(r.standardErrors[k], se, accuracy: 1e-8 * se, "\(name) \(term) SE")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 5 + 4 + 9 + 5 + 4 + 5 + 5 + 4)
    }

    /// The skill system against R systemfit: iterated SUR with the dummies written out, symmetry imposed,
    /// divisor T (References/skill_system_reference.R on the panel estimate_reference.py builds).
    func testSkillSystemAgreesWithSystemfit() throws {
        let (panel, _) = try Bundled.panel.get()
        guard let spec = ModelPresets.named("skill_system") else { return XCTFail() }
        let outcome = try ModelRunner.run(spec, panel: panel)
        guard case .system(let s) = outcome.estimate else { return XCTFail() }
        // Its JSON block is the `offshore sur` object after model, sample and synthetic.
        var config = try Bundled.config()
        config.models = [spec]
        config.contributions = []
        let run = try EstimateRun.execute(config: config, panel: panel)
        let json = EstimateReport.json(run.outcomes[0], run: run).render()
        XCTAssertTrue(json.hasPrefix("{\"model\":\"skill_system\",\"sample\":\"manufacturing, 1995-2007\",\"synthetic\":true,\"method\":\"iterated SUR\",\"coefficients\":[{\"term\":\"S_l:log(w_l/w_h)\""), json)
        XCTAssertTrue(json.contains("\"nobs\":182,\"rows_dropped\":0,\"iterations\":"))
        XCTAssertTrue(json.contains("\"restrictions\":[\"S_l:log(w_m/w_h) = S_m:log(w_l/w_h)\"]"))
        var compared = 0
        for ref in try Bundled.csv(Bundled.reference("skill_system_reference.csv")) {
            guard let name = ref["coefficient"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                  let c = s.fit.coefficients.first(where: { $0.name == name }) else { XCTFail("\(ref)"); continue }
            XCTAssertEqual(c.estimate, b, accuracy: 1e-9 * abs(b), name)
            XCTAssertEqual(c.stdError, se, accuracy: 1e-9 * se, name)
            compared += 1
        }
        XCTAssertEqual(compared, 18)
    }

    /// Partialling the effects out of both equations gives the same SUR estimates and covariance as writing
    /// the industry and year dummies into each equation (Frisch-Waugh-Lovell for GLS), with symmetry imposed.
    func testSkillSystemDemeaningEqualsDummies() throws {
        let (panel, _) = try Bundled.panel.get()
        guard let demeaned = ModelPresets.named("skill_system") else { return XCTFail() }
        var dummies = demeaned
        dummies.equations = demeaned.equations.map { $0.replacingOccurrences(of: "| industry + year", with: "+ i(industry, ref = \"c3\") + i(year, ref = 1995)") }
        guard case .system(let a) = try ModelRunner.run(demeaned, panel: panel).estimate,
              case .system(let b) = try ModelRunner.run(dummies, panel: panel).estimate else { return XCTFail() }
        var n = 0
        for c in a.fit.coefficients {
            guard let d = b.fit.coefficients.first(where: { $0.name == c.name }) else { XCTFail(c.name); continue }
            XCTAssertEqual(c.estimate, d.estimate, accuracy: 1e-7 * max(abs(d.estimate), 1e-6), c.name)
            XCTAssertEqual(c.stdError, d.stdError, accuracy: 1e-6 * d.stdError, c.name)
            n += 1
        }
        XCTAssertEqual(n, 18)
        let sym1 = a.fit.coefficients.first { $0.name == "S_l:log(w_m/w_h)" }?.estimate
        let sym2 = a.fit.coefficients.first { $0.name == "S_m:log(w_l/w_h)" }?.estimate
        XCTAssertNotNil(sym1)
        XCTAssertEqual(sym1 ?? 0, sym2 ?? 1, accuracy: 1e-12)
    }
}
