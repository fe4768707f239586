import Accounts
import DataIO
import Econometrics
@testable import OffshoringModels
import Foundation
import XCTest

/// The panel of a hand-made world: every variable computed by hand for one industry-year, and the join checks.
final class PanelJoinTests: XCTestCase {
    func testPanelVariablesByHand() throws {
        let panel = try Tiny.panel(try Tiny.accounts())
        XCTAssertEqual(panel.industries, Tiny.industries)
        XCTAssertEqual(panel.years, Tiny.years)
        XCTAssertTrue(panel.notes.isEmpty, "\(panel.notes)")
        let d = panel.data
        XCTAssertEqual(d.rowCount, 12)
        // Rows are industry-major: c2 (i = 1) in 2001 (t = 1) is row 1 * 4 + 1.
        let row = 5, i = 1, t = 1
        func v(_ name: String) throws -> Double { try d.numeric(name)[row] }
        func a(_ name: String) -> Double { Tiny.value(name, i, t) }
        XCTAssertEqual(try v("year"), 2001)
        // Column BEL_c2: domestic rows 10+3j+i+t, foreign rows 1+j+2i+t (j = 0, 1, 2).
        let dom = (0..<3).map { Tiny.flow(0, $0, i, t) }, imp = (0..<3).map { Tiny.flow(1, $0, i, t) }
        let ii = dom.reduce(0, +) + imp.reduce(0, +)
        XCTAssertEqual(try v("II"), ii)
        XCTAssertEqual(try v("GO"), Double(200 + 10 * i + t))
        // Non-energy denominator: every product (none is energy); om = imported c1, os = imported c2.
        XCTAssertEqual(try v("om"), 100 * imp[0] / ii, accuracy: 1e-12)
        XCTAssertEqual(try v("os"), 100 * imp[1] / ii, accuracy: 1e-12)
        XCTAssertEqual(try v("om_OECD"), 100 * imp[0] / ii, accuracy: 1e-12)
        XCTAssertEqual(try v("Y"), Double(200 + 10 * i + t) / (a("GO_P") / 100), accuracy: 1e-12)
        XCTAssertEqual(try v("M"), ii / (a("II_P") / 100), accuracy: 1e-12)
        XCTAssertEqual(try v("L"), a("H_EMPE"))
        XCTAssertEqual(try v("w"), a("LAB") / a("H_EMPE"), accuracy: 1e-12)
        XCTAssertEqual(try v("w_l"), a("LAB") * a("LABLS") / (a("H_EMPE") * a("H_LS")), accuracy: 1e-12)
        XCTAssertEqual(try v("w_h"), a("LAB") * a("LABHS") / (a("H_EMPE") * a("H_HS")), accuracy: 1e-12)
        XCTAssertEqual(try v("S_m"), a("LABMS") / 100, accuracy: 1e-15)
        XCTAssertEqual(try v("E_h"), a("H_HS") / 100, accuracy: 1e-15)
        XCTAssertEqual(try v("ict"), a("K_ICT") / a("K"), accuracy: 1e-15)
        let labTotal = (0..<3).reduce(0.0) { $0 + Tiny.value("LAB", $1, t) }
        XCTAssertEqual(try v("wbshare"), a("LAB") / labTotal, accuracy: 1e-15)
        // Spillover: suppliers' om weighted by domestic coefficients a_j2 = Z[BEL_cj, BEL_c2] / sum of the column's domestic part.
        var expected = 0.0
        for j in 0..<3 {
            let col = (0..<3).map { Tiny.flow(1, $0, j, t) }
            let iiJ = (0..<3).reduce(0.0) { $0 + Tiny.flow(0, $1, j, t) } + col.reduce(0, +)
            expected += dom[j] / dom.reduce(0, +) * 100 * col[0] / iiJ
        }
        XCTAssertEqual(try v("om_sup"), expected, accuracy: 1e-12)
    }

