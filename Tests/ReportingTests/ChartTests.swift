import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
@testable import Reporting

/// Collects elements and attributes of an SVG document while checking that it is well-formed XML.
final class SVGProbe: NSObject, XMLParserDelegate {
    /// Elements in document order, with their attributes and (for `text`) their content.
    var elements: [(name: String, attributes: [String: String], text: String)] = []
    private var stack: [Int] = []

    static func parse(_ svg: String) throws -> SVGProbe {
        let probe = SVGProbe()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = probe
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey: "not well-formed XML: \(String(describing: parser.parserError))"])
        }
        return probe
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        elements.append((name, attributes, ""))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    /// Texts of `text` elements, in order.
    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
    /// Values of `data-series` on series groups, in order.
    var series: [String] { elements.filter { $0.attributes["class"] == "series" }.compactMap { $0.attributes["data-series"] } }
    /// Tick labels, in order.
    var ticks: [String] { elements.filter { $0.name == "text" && $0.attributes["class"] == "tick" }.map(\.text) }
}

final class ChartTests: XCTestCase {
    func testNiceTicksForKnownRanges() {
        XCTAssertEqual(NiceScale(min: 0, max: 38.33).ticks, [0, 10, 20, 30, 40])
        let s = NiceScale(min: 0.71, max: 1.94)
        XCTAssertEqual(s.ticks, [0.5, 1.0, 1.5, 2.0])
        XCTAssertEqual(s.decimals, 1)
        XCTAssertEqual(NiceScale(min: 0.71, max: 1.94, includeZero: true).ticks, [0, 0.5, 1.0, 1.5, 2.0])
        // range 0.256 -> 0.5, step 0.5 / 5 = 0.1
        let c = NiceScale(min: -0.103, max: 0.153, targetTicks: 6)
        XCTAssertEqual(c.step, 0.1, accuracy: 1e-15)
        XCTAssertEqual(c.ticks, [-0.2, -0.1, 0, 0.1, 0.2], "exact decimals, no drift")
        XCTAssertEqual(c.decimals, 1)
        // years: range 16 -> 20, step 20 / 6 = 3.3 -> 5
        XCTAssertEqual(NiceScale(min: 1995, max: 2011, targetTicks: 7).ticks, [1995, 2000, 2005, 2010, 2015])
        XCTAssertEqual(NiceScale(min: 5, max: 5).ticks, [4.4, 4.6, 4.8, 5.0, 5.2, 5.4, 5.6],
                       "a flat series is widened around its value; 23 * 0.2 is 4.6, not 4.6000000000000005")
        XCTAssertEqual(NiceScale.nice(0.0123, round: true), 0.01, accuracy: 1e-15)
        XCTAssertEqual(NiceScale.nice(3.2, round: false), 5)
        XCTAssertEqual(NiceScale.nice(7.5, round: true), 10)
    }

    func offshoringData() -> OffshoringData { OffshoringData(OffshoringTableTests.measuredYears()) }

