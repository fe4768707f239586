import XCTest
import Foundation
@testable import Reporting
@testable import RunFolders

/// Issue 18, items 2 to 4: the example report's tables fit a page in every language and format, and the Dutch and
/// French reports have no English left in their fixed text.
final class PublicationLayoutTests: XCTestCase {
    /// The full industry x year table of the example (17 years).
    func industryTable(_ lang: Language = .en) throws -> PublicationTable {
        try OffshoringTableBuilder.industryByYear(ExampleReport.data(), measure: .om,
                                                  options: OffshoringTableOptions(language: lang))
    }

    /// Item 2: the text of a wide table is printed in blocks no wider than 100 characters, with every year.
    func testWideTextTablesAreSplitIntoYearBlocksThatFit() throws {
        for lang in Language.allCases {
            let t = try industryTable(lang)
            XCTAssertEqual(t.columnCount, 17)
            let text = t.render(.text)
            let tableLines = text.split(separator: "\n").dropLast(t.notes.count)
            XCTAssertLessThanOrEqual(tableLines.map(\.count).max() ?? 0, TextRenderer.maxWidth, text)
            for year in 1995...2011 { XCTAssertTrue(text.contains(String(year)), "\(year) missing:\n\(text)") }
            XCTAssertEqual(text.components(separatedBy: t.caption).count - 1, 1, "the caption once")
            for note in t.notes { XCTAssertEqual(text.components(separatedBy: note).count - 1, 1, "each note once") }
            XCTAssertTrue(text.hasSuffix((t.notes.last ?? "") + "\n"))
        }
    }

    /// Item 2: on the page, a wide table is several tables of at most 9 years, each with every industry; the print
    /// stylesheet sets a small font and lets labels wrap so a portrait page shows every number.
    func testWideHTMLTablesAreSplitAndPrintable() throws {
        let t = try industryTable(.fr)
        let html = t.render(.html)
        let tables = html.components(separatedBy: "<table class=\"pubtable block\"").count - 1
        XCTAssertEqual(tables, 2)
        for block in html.components(separatedBy: "</table>") where block.contains("<table") {
            let years = (1995...2011).filter { block.contains("<th class=\"r\">\($0)</th>") }
            XCTAssertLessThanOrEqual(years.count, HTMLRenderer.maxColumns)
            XCTAssertEqual(block.components(separatedBy: "<th scope=\"row\"").count - 1, 36, "every industry in every block")
        }
        for year in 1995...2011 { XCTAssertTrue(html.contains("<th class=\"r\">\(year)</th>"), "\(year)") }
        XCTAssertEqual(html.components(separatedBy: "<caption>").count - 1, 1)
        XCTAssertEqual(html.components(separatedBy: "<tfoot>").count - 1, 1)
        let css = HTMLPage.css
        XCTAssertTrue(css.contains("@media print"))
        XCTAssertTrue(css.contains("@page { size: A4"))
        let print = css.components(separatedBy: "@media print").last ?? ""
        XCTAssertTrue(print.contains("table.pubtable { font-size: 8pt"))
        XCTAssertTrue(print.contains("white-space: normal"))
        XCTAssertTrue(print.contains("overflow: visible"))
    }

    /// Item 3: wide tables are sideways (landscape on a portrait page), long labels wrap, and the standalone
    /// document loads babel for the language.
    func testLaTeXLayoutChoices() throws {
        let nl = try industryTable(.nl).render(.latex, standalone: true)
        XCTAssertTrue(nl.contains("\\usepackage[english]{babel}"), "no language set on the table: English")
        var t = try industryTable(.nl)
        t.language = .nl
        let doc = t.render(.latex, standalone: true)
        XCTAssertTrue(doc.contains("\\usepackage[dutch]{babel}"))
        XCTAssertTrue(doc.contains("\\begin{sidewaystable}") && doc.contains("\\usepackage{rotating}"))
        var long = PublicationTable(caption: "c", label: "l", columnCount: 2)
        long.addRow("Renting of machinery and equipment and other business activities", ["1", "2"])
        XCTAssertTrue(long.render(.latex).contains("\\begin{tabularx}{\\linewidth}{@{}>{\\raggedright\\arraybackslash}X"), "long labels wrap")
        XCTAssertTrue(t.render(.latex).contains("% A wide table, printed landscape: needs \\usepackage{rotating}."))
    }

