import Foundation
import XCTest

/// `offshore estimate` with `[data] prices` and `[data] exchange_rates` (issue 20): current- and constant-price models
/// side by side, said in the tables' sample lines, the notes, report.json and config.resolved.toml; bad inputs exit 2
/// naming the key, the file and the line, with nothing written.
final class EstimatePricesTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try CLI.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// The bundled default's [data], [accounts] and [variables] (its relative paths fall back to the bundled data) with
    /// `data` added and `variables` replaced, then two productivity models: at current and at constant prices.
    func config(data: String, variables: [String: String] = [:], prices: String = "constant") throws -> String {
        let bundled = CLI.repositoryRoot.appendingPathComponent("SupplyUseTables/config/estimate-default.toml").path
        var text = try String(contentsOfFile: bundled, encoding: .utf8)
        if let m = text.range(of: "\n[[model]]") { text = String(text[..<m.lowerBound]) + "\n" }
        text = text.replacingOccurrences(of: "[data]\n", with: "[data]\nyears = \"1995-1999\"\n" + data + "\n")
        for (k, v) in variables {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("\(k) = ") ? "\(k) = \"\(v)\"" : String($0) }.joined(separator: "\n")
        }
        text += """

        [[model]]
        name = "productivity_current"
        formula = "log(Y/L) ~ log(K/L) + log(M/L) + om + os | industry + year"
        sample = "manufacturing"
        period = "1995-1999"
        bootstrap = "none"

        [[model]]
        name = "productivity_constant"
        formula = "log(Y/L) ~ log(K/L) + log(M/L) + om + os | industry + year"
        sample = "manufacturing"
        period = "1995-1999"
        bootstrap = "none"
        prices = "\(prices)"

        [output]
        run_name = "prices-run"

        """
        let p = dir.appendingPathComponent("prices.toml").path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testCurrentAndConstantPricesSideBySideAndSaidEverywhere() throws {
        let reports = dir.appendingPathComponent("Reports").path
        let r = try CLI.run(["estimate", "--config", try config(data: "prices = \"../prices/BEL_sea2013_go_p.csv\""), "--output-dir", reports])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("prices: om and os (their groups, narrow and Feenstra-Hanson measures) of productivity_constant at constant prices"), r.stdout)
        XCTAssertTrue(r.stdout.contains("productivity_current at current prices (the tables' values)"), r.stdout)
        let folder = reports + "/prices-run"
        let resolved = try String(contentsOfFile: folder + "/config.resolved.toml", encoding: .utf8)
        XCTAssertTrue(resolved.contains("prices = \"") && resolved.contains("prices/BEL_sea2013_go_p.csv\"\n"), resolved)
        XCTAssertTrue(resolved.contains("name = \"productivity_constant\"") && resolved.contains("prices = \"constant\"\n"), resolved)
        let report = try String(contentsOfFile: folder + "/report.json", encoding: .utf8)
        XCTAssertTrue(report.contains("of productivity_constant at constant prices"), report)
        // Each model's sample line (estimates.json, the per-model files) says which prices its om and os are in.
        let json = try String(contentsOfFile: folder + "/estimates.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"sample\":\"manufacturing, 1995-1999, om and os at constant prices\""), json)
        XCTAssertTrue(json.contains("\"sample\":\"manufacturing, 1995-1999\""), json)
        let manifest = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("BEL_sea2013_go_p.csv"), "the price file is an input of the run")
        // The two om coefficients differ: the measures really are different.
        let estimates = try String(contentsOfFile: folder + "/estimates.csv", encoding: .utf8).split(separator: "\n")
        let om = estimates.filter { $0.contains(",om,") }.map { $0.split(separator: ",")[2] }
        XCTAssertEqual(om.count, 2)
        XCTAssertNotEqual(om[0], om[1])
    }

    func testBadPricesAndMixedCurrenciesExitTwoNamingKeyFileAndLine() throws {
        let reports = dir.appendingPathComponent("Reports").path
        // A bad value of a model's prices: the config's file and line, the key.
        var path = try config(data: "prices = \"../prices/BEL_sea2013_go_p.csv\"", prices: "real")
        var r = try CLI.run(["estimate", "--config", path, "--output-dir", reports])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains(path + ":") && r.stderr.contains("'model.prices'") && r.stderr.contains("expected current"), r.stderr)
        // A product-year the price file lacks, needed by the constant-price model.
        var short = "product,year,index\n"
        for k in 1...35 { for y in 1995...1998 { short += "c\(k),\(y),100\n" } }
        let shortPath = dir.appendingPathComponent("short.csv").path
        try short.write(toFile: shortPath, atomically: true, encoding: .utf8)
        path = try config(data: "prices = \"\(shortPath)\"")
        r = try CLI.run(["estimate", "--config", path, "--output-dir", reports])
        XCTAssertEqual(r.status, 2)
        let line = try XCTUnwrap(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("prices = ") }) + 1
        XCTAssertTrue(r.stderr.contains("\(path):\(line): 'data.prices': \(shortPath) cannot deflate the tables of 1999"), r.stderr)
        // The tables' dollars beside the SEA's euros without exchange rates.
        path = try config(data: "", variables: ["GO": "", "II": ""], prices: "current")
        r = try CLI.run(["estimate", "--config", path, "--output-dir", reports])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("'data.exchange_rates': GO and II would come from the tables"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: reports + "/prices-run"), "nothing written on failure")
        // With the bundled rates the same config runs.
        path = try config(data: "exchange_rates = \"../exchange_rates/BEL_wiod2013_implied.csv\"", variables: ["GO": "", "II": ""],
                          prices: "current")
        r = try CLI.run(["estimate", "--config", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("currency: GO and II from the tables converted into BEL's national currency"), r.stdout)
    }
}
