import Econometrics
import Foundation
import OffshoringModels
import XCTest

/// On the SYNTHETIC accounts the skill-share relations hold exactly with known parameters
/// (SupplyUseTables/accounts/BEL_synthetic_truth.toml): the estimators and the decomposition must find them.
///
/// The generator's errors are iid, so iid standard errors are the right yardstick; with 14 industry clusters
/// the clustered ones are too small (see the report). The sample is manufacturing over every year, 1995-2011.
final class TruthRecoveryTests: XCTestCase {
    /// The true low-skilled-share coefficients by term.
    static let truthLow: [String: Double] = [
        "log(w_l/w_h)": 0.08, "log(w_m/w_h)": -0.03, "log(K/Y)": -0.04, "om_OECD": -0.001, "om_CEE": -0.006,
        "om_ASIA": -0.004, "os": -0.003, "ict": -0.3, "I(om * ict)": 0.004,
    ]
    static let truthMedium: [String: Double] = [
        "log(w_l/w_h)": -0.03, "log(w_m/w_h)": 0.06, "log(K/Y)": 0.01, "om_OECD": 0.0004, "om_CEE": 0.002,
        "om_ASIA": 0.001, "os": 0.001, "ict": 0.05, "I(om * ict)": -0.001,
    ]

    func spec() throws -> ModelSpec {
        guard var s = ModelPresets.named("skill_share") else { throw XCTSkip("no preset") }
        s.vcov = "iid"
        s.period = 1995...2011
        return s
    }

    func testTruthFileIsTheOneTheseNumbersComeFrom() throws {
        let text = try String(contentsOfFile: Bundled.folder + "/accounts/BEL_synthetic_truth.toml", encoding: .utf8)
        XCTAssertTrue(text.contains("c_ll = 0.08") && text.contains("t_ict = -0.3") && text.contains("h_om_ict = 0.004"))
        XCTAssertTrue(text.contains("c_mm = 0.06") && text.contains("d_CEE = 0.002"))
    }

    func testSkillShareCoefficientsWithinThreeStandardErrorsOfTheTruth() throws {
        let (panel, _) = try Bundled.panel.get()
        guard case .single(let r) = try ModelRunner.run(try spec(), panel: panel).estimate else { return XCTFail() }
        XCTAssertEqual(Set(r.terms), Set(Self.truthLow.keys))
        for (term, truth) in Self.truthLow {
            guard let k = r.index(of: term) else { XCTFail(term); continue }
            XCTAssertLessThan(abs(r.estimates[k] - truth), 3 * r.standardErrors[k], "\(term): \(r.estimates[k]) vs \(truth)")
        }
    }

    func testContributionsRecoverTheTrueContributions() throws {
        let (panel, _) = try Bundled.panel.get()
        let outcome = try ModelRunner.run(try spec(), panel: panel)
        let groups = [("materials offshoring", ["om_OECD", "om_CEE", "om_ASIA"]), ("offshoring", ["om_OECD", "om_CEE", "om_ASIA", "os"])]
        let table = try Contributions.compute(ContributionSpec(model: "skill_share", weights: "wbshare", groups: groups), outcome: outcome)
        XCTAssertEqual(table.from, 1995)
        XCTAssertEqual(table.to, 2011)
        XCTAssertLessThan(table.totalChange, 0, "the low-skilled share falls")
        var dX: [String: Double] = [:]
        for row in table.rows where row.kind == .term { dX[row.name] = row.change }
        XCTAssertEqual(dX.count, 9)
        // The year effects, the residual and the total have no true value of their own; an interaction's part is
        // the true coefficient times the part's change (midpoint rule).
        for row in table.rows where [.term, .interactionPart, .group].contains(row.kind) {
            let truth = row.kind == .interactionPart
                ? (Self.truthLow[row.terms[0]] ?? .nan) * (row.change ?? .nan) / table.totalChange
                : row.terms.reduce(0.0) { $0 + (Self.truthLow[$1] ?? .nan) * (dX[$1] ?? .nan) } / table.totalChange
            XCTAssertTrue(truth.isFinite, row.name)
            XCTAssertLessThan(abs(row.contribution - truth), 3 * row.standardError,
                              "\(row.name): estimated \(row.contribution), true \(truth), SE \(row.standardError)")
        }
    }

    func testSkillSystemRecoversBothEquations() throws {
        let (panel, _) = try Bundled.panel.get()
        guard var s = ModelPresets.named("skill_system") else { return XCTFail() }
        s.period = 1995...2011
        guard case .system(let sys) = try ModelRunner.run(s, panel: panel).estimate else { return XCTFail() }
        XCTAssertEqual(sys.fit.coefficients.count, 18)
        for c in sys.fit.coefficients {
            let truth = (c.equation == "S_l" ? Self.truthLow : Self.truthMedium)[c.term]
            guard let truth else { XCTFail(c.name); continue }
            XCTAssertLessThan(abs(c.estimate - truth), 3 * c.stdError, "\(c.name): \(c.estimate) vs \(truth)")
        }
    }
}
