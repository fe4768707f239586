import Foundation
import XCTest
import DataIO
import Econometrics
import OffshoringModels
import RunFolders
import TestSupport

/// `estimator = "gmm"` in `offshore estimate` configs (issue 19): the bundled dynamic labour demand
/// (SupplyUseTables/config/estimate-dynamic.toml) gives what `offshore regress --model gmm` gives on the same sample
/// exported as CSV, warns about the instrument count with 14 industries, and bad GMM keys name the key.
final class EstimateGMMTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    var bundle: String { CLI.repositoryRoot.appendingPathComponent("SupplyUseTables").path }
    var dynamic: String { bundle + "/config/estimate-dynamic.toml" }
    static let formula = "log(L) ~ l(log(L), 1) + log(w) + log(Y) + om + os | year | gmm(log(L), 2:99)"

    /// `data` as a CSV file (numbers at full precision, `NA` for missing, factors by their labels).
    func writeCSV(_ data: DataFrame, name: String) throws -> String {
        var lines = [data.names.joined(separator: ",")]
        let columns: [[String]] = try data.names.map { n in
            if data.isCategorical(n) {
                let f = try data.factor(n)
                return f.codes.map { $0 < 0 ? "NA" : f.levels[Int($0)] }
            }
            return try data.numeric(n).map { $0.isFinite ? String(format: "%.17g", $0) : "NA" }
        }
        for i in 0..<data.rowCount { lines.append(columns.map { $0[i] }.joined(separator: ",")) }
        let path = dir.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The `term,estimate,...` rows of a CSV output, as term -> (estimate, std. error).
    func coefficients(_ csv: String, model: String? = nil) -> [String: (Double, Double)] {
        var out: [String: (Double, Double)] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let model { guard f.first == model else { continue }; f.removeFirst() }
            // Terms hold commas (`l(log(L), 1)`): quoted in the CSV.
            if f[0].hasPrefix("\"") {
                while !f[0].hasSuffix("\"") && f.count > 1 { f[0] += "," + f.remove(at: 1) }
                f[0] = String(f[0].dropFirst().dropLast())
            }
            out[f[0]] = (Double(f[1]) ?? .nan, Double(f[2]) ?? .nan)
        }
        return out
    }

    func testDynamicConfigEqualsRegressGMMOnTheSameSample() throws {
        let config = try EstimateConfig.load(path: dynamic, bundle: bundle)
        XCTAssertEqual(config.models.map(\.name), ["labour_demand_gmm_manufacturing", "labour_demand_gmm_services"])
        // Two-step in manufacturing; one-step in market services, whose two-step weighting is singular (12 industries,
        // 24 instruments) and gives a degenerate fit.
        XCTAssertEqual(config.models.map(\.gmmOptions.steps), [2, 1])
        XCTAssertTrue(config.models.allSatisfy { $0.kind == .gmm && $0.formula == Self.formula })
        let (panel, _) = try PanelBuilder.build(config: config)
        let run = try EstimateRun.execute(config: config, panel: panel)
        XCTAssertEqual(run.outcomes.count, 2)
        var industries: [String: Int] = [:]
        for o in run.outcomes {
            industries[o.spec.name] = o.industries.count
            // The model's sample exported as CSV, estimated by `offshore regress --model gmm` with the same options.
            let path = try writeCSV(o.sample, name: o.spec.name + ".csv")
            let r = try CLI.run(["regress", "--data", path, "--model", "gmm", "--panel", "industry,year", "--formula", Self.formula,
                                 "--gmm", "system", "--collapse", "--steps", "\(o.spec.gmmOptions.steps)", "--format", "csv"])
            XCTAssertEqual(r.status, 0, r.stderr)
            let expected = coefficients(r.stdout)
            let record = o.record
            let terms = record.equations[0].terms
            XCTAssertEqual(Set(terms.map(\.name)), Set(expected.keys), o.spec.name)
            XCTAssertTrue(terms.contains { $0.name == "l(log(L), 1)" }, "\(terms.map(\.name))")
            for t in terms {
                guard let (b, se) = expected[t.name] else { continue }
                XCTAssertEqual(t.estimate, b, accuracy: 1e-12 * max(1, abs(b)), "\(o.spec.name) \(t.name)")
                // A standard error is NaN where the generalised inverse leaves a negative variance: NaN in both.
                if se.isNaN { XCTAssertTrue(t.standardError.isNaN, "\(o.spec.name) \(t.name)"); continue }
                XCTAssertEqual(t.standardError, se, accuracy: 1e-12 * max(1, abs(se)), "\(o.spec.name) \(t.name)")
                // Normal reference, as regress --model gmm.
                XCTAssertEqual(t.pValue, normalTwoSidedPValue(t.estimate / t.standardError), accuracy: 1e-15)
            }
            XCTAssertEqual(record.model, o.spec.gmmOptions.steps == 2 ? "System GMM (two-step)" : "System GMM (one-step)")
            XCTAssertTrue(record.notes.contains { $0.hasPrefix("Arellano-Bond AR(2): z = ") }, "\(record.notes)")
            XCTAssertTrue(record.notes.contains { $0.hasPrefix("Hansen J (pgmm's Sargan): chi2(") }, "\(record.notes)")
            XCTAssertTrue(record.notes.contains { $0.contains("groups: \(o.industries.count); instruments: ") }, "\(record.notes)")
        }
        XCTAssertEqual(industries["labour_demand_gmm_manufacturing"], 14)
        // The tables: each model's diagnostics, and the instrument-count warning naming the 14 manufacturing industries.
        let text = EstimateReport.text(run)
        XCTAssertTrue(text.contains("the number of groups (14)"), text)
        XCTAssertTrue(text.contains("labour_demand_gmm_manufacturing: Arellano-Bond AR(2): z = "), text)
        XCTAssertTrue(text.contains("Warning (labour_demand_gmm_manufacturing"), text)
        // The CSV of every model has the same numbers as the records, and the resolved config reads back the same models.
        let csv = EstimateReport.csv(run)
        for o in run.outcomes {
            let rows = coefficients(csv, model: o.spec.name)
            for t in o.record.equations[0].terms { XCTAssertEqual(rows[t.name]?.0, t.estimate, "\(o.spec.name) \(t.name)") }
        }
        let resolved = dir.appendingPathComponent("resolved.toml").path
        try config.resolvedTOML().write(toFile: resolved, atomically: true, encoding: .utf8)
        XCTAssertEqual(try EstimateConfig.load(path: resolved, bundle: bundle).models, config.models)
    }

    func testTheCommandRunsTheDynamicConfigIntoARunFolder() throws {
        let out = dir.appendingPathComponent("runs").path
        let r = try CLI.run(["estimate", "--config", dynamic, "--output-dir", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("labour_demand_gmm_services"), r.stdout)
        let folder = out + "/dynamic"
        for f in ["estimates.csv", "estimates.json", "labour_demand_gmm_manufacturing.json", "report.json", "config.resolved.toml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + f), f)
        }
        let json = try String(contentsOfFile: folder + "/labour_demand_gmm_manufacturing.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"method\":\"System GMM (two-step)\""), String(json.prefix(600)))
        XCTAssertTrue(json.contains("Arellano-Bond AR(2): z = "), String(json.prefix(600)))
        let resolved = try String(contentsOfFile: folder + "/config.resolved.toml", encoding: .utf8)
        XCTAssertTrue(resolved.contains("estimator = \"gmm\"\ngmm = \"system\"\nsteps = 2\ncollapse = true\ngmm_convention = \"pgmm\""), resolved)
    }

    func testBadGMMKeysNameTheKey() throws {
        let text = try String(contentsOfFile: dynamic, encoding: .utf8)
        func rejected(_ from: String, _ to: String, mentions: String) throws {
            XCTAssertTrue(text.contains(from), from)
            let p = dir.appendingPathComponent("bad.toml").path
            try text.replacingOccurrences(of: from, with: to).replacingOccurrences(of: "\"../", with: "\"\(bundle)/")
                .write(toFile: p, atomically: true, encoding: .utf8)
            let r = try CLI.run(["estimate", "--config", p])
            XCTAssertEqual(r.status, 2, "\(to): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(mentions), "\(to): \(r.stderr)")
            XCTAssertTrue(r.stdout.isEmpty)
        }
        try rejected("gmm = \"system\"", "gmm = \"levels\"", mentions: "'model.gmm': expected system or difference, found 'levels'")
        try rejected("steps = 2", "steps = 3", mentions: "'model.steps': expected 1 or 2, found 3")
        try rejected("gmm_convention = \"pgmm\"", "gmm_convention = \"stata\"", mentions: "'model.gmm_convention': expected pgmm or xtabond2")
        try rejected("collapse = true", "collapse = true\nvcov = \"hc1\"", mentions: "'model.vcov': model 'labour_demand_gmm_manufacturing' is estimated by GMM")
        try rejected("estimator = \"gmm\"\n", "", mentions: "'model.gmm': model 'labour_demand_gmm_manufacturing': gmm applies to GMM models only")
        try rejected("gmm(log(L), 2:99)\"", "gmm(log(L), 3:2)\"", mentions: "'model.formula'")
        try rejected("[output]", "[[contributions]]\nmodel = \"labour_demand_gmm_services\"\n\n[output]",
                     mentions: "'labour_demand_gmm_services' is a dynamic model estimated by GMM")
    }
}
