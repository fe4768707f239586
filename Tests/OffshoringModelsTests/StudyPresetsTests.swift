import DataIO
import Econometrics
import OffshoringModels
import XCTest

/// The presets faithful to each study (issue 20), as the bundled default runs them on the real accounts: against
/// numpy with explicit dummies (References/study_presets_reference.py, om and os as shares of gross output for
/// labour demand from the independent pandas measures) and R systemfit (References/skill_system_hm2013.R).
final class StudyPresetsTests: XCTestCase {
    func testTheDefaultConfigListsEachStudysPresets() throws {
        let config = try Bundled.realConfig()
        let names = ["labour_demand_mr2012_manufacturing", "labour_demand_mr2012_services", "productivity_mr2014_manufacturing",
                     "productivity_mr2014_services", "skill_system_hm2013"]
        for n in names {
            guard let m = config.models.first(where: { $0.name == n }) else { return XCTFail(n) }
            XCTAssertTrue(m.enabled, "\(n): the bundled default runs every study's preset")
            XCTAssertEqual(m, ModelPresets.named(n), n)
        }
        let labour = try XCTUnwrap(ModelPresets.named("labour_demand_mr2012_services"))
        XCTAssertEqual(labour.denominator, .output)
        XCTAssertEqual(labour.sample, "market_services")
        XCTAssertEqual(labour.period, 1995...2003)
        XCTAssertEqual(labour.sampleDescription, "market_services, 1995-2003, om and os as % of gross output")
        XCTAssertEqual(ModelPresets.named("productivity_mr2014_services")?.period, 1995...2004)
        XCTAssertFalse(ModelPresets.all.contains { names.contains($0.name) }, "the synthetic defaults stay as they were")
    }

    func testSingleEquationPresetsAgreeWithNumpy() throws {
        let (panel, _) = try Bundled.realPanel.get()
        let refs = try Bundled.csv(Bundled.reference("study_presets_reference.csv"))
        var compared = 0
        for name in ["labour_demand_mr2012_manufacturing", "labour_demand_mr2012_services", "productivity_mr2014_manufacturing",
                     "productivity_mr2014_services"] {
            guard var spec = ModelPresets.named(name) else { return XCTFail(name) }
            spec.vcov = .iid
            spec.automaticBootstrap = false
            guard case .single(let r) = try ModelRunner.run(spec, panel: panel).estimate else { return XCTFail(name) }
            for ref in refs where ref["model"] == name {
                guard let term = ref["term"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                      let n = ref["nobs"].flatMap(Int.init), let k = r.index(of: term) else { XCTFail("\(name) \(ref)"); continue }
                XCTAssertEqual(r.nobs, n, name)
                XCTAssertEqual(r.estimates[k], b, accuracy: 1e-9 * abs(b), "\(name) \(term)")
                XCTAssertEqual(r.standardErrors[k], se, accuracy: 1e-9 * se, "\(name) \(term) SE")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 2 * 8 + 2 * 4)
    }

    /// Both iterate to a relative change of 1e-10 (systemfit in 11 steps); the iterations may stall near the end, so
    /// their end points are compared to 1e-7 of each coefficient's standard error (they differ by about 1e-8 of it),
    /// the standard errors to 1e-8 relative.
    func testHoursSystemAgreesWithSystemfit() throws {
        let (panel, _) = try Bundled.realPanel.get()
        guard let spec = ModelPresets.named("skill_system_hm2013"),
              case .system(let s) = try ModelRunner.run(spec, panel: panel).estimate else { return XCTFail() }
        XCTAssertEqual(s.observations, 168)
        var compared = 0
        for ref in try Bundled.csv(Bundled.reference("skill_system_hm2013.csv")) {
            guard let name = ref["coefficient"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                  let c = s.fit.coefficients.first(where: { $0.name == name }) else { XCTFail("\(ref)"); continue }
            XCTAssertEqual(c.estimate, b, accuracy: 1e-7 * se, name)
            XCTAssertEqual(c.stdError, se, accuracy: 1e-8 * se, name)
            compared += 1
        }
        XCTAssertEqual(compared, 18)
    }
}
