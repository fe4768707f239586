import DataIO
import Foundation
import IOTables
import OffshoringModels
import TestSupport
import XCTest

/// `offshore estimate` reads its tables through the path of `offshore measure`, so the bundled WIOD tables written
/// in every other layout (`convert`'s writers: OECD ICIO, FIGARO industry-by-industry and product-by-industry,
/// national SUT with origin values) and estimated on give WIOD's coefficients, as far as the layout carries what
/// the panel needs:
/// - ICIO and FIGARO ixi carry the whole table: every panel column and every coefficient bit for bit;
/// - FIGARO pxi codes its rows as products (`CPA_c1`) apart from the industries: no supplying industry per product
///   without a concordance, so `om_sup`/`os_sup` are missing (and said so); everything else bit for bit;
/// - the SUT carries the totals but only a product's origin mix, the same for every using industry (the proportional
///   method), and its intermediate inputs sum products rather than rows: models on total om/os agree to rounding,
///   models on om/os by origin group do not (and should not).
final class EstimateAcrossFormatsTests: XCTestCase {
    static let years = [1995, 1996, 1997]
    static var bundle: String { RepositoryPaths.supplyUseTables.path }

    /// Models on total om/os, on om/os by origin group, on suppliers' offshoring, and a SUR system.
    static let models = """
        [[model]]
        preset = "production"
        period = "1995-1997"

        [[model]]
        preset = "production_groups"
        period = "1995-1997"

        [[model]]
        preset = "production_spillover"
        period = "1995-1997"
        enabled = true

        [[model]]
        preset = "labour_demand"
        period = "1995-1997"

        [[model]]
        preset = "skill_share"
        period = "1995-1997"

        [[model]]
        preset = "skill_system"
        period = "1995-1997"
        """

    /// The bundled WIOD tables of `years` (read once).
    static let tables: [MRIOTable] = years.compactMap { y in
        try? WIODReader.read(path: "\(bundle)/wiod2013/WIOT\(y)_wiod2013.csv.gz", year: y).0
    }

    /// Writes an estimate config over `tables` (in `dir`) and runs it.
    func estimate(tables: String, in dir: String, data extra: String = "", spillover: Bool = true) throws -> EstimateRun {
        let text = "[data]\ntables = \"\(tables)\"\nyears = \"1995-1997\"\n\(extra)\n\n"
            + Self.models.replacingOccurrences(of: "enabled = true", with: "enabled = \(spillover)") + "\n[output]\nrun_name = \"formats\"\n"
        let path = dir + "/estimate-\(AtomicFile.baseName(of: tables)).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var config = try EstimateConfig.load(path: path, bundle: Self.bundle)
        config.contributions = []
        return try EstimateRun.execute(config: config)
    }

    /// Every model's terms with their estimates and standard errors.
    static func coefficients(_ run: EstimateRun) -> [String: [(term: String, estimate: Double, se: Double)]] {
        var out: [String: [(term: String, estimate: Double, se: Double)]] = [:]
        for o in run.outcomes {
            switch o.estimate {
            case .single(let r):
                out[o.spec.name] = r.terms.indices.map { (r.terms[$0], r.estimates[$0], r.standardErrors[$0]) }
            case .system(let s):
                out[o.spec.name] = s.fit.coefficients.map { ($0.name, $0.estimate, $0.stdError) }
            case .gmm(let g):
                out[o.spec.name] = g.names.indices.map { (g.names[$0], g.coefficients[$0], g.standardErrors[$0]) }
            }
        }
        return out
    }

