import DataIO
import Foundation
import RunFolders
import TestSupport
import XCTest

/// The one manifest type: the checked-in example's manifest.json reads back and writes again to the same bytes,
/// and a malformed one is refused naming the key.
final class RunManifestTests: XCTestCase {
    func testTheExampleManifestReadsAndWritesTheSameBytes() throws {
        let path = RepositoryPaths.file("Reports/example/manifest.json").path
        let manifest = try RunManifest(path: path)
        XCTAssertEqual(manifest.json(), try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(manifest.command, "estimate")
        XCTAssertEqual(manifest.report, ReportRecord(language: "en", decimalComma: false, digits: nil, labels: nil))
        // 15 entries, the `bootstrap` one (the example's models on 14 clusters get estimate's default bootstrap), the inputs.
        XCTAssertEqual(manifest.pageEntries.count, 16 + manifest.inputs.count)
        XCTAssertEqual(manifest.pageEntries.first?.key, "tool")
    }

    func testAMalformedManifestNamesTheKey() throws {
        let dir = try TemporaryDirectory.make(prefix: "manifest")
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("manifest.json").path
        let good = try String(contentsOf: RepositoryPaths.file("Reports/example/manifest.json"), encoding: .utf8)
        for (text, fragment) in [(good.replacingOccurrences(of: "\"run_name\":\"example\"", with: "\"run_name\":1"), "'run_name': expected a string"),
                                 (good.replacingOccurrences(of: "\"decimal_comma\":false", with: "\"decimal_comma\":\"no\""), "'decimal_comma'"),
                                 (good.replacingOccurrences(of: "\"bytes\":434096", with: "\"bytes\":\"big\""), "'inputs[0]'"),
                                 ("[]", "expected a JSON object"), ("{", "not valid JSON")] {
            try AtomicFile.write(text, to: path)
            XCTAssertThrowsError(try RunManifest(path: path)) { e in
                XCTAssertTrue("\(e)".hasPrefix(path) && "\(e)".contains(fragment), "\(e)")
            }
        }
    }
}
