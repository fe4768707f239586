import DataIO
import Foundation
import IOTables
import OffshoringModels
@testable import Sensitivity
import TestSupport
import XCTest

/// The grid's `prices = ["current", "constant"]` dimension (issue 20): `current` alone keeps a grid's variant ids and
/// rows bit for bit, a constant-price variant equals a fresh `estimate` whose models say `prices = "constant"`, and bad
/// values and impossible combinations are refused naming `grid.prices`.
final class PricesGridTests: XCTestCase {
    static var pricesFile: String { Fixture.bundle + "/prices/BEL_sea2013_go_p.csv" }

    /// The fixture's config with `[data] prices`.
    static func config() throws -> EstimateConfig {
        var c = try Fixture.shared.get().config
        c.prices = pricesFile
        return c
    }

    /// The fixture's chain with each year's flows at constant prices too.
    static let chain: Result<SensitivityChain, Error> = Result {
        try SensitivityChain(config: try config(), modelNames: [], constantPrices: true)
    }

    func pricesGrid(_ chain: SensitivityChain, _ prices: [Bool]) throws -> (variants: [Variant], groupings: [NamedGrouping]) {
        var grid = SensitivityGrid(baseConfig: "x")
        grid.prices = prices
        try chain.validate(grid)
        let groupings = try chain.groupings(for: grid)
        return (VariantSpace.expand(grid: grid, groupings: groupings), groupings)
    }

    func testCurrentAloneKeepsTheIdsAndRowsOfAGridWithoutPrices() throws {
        let plain = try Fixture.chain.get()
        let without = try Fixture.smallGrid()
        var current = without
        current.prices = [false]
        let groupings = try plain.groupings(for: without)
        let a = VariantSpace.expand(grid: without, groupings: groupings), b = VariantSpace.expand(grid: current, groupings: groupings)
        XCTAssertEqual(a.count, 12)
        XCTAssertEqual(a, b)
        for (x, y) in zip(a, b) {
            let rx = plain.run(x, grouping: groupings[x.groupingIndex].grouping), ry = plain.run(y, grouping: groupings[y.groupingIndex].grouping)
            XCTAssertEqual(rx.rows, ry.rows)
            XCTAssertEqual(x.settings.map(\.value), y.settings.map(\.value))
        }
        // The chain loaded with constant-price flows gives the current-price variants the same rows as one without.
        let chain = try Self.chain.get()
        let (variants, cg) = try pricesGrid(chain, [false, true])
        XCTAssertEqual(variants.count, 2)
        let old = VariantSpace.expand(grid: SensitivityGrid(baseConfig: "x"), groupings: try plain.groupings(for: SensitivityGrid(baseConfig: "x")))
        XCTAssertEqual(variants[0].id, old[0].id)
        let r0 = chain.run(variants[0], grouping: cg[0].grouping), p0 = plain.run(old[0], grouping: cg[0].grouping)
        XCTAssertTrue(r0.failures.isEmpty, "\(r0.failures)")
        XCTAssertEqual(r0.rows, p0.rows)
        // Read from a grid file: `prices = ["current"]` is the grid without the key.
        let dir = try Fixture.temporaryDirectory()
        let path = dir + "/grid.toml"
        try "[base]\nconfig = \"x.toml\"\n\n[grid]\nprices = [\"current\"]\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try SensitivityGrid.load(path: path, bundle: Fixture.bundle).prices, [false])
    }

