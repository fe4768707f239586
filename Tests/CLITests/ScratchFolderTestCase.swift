import Foundation
import XCTest

/// A test case whose tests run in a fresh scratch folder holding a link to the bundled `SupplyUseTables`, under the
/// same relative path as in the repository, so that runs made there record relative paths.
class ScratchFolderTestCase: XCTestCase {
    /// The scratch folder of the running test.
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent("SupplyUseTables"),
                                                   withDestinationURL: CLI.repositoryRoot.appendingPathComponent("SupplyUseTables"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// The path of `name` in the scratch folder.
    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }
}