    func testIndustryMissingFromTheAccountsStopsTheRunUnlessPartialIsAllowed() throws {
        let accounts = try Tiny.accounts(skipIndustry: "c3")
        XCTAssertThrowsError(try Tiny.panel(accounts)) { e in
            let text = (e as? InputError)?.description ?? ""
            XCTAssertTrue(text.contains("industries in the tables but not in the accounts: c3"), text)
            XCTAssertTrue(text.contains("allow_partial"), text)
        }
        let panel = try Tiny.panel(accounts, allowPartial: true)
        XCTAssertEqual(panel.industries, ["c1", "c2"])
        XCTAssertEqual(panel.data.rowCount, 8)
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("join: industries in the tables but not in the accounts: c3") })
        XCTAssertTrue(panel.notes.contains { $0.contains("only the industries and years in both sources are used") })
    }

    func testYearMissingFromTheAccountsIsReported() throws {
        let accounts = try Tiny.accounts(skipYear: 2002)
        XCTAssertThrowsError(try Tiny.panel(accounts)) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("years in the tables but not in the accounts: 2002"))
        }
        let panel = try Tiny.panel(accounts, allowPartial: true)
        XCTAssertEqual(panel.years, [2000, 2001, 2003])
    }

    func testMissingCellIsReportedWithItsVariable() throws {
        var accounts = IndustryAccounts(source: "x.csv")
        let full = try Tiny.accounts()
        var line = 1
        for (k, v) in full.values.sorted(by: { $0.key < $1.key }) where !(k.variable == "K" && k.industry == "c2" && k.year == 2001) {
            line += 1
            try accounts.insert(v, at: k, line: line)
        }
        XCTAssertThrowsError(try Tiny.panel(accounts)) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("variable K missing for 1 industry-years: c2 2001"))
        }
        let panel = try Tiny.panel(accounts, allowPartial: true)
        XCTAssertTrue(try panel.data.numeric("K")[5].isNaN, "a missing cell is missing, never zero")
    }

    func testEmptyPriceIndexMeansNoDeflationAndEmptyVariablesAreLeftOut() throws {
        var c = Tiny.config()
        c.variables["GO_P"] = ""
        c.variables["K_ICT"] = ""
        var accounts = IndustryAccounts(source: "x.csv")
        var line = 1
        for (k, v) in try Tiny.accounts().values.sorted(by: { $0.key < $1.key }) where k.variable != "K_ICT" {
            line += 1
            try accounts.insert(v, at: k, line: line)
        }
        let panel = try PanelBuilder.build(tables: try Tiny.tableData(), accounts: accounts, config: c,
                                           classification: try Tiny.classification(), grouping: try Tiny.grouping(), yearsExplicit: false)
        XCTAssertEqual(try panel.data.numeric("Y"), try panel.data.numeric("GO"))
        XCTAssertNotEqual(try panel.data.numeric("M"), try panel.data.numeric("II"), "II_P still deflates")
        XCTAssertTrue(try panel.data.numeric("ict").allSatisfy(\.isNaN))
        // Without the mapping, the missing variable stops the run and the message says how to leave it out.
        XCTAssertThrowsError(try Tiny.panel(accounts)) { e in
            let text = (e as? InputError)?.description ?? ""
            XCTAssertTrue(text.contains("variable K_ICT missing for 12 industry-years"), text)
            XCTAssertTrue(text.contains("in [variables] to leave it out"), text)
        }
    }

    func testWrongCountryIsAnInputError() throws {
        var c = Tiny.config()
        c.accountsCountry = "FRA"
        XCTAssertThrowsError(try PanelBuilder.build(tables: try Tiny.tableData(), accounts: try Tiny.accounts(), config: c,
                                                    classification: try Tiny.classification(), grouping: try Tiny.grouping(),
                                                    yearsExplicit: false)) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("no rows for country 'FRA'"))
        }
    }

    func testSamplesRecomputeSharesAndRejectUnknownAggregatesAndPeriods() throws {
        let panel = try Tiny.panel(try Tiny.accounts())
        let spec = ModelSpec(name: "m", formula: "log(Y) ~ om", sample: "manufacturing", period: 2001...2002)
        let (data, industries, years) = try ModelRunner.sample(panel, for: spec)
        XCTAssertEqual(industries, ["c1"])
        XCTAssertEqual(years, [2001, 2002])
        XCTAssertEqual(try data.numeric("wbshare"), [1, 1], "the only industry of the sample has the whole wage bill")
        var bad = spec
        bad.sample = "services"
        XCTAssertThrowsError(try ModelRunner.sample(panel, for: bad)) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("unknown sample 'services'"))
        }
        bad = spec
        bad.period = 1999...2001
        XCTAssertThrowsError(try ModelRunner.sample(panel, for: bad)) { e in
            XCTAssertTrue(((e as? InputError)?.description ?? "").contains("not inside the panel's years"))
        }
    }
}

/// Accounts that use WIOD's NACE codes (as real SEA files do) read the same as accounts in c1-c35 codes.
final class IndustryCodeTests: XCTestCase {
    func testSEAFileWithNACECodesReadsLikeTheTablesCodes() throws {
        let aliases = try PanelBuilder.industryAliases(path: Bundled.folder + "/wiod2013/industries.csv")
        XCTAssertEqual(aliases.count, 35)
        XCTAssertEqual(aliases["15t16"], "c3")
        XCTAssertEqual(aliases["71t74"], "c30")
        let original = Bundled.folder + "/accounts/BEL_synthetic_sea.csv"
        let text = try String(contentsOfFile: original, encoding: .utf8)
        let back = Dictionary(uniqueKeysWithValues: aliases.map { ($0.value, $0.key) })
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for k in 1..<lines.count where !lines[k].isEmpty {
            // The code is the 4th field; descriptions are quoted and may hold commas, so replace ",cN," once after the quote.
            for (c, nace) in back where lines[k].contains("\",\(c),") {
                lines[k] = lines[k].replacingOccurrences(of: "\",\(c),", with: "\",\(nace),")
                break
            }
        }
        lines.insert("BEL,K,total,TOT,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", at: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sea-nace-\(UUID().uuidString).csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let industries = (1...35).map { "c\($0)" }
        let (a, _) = try AccountsReader.read(path: original, industries: industries)
        let (b, report) = try AccountsReader.read(path: path, industries: industries, aliases: aliases)
        XCTAssertEqual(report.unknownIndustries, ["TOT": 1], "totals are skipped and reported")
        XCTAssertEqual(a.values, b.values)
        XCTAssertEqual(a.values.count, 13 * 35 * 17)
    }
}
