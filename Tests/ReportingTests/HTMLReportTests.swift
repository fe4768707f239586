import XCTest
import Foundation
@testable import Reporting
import RunFolders

final class HTMLReportTests: XCTestCase {
    /// A small report with every kind of item, built from the fixed results.
    static func sampleReport(_ lang: Language = .en, synthetic: Bool = true) throws -> RunReport {
        let d = OffshoringData(OffshoringTableTests.measuredYears())
        let o = OffshoringTableOptions(language: lang, source: "hand-made test tables", label: "tab:table1")
        let reg = try RegressionTableBuilder.table(Fixtures.models, options: RegressionTableOptions(
            language: lang, labels: Fixtures.labels, caption: "Investment <and> firm value", label: "tab:grunfeld"))
        return RunReport(
            title: "Test report & checks", subtitle: "run sample, 2026", language: lang,
            sections: [
                .init(title: "Offshoring", items: [
                    .paragraph("Intensities by origin group."),
                    .table(id: "table1", OffshoringTableBuilder.table1(d, options: o)),
                    .group([.table(id: "reference-table1", OffshoringTableBuilder.table1(.referenceTable1, options: o)),
                            .paragraph("beside")]),
                    .chart(id: "om-manufacturing", caption: "om over time", svg: OffshoringCharts.overTime(d, unit: "manufacturing", measure: .om, options: o).svg()),
                    .chart(id: "ranking-2007", caption: "ranking", svg: OffshoringCharts.ranking(d, year: 2007, measure: .om, options: o).svg()),
                ]),
                .init(title: "Regressions", items: [
                    .table(id: "grunfeld", reg),
                    .chart(id: "coefficients", caption: "coefficients",
                           svg: CoefficientPlot(models: Fixtures.models, labels: Fixtures.labels, language: lang).svg()),
                ]),
            ],
            provenance: ["WIOD 2013 release (Timmer et al. 2015)", "Grunfeld data: Baltagi's textbook version"],
            synthetic: synthetic,
            manifest: [("command", "offshore estimate --config run.toml"), ("input", "data/accounts.csv sha256=abc<>")])
    }

