import XCTest
import Foundation
@testable import Reporting
@testable import RunFolders

/// The checked-in example report, Reports/example/: the run folder of `offshore estimate --report Reports --run-name
/// example` on the bundled data (real WIOD 2013 tables, real Belgian accounts: WIOD SEA 2013 and EU KLEMS), run from
/// the repository root.
///
/// Here the report's files (index.html, tables/, charts/) are rendered again from the folder's saved results
/// (report.json, offshoring.csv, manifest.json) with the bundled labels, as `offshore report` does, and compared with
/// the checked-in ones; with OFFSHORE_UPDATE_GOLDEN=1 they are rewritten instead. CLITests' ReportExampleTests runs
/// the estimation itself and compares every file of the folder.
enum ExampleReport {
    static var folder: URL { Support.repositoryRoot.appendingPathComponent("Reports/example") }
    static let aggregates = ["manufacturing": "Manufacturing", "market_services": "Market services"]

    static func data() throws -> OffshoringData {
        try OffshoringData(tidyCSV: folder.appendingPathComponent("offshoring.csv").path, aggregates: aggregates)
    }

    static func settings(_ lang: String = "en") throws -> PublicationSettings {
        try PublicationSettings(lang: lang, labelsPath: Support.repositoryRoot.appendingPathComponent("SupplyUseTables/labels/default.toml").path)
    }

    static func build(_ lang: String = "en") throws -> (RunReport, ReportWriter.Options) {
        let saved = try RunFolderContents(folder: folder.path)
        let s = try settings(lang)
        var options = ReportWriter.Options(language: s.language)
        options.decimalComma = s.style.decimalComma
        return (try RunSummaryReport.build(saved.summary, measures: saved.measures, manifest: saved.manifest, settings: s), options)
    }
}

final class ExampleReportTests: XCTestCase {
    func testCheckedInExampleIsUpToDate() throws {
        let (run, options) = try ExampleReport.build()
        if ProcessInfo.processInfo.environment["OFFSHORE_UPDATE_GOLDEN"] == "1" {
            try ReportWriter.write(run: run, to: ExampleReport.folder.path, options: options)
            XCTFail("Reports/example rewritten; review it and run again without OFFSHORE_UPDATE_GOLDEN")
            return
        }
        let files = try ReportWriter.files(run: run, options: options)
        // 14 tables since the example runs on real accounts: the 11 of before, the studies' findings beside the run's,
        // and the low-skilled share in hours (a fourth skill model, so the skill family splits into two tables, and its
        // contributions).
        // 16 with the three studies' presets (issue 20): the production family in three tables, labour demand in two.
        XCTAssertEqual(files.count, 16 * 6 + 9 + 1, "16 tables in 6 formats, 9 charts, the page")
        for (path, contents) in files {
            Support.assertGolden(contents, "../../../Reports/example/" + path)
        }
    }

