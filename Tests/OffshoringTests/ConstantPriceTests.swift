import DataIO
import Foundation
import IOTables
@testable import Offshoring
import XCTest
import TestSupport

/// Offshoring at constant prices (issue 20): price indices by product (`ProductPrices`) deflate a country's use before
/// the measures are computed; by hand on a two-product table, against an independent pandas computation on the real
/// Belgian tables, and bad price files named by file, line and column.
final class ConstantPriceTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "prices") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func write(_ text: String, _ name: String = "prices.csv") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// Country HOM (regions HOM, FOR), products m (manufactured) and s (business services), industries m and s; year 2000.
    /// Column m: domestic m 10, s 6; imported m 20, s 4. Column s: domestic m 2, s 30; imported m 3, s 5.
    func use() throws -> CountryUse {
        // Matrices are products x industries (row j, column i at j * 2 + i); imported by region (HOM's slice zero).
        let domestic: [Double] = [10, 2, 6, 30], importedTotal: [Double] = [20, 3, 4, 5]
        let total = zip(domestic, importedTotal).map { $0 + $1 }
        return try CountryUse(country: "HOM", year: 2000, products: ["m", "s"], industries: ["m", "s"], regions: ["HOM", "FOR"],
                              countryIndex: 0, total: total, importedTotal: importedTotal, imported: [0, 0, 0, 0] + importedTotal,
                              output: [100, 80], source: "hand-made", originMethod: "direct", domestic: domestic)
    }

    func classification() throws -> Classification {
        try Classification(categories: [("m", .manufactured), ("s", .businessServices)],
                           aggregates: [IndustryAggregate(name: "all", label: "All", industries: ["m", "s"])])
    }

    func testByHandOnATwoProductTable() throws {
        // m's imports at 80 (imports got cheaper), its domestic use at 125; s at 200 for both flows.
        let prices = try ProductPrices(path: try write("""
        # hand-made
        product,year,index,flow
        m,2000,80,imported
        m,2000,125,domestic
        s,2000,200,all
        """))
        let d = try prices.deflated(try use())
        XCTAssertEqual(d.importedTotal, [25, 3.75, 2, 2.5])
        XCTAssertEqual(d.domestic, [8, 1.6, 3, 15])
        XCTAssertEqual(d.total, [33, 5.35, 5, 17.5])
        XCTAssertEqual(d.intermediateInputs, [38, 22.85])
        XCTAssertEqual(Array(d.imported[4...]), [25, 3.75, 2, 2.5])
        XCTAssertEqual(d.output, [80, 40], "output by the industry's own product's domestic index")
        let grouping = try Grouping(aliases: [:], groups: [RegionGroup(name: "F", regions: ["FOR"])])
        let y = try OffshoringMeasures.compute(use: d, country: "HOM", classification: classification(), grouping: grouping,
                                               denominator: .intermediates, narrow: false)
        let m = try XCTUnwrap(y.units.first { $0.unit == "m" }), all = try XCTUnwrap(y.units.first { $0.unit == "all" })
        // om of m: 25 / (33 + 5) = 65.789...%; os of m: 2 / 38; the aggregate: ratios of sums (25 + 3.75) / (38 + 22.85).
        XCTAssertEqual(try XCTUnwrap(m.sums.percent(.om, origin: 0)), 100 * 25 / 38, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(m.sums.percent(.os, origin: 1)), 100 * 2 / 38, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(all.sums.percent(.om, origin: 0)), 100 * 28.75 / 60.85, accuracy: 1e-12)
        // At current prices om of m is 20 / 40: constant prices raise it when imports got relatively cheaper.
        XCTAssertGreaterThan(100 * 25 / 38, 100 * 20 / 40.0)
    }

    func testEveryBelgianValueAgreesWithPandasAtConstantPrices() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("References/BEL_wiod2013_constant_prices_reference.csv.gz").path
        var expected: [String: Double] = [:]
        var header = true
        try CSVReader(path: path).forEachRow { row in
            if header { header = false; return }
            if row.isBlank { return }
            expected[[0, 1, 3, 4, 5, 6].map { row.string($0) }.joined(separator: ",")] = try row.double(7)
        }
        XCTAssertEqual(expected.count, 26160)
        let sut = RepositoryPaths.supplyUseTables
        let prices = try ProductPrices(path: sut.appendingPathComponent("prices/BEL_sea2013_go_p.csv").path)
        XCTAssertEqual(prices.coveredYears(["c1", "c17", "c35"]), Array(1995...2009))
        let classification = try Classification.load(path: sut.appendingPathComponent("classifications/wiod2013.toml").path)
        let grouping = try Grouping.load(path: sut.appendingPathComponent("groupings/default.toml").path)
        let files = try TableFiles.find(sut.appendingPathComponent("wiod2013").path).filter { $0.year <= 2009 }
        let perYear: [[(String, Double)]] = try TableFiles.load(files) { table, _ in
            let use = try prices.deflated(try CountryUse(table: table, country: "BEL"), needsOutput: true)
            return try BelgiumWIODReferenceTests.keyedValues(year: table.year ?? 0) { d, narrow in
                try OffshoringMeasures.compute(use: use, country: "BEL", classification: classification, grouping: grouping,
                                               denominator: d, narrow: narrow)
            }
        }
        var seen = 0, worst = 0.0
        for (key, v) in perYear.joined() {
            guard let e = expected[key] else { XCTFail("not in the reference: \(key)"); continue }
            seen += 1
            worst = max(worst, abs(v - e) / max(1, abs(e)))
            XCTAssertEqual(v, e, accuracy: 1e-9 * max(1, abs(e)), key)
        }
        XCTAssertEqual(seen, expected.count)
        print("BEL WIOD 2013 at constant prices: \(seen) values, largest relative difference \(worst)")
    }

    func testBadPriceFilesNameFileLineAndColumn() throws {
        func error(_ text: String) -> InputError? {
            do { _ = try ProductPrices(path: try write(text)); return nil } catch { return error as? InputError }
        }
        let header = error("product,yr,index\nm,2000,100\n")
        XCTAssertEqual(header?.line, 1)
        XCTAssertTrue(header?.message.contains("product, year and index") ?? false)
        let index = error("product,year,index\nm,2000,100\ns,2000,abc\n")
        XCTAssertEqual(index?.line, 3)
        XCTAssertEqual(index?.column, 3)
        XCTAssertEqual(error("product,year,index\nm,2000,-4\n")?.column, 3)
        XCTAssertEqual(error("product,year,index\nm,20x0,100\n")?.column, 2)
        let flow = error("product,year,index,flow\nm,2000,100,exports\n")
        XCTAssertEqual(flow?.column, 4)
        XCTAssertTrue(flow?.message.contains("expected all, imported or domestic") ?? false)
        let twice = error("product,year,index\nm,2000,100\nm,2000,101\n")
        XCTAssertEqual(twice?.line, 3)
        XCTAssertTrue(twice?.message.contains("first on line 2") ?? false)
        // A used product without an index in the table's year names the file, the product and the year.
        let prices = try ProductPrices(path: try write("product,year,index\nm,2000,100\ns,1999,100\n"))
        XCTAssertThrowsError(try prices.deflated(try use())) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.file, self.dir.appendingPathComponent("prices.csv").path)
            XCTAssertTrue(e?.message.contains("no price index for product s in 2000") ?? false, e?.message ?? "")
        }
    }
}
