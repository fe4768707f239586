import Foundation
import XCTest
import TestSupport

/// The bad-input catalogue for `offshore measure` (see BadInputCatalogue.swift): the real WIOD 1995 table and its
/// ICIO, FIGARO and SUT conversions, each with one defect; the grouping and classification TOML files.
final class BadInputTablesTests: XCTestCase {
    /// One table layout: a real file of it, its name, the files it needs beside it and a numeric cell to spoil.
    struct Kind {
        let name: String
        let lines: [String]
        let fileName: String
        let besides: [URL]
        /// A numeric cell (1-based line and field) of a data row.
        let line: Int, field: Int

        /// Writes `lines` as this layout's file in a new folder (with the files it needs); returns the file's path.
        func write(_ lines: [String], ending: String = "\n", prefix: [UInt8] = []) throws -> String {
            try BadInput.write(lines, name: fileName, ending: ending, prefix: prefix, besides: besides)
        }

        /// The file with field `field` of line `line` replaced.
        func writeCell(_ value: String, line: Int? = nil, field: Int? = nil) throws -> String {
            try write(BadInput.replacing(lines, line: line ?? self.line, field: field ?? self.field, with: value))
        }
    }

    static func wiod() throws -> Kind {
        Kind(name: "WIOD", lines: try BadInput.lines(of: BadInput.wiodPath), fileName: "WIOT1995_bad.csv", besides: [], line: 3, field: 7)
    }

    static func converted(_ layout: String, file: String, extra: [String] = [], field: Int) throws -> Kind {
        let dir = try BadInput.convertedFolder(layout)
        return Kind(name: layout, lines: try BadInput.lines(of: dir.appendingPathComponent(file).path), fileName: file,
                    besides: (["classification.toml"] + extra).map { dir.appendingPathComponent($0) }, line: 3, field: field)
    }

    static func icio() throws -> Kind { try converted("icio", file: "ICIO2021_1995.csv", field: 7) }
    static func figaro() throws -> Kind { try converted("figaro", file: "figaro_ixi_1995.csv", field: 5) }
    static func sut() throws -> Kind { try converted("sut", file: "SUT_BEL.csv", extra: ["SUT_BEL_origin_values.csv"], field: 5) }
    static func all() throws -> [Kind] { [try wiod(), try icio(), try figaro(), try sut()] }

