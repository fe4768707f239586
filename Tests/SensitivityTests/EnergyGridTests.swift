import DataIO
import Foundation
import IOTables
import Offshoring
import OffshoringModels
@testable import Sensitivity
import XCTest

/// The grid's `energy` dimension (issue 20): which products count as energy, mining and quarrying in or out. Only the
/// nonenergy denominator depends on it, so it multiplies the nonenergy variants only; it rides in the denominator
/// setting (`nonenergy:without_mining`) and in the id, and a grid without it keeps its ids and rows.
final class EnergyGridTests: XCTestCase {
    /// The fixture's chain with the flows of both energy choices.
    static let chain: Result<SensitivityChain, Error> = Result {
        try SensitivityChain(config: try Fixture.shared.get().config, modelNames: [], energyChoices: [.withMining, .withoutMining])
    }

    func energyGrid() -> SensitivityGrid {
        var grid = SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output])
        grid.energy = ["with_mining", "without_mining"]
        return grid
    }

    func testEnergyMultipliesTheNonenergyVariantsOnlyAndRidesInTheDenominator() throws {
        let chain = try Self.chain.get()
        let grid = energyGrid()
        XCTAssertEqual(grid.energyChoices, [.withMining, .withoutMining])
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.map { $0.settings[2].value }, ["nonenergy:with_mining", "nonenergy:without_mining", "output"])
        XCTAssertEqual(Set(variants.map(\.id)).count, 3)
        XCTAssertEqual(variants[1].difference(from: variants[0]), "denominator=nonenergy:without_mining")
        // The output variant is the grid without energy's output variant: same id, same settings.
        let plain = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x", denominators: [.nonenergy, .output]), groupings: groupings)
        XCTAssertEqual(plain.map { $0.settings[2].value }, ["nonenergy", "output"])
        XCTAssertEqual(variants[2].id, plain[1].id)
        XCTAssertEqual(variants[2].settings.map(\.value), plain[1].settings.map(\.value))
        XCTAssertNotEqual(variants[0].id, plain[0].id, "an explicit energy choice is a setting of its own")
        // Ids are those of makeID: without energy, the text of before.
        XCTAssertEqual(plain[0].id, Variant.makeID(grouping: groupings[0], period: .model, denominator: .nonenergy, narrow: false,
                                                   sample: .model, estimator: .model, vcov: .model))
        // An exclusion on the denominator matches both energy choices; counting them counts every nonenergy variant.
        var g = grid
        g.exclusions = [GridExclusion(settings: ["denominator": ["nonenergy"]], models: ["production"], reason: "test")]
        XCTAssertTrue(g.exclusions[0].excludes("production", in: variants[1]))
        XCTAssertFalse(g.exclusions[0].excludes("production", in: variants[2]))
        XCTAssertEqual(g.leftOut(models: ["production", "skill_share"], groupings: 1).map(\.runs), [2])
    }

    /// A without_mining variant gives what `offshore estimate` gives with `[data] energy = "without_mining"`; a
    /// with_mining variant what it gives by default (the bundled classification's own choice), bit for bit.
    func testEnergyVariantsEqualFreshEstimatesWithTheConfigsEnergy() throws {
        let chain = try Self.chain.get()
        let grid = energyGrid()
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        for (k, energy) in [(0, EnergyProducts.withMining), (1, .withoutMining)] {
            let o = chain.run(variants[k], grouping: groupings[0].grouping)
            XCTAssertTrue(o.failures.isEmpty, "\(o.failures)")
            var config = try Fixture.shared.get().config
            config.energy = energy
            let fresh = try SensitivityChain(config: config, modelNames: [])
            let f = fresh.run(VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x"), groupings: try fresh.groupings(for: SensitivityGrid(baseConfig: "x")))[0],
                              grouping: groupings[0].grouping)
            XCTAssertEqual(o.rows.count, f.rows.count)
            XCTAssertGreaterThan(o.rows.count, 10)
            for (x, y) in zip(o.rows, f.rows) {
                XCTAssertEqual("\(x.model) \(x.term)", "\(y.model) \(y.term)")
                XCTAssertEqual(x.estimate, y.estimate, accuracy: 1e-12 * max(1, abs(y.estimate)), "\(energy) \(x.model) \(x.term)")
                XCTAssertEqual(x.stdError, y.stdError, accuracy: 1e-12 * max(1, abs(y.stdError)), "\(energy) \(x.model) \(x.term)")
            }
        }
        // And the choice matters: om's estimate moves.
        let a = chain.run(variants[0], grouping: groupings[0].grouping), b = chain.run(variants[1], grouping: groupings[0].grouping)
        XCTAssertNotEqual(a.rows.first { $0.model == "production" && $0.term == "om" }?.estimate,
                          b.rows.first { $0.model == "production" && $0.term == "om" }?.estimate)
        // The panel's om under without_mining is the measures' with the classification's mining moved to other.
        let columns = try chain.offshoringColumns(variants[1], grouping: groupings[0].grouping)
        let withoutClassification = try chain.classification.choosingEnergy(.withoutMining)
        let measured = try OffshoringMeasures.compute(flows: try OffshoringFlows(use: try XCTUnwrap(Self.use1995(chain)), classification: withoutClassification,
                                                                                  narrow: false),
                                                      country: "BEL", classification: withoutClassification, grouping: chain.baseGrouping,
                                                      denominator: .nonenergy)
        let om = try XCTUnwrap(columns.first { $0.name == "om" }).values
        let industry = try chain.basePanel.data.factor("industry"), year = try chain.basePanel.data.numeric("year")
        var compared = 0
        for r in 0..<chain.basePanel.data.rowCount where year[r] == 1995 {
            let code = industry.levels[Int(industry.codes[r])]
            guard let u = measured.industries.first(where: { $0.unit == code }), let v = u.sums.percent(.om, origin: 0) else { continue }
            XCTAssertEqual(om[r], v, accuracy: 1e-12 * max(1, abs(v)), code)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 30)
    }

    /// Belgium's 1995 use from the bundled tables.
    static func use1995(_ chain: SensitivityChain) throws -> CountryUse? {
        let set = try TableSet(config: chain.config)
        return try set.load(country: "BEL", canonical: { $0 }) { use, _ in use }.first
    }

    func testGridReadsEnergyAndRefusesOtherValues() throws {
        let dir = try Fixture.temporaryDirectory()
        func load(_ grid: String) throws -> SensitivityGrid {
            let path = dir + "/grid.toml"
            try ("[base]\nconfig = \"x.toml\"\n\n[grid]\n" + grid + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return try SensitivityGrid.load(path: path, bundle: Fixture.bundle)
        }
        XCTAssertEqual(try load("energy = [\"with_mining\", \"without_mining\"]").energy.map(\.text), ["with_mining", "without_mining"])
        XCTAssertEqual(try load("vcov = [\"model\"]").energy.map(\.text), ["model"])
        XCTAssertEqual(try load("energy = [\"without_mining\"]\ndenominators = [\"output\"]").energyChoices, [])
        XCTAssertThrowsError(try load("energy = [\"with_mining\", \"coal\"]")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("energy") && text.contains("expected with_mining") && text.contains("grid.toml:5"), text)
        }
    }

    func testTheDefaultGridHasBothChoices() throws {
        let g = try SensitivityGrid.load(path: Fixture.bundle + "/config/sensitivity-default.toml", bundle: Fixture.bundle)
        XCTAssertEqual(g.energy.map(\.text), ["with_mining", "without_mining"])
        XCTAssertEqual(g.denominatorChoices.map { Variant.denominatorText($0.denominator, energy: $0.energy) },
                       ["nonenergy:with_mining", "nonenergy:without_mining", "output"])
    }
}
