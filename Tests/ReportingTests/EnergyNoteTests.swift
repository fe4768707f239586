import XCTest
@testable import Offshoring
@testable import Reporting
import TestSupport

/// Every Table 1 note names the products counted as energy (issue 20: a classification choice that moves
/// manufacturing's om from 45.21 to 41.20 in 2007), in the terminal's table and the publication table in every format
/// and language; measures built without a classification (hand-made, or a run folder written before the choice was
/// recorded) print no such note.
final class EnergyNoteTests: XCTestCase {
    func years(_ energy: [String]?) -> [OffshoringYear] {
        OffshoringTableTests.measuredYears().map { var y = $0; y.energyProducts = energy; return y }
    }

    func labels() throws -> VariableLabels {
        try VariableLabels(path: RepositoryPaths.supplyUseTables.appendingPathComponent("labels/default.toml").path)
    }

    func testPublicationTable1NamesTheEnergyProductsInEveryLanguageAndFormat() throws {
        let labels = try labels()
        let expected: [(Language, String)] = [
            (.en, "Energy products (never offshoring; left out of the non-energy denominator): Coke, refined petroleum and nuclear fuel (c8); "),
            (.nl, "Energieproducten (nooit offshoring; niet in de niet-energetische intermediaire inputs): "),
            (.fr, "Produits énergétiques (jamais de l'offshoring ; exclus des consommations intermédiaires hors énergie)\u{202F}: "),
        ]
        for (lang, start) in expected {
            let d = OffshoringData(years(["c8", "c17"]))
            XCTAssertEqual(d.energyProducts, ["c8", "c17"])
            let t = OffshoringTableBuilder.table1(d, options: OffshoringTableOptions(language: lang, labels: labels, source: "x"))
            let note = try XCTUnwrap(t.notes.first { $0.hasPrefix(start.prefix(12)) }, "\(lang): \(t.notes)")
            XCTAssertTrue(note.hasPrefix(start), note)
            XCTAssertTrue(note.contains("(c17)") && note.hasSuffix("."), note)
            XCTAssertFalse(note.contains("(c2)"), "without mining: \(note)")
            // Every format with notes (CSV holds the cells only).
            for f in TableFormat.allCases where f != .csv {
                XCTAssertTrue(t.render(f).contains("(c17)"), "\(lang) \(f)")
            }
        }
        // Mining in: named first, by its label.
        let with = OffshoringTableBuilder.table1(OffshoringData(years(["c2", "c8", "c17"])), options: OffshoringTableOptions(labels: labels))
        XCTAssertTrue(with.notes.contains { $0.contains(": Mining and quarrying (c2); ") }, "\(with.notes)")
        // No labels: the codes.
        let codes = OffshoringTableBuilder.table1(OffshoringData(years(["c2", "c8", "c17"])))
        XCTAssertTrue(codes.notes.contains { $0.hasSuffix("denominator): c2; c8; c17.") }, "\(codes.notes)")
        // An empty list is stated; unknown (nil) is not.
        XCTAssertTrue(OffshoringTableBuilder.table1(OffshoringData(years([]))).notes.contains { $0.hasSuffix("denominator): none.") })
        XCTAssertFalse(OffshoringTableBuilder.table1(OffshoringData(years(nil))).notes.contains { $0.contains("Energy products") })
        XCTAssertNil(OffshoringData(OffshoringTableTests.measuredYears()).energyProducts)
    }

    func testTerminalTable1NamesTheEnergyProducts() throws {
        let t = OffshoringReport.table(years(["c8", "c17"]), source: "x")
        XCTAssertTrue(t.notes.contains("Energy products (never offshoring; left out of the non-energy denominator): c8, c17."), "\(t.notes)")
        XCTAssertTrue(t.notes.last?.hasPrefix("Data: ") ?? false)
        XCTAssertFalse(OffshoringReport.table(years(nil), source: "x").notes.contains { $0.hasPrefix("Energy") })
    }
}
