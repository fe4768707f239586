import DataIO
import Econometrics
import IOTables
import Offshoring
import OffshoringModels
@testable import Sensitivity
import XCTest

/// The chain reuses the baseline panel and replaces only its offshoring columns; that must give exactly the
/// panel `PanelBuilder` builds from the same measures.
final class PanelReuseTests: XCTestCase {
    func testReusedPanelEqualsPanelBuilderForEveryKindOfVariant() throws {
        let chain = try Fixture.chain.get()
        var grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output, .intermediates], narrow: [false, true])
        grid.generators = [GroupingGenerator(kind: .move, regions: ["KOR"], to: "OECD"), GroupingGenerator(kind: .alone, group: "CEE", regions: ["POL"])]
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.count, 18)
        for v in variants where v.position % 5 == 0 || v.position == variants.count - 1 {
            let g = groupings[v.groupingIndex].grouping
            let (reused, built) = try Fixture.reusedAndBuiltPanels(chain, v, grouping: g)
            XCTAssertEqual(reused.data.names, built.data.names)
            XCTAssertEqual(reused.data.rowCount, built.data.rowCount)
            for name in built.data.names where name != "industry" {
                let a = try reused.data.numeric(name), b = try built.data.numeric(name)
                let same = zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
                XCTAssertTrue(same, "\(v.difference(from: variants[0])): column \(name) differs")
            }
            XCTAssertEqual(try reused.data.factor("industry").codes, try built.data.factor("industry").codes)
        }
    }
}
