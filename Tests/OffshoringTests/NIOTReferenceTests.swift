import DataIO
import Foundation
import IOTables
@testable import Offshoring
import TestSupport
import XCTest

/// Belgium on the WIOD 2016 national input-output table (SupplyUseTables/wiod2016-niot/BEL_NIOT_nov16.xlsx, read as
/// distributed) against the independent Python computation References/niot_reference.py (pandas + openpyxl reading
/// the same workbook; output References/BEL_niot2016_reference.csv): om and os in total, every industry and the
/// manufacturing and market-services aggregates, 2000-2014, three denominators, to 1e-9 percentage points.
final class NIOTReferenceTests: XCTestCase {
    func testEveryValueAgreesWithThePythonReferenceTo1e9() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("References/BEL_niot2016_reference.csv").path
        var expected: [String: Double] = [:]
        var header = true
        try CSVReader(path: path).forEachRow { row in
            if header { header = false; return }
            if row.isBlank { return }
            expected[(0..<4).map { row.string($0) }.joined(separator: ",")] = try row.double(4)
        }
        XCTAssertEqual(expected.count, 5070)
        let sut = RepositoryPaths.supplyUseTables
        let classification = try Classification.load(path: sut.appendingPathComponent("classifications/wiod2016.toml").path)
        let grouping = try Grouping.load(path: sut.appendingPathComponent("groupings/default.toml").path)
        let set = try TableSet(path: sut.appendingPathComponent("wiod2016-niot/BEL_NIOT_nov16.xlsx").path)
        XCTAssertEqual(set.format, .niot)
        let values: [[(String, Double)]] = try set.load(country: "BEL") { use, _ in
            var out: [(String, Double)] = []
            for d in Denominator.allCases {
                let y = try OffshoringMeasures.compute(use: use, classification: classification, grouping: grouping, denominator: d)
                XCTAssertEqual(y.origins.first, "total")
                for u in y.units {
                    for m in OffshoringMeasure.allCases {
                        guard let v = u.sums.percent(m, origin: 0) else { continue }
                        out.append(("\(d.rawValue),\(u.unit),\(use.year ?? 0),\(m.rawValue)", v))
                        // No origin in a national table: every group is empty.
                        for g in 1..<y.origins.count { XCTAssertEqual(u.sums.percent(m, origin: g), 0) }
                    }
                }
            }
            return out
        }
        var seen = 0, worst = 0.0
        for (key, v) in values.joined() {
            guard let e = expected[key] else { XCTFail("not in the reference: \(key)"); continue }
            seen += 1
            worst = max(worst, abs(v - e))
            XCTAssertEqual(v, e, accuracy: 1e-9, key)
        }
        XCTAssertEqual(seen, expected.count)
        print("BEL WIOD 2016 NIOT: \(seen) values, largest absolute difference \(worst) percentage points")
    }
}
