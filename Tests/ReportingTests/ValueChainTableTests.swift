import Foundation
import XCTest
@testable import Reporting
@testable import ValueChains

/// The value-chain tables and charts of `offshore gvc --report` on hand-made measures: Table 1 against golden files
/// in Markdown, LaTeX and CSV, and the charts' series.
final class ValueChainTableTests: XCTestCase {
    /// Two hand-made years of vs and upstreamness: industries c1 and c2, the aggregate manufacturing (both) and all,
    /// origins total and EU.
    static func measuredYears() -> [ValueChainYear] {
        func sums(_ values: [Double], _ weight: Double) -> GVCSums {
            var s = GVCSums(groups: 1)
            s.values = values
            s.weight = weight
            return s
        }
        func year(_ y: Int, vs: ([Double], [Double]), up: (Double, Double)) -> ValueChainYear {
            let c1 = GVCUnit(unit: "c1", label: "c1", isAggregate: false, sums: [sums(vs.0, 100), sums([up.0 * 100, 0], 100)])
            let c2 = GVCUnit(unit: "c2", label: "c2", isAggregate: false, sums: [sums(vs.1, 300), sums([up.1 * 50, 0], 50)])
            let manufacturing = ValueChainMeasures.sum([c1, c2], unit: "manufacturing", label: "Manufacturing", measures: 2, groups: 1)
            let all = ValueChainMeasures.sum([c1, c2], unit: allIndustriesUnit, label: "All industries", measures: 2, groups: 1)
            return ValueChainYear(country: "BEL", year: y, origins: ["total", "EU"], measures: [.vs, .upstreamness],
                                  industries: [c1, c2], aggregates: [manufacturing, all])
        }
        return [year(2000, vs: ([20, 15], [30, 6]), up: (2.5, 1.5)), year(2001, vs: ([25, 16], [45, 9]), up: (2.75, 1.25))]
    }

    func testTable1Golden() throws {
        let d = ValueChainData(Self.measuredYears(), country: "BEL")
        XCTAssertEqual(d.years, [2000, 2001])
        XCTAssertEqual(d.units.map(\.unit), ["c1", "c2", "manufacturing", "all"])
        // manufacturing vs 2000: (20 + 30) / (100 + 300) = 12.5 %; upstreamness (250 + 75) / 150
        XCTAssertEqual(try XCTUnwrap(d.value("manufacturing", .vs, "total", 2000)), 12.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.value("manufacturing", .upstreamness, "total", 2000)), 325.0 / 150, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.value("manufacturing", .vs, nil, 2001)), 100 * (70.0 - 25) / 400, accuracy: 1e-12, "no group")
        let t = ValueChainTableBuilder.table1(d, options: ValueChainTableOptions(source: "hand-made test tables"))
        for f in [TableFormat.markdown, .latex, .csv] { Support.assertGolden(t.render(f), "gvc-table1.\(f.fileExtension)") }
        Support.assertGolden(ValueChainTableBuilder.table1(d, options: ValueChainTableOptions(language: .nl, source: "testtabellen")).render(.text),
                             "gvc-table1-nl.txt")
        let fr = ValueChainTableBuilder.table1(d, options: ValueChainTableOptions(language: .fr)).render(.text)
        XCTAssertTrue(fr.contains("Chaînes de valeur mondiales") && fr.contains("12,50") && fr.contains("variation"), fr)
    }

    func testChartsDrawTheMeasuresByOriginAndAggregate() throws {
        let d = ValueChainData(Self.measuredYears(), country: "BEL")
        let vs = ValueChainCharts.overTime(d, unit: "manufacturing", measure: .vs)
        XCTAssertEqual(vs.series.map(\.name), ["total", "EU"])
        XCTAssertEqual(vs.series[0].points.map(\.y), [12.5, 17.5])
        XCTAssertEqual(vs.yLabel, "% of gross exports")
        let up = ValueChainCharts.byAggregate(d, measure: .upstreamness)
        XCTAssertEqual(up.series.map(\.name), ["Manufacturing", "All industries"])
        XCTAssertFalse(up.includeZero, "stages start at 1, not 0")
        let section = ReportSections.valueChains(d)
        let ids = section.items.compactMap { item -> String? in
            switch item {
            case let .table(id, _): return id
            case let .chart(id, _, _): return id
            default: return nil
            }
        }
        XCTAssertEqual(ids, ["gvc-table1", "vs-manufacturing", "vs-all", "upstreamness-by-aggregate", "vs-ranking-2001",
                             "upstreamness-ranking-2001", "vs-by-industry", "upstreamness-by-industry"])
        for case let .chart(_, _, svg) in section.items { XCTAssertTrue(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n")) }
    }

    /// The value-chain page in headless Chromium (where installed): a PNG of the window's size, far from blank.
    func testValueChainPageRendersInHeadlessChromium() throws {
        let chromium = try Support.chromium("the value-chain report")
        let dir = try Support.temporaryDirectory("chromium-gvc")
        let d = ValueChainData(Self.measuredYears(), country: "BEL")
        let run = RunReport(title: "Global value chains: BEL", language: .en, sections: [ReportSections.valueChains(d)], provenance: ["hand-made"])
        try ReportWriter.write(run: run, to: dir.appendingPathComponent("report").path)
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"
            .write(to: dir.appendingPathComponent("blank.html"), atomically: true, encoding: .utf8)
        func shoot(_ page: String, _ png: String) throws -> Data {
            let args = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile",
                        "--screenshot=\(dir.path)/\(png)", "--window-size=1200,1600", "file://\(dir.path)/\(page)"]
            let (status, log) = try Support.run(chromium, args, in: dir, timeout: 90)
            guard status == 0, let data = try? Data(contentsOf: dir.appendingPathComponent(png)) else {
                throw XCTSkip("Chromium could not take a screenshot here (status \(status)): \(log.suffix(500))")
            }
            return data
        }
        let page = try shoot("report/index.html", "report.png"), blank = try shoot("blank.html", "blank.png")
        XCTAssertEqual(Array(page.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        XCTAssertGreaterThan(page.count, 10 * blank.count, "the page renders content (\(page.count) bytes vs a blank \(blank.count))")
    }
}