    func testConstantVariantEqualsAFreshEstimateAtConstantPrices() throws {
        let chain = try Self.chain.get()
        let (variants, groupings) = try pricesGrid(chain, [false, true])
        let v = variants[1]
        XCTAssertTrue(v.constantPrices)
        XCTAssertNotEqual(v.id, variants[0].id)
        XCTAssertEqual(v.settings[3].value, "broad:constant")
        XCTAssertEqual(v.difference(from: variants[0]), "offshoring=broad:constant")
        let o = chain.run(v, grouping: groupings[0].grouping)
        XCTAssertTrue(o.failures.isEmpty, "\(o.failures)")
        // The same models with prices = "constant", through offshore estimate's path.
        var config = try Self.config()
        for k in config.models.indices { config.models[k].constantPrices = true }
        let run = try EstimateRun.execute(config: config)
        var compared = 0
        for out in run.outcomes {
            var reference: [String: (Double, Double)] = [:]
            switch out.estimate {
            case .single(let r): for k in r.terms.indices { reference[r.terms[k]] = (r.estimates[k], r.standardErrors[k]) }
            case .system(let s): for c in s.fit.coefficients { reference[c.name] = (c.estimate, c.stdError) }
            case .gmm(let g): for k in g.names.indices { reference[g.names[k]] = (g.coefficients[k], g.standardErrors[k]) }
            }
            let mine = o.rows.filter { $0.model == out.spec.name }
            XCTAssertEqual(mine.count, reference.count, out.spec.name)
            for r in mine {
                guard let ref = reference[r.term] else { XCTFail("\(out.spec.name): no term \(r.term)"); continue }
                XCTAssertEqual(r.estimate, ref.0, accuracy: 1e-12 * max(1, abs(ref.0)), "\(out.spec.name) \(r.term)")
                XCTAssertEqual(r.stdError, ref.1, accuracy: 1e-12 * max(1, abs(ref.1)), "\(out.spec.name) \(r.term) SE")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 10)
        // Not the current-price baseline: the om coefficient moves.
        let base = chain.run(variants[0], grouping: groupings[0].grouping)
        XCTAssertNotEqual(base.rows.first { $0.model == "production" && $0.term == "om" }?.estimate,
                          o.rows.first { $0.model == "production" && $0.term == "om" }?.estimate)
        // A grouping variant at constant prices is rebuilt from the deflated flows too (the panel of other group names).
        var grid = SensitivityGrid(baseConfig: "x", generators: [GroupingGenerator(kind: .leaveOneOut, group: "CEE", regions: ["POL"])])
        grid.prices = [true]
        try chain.validate(grid)
        let gg = try chain.groupings(for: grid)
        for w in VariantSpace.expand(grid: grid, groupings: gg) {
            XCTAssertTrue(chain.run(w, grouping: gg[w.groupingIndex].grouping).failures.isEmpty)
        }
    }

    func testBadPricesAndImpossibleCombinationsAreRefused() throws {
        let dir = try Fixture.temporaryDirectory()
        let path = dir + "/grid.toml"
        try "[base]\nconfig = \"x.toml\"\n\n[grid]\nprices = [\"current\", \"real\"]\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SensitivityGrid.load(path: path, bundle: Fixture.bundle)) { e in
            let err = e as? InputError
            XCTAssertEqual(err?.key, "grid.prices")
            XCTAssertEqual(err?.file, path)
            XCTAssertEqual(err?.line, 5)
            XCTAssertTrue("\(e)".contains("expected current (the tables' values) or constant"), "\(e)")
        }
        // A base config without [data] prices.
        var grid = SensitivityGrid(path: path, baseConfig: "x")
        grid.prices = [false, true]
        XCTAssertThrowsError(try Fixture.chain.get().validate(grid)) { e in
            XCTAssertEqual((e as? InputError)?.key, "grid.prices")
            XCTAssertTrue("\(e)".contains("add [data] prices = \"file.csv\""), "\(e)")
        }
        // Value-chain measures are at current prices.
        grid.measures = ["om", "vs"]
        XCTAssertThrowsError(try Self.chain.get().validate(grid)) { e in
            XCTAssertTrue("\(e)".contains("grid.prices") && "\(e)".contains("separate grids"), "\(e)")
        }
        // A period the price file does not cover (1995-2009; the fixture's tables are 1995-1999: a file of two years).
        var short = "product,year,index\n"
        for k in 1...35 { for y in 1995...1996 { short += "c\(k),\(y),100\n" } }
        let shortPath = dir + "/short.csv"
        try short.write(toFile: shortPath, atomically: true, encoding: .utf8)
        var config = try Self.config()
        config.prices = shortPath
        let chain = try SensitivityChain(config: config, modelNames: ["production"], constantPrices: true)
        grid.measures = ["om"]
        XCTAssertThrowsError(try chain.validate(grid)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("grid.prices") && text.contains("cannot deflate the tables of 1997-1999")
                          && text.contains("model 'production'") && text.contains("no price index for product c1 in 1997"), text)
        }
        grid.periods = ["1995-1996"]
        XCTAssertNoThrow(try chain.validate(grid))
        // Within the years the file covers the variants run; the years it lacks are missing values, never current prices.
        let groupings = try chain.groupings(for: grid)
        let variants = VariantSpace.expand(grid: grid, groupings: groupings)
        XCTAssertEqual(variants.count, 2)
        for v in variants {
            let o = chain.run(v, grouping: groupings[0].grouping)
            XCTAssertTrue(o.failures.isEmpty, "\(o.failures)")
            XCTAssertFalse(o.rows.isEmpty)
        }
        let columns = try chain.offshoringColumns(variants[1], grouping: groupings[0].grouping)
        let om = try XCTUnwrap(columns.first { $0.name == "om" }).values
        let year = try chain.basePanel.data.numeric("year")
        XCTAssertTrue((0..<om.count).allSatisfy { year[$0] <= 1996 || om[$0].isNaN })
        XCTAssertTrue((0..<om.count).contains { year[$0] == 1996 && om[$0].isFinite })
    }
}
