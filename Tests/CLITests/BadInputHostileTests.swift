import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import DataIO
import XCTest
import TestSupport

/// The bad-input catalogue's hostile cases (issue 14; see BadInputCatalogue.swift): malformed numbers in a numeric
/// column, overflowing table values, formulas nested thousands deep, absurd year ranges and thread counts, inputs
/// that never end (devices, pipes, a gzip file inflating to one enormous line), a factor too large for a dense
/// design, and files whose first line is not a header at all.
final class BadInputHostileTests: XCTestCase {
    static var grunfeld: String { BadInputPanelTests.grunfeld }

    // MARK: §2 a malformed cell in a numeric column

    func testAMalformedNumberInANumericColumnIsAnErrorAtItsCell() throws {
        for bad in ["1_000", "0x1p3", "1 000", "(5)", "e5", "n/a"] {
            let path = try BadInput.write(BadInput.replacing(try BadInputPanelTests.lines(), line: 3, field: 4, with: bad), name: "g.csv")
            try BadInput.assertRejected(BadInputPanelTests.regress(path, formula: "invest ~ value + capital"),
                                        mentions: ["\(path):3:4: 'value': ", "expected a number", "found '\(bad)'",
                                                   "199 of the column's 200 values are numbers"])
        }
        // In the first data row, before any number of the column, and in the response.
        let first = try BadInput.write(BadInput.replacing(try BadInputPanelTests.lines(), line: 2, field: 3, with: "1_000"), name: "g.csv")
        try BadInput.assertRejected(BadInputPanelTests.regress(first, formula: "invest ~ value + capital"),
                                    mentions: ["\(first):2:3: 'invest': ", "found '1_000'"])
    }

    func testTextColumnsStayFactorsEvenWithANumericLabel() throws {
        // A firm called "3" among named firms: the column is text (a factor), as before.
        let lines = try BadInputPanelTests.lines().map { $0.replacingOccurrences(of: "General Motors,", with: "3,") }
        let path = try BadInput.write(lines, name: "g.csv")
        let r = try BadInput.assertAccepted(["regress", "--data", path, "--formula", "invest ~ value + capital | firm", "--format", "csv"])
        XCTAssertEqual(r.stdout, try BadInputPanelTests.estimates(Self.grunfeld))
        // A column that is half numbers and half text is text.
        var half = try BadInputPanelTests.lines()
        half[0] += ",code"
        for k in 1..<half.count { half[k] += k % 2 == 0 ? ",\(k)" : ",c\(k)" }
        let mixed = try BadInput.write(half, name: "g.csv")
        XCTAssertEqual(try CLI.run(["regress", "--data", mixed, "--formula", "invest ~ value + capital", "--format", "csv"]).status, 0)
    }

    // MARK: §2 overflow

    func testTableCellsWhoseSumOverflowsAreAnErrorNamingThem() throws {
        let icio = try BadInputTablesTests.icio()
        // Two cells of the same column (AUS_c4, the 7th field) of 1e308: their sum is infinite.
        let twice = BadInput.replacing(BadInput.replacing(icio.lines, line: 3, field: 7, with: "1e308"), line: 9, field: 7, with: "1e308")
        let path = try icio.write(twice)
        try BadInput.assertRejected(BadInputTablesTests.measure(path),
                                    mentions: ["\(path):3:7: ", "add up to more than 1e300", "1e+308 at line 3 column 7", "line 9 column 7"])
        let wiod = try BadInputTablesTests.wiod()
        let w = try wiod.write(BadInput.replacing(BadInput.replacing(wiod.lines, line: 3, field: 7, with: "1e308"), line: 4, field: 9, with: "-1e308"))
        try BadInput.assertRejected(BadInputTablesTests.measure(w), mentions: ["\(w):3:7: ", "add up to more than 1e300"])
        let figaro = try BadInputTablesTests.figaro()
        let f = try figaro.write(BadInput.replacing(BadInput.replacing(figaro.lines, line: 3, field: 5, with: "1e308"), line: 4, field: 5, with: "1e308"))
        try BadInput.assertRejected(BadInputTablesTests.measure(f), mentions: [f, "add up to more than 1e300"])
    }

