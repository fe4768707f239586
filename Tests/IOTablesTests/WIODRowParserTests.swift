import DataIO
@testable import IOTables
import XCTest

/// The reader's one-pass number path must give exactly what the shared parser gives, and hand everything
/// unusual to it.
final class WIODRowParserTests: XCTestCase {
    func testEveryNumberFormMatchesTheSharedParser() throws {
        let cells = ["0", "-0", "12", "-3.25", "0.1", "1234567.891", "123456789012345", "1234567890123456789",
                     "1e3", "\"42\"", " 7 ", "+5", ".5", "2.", "0.30000000000000004", "00", "05", "0 ", "0e0", "\"0\""]
        // 2 regions x 2 industries: 16 intermediate cells, then 2 final-demand cells and OUT per row.
        var lines = [",A_c1,A_c2,B_c1,B_c2,A_F,B_F,OUT"]
        var k = 0
        var expected: [Double] = []
        for label in ["A_c1", "A_c2", "B_c1", "B_c2"] {
            var row = [label]
            for _ in 0..<7 {
                let cell = cells[k % cells.count]
                row.append(cell)
                let bare = cell.replacingOccurrences(of: "\"", with: "")
                guard case .value(let v) = parseNumber(bare) else { return XCTFail("reference parser rejects \(cell)") }
                expected.append(v)
                k += 1
            }
            lines.append(row.joined(separator: ","))
        }
        let (t, _) = try WIODReader.read(path: try TestFiles.write(lines.joined(separator: "\n") + "\n", name: "t.csv"))
        for r in 0..<4 {
            for c in 0..<4 {
                let e = expected[r * 7 + c]
                XCTAssertEqual(t.flow(r, c).bitPattern, e.bitPattern, "row \(r) column \(c): \(t.flow(r, c)) vs \(e)")
            }
            XCTAssertEqual(t.finalDemand[r * 2], expected[r * 7 + 4])
            XCTAssertEqual(t.finalDemand[r * 2 + 1], expected[r * 7 + 5])
            XCTAssertEqual(t.output[r], expected[r * 7 + 6])
        }
    }

    func testEmptyCellAndTextAreErrorsAtTheirColumn() throws {
        let base = ",A_c1,B_c1,A_F,B_F,OUT\nA_c1,1,2,3,4,10\nB_c1,1,2,3,4,10\n"
        for (bad, column) in [("A_c1,1,,3,4,10", 3), ("A_c1,1,2,3,4,ten", 6), ("A_c1,1-2,2,3,4,10", 2)] {
            let text = base.replacingOccurrences(of: "A_c1,1,2,3,4,10", with: bad)
            let e = try expectInputError { try WIODReader.read(path: try TestFiles.write(text, name: "t.csv")) }
            XCTAssertEqual(e.line, 2, bad)
            XCTAssertEqual(e.column, column, bad)
        }
    }
}
