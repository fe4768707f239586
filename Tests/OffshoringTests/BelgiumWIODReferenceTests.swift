import DataIO
import Foundation
import IOTables
@testable import Offshoring
import XCTest
import TestSupport

/// Belgium on the bundled WIOD 2013 tables against the independent Python computation
/// (References/wiod_reference.py, output References/BEL_wiod2013_reference.csv): every industry and aggregate,
/// every year, om and os total and by group, three denominators, broad and narrow.
final class BelgiumWIODReferenceTests: XCTestCase {
    /// "denominator,narrow,unit,year,measure,group" -> value, from the reference file.
    func reference() throws -> [String: Double] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("References/BEL_wiod2013_reference.csv").path
        var out: [String: Double] = [:]
        let reader = try CSVReader(path: path)
        var header = true
        try reader.forEachRow { row in
            if header { header = false; return }
            if row.isBlank { return }
            let key = [0, 1, 3, 4, 5, 6].map { row.string($0) }.joined(separator: ",")
            out[key] = try row.double(7)
        }
        return out
    }

    func testEveryValueAgreesWithThePythonReferenceTo1e9() throws {
        let expected = try reference()
        XCTAssertEqual(expected.count, 29648)
        let sut = RepositoryPaths.supplyUseTables
        let classification = try Classification.load(path: sut.appendingPathComponent("classifications/wiod2013.toml").path)
        let grouping = try Grouping.load(path: sut.appendingPathComponent("groupings/default.toml").path)
        let files = try TableFiles.find(sut.appendingPathComponent("wiod2013").path)
        XCTAssertEqual(files.map(\.year), Array(1995...2011))
        let perYear: [[(String, Double)]] = try TableFiles.load(files) { table, _ in
            try Self.keyedValues(year: table.year ?? 0) { d, narrow in
                try OffshoringMeasures.compute(table: table, country: "BEL", classification: classification,
                                               grouping: grouping, denominator: d, narrow: narrow)
            }
        }
        var seen = 0
        var worst = 0.0
        for (key, v) in perYear.joined() {
            guard let e = expected[key] else { XCTFail("not in the reference: \(key)"); continue }
            seen += 1
            worst = max(worst, abs(v - e))
            XCTAssertEqual(v, e, accuracy: 1e-9, key)
        }
        XCTAssertEqual(seen, expected.count, "rows in the reference that Swift did not produce")
        XCTAssertLessThan(worst, 1e-9)
        print("BEL WIOD 2013: \(seen) values, largest absolute difference \(worst) percentage points")
    }

    /// Every value of one year's measures under the reference files' keys
    /// (`denominator,narrow,unit,year,measure,group`), for each denominator, broad and narrow.
    static func keyedValues(year: Int, _ compute: (Denominator, Bool) throws -> OffshoringYear) rethrows -> [(String, Double)] {
        var values: [(String, Double)] = []
        for d in Denominator.allCases {
            for narrow in [false, true] {
                let y = try compute(d, narrow)
                for u in y.units {
                    for m in OffshoringMeasure.allCases {
                        for (o, origin) in y.origins.enumerated() {
                            guard let v = u.sums.percent(m, origin: o) else { continue }
                            values.append(("\(d.rawValue),\(narrow),\(u.unit),\(year),\(m.rawValue),\(origin)", v))
                        }
                    }
                }
            }
        }
        return values
    }
}
