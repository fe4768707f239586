import Foundation
import TestSupport
import XCTest

/// `offshore measure` on the bundled WIOD 2016 national table (an .xlsx workbook, format niot detected from the file),
/// and bad input in such a workbook: exit 2 naming the workbook, the sheet and the cell, nothing written.
final class MeasureNIOTTests: XCTestCase {
    func testMeasureReadsTheBundledWorkbook() throws {
        let r = try CLI.run(["measure", "--tables", "SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx",
                             "--classification", "SupplyUseTables/classifications/wiod2016.toml", "--format", "csv", "--years", "2000,2014"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // The value of Tests/OffshoringTests/References/BEL_niot2016_reference.csv (pandas + openpyxl), to the last digit.
        XCTAssertTrue(r.stdout.contains("BEL,manufacturing,2000,om,total,37.52066325361642\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("BEL,market_services,2014,os,total,"), r.stdout)
        // Imports in a national table have no origin: no origin-group rows (they used to read 0), and a note says why.
        for group in ["OECD", "CEE", "ASIA"] { XCTAssertFalse(r.stdout.contains(",\(group),"), group) }
        XCTAssertTrue(r.stderr.contains("om and os are measured in total only"), r.stderr)
        let table = try CLI.run(["measure", "--tables", "SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx", "--years", "2000,2014"])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertFalse(table.stdout.contains("OECD"), table.stdout)
    }

    func testBadCellExitsWith2NamingWorkbookSheetAndCell() throws {
        let bad = RepositoryPaths.file("Tests/IOTablesTests/References/BAD_NIOT_text.xlsx").path
        let dir = try TemporaryDirectory.make(prefix: "niot-cli")
        defer { TemporaryDirectory.remove(dir) }
        let out = dir.appendingPathComponent("out.csv").path
        let r = try CLI.run(["measure", "--tables", bad, "--classification", "SupplyUseTables/classifications/wiod2016.toml",
                             "--format", "csv", "--output", out])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(bad)[National IO-tables]!F5: expected a number, found 'abc'"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
