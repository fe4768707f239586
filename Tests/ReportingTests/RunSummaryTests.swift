import Foundation
import XCTest
@testable import Reporting
@testable import RunFolders

/// The saved results of a run (`report.json`), the contribution table, the run report built from them, labels laid
/// over labels, and several tables in one LaTeX document.
final class RunSummaryTests: XCTestCase {
    static func summary() -> RunSummary {
        let single = RunSummary.Model(name: "production", dependent: "log(Y)", formula: "log(Y) ~ log(K) + om | industry + year", coefficients: [
            .init(term: "log(K)", estimate: 0.15137739151203639, standardError: 0.07872992290983342, pValue: 0.07669686363889386,
                  degreesOfFreedom: 13),
            .init(term: "om", estimate: -0.0021, standardError: .nan, pValue: .nan, degreesOfFreedom: .infinity),
        ], observations: 140, r2: 0.9994909116348796, withinR2: 0.9178340294286638, fixedEffects: ["industry", "year"],
        vcov: "cluster:industry", sample: "manufacturing", period: "1995-2004")
        let equation = RunSummary.Model(name: "skill_system", equation: "S_l", dependent: "S_l", formula: "S_l ~ om", coefficients: [
            .init(term: "om", estimate: -0.0031, standardError: 0.0012, pValue: 0.011, degreesOfFreedom: 300),
        ], observations: 182, r2: 0.41, fixedEffects: ["industry", "year"], vcov: "sur-iterated", sample: "all", period: "1995-2007")
        let contribution = RunSummary.Contribution(model: "skill_share", response: "S_l", from: 1995, to: 2007, weights: "wbshare",
                                                   totalChange: -0.0779, industries: 14, rows: [
            .init(name: "om", terms: ["om"], group: false, coefficient: -0.003, change: 2.303, contribution: 0.0976, standardError: 0.0232),
            .init(name: "all regressors", terms: ["om"], group: true, coefficient: nil, change: nil, contribution: 0.4602,
                  standardError: 0.0402),
        ])
        return RunSummary(runName: "t", toolVersion: "9.9.9", country: "BEL", years: Array(1995...2007), denominator: "nonenergy",
                          synthetic: true, syntheticNote: "SYNTHETIC accounts.", tablesSource: "WIOD 2013",
                          sources: ["tables": "../wiod2013", "accounts": "/data/sea.csv"],
                          aggregates: [.init(name: "manufacturing", label: "Manufacturing")],
                          modelTables: [.init(family: "production", models: [single]), .init(family: "skills", models: [equation])],
                          contributions: [contribution], notes: ["industry c35 has no defined offshoring measures"])
    }

    func testJSONRoundTripKeepsEveryNumberExactly() throws {
        let dir = try Support.temporaryDirectory("summary")
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = Self.summary()
        let text = try s.json()
        XCTAssertEqual(try s.json(), text, "deterministic")
        XCTAssertTrue(text.contains("\"standard_error\" : \"NaN\"") && text.contains("\"degrees_of_freedom\" : \"Infinity\""), text)
        XCTAssertTrue(text.contains("\"estimate\" : 0.15137739151203639"), "shortest round-trip digits")
        let path = dir.appendingPathComponent("report.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let back = try RunSummary(path: path)
        XCTAssertEqual(try back.json(), text)
        let c = back.modelTables[0].models[0].coefficients
        XCTAssertEqual(c[0].estimate, 0.15137739151203639)
        XCTAssertEqual(c[0].pValue, 0.07669686363889386)
        XCTAssertTrue(c[1].standardError.isNaN)
        XCTAssertEqual(c[1].degreesOfFreedom, .infinity)
        XCTAssertEqual(back.modelTables[1].models[0].equation, "S_l")
        XCTAssertNil(back.modelTables[1].models[0].withinR2)

        // Errors name the file and the key.
        func expectError(_ json: String, _ fragment: String, line: UInt = #line) {
            try? json.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try RunSummary(path: path), line: line) { e in
                XCTAssertTrue("\(e)".hasPrefix(path) && "\(e)".contains(fragment), "\(e)", line: line)
            }
        }
        expectError(text.replacingOccurrences(of: "\"country\" : \"BEL\",", with: ""), "country")
        expectError(text.replacingOccurrences(of: "\"observations\" : 140", with: "\"observations\" : \"many\""), "model_tables[0].models[0].observations")
        expectError(text.replacingOccurrences(of: "\"schema\" : 1", with: "\"schema\" : 2"), "schema 1")
        expectError("{", "not a report.json")
        XCTAssertThrowsError(try RunSummary(path: dir.appendingPathComponent("none.json").path)) { XCTAssertTrue("\($0)".contains("none.json")) }
    }

