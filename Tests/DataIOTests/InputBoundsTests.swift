import DataIO
import Foundation
import TestSupport
import XCTest

/// The bounds DataIO puts on what users give it (issue 14): years, thread counts, row sizes, text files,
/// devices and pipes, and the excerpts that error messages quote.
final class InputBoundsTests: XCTestCase {
    // MARK: years

    func testYearsParseAsBefore() throws {
        XCTAssertEqual(try YearList.parse("1995-1997", key: "--years"), [1995, 1996, 1997])
        XCTAssertEqual(try YearList.parse("2000, 1995-1996,1996", key: "--years"), [1995, 1996, 2000])
        XCTAssertEqual(try YearList.parse(" 2011 ", key: "years"), [2011])
        XCTAssertEqual(try YearList.parse("1000-9999", key: "years").count, 9000)
    }

    func testAbsurdYearsAreRefusedWithAShortMessage() {
        for text in ["1-9223372036854775807", "0-2147483647", "1000-9999999", "99999999999999999999999999", "999", "-5", "1995-"] {
            XCTAssertThrowsError(try YearList.parse(text, key: "--years"), text) { e in
                let e = e as? InputError
                XCTAssertEqual(e?.key, "--years")
                XCTAssertLessThan(e?.description.utf8.count ?? .max, 300, e?.description ?? "")
            }
        }
        XCTAssertThrowsError(try YearList.parse("2011-1995", key: "--years")) { e in
            XCTAssertEqual((e as? InputError)?.message, "the range 2011-1995 is reversed: write the earlier year first (1995-2011)")
        }
        XCTAssertThrowsError(try YearList.parse("1995-" + String(repeating: "9", count: 100_000), key: "--years")) { e in
            XCTAssertLessThan((e as? InputError)?.description.utf8.count ?? .max, 300)
        }
    }

    func testYearRunsDescribeLongListsBriefly() {
        XCTAssertEqual(YearList.describeRuns(Array(1000...1994) + Array(2012...9999)), "1000-1994, 2012-9999")
        XCTAssertEqual(YearList.describeRuns([1995, 1997, 2000, 2001, 2002]), "1995, 1997, 2000-2002")
        XCTAssertEqual(YearList.describeRuns([]), "none")
        XCTAssertEqual(YearList.describeRuns(Array(stride(from: 1000, to: 3000, by: 2))).split(separator: ",").count, 13)
    }

    // MARK: threads

    func testThreadCountsAreBounded() throws {
        XCTAssertEqual(try Parallelism.checked(8), 8)
        for n in [0, -1, 1025, Int.max] { XCTAssertThrowsError(try Parallelism.checked(n), "\(n)") }
        let saved = Parallelism.threads
        defer { Parallelism.threads = saved }
        Parallelism.threads = Int.max
        XCTAssertEqual(Parallelism.threads, 1024)
        Parallelism.threads = 0
        XCTAssertEqual(Parallelism.threads, 1)
    }

    // MARK: rows, text files, devices

    func testARowWithMoreFieldsThanTheLimitIsAnErrorAtItsLine() throws {
        let saved = InputLimits.lineBytes
        defer { InputLimits.lineBytes = saved }
        InputLimits.lineBytes = 1 << 20  // 65,536 fields at most
        let dir = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("commas.csv").path
        try ("a,b\n" + String(repeating: ",", count: 70_000) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CSVReader(path: path).forEachRow { _ in }) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.line, 2)
            XCTAssertTrue(e?.message.contains("a row of more than 65536 fields") ?? false, "\(String(describing: e))")
        }
        // A row longer than the limit.
        let long = dir.appendingPathComponent("long.csv").path
        try ("a\n" + String(repeating: "7", count: 3 << 20) + "\n").write(toFile: long, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CSVReader(path: long).forEachRow { _ in }) { e in
            XCTAssertEqual((e as? InputError)?.line, 2)
            XCTAssertTrue((e as? InputError)?.message.contains("a row longer than 1 MiB") ?? false, "\(e)")
        }
    }

    func testTextFilesAreCappedAndDevicesRefused() throws {
        let saved = InputLimits.textFileBytes
        defer { InputLimits.textFileBytes = saved }
        InputLimits.textFileBytes = 1 << 20
        let dir = try TemporaryDirectory.make()
        defer { TemporaryDirectory.remove(dir) }
        let path = dir.appendingPathComponent("big.toml").path
        try ("a = 1\n# " + String(repeating: "x", count: 1 << 20) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TOMLDocument(path: path)) { e in
            XCTAssertTrue((e as? InputError)?.message.contains("larger than 1 MiB") ?? false, "\(e)")
        }
        if FileManager.default.fileExists(atPath: "/dev/zero") {
            for read in [{ _ = try readText(path: "/dev/zero") }, { _ = try CSVReader(path: "/dev/zero") }] {
                XCTAssertThrowsError(try read()) { e in
                    XCTAssertTrue((e as? InputError)?.message.contains("is a character device") ?? false, "\(e)")
                }
            }
        }
    }

    // MARK: excerpts

    func testExcerptsAreShortAndPrintable() {
        XCTAssertEqual(inputExcerpt("value"), "value")
        XCTAssertEqual(inputExcerpt("a\u{0}b\u{1B}[2J\nc"), "a\\u{0}b\\u{1B}[2J\\u{A}c")
        XCTAssertEqual(inputExcerpt(String(repeating: "k", count: 100), maximumCharacters: 5), "kkkkk...")
        XCTAssertEqual(inputExcerpt("\u{FFFD}x\u{202E}"), "\\u{FFFD}x\\u{202E}")
        XCTAssertEqual(inputExcerptList(["a", "b", "c"], maximumNames: 2), "a, b, ...")
        XCTAssertEqual(inputExcerptList(["é", String(repeating: "z", count: 40)], maximumCharacters: 3), "é, zzz...")
    }
}
