import DataIO
@testable import IOTables
import TestSupport
import XCTest

/// Fixtures in the ICIO 2021 and 2016 layouts, written by `ICIOWriter` and committed under References, read by
/// pymrio's `parse_oecd` (References/icio_pymrio.py, its output icio_pymrio.csv committed beside it): our reader
/// gives the same cells as pymrio's, so the fixtures are OECD-layout files for a parser that is not ours.
///
/// Layout facts this relies on, from pymrio/tools/ioparser.py `parse_oecd`: the split blocks `CN<digit>` into CHN
/// and `MX<digit>` into MEX, rows and columns, added to the country's own block; 2016 final-demand labels reversed
/// (component first); a column without `_` is the discrepancy (region ALL there, left out of final demand here);
/// `OUT`/`TOTAL` columns and `OUT`/`OUTPUT`, `TLS`/`VA` and TAX/VALU rows are not part of Z or Y.
final class ICIOPymrioTests: XCTestCase {
    static let references = RepositoryPaths.file("Tests/IOTablesTests/References")

    /// A small table: AUT, CHN, MEX, ROW x two industries (in alphabetical order, as pymrio's group-by sums them),
    /// WIOD's five final-demand categories; values with fractions, so that the split shares are tested exactly.
    static func table() throws -> MRIOTable {
        let regions = ["AUT", "CHN", "MEX", "ROW"], industries = ["01T02", "10T12"], cats = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
        let n = regions.count * industries.count, f = regions.count * cats.count
        let z = (0..<(n * n)).map { k in Double((k * 13 + 5) % 11) + 0.3 }
        let y = (0..<(n * f)).map { k in Double((k * 7 + 3) % 5) * 1.1 }
        let out = (0..<n).map { r in (0..<n).reduce(0.0) { $0 + z[r * n + $1] } + (0..<f).reduce(0.0) { $0 + y[r * f + $1] } }
        return try MRIOTable(year: 2010, regions: regions, industries: industries, finalDemandCategories: cats,
                             intermediate: z, finalDemand: y, output: out, source: "hand-made")
    }

    static let fixtures: [(String, ICIOWriter.Edition, [ICIOWriter.Split])] = [
        ("ICIO2021_2010.csv", .icio2021, ICIOWriter.Split.icio2021), ("ICIO2016_2010.csv", .icio2016, ICIOWriter.Split.icio2016),
    ]

    /// The committed fixtures are what the writer writes today (set OFFSHORE_WRITE_ICIO_FIXTURES=1 to write them
    /// again, then run icio_pymrio.py).
    func testFixturesAreTheWritersOutput() throws {
        let t = try Self.table()
        for (name, edition, splits) in Self.fixtures {
            let bytes = try ICIOWriter.write(t, edition: edition, splits: splits)
            let url = Self.references.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["OFFSHORE_WRITE_ICIO_FIXTURES"] == "1" { try Data(bytes).write(to: url) }
            XCTAssertEqual([UInt8](try Data(contentsOf: url)), bytes, name)
        }
    }

    func testOurReaderGivesPymrioCells() throws {
        let rows = try CSVReader(path: Self.references.appendingPathComponent("icio_pymrio.csv").path).readAllRows().dropFirst()
        XCTAssertGreaterThan(rows.count, 100)
        for (name, _, _) in Self.fixtures {
            let (t, _) = try ICIOReader.read(path: Self.references.appendingPathComponent(name).path)
            var pymrio: [String: Double] = [:]
            for r in rows where r[0] == name { pymrio[r[1...5].joined(separator: "|")] = Double(r[6]) }
            var ours: [String: Double] = [:]
            let n = t.size, nI = t.industries.count, nC = t.finalDemandCategories.count
            for r in 0..<n {
                let rr = t.regions[r / nI], rs = t.industries[r % nI]
                for c in 0..<n where t.intermediate[r * n + c] != 0 {
                    ours["Z|\(rr)|\(rs)|\(t.regions[c / nI])|\(t.industries[c % nI])"] = t.intermediate[r * n + c]
                }
                for c in 0..<t.finalDemandColumns where t.finalDemand[r * t.finalDemandColumns + c] != 0 {
                    ours["Y|\(rr)|\(rs)|\(t.regions[c / nC])|\(t.finalDemandCategories[c % nC])"] = t.finalDemand[r * t.finalDemandColumns + c]
                }
            }
            XCTAssertEqual(Set(ours.keys), Set(pymrio.keys), name)
            for (k, v) in ours {
                let p = pymrio[k] ?? .nan
                XCTAssertEqual(v, p, accuracy: 1e-12 * max(1, abs(p)), "\(name) \(k)")
            }
            // And the cells are the hand-made table's (pymrio and we read back what was written).
            let h = try Self.table()
            XCTAssertTrue(t.intermediate == h.intermediate, name)
        }
    }
}
