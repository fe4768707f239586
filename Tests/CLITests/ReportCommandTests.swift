import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `offshore estimate --report` and `offshore report` end to end, on one small run (1995-1998, two models,
/// one decomposition; the report asked for by `[output] report = true`) made once for the whole class.
final class ReportCommandTests: XCTestCase {
    static var root: URL?
    static var runFolder: URL?
    static var estimateStderr = ""

    override class func setUp() {
        super.setUp()
        guard let dir = try? CLI.temporaryDirectory() else { return }
        root = dir
        let bundle = CLI.repositoryRoot.appendingPathComponent("SupplyUseTables").path
        let config = """
        [data]
        tables = "\(bundle)/wiod2013"
        classification = "\(bundle)/classifications/wiod2013.toml"
        grouping = "\(bundle)/groupings/default.toml"
        accounts = "\(bundle)/accounts/BEL_synthetic_sea.csv"
        synthetic = true
        years = "1995-1998"

        [[model]]
        preset = "production"
        period = "1995-1998"

        [[model]]
        preset = "skill_share"
        period = "1995-1998"

        [[contributions]]
        model = "skill_share"

        [output]
        run_name = "small"
        report = true
        """
        let path = dir.appendingPathComponent("small.toml").path
        guard (try? config.write(toFile: path, atomically: true, encoding: .utf8)) != nil,
              let r = try? CLI.run(["estimate", "--config", path, "--output-dir", dir.appendingPathComponent("Reports").path]) else { return }
        estimateStderr = r.stderr
        if r.status == 0 { runFolder = dir.appendingPathComponent("Reports/small") }
    }

    override class func tearDown() {
        if let root { try? FileManager.default.removeItem(at: root) }
        super.tearDown()
    }

    func folder() throws -> URL {
        guard let f = Self.runFolder else { throw XCTSkip("the estimate run failed or the executable is missing: \(Self.estimateStderr)") }
        return f
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func testEstimateReportWritesThePageEveryTableAndChart() throws {
        let f = try folder()
        XCTAssertTrue(Self.estimateStderr.contains("wrote \(f.path)/index.html"), Self.estimateStderr)
        let fm = FileManager.default
        for id in ["models-production", "models-skills", "contributions-1-skill-share", "table1", "om-by-industry", "os-by-industry"] {
            for ext in ["txt", "md", "csv", "tex", "html"] {
                XCTAssertTrue(fm.fileExists(atPath: f.appendingPathComponent("tables/\(id).\(ext)").path), "\(id).\(ext)")
            }
            XCTAssertTrue(fm.fileExists(atPath: f.appendingPathComponent("tables/\(id)-standalone.tex").path), id)
        }
        for chart in ["om-manufacturing", "os-manufacturing", "om-market-services", "os-market-services", "om-ranking-1998",
                      "os-ranking-1998", "models-production-coefficients", "models-skills-coefficients"] {
            let svg = try read(f.appendingPathComponent("charts/\(chart).svg"))
            XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), chart)
        }
        // The run folder's own files are still there, and no staging folder is left beside it.
        for file in ["estimates.csv", "report.json", "offshoring.csv", "manifest.json", "config.resolved.toml"] {
            XCTAssertTrue(fm.fileExists(atPath: f.appendingPathComponent(file).path), file)
        }
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: f.deletingLastPathComponent().path), ["small"])

        let page = try read(f.appendingPathComponent("index.html"))
        XCTAssertTrue(page.contains("<p class=\"warning\" role=\"alert\">Warning: these results use synthetic data"))
        XCTAssertTrue(page.contains("<a href=\"#manifest\">Manifest</a>") && page.contains("sha256 "))
        XCTAssertTrue(page.contains("Production and productivity") && page.contains("Skill structure of employment"))
        XCTAssertTrue(page.contains("Contributions to the change in Low-skill wage-bill share, 1995-1998 (model Skill share, wage bill)"), "models by their labels (issue 18, item 5)")
        XCTAssertTrue(page.contains("ln capital stock"), "bundled labels apply")
        XCTAssertFalse(page.contains("<script") || page.contains("<link") || page.contains("src="))
        // Well-formed: every element closed (XML once the doctype and the void meta elements are made XML).
        let xml = page.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
            .replacingOccurrences(of: "initial-scale=1\">", with: "initial-scale=1\"/>")
            .replacingOccurrences(of: "content=\"offshore\">", with: "content=\"offshore\"/>")
        let doc = try XMLDocument(xmlString: xml, options: [])
        XCTAssertEqual(try doc.nodes(forXPath: "//section").count, 6, "offshoring, 2 model families, contributions, provenance, manifest")
        XCTAssertEqual(try doc.nodes(forXPath: "//figure[@class='chart']").count, 8)
        // Regression and contribution tables carry the synthetic warning; the measures (real WIOD tables) do not.
        XCTAssertTrue(try read(f.appendingPathComponent("tables/models-production.txt")).contains("synthetic data"))
        XCTAssertTrue(try read(f.appendingPathComponent("tables/contributions-1-skill-share.md")).contains("synthetic data"))
        XCTAssertFalse(try read(f.appendingPathComponent("tables/table1.txt")).contains("synthetic data"))
    }

    func testReRenderingInTheSameLanguageGivesTheSameFiles() throws {
        let f = try folder()
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["report", f.path, "--output", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let files = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { !$0.hasSuffix("tables") && !$0.hasSuffix("charts") }
        XCTAssertEqual(files.count, 6 * 6 + 8 + 1, files.sorted().joined(separator: " "))
        for p in files {
            XCTAssertEqual(try read(out.appendingPathComponent(p)), try read(f.appendingPathComponent(p)), p)
        }
    }

    func testDutchLaTeXAndCSVWithDecimalCommas() throws {
        let f = try folder()
        let tex = try CLI.run(["report", f.path, "--lang", "nl", "--format", "latex"])
        XCTAssertEqual(tex.status, 0, tex.stderr)
        for phrase in ["Waarnemingen", "Vaste effecten", "Standaardfouten tussen haakjes", "Bijdragen aan de verandering van",
                       "Waarschuwing: deze resultaten", "ln kapitaalvoorraad", "Industrie"] {
            XCTAssertTrue(tex.stdout.contains(phrase), phrase)
        }
        XCTAssertNotNil(tex.stdout.range(of: #"\([0-9]+,[0-9]{3}\)"#, options: .regularExpression), "decimal commas")
        XCTAssertNil(tex.stdout.range(of: #"[0-9]\.[0-9]{2}"#, options: .regularExpression), "no decimal points")
        let csv = try CLI.run(["report", f.path, "--lang", "nl", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.contains(";Waarnemingen;") || csv.stdout.contains("\nWaarnemingen;"), "';' separates fields")
        // A point on request, with more digits.
        let point = try CLI.run(["report", f.path, "--lang", "nl", "--no-decimal-comma", "--digits", "5", "--format", "markdown"])
        XCTAssertEqual(point.status, 0, point.stderr)
        XCTAssertNotNil(point.stdout.range(of: #"[0-9]\.[0-9]{5}"#, options: .regularExpression))
        // The whole report in French, in its own folder.
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let fr = try CLI.run(["report", f.path, "--lang", "fr", "--output", out.path + "/fr"])
        XCTAssertEqual(fr.status, 0, fr.stderr)
        let page = try read(out.appendingPathComponent("fr/index.html"))
        XCTAssertTrue(page.contains("<html lang=\"fr\">") && page.contains("Avertissement") && page.contains("Provenance des données"))
        XCTAssertTrue(try read(out.appendingPathComponent("fr/tables/table1.csv")).contains(";"))
    }

    func testALabelsFileIsLaidOverTheBundledLabels() throws {
        let f = try folder()
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labels = dir.appendingPathComponent("mine.toml").path
        try "\"log(K)\" = \"Capital (log)\"\n[nl]\nom = \"Materiaal-offshoring\"\n".write(toFile: labels, atomically: true, encoding: .utf8)
        let r = try CLI.run(["report", f.path, "--lang", "nl", "--labels", labels, "--format", "markdown"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Capital (log)") && r.stdout.contains("Materiaal-offshoring"), "mine")
        XCTAssertTrue(r.stdout.contains("ln gewerkte uren"), "the bundled Dutch labels for the rest")
        XCTAssertFalse(r.stdout.contains("ln kapitaalvoorraad"), "a common label of mine beats the bundled Dutch one")
        try "om = 3\n".write(toFile: labels, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["report", f.path, "--labels", labels, "--format", "text"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("\(labels):1: 'om'"), bad.stderr)
    }

    func testStandaloneLaTeXCompiles() throws {
        let f = try folder()
        guard let pdflatex = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("pdflatex is not installed (apt-get install texlive-latex-extra): the LaTeX document was not compiled")
        }
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["report", f.path, "--lang", "fr", "--format", "latex", "--standalone", "--output", out.path + "/tables.tex"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: pdflatex)
        p.arguments = ["-interaction=nonstopmode", "-halt-on-error", "tables.tex"]
        p.currentDirectoryURL = out
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, (try? read(out.appendingPathComponent("tables.log")))?.suffix(1500).description ?? "")
    }

    func testNotARunFolderExitsTwoAndWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let empty = try CLI.run(["report", dir.path, "--output", out])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("\(dir.path)/report.json: missing"), empty.stderr)
        let gone = try CLI.run(["report", dir.path + "/nope", "--output", out])
        XCTAssertEqual(gone.status, 2)
        XCTAssertTrue(gone.stderr.contains("nope: not a run folder"), gone.stderr)
        // A damaged report.json names the file and the key.
        let f = try folder()
        let copy = dir.appendingPathComponent("run")
        try FileManager.default.copyItem(at: f, to: copy)
        let json = try read(copy.appendingPathComponent("report.json")).replacingOccurrences(of: "\"country\" : \"BEL\"", with: "\"country\" : 7")
        try json.write(to: copy.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["report", copy.path, "--output", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("report.json") && bad.stderr.contains("country"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
        let lang = try CLI.run(["report", copy.path, "--lang", "de"])
        XCTAssertEqual(lang.status, 2)
        XCTAssertTrue(lang.stderr.contains("--lang"), lang.stderr)
    }

    func testReportOptionsNeedReportAndAreCheckedBeforeEstimating() throws {
        let noReport = try CLI.run(["estimate", "--lang", "nl"])
        XCTAssertEqual(noReport.status, 2)
        XCTAssertTrue(noReport.stderr.contains("add --report"), noReport.stderr)
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let badDigits = try CLI.run(["estimate", "--report", dir.path, "--digits", "40"])
        XCTAssertEqual(badDigits.status, 2)
        XCTAssertTrue(badDigits.stderr.contains("--digits"), badDigits.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "nothing written")
        let stray = try CLI.run(["estimate", dir.path])
        XCTAssertEqual(stray.status, 2)
        XCTAssertTrue(stray.stderr.contains("only after --report"), stray.stderr)
    }
}