    /// `offshore measure` on the tables in the folder of `file`, writing tidy CSV to `output`.
    static func measure(_ file: String, _ extra: [String] = []) -> (String) -> [String] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        return { ["measure", "--tables", folder, "--format", "csv", "--output", $0] + extra }
    }

    /// Standard output of `offshore measure` on the folder of `file` (tidy CSV).
    static func measured(_ file: String, _ extra: [String] = [], line: UInt = #line) throws -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let r = try BadInput.assertAccepted(["measure", "--tables", folder, "--format", "csv"] + extra, line: line)
        return r.stdout
    }

    // MARK: delimiters and number formats

    func testSemicolonSeparatedTablesNameTheDelimiter() throws {
        for kind in [try Self.wiod(), try Self.icio(), try Self.sut()] {
            let path = try kind.write(kind.lines.map { $0.replacingOccurrences(of: ",", with: ";") })
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):1: ", "separated by semicolons", "expected commas"])
        }
    }

    func testDecimalCommaInANumericCellIsAnErrorAtItsCell() throws {
        for kind in try Self.all() {
            let path = try kind.writeCell("\"1,5\"")
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):\(kind.line):\(kind.field): ", "decimal comma", "found '1,5'"])
        }
    }

    func testQuotedThousandsSeparatorInANumericCellIsAnErrorAtItsCell() throws {
        for kind in [try Self.wiod(), try Self.icio()] {
            let path = try kind.writeCell("\"12,345\"", line: 7, field: 4)
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):7:4: ", "expected a number", "found '12,345'"])
        }
    }

    func testByteOrderMarkIsAcceptedWithTheSameNumbers() throws {
        for kind in try Self.all() {
            let plain = try Self.measured(try kind.write(kind.lines))
            let withBOM = try Self.measured(try kind.write(kind.lines, prefix: BadInput.bom))
            XCTAssertGreaterThan(plain.split(separator: "\n").count, 100, kind.name)
            XCTAssertEqual(withBOM, plain, kind.name)
        }
    }

    func testCRLFLineEndsAreAcceptedWithTheSameNumbers() throws {
        for kind in try Self.all() {
            let plain = try Self.measured(try kind.write(kind.lines))
            let crlf = try Self.measured(try kind.write(kind.lines, ending: "\r\n"))
            XCTAssertGreaterThan(plain.split(separator: "\n").count, 100, kind.name)
            XCTAssertEqual(crlf, plain, kind.name)
        }
    }

    // MARK: structure

    func testRaggedRowNamesItsLine() throws {
        for kind in try Self.all() {
            var lines = kind.lines
            lines[9] = String(lines[9][..<(lines[9].lastIndex(of: ",") ?? lines[9].endIndex)])
            let path = try kind.write(lines)
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):10:", "ragged row: expected", "fields as in the header"])
        }
    }

    func testEmptyFileIsAnError() throws {
        for kind in try Self.all() {
            let path = try kind.write([])
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):1: ", "the file is empty: expected"])
        }
    }

    func testHeaderOnlyIsAnError() throws {
        let expected = ["WIOD": "the file ends after 0 of the 1435 table rows (next expected: AUS_c1)",
                        "icio": "the file ends after 0 of the 1435 table rows (next expected: AUS_c1)",
                        "figaro": "no data rows after the header", "sut": "no data rows after the header"]
        for kind in try Self.all() {
            let path = try kind.write(Array(kind.lines.prefix(1)))
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):2: ", expected[kind.name] ?? "?"])
        }
    }

    func testTruncatedGzipIsAnError() throws {
        let real = try Data(contentsOf: URL(fileURLWithPath: BadInput.wiodPath))
        let wiod = try BadInput.write(bytes: real.prefix(real.count / 3), name: "WIOT1995_wiod2013.csv.gz")
        try BadInput.assertRejected(Self.measure(wiod), mentions: [wiod, "truncated gzip file"])
        let icio = try Self.icio()
        let gz = try Gzip.compress(try icio.write(icio.lines))
        try FileManager.default.removeItem(atPath: String(gz.dropLast(3)))
        let cut = try Data(contentsOf: URL(fileURLWithPath: gz))
        try cut.prefix(cut.count / 2).write(to: URL(fileURLWithPath: gz))
        try BadInput.assertRejected(Self.measure(gz), mentions: [gz, "truncated gzip file"])
    }

    func testNonUTF8BytesInARowLabelAreAnErrorAtTheLabel() throws {
        for kind in [try Self.wiod(), try Self.icio()] {
            var data = Data((kind.lines[0..<4].joined(separator: "\n") + "\n").utf8)
            data.append(Data("AUS_c4".utf8) + Data([0xE9]))  // Latin-1 e-acute: not UTF-8
            data.append(Data((BadInput.afterLabel(kind.lines[4]) + "\n" + kind.lines[5...].joined(separator: "\n") + "\n").utf8))
            let folder = try CLI.temporaryDirectory()
            let path = folder.appendingPathComponent(kind.fileName).path
            try data.write(to: URL(fileURLWithPath: path))
            for b in kind.besides { try FileManager.default.copyItem(at: b, to: folder.appendingPathComponent(b.lastPathComponent)) }
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):5:1: ", "row label", "'AUS_c4'"])
        }
    }

    // MARK: numbers

    func testHugeNumberIsOutOfRangeAtItsCell() throws {
        for kind in try Self.all() {
            let path = try kind.writeCell("1e400")
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):\(kind.line):\(kind.field): ", "number out of range", "found '1e400'"])
        }
    }

    func testNaNAndInfinityTextAreErrorsAtTheirCell() throws {
        let texts = ["WIOD": "NaN", "icio": "inf", "figaro": "-Infinity", "sut": "nan"]
        for kind in try Self.all() {
            let text = texts[kind.name] ?? "NaN"
            let path = try kind.writeCell(text)
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):\(kind.line):\(kind.field): ", "expected a finite number", "found '\(text)'"])
        }
    }

    func testNegativeFlowIsAWarningNamingFileAndCell() throws {
        let kind = try Self.wiod()
        let column = try XCTUnwrap(kind.lines[0].components(separatedBy: ",").firstIndex(of: "BEL_c3")) + 1
        let path = try kind.writeCell("-7", line: 2, field: column)
        let out = try CLI.temporaryDirectory().appendingPathComponent("om.csv").path
        let r = try BadInput.assertAccepted(Self.measure(path)(out))
        XCTAssertTrue(r.stderr.contains("\(path): 1 negative intermediate flow(s), e.g. AUS_c1->BEL_c3 = -7 (line 2, column \(column))"), r.stderr)
        XCTAssertTrue(r.stderr.contains("kept as they are"), r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out), "a warning still writes the output")
        // The unchanged table has no negative intermediate flow, so the note is about this cell only.
        let clean = try CLI.run(Self.measure(try kind.write(kind.lines))(out))
        XCTAssertFalse(clean.stderr.contains("negative intermediate"), clean.stderr)
    }

    // MARK: labels

    func testDuplicateColumnLabelIsAnErrorAtTheSecond() throws {
        for kind in [try Self.wiod(), try Self.icio()] {
            let path = try kind.writeCell("AUS_c1", line: 1, field: 3)
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):1:3: ", "duplicate column label 'AUS_c1' (first at column 2)"])
        }
    }

    func testDuplicateRowOrCellIsAnErrorAtTheSecond() throws {
        let wiod = try Self.wiod()
        let w = try wiod.writeCell("AUS_c1", line: 3, field: 1)
        try BadInput.assertRejected(Self.measure(w), mentions: ["\(w):3:1: ", "duplicate row label 'AUS_c1' (first at line 2)"])
        for kind in [try Self.figaro(), try Self.sut()] {
            var lines = kind.lines
            lines.insert(lines[9], at: 10)
            let path = try kind.write(lines)
            try BadInput.assertRejected(Self.measure(path), mentions: ["\(path):11", "listed twice (first at line 10)"])
        }
    }

    func testYearsTheTablesLackAreNamedWithTheYearsAvailable() throws {
        let kind = try Self.wiod()
        let path = try kind.write(kind.lines)
        try BadInput.assertRejected(Self.measure(path, ["--years", "1995,2012"]),
                                    mentions: ["'--years'", "no table for 2012", "(available: 1995)"])
    }

    func testUnknownDenominatorIsAUsageError() throws {
        let kind = try Self.wiod()
        let path = try kind.write(kind.lines)
        try BadInput.assertRejected(Self.measure(path, ["--denominator", "foo"]),
                                    mentions: ["The value 'foo' is invalid for '--denominator <denominator>'", "'nonenergy', 'intermediates' or 'output'"])
    }

    // MARK: grouping and classification files

    /// The bundled default grouping with `edit` applied, written to a new file; returns its path and text.
    func grouping(_ edit: (String) -> String) throws -> (path: String, text: String) {
        let text = edit(try String(contentsOf: RepositoryPaths.supplyUseTables.appendingPathComponent("groupings/default.toml"), encoding: .utf8))
        let path = try CLI.temporaryDirectory().appendingPathComponent("groups.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, text)
    }

    /// The 1-based line of the first line of `text` holding `s`.
    func line(of s: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(s) } ?? -1) + 1
    }

    func testGroupingWithAnUnknownRegionNamesItsLine() throws {
        let g = try grouping { $0.replacingOccurrences(of: "\"BGR\", ", with: "\"BGR\", \"Bulgaria\", ") }
        let table = try Self.wiod().write(try Self.wiod().lines)
        try BadInput.assertRejected(Self.measure(table, ["--grouping", g.path]),
                                    mentions: ["\(g.path):\(line(of: "Bulgaria", in: g.text)): 'group.regions': unknown region 'Bulgaria' in group 'CEE'",
                                               "expected an ISO 3166 alpha-3 code"])
    }

    func testGroupingNamingARegionTwiceNamesItsLine() throws {
        let g = try grouping { $0.replacingOccurrences(of: "\"CHN\", \"PHL\"", with: "\"CHN\", \"DEU\", \"PHL\"") }
        let table = try Self.wiod().write(try Self.wiod().lines)
        try BadInput.assertRejected(Self.measure(table, ["--grouping", g.path]),
                                    mentions: ["\(g.path):\(line(of: "\"CHN\", \"DEU\"", in: g.text)): 'group.regions'",
                                               "region DEU is in two groups, 'OECD' and 'ASIA'"])
        let twice = try grouping { $0.replacingOccurrences(of: "\"CHN\", \"PHL\"", with: "\"CHN\", \"CHN\", \"PHL\"") }
        try BadInput.assertRejected(Self.measure(table, ["--grouping", twice.path]), mentions: ["'group.regions'", "region CHN is twice in group 'ASIA'"])
    }

    func testGroupingWithAnUnknownKeyOrAWrongTypeNamesKeyAndLine() throws {
        let table = try Self.wiod().write(try Self.wiod().lines)
        let unknown = try grouping { $0.replacingOccurrences(of: "name = \"CEE\"", with: "name = \"CEE\"\ncolour = \"red\"") }
        try BadInput.assertRejected(Self.measure(table, ["--grouping", unknown.path]),
                                    mentions: ["\(unknown.path):\(line(of: "colour", in: unknown.text)): 'group.colour': unknown key; expected one of: name, regions"])
        let wrong = try grouping { $0.replacingOccurrences(of: "name = \"default\"", with: "name = 7") }
        try BadInput.assertRejected(Self.measure(table, ["--grouping", wrong.path]),
                                    mentions: ["\(wrong.path):\(line(of: "name = 7", in: wrong.text)): 'grouping.name': expected a string, found integer"])
        // The same with Windows line ends: the line is still found.
        let crlf = try grouping { $0.replacingOccurrences(of: "name = \"CEE\"", with: "name = \"CEE\"\ncolour = \"red\"")
            .replacingOccurrences(of: "\n", with: "\r\n") }
        try BadInput.assertRejected(Self.measure(table, ["--grouping", crlf.path]),
                                    mentions: ["\(crlf.path):\(line(of: "colour", in: unknown.text)): 'group.colour': unknown key"])
    }

    func testEmptyOrNonUTF8GroupingIsAnError() throws {
        let table = try Self.wiod().write(try Self.wiod().lines)
        let empty = try grouping { _ in "" }
        try BadInput.assertRejected(Self.measure(table, ["--grouping", empty.path]),
                                    mentions: [empty.path, "'group'", "no [[group]] tables: a grouping needs at least one group"])
        let g = try grouping { $0 }
        var bytes = Data(g.text.utf8)
        let at = try XCTUnwrap(bytes.range(of: Data("name = \"CEE\"".utf8)))
        bytes.replaceSubrange(at, with: Data("name = \"Europe centrale ".utf8) + Data([0xE9]) + Data("\"".utf8))
        try bytes.write(to: URL(fileURLWithPath: g.path))
        try BadInput.assertRejected(Self.measure(table, ["--grouping", g.path]),
                                    mentions: ["\(g.path):\(line(of: "name = \"CEE\"", in: g.text)): the file is not valid UTF-8 text"])
    }

    func testGroupingAndClassificationWithBOMAndCRLFGiveTheSameNumbers() throws {
        let table = try Self.wiod().write(try Self.wiod().lines)
        let plain = try Self.measured(table)
        let bundled = RepositoryPaths.supplyUseTables
        for (option, file) in [("--grouping", "groupings/default.toml"), ("--classification", "classifications/wiod2013.toml")] {
            let text = try String(contentsOf: bundled.appendingPathComponent(file), encoding: .utf8)
            let dir = try CLI.temporaryDirectory()
            let bom = dir.appendingPathComponent("bom.toml"), crlf = dir.appendingPathComponent("crlf.toml")
            try (Data(BadInput.bom) + Data(text.utf8)).write(to: bom)
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: crlf)
            XCTAssertEqual(try Self.measured(table, [option, bom.path]), plain, "\(option) with a BOM")
            XCTAssertEqual(try Self.measured(table, [option, crlf.path]), plain, "\(option) with CRLF")
        }
    }

    func testClassificationWithAnUnknownKeyOrAProductTwiceNamesKeyAndLine() throws {
        let table = try Self.wiod().write(try Self.wiod().lines)
        let text = try String(contentsOf: RepositoryPaths.supplyUseTables.appendingPathComponent("classifications/wiod2013.toml"), encoding: .utf8)
        let dir = try CLI.temporaryDirectory()
        let unknown = dir.appendingPathComponent("unknown.toml").path
        let u = text.replacingOccurrences(of: "energy = [", with: "energie = [")
        try u.write(toFile: unknown, atomically: true, encoding: .utf8)
        try BadInput.assertRejected(Self.measure(table, ["--classification", unknown]),
                                    mentions: ["\(unknown):\(line(of: "energie = [", in: u)): 'categories.energie': unknown key; expected one of: manufactured"])
        let twice = dir.appendingPathComponent("twice.toml").path
        let t = text.replacingOccurrences(of: "energy = [\"c2\"", with: "energy = [\"c3\", \"c2\"")
        try t.write(toFile: twice, atomically: true, encoding: .utf8)
        try BadInput.assertRejected(Self.measure(table, ["--classification", twice]),
                                    mentions: ["\(twice):\(line(of: "energy = [", in: t)): 'categories.energy': product 'c3' is already in manufactured"])
    }
}
