import DataIO
@testable import IOTables
import XCTest

/// Eurostat FIGARO files in the layouts Eurostat distributes: the matrix layout (industry-by-industry and
/// product-by-product), the flat layout without output rows, the WIOD tables written to them, and almost-right files.
///
/// Layout facts and their sources:
/// - matrix: first header cell `rowLabels`; `AREA_CODE` columns region-major, then final demand per region in the
///   order P3_S13, P3_S14, P3_S15, P51G, P5M; industry rows in the columns' order; six trailing `W2_` rows
///   (D21X31, OP_RES, OP_NRES, D1, D29X39, B2A3G); no output row or column (output = totals).
///   Sources: exvatools `R/extract_figaro.R` (reads Z as the first GXN x GXN block, Y as the next G x 5 columns, names
///   the six rows after GXN, computes X from the totals); mrio_toolbox's FIGARO extractor (countries from the column
///   labels split at the first underscore); an analyst's notes on the 26th edition (3,206 rows = 50 x 64 + 6 `W2_*`,
///   3,450 columns = 50 x (64 + 5)); Eurostat's file names `matrix_eu-ic-io_ind-by-ind_23ed_2021.csv`.
/// - flat: columns `refArea`, `rowIi`, `counterpartArea`, `colIi`, `obsValue` (with `icioiRow`, `icioiCol`; product-by-
///   product `rowPp`, `colPp`, `CPA_` codes); value-added rows with area `W2`, final demand `colIi` P3_S14 etc.
///   Sources: MARIO's FIGARO parser tests (`tests/test_figaro_parser.py` fixtures), R scripts reading
///   `flatfile_eu-ic-io_ind-by-ind_24ed_<year>.csv` with `refArea`, `rowIi`, `counterpartArea`, `colIi`, `obsValue`.
final class FIGAROMatrixReaderTests: XCTestCase {
    /// Two regions (AT, BE) x two industries (A01, C10), all five final-demand columns, the six W2 rows.
    static let matrix = """
    rowLabels,AT_A01,AT_C10,BE_A01,BE_C10,AT_P3_S13,AT_P3_S14,AT_P3_S15,AT_P51G,AT_P5M,BE_P3_S13,BE_P3_S14,BE_P3_S15,BE_P51G,BE_P5M
    AT_A01,1,2,0.5,0,0,10,0,0,0,0,1,0,0,0
    AT_C10,3,4,1,2,0,20,0,1,0,0,2,0,0,0
    BE_A01,0.25,0,5,6,0,1,0,0,0,0,30,0,0,0
    BE_C10,0,1,7,8,0,2,0,0,0,0,40,0,2,0
    W2_D21X31,0.5,0.5,0.5,0.5,0,0,0,0,0,0,0,0,0,0
    W2_OP_RES,0,0,0,0,0,0,0,0,0,0,0,0,0,0
    W2_OP_NRES,0,0,0,0,0,0,0,0,0,0,0,0,0,0
    W2_D1,5,6,7,8,0,0,0,0,0,0,0,0,0,0
    W2_D29X39,0,0,0,0,0,0,0,0,0,0,0,0,0,0
    W2_B2A3G,4,10,2,30,0,0,0,0,0,0,0,0,0,0

    """

    func testMatrixIndustryByIndustry() throws {
        let path = try TestFiles.write(Self.matrix, name: "matrix_eu-ic-io_ind-by-ind_23ed_2021.csv")
        let (t, report, layout) = try FIGAROMatrixReader.read(path: path)
        XCTAssertEqual(t.year, 2021, "the year is the file name's last 4-digit number (23ed is the edition)")
        XCTAssertEqual(t.regions, ["AT", "BE"])
        XCTAssertEqual(t.industries, ["A01", "C10"])
        XCTAssertTrue(t.isIndustryByIndustry)
        XCTAssertFalse(layout.isProductByProduct)
        XCTAssertEqual(layout.finalDemand, FIGAROMatrixReader.finalDemandCodes)
        XCTAssertEqual(layout.valueAddedRows, 6)
        XCTAssertEqual(layout.summary, "FIGARO matrix, industry-by-industry: 2 regions x 2 industries, 5 final-demand categories "
                       + "(P3_S13 P3_S14 P3_S15 P51G P5M), 6 value-added rows")
        XCTAssertEqual(t.flows, [1, 2, 0.5, 0, 3, 4, 1, 2, 0.25, 0, 5, 6, 0, 1, 7, 8])
        // Output: column totals, intermediate inputs then the W2 rows. AT_A01: 1+3+0.25+0 + 0.5+5+4 = 13.75.
        XCTAssertEqual(t.output, [13.75, 23.5, 23, 54.5])
        XCTAssertEqual(report.rows, 4)
        let be = try CountryUse(table: t, country: "BE")
        XCTAssertEqual(be.output, [23, 54.5])
        XCTAssertEqual(be.importedTotal, [0.5, 0, 1, 2], "BE's inputs from AT")
        // Detected from the header, through the FIGARO reader and TableSet.
        XCTAssertEqual(try TableLayout.detect(path: path), .figaro)
        XCTAssertEqual(try FIGAROReader.read(path: path).0.flows, t.flows)
        let set = try TableSet(path: path)
        XCTAssertEqual(set.layoutSummary?.hasPrefix("FIGARO matrix, industry-by-industry: 2 regions x 2 industries"), true, set.layoutSummary ?? "")
    }

