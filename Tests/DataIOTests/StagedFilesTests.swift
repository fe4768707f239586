import Foundation
import XCTest
@testable import DataIO
import TestSupport

/// Several files written as one step: into a folder (beside its other files) or as a whole new folder.
final class StagedFilesTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "staged") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func list(_ path: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testIntoAFolderKeepsOtherFilesAndLeavesNoStagingFolder() throws {
        let out = dir.appendingPathComponent("out").path
        try AtomicFile.write("old\n", to: out + "/keep.txt")
        try StagedFiles.write(texts: [("a.txt", "a\n"), ("sub/b.txt", "b\n")], into: out + "/")
        XCTAssertEqual(try list(out), ["a.txt", "keep.txt", "sub"])
        XCTAssertEqual(try read(out + "/sub/b.txt"), "b\n")
        XCTAssertEqual(try read(out + "/keep.txt"), "old\n")
        // A folder where a file should go: nothing is written, no staging folder is left.
        try FileManager.default.createDirectory(atPath: out + "/c.txt", withIntermediateDirectories: true)
        XCTAssertThrowsError(try StagedFiles.write(texts: [("a.txt", "new\n"), ("c.txt", "c\n")], into: out)) { e in
            XCTAssertTrue("\(e)".contains("c.txt") && "\(e)".contains("in the way"), "\(e)")
        }
        XCTAssertEqual(try read(out + "/a.txt"), "a\n")
        XCTAssertEqual(try list(out), ["a.txt", "c.txt", "keep.txt", "sub"])
    }

    func testReplacingAFolderSwapsItWholeAndDroppedStagesLeaveNothing() throws {
        let target = dir.appendingPathComponent("runs/r1").path
        let first = try StagedFiles(replacing: target)
        try first.write("x.txt", contents: "1\n")
        XCTAssertEqual(try read(first.staging + "/x.txt"), "1\n", "staged files can be read back before the commit")
        try first.commit()
        XCTAssertEqual(try list(target), ["x.txt"])
        let second = try StagedFiles(replacing: target, kind: "run folder")
        try second.write("y.txt", bytes: Array("2\n".utf8))
        try second.commit()
        XCTAssertEqual(try list(target), ["y.txt"], "the previous folder's files are gone")
        XCTAssertEqual(try list(dir.appendingPathComponent("runs").path), ["r1"], "no staging or old folder is left")
        do {
            let dropped = try StagedFiles(replacing: target)
            try dropped.write("z.txt", contents: "3\n")
        }
        XCTAssertEqual(try list(dir.appendingPathComponent("runs").path), ["r1"], "an uncommitted stage removes its folder")
        XCTAssertEqual(try list(target), ["y.txt"])
    }
}
