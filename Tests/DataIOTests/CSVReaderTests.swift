import Foundation
import XCTest
@testable import DataIO
import TestSupport

/// The streaming CSV reader on the awkward corners of real files.
final class CSVReaderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory.make(prefix: "dataio")
    }

    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    func rows(_ path: String, bufferSize: Int = 1 << 20) throws -> [[String]] {
        var out: [[String]] = []
        try CSVReader(path: path, bufferSize: bufferSize).forEachRow { row in
            out.append((0..<row.count).map { row.string($0) })
        }
        return out
    }

    func testQuotesCommasDoubledQuotesCRLFAndBOM() throws {
        let p = try write("a.csv", [0xEF, 0xBB, 0xBF] + Array("name,note\r\n\"Smith, J.\",\"said \"\"hi\"\"\"\r\nplain,\r\n".utf8))
        XCTAssertEqual(try rows(p), [["name", "note"], ["Smith, J.", "said \"hi\""], ["plain", ""]])
    }

    func testLastLineWithoutNewlineAndBlankLines() throws {
        let p = try write("b.csv", "a,b\n\n1,2")
        let r = try rows(p)
        XCTAssertEqual(r, [["a", "b"], [""], ["1", "2"]])
    }

    func testLineNumbersCountNewlinesInsideQuotes() throws {
        let p = try write("c.csv", "h1,h2\n\"multi\nline\",1\nx,oops\n")
        var lines: [Int] = []
        var error: InputError?
        do {
            try CSVReader(path: p).forEachRow { row in
                lines.append(row.line)
                if row.line > 1 { _ = try row.double(1) }
            }
        } catch let e as InputError { error = e }
        XCTAssertEqual(lines, [1, 2, 4])
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(error?.file, p)
        XCTAssertTrue(error?.description.contains("expected a number") ?? false, "\(String(describing: error))")
    }

    func testUnterminatedQuoteIsAnError() throws {
        let p = try write("d.csv", "a,b\n1,\"open\n2,3\n")
        XCTAssertThrowsError(try rows(p)) { e in
            guard let ie = e as? InputError else { return XCTFail("\(e)") }
            XCTAssertEqual(ie.line, 2)
            XCTAssertTrue(ie.message.contains("unterminated"))
        }
    }

    func testRowsLongerThanTheBufferAndSplitAcrossRefills() throws {
        let wide = (0..<500).map { "\($0 * 7).25" }.joined(separator: ",")
        let text = (0..<50).map { _ in wide }.joined(separator: "\n") + "\n"
        let p = try write("e.csv", text)
        var sum = 0.0
        var count = 0
        try CSVReader(path: p, bufferSize: 64).forEachRow { row in
            XCTAssertEqual(row.count, 500)
            for i in 0..<row.count { sum += try row.double(i) }
            count += 1
        }
        XCTAssertEqual(count, 50)
        let expected = 50.0 * (0..<500).reduce(0.0) { $0 + Double($1 * 7) + 0.25 }
        XCTAssertEqual(sum, expected)
    }

    func testMissingMarkers() throws {
        let p = try write("f.csv", "x,NA,.,,\"\",0\n")
        try CSVReader(path: p).forEachRow { row in
            XCTAssertEqual((0..<row.count).map { row.isMissing($0) }, [false, true, true, true, true, false])
        }
    }

    func testGzipIsReadTransparentlyAndTruncationIsReported() throws {
        let text = (0..<2000).map { "r\($0),\($0),\(Double($0) / 8)" }.joined(separator: "\n") + "\n"
        let plain = try write("g.csv", text)
        let gz = try Gzip.compress(plain)
        XCTAssertEqual(try rows(gz), try rows(plain))
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        let cut = try write("cut.csv.gz", Array(bytes.prefix(bytes.count * 2 / 3)))
        XCTAssertThrowsError(try rows(cut)) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("truncated gzip") ?? false, "\(e)")
        }
        var corrupt = bytes
        corrupt[bytes.count / 2] ^= 0xFF
        corrupt[bytes.count / 2 + 1] ^= 0xFF
        let bad = try write("bad.csv.gz", corrupt)
        XCTAssertThrowsError(try rows(bad))
    }

    func testMissingFileNamesTheFile() {
        XCTAssertThrowsError(try CSVReader(path: dir.appendingPathComponent("nope.csv").path)) { e in
            XCTAssertTrue("\(e)".contains("nope.csv"))
            XCTAssertTrue("\(e)".contains("cannot open"))
        }
    }

    func testInvalidUTF8TextIsLocated() throws {
        let p = try write("t.txt", Array("ok\nalso ok\n".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        XCTAssertThrowsError(try readText(path: p)) { e in
            XCTAssertEqual((e as? InputError)?.line, 3)
        }
    }
}