    func testContributionTableInThreeLanguages() throws {
        let c = Self.summary().contributions[0]
        let labels = VariableLabels(common: ["om": "Materials offshoring"], byLanguage: [.nl: ["om": "Offshoring van materialen", "S_l": "Loonsomaandeel"]])
        let en = ContributionTableBuilder.table(c, options: RegressionTableOptions(labels: labels))
        XCTAssertEqual(en.caption, "Contributions to the change in S_l, 1995-2007 (model skill_share)")
        XCTAssertEqual(en.body.first, .data(label: "Materials offshoring", cells: ["-0.003", "2.303", "9.76", "(2.32)"], indent: 0))
        XCTAssertEqual(en.body.last, .data(label: "all regressors", cells: ["", "", "46.02", "(4.02)"], indent: 0))
        XCTAssertTrue(en.notes[0].contains("(-0.0779)") && en.notes[1] == "Weights: wbshare in 1995; 14 industries.", "\(en.notes)")
        let nl = ContributionTableBuilder.table(c, options: RegressionTableOptions(language: .nl, labels: labels))
        XCTAssertEqual(nl.caption, "Bijdragen aan de verandering van Loonsomaandeel, 1995-2007 (model skill_share)")
        XCTAssertEqual(nl.body.first, .data(label: "Offshoring van materialen", cells: ["-0,003", "2,303", "9,76", "(2,32)"], indent: 0))
        XCTAssertEqual(nl.body.last, .data(label: "alle verklarende variabelen", cells: ["", "", "46,02", "(4,02)"], indent: 0))
        let fr = ContributionTableBuilder.table(c, options: RegressionTableOptions(language: .fr))
        XCTAssertEqual(fr.header[0].cells.map(\.text), ["Coefficient", "Variation", "Contribution (%)", "Écart-type (%)"])
        XCTAssertTrue(fr.notes[1].hasPrefix("Pondérations\u{00A0}: wbshare en 1995"), fr.notes[1])
    }

    func testRunReportFromTheSummary() throws {
        var settings = try PublicationSettings(lang: "nl")
        settings.labels = VariableLabels(byLanguage: [.nl: ["manufacturing": "Industrie", "log(K)": "ln kapitaalvoorraad", "industry": "Bedrijfstak"]])
        let report = try RunSummaryReport.build(Self.summary(), measures: nil, manifest: [("version", "9.9.9")], settings: settings)
        XCTAssertEqual(report.sections.map(\.title), ["Productie en productiviteit", "Scholingsstructuur van de werkgelegenheid",
                                                      "Bijdragen aan de veranderingen"])
        XCTAssertEqual(report.tables.map(\.id), ["models-production", "models-skills", "contributions-1-skill-share"])
        XCTAssertEqual(report.charts.map(\.id), ["models-production-coefficients", "models-skills-coefficients"])
        let production = report.tables[0].table
        let text = production.render(.text)
        for s in ["ln kapitaalvoorraad", "0,151", "(0,0787)", "Geclusterd (bedrijfstak)", "Industrie", "1995-2004", "n/a"] {
            XCTAssertTrue(text.contains(s), "\(s) in\n\(text)")
        }
        XCTAssertTrue(production.notes.contains(Language.nl(.syntheticWarning)))
        XCTAssertTrue(report.tables[1].table.render(.text).contains("SUR (geïtereerd)"), "in Dutch (issue 18 item 4)")
        XCTAssertTrue(report.tables[1].table.render(.text).contains("skill_system (S_l)"))
        XCTAssertTrue(report.synthetic)
        XCTAssertTrue(report.provenance.contains("Input-outputtabellen: ../wiod2013 (WIOD 2013)"), "\(report.provenance)")
        XCTAssertEqual(report.title, "Offshoring en de prestaties van bedrijfstakken: BEL, 1995-2007")
    }

