import DataIO
@testable import IOTables
import XCTest

/// The WIOD reader on small hand-made files (every cell known) and on the bundled WIOD 2013 tables.
final class WIODReaderTests: XCTestCase {
    func testReadsLabelsBlocksAndYearOfASmallTable() throws {
        let path = try TestFiles.write(TestFiles.small, name: "WIOT2003_test.csv")
        let (t, report) = try WIODReader.read(path: path)
        XCTAssertEqual(t.year, 2003)
        XCTAssertEqual(t.regions, ["HOM", "FOR"])
        XCTAssertEqual(t.industries, ["c1", "c2"])
        XCTAssertEqual(t.finalDemandCategories, ["CONS"])
        XCTAssertEqual(t.flow(0, 3), 4)   // HOM_c1 -> FOR_c2
        XCTAssertEqual(t.flow(2, 1), 1.5) // FOR_c1 -> HOM_c2
        XCTAssertEqual(t.finalDemand, [10, 0, 5, 5, 13, 0, 10, 9])
        XCTAssertEqual(t.output, [20, 20, 20, 20])
        XCTAssertEqual(t.label(3), "FOR_c2")
        XCTAssertEqual(report.rows, 4)
        XCTAssertEqual(report.negativeFlowCount, 1)
        XCTAssertEqual(report.negativeFlows.first?.row, "HOM_c2")
        XCTAssertEqual(report.negativeFlows.first?.column, "FOR_c1")
        XCTAssertEqual(report.negativeFlows.first?.line, 3)
        XCTAssertEqual(report.negativeFlows.first?.field, 4)
        XCTAssertEqual(report.largestRowGap?.row, "FOR_c2")
        XCTAssertEqual(report.largestRowGap?.gap, 3)
        XCTAssertEqual(report.largestRowGap?.line, 5)
        XCTAssertTrue(report.warnings.joined().contains("1 negative intermediate flow"))
    }

    func testGzipAndPlainFilesGiveTheSameTable() throws {
        let path = try TestFiles.write(TestFiles.small, name: "WIOT2003_test.csv")
        let gz = try TestFiles.gzip(path)
        let (a, _) = try WIODReader.read(path: path)
        let (b, _) = try WIODReader.read(path: gz)
        XCTAssertEqual(a.intermediate, b.intermediate)
        XCTAssertEqual(a.finalDemand, b.finalDemand)
        XCTAssertEqual(a.output, b.output)
        XCTAssertEqual(b.year, 2003)
    }

    func testTruncatedGzipIsAnInputError() throws {
        let gz = try TestFiles.gzip(try TestFiles.write(TestFiles.small, name: "WIOT2003.csv"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count - 12).write(to: URL(fileURLWithPath: gz))
        let e = try expectInputError { try WIODReader.read(path: gz) }
        XCTAssertEqual(e.file, gz)
        XCTAssertTrue(e.message.contains("truncated"), e.description)
    }

    func testRaggedRowNamesLineAndExpectedFieldCount() throws {
        let text = TestFiles.small.replacingOccurrences(of: "FOR_c1,0.5,1.5,2,3,13,0,20", with: "FOR_c1,0.5,1.5,2,3,13,0")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 4)
        XCTAssertNotNil(e.column)
        XCTAssertTrue(e.message.contains("expected 8 fields"), e.description)
    }