    /// Asserts the models `names` give the same terms and, within `relative` (0: the same bits), the same
    /// estimates and standard errors; returns the largest relative difference.
    @discardableResult
    func assertSame(_ a: EstimateRun, _ b: EstimateRun, models names: [String], relative: Double, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) -> Double {
        let x = Self.coefficients(a), y = Self.coefficients(b)
        var worst = 0.0
        for name in names {
            guard let p = x[name], let q = y[name] else {
                XCTFail("\(what): model \(name) missing", file: file, line: line)
                continue
            }
            XCTAssertEqual(p.map(\.term), q.map(\.term), "\(what): \(name)", file: file, line: line)
            for (u, v) in zip(p, q) {
                for (s, t) in [(u.estimate, v.estimate), (u.se, v.se)] {
                    if relative == 0 {
                        XCTAssertEqual(s.bitPattern, t.bitPattern, "\(what): \(name) \(u.term): \(s) vs \(t)", file: file, line: line)
                    }
                    let d = abs(s - t) / max(abs(s), abs(t), 1e-300)
                    worst = max(worst, d)
                    XCTAssertLessThanOrEqual(d, relative, "\(what): \(name) \(u.term): \(s) vs \(t)", file: file, line: line)
                }
            }
        }
        return worst
    }

    /// Asserts two panels hold the same columns, the numeric ones bit for bit except `except`.
    func assertSamePanel(_ a: IndustryPanel, _ b: IndustryPanel, except: Set<String> = [], _ what: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a.data.names, b.data.names, what, file: file, line: line)
        XCTAssertEqual(try a.data.factor("industry").codes, try b.data.factor("industry").codes, what, file: file, line: line)
        for name in a.data.names where name != "industry" && !except.contains(name) {
            let x = try a.data.numeric(name), y = try b.data.numeric(name)
            let same = x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
            XCTAssertTrue(same, "\(what): column \(name) differs", file: file, line: line)
        }
    }

    func testEstimateOnEveryLayoutGivesTheWIODCoefficientsAsFarAsTheLayoutCarriesThePanel() throws {
        XCTAssertEqual(Self.tables.count, Self.years.count, "bundled tables not readable")
        let dir = try TemporaryDirectory.make(prefix: "offshore-estimate-formats").path
        defer { TemporaryDirectory.remove(URL(fileURLWithPath: dir)) }
        for sub in ["icio", "figaro", "figaro-pxi", "sut"] { try AtomicFile.createDirectories(dir + "/" + sub) }
        var sut = Array(TableWriter.sutHeader.utf8), shares = Array(TableWriter.sharesHeader.utf8)
        for t in Self.tables {
            let y = t.year ?? 0
            try write(TableWriter.icio(t), to: "\(dir)/icio/ICIO2023_\(y).csv")
            try write(TableWriter.figaro(t), to: "\(dir)/figaro/figaro_ixi_\(y).csv")
            try write(TableWriter.figaro(t, productPrefix: "CPA_"), to: "\(dir)/figaro-pxi/figaro_pxi_\(y).csv")
            sut += try TableWriter.sut(t, country: "BEL", year: y)
            shares += try TableWriter.originValues(t, country: "BEL", year: y)
        }
        try write(sut, to: "\(dir)/sut/SUT_BEL.csv")
        try write(shares, to: "\(dir)/sut/SUT_BEL_origin_values.csv")
        try pxiClassification().write(toFile: dir + "/figaro-pxi.toml", atomically: true, encoding: .utf8)

        let wiod = try estimate(tables: Self.bundle + "/wiod2013", in: dir)
        let all = wiod.outcomes.map(\.spec.name)
        XCTAssertEqual(all.count, 6)

        // ICIO (detected from the header) and FIGARO ixi (named by the config key): the whole table, every bit.
        let icio = try estimate(tables: dir + "/icio", in: dir)
        try assertSamePanel(wiod.panel, icio.panel, "icio")
        assertSame(wiod, icio, models: all, relative: 0, "icio")
        XCTAssertEqual(icio.inputs.filter { $0.contains("/icio/") }.count, Self.years.count, "the manifest lists the ICIO files")
        let figaro = try estimate(tables: dir + "/figaro", in: dir, data: "table_format = \"figaro\"")
        try assertSamePanel(wiod.panel, figaro.panel, "figaro")
        assertSame(wiod, figaro, models: all, relative: 0, "figaro")

        // FIGARO pxi: no supplying industry per product, so no suppliers' offshoring; the rest bit for bit.
        let pxi = try estimate(tables: dir + "/figaro-pxi", in: dir, data: "classification = \"figaro-pxi.toml\"", spillover: false)
        try assertSamePanel(wiod.panel, pxi.panel, except: Set(["om_sup", "os_sup"] + OffshoringColumns.spilloverNames), "figaro pxi")
        XCTAssertTrue(try pxi.panel.data.numeric("om_sup").allSatisfy(\.isNaN))
        XCTAssertTrue(pxi.notes.contains { $0.hasPrefix("om_sup and os_sup are missing") }, "\(pxi.notes)")
        assertSame(wiod, pxi, models: all.filter { $0 != "production_spillover" }, relative: 0, "figaro pxi")

        // SUT: totals exact, intermediate inputs and domestic coefficients to rounding, origin groups by the
        // proportional method.
        let national = try estimate(tables: dir + "/sut", in: dir)
        XCTAssertTrue(national.notes.contains { $0.contains("proportional method") }, "\(national.notes)")
        XCTAssertTrue(national.inputs.contains { $0.hasSuffix("SUT_BEL_origin_values.csv") }, "the manifest lists the shares")
        try assertSamePanel(wiod.panel, national.panel,
                            except: Set(["II", "M", "om_sup", "os_sup"] + OffshoringColumns.spilloverNames
                                        + wiod.panel.groups.flatMap { ["om_\($0)", "os_\($0)"] }), "sut")
        for name in ["II", "om_sup", "os_sup"] {
            let x = try wiod.panel.data.numeric(name), y = try national.panel.data.numeric(name)
            for (a, b) in zip(x, y) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(a)), "sut: \(name)") }
        }
        // The spillovers without the industry itself, to rounding too (missing in both where an industry sells nothing).
        for name in OffshoringColumns.spilloverNames {
            let x = try wiod.panel.data.numeric(name), y = try national.panel.data.numeric(name)
            for (a, b) in zip(x, y) {
                if a.isNaN || b.isNaN { XCTAssertTrue(a.isNaN && b.isNaN, "sut: \(name)"); continue }
                XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(a)), "sut: \(name)")
            }
        }
        let totals = assertSame(wiod, national, models: ["production", "production_spillover", "labour_demand"], relative: 1e-8, "sut")
        print("estimate on the SUT layout: largest relative difference on models of total om/os \(totals)")
        for name in ["production_groups", "skill_share"] {
            let a = Self.coefficients(wiod)[name] ?? [], b = Self.coefficients(national)[name] ?? []
            let d = zip(a, b).map { abs($0.estimate - $1.estimate) / max(abs($0.estimate), 1e-300) }.max() ?? 0
            XCTAssertGreaterThan(d, 1e-6, "\(name): origin groups by the proportional method should move the estimates")
        }
    }

    /// The bundled classification with its products coded `CPA_<industry>` (as `offshore convert --figaro-variant
    /// pxi` writes it) and the industries listed apart.
    func pxiClassification() throws -> String {
        let c = try Classification.load(path: Self.bundle + "/classifications/wiod2013.toml")
        func list(_ xs: [String]) -> String { "[" + xs.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var out = "[categories]\n"
        for cat in ProductCategory.allCases {
            out += "\(cat.rawValue) = \(list(c.products.filter { c.category(of: $0) == cat }.map { "CPA_" + $0 }))\n"
        }
        out += "\n[industries]\ncodes = \(list(c.products))\n"
        for a in c.aggregates {
            out += "\n[[aggregate]]\nname = \"\(a.name)\"\nlabel = \"\(a.label)\"\nindustries = \(list(a.industries))\n"
        }
        return out
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: path) }
    }
}
