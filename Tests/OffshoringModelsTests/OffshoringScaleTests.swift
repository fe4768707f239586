import DataIO
import Econometrics
import Foundation
import OffshoringModels
import Reporting
import RunFolders
import XCTest
import TestSupport

/// Issue 18, item 1: how om and os enter the models is a config setting (`[data] offshoring_unit`), and every model
/// table with an offshoring term says which unit it used.
final class OffshoringScaleTests: XCTestCase {
    /// The bundled synthetic config with `offshoring_unit` set, its panel built from the same tables.
    func panel(unit: String) throws -> (IndustryPanel, EstimateConfig) {
        let dir = try TemporaryDirectory.make(prefix: "offshoring-unit")
        defer { TemporaryDirectory.remove(dir) }
        let bundled = try String(contentsOfFile: Bundled.folder + "/config/estimate-synthetic.toml", encoding: .utf8)
        // The config's relative paths resolve against the bundled configs' folder when missing beside the copy (issue 18.11).
        let text = bundled.replacingOccurrences(of: "[data]\n", with: "[data]\noffshoring_unit = \"\(unit)\"\n")
        XCTAssertNotEqual(text, bundled, "the bundled config has a [data] table")
        let path = dir.appendingPathComponent("unit.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try EstimateConfig.load(path: path, bundle: Bundled.folder)
        return (try PanelBuilder.build(config: config).0, config)
    }

    func testSharesAreOneHundredthOfPointsAndCoefficientsOneHundredTimes() throws {
        let (pp, _) = try Bundled.panel.get()
        let (share, config) = try panel(unit: "share")
        XCTAssertEqual(config.offshoringUnit, .share)
        XCTAssertTrue(config.resolvedTOML().contains("offshoring_unit = \"share\""))
        for name in ["om", "os", "om_OECD", "os_ASIA", "om_sup", "os_sup"] {
            let a = try pp.data.numeric(name), b = try share.data.numeric(name)
            var compared = 0
            for (x, y) in zip(a, b) where x.isFinite {
                XCTAssertEqual(y, x / 100, accuracy: 1e-15 * max(1, abs(x)), name)
                compared += 1
            }
            XCTAssertGreaterThan(compared, 400, name)
        }
        // Same model: the om coefficient in shares is 100 times the one in points; the other terms do not move.
        let spec = try XCTUnwrap(ModelPresets.all.first { $0.name == "production" })
        guard case .single(let a) = try ModelRunner.run(spec, panel: pp).estimate,
              case .single(let b) = try ModelRunner.run(spec, panel: share).estimate else { return XCTFail("a single equation") }
        for (k, term) in a.terms.enumerated() {
            let scale = term == "om" || term == "os" ? 100.0 : 1.0
            XCTAssertEqual(b.estimates[k], scale * a.estimates[k], accuracy: 1e-9 * abs(scale * a.estimates[k]), term)
        }
    }

    func testTenPointsAndTheNoteOfEveryOffshoringTable() throws {
        let (tens, _) = try panel(unit: "10pp")
        let (pp, _) = try Bundled.panel.get()
        let a = try pp.data.numeric("om"), b = try tens.data.numeric("om")
        XCTAssertEqual(b[3], a[3] / 10, accuracy: 1e-14 * a[3])
        // The note: in the family tables with om/os terms, in each language; none for a family without them.
        let model = RunSummary.Model(name: "m", dependent: "S_l", formula: "S_l ~ om + ict", coefficients: [
            RunSummary.Coefficient(term: "I(om * ict)", estimate: 1, standardError: 1, pValue: 0.5, degreesOfFreedom: 10)],
            vcov: "iid", sample: "all", period: "1995-2007")
        let table = RunSummary.ModelTable(family: "skills", models: [model])
        XCTAssertEqual(RunSummaryReport.unitNote(table, "10pp", .en), ["om and os in tens of percentage points: a coefficient is the effect of ten points."])
        XCTAssertEqual(RunSummaryReport.unitNote(table, nil, .nl), ["om en os in procentpunten: een coëfficiënt is het effect van één punt."])
        XCTAssertTrue(RunSummaryReport.unitNote(table, "share", .fr)[0].hasPrefix("om et os en parts de 0 à 1\u{00A0}:"))
        let noOffshoring = RunSummary.ModelTable(family: "other", models: [RunSummary.Model(name: "m", dependent: "y", formula: "y ~ cost",
            coefficients: [RunSummary.Coefficient(term: "log(cost)", estimate: 1, standardError: 1, pValue: 0.5, degreesOfFreedom: 10)],
            vcov: "iid", sample: "all", period: "1995-2007")])
        XCTAssertEqual(RunSummaryReport.unitNote(noOffshoring, "pp", .en), [])
    }

    func testAnUnknownUnitNamesTheKey() throws {
        let dir = try TemporaryDirectory.make(prefix: "offshoring-unit")
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("c.toml").path
        try "[data]\noffshoring_unit = \"percent\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EstimateConfig.load(path: path, bundle: "/b")) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.key, "data.offshoring_unit")
            XCTAssertEqual(e?.line, 2)
            XCTAssertTrue(e?.message.contains("expected pp, share, 10pp") ?? false, e?.message ?? "")
        }
    }
}

/// Issue 18, item 5: chart legends and table columns show each model's label, not its code name: every model of the
/// bundled configs and every preset has a label in English, Dutch and French.
final class ModelLabelTests: XCTestCase {
    func testEveryBundledModelHasALabelInEveryLanguage() throws {
        let labels = try VariableLabels(path: Bundled.folder + "/labels/default.toml")
        var names = Set(ModelPresets.all.map(\.name))
        for file in try FileManager.default.contentsOfDirectory(atPath: Bundled.folder + "/config") where file.hasPrefix("estimate-") {
            let config = try EstimateConfig.load(path: Bundled.folder + "/config/" + file, bundle: Bundled.folder)
            names.formUnion(config.models.map(\.name))
        }
        XCTAssertTrue(names.contains("production_iv"))
        for name in names.sorted() {
            for lang in [Language.en, .nl, .fr] {
                XCTAssertNotNil(labels.explicitLabel(name, lang), "model \(name) has no \(lang.rawValue) label")
            }
        }
        XCTAssertEqual(labels.label("production_iv", .en), "Production, IV")
    }
}

/// Issue 19 with issue 18's translations: a GMM model's standard-errors row is in the report's language.
final class GMMReportLanguageTests: XCTestCase {
    func testTheGMMStandardErrorsRowIsTranslated() throws {
        let model = RunSummary.Model(name: "m", dependent: "log(L)", formula: "log(L) ~ l(log(L), 1) | year | gmm(log(L), 2:99)",
                                     coefficients: [RunSummary.Coefficient(term: "l(log(L), 1)", estimate: 1, standardError: 0.1,
                                                                           pValue: 0.01, degreesOfFreedom: .infinity)],
                                     vcov: "System GMM (two-step)", sample: "manufacturing", period: "1995-2003")
        let expected: [(Language, String)] = [(.en, "System GMM (two-step)"), (.nl, "Systeem-GMM (twee stappen)"), (.fr, "GMM en système (deux étapes)")]
        for (lang, text) in expected {
            let column = RunSummaryReport.summaryColumn(model, settings: try PublicationSettings(lang: lang.rawValue))
            XCTAssertEqual(column.standardErrorType, text, lang.rawValue)
        }
        var oneStep = model
        oneStep.vcov = "System GMM (one-step)"
        XCTAssertEqual(RunSummaryReport.summaryColumn(oneStep, settings: try PublicationSettings(lang: "nl")).standardErrorType, "Systeem-GMM (één stap)")
    }
}