    /// Item 3: every standalone table, and every `\input` fragment in a portrait A4 article, of the example report in
    /// English, Dutch and French compiles with pdflatex without an overfull box or a float too large for its page.
    func testEveryLaTeXTableOfTheReportFitsInEveryLanguage() throws {
        guard let pdflatex = Support.pdflatex else {
            throw XCTSkip("pdflatex is not installed (or OFFSHORE_SKIP_LATEX=1): LaTeX output not compiled (apt-get install texlive-latex-extra texlive-lang-european)")
        }
        let dir = try Support.temporaryDirectory("latex-fit")
        defer { try? FileManager.default.removeItem(at: dir) }
        for lang in Language.allCases {
            let (run, _) = try ExampleReport.build(lang.rawValue)
            let tables = run.tables
            XCTAssertGreaterThanOrEqual(tables.count, 14)
            for (id, table) in tables {
                XCTAssertEqual(table.language, lang)
                let standalone = table.render(.latex, standalone: true)
                let preamble = standalone.components(separatedBy: "\\pagestyle{empty}").first ?? ""
                XCTAssertTrue(preamble.contains("{\(LaTeXRenderer.babel(lang))}{babel}") || preamble.contains("[\(LaTeXRenderer.babel(lang))]{babel}"))
                // The fragment as a paper would \input it: a portrait A4 article with 2.5 cm margins and the packages it names.
                let fragment = LaTeXRenderer.preamble([table]).joined(separator: "\n") + "\n" + table.render(.latex) + "\\end{document}\n"
                for (name, source) in [("\(lang.rawValue)-\(id)", standalone), ("\(lang.rawValue)-\(id)-fragment", fragment)] {
                    try source.write(to: dir.appendingPathComponent("\(name).tex"), atomically: true, encoding: .utf8)
                    let (status, out) = try Support.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"], in: dir)
                    XCTAssertEqual(status, 0, "\(name):\n\(out.suffix(2000))")
                    let log = (try? String(contentsOf: dir.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
                    XCTAssertFalse(log.contains("Overfull \\hbox"), "\(name) is wider than its page:\n\(log.components(separatedBy: "Overfull").dropFirst().first?.prefix(400) ?? "")")
                    XCTAssertFalse(log.contains("too large for page"), "\(name) is taller than its page")
                    XCTAssertFalse(log.contains("Missing character"), "\(name): a character the font lacks")
                }
            }
        }
    }

    /// Item 4: the Dutch and French reports have none of the English fixed phrases, and French puts a narrow
    /// no-break space before `:`, `;`, `?` and `!`.
    func testDutchAndFrenchReportsHaveNoEnglishPhrases() throws {
        for lang in [Language.nl, .fr] {
            let (run, options) = try ExampleReport.build(lang.rawValue)
            let page = try ReportWriter.files(run: run, options: options).first { $0.path == "index.html" }?.contents ?? ""
            let visible = page.components(separatedBy: "<section id=\"manifest\">").first ?? page
            for english in ["current US$", "2013 release (Timmer", ">Run example", ">Text<", "Within", "(iterated)"] {
                XCTAssertFalse(visible.contains(english), "\(lang): '\(english)' in the report")
            }
        }
        let (fr, _) = try ExampleReport.build("fr")
        let texts = fr.tables.flatMap { [$0.table.caption] + $0.table.notes } + fr.provenance
        for text in texts {
            for bad in [" :", "\u{00A0}:", " ;", "\u{00A0};"] {
                XCTAssertFalse(text.contains(bad), "'\(bad)' in: \(text)")
            }
        }
        XCTAssertTrue(texts.contains { $0.contains("\u{202F}:") })
        XCTAssertEqual(Language.fr.typeset("Source: x; y ? 13:25 https://a.b (note: z)"), "Source\u{202F}: x\u{202F}; y\u{202F}? 13:25 https://a.b (note\u{202F}: z)")
        XCTAssertEqual(Language.nl.typeset("Bron: x"), "Bron: x")
    }
}

/// Issue 18, item 7: the README says what the truth-recovery tests check, and nothing more.
final class ReadmeClaimsTests: XCTestCase {
    func testTruthRecoveryClaimMatchesTheTest() throws {
        let readme = try String(contentsOf: Support.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        XCTAssertFalse(readme.contains("estimates and contributions recover the synthetic generator's true values within their standard errors"))
        XCTAssertTrue(readme.contains("Tests/OffshoringModelsTests/TruthRecoveryTests.swift"))
        XCTAssertTrue(readme.contains("within three of its standard errors"))
        XCTAssertTrue(readme.contains("are not held to the truth"))
        let test = try String(contentsOf: Support.repositoryRoot.appendingPathComponent("Tests/OffshoringModelsTests/TruthRecoveryTests.swift"),
                              encoding: .utf8)
        XCTAssertTrue(test.contains("3 * r.standardErrors[k]") && test.contains("3 * c.stdError") && test.contains("3 * row.standardError"))
    }
}

/// Issue 18, item 5: coefficient charts have one panel (scale) per term, and the legend lists only models drawn.
final class CoefficientPanelTests: XCTestCase {
    func testSmallCoefficientsGetTheirOwnScaleAndEmptyModelsLeaveTheLegend() throws {
        let points = [
            CoefficientPlot.Point(model: "production", term: "ln capital", estimate: 0.1, lower: -0.05, upper: 0.25),
            CoefficientPlot.Point(model: "production", term: "om", estimate: -0.0006, lower: -0.0024, upper: 0.0012),
            CoefficientPlot.Point(model: "production_fd", term: "om", estimate: 0.0004, lower: -0.0010, upper: 0.0018),
        ]
        let plot = CoefficientPlot(title: "t", valueLabel: "v", models: ["production", "production_groups", "production_fd"],
                                   terms: ["ln capital", "om"], points: points)
        let p = try SVGProbe.parse(plot.svg())
        XCTAssertEqual(p.series, ["production", "production_fd"], "a model with no points is not drawn")
        let legend = p.texts.filter { ["production", "production_groups", "production_fd"].contains($0) }
        XCTAssertEqual(legend, ["production", "production_fd"], "nor listed")
        // The om interval spans a good part of its panel's width (it was under 2 px on the shared axis).
        let k = try XCTUnwrap(p.elements.firstIndex { $0.attributes["class"] == "estimate" && $0.attributes["data-term"] == "om" })
        let line = try XCTUnwrap(p.elements[k...].first { $0.name == "line" })
        let width = try abs(XCTUnwrap(Double(line.attributes["x2"] ?? "")) - XCTUnwrap(Double(line.attributes["x1"] ?? "")))
        XCTAssertGreaterThan(width, 150)
        XCTAssertEqual(p.elements.filter { $0.attributes["class"] == "zero" }.count, 2, "a zero line per panel")
    }
}
