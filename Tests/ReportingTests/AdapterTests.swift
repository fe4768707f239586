import XCTest
import TestSupport
import Foundation
import DataIO
import Linalg
@testable import Econometrics
@testable import Reporting

/// The adapters take real estimation results (Econometrics' RegressionResult and SURFit) into the
/// publication layer: the Grunfeld figures of METHOD.md section 3 must come through unchanged.
final class AdapterTests: XCTestCase {
    static var grunfeldPath: String {
        RepositoryPaths.sharedFile("data/validation/grunfeld.csv").path
    }

    static func grunfeld() throws -> DataFrame {
        guard FileManager.default.fileExists(atPath: grunfeldPath) else { throw XCTSkip("no \(grunfeldPath)") }
        return try DataFrame(csvPath: grunfeldPath)
    }

    /// Pooled OLS, firm FE (iid), two-way FE (iid), firm FE clustered by firm.
    static func grunfeldModels() throws -> [ModelSummary] {
        let data = try grunfeld()
        let pooled = try regress(formula: Formula("invest ~ value + capital"), data: data)
        let fe1 = try regress(formula: Formula("invest ~ value + capital | firm"), data: data)
        let fe2 = try regress(formula: Formula("invest ~ value + capital | firm + year"), data: data)
        let cl = try regress(formula: Formula("invest ~ value + capital | firm"), data: data,
                             options: RegressionOptions(vcov: .cluster(["firm"], smallSample: true)))
        return [ModelSummary(pooled, title: "OLS", sample: "1935-1954"), ModelSummary(fe1, title: "FE", sample: "1935-1954"),
                ModelSummary(fe2, title: "TWFE", sample: "1935-1954"), ModelSummary(cl, title: "FE, CR1", sample: "1935-1954")]
    }

    func testRegressionResultsKeepMETHODFigures() throws {
        let models = try Self.grunfeldModels()
        let t = try RegressionTableBuilder.table(models, options: RegressionTableOptions(style: NumberStyle(digits: 7), keep: ["value", "capital"]))
        var rows: [String: [String]] = [:]
        var last = ""
        for r in t.body {
            guard case let .data(label, cells, _) = r else { continue }
            if label.isEmpty { rows[last + " se"] = cells.map(\.text) } else { rows[label] = cells.map(\.text); last = label }
        }
        // METHOD.md: one-way FE value 0.1101238 (0.0118567), capital 0.3100653 (0.0173545), within R2 0.76676;
        // two-way FE value 0.1177159 (0.0137513), capital 0.3579163 (0.0227190); CR1 SE 0.015156, 0.052618.
        XCTAssertEqual(rows["value"]?[1], "0.1101238")
        XCTAssertEqual(rows["value se"]?[1], "(0.0118567)")
        XCTAssertEqual(rows["capital"]?[1], "0.3100653")
        XCTAssertEqual(rows["capital se"]?[1], "(0.0173545)")
        XCTAssertEqual(rows["value"]?[2], "0.1177159")
        XCTAssertEqual(rows["value se"]?[2], "(0.0137513)")
        XCTAssertEqual(rows["capital se"]?[2], "(0.0227190)")
        XCTAssertEqual(rows["value se"]?[3].prefix(8), "(0.01515")
        XCTAssertEqual(rows["capital se"]?[3].prefix(8), "(0.05261")
        XCTAssertEqual(Double(rows["Within R²"]?[1] ?? "") ?? 0, 0.76676, accuracy: 5e-6, "published to 5 decimals")
        XCTAssertEqual(rows["Firm"] ?? rows["firm"], ["No", "Yes", "Yes", "Yes"])
        XCTAssertEqual(rows["year"], ["No", "No", "Yes", "No"])
        XCTAssertEqual(rows["Observations"], ["200", "200", "200", "200"])
        XCTAssertEqual(rows["Standard errors"], ["IID", "IID", "IID", "Clustered (firm)"])
        XCTAssertEqual(t.header[1].cells.map(\.span), [4], "one dependent variable over all four models")
        XCTAssertEqual(ModelSummary.describeVcov("cluster:firm+year", .nl), "Geclusterd (firm & year)")
        XCTAssertEqual(ModelSummary.describeVcov("cluster0:firm", .en), "Clustered (firm, CR0)")
    }

    func testSURAdapterOneColumnPerEquationWithTheilsFigures() throws {
        let data = try Self.grunfeld()
        func equation(_ name: String, _ firm: String) throws -> SUREquation {
            let f = try data.factor("firm")
            let rows = (0..<data.rowCount).filter { f.levels[Int(f.codes[$0])] == firm }
            let sub = data.selecting(rows: rows)
            let x = try Matrix(columns: [[Double](repeating: 1, count: rows.count), sub.numeric("value"), sub.numeric("capital")])
            return SUREquation(name: name, response: try sub.numeric("invest"), regressors: x, termNames: ["(Intercept)", "value", "capital"])
        }
        let fit = try SURFit(equations: [equation("GE", "General Electric"), equation("WE", "Westinghouse")])
        let cols = ModelSummary.columns(fit, dependents: ["invest GE", "invest WE"])
        XCTAssertEqual(cols.map(\.title), ["GE", "WE"])
        let t = try RegressionTableBuilder.table(cols, options: RegressionTableOptions(style: NumberStyle(digits: 6)))
        let text = t.render(.text)
        // Theil (1971) via METHOD.md: GE value 0.038310 (0.013290), capital 0.139036 (0.023036); WE 0.057630 (0.013411).
        for s in ["0.038310", "(0.013290)", "0.139036", "(0.023036)", "0.057630", "(0.013411)", "SUR (FGLS)"] {
            XCTAssertTrue(text.contains(s), "\(s) missing from\n\(text)")
        }
        XCTAssertEqual(t.header[1].cells.map(\.text), ["invest GE", "invest WE"])
    }
}
