import XCTest
@testable import Reporting
import RunFolders

/// Compiles the standalone LaTeX output with pdflatex where it is installed (Debian: texlive-latex-base,
/// texlive-latex-recommended, texlive-latex-extra); skips with a message where it is not.
final class LaTeXCompileTests: XCTestCase {
    func compile(_ source: String, _ name: String) throws {
        guard let pdflatex = Support.pdflatex else {
            throw XCTSkip("pdflatex is not installed (or OFFSHORE_SKIP_LATEX=1): LaTeX output not compiled (apt-get install texlive-latex-extra)")
        }
        let dir = try Support.temporaryDirectory("latex")
        defer { try? FileManager.default.removeItem(at: dir) }
        try source.write(to: dir.appendingPathComponent("\(name).tex"), atomically: true, encoding: .utf8)
        let (status, log) = try Support.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"], in: dir)
        XCTAssertEqual(status, 0, "pdflatex failed:\n\(log.suffix(3000))")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name).pdf").path))
        XCTAssertFalse(log.contains("Missing character"), "a character the font lacks:\n\(log.suffix(2000))")
    }

    func testRegressionTablesCompileInEveryLanguage() throws {
        for lang in Language.allCases {
            let t = try RegressionTableBuilder.table(Fixtures.models, options: RegressionTableOptions(
                language: lang, beneath: .confidenceInterval(level: 0.9), labels: Fixtures.labels,
                caption: "Special characters: 100% & $5 #1 a_b {x} ~ ^ \\ <>"))
            try compile(t.render(.latex, standalone: true), "regression-\(lang.rawValue)")
        }
    }

    func testOffshoringTablesCompile() throws {
        let d = OffshoringData(OffshoringTableTests.measuredYears())
        try compile(OffshoringTableBuilder.table1(OffshoringData.referenceTable1, options: OffshoringTableOptions(language: .fr))
            .render(.latex, standalone: true), "table1")
        try compile(OffshoringTableBuilder.industryByYear(d, measure: .os).render(.latex, standalone: true), "industries")
    }
}

extension LaTeXCompileTests {
    /// Every standalone table of the checked-in example compiles, and none is wider than its page.
    func testExampleReportTablesCompileWithoutOverfullBoxes() throws {
        guard let pdflatex = Support.pdflatex else {
            throw XCTSkip("pdflatex is not installed (or OFFSHORE_SKIP_LATEX=1): LaTeX output not compiled (apt-get install texlive-latex-extra)")
        }
        let tables = ExampleReport.folder.appendingPathComponent("tables")
        let names = try FileManager.default.contentsOfDirectory(atPath: tables.path).filter { $0.hasSuffix("-standalone.tex") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 6)
        let dir = try Support.temporaryDirectory("example-latex")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in names {
            try FileManager.default.copyItem(at: tables.appendingPathComponent(name), to: dir.appendingPathComponent(name))
            let (status, out) = try Support.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", name], in: dir)
            XCTAssertEqual(status, 0, "\(name):\n\(out.suffix(2000))")
            let log = (try? String(contentsOf: dir.appendingPathComponent(name.replacingOccurrences(of: ".tex", with: ".log")),
                                   encoding: .utf8)) ?? ""
            XCTAssertFalse(log.contains("Overfull \\hbox"), "\(name) is wider than its page")
        }
    }

    /// The existing terminal tables, bridged, compile too.
    func testBridgedTextTableCompiles() throws {
        var tt = TextTable(header: ["", "om 1995", "om 2007"], title: "Terminal table & co")
        tt.append(["Manufacturing, total", "35.68", "38.33"])
        tt.append(["  OECD", "32.57", "-32.13"])
        tt.addRule()
        tt.append(["Market services, total", "4.88", "7.50"])
        tt.notes = ["Data: 100% made up."]
        let p = PublicationTable(tt, label: "tab:bridge")
        XCTAssertEqual(p.columnCount, 2)
        XCTAssertEqual(p.body[1], .data(label: "OECD", cells: ["32.57", "-32.13"], indent: 1))
        XCTAssertEqual(p.body[2], .rule)
        XCTAssertEqual(p.notes, ["Data: 100% made up."])
        XCTAssertTrue(p.render(.latex).contains("\\quad OECD & 32.57 & $-$32.13 \\\\"))
        try compile(p.render(.latex, standalone: true), "bridge")
    }
}
