import DataIO
import Foundation
import IOTables
@testable import OffshoringModels
import TestSupport
import XCTest

/// `[data] table_concordance`: the tables' industries aggregated onto the accounts' (many-to-one), om and os of an
/// accounts industry a ratio of sums over its table industries, computed in `OffshoringColumns` (which the
/// sensitivity chain shares). Checked: the shipped concordances map every code once; a hand-made aggregation; the WIOD
/// tables with c3 split in two give the WIOD panel bit for bit; the WIOD 2016 national table of Belgium (56 ISIC rev. 4
/// industries) through the shipped concordance against an independent pandas computation
/// (References/concordance_niot_reference.py, its output beside it).
final class TableConcordanceTests: XCTestCase {
    static var bundle: String { RepositoryPaths.supplyUseTables.path }
    static var concordances: String { bundle + "/concordances" }

    /// The ICIO 2021 edition's 45 codes (its ReadMe's list of activities; the fixture References/ICIO2021_2010.csv
    /// of IOTablesTests writes two of them, 01T02 and 10T12).
    static let icio2021 = ["01T02", "03", "05T06", "07T08", "09", "10T12", "13T15", "16", "17T18", "19", "20", "21", "22", "23", "24",
                           "25", "26", "27", "28", "29", "30", "31T33", "35", "36T39", "41T43", "45T47", "49", "50", "51", "52", "53",
                           "55T56", "58T60", "61", "62T63", "64T66", "68", "69T75", "77T82", "84", "85", "86T88", "90T93", "94T96", "97T98"]

    /// The WIOD 2013 industries c1-c35.
    static let wiod2013 = (1...35).map { "c\($0)" }

