import DataIO
@testable import Econometrics
import Foundation
import XCTest
import TestSupport

/// Reading panels from CSV: types, missing values, errors with file/line/column, lags over gaps.
final class DataFrameTests: XCTestCase {
    func write(_ text: String) throws -> String {
        let url = try TemporaryDirectory.make(prefix: "offshore-df").appendingPathComponent("frame.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testTypesAndMissingValues() throws {
        let path = try write("id,t,y,name\n1,2000,1.5,a\n1,2001,NA,b\n2,2000,.,a\n2,2001,,\n")
        let df = try DataFrame(csvPath: path)
        XCTAssertEqual(df.rowCount, 4)
        let y = try df.numeric("y")
        XCTAssertEqual(y[0], 1.5)
        XCTAssertTrue(y[1].isNaN && y[2].isNaN && y[3].isNaN)
        XCTAssertTrue(df.isCategorical("name"))
        let f = try df.factor("name")
        XCTAssertEqual(f.levels, ["a", "b"])
        XCTAssertEqual(f.codes, [0, 1, 0, -1])
        XCTAssertEqual(try df.factor("t").levels, ["2000", "2001"])
    }

    /// Whole numbers beyond what an Int holds exactly are levels too (fuzzing found a lone 2.3e57 trapping in
    /// the conversion to Int; the input is in Tests/FuzzCorpus/dataframe/crash-huge-whole-number-factor.csv).
    func testHugeWholeNumbersMakeAFactorWithoutTrapping() {
        let big = 2.3333333333333333e57
        let f = Factor(numeric: [big, .nan, big, -1e300, 7], name: "id")
        XCTAssertEqual(f.levels, ["-1e+300", "7", "\(big)"])
        XCTAssertTrue(f.levels[2].hasPrefix("2.33333") && f.levels[2].hasSuffix("e+57"), f.levels[2])
        XCTAssertEqual(f.codes, [2, -1, 2, 0, 1])
        let g = Factor(numeric: [1995, 1997, 1995], name: "year")
        XCTAssertEqual(g.levels, ["1995", "1997"])
        XCTAssertEqual(g.codes, [0, 1, 0])
    }

    func testTextInANumericColumnIsReportedWithItsLine() throws {
        let path = try write("x,y\n1,2\n3,oops\n")
        let df = try DataFrame(csvPath: path)
        XCTAssertThrowsError(try df.numeric("y")) { e in
            let ie = e as? InputError
            XCTAssertEqual(ie?.line, 3)
            XCTAssertEqual(ie?.column, 2)
        }
    }

    func testRaggedRowNamesItsLine() throws {
        let path = try write("x,y\n1,2\n3\n")
        XCTAssertThrowsError(try DataFrame(csvPath: path)) { e in XCTAssertEqual((e as? InputError)?.line, 3) }
    }

    func testLagsRespectGapsInTime() throws {
        // Entity 1 lacks 2002: the lag at 2003 is missing, not the 2001 value.
        let path = try write("id,t,x\n1,2001,10\n1,2003,30\n1,2004,40\n2,2001,5\n2,2002,6\n")
        let df = try DataFrame(csvPath: path)
        let mf = try ModelFrame(formula: Formula("x ~ l(x, 1) + f(x) + d(x)"), data: df, panel: Panel(entity: "id", time: "t"))
        let lag = mf.regressors[0], lead = mf.regressors[1], diff = mf.regressors[2]
        XCTAssertTrue(lag[0].isNaN); XCTAssertTrue(lag[1].isNaN); XCTAssertEqual(lag[2], 30); XCTAssertEqual(lag[4], 5)
        XCTAssertTrue(lead[0].isNaN); XCTAssertEqual(lead[1], 40); XCTAssertEqual(lead[3], 6)
        XCTAssertEqual(diff[2], 10); XCTAssertEqual(diff[4], 1)
        // No row has lag, lead and difference all defined: nothing is left, which is an error, not an empty fit.
        XCTAssertThrowsError(try mf.design())
        let lagOnly = try ModelFrame(formula: Formula("x ~ l(x)"), data: df, panel: Panel(entity: "id", time: "t"))
        let d = try lagOnly.design()
        XCTAssertEqual(d.accounting.missing, 3)
        XCTAssertEqual(d.rows, [2, 4])
        XCTAssertEqual(d.y, [40, 6])
    }

    func testUnknownVariableNamesFormulaPosition() throws {
        let path = try write("x,y\n1,2\n3,4\n")
        let df = try DataFrame(csvPath: path)
        XCTAssertThrowsError(try ModelFrame(formula: Formula("y ~ x + zz"), data: df)) { e in
            let ie = e as? InputError
            XCTAssertEqual(ie?.key, "zz")
            XCTAssertTrue(ie?.message.contains("character 9") ?? false, ie?.description ?? "")
        }
    }

    func testFactorsExpandWithReferenceLevelDropped() throws {
        let path = try write("g,x,y\na,1,2\nb,2,3\nc,3,5\na,4,4\n")
        let df = try DataFrame(csvPath: path)
        let mf = try ModelFrame(formula: Formula("y ~ g + i(g):x"), data: df)
        XCTAssertEqual(mf.regressorNames, ["gb", "gc", "g::a:x", "g::b:x", "g::c:x"])
        XCTAssertEqual(mf.regressors[0], [0, 1, 0, 0])
        XCTAssertEqual(mf.regressors[2], [1, 0, 0, 4])
    }
}

/// gzip input goes through the same reader.
final class GzipDataFrameTests: XCTestCase {
    func testGzipCSVReadsLikeThePlainFile() throws {
        let dir = try TemporaryDirectory.make(prefix: "gz")
        let plain = dir.appendingPathComponent("g.csv")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Paths.grunfeld), to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw XCTSkip("gzip not available") }
        let a = try DataFrame(csvPath: plain.path), b = try DataFrame(csvPath: plain.path + ".gz")
        XCTAssertEqual(a.rowCount, 200)
        XCTAssertEqual(a.names, b.names)
        XCTAssertEqual(a.columns, b.columns)
    }
}

