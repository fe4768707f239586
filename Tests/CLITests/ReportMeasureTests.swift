import Foundation
import XCTest

/// `offshore measure --report DIR`: the offshoring report (Table 1, charts, rankings, industry x year tables).
final class ReportMeasureTests: XCTestCase {
    func testMeasureReportInDutch() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("measure-BEL").path
        let r = try CLI.run(["measure", "--years", "1995-1997", "--format", "csv", "--report", folder, "--lang", "nl"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("country,unit,year,measure,group,value\n"), "the usual output is unchanged")
        XCTAssertTrue(r.stderr.contains("wrote \(folder)/index.html"), r.stderr)
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<html lang=\"nl\">") && page.contains("Offshoringintensiteit") && page.contains("Herkomst van de gegevens"))
        XCTAssertFalse(page.contains("class=\"warning\""), "the measures use the real tables only")
        let table1 = try String(contentsOfFile: folder + "/tables/table1.txt", encoding: .utf8)
        XCTAssertTrue(table1.contains("Industrie, totaal") || table1.contains("Industrie"), table1)
        XCTAssertNotNil(table1.range(of: #"41,60"#), "manufacturing om 1995 with a decimal comma:\n\(table1)")
        for f in ["charts/om-manufacturing.svg", "charts/os-ranking-1997.svg", "tables/om-by-industry-standalone.tex", "tables/table1.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + f), f)
        }
        let bad = try CLI.run(["measure", "--lang", "nl"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("add --report"), bad.stderr)
    }
}
