import Foundation
import XCTest
import TestSupport

/// The bad-input catalogue for `offshore regress` (see BadInputCatalogue.swift): the Grunfeld panel with one defect each,
/// formulas and option values.
final class BadInputPanelTests: XCTestCase {
    static var grunfeld: String { RepositoryPaths.sharedFile("data/validation/grunfeld.csv").path }
    static func lines() throws -> [String] { try BadInput.lines(of: grunfeld) }
    static let formula = "invest ~ value + capital | firm"

    /// `offshore regress` on `data`, writing CSV to the output path.
    static func regress(_ data: String, formula: String = formula, _ extra: [String] = []) -> (String) -> [String] {
        { ["regress", "--data", data, "--formula", formula, "--format", "csv", "--output", $0] + extra }
    }

    /// Standard output of the regression on `data`.
    static func estimates(_ data: String, line: UInt = #line) throws -> String {
        try BadInput.assertAccepted(["regress", "--data", data, "--formula", formula, "--format", "csv"], line: line).stdout
    }

    func testSemicolonFileWithDecimalCommasNamesTheDelimiter() throws {
        let semicolon = try Self.lines().map { $0.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: ".", with: ",") }
        let path = try BadInput.write(semicolon, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["\(path):1:1: ", "separated by semicolons", "decimal point"])
        let plain = try BadInput.write(try Self.lines().map { $0.replacingOccurrences(of: ",", with: ";") }, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(plain), mentions: ["\(plain):1:1: ", "separated by semicolons"])
    }

    /// Issue 18 item 13: the dialect the tool itself writes in nl/fr (semicolons, decimal commas) is read when the user
    /// says so, with the same estimates as the standard file, and errors still name the original line and column.
    func testSemicolonFileWithDecimalCommasIsReadWithCSVDialectSemicolon() throws {
        let semicolon = try Self.lines().map { $0.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: ".", with: ",") }
        let path = try BadInput.write(semicolon, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["pass --csv-dialect semicolon"])
        let read = try BadInput.assertAccepted(["regress", "--data", path, "--formula", Self.formula, "--format", "csv", "--csv-dialect", "semicolon"])
        XCTAssertEqual(read.stdout, try Self.estimates(Self.grunfeld))
        // A bad cell of the semicolon file: its own line and column.
        let bad = try BadInput.write(BadInput.replacing(semicolon, line: 3, field: 3, with: "1.391,8", separator: ";"), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(bad, ["--csv-dialect", "semicolon"]), mentions: ["\(bad):3:3: 'invest': ", "found '1.391,8'"])
        try BadInput.assertRejected(Self.regress(path, ["--csv-dialect", "tab"]), mentions: ["'--csv-dialect': expected standard|semicolon, got 'tab'"])
    }

    func testQuotedDecimalCommaInANumericColumnIsAnErrorAtItsCell() throws {
        let path = try BadInput.write(BadInput.replacing(try Self.lines(), line: 3, field: 3, with: "\"391,8\""), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["\(path):3:3: 'invest': ", "decimal comma", "found '391,8'"])
        // In a regressor: a column of numbers with one such cell is not read as categories.
        let x = try BadInput.write(BadInput.replacing(try Self.lines(), line: 40, field: 4, with: "\"1170,6\""), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(x), mentions: ["\(x):40:4: 'value': ", "decimal comma", "found '1170,6'"])
    }

    func testByteOrderMarkAndCRLFAreAcceptedWithTheSameEstimates() throws {
        let reference = try Self.estimates(Self.grunfeld)
        XCTAssertTrue(reference.hasPrefix("term,estimate,std_error"), reference)
        let bom = try BadInput.write(try Self.lines(), name: "bom.csv", prefix: BadInput.bom)
        XCTAssertEqual(try Self.estimates(bom), reference)
        let crlf = try BadInput.write(try Self.lines(), name: "crlf.csv", ending: "\r\n")
        XCTAssertEqual(try Self.estimates(crlf), reference)
    }

    func testQuotedLabelsWithCommasAreAcceptedWithTheSameEstimates() throws {
        let quoted = try Self.lines().map { $0.replacingOccurrences(of: "General Motors,", with: "\"General Motors, Inc.\",") }
        XCTAssertTrue(quoted[1].hasPrefix("\"General Motors, Inc.\",1935,"), quoted[1])
        let path = try BadInput.write(quoted, name: "quoted.csv")
        XCTAssertEqual(try Self.estimates(path), try Self.estimates(Self.grunfeld))
    }

    func testRaggedRowNamesItsLine() throws {
        var lines = try Self.lines()
        lines[4] = String(lines[4][..<(lines[4].lastIndex(of: ",") ?? lines[4].endIndex)])
        let path = try BadInput.write(lines, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["\(path):5: ", "expected 5 fields as in the header, found 4"])
    }

    func testEmptyFileAndHeaderOnlyAreErrors() throws {
        let empty = try BadInput.write([], name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(empty), mentions: [empty, "the file is empty (expected a header row)"])
        let header = try BadInput.write(Array(try Self.lines().prefix(1)), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(header), mentions: ["\(header):2: ", "the file has a header but no data rows"])
    }

    func testTruncatedGzipIsAnError() throws {
        let gz = try Gzip.compress(try BadInput.write(try Self.lines(), name: "grunfeld.csv"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: gz))
        try BadInput.assertRejected(Self.regress(gz), mentions: [gz, "truncated gzip file"])
    }

    func testNonUTF8BytesInALabelAreAnErrorAtTheCell() throws {
        // "Société" in Latin-1 would be read as "Soci?t?" and could merge with another firm's name: refused.
        let lines = try Self.lines()
        var data = Data((lines[0..<5].joined(separator: "\n") + "\n").utf8)
        data.append(Data("Soci".utf8) + Data([0xE9]) + Data("t".utf8) + Data([0xE9]))
        data.append(Data((BadInput.afterLabel(lines[5]) + "\n" + lines[6...].joined(separator: "\n") + "\n").utf8))
        let path = try BadInput.write(bytes: data, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["\(path):6:1: 'firm': ", "not valid UTF-8", "save the file as UTF-8"])
    }

    func testHugeNumberIsOutOfRangeAtItsCell() throws {
        let path = try BadInput.write(BadInput.replacing(try Self.lines(), line: 3, field: 3, with: "1e400"), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path), mentions: ["\(path):3:3: 'invest': ", "number out of range", "found '1e400'"])
    }

    func testNaNAndInfinityTextAreErrorsAtTheirCell() throws {
        let nan = try BadInput.write(BadInput.replacing(try Self.lines(), line: 3, field: 3, with: "NaN"), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(nan), mentions: ["\(nan):3:3: 'invest': ", "expected a finite number", "found 'NaN'"])
        // In a regressor, "inf" used to turn the column into 200 dummies; now it is an error at its cell.
        let inf = try BadInput.write(BadInput.replacing(try Self.lines(), line: 3, field: 4, with: "inf"), name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(inf), mentions: ["\(inf):3:4: 'value': ", "expected a finite number", "found 'inf'"])
    }

    func testDuplicateColumnNameIsAnErrorAtTheSecond() throws {
        var lines = try Self.lines()
        lines[0] = lines[0].replacingOccurrences(of: "capital", with: "value")
        let path = try BadInput.write(lines, name: "grunfeld.csv")
        try BadInput.assertRejected(Self.regress(path, formula: "invest ~ value | firm"),
                                    mentions: ["\(path):1:5: ", "duplicate column name 'value' in the header"])
    }

    func testFormulaNamingAnUnknownVariableListsTheColumns() throws {
        try BadInput.assertRejected(Self.regress(Self.grunfeld, formula: "invest ~ value + kapital | firm"),
                                    mentions: ["'kapital': at character 18 of the formula: no such variable in the data",
                                               "(columns: firm, year, invest, value, capital)"])
        try BadInput.assertRejected(Self.regress(Self.grunfeld, formula: "invest ~ value + capital | firma"),
                                    mentions: ["'firma'", "no such variable"])
    }

    func testFormulaSyntaxErrorNamesTheCharacter() throws {
        try BadInput.assertRejected(Self.regress(Self.grunfeld, formula: "invest ~ value + (capital | firm"),
                                    mentions: ["'formula': at character 27: expected ')', found '|'"])
        try BadInput.assertRejected(Self.regress(Self.grunfeld, formula: "invest value"),
                                    mentions: ["'formula': at character 8: expected '~' after the dependent variable, found 'value'"])
    }

    func testUnknownOptionValuesNameTheOptionAndTheChoices() throws {
        try BadInput.assertRejected(Self.regress(Self.grunfeld, ["--vcov", "sandwich"]),
                                    mentions: ["'vcov': expected iid, hc1, cluster:VAR or cluster:VAR1+VAR2, found 'sandwich'"])
        try BadInput.assertRejected(Self.regress(Self.grunfeld, ["--model", "re"]), mentions: ["'model': expected ols, fd, between or gmm, found 're'"])
        try BadInput.assertRejected({ ["regress", "--data", Self.grunfeld, "--formula", Self.formula, "--format", "xlsx", "--output", $0] },
                                    mentions: ["'format': expected table, csv, json, latex, markdown or html, found 'xlsx'"])
        try BadInput.assertRejected(Self.regress(Self.grunfeld, ["--vcov", "cluster:sector"]),
                                    mentions: ["'sector': cluster variable: no such variable in the data (columns: firm, year, invest, value, capital)"])
    }
}