    func testMatrixProductByProductKeepsTheCPACodes() throws {
        let text = Self.matrix.replacingOccurrences(of: "_A01", with: "_CPA_A01").replacingOccurrences(of: "_C10", with: "_CPA_C10")
        let path = try TestFiles.write(text, name: "matrix_eu-ic-io_prod-by-prod_2015.csv")
        let (t, _, layout) = try FIGAROMatrixReader.read(path: path)
        XCTAssertTrue(layout.isProductByProduct)
        XCTAssertEqual(t.products, ["CPA_A01", "CPA_C10"])
        XCTAssertEqual(t.output, [13.75, 23.5, 23, 54.5])
        XCTAssertTrue(layout.summary.hasPrefix("FIGARO matrix, product-by-product: 2 regions x 2 products"))
    }

    /// Eurostat's flat files have no output rows: output is each column's total with the W2 rows, as in the matrix.
    func testFlatFileWithoutOutputRowsTakesColumnTotals() throws {
        var lines = ["icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue"]
        let names = Self.matrix.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = names[0]
        for row in names.dropFirst() {
            for (k, v) in row.enumerated().dropFirst() where v != "0" {
                let (ra, ri) = try XCTUnwrap(FIGAROMatrixReader.split(row[0])), (ca, ci) = try XCTUnwrap(FIGAROMatrixReader.split(header[k]))
                lines.append("\(row[0]),\(header[k]),\(ra),\(ri),\(ca),\(ci),\(v)")
            }
        }
        let path = try TestFiles.write(lines.joined(separator: "\n") + "\n", name: "flatfile_eu-ic-io_ind-by-ind_24ed_2021.csv")
        let (flat, _) = try FIGAROReader.read(path: path)
        let (matrix, _, _) = try FIGAROMatrixReader.read(path: try TestFiles.write(Self.matrix, name: "m_2021.csv"))
        XCTAssertEqual(flat.flows, matrix.flows)
        XCTAssertEqual(flat.output, matrix.output)
        XCTAssertEqual(try FIGAROReader.describe(path: path), "FIGARO flat (one row per cell), industry-by-industry: columns refArea, rowIi, counterpartArea, colIi, obsValue")
    }

