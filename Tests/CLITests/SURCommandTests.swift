import Foundation
import XCTest

/// `offshore sur` run as a user would: Grunfeld's long file with --where/--match, wide share data with
/// restrictions, missing values, the output formats and bad input. References: METHOD.md and
/// Tests/EconometricsTests/References/sur_systemfit.csv (R systemfit, script beside it).
final class SURCommandTests: XCTestCase {
    private var grunfeld: String { CLI.sharedRoot.appendingPathComponent("data/validation/grunfeld.csv").path }
    private var references: URL { CLI.repositoryRoot.appendingPathComponent("Tests/EconometricsTests/References") }

    /// Theil's system: GE and Westinghouse rows of the long Grunfeld file, paired by year.
    private func theilArguments(data: String? = nil) -> [String] {
        ["sur", "--data", data ?? grunfeld,
         "--equation", "GE: invest ~ value + capital", "--equation", "WE: invest ~ value + capital",
         "--where", "GE: firm == General Electric", "--where", "WE: firm == Westinghouse", "--match", "year"]
    }

    /// Parses the CSV output into term -> [estimate, std_error, t_value, p_value], checking the header.
    private func parseCSV(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String: [Double]] {
        let lines = text.split(separator: "\n").map(String.init)
        // The columns of `offshore regress --format csv` (issue 18 item 12): the t test's interval after p_value.
        XCTAssertEqual(lines.first, "term,estimate,std_error,t_value,p_value,ci_low,ci_high", file: file, line: line)
        var out: [String: [Double]] = [:]
        for l in lines.dropFirst() {
            let f = l.split(separator: ",").map(String.init)
            guard f.count == 7 else { XCTFail("bad CSV line \(l)", file: file, line: line); continue }
            out[f[0]] = f[1...4].map { Double($0) ?? .nan }
        }
        return out
    }

    /// systemfit's values for one case: `EQ:term` -> [estimate, std_error, t_value, p_value]. The R script names
    /// terms `ge_value`; the command's terms are the data's names (`value`), so the firm prefix is removed.
    private func reference(_ name: String) throws -> [String: [Double]] {
        let text = try String(contentsOf: references.appendingPathComponent("sur_systemfit.csv"), encoding: .utf8)
        var out: [String: [Double]] = [:]
        let kinds = ["estimate", "std_error", "t_value", "p_value"]
        for l in text.split(separator: "\n").dropFirst() {
            let f = l.split(separator: ",").map(String.init)
            guard f.count == 4, f[0] == name, let k = kinds.firstIndex(of: f[1]), let u = f[2].firstIndex(of: "_") else { continue }
            var term = String(f[2][f[2].index(after: u)...])
            for prefix in ["ge_", "we_"] where term.hasPrefix(prefix) { term.removeFirst(prefix.count) }
            let key = String(f[2][..<u]) + ":" + term
            out[key, default: [.nan, .nan, .nan, .nan]][k] = Double(f[3]) ?? .nan
        }
        return out
    }

