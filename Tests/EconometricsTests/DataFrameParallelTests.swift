import Foundation
import XCTest
import DataIO
@testable import Econometrics
import TestSupport

/// DataFrame(csvPath:) read in chunks on several cores equals the serial read bit for bit (numbers, levels,
/// codes, where a column turned to text) and throws the serial read's error, with its line and column.
final class DataFrameParallelTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "dfpar") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The parallel read with small chunks (so that test files of a few kB are cut), required to happen.
    func parallel(_ path: String, chunks: Int = 6) throws -> DataFrame {
        let p = try XCTUnwrap(try ParallelCSVColumns.read(path: path, minimumChunkBytes: 512, chunks: chunks),
                              "the file was not read in parallel")
        return try DataFrame(source: path, parallel: p)
    }

    func assertSameFrame(_ a: DataFrame, _ b: DataFrame, checkMessages: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.names, b.names, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
        for (k, name) in a.names.enumerated() where k < b.columns.count {
            switch (a.columns[k], b.columns[k]) {
            case (.numeric(let x), .numeric(let y)):
                XCTAssertEqual(x.map(\.bitPattern), y.map(\.bitPattern), "column \(name)", file: file, line: line)
            case (.categorical(let c1, let l1), .categorical(let c2, let l2)):
                XCTAssertEqual(l1, l2, "levels of \(name)", file: file, line: line)
                XCTAssertEqual(c1, c2, "codes of \(name)", file: file, line: line)
            default:
                XCTFail("column \(name) has different kinds", file: file, line: line)
            }
            if checkMessages {
                XCTAssertEqual(message { try a.numeric(name) }, message { try b.numeric(name) }, "numeric(\(name))",
                               file: file, line: line)
            }
        }
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "ok" } catch { return "\(error)" }
    }

    /// A panel with a text id, quoted names (commas, doubled quotes, line breaks), missing values of every
    /// spelling, a column that turns to text late, an all-missing column and blank lines.
    func panelText(rows: Int, crlf: Bool, lateText: String? = "n/a", badRowAt: Int? = nil) -> String {
        var rng = SplitMix64(seed: 88)
        let eol = crlf ? "\r\n" : "\n"
        var s = "country,name,x,y,late,empty" + eol
        for r in 0..<rows {
            let u = rng.next() % 12
            let name = ["\"Smith, J.\"", "\"two\nlines\"", "\"said \"\"hi\"\"\"", "", "NA", "plain"][Int(u % 6)]
            let x = u == 7 ? "NA" : u == 8 ? "." : u == 9 ? "" : "\(Double(rng.next() % 1_000_000) / 997)"
            let y = "\(Double(bitPattern: 0x3FF0_0000_0000_0000 | (rng.next() >> 12)))"
            let late = r == rows - 3 ? (lateText ?? "4") : "\(r % 17)"
            if r == badRowAt { s += "X\(r % 40),\(name),\(x)" + eol; continue }
            s += "X\(r % 40),\(name),\(x),\(y),\(late)," + eol
            if r % 500 == 250 { s += eol }
        }
        return s
    }

    func testGeneratedPanelParallelEqualsSerial() throws {
        for crlf in [false, true] {
            let path = try write("panel\(crlf).csv", panelText(rows: 3000, crlf: crlf))
            let serial = try DataFrame(serialCSVPath: path)
            XCTAssertEqual(serial.rowCount, 3000)
            XCTAssertTrue(serial.isCategorical("late"))
            for n in [2, 7] {
                assertSameFrame(try parallel(path, chunks: n), serial)
            }
            // The late text is reported where it is, as a serial read reports it.
            XCTAssertTrue(message { try serial.numeric("late") }.contains("n/a"))
        }
    }

    func testBundledAccountsAndGrunfeldParallelEqualSerial() throws {
        let files = [RepositoryPaths.supplyUseTables.appendingPathComponent("accounts/BEL_synthetic_sea.csv").path,
                     RepositoryPaths.sharedFile("data/validation/grunfeld.csv").path]
        for path in files {
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let serial = try DataFrame(serialCSVPath: path)
            XCTAssertGreaterThan(serial.rowCount, 100)
            assertSameFrame(try parallel(path, chunks: 5), serial)
            assertSameFrame(try DataFrame(csvPath: path), serial)
        }
    }

    func testErrorInTheLastChunkIsTheSerialError() throws {
        let path = try write("bad.csv", panelText(rows: 3000, crlf: false, badRowAt: 2990))
        var serialError: InputError?
        XCTAssertThrowsError(try DataFrame(serialCSVPath: path)) { serialError = $0 as? InputError }
        XCTAssertThrowsError(try ParallelCSVColumns.read(path: path, minimumChunkBytes: 512, chunks: 6)) { e in
            XCTAssertEqual(e as? InputError, serialError)
        }
        let e = try XCTUnwrap(serialError)
        XCTAssertEqual(e.file, path)
        XCTAssertGreaterThan(e.line ?? 0, 3000)  // rows, blank lines and line breaks in quotes before it
        XCTAssertTrue(e.message.contains("expected 6 fields as in the header, found 3"), e.message)
    }

    func testNumbersBeforeTextAndStrayQuotesFallBackOrAgree() throws {
        // A column whose text comes first in a late chunk and numbers everywhere else.
        let path = try write("late.csv", panelText(rows: 3000, crlf: false, lateText: "late text"))
        assertSameFrame(try parallel(path), try DataFrame(serialCSVPath: path))
        // A stray quote: the parallel read declines and the public entry point reads it serially.
        var text = panelText(rows: 3000, crlf: false)
        text = text.replacingOccurrences(of: "X3,plain,", with: "X3,pl\"ain,")
        let stray = try write("stray.csv", text)
        XCTAssertNil(try ParallelCSVColumns.read(path: stray, minimumChunkBytes: 512, chunks: 6))
        let serial = try DataFrame(serialCSVPath: stray)
        XCTAssertTrue(serial.isCategorical("name"))
    }

    func testHeaderErrorsAreTheSerialErrors() throws {
        let body = panelText(rows: 2000, crlf: false).split(separator: "\n", maxSplits: 1)[1]
        for header in ["country,name,x,y,x,empty\n", "country,,x,y,late,empty\n"] {
            let path = try write("h.csv", header + body)
            var serialError: InputError?
            XCTAssertThrowsError(try DataFrame(serialCSVPath: path)) { serialError = $0 as? InputError }
            XCTAssertNotNil(serialError)
            XCTAssertThrowsError(try ParallelCSVColumns.read(path: path, minimumChunkBytes: 512, chunks: 4)) { e in
                XCTAssertEqual(e as? InputError, serialError)
            }
        }
    }
}
