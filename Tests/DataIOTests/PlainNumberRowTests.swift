import DataIO
import XCTest

/// `parsePlainNumberRow` (the fused scan-and-parse of the parallel CSV reader): a row it accepts has the fields a
/// CSV scan finds and each number bit for bit what `parseNumber` gives for its field; any other row is declined.
final class PlainNumberRowTests: XCTestCase {
    /// The row parsed with `count` cells: the index past it and the cells, or nil.
    func parse(_ text: String, count: Int, delimiter: UInt8 = UInt8(ascii: ",")) -> (next: Int, cells: [Double])? {
        var bytes = Array(text.utf8)
        let n = bytes.count
        bytes.append(0)  // a byte past the end, never read as part of the row
        return bytes.withUnsafeBufferPointer { b -> (Int, [Double])? in
            guard let base = b.baseAddress else { return nil }
            var cells = [Double](repeating: .nan, count: max(1, count))
            let next = cells.withUnsafeMutableBufferPointer { c in
                parsePlainNumberRow(base, from: 0, to: n, delimiter: delimiter, count: count, into: c.baseAddress!)
            }
            return next.map { ($0, Array(cells.prefix(count))) }
        }
    }

    func value(_ field: String) -> Double? {
        if case .value(let v) = parseNumber(field) { return v }
        return nil
    }

    static let plain = ["0", "-0", "+3.", ".5", "-.5e-3", "1E5", "1e+05", "12.5", "007", "0.1", 
                        "3.141592653589793", "-1.0000000000000002", "123456789012345678",
                        "0.000000000000000000000000001234", "1e-300", "2.5e22", "4.35"]
    static let declined = ["", "NA", ".", "-", "+", "e5", "1e", "1e+", "1e5e", " 1", "1 ", "\"1\"", "1.2.3", "--1", "0x10",
                           "inf", "nan", "1,5", "12345678901234567890123", "1e400", "4.9e-324", "abc", "1d5"]

    func testPlainNumbersAreParsedAsParseNumberParsesThem() throws {
        for a in Self.plain {
            for b in Self.plain {
                let row = "\(a),\(b)\n"
                let r = try XCTUnwrap(parse(row, count: 2), row)
                XCTAssertEqual(r.next, row.utf8.count, row)
                XCTAssertEqual(r.cells.map(\.bitPattern), [try XCTUnwrap(value(a)), try XCTUnwrap(value(b))].map(\.bitPattern), row)
            }
        }
    }

    func testEverythingElseIsDeclinedOrAgrees() {
        for bad in Self.declined {
            for (row, count) in [("\(bad),1\n", 2), ("1,\(bad)\n", 2), ("\(bad)\n", 1)] {
                if let r = parse(row, count: count) {
                    // Only a field that is a plain number by itself may pass (none of these should).
                    XCTFail("accepted \(row.debugDescription) as \(r.cells)")
                }
            }
        }
    }

    func testLineEndsAndFieldCounts() {
        XCTAssertEqual(parse("1,2\r\n", count: 2)?.next, 5)
        XCTAssertEqual(parse("1,2\n3,4\n", count: 2)?.next, 4)
        XCTAssertEqual(parse("1,2", count: 2)?.next, 3)       // the last row without a line end
        XCTAssertNil(parse("1,2\r", count: 2))                // a bare CR: the scanner decides
        XCTAssertNil(parse("1,2\rx", count: 2))
        XCTAssertNil(parse("1\n", count: 2))                  // too few fields
        XCTAssertNil(parse("1,2,3\n", count: 2))              // too many
        XCTAssertNil(parse("1,\n", count: 2))                 // an empty last field is missing, not a number
        XCTAssertNil(parse("\n", count: 1))                   // a blank line
        XCTAssertEqual(parse("1;2\n", count: 2, delimiter: UInt8(ascii: ";"))?.cells, [1, 2])
        XCTAssertEqual(parse("1\t-2\n", count: 2, delimiter: 0x09)?.cells, [1, -2])
        XCTAssertTrue(isPlainNumberDelimiter(UInt8(ascii: ",")))
        for d in Array("0123456789.+-eE\"".utf8) + [0x0A, 0x0D] { XCTAssertFalse(isPlainNumberDelimiter(d), "\(d)") }
    }

    /// Random decimals (digits, points, signs, exponents, stray characters): accepted ones equal `parseNumber`.
    func testRandomFieldsAgreeWithParseNumber() {
        var rng = SplitMix64(seed: 2026_12_03)
        let alphabet = Array("0123456789012345678901234567890123456789.eE+-x ".utf8)
        var accepted = 0
        for _ in 0..<50_000 {
            let length = 1 + Int(rng.next() % 26)
            let field = String(decoding: (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            guard let r = parse(field + ",7\n", count: 2) else { continue }
            accepted += 1
            XCTAssertEqual(r.cells[0].bitPattern, value(field)?.bitPattern, field)
            XCTAssertEqual(r.cells[1], 7)
        }
        XCTAssertGreaterThan(accepted, 1_000)
    }
}
