import Foundation
import TestSupport
import XCTest

/// `offshore gvc`: the tidy contract of `measure`, the Table-1 view, and bad options refused naming the option.
/// The numbers themselves are held to the numpy and pymrio reference in ValueChainsTests.
final class GVCCommandTests: XCTestCase {
    /// The reference rows of the full reference file for `country`: key `unit,year,measure,group` -> value.
    static func reference(country: String) throws -> [String: Double] {
        let path = RepositoryPaths.file("Tests/ValueChainsTests/References/gvc_wiod2013_full.csv.gz")
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
            guard f.count == 6, f[0] == country, let v = Double(f[5]) else { continue }
            out[f[1...4].joined(separator: ",")] = v
        }
        return out
    }

    func testCSVHasTheMeasureContractAndTheReferenceValues() throws {
        let r = try CLI.run(["gvc", "--country", "bel", "--measure", "vs,fva_final", "--years", "1995,2011", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "country,unit,year,measure,group,value")
        let expected = try Self.reference(country: "BEL")
        var seen = 0
        for line in lines.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            XCTAssertEqual(f[0], "BEL")
            XCTAssertTrue(["vs", "vs_direct", "vs_indirect", "fva_final"].contains(f[3]), String(line))
            let e = try XCTUnwrap(expected[f[1...4].joined(separator: ",")], String(line))
            XCTAssertEqual(try XCTUnwrap(Double(f[5])), e, accuracy: 1e-9 * max(1, abs(e)), String(line))
            seen += 1
        }
        XCTAssertEqual(seen, expected.keys.filter { ["vs", "vs_direct", "vs_indirect", "fva_final"].contains($0.split(separator: ",")[2]) }.count)
        XCTAssertTrue(r.stderr.contains("PHL"), "absent group regions are noted: \(r.stderr)")
    }

    func testTableViewAndJSON() throws {
        let t = try CLI.run(["gvc", "--measure", "fva_final,upstreamness", "--years", "1995,2011"])
        XCTAssertEqual(t.status, 0, t.stderr)
        for s in ["Global value chains, BEL, 1995-2011", "Manufacturing: fva_final", "All industries: upstreamness", "  OECD", "  no group", "change", "WIOD 2013"] {
            XCTAssertTrue(t.stdout.contains(s), "missing '\(s)':\n\(t.stdout)")
        }
        let expected = try Self.reference(country: "BEL")
        let row = try XCTUnwrap(t.stdout.split(separator: "\n").first { $0.hasPrefix("Manufacturing: fva_final") })
        let cells = row.split(separator: " ").suffix(3).map(String.init)
        XCTAssertEqual(cells[0], String(format: "%.2f", try XCTUnwrap(expected["manufacturing,1995,fva_final,total"])))
        XCTAssertEqual(cells[1], String(format: "%.2f", try XCTUnwrap(expected["manufacturing,2011,fva_final,total"])))
        let j = try CLI.run(["gvc", "--measure", "upstreamness", "--years", "2011", "--format", "json"])
        XCTAssertEqual(j.status, 0, j.stderr)
        let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]])
        let all = try XCTUnwrap(items.first { $0["unit"] as? String == "all" && $0["measure"] as? String == "upstreamness" })
        XCTAssertEqual(try XCTUnwrap(all["value"] as? Double), try XCTUnwrap(expected["all,2011,upstreamness,total"]), accuracy: 1e-9)
    }

    func testBadOptionsAreRefusedNamingTheOption() throws {
        let m = try CLI.run(["gvc", "--measure", "vs,fva"])
        XCTAssertEqual(m.status, 2)
        XCTAssertTrue(m.stderr.contains("--measure") && m.stderr.contains("'fva'"), m.stderr)
        let c = try CLI.run(["gvc", "--country", "XYZ", "--years", "2011"])
        XCTAssertEqual(c.status, 2)
        XCTAssertTrue(c.stderr.contains("'XYZ' is not a region"), c.stderr)
        let y = try CLI.run(["gvc", "--years", "1990"])
        XCTAssertEqual(y.status, 2)
        XCTAssertTrue(y.stderr.contains("--years"), y.stderr)
        XCTAssertEqual(m.stdout + c.stdout + y.stdout, "", "nothing written on failure")
    }

    func testTheICIOLayoutGivesTheSameNumbersAsWIOD() throws {
        // The 2007 WIOD table written in the OECD ICIO layout (offshore convert) is the same table: every value equal.
        let dir = try TemporaryDirectory.make(prefix: "offshore-gvc")
        defer { TemporaryDirectory.remove(dir) }
        let icio = dir.appendingPathComponent("icio").path
        let c = try CLI.run(["convert", "--to", "icio", "--years", "2007", "--output", icio])
        XCTAssertEqual(c.status, 0, c.stderr)
        let a = try CLI.run(["gvc", "--tables", icio, "--measure", "all", "--format", "csv"])
        XCTAssertEqual(a.status, 0, a.stderr)
        let b = try CLI.run(["gvc", "--years", "2007", "--measure", "all", "--format", "csv"])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertGreaterThan(a.stdout.split(separator: "\n").count, 1500)
        XCTAssertEqual(a.stdout, b.stdout)
        // Tables without whole multi-regional blocks are refused naming them.
        let f = try CLI.run(["gvc", "--tables", RepositoryPaths.file("SupplyUseTables/wiod2016-niot").path])
        XCTAssertEqual(f.status, 2)
        XCTAssertTrue(f.stderr.contains("wiod2016-niot") && f.stderr.contains("wiod or icio"), f.stderr)
    }
}
