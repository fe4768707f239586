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

    /// Issue 14 §5: a kill between the two renames of the old swap left no target and the previous run only as a
    /// hidden `.r1.old-*`. The swap is now one exchange; a leftover of that kind (from an older version, or a file
    /// system without exchange) is moved back by the next stage, and dead staging folders are removed.
    func testAnInterruptedSwapIsRepairedAndDeadLeftoversRemoved() throws {
        let runs = dir.appendingPathComponent("runs").path
        let target = runs + "/r1"
        try StagedFiles.write(texts: [("keep.txt", "previous\n")], into: target)
        // A process id that does not run: the largest one, which the kernel does not hand out by default.
        let dead = "4194303"
        XCTAssertEqual(rename(target, runs + "/.r1.old-\(dead)-7"), 0)
        try FileManager.default.createDirectory(atPath: runs + "/.r1.tmp-\(dead)-9", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: runs + "/.r1.tmp-\(getpid())-9", withIntermediateDirectories: true)
        let stage = try StagedFiles(replacing: target)
        XCTAssertEqual(try read(target + "/keep.txt"), "previous\n", "the previous run is back before the new one starts")
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs + "/.r1.tmp-\(dead)-9"), "a dead run's staging folder is removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: runs + "/.r1.tmp-\(getpid())-9"), "a live run's is not")
        try stage.write("new.txt", contents: "new\n")
        try stage.commit()
        XCTAssertEqual(try list(target), ["new.txt"])
        XCTAssertEqual(try list(runs), [".r1.tmp-\(getpid())-9", "r1"], "the exchange leaves no old folder behind")
        // Staging folders inside a folder (init(into:)) of a dead process go too.
        try FileManager.default.createDirectory(atPath: target + "/.offshore-staging-\(dead)-1", withIntermediateDirectories: true)
        try StagedFiles.write(texts: [("more.txt", "m\n")], into: target)
        XCTAssertEqual(try list(target), ["more.txt", "new.txt"])
    }

    func testTheSwapIsOneExchangeOnLinux() throws {
        #if os(Linux)
        XCTAssertNotNil(StagedFiles.renameExchange, "renameat2 is found in the C library")
        #endif
    }
}