/// Factors from numbers: whole numbers by lookup table, others by hashing; both sorted by value.
final class NumericFactorTests: XCTestCase {
    func testWholeAndFractionalValues() {
        let years = Factor(numeric: [2001, 1999, .nan, 2001, -3], name: "t")
        XCTAssertEqual(years.levels, ["-3", "1999", "2001"])
        XCTAssertEqual(years.codes, [2, 1, -1, 2, 0])
        let wide = Factor(numeric: [1e12, 0, 1e12], name: "w")
        XCTAssertEqual(wide.levels, ["0", "1000000000000"])
        XCTAssertEqual(wide.codes, [1, 0, 1])
        let frac = Factor(numeric: [0.5, 0.25, 0.5], name: "f")
        XCTAssertEqual(frac.levels, ["0.25", "0.5"])
        XCTAssertEqual(frac.codes, [1, 0, 1])
    }
}

/// Header problems are reported with their line and column.
final class HeaderErrorTests: XCTestCase {
    func testDuplicateAndEmptyHeaderNamesAndEmptyFile() throws {
        func error(_ text: String) throws -> InputError? {
            let url = try TemporaryDirectory.make(prefix: "offshore-df").appendingPathComponent("header.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            do { _ = try DataFrame(csvPath: url.path); return nil } catch let e as InputError { return e }
        }
        let dup = try error("a,b,a\n1,2,3\n")
        XCTAssertEqual(dup?.line, 1)
        XCTAssertEqual(dup?.column, 3)
        let empty = try error("a,,c\n1,2,3\n")
        XCTAssertEqual(empty?.column, 2)
        XCTAssertNotNil(try error(""))
    }
}
