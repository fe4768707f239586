import Foundation
import XCTest
import DataIO
@testable import Econometrics
import TestSupport

/// The parallel reader parses rows of plain numbers in the pass that finds their fields; every other row goes
/// through the CSV scanner. Files of numbers with every kind of irregular row read bit for bit as the serial
/// read reads them, and errors are the serial read's.
final class FusedNumberRowsTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "fused") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Numbers as pandas and R write them, with now and then a row the fused path declines: missing values of
    /// every spelling, a quoted number, blanks around a number, a number too long for the fast paths (strtod),
    /// a subnormal, a CRLF line end, a blank line; `text` puts a word in column x3 at that row.
    func numbers(rows: Int, text: Int? = nil, shortRowAt: Int? = nil) -> String {
        var rng = SplitMix64(seed: 20261203)
        var s = "y,x1,x2,x3,id,t\n"
        for r in 0..<rows {
            let y = Double(bitPattern: 0x3FF0_0000_0000_0000 | (rng.next() >> 12)) - 1.5
            let x1 = "\(Double(Int64(rng.next() % 2_000_000) - 1_000_000) / 1024)"
            var x2 = "\(Double(bitPattern: 0x4000_0000_0000_0000 | (rng.next() >> 12)) * 1e-7)"
            var x3 = "\(Int(rng.next() % 100_000))"
            var eol = "\n"
            switch r % 97 {
            case 3: x2 = "NA"
            case 11: x2 = "."
            case 17: x2 = ""
            case 23: x3 = "\"42.5\""
            case 31: x2 = " 3.25 "
            case 41: x2 = "0.12345678901234567890123456789"
            case 53: x2 = "4.9e-324"
            case 61: eol = "\r\n"
            case 67: x3 = "1e5"
            case 71: x3 = "-.5E-3"
            default: break
            }
            if r == text { x3 = "n/a" }
            if r == shortRowAt { s += "\(y),\(x1)\n"; continue }
            s += "\(y),\(x1),\(x2),\(x3),\(r / 7),\(r % 7)" + eol
            if r % 499 == 250 { s += "\n" }
        }
        return s
    }

    func assertSame(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let serial = try DataFrame(serialCSVPath: path)
        for chunks in [2, 7] {
            let p = try XCTUnwrap(try ParallelCSVColumns.read(path: path, minimumChunkBytes: 512, chunks: chunks), file: file, line: line)
            let frame = try DataFrame(source: path, parallel: p)
            XCTAssertEqual(frame.names, serial.names, file: file, line: line)
            XCTAssertEqual(frame.rowCount, serial.rowCount, file: file, line: line)
            for (k, name) in serial.names.enumerated() {
                switch (frame.columns[k], serial.columns[k]) {
                case (.numeric(let a), .numeric(let b)):
                    XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "column \(name), \(chunks) chunks", file: file, line: line)
                case (.categorical(let c1, let l1), .categorical(let c2, let l2)):
                    XCTAssertEqual(l1, l2, file: file, line: line)
                    XCTAssertEqual(c1, c2, file: file, line: line)
                default:
                    XCTFail("column \(name) has different kinds", file: file, line: line)
                }
                XCTAssertEqual(message { try frame.numeric(name) }, message { try serial.numeric(name) }, file: file, line: line)
            }
        }
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "ok" } catch { return "\(error)" }
    }

    func testNumbersWithIrregularRowsReadAsTheSerialRead() throws {
        let path = try write("numbers.csv", numbers(rows: 4000))
        let serial = try DataFrame(serialCSVPath: path)
        XCTAssertEqual(serial.rowCount, 4000)
        XCTAssertFalse(serial.isCategorical("x2"))
        XCTAssertTrue(try serial.numeric("x2")[3].isNaN)
        XCTAssertEqual(try serial.numeric("x3")[23], 42.5)
        XCTAssertEqual(try serial.numeric("x2")[31], 3.25)
        try assertSame(path)
    }

    func testAColumnTurningToTextLateReadsAsTheSerialRead() throws {
        let path = try write("late.csv", numbers(rows: 4000, text: 3500))
        XCTAssertTrue(try DataFrame(serialCSVPath: path).isCategorical("x3"))
        try assertSame(path)
    }

    func testAShortRowAmongPlainRowsIsTheSerialError() throws {
        let path = try write("short.csv", numbers(rows: 4000, shortRowAt: 3001))
        var serialError: InputError?
        XCTAssertThrowsError(try DataFrame(serialCSVPath: path)) { serialError = $0 as? InputError }
        let e = try XCTUnwrap(serialError)
        XCTAssertTrue(e.message.contains("expected 6 fields as in the header, found 2"), e.message)
        XCTAssertEqual(e.line, 3009)  // the header, 3,001 rows and six blank lines before it
        XCTAssertThrowsError(try ParallelCSVColumns.read(path: path, minimumChunkBytes: 512, chunks: 6)) { error in
            XCTAssertEqual(error as? InputError, serialError)
        }
    }
}
