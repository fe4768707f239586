import Foundation
import XCTest
import DataIO
@testable import Accounts
import TestSupport

/// The layouts real accounts are distributed in: the WIOD SEA DATA sheet (CSV and .xlsx written by openpyxl and by
/// LibreOffice), the 2016 SEA as one row per industry-year, EU KLEMS in long form; concordances shipped as data; the
/// bundled real accounts' checksums.
final class AccountsLayoutsTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try TemporaryDirectory.make(prefix: "accounts-layouts") }
    override func tearDownWithError() throws { TemporaryDirectory.remove(dir) }

    func reference(_ name: String) -> String { RepositoryPaths.file("Tests/AccountsTests/References/\(name)").path }
    func bundled(_ name: String) -> String { RepositoryPaths.supplyUseTables.appendingPathComponent(name).path }

    func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// SEA DATA sheet layout (`Country,Variable,Description,Code,_1995,...` in the 2013 release, years `2000` in the
    /// 2016 release): WIOD SEA documentation (Erumban et al. 2012) and the releases' workbooks. The fixtures are
    /// written by make_sea_xlsx.py with openpyxl and with LibreOffice headless from the same CSV.
    func testSEAWorkbooksFromTwoProgramsReadToTheAccountsOfTheCSV() throws {
        for name in ["sea2013_excerpt", "sea2016_excerpt"] {
            let (csv, csvReport) = try AccountsReader.read(path: reference(name + ".csv"))
            XCTAssertEqual(csvReport.layout, .sea)
            XCTAssertGreaterThan(csvReport.valuesRead, 100)
            for program in ["openpyxl", "libreoffice"] {
                let path = reference("\(name)_\(program).xlsx")
                let (x, report) = try AccountsReader.read(path: path)
                XCTAssertEqual(x.values, csv.values, "\(name) \(program)")
                XCTAssertEqual(report.valuesRead, csvReport.valuesRead, "\(name) \(program)")
                XCTAssertEqual(report.missingCells, csvReport.missingCells, "\(name) \(program): empty cells are missing, as in the CSV")
            }
        }
        // The 2013 excerpt: P (c35) has no capital, skill splits end in 2009, years were written _1995.
        let (a, _) = try AccountsReader.read(path: reference("sea2013_excerpt_libreoffice.xlsx"))
        XCTAssertEqual(a.years, Array(1995...2011))
        XCTAssertNil(a.value(country: "BEL", variable: "K_GFCF", industry: "P", year: 2000))
        XCTAssertNil(a.value(country: "BEL", variable: "H_LS", industry: "15t16", year: 2010))
        XCTAssertNotNil(a.value(country: "BEL", variable: "H_LS", industry: "15t16", year: 2009))
        XCTAssertNotNil(a.value(country: "BEL", variable: "GO", industry: "20", year: 1995), "a code LibreOffice stores as the number 20 reads as '20'")
        // With the WIOD codes and a classification, as the panel reads them.
        let aliases = ["AtB": "c1", "15t16": "c3", "20": "c6", "30t33": "c14", "71t74": "c30", "P": "c35"]
        let (b, report) = try AccountsReader.read(path: reference("sea2013_excerpt_openpyxl.xlsx"), industries: (1...35).map { "c\($0)" }, aliases: aliases)
        XCTAssertEqual(b.industries, ["c1", "c3", "c6", "c14", "c30", "c35"])
        XCTAssertEqual(report.unknownIndustries, ["TOT": 7])
    }

    func testAWorkbookErrorNamesTheSheetAndTheCell() throws {
        XCTAssertThrowsError(try AccountsReader.read(path: reference("sea2013_bad_text.xlsx"))) { e in
            XCTAssertTrue("\(e)".contains("sea2013_bad_text.xlsx[DATA]!F3"), "\(e)")
            XCTAssertTrue("\(e)".contains("expected a number, found 'abc'"), "\(e)")
        }
        XCTAssertThrowsError(try AccountsReader.read(path: reference("sea2013_excerpt_openpyxl.xlsx"), sheet: "Notes")) { e in
            XCTAssertTrue("\(e)".contains("no sheet 'Notes'"), "\(e)")
        }
        let xls = try file("bel_output_09I.xls", "\u{D0}\u{CF}")
        XCTAssertThrowsError(try AccountsReader.read(path: xls)) { e in
            XCTAssertTrue("\(e)".contains(".xls, BIFF) are not read"), "\(e)")
        }
    }

    /// EU KLEMS long form `variable,desc,code,year,value` (the shared folder's README: converted row by row from the
    /// EU KLEMS workbooks); no country column.
    func testEUKLEMSLongFormNeedsTheCountryAndKeepsNAMissing() throws {
        let p = try file("klems.csv", """
        "variable","desc","code","year","value"
        "CAPIT","TOTAL INDUSTRIES","TOT",1995,0.112053459781544
        "CAPIT","TEXTILES, TEXTILE , LEATHER AND FOOTWEAR","17t19",1995,0.13248492348841
        "CAPIT","TEXTILES, TEXTILE , LEATHER AND FOOTWEAR","17t19",2007,NA

        """)
        XCTAssertThrowsError(try AccountsReader.read(path: p)) { e in
            XCTAssertTrue("\(e)".contains("has no country column"), "\(e)")
        }
        let (a, report) = try AccountsReader.read(path: p, country: "BEL")
        XCTAssertEqual(report.layout, .euklems)
        XCTAssertEqual(report.missingCells, 1)
        XCTAssertEqual(a.value(country: "BEL", variable: "CAPIT", industry: "17t19", year: 1995), 0.13248492348841)
        // The real file, as bundled.
        let (real, r2) = try AccountsReader.read(path: bundled("accounts/euklems09_bel_output_09I_long.csv.gz"), country: "BEL")
        XCTAssertEqual(r2.layout, .euklems)
        XCTAssertEqual(real.value(country: "BEL", variable: "CAPIT", industry: "TOT", year: 1995), 0.112053459781544)
        XCTAssertEqual(real.years(country: "BEL", variable: "CAPIT").last, 2006, "CAPIT is empty (NA) in 2007 in this release")
    }

    /// The 2016 SEA as the R package niotables stores it: one row per industry-year, one column per variable.
    func testWideLayoutOfThe2016SEA() throws {
        let (a, report) = try AccountsReader.read(path: bundled("accounts/wiod2016_sea_BEL.csv"))
        XCTAssertEqual(report.layout, .wide)
        XCTAssertEqual(a.years, Array(2000...2014))
        XCTAssertEqual(a.industries(country: "BEL", variable: "GO").count, 56)
        XCTAssertEqual(a.value(country: "BEL", variable: "GO", industry: "A01", year: 2000), 7110)
        XCTAssertEqual(a.value(country: "BEL", variable: "II_PI", industry: "A01", year: 2001), 88.443)
        // The same numbers as the DATA-sheet excerpt written from it.
        let (x, _) = try AccountsReader.read(path: reference("sea2016_excerpt.csv"))
        for (k, v) in x.values { XCTAssertEqual(a.values[k], v, "\(k)") }
        let dup = try file("w.csv", "country,code,year,GO,GO\nBEL,A01,2000,1,2\n")
        XCTAssertThrowsError(try AccountsReader.read(path: dup)) { e in XCTAssertTrue("\(e)".contains("GO appears twice"), "\(e)") }
    }

    // MARK: - Concordances

    func testShippedConcordancesMapEveryIndustryOnce() throws {
        let wiod = (1...35).map { "c\($0)" }
        let klems = try Concordance(path: bundled("concordances/euklems_to_wiod2013.csv"), industries: wiod)
        XCTAssertEqual(klems.mapping.count, 35)
        XCTAssertEqual(klems.sharedSources.map(\.source), ["17t19", "60t63"])
        XCTAssertEqual(klems.sharedSources.map(\.codes), [["c4", "c5"], ["c23", "c24", "c25", "c26"]])
        XCTAssertTrue(klems.notes["c5"]?.contains("17t19") ?? false, "the coarser group is stated in the notes")
        let sea = try Concordance(path: bundled("concordances/wiod2013_to_sea2013.csv"), industries: wiod)
        XCTAssertTrue(sea.sharedSources.isEmpty)
        XCTAssertEqual(sea.mapping.first?.source, "AtB")
        // Applying EU KLEMS: every industry gets its group's series; aggregates are reported as unused.
        let (real, _) = try AccountsReader.read(path: bundled("accounts/euklems09_bel_output_09I_long.csv.gz"), country: "BEL")
        let (mapped, unmatched) = klems.apply(to: real, variables: ["CAPIT"])
        XCTAssertEqual(mapped.value(country: "BEL", variable: "CAPIT", industry: "c5", year: 1995), 0.13248492348841)
        XCTAssertEqual(mapped.value(country: "BEL", variable: "CAPIT", industry: "c4", year: 1995), 0.13248492348841)
        XCTAssertEqual(mapped.industries.count, 35)
        XCTAssertTrue(unmatched.joined().contains("TOT"), "\(unmatched)")
    }

    func testConcordanceErrorsNameTheFileTheLineAndTheCode() throws {
        let industries = ["c1", "c2", "c3"]
        let unmapped = try file("u.csv", "code,source_code,note\nc1,AtB,\nc3,15t16,\n")
        XCTAssertThrowsError(try Concordance(path: unmapped, industries: industries)) { e in
            XCTAssertEqual((e as? InputError)?.file, unmapped)
            XCTAssertTrue("\(e)".contains("industry c2 is not mapped"), "\(e)")
        }
        let twice = try file("t.csv", "code,source_code,note\nc1,AtB,\nc2,C,\nc3,15t16,\nc2,D,\n")
        XCTAssertThrowsError(try Concordance(path: twice, industries: industries)) { e in
            XCTAssertEqual((e as? InputError)?.line, 5)
            XCTAssertTrue("\(e)".contains("industry c2 is mapped twice (first on line 3)"), "\(e)")
        }
        let unknown = try file("k.csv", "code,source_code\nc1,AtB\nc2,C\nc3,15t16\nc36,X\n")
        XCTAssertThrowsError(try Concordance(path: unknown, industries: industries)) { e in
            XCTAssertEqual((e as? InputError)?.line, 5)
            XCTAssertTrue("\(e)".contains("'c36' is not an industry of the panel"), "\(e)")
        }
        let header = try file("h.csv", "wiod,euklems\nc1,AtB\n")
        XCTAssertThrowsError(try Concordance(path: header, industries: industries)) { e in
            XCTAssertTrue("\(e)".contains("columns code and source_code"), "\(e)")
        }
    }

    // MARK: - Checksums

    /// The bundled real accounts are the shared folder's files byte for byte: SHA256SUMS here matches the files and
    /// the shared README's SHA256SUMS (when the shared folder is present).
    func testBundledAccountsMatchTheirChecksums() throws {
        let folder = bundled("accounts")
        let sums = try String(contentsOfFile: folder + "/SHA256SUMS", encoding: .utf8)
        var checked = 0
        for line in sums.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            XCTAssertEqual(try SHA256.hexDigest(ofFile: folder + "/" + parts[1]).digest, String(parts[0]), String(parts[1]))
            checked += 1
        }
        XCTAssertEqual(checked, 3)
        let shared = RepositoryPaths.sharedFile("data/accounts-bel/SHA256SUMS").path
        if let text = try? String(contentsOfFile: shared, encoding: .utf8) {
            let theirs = Set(text.split(separator: "\n").map(String.init))
            for line in sums.split(separator: "\n") { XCTAssertTrue(theirs.contains(String(line)), "\(line) not in \(shared)") }
        }
    }
}
