import DataIO
@testable import IOTables
import Foundation
import XCTest

/// Tables whose values would overflow a sum (issue 14) are refused naming their largest cells, in every format;
/// groupings of many groups are read in linear time.
final class OverflowAndScaleTests: XCTestCase {
    /// `text` with field `field` (1-based) of line `line` (1-based) replaced by `value`.
    static func replacing(_ text: String, _ cells: [(line: Int, field: Int)], with value: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for (line, field) in cells {
            var f = lines[line - 1].components(separatedBy: ",")
            f[field - 1] = value
            lines[line - 1] = f.joined(separator: ",")
        }
        return lines.joined(separator: "\n")
    }

    func testWideTablesWithCellsAddingUpPastTheLimitAreRefusedNamingThem() throws {
        let icio = ICIOReaderTests.icio(regions: ["BEL", "FRA", "ROW"])
        // Column BEL_A01_02 (field 2) of rows 2 and 5: 2e308, infinite.
        let path = try TestFiles.write(Self.replacing(icio, [(2, 2), (5, 2)], with: "1e308"), name: "ICIO2011.csv")
        XCTAssertThrowsError(try ICIOReader.read(path: path)) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.line, 2)
            XCTAssertEqual(e?.column, 2)
            XCTAssertTrue(e?.message.contains("the table's cells add up to more than 1e300 in absolute value (the largest: 1e+308 at line 2 column 2 (BEL_A01_02 -> BEL_A01_02), 1e+308 at line 5 column 2") ?? false,
                          e?.message ?? "")
        }
        // One such cell alone is a finite sum: accepted.
        let one = try TestFiles.write(Self.replacing(icio, [(2, 2)], with: "1e299"), name: "ICIO2011.csv")
        XCTAssertNoThrow(try ICIOReader.read(path: one))
        // Split parts of one country whose merged cell would overflow.
        let split = ICIOReaderTests.icio(regions: ["BEL", "CN1", "CN2"])
        let s = try TestFiles.write(Self.replacing(split, [(4, 2), (6, 2)], with: "1.5e308"), name: "ICIO2011.csv")
        XCTAssertThrowsError(try ICIOReader.read(path: s))
        // WIOD: a final-demand cell and an output.
        let wiod = try TestFiles.write(Self.replacing(TestFiles.small, [(2, 6), (3, 8)], with: "-1e308"), name: "WIOT2001.csv")
        XCTAssertThrowsError(try WIODReader.read(path: wiod)) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("-1e+308 at line 2 column 6 (HOM_c1 -> HOM_CONS)") ?? false, "\(e)")
        }
    }

    func testTheMagnitudeCheckLeavesOrdinaryTablesAlone() throws {
        // Many 15-digit numbers take the fast path and count as 1e15 each: far below the limit.
        let big = ICIOReaderTests.icio(regions: ["BEL", "FRA"], value: { _, _ in 999_999_999_999_999 })
        XCTAssertNoThrow(try ICIOReader.read(path: try TestFiles.write(big, name: "ICIO2011.csv")))
        let (t, _) = try WIODReader.read(path: try TestFiles.write(Self.replacing(TestFiles.small, [(2, 2)], with: "1.5e250"), name: "WIOT2001.csv"))
        XCTAssertEqual(t.intermediate[0], 1.5e250)
    }

    func testTallyKeepsTheLargestCellsInAStableOrder() {
        var t = TableMagnitudes.Tally()
        for (v, line) in [(2e299, 9), (-5e299, 4), (2e299, 3), (1, 1), (3e299, 8)] { t.add(v, line: line, column: 1, label: "") }
        XCTAssertTrue(t.exceeded)
        XCTAssertTrue(t.error(file: "f", what: "x").message.contains("(the largest: -5e+299 at line 4 column 1, 3e+299 at line 8 column 1, 2e+299 at line 3 column 1)"),
                      t.error(file: "f", what: "x").message)
    }

    func testTenThousandGroupsAreReadInLinearTime() throws {
        var codes: [String] = []
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        outer: for a in letters { for b in letters { for c in letters {
            codes.append(String([a, b, c]))
            if codes.count == 10_000 { break outer }
        } } }
        var text = "[grouping]\nname = \"many\"\n"
        for (k, code) in codes.enumerated() { text += "\n[[group]]\nname = \"G\(k)\"\nregions = [\"\(code)\"]\n" }
        let path = try TestFiles.write(text, name: "many.toml")
        let start = Date()
        let g = try Grouping.load(path: path)
        XCTAssertEqual(g.groups.count, 10_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        // Errors still name the line, found only when needed.
        let last = try XCTUnwrap(codes.last)
        let bad = try TestFiles.write(text.replacingOccurrences(of: "\"\(last)\"", with: "\"\(last.lowercased())\""), name: "many.toml")
        XCTAssertThrowsError(try Grouping.load(path: bad)) { e in
            XCTAssertEqual((e as? InputError)?.line, 6 + 4 * 9_999)
        }
    }
}
