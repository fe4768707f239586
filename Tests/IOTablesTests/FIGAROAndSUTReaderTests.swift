import DataIO
@testable import IOTables
import XCTest

/// FIGARO flat files (both variants), tidy national SUTs with origin shares (the proportional method), concordances
/// as data, and their bad inputs.
final class FIGAROAndSUTReaderTests: XCTestCase {
    static let figaro = """
    refArea,rowIi,counterpartArea,colIi,obsValue
    A,P1,A,x,20
    A,P1,B,y,9
    A,x,A,x,1
    A,x,B,y,2
    B,y,A,x,3
    A,y,A,P3_S14,5
    W2,B2A3G,A,x,7

    """

    func testFIGAROIndustryByIndustry() throws {
        let (t, _) = try FIGAROReader.read(path: try TestFiles.write(Self.figaro, name: "figaro_ixi_2015.csv"))
        XCTAssertEqual(t.year, 2015)
        XCTAssertEqual(t.regions, ["A", "B"])
        XCTAssertEqual(t.industries, ["x", "y"])
        XCTAssertTrue(t.isIndustryByIndustry)
        // Row (A,x) -> column (A,x) = 1, (A,x) -> (B,y) = 2, (B,y) -> (A,x) = 3; value added and final demand not kept.
        var expected = [Double](repeating: 0, count: 16)
        expected[0] = 1; expected[3] = 2; expected[3 * 4 + 0] = 3
        XCTAssertEqual(t.flows, expected)
        XCTAssertEqual(t.output, [20, 0, 0, 9], "P1 of (B,y) has row area A but output follows the column: (B,y) is index 3")
    }

    func testFIGAROProductByIndustryAndAYearColumn() throws {
        let text = """
        time,refArea,rowPi,counterpartArea,colPi,obsValue
        2012,A,CPA_x,A,x,1
        2012,B,CPA_x,A,y,4
        2012,A,CPA_y,B,x,2

        """
        let (t, _) = try FIGAROReader.read(path: try TestFiles.write(text, name: "figaro_pxi.csv"))
        XCTAssertEqual(t.year, 2012)
        XCTAssertEqual(t.products, ["CPA_x", "CPA_y"])
        XCTAssertEqual(t.industries, ["x", "y"])
        XCTAssertNil(t.output)
        let use = try CountryUse(table: t, country: "A")
        // A's columns: x uses CPA_x from A (1); y uses CPA_x from B (4, imported).
        XCTAssertEqual(use.total, [1, 4, 0, 0])
        XCTAssertEqual(use.importedTotal, [0, 4, 0, 0])
    }

    func testFIGAROBadInputNamesLineAndColumn() throws {
        var e = try expectInputError {
            try FIGAROReader.read(path: try TestFiles.write(Self.figaro + "A,x,A,x,8\n", name: "f_2015.csv"))
        }
        XCTAssertEqual(e.line, 9)
        XCTAssertTrue(e.message.contains("listed twice (first at line 4)"), e.description)
        e = try expectInputError {
            try FIGAROReader.read(path: try TestFiles.write(Self.figaro.replacingOccurrences(of: "B,y,A,x,3", with: "B,y,A,x,three"), name: "f_2015.csv"))
        }
        XCTAssertEqual(e.line, 6)
        XCTAssertEqual(e.column, 5)
        e = try expectInputError {
            try FIGAROReader.read(path: try TestFiles.write(Self.figaro.replacingOccurrences(of: "obsValue", with: "value"), name: "f_2015.csv"))
        }
        XCTAssertEqual(e.line, 1)
        XCTAssertTrue(e.message.contains("no value column: expected one named obsValue"), e.description)
        e = try expectInputError {
            try FIGAROReader.read(path: try TestFiles.write(Self.figaro.replacingOccurrences(of: "A,x,B,y,2", with: "A,x,B,2"), name: "f_2015.csv"))
        }
        XCTAssertEqual(e.line, 5)
        XCTAssertTrue(e.message.contains("ragged row"), e.description)
        // Column names are configurable.
        let renamed = Self.figaro.replacingOccurrences(of: "refArea,rowIi,counterpartArea,colIi,obsValue", with: "from,row,to,col,v")
        let layout = FIGAROLayout(rowArea: "from", rowItem: ["row"], columnArea: "to", columnItem: ["col"], value: "v")
        XCTAssertEqual(try FIGAROReader.read(path: try TestFiles.write(renamed, name: "f_2015.csv"), layout: layout).0.regions, ["A", "B"])
    }

    // MARK: national SUT and origin shares

    static let sut = """
    year,table,product,industry,value
    2005,supply,m,I1,50
    2005,supply,s,I2,30
    2005,use_total,m,I1,10
    2005,use_total,m,I2,20
    2005,use_total,s,I1,5
    2005,use_total,e,I1,4
    2005,use_imported,m,I1,4
    2005,use_imported,m,I2,6
    2005,use_imported,s,I1,2

    """

    static let values = """
    year,product,partner,value
    2005,m,DEU,3
    2005,m,CHN,1
    2005,s,DEU,10

    """

