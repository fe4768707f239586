import Foundation
import XCTest
import DataIO
@testable import Accounts
import TestSupport

/// Reading industry accounts in both layouts, deflating, and checking joins.
final class AccountsReaderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory.make(prefix: "accounts")
    }

    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    let seaText = """
    Country,Variable,Description,Code,_1995,_1996,_1997
    BEL,GO,Gross output (millions of national currency),15t16,100,110,121
    BEL,GO_P,Price levels gross output 1995=100,15t16,100,105,110
    BEL,EMP,Number of persons engaged (thousands),15t16,90,NA,88
    BEL,GO,Gross output (millions of national currency),TOT,5000,5100,5200
    BEL,GO,Gross output,c4,50,,52

    """

    func testSEALayoutWithAliasesTotalsAndMissingCells() throws {
        let p = try file("sea.csv", seaText)
        let (acc, report) = try AccountsReader.read(path: p, industries: ["c3", "c4"], aliases: ["15t16": "c3"])
        XCTAssertEqual(acc.value(country: "BEL", variable: "GO", industry: "c3", year: 1996), 110)
        XCTAssertEqual(acc.value(country: "BEL", variable: "GO", industry: "c4", year: 1997), 52)
        XCTAssertNil(acc.value(country: "BEL", variable: "EMP", industry: "c3", year: 1996), "NA must stay missing")
        XCTAssertNil(acc.value(country: "BEL", variable: "GO", industry: "c4", year: 1996), "an empty cell must stay missing")
        XCTAssertEqual(report.unknownIndustries, ["TOT": 1])
        XCTAssertEqual(report.missingCells, 2)
        XCTAssertEqual(report.valuesRead, 3 + 3 + 2 + 2)
        XCTAssertEqual(acc.years, [1995, 1996, 1997])
        XCTAssertEqual(acc.industries, ["c3", "c4"])
        XCTAssertTrue(report.notes.joined().contains("TOT (1 rows)"))
    }

    func testDeflationDividesByThePriceIndexRelativeToItsBase() throws {
        let p = try file("sea.csv", seaText)
        var (acc, _) = try AccountsReader.read(path: p, aliases: ["15t16": "c3"])
        try acc.addDeflated("GO", by: "GO_P", as: "GO_real")
        XCTAssertEqual(try XCTUnwrap(acc.value(country: "BEL", variable: "GO_real", industry: "c3", year: 1997)), 121 / 1.10, accuracy: 1e-12)
        XCTAssertEqual(acc.value(country: "BEL", variable: "GO_real", industry: "c3", year: 1995), 100)
        XCTAssertNil(acc.value(country: "BEL", variable: "GO_real", industry: "c4", year: 1995), "no price index, no real value")
    }

    func testTidyLayoutAndItsErrors() throws {
        let good = try file("tidy.csv", "country,industry,year,variable,value\nBEL,c3,1995,EMP,12.5\nBEL,c3,1996,EMP,.\nBEL,c3,1996,K,3e2\n")
        let (acc, report) = try AccountsReader.read(path: good)
        XCTAssertEqual(acc.value(country: "BEL", variable: "K", industry: "c3", year: 1996), 300)
        XCTAssertEqual(report.missingCells, 1)

        let badYear = try file("y.csv", "country,industry,year,variable,value\nBEL,c3,95a,EMP,1\n")
        XCTAssertThrowsError(try AccountsReader.read(path: badYear)) { e in
            let ie = e as? InputError
            XCTAssertEqual(ie?.line, 2)
            XCTAssertEqual(ie?.column, 3)
            XCTAssertTrue(ie?.message.contains("expected a year") ?? false)
        }
        let badValue = try file("v.csv", "country,industry,year,variable,value\nBEL,c3,1995,EMP,1\nBEL,c3,1996,EMP,1,5\n")
        XCTAssertThrowsError(try AccountsReader.read(path: badValue)) { e in
            XCTAssertEqual((e as? InputError)?.line, 3)
            XCTAssertTrue("\(e)".contains("expected 5 fields"))
        }
        let dup = try file("d.csv", "country,industry,year,variable,value\nBEL,c3,1995,EMP,1\nBEL,c3,1995,EMP,2\n")
        XCTAssertThrowsError(try AccountsReader.read(path: dup)) { e in
            XCTAssertEqual((e as? InputError)?.line, 3)
            XCTAssertTrue("\(e)".contains("first given on line 2"))
        }
        let decimalComma = try file("c.csv", "country,industry,year,variable,value\nBEL,c3,1995,EMP,\"1,5\"\n")
        XCTAssertThrowsError(try AccountsReader.read(path: decimalComma)) { e in
            XCTAssertEqual((e as? InputError)?.column, 5)
            XCTAssertTrue("\(e)".contains("decimal comma"))
        }
    }

    func testUnrecognisedHeaderEmptyFileAndZeroPriceIndex() throws {
        XCTAssertThrowsError(try AccountsReader.read(path: try file("h.csv", "a,b,c\n1,2,3\n"))) { e in
            XCTAssertTrue("\(e)".contains("unrecognised header"))
        }
        XCTAssertThrowsError(try AccountsReader.read(path: try file("e.csv", ""))) { e in
            XCTAssertTrue("\(e)".contains("empty"))
        }
        XCTAssertThrowsError(try AccountsReader.read(path: try file("ho.csv", "country,industry,year,variable,value\n"))) { e in
            XCTAssertTrue("\(e)".contains("no values"))
        }
        let zero = try file("z.csv", "country,industry,year,variable,value\nBEL,c3,1995,GO,1\nBEL,c3,1995,GO_P,0\n")
        var (acc, _) = try AccountsReader.read(path: zero)
        XCTAssertThrowsError(try acc.addDeflated("GO", by: "GO_P", as: "GO_real")) { e in
            XCTAssertEqual((e as? InputError)?.line, 3)
        }
    }

    func testCoverageNamesWhatOneSourceHasAndTheOtherLacks() throws {
        let p = try file("tidy.csv", """
        country,industry,year,variable,value
        BEL,c3,1995,EMP,1
        BEL,c3,1996,EMP,1
        BEL,c4,1995,EMP,1
        BEL,c9,1995,EMP,1
        BEL,c3,1995,K,1

        """)
        let (acc, _) = try AccountsReader.read(path: p)
        let cov = Coverage(tableIndustries: ["c3", "c4", "c5"], tableYears: [1995, 1996, 1997], accounts: acc,
                           country: "BEL", required: ["EMP", "K"])
        XCTAssertFalse(cov.isComplete)
        XCTAssertEqual(cov.industriesOnlyInTables, ["c5"])
        XCTAssertEqual(cov.industriesOnlyInAccounts, ["c9"])
        XCTAssertEqual(cov.yearsOnlyInTables, [1997])
        XCTAssertEqual(cov.missingCells.map { "\($0.variable) \($0.industry) \($0.year)" }, ["EMP c4 1996", "K c3 1996", "K c4 1995", "K c4 1996"])
        XCTAssertTrue(cov.notes.contains("variable K missing for 3 industry-years: c3 1996, c4 1995, c4 1996"))
        let full = Coverage(tableIndustries: ["c3"], tableYears: [1995], accounts: acc, country: "BEL", required: ["EMP", "K"])
        XCTAssertEqual(full.industriesOnlyInAccounts, ["c4", "c9"])
    }
}
