import Foundation
import TestSupport
import XCTest

/// `offshore gvc --measure decomposition|bm|kww`: the tidy contract with the term in `measure`, the Table-1 view, and
/// decomposition names mixed with other measures refused naming the option. The numbers themselves are held to the
/// numpy reference in ValueChainsTests (ExportDecompositionReferenceTests).
final class GVCDecompositionCommandTests: XCTestCase {
    /// The rows of the numpy reference for `country`'s `all`: key `year,measure,group` -> value.
    static func reference(country: String) throws -> [String: Double] {
        let path = RepositoryPaths.file("Tests/ValueChainsTests/References/decomposition_wiod2013_all.csv.gz")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        var out: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 6, f[0] == country, f[1] == "all", let v = Double(f[5]) else { continue }
            out[f[2...4].joined(separator: ",")] = v
        }
        return out
    }

    func testCSVHasTheContractWithTheTermsAsMeasures() throws {
        let r = try CLI.run(["gvc", "--country", "deu", "--measure", "kww,bm_fva", "--years", "2011", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "country,unit,year,measure,group,value")
        let expected = try Self.reference(country: "DEU")
        var seen = Set<String>()
        var nine = 0.0, exports = 0.0
        for line in lines.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            XCTAssertEqual(f[0], "DEU")
            seen.insert(f[3])
            if f[1] != "all" {
                XCTAssertTrue(["bm_fva", "gross_exports"].contains(f[3]), "KWW is defined for the country only: \(line)")
                continue
            }
            let e = try XCTUnwrap(expected[f[2...4].joined(separator: ",")], String(line))
            let v = try XCTUnwrap(Double(f[5]))
            XCTAssertEqual(v, e, accuracy: 1e-9 * max(1, abs(e)), String(line))
            if f[4] == "total", f[3].hasPrefix("kww_"), !["kww_vax", "kww_dva", "kww_fva"].contains(f[3]) { nine += v }
            if f[3] == "gross_exports" { exports = v }
        }
        XCTAssertEqual(seen, ["gross_exports", "bm_fva", "kww_dva_fin", "kww_dva_int", "kww_dva_intrex", "kww_rdv_fin", "kww_rdv_int", "kww_ddc",
                              "kww_fva_fin", "kww_fva_int", "kww_fdc", "kww_dva_gap", "kww_fva_gap", "kww_vax", "kww_dva", "kww_fva"])
        XCTAssertEqual(nine, 100, accuracy: 1e-10, "the nine terms and the two gap terms make 100 % of gross exports")
        XCTAssertEqual(exports, try XCTUnwrap(expected["2011,gross_exports,total"]))
    }

    func testTableViewAndJSON() throws {
        let t = try CLI.run(["gvc", "--measure", "decomposition", "--years", "1995,2011"])
        XCTAssertEqual(t.status, 0, t.stderr)
        for s in ["Decomposition of gross exports, BEL, 1995-2011", "Manufacturing: bm_dva", "All industries: kww_fdc", "All industries: bm_fva",
                  "  OECD", "  no group", "change", "Borin and Mancini", "equation 36", "WIOD 2013"] {
            XCTAssertTrue(t.stdout.contains(s), "missing '\(s)':\n\(t.stdout)")
        }
        XCTAssertFalse(t.stdout.contains("Manufacturing: kww_"), "KWW's terms under all only")
        let expected = try Self.reference(country: "BEL")
        let row = try XCTUnwrap(t.stdout.split(separator: "\n").first { $0.hasPrefix("All industries: bm_dva ") })
        let cells = row.split(separator: " ").suffix(3).map(String.init)
        XCTAssertEqual(cells[0], String(format: "%.2f", try XCTUnwrap(expected["1995,bm_dva,total"])))
        XCTAssertEqual(cells[1], String(format: "%.2f", try XCTUnwrap(expected["2011,bm_dva,total"])))
        let j = try CLI.run(["gvc", "--measure", "bm", "--years", "2011", "--format", "json"])
        XCTAssertEqual(j.status, 0, j.stderr)
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]])
        let fva = try XCTUnwrap(items.first { $0["unit"] as? String == "all" && $0["measure"] as? String == "bm_fva" && $0["group"] as? String == "ASIA" })
        XCTAssertEqual(try XCTUnwrap(fva["value"] as? Double), try XCTUnwrap(expected["2011,bm_fva,ASIA"]), accuracy: 1e-9)
    }

    func testDecompositionMixedWithOtherMeasuresIsRefused() throws {
        let m = try CLI.run(["gvc", "--measure", "bm,vs", "--years", "2011"])
        XCTAssertEqual(m.status, 2)
        XCTAssertTrue(m.stderr.contains("--measure") && m.stderr.contains("'vs'"), m.stderr)
        XCTAssertEqual(m.stdout, "", "nothing written on failure")
    }

    func testDecompositionWithAReportFolderIsRefusedBeforeAnythingIsWritten() throws {
        let dir = try CLI.temporaryDirectory()
        let report = dir.appendingPathComponent("gvc-report").path
        let r = try CLI.run(["gvc", "--measure", "bm", "--years", "2011", "--report", report])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--report") && r.stderr.contains("--format"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: report), "no report folder on failure")
    }
}
