import DataIO
import Foundation
@testable import IOTables
import TestSupport
import XCTest

/// The WIOD 2016 national input-output tables read from their .xlsx workbooks: the bundled Belgian file as
/// distributed, a small workbook in the same layout (References/XMP_NIOT_mini.xlsx, written by
/// ../SpreadsheetsTests/References/make_xlsx.py with openpyxl), and bad input named by workbook, sheet and cell.
/// Layout facts: the release's own workbooks (row 1 Year, Code, Description, Origin, the industry codes, final uses
/// from CONS_h, GO; per year Domestic rows, Imports rows, TOT rows), as described in
/// SupplyUseTables/wiod2016-niot/PROVENANCE.md and ../shared/data/wiod2016-niot/README.md.
final class NIOTReaderTests: XCTestCase {
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")
    static let bel = RepositoryPaths.supplyUseTables.appendingPathComponent("wiod2016-niot/BEL_NIOT_nov16.xlsx").path

    func testTheBelgianWorkbookAsDistributed() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let tables = try NIOTReader.read(path: Self.bel)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("BEL_NIOT_nov16.xlsx read in \(seconds) s")
        XCTAssertEqual(tables.map(\.year), Array(2000...2014))
        let t = try XCTUnwrap(tables.first)
        XCTAssertEqual(t.country, "BEL")
        XCTAssertEqual(t.products.count, 56)
        XCTAssertEqual(t.products.first, "A01")
        XCTAssertEqual(t.products.last, "U")
        // Cells checked against the sheet XML: E3 (2000, A01 Domestic, used by A01), E59 (A01 Imports), E122 (GO).
        XCTAssertEqual(t.domestic[0], 183.28345144063434)
        XCTAssertEqual(t.imported[0], 98.31683477239514)
        XCTAssertEqual(t.output[0], 6566.795999999999)
        // II_fob is the column sum of domestic and imported use, as the workbook rounds it (within 1e-7 relative: the
        // largest gap in 2000 is 3.5e-8, M69_M70), so the measures' denominators come from the flows, not from II_fob.
        let stated = try XCTUnwrap(t.statedIntermediateInputs)
        for i in 0..<56 {
            let sum = (0..<56).reduce(0.0) { $0 + t.domestic[$1 * 56 + i] + t.imported[$1 * 56 + i] }
            XCTAssertEqual(sum, stated[i], accuracy: 1e-7 * max(1, abs(sum)), t.products[i])
        }
    }

    func testTableSetDetectsTheWorkbookFileAndFolder() throws {
        for path in [Self.bel, RepositoryPaths.supplyUseTables.appendingPathComponent("wiod2016-niot").path] {
            let set = try TableSet(path: path)
            XCTAssertEqual(set.format, .niot)
            XCTAssertEqual(set.years, Array(2000...2014))
            XCTAssertEqual(set.inputFiles.map { AtomicFile.baseName(of: $0) }, ["BEL_NIOT_nov16.xlsx"])
        }
        var set = try TableSet(path: Self.bel)
        set.keep(years: [2003, 2011])
        let uses = try set.load(country: "BEL") { use, report in
            XCTAssertNil(report)
            return use
        }
        XCTAssertEqual(uses.map(\.year), [2003, 2011])
        XCTAssertEqual(uses[0].regions, ["BEL"])
        XCTAssertThrowsError(try set.load(country: "NLD") { u, _ in u }) { e in
            XCTAssertTrue("\(e)".contains("'NLD' has no national table in \(Self.bel) (countries: BEL)"), "\(e)")
        }
    }

    func testSmallWorkbookInTheSameLayout() throws {
        let path = Self.references.appendingPathComponent("XMP_NIOT_mini.xlsx").path
        let tables = try NIOTReader.read(path: path)
        XCTAssertEqual(tables.map(\.year), [2000, 2001])
        XCTAssertEqual(tables[0].products, ["A01", "C10-C12", "K64"])
        // Domestic row j, column i: 10 (j + 1) + i; imported: (j + 1) + i; 2001 scaled by 1.5.
        XCTAssertEqual(tables[0].domestic, [10, 11, 12, 20, 21, 22, 30, 31, 32])
        XCTAssertEqual(tables[1].imported, [1, 2, 3, 2, 3, 4, 3, 4, 5].map { $0 * 1.5 })
        XCTAssertEqual(tables[1].output, [300, 301.5, 303])
        let use = try tables[0].countryUse()
        XCTAssertEqual(use.total, [11, 13, 15, 22, 24, 26, 33, 35, 37])
        XCTAssertEqual(use.importedTotal, tables[0].imported)
        XCTAssertEqual(use.intermediateInputs, [66, 72, 78])
        XCTAssertEqual(use.country, "XMP")
    }

    /// Bad input names the workbook, the sheet and the cell.
    func testBadCellIsNamedByWorkbookSheetAndCell() throws {
        let path = Self.references.appendingPathComponent("BAD_NIOT_text.xlsx").path
        XCTAssertThrowsError(try NIOTReader.read(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path)[National IO-tables]!F5: expected a number, found 'abc'")
        }
        XCTAssertThrowsError(try TableSet(path: path)) { e in
            XCTAssertEqual("\(e)", "\(path)[National IO-tables]!F5: expected a number, found 'abc'")
        }
    }

    func testOtherWorkbooksAreRefusedWithTheReason() throws {
        let cells = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpreadsheetsTests/References/cells_openpyxl.xlsx").path
        let dir = try TemporaryDirectory.make(prefix: "niot")
        defer { TemporaryDirectory.remove(dir) }
        let renamed = dir.appendingPathComponent("BEL_cells.xlsx").path
        try FileManager.default.copyItem(atPath: cells, toPath: renamed)
        XCTAssertThrowsError(try NIOTReader.read(path: renamed)) { e in
            XCTAssertEqual("\(e)", "\(renamed): no sheet 'National IO-tables' (sheets: 'cells'): not a WIOD 2016 national input-output table")
        }
        XCTAssertThrowsError(try NIOTReader.read(path: cells)) { e in
            XCTAssertTrue("\(e)".contains("cannot tell the country from the file name"), "\(e)")
        }
        // A header that is almost right says which cell differs.
        let mini = Self.references.appendingPathComponent("XMP_NIOT_mini.xlsx").path
        XCTAssertNoThrow(try NIOTReader.read(path: mini))
    }
}
