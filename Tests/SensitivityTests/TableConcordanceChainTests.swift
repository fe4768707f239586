import DataIO
import Foundation
import IOTables
import Offshoring
import OffshoringModels
@testable import Sensitivity
import XCTest

/// With `[data] table_concordance` the chain recomputes its variants' offshoring columns through the same
/// aggregation as `PanelBuilder` (`OffshoringColumns`): every kind of variant gives the panel built afresh, bit for bit.
final class TableConcordanceChainTests: XCTestCase {
    func testChainAggregatesVariantsAsThePanelBuilderDoes() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // c3, c4 and c5 (food, textiles, leather) onto c3; every other WIOD industry onto itself.
        let rows = (1...35).map { $0 == 4 || $0 == 5 ? "c\($0),c3" : "c\($0),c\($0)" }
        try ("# test\ntable_code,accounts_code\n" + rows.joined(separator: "\n") + "\n").write(toFile: dir + "/c.csv", atomically: true, encoding: .utf8)
        var config = try EstimateConfig.load(path: try Fixture.writeConfig(in: dir, data: "table_concordance = \"c.csv\""), bundle: Fixture.bundle)
        config.contributions = []
        let chain = try SensitivityChain(config: config, modelNames: [])
        XCTAssertEqual(chain.basePanel.industries.count, 33)
        XCTAssertEqual(chain.basePanel.aggregation?.members.first { $0.count > 1 }, [2, 3, 4])
        var grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output], narrow: [false, true])
        grid.generators = [GroupingGenerator(kind: .move, regions: ["KOR"], to: "OECD")]
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        for v in variants {
            let g = groupings[v.groupingIndex].grouping
            let (reused, built) = try Fixture.reusedAndBuiltPanels(chain, v, grouping: g)
            XCTAssertEqual(reused.data.names, built.data.names)
            XCTAssertEqual(built.industries.count, 33)
            for name in built.data.names where name != "industry" {
                let a = try reused.data.numeric(name), b = try built.data.numeric(name)
                XCTAssertEqual(a.count, b.count, name)
                let same = zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
                XCTAssertTrue(same, "\(v.difference(from: variants[0])): column \(name) differs")
            }
        }
    }
}
