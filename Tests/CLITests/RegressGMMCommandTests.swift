import Foundation
import XCTest
import TestSupport

/// `offshore regress --model gmm` on the command line: JSON with the diagnostics, system GMM, the publication
/// formats, and bad input (no panel, an empty lag range, more instruments than equations, an unknown estimator
/// or convention) exits 2 naming the option.
final class RegressGMMCommandTests: XCTestCase {
    static var grunfeld: String { BadInputPanelTests.grunfeld }
    static let formula = "invest ~ l(invest, 1) + value + capital | year | gmm(invest, 2:99)"

    static func gmm(formula: String = formula, _ extra: [String]) -> (String) -> [String] {
        { ["regress", "--data", grunfeld, "--model", "gmm", "--formula", formula, "--format", "json", "--output", $0] + extra }
    }

    func testCollapsedTwoStepGivesDiagnosticsInJSON() throws {
        let out = try BadInput.assertAccepted(["regress", "--data", Self.grunfeld, "--model", "gmm", "--panel", "firm,year",
                                               "--formula", Self.formula, "--collapse", "--format", "json"]).stdout
        for key in ["\"hansen\"", "\"ar_tests\"", "\"instruments\":38", "\"groups\":10", "instrument proliferation", "Windmeijer"] {
            XCTAssertTrue(out.contains(key), "\(key) missing from \(out.prefix(400))")
        }
    }

    func testBadGMMInputNamesTheOption() throws {
        try BadInput.assertRejected(Self.gmm([]), mentions: ["'panel': --model gmm needs the panel structure"])
        try BadInput.assertRejected(Self.gmm(formula: "invest ~ l(invest, 2:1) + value | gmm(invest, 2:99)", ["--panel", "firm,year"]),
                                    mentions: ["'formula': the lag range '2:1'"])
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year"]), mentions: ["'formula': more instruments (191) than differenced equations (180)"])
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year", "--gmm", "levels"]), mentions: ["'gmm': expected difference or system, found 'levels'"])
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year", "--gmm", "system", "--collapse", "--gmm-convention", "stata"]),
                                    mentions: ["'gmm-convention': expected pgmm or xtabond2, found 'stata'"])
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year", "--steps", "3"]), mentions: ["'steps': expected 1 or 2"])
        try BadInput.assertRejected(Self.gmm(formula: "invest ~ l(invest, 1:19) | gmm(invest, 2:99)", ["--panel", "firm,year", "--gmm", "system"]),
                                    mentions: ["'formula': too few periods for the lags asked"])
        try BadInput.assertRejected(Self.gmm(formula: "invest ~ l(invest, 1) + value | gmm(l(value, 19), 2:99)", ["--panel", "firm,year", "--gmm", "system"]),
                                    mentions: ["'formula': no valid instrument: gmm(l(value, 19), 2:99)"])
    }

    func testSystemGMMGivesLevelDiagnosticsInJSON() throws {
        let out = try BadInput.assertAccepted(["regress", "--data", Self.grunfeld, "--model", "gmm", "--panel", "firm,year",
                                               "--formula", Self.formula, "--gmm", "system", "--collapse", "--format", "json"]).stdout
        for key in ["\"transformation\":\"system\"", "\"difference_in_hansen\":{", "\"sargan\":{", "(Intercept)",
                    "\"level_observations\":190", "plm::pgmm's convention"] {
            XCTAssertTrue(out.contains(key), "\(key) missing from \(out.prefix(600))")
        }
        let xt = try BadInput.assertAccepted(["regress", "--data", Self.grunfeld, "--model", "gmm", "--panel", "firm,year",
                                              "--formula", Self.formula, "--gmm", "system", "--collapse", "--gmm-convention", "xtabond2"]).stdout
        XCTAssertTrue(xt.contains("xtabond2's convention"), xt)
        XCTAssertTrue(xt.contains("Difference-in-Hansen, level GMM instruments: chi2(1)"), xt)
        XCTAssertTrue(xt.contains("Sargan (classical, one-step, not robust)"), xt)
    }

    func testPublicationFormatsCarryTheDiagnostics() throws {
        for (format, marker) in [("latex", "\\begin{tabularx}"), ("markdown", "| "), ("html", "<table")] {
            let out = try BadInput.assertAccepted(["regress", "--data", Self.grunfeld, "--model", "gmm", "--panel", "firm,year",
                                                   "--formula", Self.formula, "--gmm", "system", "--collapse", "--format", format]).stdout
            for key in [marker, "AR(2) p-value", "Hansen J (df)", "Sargan (df), not robust", "Difference-in-Hansen, level instruments (df)",
                        "Instruments", "Groups", "Windmeijer", "System GMM (Blundell-Bond"] {
                XCTAssertTrue(out.contains(key), "\(format): \(key) missing from \(out)")
            }
        }
    }
}