    func testSUTOriginValuesWhoseSumOverflowsAreAnErrorNamingThem() throws {
        let sut = try BadInputTablesTests.sut()
        let dir = try BadInput.convertedFolder("sut")
        let values = try BadInput.lines(of: dir.appendingPathComponent("SUT_BEL_origin_values.csv").path)
        let header = values[0].components(separatedBy: ",")
        let valueField = try XCTUnwrap(header.firstIndex(of: "value")) + 1
        // Two partners of the same product and year (lines 2 and 3) with 1e308: the shares used to become 0.
        let bad = BadInput.replacing(BadInput.replacing(values, line: 2, field: valueField, with: "1e308"), line: 3, field: valueField, with: "1e308")
        let path = try sut.write(sut.lines)
        let shares = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("SUT_BEL_origin_values.csv").path
        try BadInput.write(bad, name: "SUT_BEL_origin_values.csv", in: URL(fileURLWithPath: shares).deletingLastPathComponent())
        try BadInput.assertRejected(BadInputTablesTests.measure(path), mentions: [shares, "import values of product", "add up to more than 1e300"])
        // Supply values of 1e308 would overflow the outputs (column sums).
        let supply = try sut.write(sut.lines.enumerated().map { k, l in
            k > 0 && l.contains(",supply,") ? l.components(separatedBy: ",").dropLast().joined(separator: ",") + ",1e308" : l
        })
        try BadInput.assertRejected(BadInputTablesTests.measure(supply), mentions: [supply, "the supply values of 1995 add up to more than 1e300"])
    }

    // MARK: §3 crashes

    func testAFormulaNestedThousandsDeepIsAnErrorNamingWhere() throws {
        let deep = "invest ~ " + String(repeating: "(", count: 8000) + "value" + String(repeating: ")", count: 8000)
        try BadInput.assertRejected(BadInputPanelTests.regress(Self.grunfeld, formula: deep),
                                    mentions: ["'formula': at character 210: the formula nests more than 200 levels deep"])
        let arithmetic = "invest ~ I(" + String(repeating: "-", count: 8000) + "value)"
        try BadInput.assertRejected(BadInputPanelTests.regress(Self.grunfeld, formula: arithmetic), mentions: ["nests more than 200 levels deep"])
        let chain = "invest ~ I(value" + String(repeating: " + value", count: 5000) + ")"
        try BadInput.assertRejected(BadInputPanelTests.regress(Self.grunfeld, formula: chain), mentions: ["more than 200 operations deep"])
        // In a sur equation and in a config.
        try BadInput.assertRejected({ ["sur", "--data", Self.grunfeld, "--match", "year", "--equation", "GE: " + deep,
                                       "--where", "GE: firm == General Electric", "--equation", "WE: invest ~ value",
                                       "--where", "WE: firm == Westinghouse", "--output", $0] },
                                    mentions: ["nests more than 200 levels deep"])
        let config = try BadInputEstimateTests.write(config: BadInputEstimateTests.config {
            $0.replacingOccurrences(of: "preset = \"production\"", with: "name = \"mine\"\nformula = \"log(Y) ~ \(String(repeating: "(", count: 8000))om\(String(repeating: ")", count: 8000))\"")
        })
        try BadInput.assertRejected(BadInputEstimateTests.estimate(config), output: .folder(run: "cli-run"),
                                    mentions: ["'model.formula': ", "nests more than 200 levels deep"])
    }

    func testAbsurdYearRangesAreRefusedBeforeTheyAreExpanded() throws {
        let measure = { (years: String) in { (out: String) in ["measure", "--years", years, "--format", "csv", "--output", out] } }
        for years in ["1-9223372036854775807", "0-2147483647", "1000-9999999", "1995-99999999999999999999999"] {
            let start = Date()
            let err = try BadInput.assertRejected(measure(years), mentions: ["'--years': ", "is out of range: expected 4-digit years (1000-9999)"])
            XCTAssertLessThan(err.utf8.count, 400, err)
            XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        }
        try BadInput.assertRejected(measure("2011-1995"), mentions: ["'--years': the range 2011-1995 is reversed"])
        // Every 4-digit year: the years the tables lack are named as runs, in a short message.
        let err = try BadInput.assertRejected(measure("1000-9999"), mentions: ["no table for 1000-1994, 2012-9999"])
        XCTAssertLessThan(err.utf8.count, 600, err)
        let config = try BadInputEstimateTests.write(config: BadInputEstimateTests.config {
            $0.replacingOccurrences(of: "years = \"1995-1996\"", with: "years = \"1-9223372036854775807\"")
        })
        try BadInput.assertRejected(BadInputEstimateTests.estimate(config), output: .folder(run: "cli-run"),
                                    mentions: [config, "'data.years': ", "out of range"])
        let reversed = try BadInputEstimateTests.write(config: BadInputEstimateTests.config {
            $0.replacingOccurrences(of: "years = \"1995-1996\"", with: "years = \"1996-1995\"")
        })
        try BadInput.assertRejected(BadInputEstimateTests.estimate(reversed), output: .folder(run: "cli-run"),
                                    mentions: ["'data.years': the range 1996-1995 is reversed"])
    }

