import Foundation
import XCTest
import Linalg
@testable import Econometrics
import TestSupport

/// Data and reference values shared by the SUR tests.
enum SURTestData {
    static var referencesFolder: URL { RepositoryPaths.file("Tests/EconometricsTests/References") }
    static var grunfeldPath: URL { RepositoryPaths.sharedFile("data/validation/grunfeld.csv") }

    /// Rows of a small, clean CSV file as string fields (header first).
    static func readCSV(_ url: URL) throws -> [[String]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Grunfeld's data for one firm, by year: (invest, value, capital).
    static func grunfeld(firm: String) throws -> (invest: [Double], value: [Double], capital: [Double]) {
        let rows = try readCSV(grunfeldPath)
        XCTAssertEqual(rows.first, ["firm", "year", "invest", "value", "capital"])
        let mine = rows.dropFirst().filter { $0[0] == firm }.sorted { $0[1] < $1[1] }
        guard mine.count == 20 else { throw XCTSkip("Grunfeld firm \(firm) has \(mine.count) rows") }
        return (mine.map { Double($0[2]) ?? .nan }, mine.map { Double($0[3]) ?? .nan }, mine.map { Double($0[4]) ?? .nan })
    }

    /// An equation `prefix_invest ~ 1 + the listed regressors` for one Grunfeld firm, named as in the R script.
    static func firmEquation(_ name: String, firm: String, prefix: String, regressors: [String]) throws -> SUREquation {
        let d = try grunfeld(firm: firm)
        var cols: [[Double]] = [[Double](repeating: 1, count: 20)]
        var terms = ["(Intercept)"]
        for r in regressors {
            cols.append(r == "value" ? d.value : d.capital)
            terms.append("\(prefix)_\(r)")
        }
        return SUREquation(name: name, response: d.invest, regressors: try Matrix(columns: cols), termNames: terms)
    }

    /// The simulated translog share data written by sur_systemfit.R: the S1 and S2 equations on lp1..lp3, ly.
    static func shareEquations() throws -> [SUREquation] {
        let rows = try readCSV(referencesFolder.appendingPathComponent("sur_share_data.csv"))
        guard let header = rows.first else { throw XCTSkip("empty share data") }
        func column(_ name: String) -> [Double] {
            guard let j = header.firstIndex(of: name) else { return [] }
            return rows.dropFirst().map { Double($0[j]) ?? .nan }
        }
        let n = rows.count - 1
        let x = try Matrix(columns: [[Double](repeating: 1, count: n), column("lp1"), column("lp2"), column("lp3"), column("ly")])
        let terms = ["(Intercept)", "lp1", "lp2", "lp3", "ly"]
        return [SUREquation(name: "S1", response: column("s1"), regressors: x, termNames: terms),
                SUREquation(name: "S2", response: column("s2"), regressors: x, termNames: terms)]
    }

    /// systemfit's values: case -> kind -> name -> value. Coefficient names are converted from systemfit's
    /// `EQ_term` to offshore's `EQ:term`.
    static let references: [String: [String: [String: Double]]] = {
        var out: [String: [String: [String: Double]]] = [:]
        guard let rows = try? readCSV(referencesFolder.appendingPathComponent("sur_systemfit.csv")) else { return out }
        for row in rows.dropFirst() where row.count == 4 {
            var name = row[2]
            if ["estimate", "std_error", "t_value", "p_value"].contains(row[1]), let u = name.firstIndex(of: "_") {
                name.replaceSubrange(u...u, with: ":")
            }
            out[row[0], default: [:]][row[1], default: [:]][name] = Double(row[3])
        }
        return out
    }()
}

extension SURTestData {
/// Asserts `actual` agrees with `expected` to a relative tolerance.
static func assertClose(_ actual: Double, _ expected: Double, relative: Double, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(expected), 1e-300)
    XCTAssertTrue(actual.isFinite, "\(what): not finite (\(actual))", file: file, line: line)
    XCTAssertLessThanOrEqual(abs(actual - expected) / scale, relative,
                             "\(what): \(actual) vs reference \(expected)", file: file, line: line)
}
}
