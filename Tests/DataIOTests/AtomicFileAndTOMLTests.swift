import Foundation
import XCTest
@testable import DataIO

/// Atomic writes and TOML documents with located errors.
final class AtomicFileAndTOMLTests: XCTestCase {
    func testAtomicWriteCreatesDirectoriesAndLeavesNoTemporaryFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("a/b/out.csv").path
        try AtomicFile.write("x,y\n1,2\n", to: target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "x,y\n1,2\n")
        try AtomicFile.write("replaced\n", to: target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "replaced\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("a/b").path)
        XCTAssertEqual(left, ["out.csv"])
    }

    func testFailedWriteLeavesTheOldFileAndNoTemporary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The target is an existing non-empty directory: the final rename must fail.
        let target = dir.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "keep".write(to: target.appendingPathComponent("inside.txt"), atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try AtomicFile.write("new", to: target.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["report"])
        XCTAssertEqual(try String(contentsOf: target.appendingPathComponent("inside.txt"), encoding: .utf8), "keep")
    }

    func testTOMLSyntaxErrorHasLineAndColumn() {
        XCTAssertThrowsError(try TOMLDocument(text: "a = 1\nb = = 2\n", path: "conf.toml")) { e in
            guard let ie = e as? InputError else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.file, "conf.toml")
            XCTAssertEqual(ie.line, 2)
            XCTAssertNotNil(ie.column)
        }
    }

    func testUnknownKeyAndWrongTypeNameTheKeyAndLine() throws {
        let doc = try TOMLDocument(text: "title = \"x\"\n\n[model]\nformula = \"y ~ x\"\nvcov = 3\nfromula = \"typo\"\n",
                                   path: "run.toml")
        let model = try XCTUnwrap(try doc.root.section("model"))
        XCTAssertThrowsError(try model.rejectUnknownKeys(allowed: ["formula", "vcov"])) { e in
            guard let ie = e as? InputError else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.key, "model.fromula")
            XCTAssertEqual(ie.line, 6)
            XCTAssertTrue(ie.description.hasPrefix("run.toml:6: 'model.fromula': unknown key"), ie.description)
        }
        XCTAssertThrowsError(try model.string("vcov")) { e in
            XCTAssertEqual((e as? InputError)?.line, 5)
            XCTAssertTrue("\(e)".contains("expected a string"))
        }
        XCTAssertEqual(try model.string("formula"), "y ~ x")
        XCTAssertNil(try model.string("absent"))
        XCTAssertEqual(try doc.root.section("model")?.line(of: "formula"), 4)
        XCTAssertEqual(doc.root.line(of: "model"), 3)
    }

    func testInputErrorDescriptions() {
        XCTAssertEqual(InputError(file: "a.csv", line: 3, column: 4, "bad").description, "a.csv:3:4: bad")
        XCTAssertEqual(InputError(file: "a.csv", "bad").description, "a.csv: bad")
        XCTAssertEqual(InputError(key: "country", "unknown region 'XYZ'").description, "'country': unknown region 'XYZ'")
    }
}