    func testPageStructureSelfContainedAndEscaped() throws {
        let run = try Self.sampleReport()
        let files = try ReportWriter.files(run: run)
        let page = try XCTUnwrap(files.last { $0.path == "index.html" }?.contents)
        XCTAssertEqual(files.last?.path, "index.html", "the page is written last")
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(page.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(page.contains("<title>Test report &amp; checks</title>"))
        XCTAssertTrue(page.contains("<p class=\"warning\" role=\"alert\">Warning: these results use synthetic data"))
        XCTAssertEqual(page.components(separatedBy: "<table class=\"pubtable\"").count - 1, 3)
        XCTAssertEqual(page.components(separatedBy: "<svg xmlns=").count - 1, 3, "charts are inline")
        XCTAssertTrue(page.contains("<caption>Investment &lt;and&gt; firm value</caption>"))
        XCTAssertTrue(page.contains("<th>input</th><td><code>data/accounts.csv sha256=abc&lt;&gt;</code></td>"))
        XCTAssertTrue(page.contains("<a href=\"tables/grunfeld.csv\">CSV</a>"))
        XCTAssertTrue(page.contains("<div class=\"side-by-side\">\n<figure class=\"table\" id=\"reference-table1\">"), "grouped items")
        XCTAssertTrue(files.contains { $0.path == "tables/reference-table1.tex" }, "tables inside groups are written too")
        XCTAssertTrue(page.contains("<li>WIOD 2013 release (Timmer et al. 2015)</li>"))
        // Self-contained: no scripts, no external stylesheets, images or fonts; the only URL is SVG's namespace.
        XCTAssertFalse(page.contains("<script"))
        XCTAssertFalse(page.contains("<link"))
        XCTAssertFalse(page.contains("src="))
        XCTAssertFalse(page.contains("url("))
        let urls = page.components(separatedBy: "http").dropFirst().map { String($0.prefix(30)) }
        XCTAssertTrue(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") }, "\(urls)")
        // Every section is in the contents.
        XCTAssertTrue(page.contains("<a href=\"#section-1\">Offshoring</a>") && page.contains("<a href=\"#manifest\">Manifest</a>"))
        // The page is well-formed enough for an XML parser once the doctype is dropped (every element closed).
        let xml = page.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
            .replacingOccurrences(of: "initial-scale=1\">", with: "initial-scale=1\"/>")
            .replacingOccurrences(of: "content=\"offshore\">", with: "content=\"offshore\"/>")
        XCTAssertNoThrow(try SVGProbe.parse(xml))
    }

    func testNoWarningWithoutSyntheticDataAndLanguages() throws {
        let page = HTMLPage.render(try Self.sampleReport(.fr, synthetic: false))
        XCTAssertFalse(page.contains("class=\"warning\""))
        XCTAssertTrue(page.contains("<html lang=\"fr\">"))
        XCTAssertTrue(page.contains("Provenance des données"))
        XCTAssertTrue(page.contains("24,00"), "decimal comma in French tables")
        let nl = HTMLPage.render(try Self.sampleReport(.nl))
        XCTAssertTrue(nl.contains("Waarschuwing: deze resultaten gebruiken synthetische gegevens"))
    }

    func testWriterWritesEveryFormatAndRejectsBadIds() throws {
        let dir = try Support.temporaryDirectory("report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("Reports/run1").path
        let written = try ReportWriter.write(run: try Self.sampleReport(.nl), to: folder)
        XCTAssertEqual(written.count, 3 * 6 + 3 + 1)
        for rel in ["index.html", "tables/table1.csv", "tables/grunfeld-standalone.tex", "tables/grunfeld.md", "charts/coefficients.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + rel), rel)
        }
        let csv = try String(contentsOfFile: folder + "/tables/table1.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix(";om 1995;om 2007;om g;"), "semicolons with a decimal comma: \(csv.prefix(60))")
        var bad = try Self.sampleReport()
        bad.sections[0].items.append(.table(id: "table1", OffshoringTableBuilder.table1(.referenceTable1)))
        XCTAssertThrowsError(try ReportWriter.files(run: bad)) { XCTAssertTrue("\($0)".contains("'table1' is used by two"), "\($0)") }
        bad = RunReport(title: "x", sections: [.init(title: "s", items: [.chart(id: "../escape", caption: "", svg: "<svg/>")])])
        XCTAssertThrowsError(try ReportWriter.write(run: bad, to: folder + "-bad")) { XCTAssertTrue("\($0)".contains("'id'"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "-bad"), "nothing is written when the report is invalid")
        // A folder that cannot be created is an input error naming it, and nothing is left behind.
        let blocker = dir.appendingPathComponent("file").path
        _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        XCTAssertThrowsError(try ReportWriter.write(run: try Self.sampleReport(), to: blocker + "/run")) { e in
            XCTAssertTrue("\(e)".contains(blocker) && "\(e)".contains("not a directory"), "\(e)")
        }
    }

    /// Renders the page with headless Chromium (Debian package `chromium`) and checks that the screenshot is a
    /// PNG of the window's size and far from blank (its compressed size dwarfs a blank page's).
    func testRendersInHeadlessChromium() throws {
        let chromium = try Support.chromium("the HTML report")
        let dir = try Support.temporaryDirectory("chromium")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportWriter.write(run: try Self.sampleReport(), to: dir.appendingPathComponent("report").path)
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"
            .write(to: dir.appendingPathComponent("blank.html"), atomically: true, encoding: .utf8)
        func shoot(_ page: String, _ png: String) throws -> Data {
            let args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile",
                        "--screenshot=\(dir.path)/\(png)", "--window-size=1200,1600", "file://\(dir.path)/\(page)"]
            let (status, log) = try Support.run(chromium, args, in: dir, timeout: 90)
            let url = dir.appendingPathComponent(png)
            guard status == 0, let data = try? Data(contentsOf: url) else {
                throw XCTSkip("Chromium could not take a screenshot here (status \(status)): \(log.suffix(500))")
            }
            return data
        }
        let page = try shoot("report/index.html", "report.png")
        let blank = try shoot("blank.html", "blank.png")
        XCTAssertEqual(Array(page.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        func be32(_ d: Data, _ at: Int) -> Int { d[d.startIndex + at ..< d.startIndex + at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(page, 16), 1200)
        XCTAssertEqual(be32(page, 20), 1600)
        XCTAssertGreaterThan(page.count, 10 * blank.count, "the page renders content (\(page.count) bytes vs a blank \(blank.count))")
        if let keep = ProcessInfo.processInfo.environment["OFFSHORE_KEEP_SCREENSHOT"] {
            try page.write(to: URL(fileURLWithPath: keep))
        }
    }

    func testReadyMadeSections() throws {
        let d = OffshoringData(OffshoringTableTests.measuredYears())
        let s = ReportSections.offshoring(d, options: OffshoringTableOptions(language: .nl), idPrefix: "bel-")
        XCTAssertEqual(s.title, "Offshoringintensiteit, BEL")
        let ids = s.items.compactMap { item -> String? in
            switch item {
            case let .table(id, _): return id
            case let .chart(id, _, _): return id
            case .paragraph, .group: return nil
            }
        }
        XCTAssertEqual(ids, ["bel-table1", "bel-om-manufacturing", "bel-os-manufacturing", "bel-om-ranking-2007", "bel-os-ranking-2007",
                             "bel-om-by-industry", "bel-os-by-industry"])
        let r = try ReportSections.regressions(Fixtures.models, title: "Investment", id: "inv", options: RegressionTableOptions(keep: ["value", "capital"]))
        guard case let .table(_, t)? = r.items.first, case let .chart(_, _, svg)? = r.items.last else { return XCTFail("items") }
        XCTAssertEqual(t.caption, "Investment")
        XCTAssertEqual(t.label, "tab:inv")
        XCTAssertEqual(try SVGProbe.parse(svg).elements.filter { $0.attributes["class"] == "estimate" }.count, 5, "value in three models, capital in two")
        XCTAssertThrowsError(try ReportSections.regressions(Fixtures.models, title: "x", id: "x", options: RegressionTableOptions(keep: ["zzz"])))
        var run = RunReport(title: "t", sections: [s, r])
        XCTAssertEqual(try ReportWriter.files(run: run).count, 4 * 6 + 5 + 1)
        run.sections.append(s)
        XCTAssertThrowsError(try ReportWriter.files(run: run), "the same ids twice")
    }
}
