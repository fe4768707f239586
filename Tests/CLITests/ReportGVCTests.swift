import Foundation
import XCTest

/// `offshore gvc --report DIR`: the value-chain report (Table 1, charts by origin group and aggregate, rankings,
/// industry x year tables), its numbers those of `offshore gvc --format csv`.
final class ReportGVCTests: XCTestCase {
    /// Reads a report table's CSV (`;`-separated with decimal commas in nl and fr; fields with the separator quoted)
    /// as rows of fields.
    static func csvRows(_ path: String, separator: Character) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == separator && !quoted { fields.append(field); field = "" } else { field.append(c) }
            }
            return fields + [field]
        }
    }

    /// A number as the French report prints it (decimal comma, minus sign U+2212, narrow no-break space grouping).
    static func number(_ cell: String) -> Double? {
        Double(cell.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "\u{2212}", with: "-")
            .replacingOccurrences(of: "\u{202F}", with: ""))
    }

    func testPageNumbersAreThoseOfTheCSVOutput() throws {
        let dir = try CLI.temporaryDirectory()
        let folder = dir.appendingPathComponent("gvc-BEL").path
        // A file of the user's in the report folder is never removed.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "mine\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["gvc", "--years", "1995-1997", "--format", "csv", "--report", folder, "--lang", "fr"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("country,unit,year,measure,group,value\n"), "the usual output is unchanged")
        XCTAssertTrue(r.stderr.contains("wrote \(folder)/index.html"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: folder + "/notes.txt", encoding: .utf8), "mine\n")
        let page = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
        for s in ["<html lang=\"fr\">", "Chaînes de valeur mondiales", "Provenance des données", "<svg", "vs par origine",
                  "Participation aux CVM, en amont et en aval", "upstreamness par agrégat", "offshore gvc"] {
            XCTAssertTrue(page.contains(s), "missing '\(s)'")
        }
        XCTAssertFalse(page.contains("class=\"warning\""), "the measures use the real tables only")
        // Every value of every industry x year table equals the CSV's value rounded to its decimals.
        var expected: [String: Double] = [:]
        for line in r.stdout.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f[4] == "total", let v = Double(f[5]) else { continue }
            expected["\(f[1]),\(f[2]),\(f[3])"] = v
        }
        XCTAssertGreaterThan(expected.count, 1000)
        var compared = 0
        for m in ["vs", "vs_direct", "vs_indirect", "vs1", "fva_final", "dva_exports", "fva_exports", "vax_ratio", "gvc_backward",
                  "gvc_forward", "gvc_participation", "upstreamness", "downstreamness"] {
            let rows = try Self.csvRows(folder + "/tables/\(m)-by-industry.csv", separator: ";")
            XCTAssertEqual(Array(rows[0].dropFirst()), ["1995", "1996", "1997"], m)
            let digits = m.hasSuffix("streamness") ? 3 : 2
            // Rows: the 35 industries in table order, then the aggregates (labels in French).
            let units = (1...35).map { "c\($0)" } + ["manufacturing", "market_services", "all"]
            XCTAssertEqual(rows.count, 1 + units.count, m)
            for (row, unit) in zip(rows.dropFirst(), units) {
                for (k, cell) in row.dropFirst().enumerated() {
                    let key = "\(unit),\(1995 + k),\(m)"
                    guard let e = expected[key] else { XCTAssertEqual(cell, "n/a", key); continue }
                    XCTAssertEqual(try XCTUnwrap(Self.number(cell), key), e, accuracy: 0.5 * pow(10, -Double(digits)) + 1e-9, key)
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, expected.count, "every total of the CSV is in the tables")
        // Table 1: manufacturing's vs in 1995 and 1997 and the change, as the CSV gives them.
        let t1 = try Self.csvRows(folder + "/tables/gvc-table1.csv", separator: ";")
        let vs = try XCTUnwrap(t1.first { $0[0].hasSuffix("(VS)") }, "the first vs row, under manufacturing")
        let a = try XCTUnwrap(expected["manufacturing,1995,vs"]), b = try XCTUnwrap(expected["manufacturing,1997,vs"])
        for (cell, e) in zip(vs.dropFirst(), [a, b, b - a]) { XCTAssertEqual(try XCTUnwrap(Self.number(cell)), e, accuracy: 0.005 + 1e-9, cell) }
        XCTAssertEqual(vs.count, 4)
        for f in ["charts/vs-manufacturing.svg", "charts/participation-all.svg", "charts/upstreamness-by-aggregate.svg",
                  "charts/vs-ranking-1997.svg", "tables/gvc-table1.md", "tables/gvc-table1.tex", "tables/gvc-table1-standalone.tex"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + f), f)
        }
    }

    func testReportOptionsNeedReportAndFailuresWriteNothing() throws {
        let bad = try CLI.run(["gvc", "--lang", "nl"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("add --report"), bad.stderr)
        let dir = try CLI.temporaryDirectory()
        let folder = dir.appendingPathComponent("r").path
        let c = try CLI.run(["gvc", "--country", "XYZ", "--years", "2011", "--report", folder])
        XCTAssertEqual(c.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "nothing written on failure")
        let l = try CLI.run(["gvc", "--years", "2011", "--report", folder, "--lang", "de"])
        XCTAssertEqual(l.status, 2)
        XCTAssertTrue(l.stderr.contains("--lang"), l.stderr)
    }

    func testUpstreamnessInventoryCorrectedOption() throws {
        let r = try CLI.run(["gvc", "--measure", "upstreamness", "--years", "2011", "--upstreamness", "inventory-corrected", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("net changes in inventories"), r.stderr)
        let row = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("BEL,all,2011,upstreamness,total,") })
        // The numpy reference (Tests/ValueChainsTests/References/upstreamness_inventories_numpy.py).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ValueChainsTests/References/upstreamness_inventories_wiod2013.csv.gz").path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("2011,BEL,all,") })
        let e = try XCTUnwrap(Double(line.split(separator: ",")[3]))
        XCTAssertEqual(try XCTUnwrap(Double(row.split(separator: ",")[5])), e, accuracy: 1e-9 * e)
        let plain = try CLI.run(["gvc", "--measure", "upstreamness", "--years", "2011", "--format", "csv"])
        XCTAssertFalse(plain.stdout.contains(String(row)), "the correction changes the value")
        let bad = try CLI.run(["gvc", "--upstreamness", "acfh"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("upstreamness"), bad.stderr)
    }
}