    func testAbsurdThreadCountsAreRefusedOrBounded() throws {
        try BadInput.assertRejected({ ["sensitivity", "--threads", "9223372036854775807", "--csv", $0] },
                                    mentions: ["'--threads': expected 0 (every core) or a number of threads from 1 to 1024"])
        try BadInput.assertRejected({ ["measure", "--years", "1995", "--threads", "9223372036854775807", "--format", "csv", "--output", $0] },
                                    mentions: ["'--threads': expected a number of threads from 1 to 1024"])
        try BadInput.assertRejected({ ["measure", "--years", "1995", "--threads", "0", "--format", "csv", "--output", $0] },
                                    mentions: ["'--threads': expected a number of threads from 1 to 1024, got 0"])
        // The environment variable is bounded, not trusted: a huge value runs with the largest number allowed.
        let reference = try CLI.run(["measure", "--years", "1995", "--format", "csv"])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        for value in ["9223372036854775807", "99999999999999999999999"] {
            let r = try CLI.run(["measure", "--years", "1995", "--format", "csv"], environment: ["OFFSHORE_THREADS": value])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, reference.stdout)
        }
    }

    // MARK: §4 inputs that never end

    func testCharacterDevicesAreRefusedAsInputs() throws {
        let zero = "/dev/zero"
        guard FileManager.default.fileExists(atPath: zero) else { throw XCTSkip("no /dev/zero") }
        let expected = "\(zero): is a character device (like /dev/zero or a terminal), expected a regular file or a pipe"
        try BadInput.assertRejected(BadInputPanelTests.regress(zero), mentions: [expected])
        try BadInput.assertRejected(BadInputEstimateTests.estimate(zero), output: .folder(run: "default"), mentions: [expected])
        try BadInput.assertRejected({ ["measure", "--tables", zero, "--format", "csv", "--output", $0] }, mentions: [zero, "character device"])
        try BadInput.assertRejected(BadInputFilesTests.measure(["--grouping", zero]), mentions: [expected])
        try BadInput.assertRejected({ ["sur", "--data", zero, "--equation", "A: y ~ x", "--equation", "B: y ~ x", "--output", $0] },
                                    mentions: [expected])
    }

    func testAGzipFileInflatingToOneHugeLineStopsAtTheLineLimit() throws {
        // 100 MiB of digits without a line end, 100 kB compressed: refused after 64 MiB, in seconds.
        let dir = try CLI.temporaryDirectory()
        let plain = dir.appendingPathComponent("line.csv").path
        FileManager.default.createFile(atPath: plain, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: plain))
        let block = Data(repeating: UInt8(ascii: "7"), count: 1 << 20)
        for _ in 0..<100 { handle.write(block) }
        handle.closeFile()
        let gz = try Gzip.compress(plain)
        let start = Date()
        try BadInput.assertRejected(BadInputPanelTests.regress(gz), mentions: ["\(gz):1: ", "a row longer than 64 MiB", "OFFSHORE_MAX_LINE_MB"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        // The limit is raised (or lowered) by the variable.
        let small = try BadInput.write(["y,x", String(repeating: "1", count: 3 << 20) + ",2"], name: "wide.csv")
        let r = try CLI.run(BadInputPanelTests.regress(small, formula: "y ~ x")(dir.appendingPathComponent("o.csv").path),
                            environment: ["OFFSHORE_MAX_LINE_MB": "1"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(small):2: ") && r.stderr.contains("a row longer than 1 MiB"), r.stderr)
    }

    func testAPipeIsReadButCapped() throws {
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("data.fifo").path
        guard mkfifo(fifo, 0o600) == 0 else { throw XCTSkip("mkfifo failed") }
        // A writer that never stops (`yes`), killed by SIGPIPE once the reader gives up.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "{ echo y,x; yes 1,2; } > '\(fifo)'"]
        try writer.run()
        defer { if writer.isRunning { writer.terminate() } }
        let r = try CLI.run(BadInputPanelTests.regress(fifo, formula: "y ~ x")(dir.appendingPathComponent("o.csv").path),
                            environment: ["OFFSHORE_MAX_STREAM_MB": "2"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(fifo): more than 2 MiB arrived through the pipe"), r.stderr)
        writer.waitUntilExit()
        // A pipe that ends is read like a file.
        let finite = dir.appendingPathComponent("finite.fifo").path
        guard mkfifo(finite, 0o600) == 0 else { throw XCTSkip("mkfifo failed") }
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/sh")
        cat.arguments = ["-c", "cat '\(Self.grunfeld)' > '\(finite)'"]
        try cat.run()
        let ok = try CLI.run(["regress", "--data", finite, "--formula", BadInputPanelTests.formula, "--format", "csv"])
        cat.waitUntilExit()
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, try BadInputPanelTests.estimates(Self.grunfeld))
    }

    func testATOMLFileLargerThanTheTextLimitIsRefused() throws {
        let big = try BadInputEstimateTests.write(config: BadInputEstimateTests.config() + "# " + String(repeating: "x", count: 2 << 20) + "\n")
        let r = try CLI.run(BadInputEstimateTests.estimate(big)(try CLI.temporaryDirectory().path), environment: ["OFFSHORE_MAX_TEXT_MB": "1"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(big): the file is larger than 1 MiB") && r.stderr.contains("OFFSHORE_MAX_TEXT_MB"), r.stderr)
    }

    // MARK: §4 a factor too large for a dense design

    func testAFactorWithTwentyThousandLevelsIsRefusedWithTheAdviceToAbsorbIt() throws {
        var lines = ["y,x,id"]
        var rng = SplitMix64(seed: 14)
        for k in 0..<40_000 {
            lines.append("\(Double(rng.next() % 1000) / 10),\(Double(rng.next() % 1000) / 10),\(k % 20_000)")
        }
        let path = try BadInput.write(lines, name: "ids.csv")
        let start = Date()
        try BadInput.assertRejected(BadInputPanelTests.regress(path, formula: "y ~ x + i(id)"),
                                    mentions: ["'formula': the term 'i(id)' expands to 20000 columns", "40000 rows x 20002 columns",
                                               "6.4 GB", "absorb the factor as fixed effects instead", "'| id'"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        // Absorbed, the same model runs.
        let r = try CLI.run(["regress", "--data", path, "--formula", "y ~ x | id", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    // MARK: §4 quadratic time

    func testAFileWithTwoHundredThousandColumnsIsReadInLinearTime() throws {
        let columns = 200_000
        var header = "y,x", row1 = "1,2", row2 = "2,3.5", row3 = "3,4.5"
        header.reserveCapacity(columns * 8)
        for k in 2..<columns { header += ",c\(k)"; row1 += ",1"; row2 += ",2"; row3 += ",4" }
        let path = try BadInput.write([header, row1, row2, row3], name: "wide.csv")
        let start = Date()
        let r = try CLI.run(["regress", "--data", path, "--formula", "y ~ x", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "regress on 200,000 columns")
    }

    // MARK: §6 what an error quotes from a file

    func testAnErrorAboutColumnsQuotesOnlyAShortSanitizedExcerpt() throws {
        let key = ["-----BEGIN OPENSSH PRIVATE KEY-----",
                   "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
                   "QyNTUxOQAAACDr5mYbtxGvHjV4JOPrRkx1UuDDaJ8OC7qGkUSvmxHiKwAAAJgAAAAAAAAA",
                   "-----END OPENSSH PRIVATE KEY-----"]
        let path = try BadInput.write(key, name: "id_ed25519")
        let err = try BadInput.assertRejected(BadInputPanelTests.regress(path, formula: "invest ~ value"),
                                              mentions: ["'invest'", "no such variable in the data (columns: -----BEGIN OPENSSH PRIVATE KEY--...)"])
        XCTAssertFalse(err.contains("PRIVATE KEY-----"), err)
        // UTF-16: every other byte is NUL; the names are shown with the NULs escaped, never raw.
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(try XCTUnwrap("invest,value\n1,2\n3,4".data(using: .utf16LittleEndian)))  // no last line end: no ragged row
        let wide = try BadInput.write(bytes: utf16, name: "utf16.csv")
        let e16 = try BadInput.assertRejected(BadInputPanelTests.regress(wide, formula: "invest ~ value"), mentions: ["no such variable", "\\u{0}"])
        XCTAssertFalse(e16.contains("\u{0}"), e16)
    }

    // MARK: §6 run names

    func testARunNameOnTheCommandLineFollowsTheConfigsRule() throws {
        let config = try BadInputEstimateTests.write(config: BadInputEstimateTests.config())
        for bad in ["two\nlines", "tab\there", "a b", "..", "x/y", "esc\u{1B}[2J"] {
            let err = try BadInput.assertRejected({ BadInputEstimateTests.estimate(config)($0) + ["--run-name", bad] }, output: .folder(run: "cli-run"),
                                                  mentions: ["'--run-name': expected a folder name of letters, digits, '-', '_' or '.'"])
            if bad.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                XCTAssertFalse(err.contains(bad), "the name reaches the terminal raw: \(err)")
            }
        }
        // The config refuses the same names, with the same words.
        let inConfig = try BadInputEstimateTests.write(config: BadInputEstimateTests.config {
            $0.replacingOccurrences(of: "run_name = \"cli-run\"", with: "run_name = \"two\\nlines\"")
        })
        try BadInput.assertRejected(BadInputEstimateTests.estimate(inConfig), output: .folder(run: "cli-run"),
                                    mentions: ["'output.run_name': expected a folder name of letters, digits, '-', '_' or '.', found 'two\\u{A}lines'"])
    }

    // MARK: §6 control characters in names

    func testControlCharactersInAGroupNameReachNoOutputRaw() throws {
        let dir = try CLI.temporaryDirectory()
        let bundle = BadInputEstimateTests.bundle
        // An escape (which a terminal obeys) and a bell in a group name, written with TOML's \u escapes.
        let grouping = try String(contentsOfFile: bundle + "/groupings/default.toml", encoding: .utf8)
            .replacingOccurrences(of: "name = \"ASIA\"", with: "name = \"AS\\u001B[31mIA\\u0007\"")
        let g = dir.appendingPathComponent("g.toml").path
        try grouping.write(toFile: g, atomically: true, encoding: .utf8)
        let folder = dir.appendingPathComponent("report").path
        let r = try BadInput.assertAccepted(["measure", "--years", "1995-1996", "--grouping", g, "--report", folder])
        func assertNoControls(_ data: Data, _ what: String) {
            let bad = data.enumerated().first { _, b in (b < 0x20 && b != 0x0A && b != 0x09 && b != 0x0D) || b == 0x7F }
            XCTAssertNil(bad, "\(what): a raw control byte \(bad.map { String(format: "0x%02X at %d", $0.element, $0.offset) } ?? "")")
        }
        assertNoControls(Data(r.stdout.utf8), "standard output")
        assertNoControls(Data(r.stderr.utf8), "standard error")
        XCTAssertTrue(r.stdout.contains("AS\\u{1B}[31mIA\\u{7}"), "the name in its visible form: \(r.stdout.prefix(2000))")
        let files = BadInput.snapshot(URL(fileURLWithPath: folder))
        XCTAssertFalse(files.isEmpty)
        var svgs = 0, mentions = 0
        for (name, data) in files.sorted(by: { $0.key < $1.key }) where !name.hasSuffix("/") {
            assertNoControls(data, name)
            if String(decoding: data, as: UTF8.self).contains("u{1B}") { mentions += 1 }
            guard name.hasSuffix(".svg") else { continue }
            svgs += 1
            let parser = XMLParser(data: data)
            XCTAssertTrue(parser.parse(), "\(name) is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        XCTAssertGreaterThan(svgs, 0)
        XCTAssertGreaterThan(mentions, 0, "the group appears in the report")
    }
}