    func testProportionalMethodSplitsEachProductsImportsByItsShares() throws {
        let suts = try SUTReader.read(path: try TestFiles.write(Self.sut, name: "sut.csv"))
        XCTAssertEqual(suts.map(\.year), [2005])
        let s = try XCTUnwrap(suts.first)
        XCTAssertEqual(s.products, ["m", "s", "e"])
        XCTAssertEqual(s.industries, ["I1", "I2"])
        XCTAssertEqual(s.output, [50, 30])
        let shares = try OriginShares.read(path: try TestFiles.write(Self.values, name: "values.csv"))
        XCTAssertTrue(shares.normalised)
        XCTAssertEqual(shares.years[2005]?.shares["m"], [0.75, 0.25])
        let use = try CountryUse(sut: s, shares: shares, country: "BEL")
        XCTAssertEqual(use.regions, ["BEL", "DEU", "CHN"])
        XCTAssertEqual(use.total, [10, 20, 5, 0, 4, 0])
        XCTAssertEqual(use.importedTotal, [4, 6, 2, 0, 0, 0])
        // DEU: m 0.75 of 4 and 6; s all of 2. CHN: m 0.25.
        XCTAssertEqual(Array(use.imported[6..<12]), [3, 4.5, 2, 0, 0, 0])
        XCTAssertEqual(Array(use.imported[12..<18]), [1, 1.5, 0, 0, 0, 0])
        XCTAssertEqual(Array(use.imported[0..<6]), [0, 0, 0, 0, 0, 0], "nothing is imported from the country itself")
        XCTAssertEqual(use.originMethod, "proportional")
    }

    func testSharesMustSumToOneAndCoverTheImportedProducts() throws {
        let sut = try XCTUnwrap(SUTReader.read(path: try TestFiles.write(Self.sut, name: "sut.csv")).first)
        var e = try expectInputError {
            try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,DEU,0.7\n2005,m,CHN,0.2\n2005,s,DEU,1\n", name: "sh.csv"))
        }
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.key, "m")
        XCTAssertTrue(e.message.contains("sum to 0.8999"), e.description)
        // Within 1e-9 is accepted as it is.
        let close = try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,DEU,0.7500000000001\n2005,m,CHN,0.25\n2005,s,DEU,1\n", name: "sh.csv"))
        XCTAssertFalse(close.normalised)
        XCTAssertNoThrow(try CountryUse(sut: sut, shares: close, country: "BEL"))

        let missing = try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,DEU,1\n", name: "sh.csv"))
        e = try expectInputError { try CountryUse(sut: sut, shares: missing, country: "BEL") }
        XCTAssertEqual(e.key, "s")
        XCTAssertTrue(e.message.contains("no origin shares for product 's' in 2005"), e.description)

        let unknown = try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,DEU,1\n2005,s,DEU,1\n2005,zz,DEU,1\n", name: "sh.csv"))
        e = try expectInputError { try CountryUse(sut: sut, shares: unknown, country: "BEL") }
        XCTAssertEqual(e.line, 4)
        XCTAssertTrue(e.message.contains("unknown product 'zz'"), e.description)

        let domestic = try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,BEL,1\n2005,s,DEU,1\n", name: "sh.csv"))
        e = try expectInputError { try CountryUse(sut: sut, shares: domestic, country: "BEL") }
        XCTAssertTrue(e.message.contains("is the reporting country"), e.description)

        let otherYear = try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2006,m,DEU,1\n", name: "sh.csv"))
        e = try expectInputError { try CountryUse(sut: sut, shares: otherYear, country: "BEL") }
        XCTAssertTrue(e.message.contains("no origin shares for 2005"), e.description)

