import FuzzHarnesses
import TestSupport
import XCTest

/// Replays the committed fuzz corpora (Tests/FuzzCorpus) through the same harness code that libFuzzer drives in
/// scripts/fuzz.sh, so that a reader that crashes again, or throws anything but an InputError, is caught by the
/// ordinary test run even when fuzzing is skipped.
final class FuzzCorpusReplayTests: XCTestCase {
    private var corpusRoot: String { RepositoryPaths.file("Tests/FuzzCorpus").path }

    private func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: path), "cannot read \(path)"))
    }

    func testEveryCorpusFileRunsThroughItsHarnessWithoutAFinding() throws {
        var total = 0
        for harness in FuzzHarness.allCases {
            let seeds = FuzzCorpus.files([corpusRoot + "/" + harness.rawValue])
            XCTAssertFalse(seeds.isEmpty, "no seed corpus for harness \(harness.rawValue)")
            for path in FuzzCorpus.files(FuzzCorpus.folders(of: harness, root: corpusRoot)) {
                total += 1
                do { _ = try harness.run(try bytes(path)) } catch { XCTFail("\(harness.rawValue): \(path): \(error)") }
            }
        }
        XCTAssertGreaterThan(total, 50)
        FuzzFiles.removeAll()
    }

    /// Inputs that once crashed a reader must now be refused with an InputError.
    func testRegressionInputsAreRefusedWithAnInputError() throws {
        for harness in FuzzHarness.allCases {
            for path in FuzzCorpus.files([corpusRoot + "/regressions/" + harness.rawValue]) {
                guard case .rejected = try harness.run(try bytes(path)) else {
                    XCTFail("\(harness.rawValue): \(path) is accepted; it should be refused with an InputError")
                    continue
                }
            }
        }
        FuzzFiles.removeAll()
    }

    /// The seeds cut from real data are valid: the readers accept them (so fuzzing starts from deep inside).
    func testRealDataSeedsAreAccepted() throws {
        for (harness, file) in [(FuzzHarness.wiod, "WIOT2011_3x3.csv"), (.icio, "ICIO2011_3x3.csv"), (.figaro, "figaro_ixi_2011_3x3.csv"),
                                (.sut, "SUT_BEL_3x3.csv"), (.originShares, "SUT_BEL_3x3_origin_values.csv"),
                                (.grouping, "default.toml"), (.classification, "wiod2013.toml"), (.estimateConfig, "estimate-default.toml"),
                                (.sensitivityGrid, "sensitivity-default.toml"), (.dataframe, "grunfeld_head.csv"),
                                (.xlsx, "BEL_NIOT_nov16_cut.xlsx"), (.xlsx, "BEL_NIOT_nov16_cut.parts"), (.xlsx, "cells_openpyxl.parts"),
                                (.xlsx, "cells_libreoffice.xlsx"), (.xlsx, "handmade.xlsx")] {
            let outcome = try harness.run(try bytes(corpusRoot + "/" + harness.rawValue + "/" + file))
            XCTAssertEqual(outcome, .accepted, "\(harness.rawValue): \(file)")
        }
        FuzzFiles.removeAll()
    }

    /// The harnesses can fail: the number oracle, the CSV reader and the formula parser refuse bad input with an
    /// InputError, and accept good input.
    func testHarnessesTellAcceptedFromRejected() throws {
        XCTAssertEqual(try FuzzHarness.number.run(Array(" 1.25e-3 ".utf8)), .accepted)
        XCTAssertEqual(try FuzzHarness.number.run(Array("9007199254740993".utf8)), .accepted)
        guard case .rejected(let e) = try FuzzHarness.number.run(Array("1,5".utf8)) else { return XCTFail("1,5 accepted") }
        XCTAssertTrue(e.message.contains("decimal comma"), e.message)
        guard case .rejected = try FuzzHarness.csv.run(Array("a,b\n\"open,1\n".utf8)) else { return XCTFail("open quote accepted") }
        XCTAssertEqual(try FuzzHarness.csvGzip.run(Array("a,b\r\n1,2\r\n".utf8)), .accepted)
        XCTAssertEqual(try FuzzHarness.formula.run(Array("y ~ x + log(z) | fe".utf8)), .accepted)
        guard case .rejected = try FuzzHarness.formula.run(Array("y ~ (x".utf8)) else { return XCTFail("'y ~ (x' accepted") }
        FuzzFiles.removeAll()
    }

    /// The xlsx harness at both levels: a broken zip and a broken XML part are refused with an InputError that names
    /// the workbook (and, for a sheet's XML, the part); the XML level's packing makes a zip the reader accepts.
    func testXLSXHarnessRefusesBrokenZipAndXMLNamingTheWorkbook() throws {
        let seed = try bytes(corpusRoot + "/xlsx/cells_openpyxl.parts")
        XCTAssertEqual(try FuzzHarness.xlsx.run(seed), .accepted)
        // Zip level: a truncated archive.
        let zip = try bytes(corpusRoot + "/xlsx/cells_openpyxl.xlsx")
        guard case .rejected(let e1) = try FuzzHarness.xlsx.run(Array(zip.prefix(zip.count / 2))) else { return XCTFail("half a zip accepted") }
        XCTAssertTrue(e1.description.contains("BEL_NIOT_fuzz.xlsx"), e1.description)
        // XML level: the sheet's XML cut in the middle of a tag.
        var parts = seed.split(separator: 0, omittingEmptySubsequences: false).map { Array($0) }
        let sheet = parts.count - 1
        parts[sheet] = Array(parts[sheet].prefix(parts[sheet].count - 20))
        let broken = Array(parts.joined(separator: [0]))
        guard case .rejected(let e2) = try FuzzHarness.xlsx.run(broken) else { return XCTFail("a cut sheet accepted") }
        XCTAssertTrue(e2.description.contains("BEL_NIOT_fuzz.xlsx"), e2.description)
        XCTAssertTrue(e2.description.contains("sheet1.xml") || e2.description.contains("Sheet"), e2.description)
        FuzzFiles.removeAll()
    }
}
