import Foundation
import TestSupport
import XCTest

/// `offshore measure --prices` (issue 20): constant-price measures in CSV against the pandas reference, current and
/// constant prices side by side in the table view, and bad price files refused with exit 2.
final class MeasurePricesTests: XCTestCase {
    static let prices = "SupplyUseTables/prices/BEL_sea2013_go_p.csv"

    func testCSVAtConstantPricesMatchesPandas() throws {
        let r = try CLI.run(["measure", "--years", "2000-2001", "--prices", Self.prices, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("constant prices: every product's imported and domestic intermediate use divided by its price index"))
        // The reference file (Tests/OffshoringTests/References/constant_price_reference.py), nonenergy broad rows of 2000-2001.
        let path = CLI.repositoryRoot.appendingPathComponent("Tests/OffshoringTests/References/BEL_wiod2013_constant_prices_reference.csv.gz").path
        let text = try XCTUnwrap(String(data: try Gzip.decompress(path), encoding: .utf8))
        var expected: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f[0] == "nonenergy", f[1] == "false", ["2000", "2001"].contains(f[4]) else { continue }
            expected[f[3...6].joined(separator: ",")] = Double(f[7])
        }
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count - 1, expected.count)
        for l in lines.dropFirst() {
            let f = l.split(separator: ",").map(String.init)
            guard let e = expected[f[1...4].joined(separator: ",")], let v = Double(f[5]) else { XCTFail("unexpected row \(l)"); continue }
            XCTAssertEqual(v, e, accuracy: 1e-9 * max(1, abs(e)))
        }
    }

    func testTableViewShowsCurrentAndConstantPricesSideBySide() throws {
        let r = try CLI.run(["measure", "--years", "1995-2007", "--prices", Self.prices])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("Offshoring at current and constant prices, BEL, 1995-2007"), r.stdout)
        // Manufacturing om: 41.60 -> 45.21 at current prices (Table 1), 41.60 -> 45.99 at constant 1995 prices.
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("Manufacturing ") })
        XCTAssertEqual(row.split(separator: " ").suffix(7).map(String.init), ["om", "41.60", "45.21", "0.7", "41.60", "45.99", "0.8"])
        XCTAssertTrue(r.stdout.contains("(% of non-energy intermediate inputs), constant prices"))
    }

    func testYearsWithoutIndicesAndBadFilesExitTwo() throws {
        let late = try CLI.run(["measure", "--years", "2010", "--prices", Self.prices])
        XCTAssertEqual(late.status, 2)
        XCTAssertTrue(late.stderr.contains("no price index for product c1 in 2010"), late.stderr)
        XCTAssertTrue(late.stderr.contains("its indices cover 1995-2009"), late.stderr)
        let dir = try TemporaryDirectory.make(prefix: "prices-cli")
        defer { TemporaryDirectory.remove(dir) }
        let bad = dir.appendingPathComponent("p.csv")
        try "product,year,index\nc1,1995,1O0\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["measure", "--years", "1995", "--prices", bad.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("\(bad.path):2:3"), r.stderr)
        let missing = try CLI.run(["measure", "--prices", dir.appendingPathComponent("none.csv").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("none.csv"), missing.stderr)
    }
}
