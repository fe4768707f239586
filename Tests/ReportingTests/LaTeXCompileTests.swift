import XCTest
@testable import Reporting

/// Compiles the standalone LaTeX output with pdflatex where it is installed (Debian: texlive-latex-base,
/// texlive-latex-recommended, texlive-latex-extra); skips with a message where it is not.
final class LaTeXCompileTests: XCTestCase {
    func compile(_ source: String, _ name: String) throws {
        guard let pdflatex = Support.which("pdflatex") else {
            throw XCTSkip("pdflatex is not installed: LaTeX output not compiled (apt-get install texlive-latex-extra)")
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
