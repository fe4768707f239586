import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// Difference GMM against Arellano and Bond (1991), Table 4, as R's plm::pgmm reproduces it on plm's EmplUK
/// data (References/gmm_emplUK.R writes the data, References/gmm_emplUK_data.csv, and the reference values,
/// References/gmm_emplUK_reference.csv): one and two steps, instruments collapsed and not; coefficients, robust
/// (one-step sandwich / Windmeijer) standard errors, Hansen's J (pgmm's "Sargan test") and AR(1), AR(2).
final class PanelGMMReferenceTests: XCTestCase {
    static let formula = "log(emp) ~ l(log(emp), 1:2) + l(log(wage), 0:1) + log(capital) + l(log(output), 0:1) | year | gmm(log(emp), 2:99)"

    /// Reference rows: case -> list of (stat, value) in file order, with coefficient rows in pgmm's term order.
    func references() throws -> [String: [(String, Double)]] {
        let text = try String(contentsOfFile: Paths.reference("gmm_emplUK_reference.csv"), encoding: .utf8)
        var out: [String: [(String, Double)]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            var fields: [String] = [], current = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == ",", !quoted { fields.append(current); current = "" } else { current.append(c) }
            }
            fields.append(current)
            guard fields.count == 4, let v = Double(fields[3]) else { XCTFail("bad reference line \(line)"); continue }
            out[fields[0], default: []].append((fields[2], v))
        }
        return out
    }

    func fit(steps: Int, collapse: Bool) throws -> PanelGMMResult {
        let data = try DataFrame(csvPath: Paths.reference("gmm_emplUK_data.csv"))
        return try PanelGMM.fit(formula: try PanelGMMFormula(Self.formula), data: data,
                                panel: Panel(entity: "firm", time: "year"),
                                options: PanelGMMOptions(steps: steps, collapse: collapse))
    }

    func testArellanoBondTable4AgainstPgmm() throws {
        let refs = try references()
        var worst = 0.0
        for (steps, collapse) in [(1, false), (2, false), (1, true), (2, true)] {
            let name = (steps == 1 ? "onestep" : "twosteps") + (collapse ? "_collapsed" : "")
            guard let rows = refs[name] else { XCTFail("no reference for \(name)"); continue }
            let fit = try fit(steps: steps, collapse: collapse)
            let coefs = rows.filter { $0.0 == "coef" }.map(\.1)
            let ses = rows.filter { $0.0 == "se" }.map(\.1)
            func scalar(_ s: String) -> Double? { rows.first { $0.0 == s }?.1 }
            XCTAssertEqual(fit.coefficients.count, coefs.count, name)
            XCTAssertEqual(fit.names.count, coefs.count, name)
            func check(_ a: Double, _ b: Double, _ what: String) {
                let rel = abs(a - b) / max(abs(b), 1e-12)
                worst = max(worst, rel)
                XCTAssertLessThan(rel, 1e-8, "\(name) \(what): \(a) vs pgmm \(b)")
            }
            for i in 0..<min(coefs.count, fit.coefficients.count) {
                check(fit.coefficients[i], coefs[i], "coefficient \(fit.names[i])")
                check(fit.standardErrors[i], ses[i], "SE \(fit.names[i])")
            }
            check(fit.hansen, scalar("sargan") ?? .nan, "Hansen J")
            XCTAssertEqual(Double(fit.hansenDF), scalar("sargan_df"), name)
            XCTAssertEqual(Double(fit.instrumentCount), scalar("instruments"), name)
            XCTAssertEqual(Double(fit.groupCount), scalar("groups"), name)
            XCTAssertEqual(fit.arTests.count, 2, name)
            if fit.arTests.count == 2 {
                check(fit.arTests[0].z, scalar("ar1") ?? .nan, "AR(1)")
                check(fit.arTests[1].z, scalar("ar2") ?? .nan, "AR(2)")
            }
        }
        print("PanelGMM vs pgmm: largest relative difference \(worst)")
    }

    /// Internal gaps (References/gmm_emplUK.R's "twosteps_gaps": 1980 dropped for firms numbered by multiples of
    /// 7, 1982 for multiples of 11): lags and differences across a gap are missing, the equations around it drop.
    func testGappedPanelAgainstPgmm() throws {
        guard let rows = try references()["twosteps_gaps"] else { return XCTFail("no gapped reference") }
        let full = try DataFrame(csvPath: Paths.reference("gmm_emplUK_data.csv"))
        let names = ["firm", "year", "emp", "wage", "capital", "output"]
        let columns = try names.map { try full.numeric($0) }
        let keep = (0..<full.rowCount).filter { r in
            let firm = Int(columns[0][r]), year = Int(columns[1][r])
            return !((firm % 7 == 0 && year == 1980) || (firm % 11 == 0 && year == 1982))
        }
        XCTAssertLessThan(keep.count, full.rowCount)
        let gapped = try DataFrame(columns: zip(names, columns).map { name, values in (name, DataColumn.numeric(keep.map { values[$0] })) })
        let fit = try PanelGMM.fit(formula: try PanelGMMFormula(Self.formula), data: gapped,
                                   panel: Panel(entity: "firm", time: "year"), options: PanelGMMOptions(steps: 2))
        let coefs = rows.filter { $0.0 == "coef" }.map(\.1), ses = rows.filter { $0.0 == "se" }.map(\.1)
        XCTAssertEqual(fit.coefficients.count, coefs.count)
        for i in 0..<min(coefs.count, fit.coefficients.count) {
            XCTAssertEqual(fit.coefficients[i], coefs[i], accuracy: 1e-8 * abs(coefs[i]), fit.names[i])
            XCTAssertEqual(fit.standardErrors[i], ses[i], accuracy: 1e-8 * ses[i], fit.names[i])
        }
        func scalar(_ s: String) -> Double { rows.first { $0.0 == s }?.1 ?? .nan }
        XCTAssertEqual(fit.hansen, scalar("sargan"), accuracy: 1e-8 * scalar("sargan"))
        XCTAssertEqual(Double(fit.hansenDF), scalar("sargan_df"))
        XCTAssertEqual(fit.arTests.last?.z ?? .nan, scalar("ar2"), accuracy: 1e-8 * abs(scalar("ar2")))
    }

    /// The published two-step figures (Arellano and Bond 1991, Table 4, column a2 as plm reproduces it).
    func testPublishedTwoStepLaggedEmployment() throws {
        let fit = try fit(steps: 2, collapse: false)
        XCTAssertEqual(fit.coefficients[0], 0.474, accuracy: 0.0005)
        XCTAssertEqual(fit.standardErrors[0], 0.185, accuracy: 0.0005)
        XCTAssertEqual(fit.hansenDF, 25)
    }
}
