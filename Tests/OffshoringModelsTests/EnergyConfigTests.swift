import DataIO
import Foundation
import IOTables
import Offshoring
import OffshoringModels
import TestSupport
import XCTest

/// `[data] energy` in an estimate config (issue 20): which products count as energy, mining and quarrying in or out.
final class EnergyConfigTests: XCTestCase {
    func write(_ data: String) throws -> String {
        let dir = try TemporaryDirectory.make(prefix: "energy-config")
        let p = dir.appendingPathComponent("estimate.toml").path
        try ("[data]\nyears = \"2007\"\n" + data).write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testEnergyIsReadResolvedAndRefusedWhenUnknown() throws {
        let c = try EstimateConfig.load(path: try write("energy = \"without_mining\"\n"), bundle: Bundled.folder)
        XCTAssertEqual(c.energy, .withoutMining)
        XCTAssertTrue(c.resolvedTOML().contains("\nenergy = \"without_mining\"\n"), c.resolvedTOML())
        let plain = try EstimateConfig.load(path: try write(""), bundle: Bundled.folder)
        XCTAssertNil(plain.energy)
        XCTAssertFalse(plain.resolvedTOML().contains("energy ="), "a config without the key resolves to the text of before")
        let bad = try write("energy = \"coal\"\n")
        XCTAssertThrowsError(try EstimateConfig.load(path: bad, bundle: Bundled.folder)) { e in
            let err = e as? InputError
            XCTAssertEqual(err?.key, "data.energy")
            XCTAssertEqual(err?.line, 3)
            XCTAssertTrue(err?.message.contains("expected with_mining") ?? false, "\(e)")
        }
    }

    /// The panel's measures follow the config's choice: manufacturing om in 2007 is the 41.20 without mining
    /// (the pandas reference's 41.19906816849799) and 45.21 with it, and they record their energy products.
    func testThePanelsMeasuresFollowTheChoice() throws {
        for (energy, om, products) in [("without_mining", 41.19906816849799, ["c8", "c17"]), ("with_mining", 45.211380268292416, ["c2", "c8", "c17"])] {
            let (panel, _) = try PanelBuilder.build(config: try EstimateConfig.load(path: try write("energy = \"\(energy)\"\n"), bundle: Bundled.folder))
            let y = try XCTUnwrap(panel.measures.first)
            XCTAssertEqual(y.energyProducts, products)
            let m = try XCTUnwrap(y.aggregates.first { $0.unit == "manufacturing" })
            XCTAssertEqual(try XCTUnwrap(m.sums.percent(.om, origin: 0)), om, accuracy: 1e-12, energy)
        }
    }
}
