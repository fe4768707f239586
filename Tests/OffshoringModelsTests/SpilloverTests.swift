import Econometrics
import Foundation
@testable import OffshoringModels
import XCTest

/// Spillovers both ways without the industry itself (issue 20), worked by hand on three industries and two years:
/// backward (suppliers' offshoring, the share of j in i's domestic inputs), forward (customers' offshoring, the share
/// of i's domestic intermediate sales going to j), with each year's weights or the first year's.
final class SpilloverTests: XCTestCase {
    // om in % = [10, 20, 30] in year 0 and [10, 40, 30] in year 1 (denominators 10); os in % = [5, 10, 0].
    // Coefficients (user i, supplier j at i*3+j): year 0 rows [0.5 0.3 0.2], [0.1 0.6 0.3], [0.25 0.25 0.5]; year 1 all 1/3.
    // Domestic flows (supplier j to user i at j*3+i): year 0 supplier 0 -> [2 1 1], 1 -> [0 3 1], 2 -> [1 1 2]; year 1 all 1.
    let years: [OffshoringColumns.Year] = [
        OffshoringColumns.Year(width: 1, om: [1, 2, 3], os: [0.5, 1, 0], denominator: [10, 10, 10],
                               coefficients: [0.5, 0.3, 0.2, 0.1, 0.6, 0.3, 0.25, 0.25, 0.5], domestic: [2, 1, 1, 0, 3, 1, 1, 1, 2]),
        OffshoringColumns.Year(width: 1, om: [1, 4, 3], os: [0.5, 1, 0], denominator: [10, 10, 10],
                               coefficients: [Double](repeating: 1.0 / 3, count: 9), domestic: [Double](repeating: 1, count: 9)),
    ]
    let rows = (0..<2).flatMap { y in (0..<3).map { OffshoringColumns.Row(industry: $0, year: y) } }

    func columns(base: Bool) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: OffshoringColumns.compute(years: years, rows: rows, groups: [], baseYearWeights: base).map { ($0.name, $0.values) })
    }

    func assertColumn(_ c: [String: [Double]], _ name: String, _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        guard let got = c[name] else { return XCTFail(name, file: file, line: line) }
        XCTAssertEqual(got.count, expected.count, name, file: file, line: line)
        for (k, (a, b)) in zip(got, expected).enumerated() { XCTAssertEqual(a, b, accuracy: 1e-12, "\(name) row \(k)", file: file, line: line) }
    }

    func testBackwardAndForwardWithoutTheIndustryItself() {
        let c = columns(base: false)
        // Year 0 backward: 0.3*20 + 0.2*30 = 12; 0.1*10 + 0.3*30 = 10; 0.25*10 + 0.25*20 = 7.5. Year 1: the other two / 3.
        assertColumn(c, "om_bwd", [12, 10, 7.5, 70.0 / 3, 40.0 / 3, 50.0 / 3])
        assertColumn(c, "os_bwd", [3, 0.5, 3.75, 10.0 / 3, 5.0 / 3, 5])
        // Year 0 forward: sales of 0 are [2 1 1] (4): 20/4 + 30/4 = 12.5; of 1 [0 3 1]: 30/4 = 7.5; of 2 [1 1 2]: 10/4 + 20/4 = 7.5.
        assertColumn(c, "om_fwd", [12.5, 7.5, 7.5, 70.0 / 3, 40.0 / 3, 50.0 / 3])
        assertColumn(c, "os_fwd", [2.5, 0, 3.75, 10.0 / 3, 5.0 / 3, 5])
        // om_sup keeps the own industry, as before: 0.5*10 + 12 = 17.
        XCTAssertEqual(c["om_sup"]?[0] ?? .nan, 17, accuracy: 1e-12)
    }

    func testBaseYearWeights() {
        let c = columns(base: true)
        // Year 1 with year 0's weights: backward 0.3*40 + 0.2*30 = 18, 0.1*10 + 0.3*30 = 10, 0.25*10 + 0.25*40 = 12.5;
        // forward 40/4 + 30/4 = 17.5, 30/4 = 7.5, 10/4 + 40/4 = 12.5.
        assertColumn(c, "om_bwd", [12, 10, 7.5, 18, 10, 12.5])
        assertColumn(c, "om_fwd", [12.5, 7.5, 7.5, 17.5, 7.5, 12.5])
    }

    /// The real panel's spillovers (WIOD 2013, Belgium, every industry and year) against numpy from the tables and the
    /// independent measures (References/spillover_reference.py), each year's weights and the 1995 weights, to 1e-9.
    func testRealPanelSpilloversAgreeWithNumpy() throws {
        let (panel, _) = try Bundled.realPanel.get()
        var config = try Bundled.realConfig()
        config.spilloverBaseYear = true
        let (basePanel, _) = try PanelBuilder.build(config: config)
        XCTAssertTrue(config.resolvedTOML().contains("spillover_weights = \"base\""))
        let refs = try Bundled.csv(Bundled.reference("spillover_reference.csv"))
        func index(_ p: IndustryPanel) throws -> [String: Int] {
            let ind = try p.data.factor("industry"), year = try p.data.numeric("year")
            var out: [String: Int] = [:]
            for r in 0..<p.data.rowCount { out["\(ind.levels[Int(ind.codes[r])]) \(Int(year[r]))"] = r }
            return out
        }
        let rows = try index(panel), baseRows = try index(basePanel)
        var checked = 0
        for ref in refs {
            guard let i = ref["industry"], let y = ref["year"], let r = rows["\(i) \(y)"], let rb = baseRows["\(i) \(y)"] else {
                XCTFail("\(ref)"); continue
            }
            for (name, p, row, column) in [("om_bwd", panel, r, "om_bwd"), ("os_bwd", panel, r, "os_bwd"), ("om_fwd", panel, r, "om_fwd"),
                                           ("os_fwd", panel, r, "os_fwd"), ("om_bwd_base", basePanel, rb, "om_bwd"),
                                           ("om_fwd_base", basePanel, rb, "om_fwd")] {
                let got = try p.data.numeric(column)[row]
                guard let text = ref[name], let expected = Double(text), expected.isFinite else {
                    XCTAssertTrue(got.isNaN, "\(name) \(i) \(y): \(got)"); continue
                }
                XCTAssertEqual(got, expected, accuracy: 1e-9 * max(1, abs(expected)), "\(name) \(i) \(y)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 6 * 34 * 17)
    }

    func testSpilloverWeightsKeyIsCheckedByName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spillover-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.toml").path
        try "[data]\nspillover_weights = \"first\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EstimateConfig.load(path: path, bundle: Bundled.folder)) { e in
            XCTAssertTrue("\(e)".contains("spillover_weights") && "\(e)".contains("expected current"), "\(e)")
        }
    }
}