        e = try expectInputError {
            try OriginShares.read(path: try TestFiles.write("year,product,partner,share\n2005,m,DEU,-0.5\n", name: "sh.csv"))
        }
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 4)
    }

    func testSUTBadInput() throws {
        var e = try expectInputError {
            try SUTReader.read(path: try TestFiles.write(Self.sut.replacingOccurrences(of: "2005,use_total,e,I1,4", with: "2005,use,e,I1,4"), name: "sut.csv"))
        }
        XCTAssertEqual(e.line, 7)
        XCTAssertEqual(e.column, 2)
        XCTAssertTrue(e.message.contains("unknown table 'use'"), e.description)
        e = try expectInputError { try SUTReader.read(path: try TestFiles.write(Self.sut + "2005,use_total,m,I1,11\n", name: "sut.csv")) }
        XCTAssertEqual(e.line, 11)
        XCTAssertTrue(e.message.contains("listed twice (first at line 4)"), e.description)
        e = try expectInputError {
            try SUTReader.read(path: try TestFiles.write(Self.sut + "2006,use_total,m,I1,11\n", name: "sut.csv"))
        }
        XCTAssertEqual(e.key, "use_imported")
        XCTAssertTrue(e.message.contains("no use_imported rows for 2006"), e.description)
        e = try expectInputError { try SUTReader.read(path: try TestFiles.write("year,table,product,value\n", name: "sut.csv")) }
        XCTAssertTrue(e.message.contains("no 'industry' column"), e.description)
    }

    func testTableSetFindsTheSharesBesideTheSUT() throws {
        let dir = try TestFiles.directory()
        try Self.sut.write(to: dir.appendingPathComponent("sut_BEL.csv"), atomically: true, encoding: .utf8)
        try Self.values.write(to: dir.appendingPathComponent("shares.csv"), atomically: true, encoding: .utf8)
        let set = try TableSet(path: dir.path)
        XCTAssertEqual(set.format, .sut)
        XCTAssertEqual(set.years, [2005])
        let uses = try set.load(country: "BEL") { u, _ in u.importedTotal }
        XCTAssertEqual(uses, [[4, 6, 2, 0, 0, 0]])
        try Self.values.write(to: dir.appendingPathComponent("shares2.csv"), atomically: true, encoding: .utf8)
        let e = try expectInputError { try TableSet(path: dir.path) }
        XCTAssertEqual(e.key, "--origin-shares")
    }

    // MARK: concordances

    func testCSVConcordanceClassifiesEveryCodeOnce() throws {
        let c = try Classification.load(path: try TestFiles.write("""
        code,category,aggregates
        m,manufactured,goods
        s,business_services,services;all
        e,energy,goods

        """, name: "conc.csv"))
        XCTAssertEqual(c.products, ["m", "s", "e"])
        XCTAssertEqual(c.category(of: "s"), .businessServices)
        XCTAssertEqual(c.aggregates.map(\.name), ["goods", "services", "all"])
        XCTAssertEqual(c.aggregates[0].industries, ["m", "e"])
        var e = try expectInputError {
            try Classification.load(path: try TestFiles.write("code,category\nm,manufactured\ns,other\nm,energy\n", name: "conc.csv"))
        }
        XCTAssertEqual(e.line, 4)
        XCTAssertTrue(e.message.contains("classified twice (first at line 2)"), e.description)
        e = try expectInputError {
            try Classification.load(path: try TestFiles.write("code,category\nm,goods\n", name: "conc.csv"))
        }
        XCTAssertEqual(e.line, 2)
        XCTAssertEqual(e.column, 2)
        // A table product the concordance lacks, and a classified product the table lacks.
        let two = try Classification.load(path: try TestFiles.write("code,category\nm,manufactured\ns,other\n", name: "conc.csv"))
        e = try expectInputError { try two.check(products: ["m", "s", "x"], source: "t.csv") }
        XCTAssertEqual(e.key, "x")
        XCTAssertTrue(e.message.contains("product 'x' of t.csv is in no category"), e.description)
        e = try expectInputError { try two.check(products: ["m"], source: "t.csv") }
        XCTAssertEqual(e.line, 3)
        XCTAssertEqual(e.key, "s")
    }

    func testTOMLIndustriesTableLetsAggregatesUseIndustryCodes() throws {
        let text = """
        [categories]
        manufactured = ["CPA_C10"]
        other = ["CPA_A01"]
        [industries]
        codes = ["C10", "A01"]
        [[aggregate]]
        name = "manufacturing"
        industries = ["C10"]
        """
        let c = try Classification.load(path: try TestFiles.write(text, name: "c.toml"))
        XCTAssertEqual(c.aggregates.first?.industries, ["C10"])
        XCTAssertEqual(c.line(of: "CPA_A01"), 3)
        let e = try expectInputError {
            try Classification.load(path: try TestFiles.write(text.replacingOccurrences(of: "industries = [\"C10\"]", with: "industries = [\"C11\"]"), name: "c.toml"))
        }
        XCTAssertEqual(e.line, 8)
        XCTAssertTrue(e.message.contains("industry 'C11' of aggregate 'manufacturing' is not in [industries] codes"), e.description)
    }

    func testBundledICIOAndFIGAROClassificationsAreComplete() throws {
        let icio = try Classification.load(path: TestFiles.bundled.appendingPathComponent("classifications/icio2023-isic4.toml").path)
        XCTAssertEqual(icio.products.count, 45)
        XCTAssertEqual(icio.category(of: "C10T12"), .manufactured)
        XCTAssertEqual(icio.category(of: "C19"), .energy)
        XCTAssertEqual(icio.category(of: "J62_63"), .businessServices)
        XCTAssertEqual(icio.aggregates.map(\.name), ["manufacturing", "market_services"])
        let figaro = try Classification.load(path: TestFiles.bundled.appendingPathComponent("classifications/figaro-nace2.toml").path)
        XCTAssertEqual(figaro.products.count, 64)
        XCTAssertEqual(figaro.category(of: "K64"), .businessServices)
        XCTAssertEqual(figaro.category(of: "B"), .energy)
        for c in [icio, figaro] {
            XCTAssertEqual(Set(c.products).count, c.products.count)
            for a in c.aggregates { for i in a.industries { XCTAssertNotNil(c.category(of: i), i) } }
        }
    }
}
