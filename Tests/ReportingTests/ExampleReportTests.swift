import XCTest
import Foundation
@testable import Reporting

/// The checked-in example report, Reports/example/, built from the bundled data:
/// - `data/offshoring-BEL.csv`: `offshore measure --country BEL --format csv` on the bundled WIOD 2013 tables;
/// - `data/measure-table1.txt`: `offshore measure --country BEL --format table`, the terminal Table 1, kept to
///   cross-check the publication layer against the existing renderer;
/// - `labels.toml`: industry names (WIOD's list) and variable labels in three languages;
/// - the Grunfeld validation data beside the repository (../shared/data/validation) for the regression tables.
///
/// The test rebuilds the report and compares every file with the checked-in one; with OFFSHORE_UPDATE_GOLDEN=1
/// it rewrites Reports/example instead.
enum ExampleReport {
    static var folder: URL { Support.repositoryRoot.appendingPathComponent("Reports/example") }
    static let aggregates = ["manufacturing": "Manufacturing", "market_services": "Market services"]
    static let source = "WIOD 2013 release (Timmer et al. 2015), current US$, bundled in SupplyUseTables/wiod2013"

    static func data() throws -> OffshoringData {
        try OffshoringData(tidyCSV: folder.appendingPathComponent("data/offshoring-BEL.csv").path, aggregates: aggregates)
    }

    static func labels() throws -> VariableLabels { try VariableLabels(path: folder.appendingPathComponent("labels.toml").path) }

    static func build(_ lang: Language = .en) throws -> RunReport {
        let d = try data(), labels = try labels()
        let last = d.years.last ?? 2011
        let o = OffshoringTableOptions(language: lang, labels: labels, source: source, label: "tab:table1")
        var o2007 = o
        o2007.lastYear = 2007
        o2007.label = "tab:table1-2007"
        var ref = OffshoringTableOptions(language: lang, labels: labels,
                                         source: "Michel and Rycx (2012), constant-price supply-use tables (METHOD.md)", label: "tab:reference")
        ref.caption = "Reference study, Table 1: Belgium, 1995-2007"
        let models = try AdapterTests.grunfeldModels()
        // The standard offshoring section, with the reference period and the published Table 1 after Table 1.
        var offshoring = ReportSections.offshoring(d, title: "Offshoring intensities by origin group", options: o)
        offshoring.items.insert(contentsOf: [
            .paragraph("The same measures over the reference study's period, beside its published Table 1 (constant-price "
                       + "supply-use tables, so levels differ; the pattern is what should agree)."),
            .group([.table(id: "table1-1995-2007", OffshoringTableBuilder.table1(d, options: o2007)),
                    .table(id: "reference-table1", OffshoringTableBuilder.table1(.referenceTable1, options: ref))]),
        ], at: 1)
        offshoring.items.insert(.paragraph("om: imported manufactured inputs, os: imported business services, both in % of non-energy "
                                           + "intermediate inputs, by the region that supplied them (OECD, Central and Eastern Europe, Asia). "
                                           + "Aggregates are ratios of sums."), at: 0)
        var regressions = try ReportSections.regressions(models, title: "Regression tables", id: "grunfeld", options: RegressionTableOptions(
            language: lang, labels: labels, caption: "Grunfeld investment equations, 10 US firms, 1935-1954"))
        regressions.items.insert(.paragraph("The regression layout on the Grunfeld validation data (the estimates of METHOD.md, section 3): "
                                            + "pooled OLS, firm fixed effects, two-way fixed effects, and firm fixed effects with errors "
                                            + "clustered by firm."), at: 0)
        return RunReport(
            title: "Offshoring in Belgium, 1995-\(last): example report",
            subtitle: "Built from the bundled WIOD 2013 tables and the Grunfeld validation data",
            language: lang,
            sections: [offshoring, regressions],
            provenance: [
                "Input-output tables: " + source + ", 41 regions x 35 industries, 1995-\(last).",
                "Classification of products and aggregates: SupplyUseTables/classifications/wiod2013.toml; origin groups: "
                    + "SupplyUseTables/groupings/default.toml (the reference study's OECD, CEE and ASIA).",
                "BEL c35 (private households) has a zero denominator in every year, so its intensities are undefined and left out.",
                "Reference Table 1: Michel and Rycx (2012), Federal Planning Bureau, as transcribed in METHOD.md.",
                "Regressions: Grunfeld investment data, Baltagi's textbook version (../shared/data/validation/grunfeld.csv).",
            ],
            synthetic: false,
            manifest: [
                ("measures", "offshore measure --country BEL --format csv --output Reports/example/data/offshoring-BEL.csv"),
                ("table", "offshore measure --country BEL --format table --output Reports/example/data/measure-table1.txt"),
                ("labels", "Reports/example/labels.toml"),
                ("report", "OFFSHORE_UPDATE_GOLDEN=1 swift test --filter ReportingTests.ExampleReportTests"),
                ("language", lang.rawValue),
            ])
    }
}

final class ExampleReportTests: XCTestCase {
    func testCheckedInExampleIsUpToDate() throws {
        let run = try ExampleReport.build()
        if ProcessInfo.processInfo.environment["OFFSHORE_UPDATE_GOLDEN"] == "1" {
            try ReportWriter.write(run: run, to: ExampleReport.folder.path)
            XCTFail("Reports/example rewritten; review it and run again without OFFSHORE_UPDATE_GOLDEN")
            return
        }
        for (path, contents) in try ReportWriter.files(run: run) {
            Support.assertGolden(contents, "../../../Reports/example/" + path)
        }
    }

    /// Table 1 built by the publication layer from the tidy CSV has the same numbers as the terminal Table 1 of
    /// `offshore measure` (OffshoringReport, computed from the sums directly).
    func testTable1AgreesWithTheMeasureCommandsTable() throws {
        let terminal = try String(contentsOf: ExampleReport.folder.appendingPathComponent("data/measure-table1.txt"), encoding: .utf8)
        func numericRows(_ text: String) -> [[String]] {
            text.split(separator: "\n").compactMap { line -> [String]? in
                let tokens = line.split(separator: " ").map(String.init)
                let nums = tokens.filter { Double($0) != nil || $0 == "n/a" }
                return nums.count == 6 && tokens.count >= 7 ? nums : nil
            }
        }
        let expected = numericRows(terminal)
        XCTAssertEqual(expected.count, 8)
        let mine = OffshoringTableBuilder.table1(try ExampleReport.data(), options: OffshoringTableOptions(labels: try ExampleReport.labels()))
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