    func testNonNumericCellNamesLineAndColumn() throws {
        let text = TestFiles.small.replacingOccurrences(of: "HOM_c2,5,6,-1", with: "HOM_c2,5,six,-1")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.column, 3)
        XCTAssertTrue(e.message.contains("six"), e.description)
    }

    func testNaNAndInfinityAreRejected() throws {
        for bad in ["NaN", "inf", "1e400"] {
            let text = TestFiles.small.replacingOccurrences(of: "FOR_c2,1,1,1,1", with: "FOR_c2,1,\(bad),1,1")
            let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
            XCTAssertEqual(e.line, 5, bad)
            XCTAssertEqual(e.column, 3, bad)
        }
    }

    func testDuplicateRowLabelIsNamedWithItsFirstLine() throws {
        let text = TestFiles.small.replacingOccurrences(of: "FOR_c1,0.5", with: "HOM_c2,0.5")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 4)
        XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("duplicate row label 'HOM_c2' (first at line 3)"), e.description)
    }

    func testDuplicateColumnLabelIsNamed() throws {
        let text = TestFiles.small.replacingOccurrences(of: ",HOM_c1,HOM_c2,FOR_c1", with: ",HOM_c1,HOM_c1,FOR_c1")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 3)
        XCTAssertTrue(e.message.contains("duplicate column label"), e.description)
    }

    func testRowsOutOfHeaderOrderAreRejected() throws {
        let text = TestFiles.small.replacingOccurrences(of: "FOR_c1,0.5", with: "FOR_c9,0.5")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 4)
        XCTAssertTrue(e.message.contains("expected row label 'FOR_c1'"), e.description)
    }

    func testInconsistentIndustriesAcrossRegionsAreRejected() throws {
        let text = TestFiles.small.replacingOccurrences(of: "FOR_c1,FOR_c2,HOM_CONS", with: "FOR_c2,FOR_c1,HOM_CONS")
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 4)
        XCTAssertTrue(e.message.contains("FOR_c1"), e.description)
    }

    func testMissingRowsAndMissingOUTAreRejected() throws {
        let cut = TestFiles.small.components(separatedBy: "\n").prefix(4).joined(separator: "\n") + "\n"
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(cut, name: "t.csv")) }
        XCTAssertTrue(e.message.contains("3 of the 4 table rows"), e.description)
        let noOut = TestFiles.small.replacingOccurrences(of: ",OUT\n", with: ",TOTAL\n")
        let e2 = try expectInputError { try WIODReader.read(path: try TestFiles.write(noOut, name: "t.csv")) }
        XCTAssertEqual(e2.column, 8)
        XCTAssertTrue(e2.message.contains("OUT"), e2.description)
    }

    func testExtraRowIsRejected() throws {
        let text = TestFiles.small + "VA,1,1,1,1,0,0,0\n"
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
        XCTAssertEqual(e.line, 6)
        XCTAssertTrue(e.message.contains("unexpected row"), e.description)
    }

    func testEmptyFileAndHeaderOnlyFileAreErrors() throws {
        let empty = try expectInputError { try WIODReader.read(path: try TestFiles.write("", name: "t.csv")) }
        XCTAssertTrue(empty.message.contains("empty"), empty.description)
        let headerOnly = TestFiles.small.components(separatedBy: "\n")[0] + "\n"
        let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(headerOnly, name: "t.csv")) }
        XCTAssertEqual(e.line, 2)
        XCTAssertTrue(e.message.contains("0 of the 4 table rows (next expected: HOM_c1)"), e.description)
    }

    func testYearInFileName() {
        XCTAssertEqual(WIODReader.yearInFileName("/a/1999/WIOT2007_wiod2013.csv.gz"), 2007)
        XCTAssertNil(WIODReader.yearInFileName("table.csv"))
        XCTAssertNil(WIODReader.yearInFileName("WIOT20071.csv"))
    }

    /// One real year, against cells read off the file with zcat.
    func testBundledWIOD1995HasTheDocumentedShapeAndCells() throws {
        let path = TestFiles.bundled.appendingPathComponent("wiod2013/WIOT1995_wiod2013.csv.gz").path
        let (t, report) = try WIODReader.read(path: path)
        XCTAssertEqual(t.year, 1995)
        XCTAssertEqual(t.regions.count, 41)
        XCTAssertEqual(t.industries, (1...35).map { "c\($0)" })
        XCTAssertEqual(t.finalDemandCategories, ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"])
        XCTAssertEqual(t.regions.first, "AUS")
        XCTAssertEqual(t.regions.last, "RoW")
        XCTAssertTrue(t.regions.contains("ROM"))
        XCTAssertEqual(t.flow(0, 0), 3107)   // AUS_c1 -> AUS_c1
        XCTAssertEqual(t.flow(0, 2), 8044)   // AUS_c1 -> AUS_c3
        XCTAssertEqual(report.rows, 1435)
        // The README: values rounded to whole millions, so gaps of up to about 100.
        let gap = try XCTUnwrap(report.largestRowGap)
        XCTAssertGreaterThan(abs(gap.gap), 0)
        XCTAssertLessThan(abs(gap.gap), 200, report.balanceSummary)
    }
}

/// Runs `body`, which must throw an `InputError`, and returns it.
func expectInputError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) throws -> InputError {
    do {
        _ = try body()
    } catch let e as InputError {
        return e
    } catch {
        XCTFail("expected an InputError, got \(error)", file: file, line: line)
        throw error
    }
    XCTFail("expected an InputError, got success", file: file, line: line)
    throw XCTSkip("no error")
}
