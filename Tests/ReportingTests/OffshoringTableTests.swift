import XCTest
@testable import Offshoring
@testable import Reporting

final class OffshoringTableTests: XCTestCase {
    /// Two hand-made years of measures: one aggregate over two industries, origins total, OECD, CEE.
    static func measuredYears() -> [OffshoringYear] {
        func sums(_ om: [Double], _ os: [Double], _ d: Double) -> OffshoringSums {
            var s = OffshoringSums(groups: 2)
            s.om = om
            s.os = os
            s.denominator = d
            return s
        }
        func year(_ y: Int, _ a: OffshoringSums, _ b: OffshoringSums) -> OffshoringYear {
            var agg = a
            agg += b
            return OffshoringYear(country: "BEL", year: y, origins: ["total", "OECD", "CEE"], denominator: .nonenergy, narrow: false,
                                  industries: [OffshoringUnit(unit: "c3", label: "c3", isAggregate: false, sums: a),
                                               OffshoringUnit(unit: "c4", label: "c4", isAggregate: false, sums: b)],
                                  aggregates: [OffshoringUnit(unit: "manufacturing", label: "Manufacturing", isAggregate: true, sums: agg)],
                                  warnings: [], unitOrder: ["c3", "c4", "manufacturing"], undefined: [])
        }
        return [
            year(2007, sums([40, 30, 5], [2, 1.5, 0.2], 100), sums([10, 8, 1], [3, 2, 0.5], 50)),
            year(1995, sums([30, 28, 1], [1, 0.9, 0.05], 100), sums([6, 5, 0.5], [1, 0.8, 0.1], 50)),
        ]
    }

    func testAdapterFromMeasuredYearsIsRatioOfSums() throws {
        let d = OffshoringData(Self.measuredYears())
        XCTAssertEqual(d.years, [1995, 2007], "sorted by year")
        XCTAssertEqual(d.units.map(\.unit), ["c3", "c4", "manufacturing"])
        XCTAssertEqual(d.tableUnits.map(\.unit), ["manufacturing"])
        XCTAssertEqual(try XCTUnwrap(d.value("c4", "CEE", "os", 2007)), 1.0, accuracy: 1e-12)
        // manufacturing om total 2007 = (40 + 10) / (100 + 50) in percent
        XCTAssertEqual(try XCTUnwrap(d.value("manufacturing", "total", "om", 2007)), 100 * 50.0 / 150, accuracy: 1e-12)
    }

    func testTable1GoldenAndGrowth() throws {
        let d = OffshoringData(Self.measuredYears())
        let t = OffshoringTableBuilder.table1(d, options: OffshoringTableOptions(source: "hand-made test tables"))
        for f in TableFormat.allCases { Support.assertGolden(t.render(f), "table1.\(f.fileExtension)") }
        Support.assertGolden(OffshoringTableBuilder.table1(d, options: OffshoringTableOptions(language: .fr, source: "tableaux de test"))
            .render(.text), "table1-fr.txt")
        guard case let .data(label, cells, _)? = t.body.first else { return XCTFail("no rows") }
        XCTAssertEqual(label, "Manufacturing, total")
        // om 24.00 -> 33.33 over 12 years: (50/36)^(1/12) - 1 = 2.775 %
        XCTAssertEqual(cells.map(\.text), ["24.00", "33.33", "2.8", "1.33", "3.33", "7.9"])
    }

    /// The growth columns of the reference study's Table 1 (METHOD.md) follow from its level columns with the
    /// compound formula. Rows whose 1995 level has one significant digit in print (0.01 ... 0.07) cannot
    /// reproduce the published growth, which was computed from unrounded levels; they are left out.
    func testReferenceTable1GrowthColumnsAsPublished() throws {
        let t = OffshoringTableBuilder.table1(OffshoringData.referenceTable1)
        let published: [String: (om: String, os: String)] = [
            "Manufacturing, total": ("0.6", "8.7"), "Market services, total": ("3.6", "4.9"),
        ]
        var seen = 0
        var omGrowth: [String] = []
        for row in t.body {
            guard case let .data(label, cells, _) = row else { continue }
            omGrowth.append(cells[2].text)
            if let p = published[label] {
                XCTAssertEqual(cells[2].text, p.om, label)
                XCTAssertEqual(cells[5].text, p.os, label)
                seen += 1
            }
        }
        XCTAssertEqual(seen, 2)
        // om growth of every row: published 0.6, -0.1, 11.2, 6.2, 3.6, 3.0, 17.3, 8.0; the CEE rows start from
        // 0.55 and 0.05 in print, which give 11.1 and 16.4 instead.
        XCTAssertEqual(omGrowth, ["0.6", "-0.1", "11.1", "6.2", "3.6", "3.0", "16.4", "8.0"])
    }

    func testIndustryByYearGoldenAndDutch() throws {
        let d = OffshoringData(Self.measuredYears())
        let t = OffshoringTableBuilder.industryByYear(d, measure: .om, options: OffshoringTableOptions(language: .nl))
        Support.assertGolden(t.render(.text), "industry-by-year-nl.txt")
        Support.assertGolden(t.render(.csv, csvSeparator: ";"), "industry-by-year-nl.csv")
        XCTAssertTrue(t.render(.text).contains("40,00"), "decimal comma in Dutch")
        XCTAssertTrue(t.notes[0].hasPrefix("% van de niet-energetische"), t.notes[0])
    }

    func testUndefinedValuesAreNA() {
        var d = OffshoringData(country: "X", denominator: "output", years: [2000, 2001], origins: ["total"],
                               units: [.init(unit: "a", label: "A", isAggregate: false)])
        d.set("a", "total", "om", 2000, 0)
        d.set("a", "total", "om", 2001, 5)
        let t = OffshoringTableBuilder.table1(d)
        guard case let .data(_, cells, _)? = t.body.first else { return XCTFail("no rows") }
        XCTAssertEqual(cells.map(\.text), ["0.00", "5.00", "n/a", "n/a", "n/a", "n/a"], "growth from zero is undefined")
    }
}