    func testSystemsStandardErrorRowSaysWhenTheCovarianceCountsDegreesOfFreedom() throws {
        var m = Self.summary().modelTables[1].models[0]
        let expected: [(vcov: String, en: String, fr: String)] = [
            ("sur-iterated", "SUR (iterated)", "SUR (itéré)"), ("sur-iterated-geomean", "SUR (iterated, df-corrected)", "SUR (itéré, ddl corrigés)"),
            ("sur-geomean", "SUR (FGLS, df-corrected)", "SUR (FGLS, ddl corrigés)"),
        ]
        for e in expected {
            m.vcov = e.vcov
            XCTAssertEqual(RunSummaryReport.summaryColumn(m, settings: try PublicationSettings(lang: "en")).standardErrorType, e.en)
            XCTAssertEqual(RunSummaryReport.summaryColumn(m, settings: try PublicationSettings(lang: "fr")).standardErrorType, e.fr)
        }
    }

    func testWideFamiliesAreSplitIntoBalancedTables() throws {
        var s = Self.summary()
        let m = s.modelTables[0].models[0]
        s.modelTables = [.init(family: "production", models: (1...7).map { k in var x = m; x.name = "m\(k)"; return x })]
        let report = try RunSummaryReport.build(s, measures: nil, manifest: [], settings: try PublicationSettings())
        XCTAssertEqual(report.tables.filter { $0.id.hasPrefix("models-") }.map { $0.table.columnCount }, [3, 3, 1])
        XCTAssertEqual(report.tables[1].table.caption, "Production and productivity (2/3)")
        XCTAssertEqual(report.charts.count, 1, "one coefficient plot across the family")
        XCTAssertEqual(RunSummaryReport.plotTerms(["log(K)", "om", "om_CEE", "os_CEE"]), ["om", "os_*"])
    }

    func testEveryRunPhraseInEveryLanguage() {
        for p in RunPhrase.allCases {
            for l in Language.allCases { XCTAssertFalse(p.text(l).isEmpty, "\(p) in \(l)") }
        }
        XCTAssertEqual(Language.nl(.productionModels), "Productie en productiviteit")
    }

    func testLabelsLaidOverLabels() {
        let base = VariableLabels(common: ["a": "A", "b": "B"], byLanguage: [.nl: ["a": "A-nl", "c": "C-nl"]])
        let mine = VariableLabels(common: ["a": "Mine"], byLanguage: [.fr: ["b": "B-fr"]])
        let l = mine.layered(over: base)
        XCTAssertEqual(l.label("a", .nl), "Mine", "a common label of the user's beats the base's Dutch one")
        XCTAssertEqual(l.label("b", .fr), "B-fr")
        XCTAssertEqual(l.label("b", .en), "B")
        XCTAssertEqual(l.label("c", .nl), "C-nl")
    }

    func testSeveralTablesInOneLaTeXDocument() {
        var wide = PublicationTable(caption: "Wide", label: "tab:w", columnCount: 10)
        wide.addRow("x", (1...10).map { TableCell("\($0)") })
        var narrow = PublicationTable(caption: "Δ × narrow", label: "tab:n", columnCount: 1)
        narrow.addRow("y", ["1"])
        let doc = LaTeXRenderer.document([narrow, wide])
        XCTAssertEqual(doc.components(separatedBy: "\\begin{document}").count, 2)
        XCTAssertEqual(doc.components(separatedBy: "\\end{document}").count, 2)
        // The wide table is printed sideways on a portrait page (issue 18 item 3; it was a landscape document).
        XCTAssertEqual(doc.components(separatedBy: "\\begin{table}").count, 2)
        XCTAssertEqual(doc.components(separatedBy: "\\begin{sidewaystable}").count, 2)
        XCTAssertTrue(doc.contains("\\usepackage{rotating}"), "the widest table sets the packages")
        XCTAssertTrue(doc.contains("\\clearpage"))
        XCTAssertTrue(doc.contains("\\caption{$\\Delta$ $\\times$ narrow}"), "Greek delta and times work in pdflatex")
        XCTAssertEqual(LaTeXRenderer.document([]), "")
    }
}
