import DataIO
import Foundation
@testable import OffshoringModels
import RunFolders
import XCTest
import TestSupport

/// Run folders: every file, a manifest with the inputs' SHA-256, byte-identical reruns, atomic replacement.
final class RunFolderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory.make(prefix: "estimate-run")
    }

    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func run(inputs: [String]) throws -> EstimateRun {
        var config = Tiny.config(models: [ModelSpec(name: "tiny", formula: "log(L) ~ log(w) + om | industry", vcov: "iid")])
        config.contributions = [ContributionSpec(model: "tiny", weights: "wbshare")]
        config.runName = "r1"
        config.synthetic = true
        config.syntheticNote = "SYNTHETIC accounts: test"
        return try EstimateRun.execute(config: config, panel: try Tiny.panel(try Tiny.accounts()), inputs: inputs)
    }

    func testWritesEveryFileWithAManifestAndRerunsAreIdentical() throws {
        let input = dir.appendingPathComponent("input.txt").path
        try AtomicFile.write("abc", to: input)
        let r = try run(inputs: [input])
        let out = dir.appendingPathComponent("Reports").path
        let folder = try RunFolder.write(r, directory: out, toolVersion: "9.9.9")
        XCTAssertEqual(folder, out + "/r1")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(names, ["config.resolved.toml", "contributions.csv", "contributions.json", "estimates.csv", "estimates.json",
                               "manifest.json", "offshoring.csv", "report.json", "tables.txt", "tiny.csv", "tiny.json"])
        let manifest = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"version\":\"9.9.9\""))
        XCTAssertTrue(manifest.contains("{\"path\":\"\(input)\",\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\"bytes\":3}"))
        XCTAssertTrue(try String(contentsOfFile: folder + "/tables.txt", encoding: .utf8).contains("SYNTHETIC accounts: test"))
        let csv = try String(contentsOfFile: folder + "/tiny.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("model,term,estimate,std_error,t_value,p_value\ntiny,log(w),"), csv)
        XCTAssertTrue(try String(contentsOfFile: folder + "/contributions.csv", encoding: .utf8)
            .hasPrefix(EstimateReport.contributionsHeader.joined(separator: ",") + "\ntiny,log(L),2000,2003,"))
        // Same inputs, same bytes (no dates or paths of temporary folders in any file).
        var before: [String: String] = [:]
        for n in names { before[n] = try String(contentsOfFile: folder + "/" + n, encoding: .utf8) }
        try RunFolder.write(try run(inputs: [input]), directory: out, toolVersion: "9.9.9")
        for n in names { XCTAssertEqual(try String(contentsOfFile: folder + "/" + n, encoding: .utf8), before[n], n) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["r1"], "no staging or old folder is left behind")
    }

    func testAFailedRunLeavesThePreviousFolderIntact() throws {
        let input = dir.appendingPathComponent("input.txt").path
        try AtomicFile.write("abc", to: input)
        let out = dir.appendingPathComponent("Reports").path
        let folder = try RunFolder.write(try run(inputs: [input]), directory: out, toolVersion: "1")
        let manifest = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        // An input that vanished makes hashing fail: nothing changes on disk.
        XCTAssertThrowsError(try RunFolder.write(try run(inputs: [input, dir.appendingPathComponent("gone.csv").path]),
                                                 directory: out, toolVersion: "2")) { e in
            XCTAssertTrue((e as? InputError)?.description.contains("gone.csv") ?? false)
        }
        XCTAssertEqual(try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8), manifest)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["r1"])
    }

    func testJSONAndCSVSchemasOfTheRun() throws {
        let r = try run(inputs: [])
        let json = EstimateReport.json(r).render()
        XCTAssertTrue(json.hasPrefix("{\"models\":[{\"model\":\"tiny\",\"sample\":\"all industries, all years\",\"synthetic\":true,\"coefficients\":[{\"term\":\"log(w)\""), json)
        XCTAssertTrue(json.contains("\"nobs\":12,\"r2\":"))
        XCTAssertTrue(json.contains("],\"contributions\":[{\"model\":\"tiny\",\"response\":\"log(L)\",\"from\":2000,\"to\":2003"))
        let lines = EstimateReport.csv(r).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], "model,term,estimate,std_error,t_value,p_value")
        XCTAssertTrue(lines[2].hasPrefix("tiny,om,"))
        let text = EstimateReport.text(r)
        XCTAssertTrue(text.contains("Model tiny: OLS, dependent variable log(L)"))
        XCTAssertTrue(text.contains("Contributions to the change in log(L), 2000-2003 (model tiny)"))
    }
}
