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

    /// Issue 18 item 10: re-running into a run folder never deletes what the tool did not write, and says so.
    func testARerunKeepsWhatTheUserPutInTheRunFolder() throws {
        let input = dir.appendingPathComponent("input.txt").path
        try AtomicFile.write("abc", to: input)
        let out = dir.appendingPathComponent("Reports").path
        let folder = try RunFolder.write(try run(inputs: [input]), directory: out, toolVersion: "1")
        // The user's note, a report made by `offshore report`, a folder of their own with a link in it, and a stale
        // model file of the previous run (its manifest lists `tiny`; a model of another name is not the tool's).
        try AtomicFile.write("my notes\n", to: folder + "/NOTES.md")
        try AtomicFile.write("<html>nl</html>", to: folder + "/report-nl/index.html")
        try AtomicFile.write("draft", to: folder + "/mine/deep/draft.tex")
        XCTAssertEqual(symlink("../NOTES.md", folder + "/mine/notes-link"), 0)
        try AtomicFile.write("not the tool's", to: folder + "/other.csv")
        let before = try FileManager.default.attributesOfItem(atPath: folder + "/NOTES.md")[.systemFileNumber] as? UInt64
        var notes: [String] = []
        try RunFolder.write(try run(inputs: [input]), directory: out, toolVersion: "2", note: { notes.append($0) })
        XCTAssertEqual(try String(contentsOfFile: folder + "/NOTES.md", encoding: .utf8), "my notes\n")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: folder + "/NOTES.md")[.systemFileNumber] as? UInt64, before,
                       "kept by a hard link, not a copy")
        XCTAssertEqual(try String(contentsOfFile: folder + "/report-nl/index.html", encoding: .utf8), "<html>nl</html>")
        XCTAssertEqual(try String(contentsOfFile: folder + "/mine/deep/draft.tex", encoding: .utf8), "draft")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/mine/notes-link"), "../NOTES.md")
        XCTAssertEqual(try String(contentsOfFile: folder + "/other.csv", encoding: .utf8), "not the tool's")
        XCTAssertTrue(try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8).contains("\"version\":\"2\""))
        XCTAssertEqual(notes, ["replaced the previous run in \(folder); kept 4 entries offshore did not write: NOTES.md, mine/, other.csv, report-nl/"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["r1"], "no staging or old folder is left behind")
        // A model file the previous run wrote (listed in its manifest) goes when the new run no longer has that model.
        try AtomicFile.write("stale", to: folder + "/tiny.csv")
        var config = Tiny.config(models: [ModelSpec(name: "small", formula: "log(L) ~ log(w) + om | industry", vcov: "iid")])
        config.contributions = []
        config.runName = "r1"
        let other = try EstimateRun.execute(config: config, panel: try Tiny.panel(try Tiny.accounts()), inputs: [input])
        try RunFolder.write(other, directory: out, toolVersion: "3")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/tiny.csv"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/small.csv"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/NOTES.md"))
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
        // The terminal tables: the model as a column of its family's side-by-side table (issue 18 item 8), notes once.
        XCTAssertTrue(text.contains("Labour demand\n"), text)
        XCTAssertTrue(text.contains("  tiny: "), text)
        XCTAssertEqual(text.components(separatedBy: "SYNTHETIC accounts: test").count - 1, 1, text)
        XCTAssertTrue(text.contains("Contributions to the change in log(L), 2000-2003 (model tiny)"))
    }
}
