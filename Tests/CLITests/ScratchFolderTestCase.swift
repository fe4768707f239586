import Foundation
import XCTest

/// A test case whose tests run in a fresh scratch folder holding a link to the bundled `SupplyUseTables`, under the
/// same relative path as in the repository, so that runs made there record relative paths.
class ScratchFolderTestCase: XCTestCase {
    /// The scratch folder of the running test.
    var scratch: URL!

    override func setUpWithError() throws { scratch = try Self.makeScratchFolder() }

    /// A new temporary folder holding a link to the bundled `SupplyUseTables` (for tests outside this class too);
    /// the caller removes it.
    static func makeScratchFolder() throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("SupplyUseTables"),
                                                   withDestinationURL: CLI.repositoryRoot.appendingPathComponent("SupplyUseTables"))
        return folder
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// The path of `name` in the scratch folder.
    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// Writes `estimate.toml` in the scratch folder: the bundled tables for 1995-1997 and two models (production
    /// and the weighted skill share), small enough for sensitivity runs in tests.
    func writeThreeYearConfig() throws {
        try """
            [data]
            tables = "SupplyUseTables/wiod2013"
            years = "1995-1997"

            [[model]]
            preset = "production"
            period = "1995-1997"

            [[model]]
            preset = "skill_share"
            period = "1995-1997"
            """.write(toFile: path("estimate.toml"), atomically: true, encoding: .utf8)
    }
}