    private func assertMatches(_ actual: [String: [Double]], _ expected: [String: [Double]], relative: Double,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(actual.keys), Set(expected.keys), file: file, line: line)
        for (term, values) in expected {
            guard let got = actual[term] else { continue }
            for k in 0..<4 {
                let scale = max(abs(values[k]), 1e-300)
                XCTAssertLessThanOrEqual(abs(got[k] - values[k]) / scale, relative,
                                         "\(term) column \(k): \(got[k]) vs \(values[k])", file: file, line: line)
            }
        }
    }

    func testTheilSystemCSVMatchesMethodAndSystemfit() throws {
        let r = try CLI.run(theilArguments() + ["--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let got = parseCSV(r.stdout)
        XCTAssertEqual(got["GE:(Intercept)"]?[0] ?? .nan, -27.7193, accuracy: 0.00005)
        XCTAssertEqual(got["GE:(Intercept)"]?[1] ?? .nan, 27.0328, accuracy: 0.00005)
        XCTAssertEqual(got["WE:capital"]?[1] ?? .nan, 0.048901, accuracy: 0.0000005)
        assertMatches(got, try reference("ge_we"), relative: 1e-8)
        // Rows in system order: equation by equation, intercept first.
        let terms = r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        XCTAssertEqual(terms, ["GE:(Intercept)", "GE:value", "GE:capital", "WE:(Intercept)", "WE:value", "WE:capital"])
    }

    func testIteratedWithCrossEquationRestrictionMatchesSystemfit() throws {
        let r = try CLI.run(theilArguments() + ["--iterate", "--tolerance", "1e-12", "--restrict", "GE:value = WE:value", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertMatches(parseCSV(r.stdout), try reference("ge_we_restricted_iterated"), relative: 1e-7)
    }

    func testWideShareSystemWithSymmetryAndHomogeneity() throws {
        let r = try CLI.run(["sur", "--data", references.appendingPathComponent("sur_share_data.csv").path,
                             "--equation", "S1: s1 ~ lp1 + lp2 + lp3 + ly", "--equation", "S2: s2 ~ lp1 + lp2 + lp3 + ly",
                             "--restrict", "S1:lp1 + S1:lp2 + S1:lp3 = 0", "--restrict", "S2:lp1 + S2:lp2 + S2:lp3 = 0",
                             "--restrict", "S1:lp2 = S2:lp1", "--iterate", "--tolerance", "1e-12", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        assertMatches(parseCSV(r.stdout), try reference("share_restricted_iterated"), relative: 1e-7)
    }

    func testMissingValueDropsTheYearFromEveryEquation() throws {
        let dir = try CLI.temporaryDirectory()
        let original = try String(contentsOfFile: grunfeld, encoding: .utf8)
        let edited = original.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 5, f[0] == "General Electric", f[1] == "1940" else { return String(line) }
            return "\(f[0]),\(f[1]),\(f[2]),NA,\(f[4])"
        }.joined(separator: "\n")
        XCTAssertNotEqual(edited, original)
        let path = dir.appendingPathComponent("grunfeld_missing.csv").path
        try edited.write(toFile: path, atomically: true, encoding: .utf8)

        let csv = try CLI.run(theilArguments(data: path) + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        assertMatches(parseCSV(csv.stdout), try reference("ge_we_drop1940"), relative: 1e-8)

        let json = try CLI.run(theilArguments(data: path) + ["--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["nobs"] as? Int, 19)
        XCTAssertEqual(object["rows_dropped"] as? Int, 1)

        let table = try CLI.run(theilArguments(data: path))
        XCTAssertTrue(table.stdout.contains("1 dropped for a missing value"), table.stdout)
    }

    func testPanelLagDropsTheFirstYearFromEveryEquation() throws {
        let r = try CLI.run(["sur", "--data", grunfeld, "--panel", "firm,year", "--match", "year",
                             "--equation", "GE: invest ~ l(value, 1) + capital", "--where", "GE: firm == General Electric",
                             "--equation", "WE: invest ~ value + capital", "--where", "WE: firm == Westinghouse", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["nobs"] as? Int, 19)
        XCTAssertEqual(object["rows_dropped"] as? Int, 1)
        let terms = (object["coefficients"] as? [[String: Any]])?.compactMap { $0["term"] as? String }
        XCTAssertEqual(terms?[1], "GE:l(value, 1)")
    }

    func testJSONHasRegressSchemaAndEquations() throws {
        let r = try CLI.run(theilArguments() + ["--format", "json", "--iterate"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let coefficients = try XCTUnwrap(object["coefficients"] as? [[String: Any]])
        XCTAssertEqual(coefficients.count, 6)
        XCTAssertEqual(Set(coefficients[0].keys), ["term", "estimate", "std_error", "t_value", "p_value"])
        XCTAssertEqual(coefficients[0]["term"] as? String, "GE:(Intercept)")
        XCTAssertEqual(coefficients[0]["estimate"] as? Double ?? .nan, -30.748, accuracy: 0.0005)
        let equations = try XCTUnwrap(object["equations"] as? [[String: Any]])
        XCTAssertEqual(equations.map { $0["name"] as? String }, ["GE", "WE"])
        XCTAssertEqual(equations[1]["nobs"] as? Int, 20)
        XCTAssertEqual((equations[1]["coefficients"] as? [[String: Any]])?.first?["term"] as? String, "(Intercept)")
        XCTAssertEqual(object["converged"] as? Bool, true)
        XCTAssertGreaterThan(object["iterations"] as? Int ?? 0, 5)
        let corr = try XCTUnwrap(object["residual_correlation"] as? [[Double]])
        XCTAssertEqual(corr[0][0], 1, accuracy: 1e-15)
        XCTAssertTrue((object["vcov"] as? String)?.contains("divisor T") ?? false)
    }

    func testTableStatesConventions() throws {
        let r = try CLI.run(theilArguments() + ["--restrict", "GE:value = WE:value"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for needle in ["SUR (feasible GLS): 2 equations, 20 observations each", "GE:(Intercept)", "Restrictions imposed: GE:value = WE:value",
                       "divisor T", "Student t with the system's 35 df", "paired by year"] {
            XCTAssertTrue(r.stdout.contains(needle), "missing '\(needle)' in\n\(r.stdout)")
        }
    }

    /// Issue 18 item 12: `sur` prints the columns, digits and stars of `regress` (table and CSV).
    func testTableAndCSVHaveRegressColumnsDigitsAndStars() throws {
        let regress = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital", "--format", "csv"])
        let sur = try CLI.run(theilArguments() + ["--format", "csv"])
        XCTAssertEqual(regress.status, 0, regress.stderr)
        XCTAssertEqual(sur.status, 0, sur.stderr)
        XCTAssertEqual(sur.stdout.split(separator: "\n").first, regress.stdout.split(separator: "\n").first)
        let table = try CLI.run(theilArguments())
        let regressTable = try CLI.run(["regress", "--data", grunfeld, "--formula", "invest ~ value + capital"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let header = { (text: String) in text.split(separator: "\n").first { $0.contains("estimate") }.map(String.init) ?? "" }
        XCTAssertEqual(header(table.stdout).split(separator: " "), header(regressTable.stdout).split(separator: " "))
        // Stars and their legend, as regress prints them; estimates to regress's 6 significant digits.
        XCTAssertTrue(table.stdout.contains("***"), table.stdout)
        XCTAssertTrue(table.stdout.contains("Significance: *** p<0.01, ** p<0.05, * p<0.1"), table.stdout)
        XCTAssertTrue(table.stdout.contains("-27.7193"), table.stdout)
    }

    func testOutputFileIsWrittenAndFailedRunWritesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let good = dir.appendingPathComponent("sur.csv").path
        let ok = try CLI.run(theilArguments() + ["--format", "csv", "--output", good])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "")
        XCTAssertTrue((try String(contentsOfFile: good, encoding: .utf8)).hasPrefix("term,estimate,std_error,t_value,p_value,ci_low,ci_high\n"))
        let bad = dir.appendingPathComponent("bad.csv").path
        let failed = try CLI.run(theilArguments() + ["--restrict", "GE:value = WE:nothing", "--output", bad])
        XCTAssertEqual(failed.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad))
    }

    func testNonConvergenceIsWarnedOnStandardError() throws {
        let r = try CLI.run(theilArguments() + ["--iterate", "--max-iterations", "2", "--tolerance", "1e-14", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("did not converge in 2 GLS steps"), r.stderr)
    }

    func testBadInputIsReportedWithExitStatus2() throws {
        let cases: [([String], String)] = [
            (theilArguments() + ["--restrict", "GE:value = WE:nothing"], "unknown coefficient 'WE:nothing'"),
            (theilArguments() + ["--restrict", "GE:value = WE:value", "--restrict", "WE:value = GE:value"], "redundant"),
            (theilArguments() + ["--format", "xml"], "expected table, csv or json"),
            (theilArguments() + ["--covariance", "n-1"], "expected T or geomean"),
            (Array(theilArguments().dropLast(2)), "--match"),
            (theilArguments() + ["--where", "XX: year > 1940"], "names equation 'XX'"),
            (theilArguments() + ["--where", "firm == Nobody"], "no row has firm == \"Nobody\""),
            (["sur", "--data", grunfeld, "--equation", "invest ~ value"], "NAME: y ~ x1 + x2"),
            (["sur", "--data", grunfeld, "--equation", "A: invest ~ value | firm"], "no fixed effects"),
            (["sur", "--data", grunfeld, "--equation", "A: invest ~ valeu"], "valeu"),
            (["sur", "--data", grunfeld, "--equation", "A: invest ~ value", "--equation", "B: capital ~ value",
              "--where", "A: year > 1940", "--where", "B: year > 1940", "--match", "year"], "more than once"),
            (["sur", "--data", "/nonexistent/file.csv", "--equation", "A: invest ~ value"], "/nonexistent/file.csv"),
        ]
        for (args, needle) in cases {
            let r = try CLI.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(needle), "\(args): expected '\(needle)' in: \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(args)")
        }
    }
}
