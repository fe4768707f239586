import DataIO
@testable import IOTables
import XCTest

/// Finding yearly table files and loading them in parallel.
final class TableFilesTests: XCTestCase {
    func testFindsYearsInOrderAndSingleFiles() throws {
        let dir = try TestFiles.directory()
        for y in [2001, 1999, 2000] {
            try TestFiles.small.write(toFile: dir.path + "/WIOT\(y)_x.csv", atomically: true, encoding: .utf8)
        }
        try "notes".write(toFile: dir.path + "/README.md", atomically: true, encoding: .utf8)
        let files = try TableFiles.find(dir.path)
        XCTAssertEqual(files.map(\.year), [1999, 2000, 2001])
        XCTAssertEqual(try TableFiles.find(dir.path + "/WIOT2000_x.csv").map(\.year), [2000])
        let loaded = try TableFiles.load(files) { t, r in (t.year ?? 0, r.rows) }
        XCTAssertEqual(loaded.map(\.0), [1999, 2000, 2001])
        XCTAssertEqual(loaded.map(\.1), [4, 4, 4])
    }

    func testTwoFilesForOneYearOrNoneAreErrors() throws {
        let dir = try TestFiles.directory()
        try TestFiles.small.write(toFile: dir.path + "/WIOT2000_x.csv", atomically: true, encoding: .utf8)
        _ = try TestFiles.gzip(dir.path + "/WIOT2000_x.csv")
        let e = try expectInputError { try TableFiles.find(dir.path) }
        XCTAssertTrue(e.message.contains("two tables for 2000"), e.description)
        let empty = try TestFiles.directory()
        XCTAssertTrue(try expectInputError { try TableFiles.find(empty.path) }.message.contains("no WIOT"))
        XCTAssertNotNil(try expectInputError { try TableFiles.find(empty.path + "/missing") }.file)
    }

    func testTheFirstFailingYearIsReported() throws {
        let dir = try TestFiles.directory()
        try TestFiles.small.write(toFile: dir.path + "/WIOT1999_x.csv", atomically: true, encoding: .utf8)
        try TestFiles.small.replacingOccurrences(of: "HOM_c2,5", with: "HOM_c2,x")
            .write(toFile: dir.path + "/WIOT2000_x.csv", atomically: true, encoding: .utf8)
        let e = try expectInputError { try TableFiles.load(try TableFiles.find(dir.path)) { t, _ in t.size } }
        XCTAssertEqual(e.file, dir.path + "/WIOT2000_x.csv")
        XCTAssertEqual(e.line, 3)
    }
}
