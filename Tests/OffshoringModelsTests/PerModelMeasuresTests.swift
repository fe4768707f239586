import DataIO
import Econometrics
import Foundation
import Offshoring
import OffshoringModels
import TestSupport
import XCTest

/// Per-model measures (issue 20): a model's own denominator and broad/narrow offshoring, and the narrow and
/// Feenstra-Hanson (broad minus narrow) columns, against the independent pandas measures of the WIOD tables
/// (Tests/OffshoringTests/References/wiod_reference.py -> BEL_wiod2013_reference.csv, every denominator, broad
/// and narrow).
final class PerModelMeasuresTests: XCTestCase {
    /// The reference value of `measure` (om, os) for `group` (total, OECD, ...) by denominator and narrow.
    static let reference: Result<[String: Double], Error> = Result {
        let path = RepositoryPaths.file("Tests/OffshoringTests/References/BEL_wiod2013_reference.csv").path
        var out: [String: Double] = [:]
        for row in try Bundled.csv(path) {
            guard let d = row["denominator"], let n = row["narrow"], let u = row["unit"], let y = row["year"], let m = row["measure"],
                  let g = row["group"], let v = row["value"].flatMap(Double.init) else { continue }
            out["\(d) \(n) \(u) \(y) \(m) \(g)"] = v
        }
        return out
    }

    func config() throws -> EstimateConfig {
        var c = try Bundled.realConfig()
        guard var ld = c.models.first(where: { $0.name == "labour_demand" }) else { throw XCTSkip("no labour_demand") }
        ld.name = "labour_demand_output_narrow"
        ld.denominator = .output
        ld.narrow = true
        ld.formula = "log(L) ~ log(w) + log(Y) + om + os + om_fh | industry + year"
        c.models = [ld] + c.models.filter { $0.name == "labour_demand" }
        c.contributions = []
        return c
    }

    func testAModelsOwnDenominatorAndNarrowMeasuresEqualTheReference() throws {
        let c = try config()
        XCTAssertEqual(c.measureChoices, [MeasureChoice(denominator: .nonenergy, narrow: true), MeasureChoice(denominator: .output, narrow: false),
                                          MeasureChoice(denominator: .output, narrow: true)])
        let (panel, _) = try PanelBuilder.build(config: c)
        let ref = try Self.reference.get()
        var checked = 0
        for spec in c.models {
            let (data, _, _) = try ModelRunner.sample(panel, for: spec)
            let ind = try data.factor("industry"), year = try data.numeric("year")
            let d = spec.denominator?.rawValue ?? "nonenergy", n = spec.narrow == true ? "true" : "false"
            let columns = [("om", "om", "total"), ("os", "os", "total"), ("om_OECD", "om", "OECD"), ("os_CEE", "os", "CEE")]
            for (name, measure, group) in columns {
                let values = try data.numeric(name)
                for i in 0..<data.rowCount {
                    let key = "\(d) \(n) \(ind.levels[Int(ind.codes[i])]) \(Int(year[i])) \(measure) \(group)"
                    guard let expected = ref[key] else { XCTAssertTrue(values[i].isNaN, key); continue }
                    XCTAssertEqual(values[i], expected, accuracy: 1e-9 * max(1, abs(expected)), key)
                    checked += 1
                }
            }
            // The Feenstra-Hanson difference is broad minus narrow, both with the model's denominator.
            let fh = try data.numeric("om_fh"), narrow = try data.numeric("om_narrow")
            for i in 0..<data.rowCount {
                let key = { (nn: String) in "\(d) \(nn) \(ind.levels[Int(ind.codes[i])]) \(Int(year[i])) om total" }
                guard let b = ref[key("false")], let nv = ref[key("true")] else { continue }
                XCTAssertEqual(narrow[i], nv, accuracy: 1e-9 * max(1, abs(nv)), key("true"))
                XCTAssertEqual(fh[i], b - nv, accuracy: 1e-9 * max(1, abs(b)), key("false") + " fh")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 2 * 4 * 30 * 9)
        // The model runs with the narrow measures and the Feenstra-Hanson difference as regressors.
        let run = try EstimateRun.execute(config: c, panel: panel)
        XCTAssertEqual(run.outcomes.map { $0.spec.sampleDescription },
                       ["all industries, 1995-2003, narrow om and os as % of gross output", "all industries, 1995-2003"])
        guard case .single(let r) = run.outcomes[0].estimate else { return XCTFail() }
        XCTAssertNotNil(r.index(of: "om_fh"))
    }

    func testConfigKeysAndErrors() throws {
        let dir = try TemporaryDirectory.make(prefix: "per-model-measures")
        func load(_ model: String) throws -> EstimateConfig {
            let path = dir.appendingPathComponent("c.toml").path
            try "[[model]]\n\(model)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return try EstimateConfig.load(path: path, bundle: Bundled.folder)
        }
        let c = try load("preset = \"labour_demand\"\ndenominator = \"output\"\noffshoring = \"narrow\"")
        XCTAssertEqual(c.models.first?.denominator, .output)
        XCTAssertEqual(c.models.first?.narrow, true)
        XCTAssertTrue(c.resolvedTOML().contains("denominator = \"output\"\noffshoring = \"narrow\"\n"))
        XCTAssertThrowsError(try load("preset = \"labour_demand\"\ndenominator = \"gross\"")) { e in
            XCTAssertTrue("\(e)".contains("denominator") && "\(e)".contains("expected nonenergy, intermediates or output"), "\(e)")
        }
        XCTAssertThrowsError(try load("preset = \"labour_demand\"\noffshoring = \"wide\"")) { e in
            XCTAssertTrue("\(e)".contains("offshoring") && "\(e)".contains("expected broad or narrow"), "\(e)")
        }
        // A panel built for other models lacks the measure: the error names the model's key.
        let (panel, _) = try Bundled.realPanel.get()
        guard var spec = ModelPresets.named("labour_demand") else { return XCTFail() }
        spec.denominator = .intermediates
        XCTAssertThrowsError(try ModelRunner.run(spec, panel: panel)) { e in
            XCTAssertEqual((e as? InputError)?.key, "model.labour_demand.denominator", "\(e)")
        }
    }
}
