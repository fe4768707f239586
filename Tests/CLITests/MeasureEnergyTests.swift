import Foundation
import XCTest

/// `offshore measure --energy` (issue 20): mining and quarrying counted as energy (the bundled classification's own
/// choice) or as a raw material, against the pandas references, named in Table 1's note and the report page's manifest.
final class MeasureEnergyTests: XCTestCase {
    /// "unit,year,measure,group" -> value, broad nonenergy, from References/BEL_wiod2013_without_mining_reference.csv.
    static func withoutMining(years: Set<String>) throws -> [String: Double] {
        let path = CLI.repositoryRoot.appendingPathComponent("Tests/OffshoringTests/References/BEL_wiod2013_without_mining_reference.csv")
        var out: [String: Double] = [:]
        for line in try String(contentsOf: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f[0] == "nonenergy", f[1] == "false", years.contains(f[4]) else { continue }
            out[f[3...6].joined(separator: ",")] = Double(f[7])
        }
        return out
    }

    func testWithoutMiningMatchesThePandasReferenceAndSaysSo() throws {
        let r = try CLI.run(["measure", "--format", "csv", "--years", "1995,2007", "--energy", "without_mining"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try Self.withoutMining(years: ["1995", "2007"])
        let lines = r.stdout.split(separator: "\n").dropFirst()
        XCTAssertEqual(lines.count, expected.count)
        for l in lines {
            let f = l.split(separator: ",").map(String.init)
            guard let e = expected[f[1...4].joined(separator: ",")], let v = Double(f[5]) else { XCTFail("unexpected row \(l)"); continue }
            XCTAssertEqual(v, e, accuracy: 1e-9 * max(1, abs(e)), String(l))
        }
        // Table 1: the figures and the note naming the energy products.
        let with = try CLI.run(["measure", "--years", "1995,2007"])
        let without = try CLI.run(["measure", "--years", "1995,2007", "--energy", "without_mining"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertEqual(without.status, 0, without.stderr)
        func manufacturing(_ text: String) -> String { text.split(separator: "\n").first { $0.contains("Manufacturing, total") }.map(String.init) ?? "" }
        XCTAssertTrue(manufacturing(with.stdout).contains("41.60") && manufacturing(with.stdout).contains("45.21")
                      && manufacturing(with.stdout).contains(" 0.7 "), manufacturing(with.stdout))
        XCTAssertTrue(manufacturing(without.stdout).contains("40.34") && manufacturing(without.stdout).contains("41.20")
                      && manufacturing(without.stdout).contains(" 0.2 "), manufacturing(without.stdout))
        XCTAssertTrue(with.stdout.contains("Energy products (never offshoring; left out of the non-energy denominator): c2, c8, c17."), with.stdout)
        XCTAssertTrue(without.stdout.contains("Energy products (never offshoring; left out of the non-energy denominator): c8, c17."), without.stdout)
        // with_mining is the bundled classification's own choice: the same output as without the option.
        let explicit = try CLI.run(["measure", "--years", "1995,2007", "--energy", "with_mining"])
        XCTAssertEqual(explicit.stdout, with.stdout)
    }

    func testTheReportNamesTheEnergyProductsAndTheManifestTheChoice() throws {
        let dir = try ScratchFolderTestCase.makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report").path
        let r = try CLI.run(["measure", "--years", "1995,2007", "--energy", "without_mining", "--report", report, "--lang", "nl",
                             "--labels", CLI.repositoryRoot.appendingPathComponent("SupplyUseTables/labels/default.toml").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: report + "/index.html", encoding: .utf8)
        XCTAssertTrue(page.contains("Energieproducten (nooit offshoring; niet in de niet-energetische intermediaire inputs)"), "note in Dutch")
        XCTAssertTrue(page.contains("(c8)") && page.contains("(c17)") && !page.contains("(c2)"), "labelled products")
        // The page's manifest lists the option.
        XCTAssertTrue(page.contains("without_mining"), "manifest entry")
    }

    func testAnUnknownChoiceIsRefusedWithStatus2() throws {
        let r = try CLI.run(["measure", "--years", "2007", "--energy", "coal"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--energy") && r.stderr.contains("expected with_mining"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
    }
}
