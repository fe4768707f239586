import Foundation
import XCTest
import TestSupport

/// `offshore regress --model gmm` on the command line: JSON with the diagnostics, and bad input (no panel, an
/// empty lag range, more instruments than equations, system GMM not yet there) exits 2 naming the option.
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
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year", "--gmm", "system"]), mentions: ["'gmm': system GMM"])
        try BadInput.assertRejected(Self.gmm(["--panel", "firm,year", "--steps", "3"]), mentions: ["'steps': expected 1 or 2"])
    }
}