    /// The checked-in page renders in a real browser (headless Chromium, where installed): a full-width PNG with
    /// far more ink than a blank page. Set OFFSHORE_KEEP_SCREENSHOT=/path.png to look at it.
    func testExamplePageRendersInHeadlessChromium() throws {
        let chromium = try Support.chromium("the example page")
        let dir = try Support.temporaryDirectory("example-chromium")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"
            .write(to: dir.appendingPathComponent("blank.html"), atomically: true, encoding: .utf8)
        func shoot(_ url: String, _ png: String) throws -> Data {
            let args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile",
                        "--screenshot=\(dir.path)/\(png)", "--window-size=1200,2400", url]
            let (status, log) = try Support.run(chromium, args, in: dir, timeout: 90)
            guard status == 0, let data = try? Data(contentsOf: dir.appendingPathComponent(png)) else {
                throw XCTSkip("Chromium could not take a screenshot here (status \(status)): \(log.suffix(500))")
            }
            return data
        }
        let page = try shoot("file://" + ExampleReport.folder.appendingPathComponent("index.html").path, "example.png")
        let blank = try shoot("file://\(dir.path)/blank.html", "blank.png")
        func be32(_ d: Data, _ at: Int) -> Int { d[d.startIndex + at ..< d.startIndex + at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(Array(page.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(be32(page, 16), 1200)
        XCTAssertGreaterThan(page.count, 20 * blank.count, "the page renders content (\(page.count) bytes vs a blank \(blank.count))")
        if let keep = ProcessInfo.processInfo.environment["OFFSHORE_KEEP_SCREENSHOT"] { try page.write(to: URL(fileURLWithPath: keep)) }
    }

    /// The example is the default run on the REAL Belgian accounts (WIOD SEA 2013, EU KLEMS CAPIT): no synthetic
    /// warning on the page or under any table, and the run's notes name the sources with their citations.
    /// (Until the real accounts became the default, this test checked the synthetic warning of the example.)
    func testExampleSaysItsAccountsAreRealAndNamesTheirSources() throws {
        let page = try String(contentsOf: ExampleReport.folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(page.contains("<p class=\"warning\" role=\"alert\">Warning: these results use synthetic data"))
        XCTAssertTrue(page.contains("sources: accounts from the WIOD Socio-Economic Accounts, 2013 release"))
        XCTAssertTrue(page.contains("O&#39;Mahony and Timmer 2009") || page.contains("O'Mahony and Timmer 2009"))
        let (run, _) = try ExampleReport.build()
        for (id, table) in run.tables {
            XCTAssertFalse(table.notes.contains(Language.en(.syntheticWarning)), id)
        }
        let studies = run.tables.first { $0.0 == "studies" }?.1
        XCTAssertNotNil(studies, "the studies' findings beside the run's")
        let text = studies?.render(.text) ?? ""
        XCTAssertTrue(text.contains("Low-skilled share (manufacturing): materials offshoring to CEE [skill_share, 1995-2007]"), text)
        XCTAssertTrue(text.contains("Share of the fall in the low-skilled share explained by offshoring [skill_share, 1995-2006]"), text)
        // On synthetic accounts a comparison with the studies has no meaning: no such table.
        var saved = try RunFolderContents(folder: ExampleReport.folder.path)
        saved.summary.synthetic = true
        let synthetic = try RunSummaryReport.build(saved.summary, measures: saved.measures, manifest: saved.manifest, settings: try ExampleReport.settings())
        XCTAssertNil(synthetic.tables.first { $0.0 == "studies" })
        let (nl, _) = try ExampleReport.build("nl")
        let nlPage = HTMLPage.render(nl)
        XCTAssertFalse(nlPage.contains("Waarschuwing: deze resultaten gebruiken synthetische gegevens"))
        XCTAssertTrue(nlPage.contains("De bevindingen van de studies en deze run"))
        let (fr, _) = try ExampleReport.build("fr")
        XCTAssertTrue(HTMLPage.render(fr).contains("Les résultats des études et cette exécution"))
    }

    /// Table 1 built by the publication layer from the tidy CSV has the same numbers as the terminal Table 1 of
    /// `offshore measure` (OffshoringReport, computed from the sums directly).
    func testTable1AgreesWithTheMeasureCommandsTable() throws {
        // `offshore measure --country BEL --format table` on the bundled tables, kept as a fixture.
        let terminal = try String(contentsOf: Support.goldenRoot.appendingPathComponent("measure-table1.txt"), encoding: .utf8)
        func numericRows(_ text: String) -> [[String]] {
            text.split(separator: "\n").compactMap { line -> [String]? in
                let tokens = line.split(separator: " ").map(String.init)
                let nums = tokens.filter { Double($0) != nil || $0 == "n/a" }
                return nums.count == 6 && tokens.count >= 7 ? nums : nil
            }
        }
        let expected = numericRows(terminal)
        XCTAssertEqual(expected.count, 10, "two aggregates x (total, three groups, the regions in no group)")
        let mine = OffshoringTableBuilder.table1(try ExampleReport.data(), options: OffshoringTableOptions(labels: try ExampleReport.settings().labels))
        XCTAssertEqual(numericRows(mine.render(.text)), expected)
    }

    func testTidyCSVErrorsNameLineAndColumn() throws {
        let dir = try Support.temporaryDirectory("tidy")
        defer { try? FileManager.default.removeItem(at: dir) }
        func load(_ text: String) throws -> OffshoringData {
            let url = dir.appendingPathComponent("m.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try OffshoringData(tidyCSV: url.path)
        }
        let ok = try load("country,unit,year,measure,group,value\nBEL,c3,1995,om,total,12.5\nBEL,c3,1995,om,OECD,10\n")
        XCTAssertEqual(ok.value("c3", "OECD", "om", 1995), 10)
        XCTAssertEqual(ok.origins, ["total", "OECD"])
        let cases: [(String, String)] = [
            ("country,unit,year,value\n", "m.csv:1: expected the header"),
            ("country,unit,year,measure,group,value\nBEL,c3,1995,om,total,abc\n", "m.csv:2:6:"),
            ("country,unit,year,measure,group,value\nBEL,c3,19x5,om,total,1\n", "m.csv:2:3: expected a year"),
            ("country,unit,year,measure,group,value\nBEL,c3,1995,ox,total,1\n", "m.csv:2:4: expected om or os"),
            ("country,unit,year,measure,group,value\nBEL,c3,1995,om,total,1\nNLD,c3,1995,om,total,1\n", "m.csv:3:1: a second country"),
            ("country,unit,year,measure,group,value\nBEL,c3,1995,om,total,1\nBEL,c3,1995,om,total,2\n", "m.csv:3: a second value"),
            ("", "m.csv:1: the file is empty"),
        ]
        for (text, prefix) in cases {
            XCTAssertThrowsError(try load(text), prefix) { XCTAssertTrue("\($0)".hasPrefix(dir.path + "/" + prefix), "\($0) should start with \(prefix)") }
        }
    }
}