    func testLineChartIsWellFormedWithOneSeriesPerOrigin() throws {
        let chart = OffshoringCharts.overTime(offshoringData(), unit: "manufacturing", measure: .om,
                                              options: OffshoringTableOptions(language: .nl))
        let svg = chart.svg()
        let p = try SVGProbe.parse(svg)
        XCTAssertEqual(p.elements.first?.name, "svg")
        XCTAssertEqual(p.series, ["totaal", "OECD", "CEE"])
        // Two years, so each series is a two-point polyline.
        let lines = p.elements.filter { $0.name == "polyline" }
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines.first?.attributes["points"]?.split(separator: " ").count, 2)
        // y from 0 to 33.33 percent: ticks 0, 10, ..., 40 (no decimals needed); x ticks at years within the data
        XCTAssertEqual(p.ticks, ["0", "10", "20", "30", "40", "1995", "2000", "2005"])
        XCTAssertTrue(p.texts.contains("Jaar"), "axis label in Dutch")
        XCTAssertTrue(p.texts.contains("% van de niet-energetische intermediaire inputs"))
    }

    func testLineChartBreaksAtMissingYearsAndUsesDecimalComma() throws {
        let chart = LineChart(title: "t <&>", xLabel: "x", yLabel: "y",
                              series: [.init(name: "a & b", points: [(2000, 0.5), (2001, 0.7), (2003, 1.2), (2004, 1.1)]),
                                       .init(name: "c", points: [(2000, 0.1), (2001, 0.2), (2002, 0.3), (2003, 0.4), (2004, 0.5)])],
                              style: NumberStyle(decimalComma: true))
        let p = try SVGProbe.parse(chart.svg())
        XCTAssertEqual(p.series, ["a & b", "c"], "names are escaped and read back")
        XCTAssertEqual(p.elements.filter { $0.name == "polyline" }.count, 3, "the first series lacks 2002: two segments, then c's line")
        XCTAssertEqual(p.elements.filter { $0.name == "circle" }.count, 4 + 1, "a marker per point and one in the legend (c has squares)")
        XCTAssertEqual(p.ticks, ["0,0", "0,5", "1,0", "1,5", "2000", "2001", "2002", "2003", "2004"])
    }

    func testRankingBarsSortedWithValues() throws {
        let chart = OffshoringCharts.ranking(offshoringData(), year: 2007, measure: .om)
        let p = try SVGProbe.parse(chart.svg())
        let bars = p.elements.filter { $0.attributes["class"] == "bar" }
        XCTAssertEqual(bars.compactMap { $0.attributes["data-label"] }, ["c3", "c4"], "largest first, aggregates left out")
        XCTAssertEqual(bars.compactMap { $0.attributes["data-value"] }, ["40.0", "20.0"])
        let rects = p.elements.filter { $0.name == "rect" && $0.attributes["fill"] == ChartStyle.palette[0] }
        let w = rects.compactMap { Double($0.attributes["width"] ?? "") }
        XCTAssertEqual(w.count, 2)
        XCTAssertEqual(w[0] / w[1], 2, accuracy: 0.01, "bar lengths proportional to values from zero")
    }

    func testCoefficientPlotShowsEachModelsIntervals() throws {
        let plot = CoefficientPlot(models: Fixtures.models, terms: ["value", "capital", "o*"], level: 0.95, labels: Fixtures.labels)
        XCTAssertEqual(plot.terms, ["Firm value", "Capital stock", "om_CEE {materials}", "Services offshoring"])
        XCTAssertEqual(plot.points.count, 2 + 2 + 3)
        // Model 1, value: 0.1101238 -/+ qt(0.975, 188) * 0.0118567 (R: 0.08673453026, 0.13351306974)
        let v = try XCTUnwrap(plot.points.first { $0.model == "(1)" && $0.term == "Firm value" })
        XCTAssertEqual(v.lower, 0.08673453026, accuracy: 1e-10)
        XCTAssertEqual(v.upper, 0.13351306974, accuracy: 1e-10)
        let p = try SVGProbe.parse(plot.svg())
        XCTAssertEqual(p.series, ["(1)", "(2)", "(3)"])
        XCTAssertEqual(p.elements.filter { $0.attributes["class"] == "estimate" }.count, 7)
        // One panel per term, each with its own line at zero (issue 18 item 5: one before).
        XCTAssertEqual(p.elements.filter { $0.attributes["class"] == "zero" }.count, 4)
        XCTAssertTrue(p.texts.contains("Coefficients across models"))
    }

    func testExtremeAndMissingValuesNeverCrash() throws {
        for (a, b) in [(-1e308, 1e308), (0, 1e300), (Double.leastNonzeroMagnitude, 4 * Double.leastNonzeroMagnitude), (.nan, .infinity), (3, 3)] {
            let s = NiceScale(min: a, max: b)
            XCTAssertFalse(s.ticks.isEmpty)
            XCTAssertLessThanOrEqual(s.ticks.count, 1002)
        }
        let weird = LineChart(title: "w", xLabel: "x", yLabel: "y",
                              series: [.init(name: "s", points: [(2000, .nan), (2001, 1e300), (2002, -1e300), (2003, .infinity)])])
        XCTAssertNoThrow(try SVGProbe.parse(weird.svg()))
        let empty = LineChart(title: "e", xLabel: "x", yLabel: "y", series: [])
        XCTAssertNoThrow(try SVGProbe.parse(empty.svg()))
        XCTAssertNoThrow(try SVGProbe.parse(BarChart(title: "b", valueLabel: "v", bars: [("a", .nan), ("b", -2), ("c", 3)]).svg()))
        XCTAssertNoThrow(try SVGProbe.parse(BarChart(title: "b", valueLabel: "v", bars: []).svg()))
        let plot = CoefficientPlot(title: "c", valueLabel: "v", models: ["m"], terms: ["t"],
                                   points: [.init(model: "m", term: "t", estimate: 1, lower: .nan, upper: .nan)])
        XCTAssertNoThrow(try SVGProbe.parse(plot.svg()))
    }
}
