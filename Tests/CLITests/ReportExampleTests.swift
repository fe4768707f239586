import Foundation
import RunFolders
import XCTest

/// Reports/example is what `offshore estimate --report Reports --run-name example` writes from the repository
/// root on the bundled data: the test runs it again (in a scratch folder that sees the bundled data under the
/// same relative path) and compares every file, so the checked-in example cannot drift from the code. Files must be
/// byte-identical but for numbers that differ in their last digits (relative 1e-9, what `offshore verify` allows):
/// OpenBLAS picks its kernels for the processor at run time (AVX2, AVX-512), and they add in different orders.
///
/// To update the example after an intended change: `offshore estimate --report Reports --run-name example`
/// from the repository root, then review `git diff Reports/example`.
final class ReportExampleTests: XCTestCase {
    func testCheckedInExampleIsWhatEstimateReportWrites() throws {
        let fm = FileManager.default
        let scratch = try ScratchFolderTestCase.makeScratchFolder()
        defer { try? fm.removeItem(at: scratch) }
        let r = try CLI.run(["estimate", "--report", "Reports", "--run-name", "example"], in: scratch)
        XCTAssertEqual(r.status, 0, r.stderr)
        let fresh = scratch.appendingPathComponent("Reports/example")
        let example = CLI.repositoryRoot.appendingPathComponent("Reports/example")
        func files(_ root: URL) throws -> [String] {
            try fm.subpathsOfDirectory(atPath: root.path).filter { p in
                var isDir: ObjCBool = false
                return fm.fileExists(atPath: root.appendingPathComponent(p).path, isDirectory: &isDir) && !isDir.boolValue
            }.sorted()
        }
        let made = try files(fresh)
        XCTAssertEqual(made, try files(example), "the same files")
        // 125 since the example runs on real accounts: the studies' findings beside the run's, and the low-skilled share
        // in hours (its two run files, its contributions, the skill family split into two tables).
        // 147 with the three studies' presets (issue 20): their 10 run files, and the production and labour families split
        // into three and two tables.
        XCTAssertEqual(made.count, 147, "41 run files, 16 tables x 6 formats, 9 charts, the page")
        for p in made {
            let a = try Data(contentsOf: fresh.appendingPathComponent(p)), b = (try? Data(contentsOf: example.appendingPathComponent(p))) ?? Data()
            let outcome = NumericTextComparison.compare([UInt8](b), [UInt8](a), relativeTolerance: RunFolderComparison.defaultTolerance)
            XCTAssertTrue(outcome.agrees,
                          "Reports/example/\(p) differs from what offshore estimate --report writes now: \(outcome)")
        }
        // Paths inside the bundle are recorded relative to the run folder, so the folder reads the same anywhere.
        let manifest = try String(contentsOf: fresh.appendingPathComponent("manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"path\":\"../../SupplyUseTables/wiod2013/WIOT1995_wiod2013.csv.gz\""), manifest)
        XCTAssertFalse(manifest.contains(scratch.path))
    }
}
