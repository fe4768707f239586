import Foundation
import XCTest
@testable import DataIO
import TestSupport

/// CSVChunks: the rows of all chunks, in order, are the rows of a serial CSVReader pass, with the same line
/// numbers; cuts that a stray quote or old Mac line ends would misplace are reported, never silently used.
final class ParallelParseTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "chunks") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// One line per row: its line number and its fields (quotes undone), for comparing whole files.
    func describe(_ row: borrowing CSVRow) -> String {
        "\(row.line):" + (0..<row.count).map { row.string($0) }.joined(separator: "\u{1F}")
    }

    func serialRows(_ path: String) throws -> [String] {
        var out: [String] = []
        try CSVReader(path: path).forEachRow { out.append(describe($0)) }
        return out
    }

    /// The header and every chunk's rows in order; nil when a chunk reports a misplaced cut.
    func chunkedRows(_ c: CSVChunks) throws -> [String]? {
        var out: [String] = []
        try c.readHeader { out.append(describe($0)) }
        for k in 0..<c.count {
            guard try c.forEachRow(chunk: k, { out.append(describe($0)) }) else { return nil }
        }
        return out
    }

    /// Rows of a panel with quoted text holding delimiters, doubled quotes and line breaks, missing values, CRLF.
    func awkwardText(rows: Int, crlf: Bool) -> String {
        var rng = SplitMix64(seed: 8)
        let eol = crlf ? "\r\n" : "\n"
        var s = "id,name,x,y" + eol
        for r in 0..<rows {
            let u = rng.next() % 10
            let name: String
            switch u {
            case 0: name = "\"Smith, J.\""
            case 1: name = "\"two\nlines\""
            case 2: name = "\"said \"\"hi\"\"\""
            case 3: name = ""
            default: name = "firm\(rng.next() % 50)"
            }
            let x = u == 4 ? "NA" : u == 5 ? "." : "\(Double(rng.next() % 1_000_000) / 997)"
            s += "\(r),\(name),\(x),\(Double(bitPattern: 0x3FF0_0000_0000_0000 | (rng.next() >> 12)))" + eol
        }
        return s
    }

    func testBundledWIODTableChunkedEqualsSerial() throws {
        let gz = RepositoryPaths.supplyUseTables.appendingPathComponent("wiod2013/WIOT1995_wiod2013.csv.gz").path
        let path = try write("wiot1995.csv", try readAllBytes(path: gz))
        let serial = try serialRows(path)
        let c = try XCTUnwrap(try CSVChunks(path: path, chunks: 7, minimumChunkBytes: 1 << 16))
        XCTAssertEqual(c.count, 7)
        let chunked = try XCTUnwrap(try chunkedRows(c), "a chunk reported a misplaced cut on a clean file")
        XCTAssertEqual(chunked.count, 1436)
        XCTAssertEqual(chunked, serial)
    }

    func testQuotedLineBreaksMissingValuesAndCRLFChunkedEqualSerial() throws {
        for crlf in [false, true] {
            let path = try write("awkward\(crlf).csv", Array(awkwardText(rows: 3000, crlf: crlf).utf8))
            let serial = try serialRows(path)
            for n in [2, 5, 13] {
                let c = try XCTUnwrap(try CSVChunks(path: path, chunks: n, minimumChunkBytes: 1 << 10))
                XCTAssertEqual(c.count, n)
                let chunked = try XCTUnwrap(try chunkedRows(c), "crlf \(crlf), \(n) chunks")
                XCTAssertEqual(chunked, serial, "crlf \(crlf), \(n) chunks")
            }
            // The line numbers run ahead of the row count: line breaks inside quotes are counted.
            XCTAssertGreaterThan(Int(serial.last?.split(separator: ":").first ?? "") ?? 0, 3001)
        }
    }

    func testBOMAndLastRowWithoutLineEnd() throws {
        var text = awkwardText(rows: 2000, crlf: false)
        text.removeLast()
        let path = try write("bom.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let c = try XCTUnwrap(try CSVChunks(path: path, chunks: 4, minimumChunkBytes: 1 << 10))
        XCTAssertEqual(try chunkedRows(c), try serialRows(path))
        XCTAssertTrue(try chunkedRows(c)?.first?.hasPrefix("1:id\u{1F}") ?? false)
    }

    func testStrayQuoteInAnUnquotedFieldIsReportedNotUsed() throws {
        // A quote inside an unquoted field (read as a plain byte) breaks the quote parity that places the cuts.
        var text = "a,b\n1,ab\"c\n"
        text += awkwardText(rows: 3000, crlf: false).split(separator: "\n", maxSplits: 1)[1]
        let path = try write("stray.csv", Array(text.utf8))
        let c = try XCTUnwrap(try CSVChunks(path: path, chunks: 6, minimumChunkBytes: 1 << 10))
        XCTAssertFalse(try c.forEachRow(chunk: 0) { _ in }, "the chunk holding the stray quote must say so")
    }

    func testOldMacLineEndsAreReported() throws {
        // Rows ended by a bare CR: the line feeds (here one per ten rows) do not count the lines.
        var text = "a,b\n"
        for r in 0..<4000 { text += "\(r),\(r * 3)" + (r % 10 == 0 ? "\n" : "\r") }
        let path = try write("mac.csv", Array(text.utf8))
        let c = try XCTUnwrap(try CSVChunks(path: path, chunks: 3, minimumChunkBytes: 1 << 10))
        XCTAssertNil(try chunkedRows(c))
    }

    func testCompressedSmallAndOneRowFilesAreLeftToTheSerialReader() throws {
        let text = awkwardText(rows: 3000, crlf: false)
        let path = try write("p.csv", Array(text.utf8))
        XCTAssertNil(try CSVChunks(path: try Gzip.compress(path), chunks: 4, minimumChunkBytes: 1 << 10))
        XCTAssertNil(try CSVChunks(path: path, chunks: 4, minimumChunkBytes: text.utf8.count))
        XCTAssertNil(try CSVChunks(path: path, chunks: 1, minimumChunkBytes: 1 << 10))
        let one = try write("one.csv", Array(("h," + String(repeating: "x", count: 5000) + "\n").utf8))
        XCTAssertNil(try CSVChunks(path: one, chunks: 4, minimumChunkBytes: 1 << 10))
        XCTAssertThrowsError(try CSVChunks(path: dir.appendingPathComponent("missing.csv").path, chunks: 4)) { e in
            XCTAssertTrue(e is InputError)
        }
    }
}