    func testShippedConcordancesMapEveryTableCodeOnceOntoWIOD2013Industries() throws {
        let icio2023 = try Classification.load(path: Self.bundle + "/classifications/icio2023-isic4.toml").products
        let wiod2016 = try Classification.load(path: Self.bundle + "/classifications/wiod2016.toml").products
        for (file, codes, count) in [("icio2021_to_wiod2013.csv", Self.icio2021, 45), ("icio2023_to_wiod2013.csv", icio2023, 45),
                                     ("wiod2016_to_wiod2013.csv", wiod2016, 56)] {
            XCTAssertEqual(codes.count, count, file)
            let c = try TableConcordance(path: Self.concordances + "/" + file, tableIndustries: codes)
            XCTAssertEqual(c.target.count, count, "\(file): every table code mapped exactly once")
            XCTAssertEqual(c.aggregation.members.flatMap { $0 }.sorted(), Array(0..<count), file)
            XCTAssertTrue(Set(c.aggregation.targets).isSubset(of: Self.wiod2013), "\(file): \(c.aggregation.targets)")
            try c.check(accountsIndustries: Set(Self.wiod2013), accountsFile: "sea")
            // Every code that splits across NACE rev. 1.1 groups says so, and which one it was assigned to.
            let text = try String(contentsOfFile: Self.concordances + "/" + file, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# Concordance:"), "\(file) starts with its source")
            XCTAssertTrue(text.contains("SPLIT"), file)
            for (code, note) in c.notes where note.hasPrefix("SPLIT") { XCTAssertTrue(note.contains("assigned to"), "\(file): \(code)") }
            print("\(file): \(count) codes onto \(c.aggregation.targets.count) WIOD 2013 industries; unmapped: "
                  + Self.wiod2013.filter { !c.aggregation.targets.contains($0) }.joined(separator: ", "))
        }
    }

    func testConcordanceErrorsNameFileLineAndCode() throws {
        let dir = try TemporaryDirectory.make(prefix: "offshore-table-concordance").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        let path = dir + "/c.csv"
        func attempt(_ text: String, _ industries: [String] = ["A", "B", "C"]) -> InputError? {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            do { _ = try TableConcordance(path: path, tableIndustries: industries); return nil } catch { return error as? InputError }
        }
        let twice = attempt("# comment, with a comma\ntable_code,accounts_code\nA,x\nB,x\nA,y\nC,y\n")
        XCTAssertEqual(twice?.file, path)
        XCTAssertEqual(twice?.line, 5)
        XCTAssertTrue(twice?.message.contains("A is mapped twice (first on line 3)") ?? false, "\(String(describing: twice))")
        let unknown = attempt("table_code,accounts_code\nA,x\nB,x\nZ9,y\nC,y\n")
        XCTAssertEqual(unknown?.line, 4)
        XCTAssertTrue(unknown?.message.contains("'Z9' is not an industry of the tables") ?? false, "\(String(describing: unknown))")
        let unmapped = attempt("table_code,accounts_code\nA,x\n")
        XCTAssertEqual(unmapped?.file, path)
        XCTAssertTrue(unmapped?.message.contains("table industries B, C are not mapped") ?? false, "\(String(describing: unmapped))")
        XCTAssertTrue(attempt("code,source_code\nA,x\n")?.message.contains("table_code and accounts_code") ?? false)
        XCTAssertTrue(attempt("table_code,accounts_code\nA,\nB,x\nC,x\n")?.message.contains("A is mapped to an empty accounts code") ?? false)
        // A target that is not an accounts industry: the line of its first table industry.
        XCTAssertNil(attempt("table_code,accounts_code,note\nA,c1,\nB,c9x,typo\nC,c1,\n"))
        let c = try TableConcordance(path: path, tableIndustries: ["A", "B", "C"])
        XCTAssertThrowsError(try c.check(accountsIndustries: ["c1", "c2"], accountsFile: "sea.csv")) { e in
            let e = e as? InputError
            XCTAssertEqual(e?.file, path)
            XCTAssertEqual(e?.line, 3)
            XCTAssertTrue(e?.message.contains("'c9x' (for table industry B) is not an industry of the accounts in sea.csv") ?? false, "\(String(describing: e))")
        }
    }

    /// Three table industries onto two accounts industries, by hand: X = A + B, Y = C; one origin group.
    /// A: om 1 (group 0.5), os 2 (1), denominator 2; B: om 1 (0.25), os 0, denominator 8; C: om 3 (3), os 1 (0.5),
    /// denominator 4. X's om is (1 + 1) / (2 + 8) = 20%, not the mean of A's 50% and B's 12.5% (31.25%); om_G
    /// 0.75 / 10 = 7.5%, os 20%, os_G 10%; Y: om 75%, om_G 75%, os 25%, os_G 12.5%. Domestic flows (supplier ->
    /// user) A->A 1, A->B 1, A->C 2, B->B 2, B->C 2, C->A 1, C->C 4: X->X 4, X->Y 4, Y->X 1, Y->Y 4, so X buys 4/5
    /// from X and 1/5 from Y, Y half and half: om_sup X = 0.8 * 20 + 0.2 * 75 = 31, os_sup X = 16 + 5 = 21,
    /// om_sup Y = 10 + 37.5 = 47.5, os_sup Y = 10 + 12.5 = 22.5.
    func testHandMadeAggregationIsARatioOfSums() throws {
        let z: [Double] = [1, 1, 2, 0, 2, 2, 1, 0, 4]
        let year = OffshoringColumns.Year(width: 2, om: [1, 0.5, 1, 0.25, 3, 3], os: [2, 1, 0, 0, 1, 0.5], denominator: [2, 8, 4],
                                          coefficients: nil, domestic: z)
        let aggregation = try XCTUnwrap(OffshoringColumns.Aggregation(tableIndustries: ["A", "B", "C"], target: ["A": "X", "B": "X", "C": "Y"]))
        XCTAssertEqual(aggregation.targets, ["X", "Y"])
        XCTAssertEqual(aggregation.members, [[0, 1], [2]])
        let rows = [OffshoringColumns.Row(industry: 0, year: 0), OffshoringColumns.Row(industry: 1, year: 0)]
        let columns = Dictionary(uniqueKeysWithValues: OffshoringColumns.compute(years: [year], rows: rows, groups: ["G"], aggregation: aggregation)
            .map { ($0.name, $0.values) })
        let expected: [String: [Double]] = ["om": [20, 75], "om_G": [7.5, 75], "os": [20, 25], "os_G": [10, 12.5],
                                            "om_sup": [31, 47.5], "os_sup": [21, 22.5]]
        for (name, values) in expected {
            let got = try XCTUnwrap(columns[name], name)
            for (a, b) in zip(got, values) { XCTAssertEqual(a, b, accuracy: 1e-12, name) }
        }
        XCTAssertNotEqual(columns["om"]?[0] ?? 0, (50 + 12.5) / 2, accuracy: 1, "a mean of ratios would give 31.25")
    }

    /// The bundled WIOD tables with c3 split into c3a and c3b, written in the ICIO 2021 layout: each c3 column (the
    /// industry's purchases and its output) halved between the two, which is exact in binary, and c3's product row
    /// kept whole under c3a (c3b sells no intermediates), so that every sum over a column's products runs over the
    /// same partial sums halved (a split row would add quarters in another order). With a concordance mapping both to
    /// c3 (and every other code to itself) the panel is WIOD's, bit for bit: sums before the ratio, and domestic flows
    /// summed over suppliers' then users' members before the coefficients.
    func testSplitIndustryThroughAConcordanceGivesTheWIODPanelBitForBit() throws {
        let dir = try TemporaryDirectory.make(prefix: "offshore-split-c3").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        try AtomicFile.createDirectories(dir + "/icio")
        for y in [1995, 1996] {
            let t = try WIODReader.read(path: "\(Self.bundle)/wiod2013/WIOT\(y)_wiod2013.csv.gz", year: y).0
            let bytes = try ICIOWriter.write(try Self.splitC3(t), edition: .icio2021)
            try bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: "\(dir)/icio/ICIO2021_\(y).csv") }
        }
        let classification = try String(contentsOfFile: Self.bundle + "/classifications/wiod2013.toml", encoding: .utf8)
            .replacingOccurrences(of: "\"c3\"", with: "\"c3a\", \"c3b\"")
        try classification.write(toFile: dir + "/split.toml", atomically: true, encoding: .utf8)
        let concordance = "# c3 split in two\ntable_code,accounts_code\n"
            + Self.wiod2013.flatMap { $0 == "c3" ? ["c3a,c3", "c3b,c3"] : ["\($0),\($0)"] }.joined(separator: "\n") + "\n"
        try concordance.write(toFile: dir + "/split.csv", atomically: true, encoding: .utf8)

