import Foundation
import XCTest
import TestSupport

/// The bad-input catalogue for `offshore estimate` (see BadInputCatalogue.swift): the synthetic SEA accounts with one
/// defect each, and configs with unknown keys, wrong types, missing years and bad formulas. Every rejected run is
/// given `--output-dir`: no run folder may appear and an older one must stay as it was.
final class BadInputEstimateTests: XCTestCase {
    static var bundle: String { RepositoryPaths.supplyUseTables.path }
    static var accounts: String { bundle + "/accounts/BEL_synthetic_sea.csv" }

    /// A short config over 1995-1996 with two models (as in EstimateCommandTests), reading `accounts`.
    static func config(accounts: String = accounts, edit: (String) -> String = { $0 }) -> String {
        edit("""
        [data]
        tables = "\(bundle)/wiod2013"
        classification = "\(bundle)/classifications/wiod2013.toml"
        grouping = "\(bundle)/groupings/default.toml"
        accounts = "\(accounts)"
        synthetic = true
        years = "1995-1996"

        [[model]]
        preset = "production"
        period = "1995-1996"

        [[model]]
        preset = "skill_share"
        period = "1995-1996"

        [[contributions]]
        model = "skill_share"

        [output]
        run_name = "cli-run"

        """)
    }

    /// Writes `text` as a config file in a new folder; returns its path.
    static func write(config text: String, name: String = "study.toml") throws -> String {
        let path = try CLI.temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `offshore estimate --config PATH --output-dir DIR`.
    static func estimate(_ config: String) -> (String) -> [String] {
        { ["estimate", "--config", config, "--format", "csv", "--output-dir", $0] }
    }

    /// Asserts that the config reading `accounts` is rejected with `mentions`.
    func assertAccountsRejected(_ accounts: String, mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let config = try Self.write(config: Self.config(accounts: accounts))
        try BadInput.assertRejected(Self.estimate(config), output: .folder(run: "cli-run"), mentions: mentions, file: file, line: line)
    }

    /// The accounts as rows of fields (their descriptions are quoted and hold commas).
    static func rows() throws -> [[String]] {
        try BadInput.lines(of: accounts).map(Self.fields)
    }

    /// The fields of one line of the accounts (RFC 4180 quoting, no quotes inside quotes in this file).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() } else if c == "," && !quoted { out.append(cur); cur = "" } else { cur.append(c) }
        }
        out.append(cur)
        return out
    }

    /// Rows back to CSV lines, quoting fields with commas.
    static func csv(_ rows: [[String]], delimiter: String = ",") -> [String] {
        rows.map { $0.map { $0.contains(",") || $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: delimiter) }
    }

    /// The accounts with field `field` of line `line` (1-based) replaced by `value` (written as is).
    static func accounts(replacing line: Int, _ field: Int, with value: String) throws -> String {
        var lines = csv(try rows())
        var f = fields(lines[line - 1]).map { $0.contains(",") ? "\"\($0)\"" : $0 }
        f[field - 1] = value
        lines[line - 1] = f.joined(separator: ",")
        return try BadInput.write(lines, name: "accounts.csv")
    }

    /// Standard output of a successful estimate with `config`.
    static func estimates(_ config: String, line: UInt = #line) throws -> String {
        try BadInput.assertAccepted(["estimate", "--config", config, "--format", "csv"], line: line).stdout
    }

    // MARK: accounts

    func testRewrittenAccountsAreByteIdenticalToTheBundledFile() throws {
        // The fixtures below rewrite the accounts through `rows` and `csv`: they must give the bundled file back.
        let again = Self.csv(try Self.rows()).joined(separator: "\n") + "\n"
        XCTAssertEqual(Data(again.utf8), try Data(contentsOf: URL(fileURLWithPath: Self.accounts)))
    }

    func testSemicolonAccountsNameTheDelimiter() throws {
        let path = try BadInput.write(Self.csv(try Self.rows(), delimiter: ";"), name: "accounts.csv")
        try assertAccountsRejected(path, mentions: ["\(path):1: unrecognised header", "separated by semicolons"])
    }

    func testDecimalCommaInAnAccountsValueIsAnErrorAtItsCell() throws {
        let path = try Self.accounts(replacing: 3, 6, with: "\"101,5\"")
        try assertAccountsRejected(path, mentions: ["\(path):3:6: ", "decimal comma", "found '101,5'"])
    }

    func testAccountsWithBOMOrCRLFGiveTheSameEstimates() throws {
        let reference = try Self.estimates(try Self.write(config: Self.config()))
        XCTAssertTrue(reference.hasPrefix("model,term,estimate"), reference)
        let lines = try BadInput.lines(of: Self.accounts)
        let bom = try BadInput.write(lines, name: "accounts.csv", prefix: BadInput.bom)
        XCTAssertEqual(try Self.estimates(try Self.write(config: Self.config(accounts: bom))), reference)
        let crlf = try BadInput.write(lines, name: "accounts.csv", ending: "\r\n")
        XCTAssertEqual(try Self.estimates(try Self.write(config: Self.config(accounts: crlf))), reference)
    }

    func testQuotedDescriptionsWithCommasAreAcceptedAndAQuotedNumberWithACommaIsNot() throws {
        // The bundled accounts quote their descriptions ("... gross output, 1995=100"): read as labels.
        XCTAssertTrue(try BadInput.lines(of: Self.accounts)[1].contains("\"SYNTHETIC price index of gross output, 1995=100\""))
        let path = try Self.accounts(replacing: 10, 8, with: "\"1,234.5\"")
        try assertAccountsRejected(path, mentions: ["\(path):10:8: ", "expected a number", "found '1,234.5'"])
    }

    func testRaggedAccountsRowNamesItsLine() throws {
        var rows = try Self.rows()
        rows[4].removeLast()
        let path = try BadInput.write(Self.csv(rows), name: "accounts.csv")
        try assertAccountsRejected(path, mentions: ["\(path):5: ", "expected 21 fields as in the header, found 20"])
    }

    func testEmptyAndHeaderOnlyAccountsAreErrors() throws {
        let empty = try BadInput.write([], name: "accounts.csv")
        try assertAccountsRejected(empty, mentions: ["\(empty):1: ", "the file is empty: expected a header row and data"])
        let header = try BadInput.write(Array(try BadInput.lines(of: Self.accounts).prefix(1)), name: "accounts.csv")
        try assertAccountsRejected(header, mentions: ["\(header):2: ", "the file has a header but no values"])
    }

    func testTruncatedGzipAccountsAreAnError() throws {
        let gz = try Gzip.compress(try BadInput.write(try BadInput.lines(of: Self.accounts), name: "accounts.csv"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: gz))
        try assertAccountsRejected(gz, mentions: [gz, "truncated gzip file"])
    }

    func testHugeNumberAndNaNInTheAccountsAreErrorsAtTheirCell() throws {
        let huge = try Self.accounts(replacing: 3, 6, with: "1e400")
        try assertAccountsRejected(huge, mentions: ["\(huge):3:6: ", "number out of range", "found '1e400'"])
        let nan = try Self.accounts(replacing: 40, 9, with: "NaN")
        try assertAccountsRejected(nan, mentions: ["\(nan):40:9: ", "expected a finite number", "found 'NaN'"])
    }

    func testDuplicateAccountsRowIsAnErrorNamingBothLines() throws {
        var rows = try Self.rows()
        rows.insert(rows[5], at: 6)
        let path = try BadInput.write(Self.csv(rows), name: "accounts.csv")
        try assertAccountsRejected(path, mentions: ["\(path):7: ", "duplicate value for BEL GO_P c5 1995 (first given on line 6)"])
    }

    func testAccountsWhoseIndustriesDoNotMatchTheTablesNameTheIndustries() throws {
        let rows = try Self.rows().filter { $0[3] != "c7" && $0[3] != "c21" }
        let path = try BadInput.write(Self.csv(rows), name: "accounts.csv")
        try assertAccountsRejected(path, mentions: [path, "'data.accounts': the accounts do not match the tables",
                                                    "industries in the tables but not in the accounts: c7, c21", "allow_partial = true"])
    }

    func testNonUTF8AccountsLabelIsReportedAsAnUnknownIndustry() throws {
        // An industry code in Latin-1 matches no industry of the tables: the join names the industry that is missing.
        let lines = try BadInput.lines(of: Self.accounts)
        var data = Data()
        for l in lines {
            data.append(Data(l.replacingOccurrences(of: ",c7,", with: ",c7@,").utf8))
            data.append(Data("\n".utf8))
        }
        XCTAssertNotNil(data.range(of: Data("c7@".utf8)))
        while let bad = data.range(of: Data("c7@".utf8)) { data.replaceSubrange(bad, with: Data("c7".utf8) + Data([0xB7])) }
        let path = try BadInput.write(bytes: data, name: "accounts.csv")
        try assertAccountsRejected(path, mentions: [path, "'data.accounts'", "not in the accounts: c7"])
    }

    // MARK: config

    func testConfigWithAnUnknownKeyNamesKeyAndLine() throws {
        let text = Self.config { $0.replacingOccurrences(of: "synthetic = true", with: "synthetic = true\nsynthetc = 1") }
        let path = try Self.write(config: text)
        try BadInput.assertRejected(Self.estimate(path), output: .folder(run: "cli-run"),
                                    mentions: ["\(path):7: 'data.synthetc': unknown key; expected one of: tables, classification"])
        let model = try Self.write(config: Self.config { $0.replacingOccurrences(of: "preset = \"production\"", with: "preset = \"production\"\nrobust = true") })
        try BadInput.assertRejected(Self.estimate(model), output: .folder(run: "cli-run"),
                                    mentions: ["\(model):11: 'model.robust': unknown key; expected one of: name, preset, formula"])
    }

    func testConfigWithCRLFLineEndsStillNamesTheLine() throws {
        let text = Self.config { $0.replacingOccurrences(of: "synthetic = true", with: "synthetic = true\nsynthetc = 1") }
        let path = try Self.write(config: text.replacingOccurrences(of: "\n", with: "\r\n"))
        try BadInput.assertRejected(Self.estimate(path), output: .folder(run: "cli-run"), mentions: ["\(path):7: 'data.synthetc': unknown key"])
    }

    func testConfigWithBOMOrCRLFGivesTheSameEstimates() throws {
        let text = Self.config()
        let reference = try Self.estimates(try Self.write(config: text))
        let bom = try CLI.temporaryDirectory().appendingPathComponent("bom.toml")
        try (Data(BadInput.bom) + Data(text.utf8)).write(to: bom)
        XCTAssertEqual(try Self.estimates(bom.path), reference)
        XCTAssertEqual(try Self.estimates(try Self.write(config: text.replacingOccurrences(of: "\n", with: "\r\n"))), reference)
    }

    func testConfigValueOfTheWrongTypeNamesKeyAndLine() throws {
        let years = try Self.write(config: Self.config { $0.replacingOccurrences(of: "years = \"1995-1996\"", with: "years = 1995") })
        try BadInput.assertRejected(Self.estimate(years), output: .folder(run: "cli-run"),
                                    mentions: ["\(years):7: 'data.years': expected a string, found integer"])
        let flag = try Self.write(config: Self.config { $0.replacingOccurrences(of: "synthetic = true", with: "synthetic = \"yes\"") })
        try BadInput.assertRejected(Self.estimate(flag), output: .folder(run: "cli-run"),
                                    mentions: ["\(flag):6: 'data.synthetic': expected true or false, found string"])
        let denominator = try Self.write(config: Self.config { $0.replacingOccurrences(of: "synthetic = true", with: "synthetic = true\ndenominator = \"foo\"") })
        try BadInput.assertRejected(Self.estimate(denominator), output: .folder(run: "cli-run"),
                                    mentions: ["\(denominator):7: 'data.denominator': expected nonenergy, intermediates or output, found 'foo'"])
    }

    func testConfigAskingForYearsTheTablesLackNamesTheYearsAvailable() throws {
        let path = try Self.write(config: Self.config { $0.replacingOccurrences(of: "years = \"1995-1996\"", with: "years = \"1990-1996\"") })
        try BadInput.assertRejected(Self.estimate(path), output: .folder(run: "cli-run"),
                                    mentions: [path, "'data.years': no table for 1990-1994", "(available: 1995-2011)"])
    }

    func testConfigFormulaSyntaxErrorNamesTheCharacter() throws {
        let path = try Self.write(config: Self.config {
            $0.replacingOccurrences(of: "preset = \"production\"", with: "name = \"mine\"\nformula = \"log(Y) ~ log(K) + (om\"")
        })
        try BadInput.assertRejected(Self.estimate(path), output: .folder(run: "cli-run"),
                                    mentions: ["\(path):11: 'model.formula': ", "at character 22: expected ')', found the end of the formula"])
        let unknown = try Self.write(config: Self.config {
            $0.replacingOccurrences(of: "preset = \"production\"", with: "name = \"mine\"\nformula = \"log(Y) ~ log(K) + offshoring\"")
        })
        try BadInput.assertRejected(Self.estimate(unknown), output: .folder(run: "cli-run"), mentions: [unknown, "'offshoring'", "no such variable"])
    }

    func testConfigNotValidUTF8NamesItsLine() throws {
        var data = Data(Self.config().utf8)
        let at = try XCTUnwrap(data.range(of: Data("run_name = \"cli-run\"".utf8)))
        data.replaceSubrange(at, with: Data("run_name = \"cli-r".utf8) + Data([0xE9]) + Data("n\"".utf8))
        let path = try BadInput.write(bytes: data, name: "study.toml")
        try BadInput.assertRejected(Self.estimate(path), output: .folder(run: "cli-run"),
                                    mentions: ["\(path):21: the file is not valid UTF-8 text (save it as UTF-8)"])
    }

    func testFailedEstimateKeepsAnOlderOutputFile() throws {
        // --output as well as --output-dir: neither is created, an older table file is kept byte for byte.
        let path = try Self.write(config: Self.config { $0.replacingOccurrences(of: "years = \"1995-1996\"", with: "years = \"2012\"") })
        try BadInput.assertRejected({ ["estimate", "--config", path, "--output", $0] }, output: .file("tables.txt"),
                                    mentions: [path, "'data.years': no table for 2012"])
    }
}
