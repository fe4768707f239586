import XCTest
@testable import Offshoring
@testable import Reporting
import RunFolders

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

    /// The reference Table 1 prints the published growth columns; recomputed from the printed levels with the
    /// compound formula they agree where the 1995 level has enough digits in print. The CEE rows start from
    /// 0.55 and 0.05 (om) and the small os levels (0.01 ... 0.07) have one significant digit, so there the
    /// published growth (computed from unrounded levels) cannot be reproduced.
    func testReferenceTable1GrowthColumnsAsPublished() throws {
        let ref = OffshoringData.referenceTable1
        func columns(_ t: PublicationTable) -> (om: [String], os: [String]) {
            var om: [String] = [], os: [String] = []
            for row in t.body {
                guard case let .data(_, cells, _) = row else { continue }
                om.append(cells[2].text)
                os.append(cells[5].text)
            }
            return (om, os)
        }
        let printed = columns(OffshoringTableBuilder.table1(ref))
        XCTAssertEqual(printed.om, ["0.6", "-0.1", "11.2", "6.2", "3.6", "3.0", "17.3", "8.0"])
        XCTAssertEqual(printed.os, ["8.7", "8.4", "11.9", "16.5", "4.9", "4.6", "8.9", "11.0"])
        var levelsOnly = ref
        levelsOnly.publishedGrowth = [:]
        let recomputed = columns(OffshoringTableBuilder.table1(levelsOnly))
        XCTAssertEqual(recomputed.om, ["0.6", "-0.1", "11.1", "6.2", "3.6", "3.0", "16.4", "8.0"])
        for k in [0, 1, 3, 4, 5, 7] { XCTAssertEqual(recomputed.om[k], printed.om[k], "om row \(k)") }
        for k in [0, 4, 5] { XCTAssertEqual(recomputed.os[k], printed.os[k], "os row \(k)") }
        // Naming the same period explicitly still prints the published figures.
        var o = OffshoringTableOptions()
        o.lastYear = 2007
        XCTAssertEqual(columns(OffshoringTableBuilder.table1(ref, options: o)).om, printed.om)
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