    /// The bundled WIOD table written as FIGARO matrix (ixi and pxp) and read back: Belgium's use, every input and
    /// its output, bit for bit (the tables are integers, so the W2_B2A3G balance is exact).
    func testWIODWrittenAsMatrixReadsBackBitForBit() throws {
        let wiodPath = TestFiles.bundled.appendingPathComponent("wiod2013/WIOT2011_wiod2013.csv.gz").path
        let (w, _) = try WIODReader.read(path: wiodPath, year: 2011)
        let wiod = try CountryUse(table: w, country: "BEL")
        for prefix in [nil, "CPA_"] as [String?] {
            let name = FIGAROWriter.fileName(year: 2011, productByProduct: prefix != nil)
            let dir = try TestFiles.directory()
            let path = dir.appendingPathComponent(name).path
            try Data(FIGAROWriter.matrix(w, productPrefix: prefix)).write(to: URL(fileURLWithPath: path))
            let set = try TableSet(path: dir.path)
            XCTAssertEqual(set.format, .figaro)
            XCTAssertEqual(set.years, [2011])
            let uses = try set.load(country: "BEL") { u, _ in u }
            let u = try XCTUnwrap(uses.first)
            XCTAssertEqual(u.products, wiod.products.map { (prefix ?? "") + $0 })
            XCTAssertEqual(u.regions, wiod.regions)
            for (a, b) in [(u.total, wiod.total), (u.importedTotal, wiod.importedTotal), (u.imported, wiod.imported), (u.output ?? [], wiod.output ?? [])] {
                XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), prefix ?? "ixi")
            }
        }
    }

    // MARK: almost-right files: which part differs, where

    func testAlmostRightMatrixFilesSayWhatDiffers() throws {
        func error(_ text: String, _ line: UInt = #line) throws -> InputError {
            try expectInputError { try FIGAROMatrixReader.read(path: try TestFiles.write(text, name: "matrix_eu-ic-io_ind-by-ind_2021.csv")) }
        }
        var e = try error(Self.matrix.replacingOccurrences(of: "rowLabels,", with: "labels,"))
        XCTAssertEqual(e.line, 1); XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("expected 'rowLabels'"), e.description)
        // BE's codes in another order than AT's.
        e = try error(Self.matrix.replacingOccurrences(of: "BE_A01,BE_C10,AT_P3", with: "BE_C10,BE_A01,AT_P3"))
        XCTAssertEqual(e.line, 1); XCTAssertEqual(e.column, 4)
        XCTAssertTrue(e.message.contains("give BE_A01"), e.description)
        // A label without area.
        e = try error(Self.matrix.replacingOccurrences(of: "AT_C10,BE_A01", with: "C10,BE_A01"))
        XCTAssertEqual(e.column, 3)
        XCTAssertTrue(e.message.contains("is not AREA_CODE"), e.description)
        // An industry column after final demand.
        e = try error(Self.matrix.replacingOccurrences(of: "BE_P5M\n", with: "BE_P5M,BE_X\n"))
        XCTAssertTrue(e.message.contains("after the final-demand columns"), e.description)
        // Rows out of the columns' order.
        e = try error(Self.matrix.replacingOccurrences(of: "AT_C10,3,4", with: "BE_C10,3,4"))
        XCTAssertEqual(e.line, 3); XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("where the columns' order gives 'AT_C10'"), e.description)
        // The W2 block missing: output cannot be had.
        let noW2 = Self.matrix.split(separator: "\n").filter { !$0.hasPrefix("W2_") }.joined(separator: "\n") + "\n"
        e = try error(noW2)
        XCTAssertEqual(e.line, 6)
        XCTAssertTrue(e.message.contains("no value-added rows after the 4 industry rows"), e.description)
        // Too few industry rows.
        e = try error(Self.matrix.split(separator: "\n").filter { !$0.hasPrefix("BE_C10,0") }.joined(separator: "\n") + "\n")
        XCTAssertEqual(e.line, 5)
        XCTAssertTrue(e.message.contains("the industry rows end after 3 of 4"), e.description)
        // A bad number and a ragged row.
        e = try error(Self.matrix.replacingOccurrences(of: "BE_A01,0.25,", with: "BE_A01,x,"))
        XCTAssertEqual(e.line, 4); XCTAssertEqual(e.column, 2)
        e = try error(Self.matrix.replacingOccurrences(of: "W2_D1,5,6,7,8,", with: "W2_D1,5,6,7,"))
        XCTAssertEqual(e.line, 9)
        XCTAssertTrue(e.message.contains("ragged row"), e.description)
    }

    func testAHeaderAlmostFIGAROsSaysWhichPartDiffers() throws {
        var e = try expectInputError {
            try TableLayout.detect(path: try TestFiles.write(Self.matrix.replacingOccurrences(of: "rowLabels,", with: ","), name: "m_2021.csv"))
        }
        XCTAssertEqual(e.line, 1); XCTAssertEqual(e.column, 1)
        XCTAssertTrue(e.message.contains("looks like a FIGARO matrix file"), e.description)
        XCTAssertTrue(e.message.contains("not 'rowLabels'"), e.description)
        e = try expectInputError {
            try TableLayout.detect(path: try TestFiles.write("refArea,rowIi,counterpartArea,colIi,OBS_VALUE\nAT,A01,AT,A01,1\n", name: "f_2021.csv"))
        }
        XCTAssertTrue(e.message.contains("looks like a FIGARO flat file"), e.description)
        XCTAssertTrue(e.message.contains("lacks the column(s) obsValue"), e.description)
    }

    // MARK: an independent reading

    /// `References/figaro_matrix_reference.py` reads the committed fixture `figaro_matrix_fixture_2011.csv` (Belgium
    /// and two other regions cut from WIOD 2011, written by FIGAROWriter) with pandas and writes each Belgian
    /// industry's output, intermediate inputs and imported inputs to `figaro_matrix_reference.csv`.
    func testPandasReadingOfTheFixtureAgrees() throws {
        let refs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References")
        let (t, _, _) = try FIGAROMatrixReader.read(path: refs.appendingPathComponent("figaro_matrix_fixture_2011.csv").path)
        let use = try CountryUse(table: t, country: "BEL")
        let rows = try CSVReader(path: refs.appendingPathComponent("figaro_matrix_reference.csv").path).readAllRows()
        XCTAssertEqual(rows.first, ["industry", "output", "inputs", "imported"])
        XCTAssertEqual(rows.count - 1, use.industries.count)
        let nI = use.industries.count
        for (i, r) in rows.dropFirst().enumerated() {
            XCTAssertEqual(r[0], use.industries[i])
            let inputs = (0..<use.products.count).reduce(0.0) { $0 + use.total[$1 * nI + i] }
            let imported = (0..<use.products.count).reduce(0.0) { $0 + use.importedTotal[$1 * nI + i] }
            for (x, y) in [(use.output?[i] ?? .nan, r[1]), (inputs, r[2]), (imported, r[3])] {
                let ref = try XCTUnwrap(Double(y))
                XCTAssertEqual(x, ref, accuracy: 1e-12 * max(1, abs(ref)), "\(r[0])")
            }
        }
    }
}