        func panel(_ data: String) throws -> IndustryPanel {
            let path = dir + "/estimate-\(data.count).toml"
            try "[data]\nyears = \"1995-1996\"\n\(data)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return try PanelInputs.load(config: try EstimateConfig.load(path: path, bundle: Self.bundle)).panel(config: try EstimateConfig.load(path: path, bundle: Self.bundle))
        }
        let wiod = try panel("")
        let split = try panel("tables = \"icio\"\nclassification = \"split.toml\"\ntable_concordance = \"split.csv\"")
        XCTAssertEqual(split.industries, wiod.industries)
        XCTAssertEqual(split.aggregation?.members[2], [2, 3], "c3 = c3a + c3b")
        XCTAssertEqual(split.aggregates, wiod.aggregates)
        XCTAssertEqual(wiod.data.names, split.data.names)
        XCTAssertEqual(try wiod.data.factor("industry").codes, try split.data.factor("industry").codes)
        var compared = 0
        for name in wiod.data.names where name != "industry" {
            let x = try wiod.data.numeric(name), y = try split.data.numeric(name)
            XCTAssertEqual(x.count, y.count, name)
            for (r, (a, b)) in zip(x, y).enumerated() {
                XCTAssertTrue(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "\(name) row \(r): \(a) vs \(b)")
            }
            compared += x.count
        }
        XCTAssertTrue(split.notes.contains { $0.contains("c3 = c3a + c3b") }, "\(split.notes)")
        print("split c3: \(compared) panel values compared, every one bit for bit")
    }

    /// `t` with industry c3 split into c3a and c3b (see the test above).
    static func splitC3(_ t: MRIOTable) throws -> MRIOTable {
        let n = t.industries.count, regions = t.regions.count
        guard let c3 = t.industries.firstIndex(of: "c3") else { throw InputError("no c3") }
        let m = n + 1, size = regions * n, wide = regions * m, f = t.finalDemandColumns
        func index(_ r: Int, _ i: Int) -> Int { r * m + (i <= c3 ? i : i + 1) }
        var z = [Double](repeating: 0, count: wide * wide), fd = [Double](repeating: 0, count: wide * f)
        var out = [Double](repeating: 0, count: wide)
        for row in 0..<size {
            let to = index(row / n, row % n)
            for col in 0..<size {
                let x = t.intermediate[row * size + col], s = col / n, j = col % n
                if j == c3 {
                    z[to * wide + s * m + c3] = x / 2
                    z[to * wide + s * m + c3 + 1] = x / 2
                } else {
                    z[to * wide + index(s, j)] = x
                }
            }
            for k in 0..<f { fd[to * f + k] = t.finalDemand[row * f + k] }
            if row % n == c3 {
                out[to] = t.output[row] / 2
                out[to + 1] = t.output[row] / 2
            } else {
                out[to] = t.output[row]
            }
        }
        var industries = t.industries
        industries.replaceSubrange(c3...c3, with: ["c3a", "c3b"])
        return try MRIOTable(year: t.year, regions: t.regions, industries: industries, finalDemandCategories: t.finalDemandCategories,
                             intermediate: z, finalDemand: fd, output: out, source: t.source)
    }

    /// The WIOD 2016 national table of Belgium (56 ISIC rev. 4 industries, 2000-2014) through the shipped
    /// wiod2016_to_wiod2013.csv onto the 2013 SEA's c1-c35, 2000-2009: estimate runs, and om, os, om_sup and os_sup of
    /// every accounts industry-year agree with the pandas computation (ratio of sums) to 1e-12.
    func testWIOD2016NationalTableThroughTheShippedConcordanceMatchesPandas() throws {
        let dir = try TemporaryDirectory.make(prefix: "offshore-niot-concordance").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        let b = Self.bundle
        let config = """
            [data]
            tables = "\(b)/wiod2016-niot"
            classification = "\(b)/classifications/wiod2016.toml"
            grouping = "\(b)/groupings/default.toml"
            table_concordance = "\(b)/concordances/wiod2016_to_wiod2013.csv"
            industry_codes = "\(b)/concordances/wiod2013_to_sea2013.csv"
            country = "BEL"
            years = "2000-2009"
            allow_missing = true

            [accounts]
            sea = "\(b)/accounts/wiod2013_sea_BEL.csv"

            [variables]
            GO = "GO"
            II = "II"
            GO_P = "GO_P"
            II_P = "II_P"
            K = "K_GFCF"
            K_ICT = ""
            H_EMPE = "H_EMP"
            EMP = "EMP"
            LAB = "LAB"
            H_LS = "H_LS"
            H_MS = "H_MS"
            H_HS = "H_HS"
            LABLS = "LABLS"
            LABMS = "LABMS"
            LABHS = "LABHS"

            [[model]]
            preset = "production"
            period = "2000-2009"

            [[model]]
            preset = "labour_demand"
            period = "2000-2009"

            [output]
            run_name = "niot-concordance"
            """
        let path = dir + "/estimate.toml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        var cfg = try EstimateConfig.load(path: path, bundle: b)
        cfg.contributions = []
        let run = try EstimateRun.execute(config: cfg)
        XCTAssertEqual(run.outcomes.count, 2)
        XCTAssertTrue(run.inputs.contains { $0.hasSuffix("wiod2016_to_wiod2013.csv") }, "the manifest lists the concordance")
        XCTAssertTrue(run.notes.contains { $0.contains("56 table industries are aggregated onto 34 accounts industries") }, "\(run.notes)")
        let panel = run.panel
        XCTAssertFalse(panel.industries.contains("c5"), "leather has no table code of its own")
        // The manufacturing sample: the accounts industries all of whose table industries are manufacturing (c7 holds
        // publishing, J58, an information service in rev. 4: left out, and said so).
        let manufacturing = try XCTUnwrap(panel.aggregates.first { $0.name == "manufacturing" })
        // (In the order of each one's first table industry: C26 computers, c14, comes before C28 machinery, c13.)
        XCTAssertEqual(manufacturing.industries, ["c3", "c4", "c6", "c8", "c9", "c10", "c11", "c12", "c14", "c13", "c15", "c16"])
        XCTAssertTrue(panel.notes.contains { $0.hasPrefix("sample manufacturing: c7 left out") }, "\(panel.notes)")
        let ind = try panel.data.factor("industry"), years = try panel.data.numeric("year")
        var row: [String: Int] = [:]
        for r in 0..<panel.data.rowCount { row["\(ind.levels[Int(ind.codes[r])]) \(Int(years[r]))"] = r }
        let reference = try Bundled.csv(Bundled.reference("concordance_niot_reference.csv"))
        XCTAssertEqual(reference.count, 340)
        XCTAssertEqual(panel.data.rowCount, 340)
        var worst = 0.0
        for name in ["om", "os", "om_sup", "os_sup"] {
            let values = try panel.data.numeric(name)
            for ref in reference {
                let key = "\(ref["industry"] ?? "") \(ref["year"] ?? "")"
                guard let r = row[key], let text = ref[name], let expected = Double(text) else { XCTFail("no row \(key)"); continue }
                let got = values[r]
                if expected.isNaN { XCTAssertTrue(got.isNaN, "\(name) \(key): \(got)"); continue }
                let d = abs(got - expected) / max(abs(expected), 1e-300)
                worst = max(worst, d)
                XCTAssertLessThanOrEqual(d, 1e-12, "\(name) \(key): \(got) vs pandas \(expected)")
            }
        }
        print("WIOD 2016 national table through the concordance: largest relative difference to pandas \(worst)")
    }
}
