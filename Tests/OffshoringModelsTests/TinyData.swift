import Accounts
import DataIO
import Foundation
import IOTables
@testable import OffshoringModels

/// A hand-made two-region (BEL, DEU), three-industry world over four years, and matching accounts, small enough
/// to compute every panel value by hand.
enum Tiny {
    static let industries = ["c1", "c2", "c3"]
    static let years = [2000, 2001, 2002, 2003]

    static func classification() throws -> Classification {
        try Classification(categories: [("c1", .manufactured), ("c2", .businessServices), ("c3", .other)],
                           aggregates: [IndustryAggregate(name: "manufacturing", label: "Manufacturing", industries: ["c1"])])
    }

    static func grouping() throws -> Grouping { try Grouping(groups: [RegionGroup(name: "OECD", regions: ["DEU"])]) }

    /// Intermediate flow from row (region r, industry j) to BEL's industry i in year index t; DEU's own columns
    /// get simple constants.
    static func flow(_ r: Int, _ j: Int, _ i: Int, _ t: Int) -> Double {
        r == 0 ? Double(10 + 3 * j + i + t) : Double(1 + j + 2 * i + t)
    }

    static func table(_ t: Int) throws -> MRIOTable {
        let n = 6
        var z = [Double](repeating: 1, count: n * n)
        for r in 0..<2 { for j in 0..<3 { for i in 0..<3 { z[(r * 3 + j) * n + i] = flow(r, j, i, t) } } }
        let output = (0..<n).map { Double(200 + 10 * $0 + t) }
        return try MRIOTable(year: years[t], regions: ["BEL", "DEU"], industries: industries, finalDemandCategories: ["CONS"],
                             intermediate: z, finalDemand: [Double](repeating: 0, count: n * 2), output: output, source: "tiny\(t)")
    }

    static func tableData() throws -> [TableYearData] {
        try (0..<4).map {
            try TableYearData.extract(table: try table($0), year: years[$0], country: "BEL", classification: try classification(),
                                      grouping: try grouping(), denominator: .nonenergy)
        }
    }

    /// Accounts value of `variable` for industry index i, year index t (all positive, shares adding to 100).
    static func value(_ variable: String, _ i: Int, _ t: Int) -> Double {
        let x = Double(i), y = Double(t)
        switch variable {
        case "GO_P": return 100 + 2 * y + x
        case "II_P": return 100 + y
        case "K": return 500 + 50 * x + 7 * y * y
        case "K_ICT": return 20 + 3 * x + 2 * y
        case "H_EMPE": return 30 + 5 * x - y + (t == 2 ? 0.5 * x : 0)
        case "EMP": return 20 + x + y
        case "LAB": return 900 + 100 * x + 40 * y
        case "H_LS": return 40 - 2 * y
        case "H_MS": return 40
        case "H_HS": return 20 + 2 * y
        case "LABLS": return 30 - 2 * y - x
        case "LABMS": return 40 + x
        case "LABHS": return 30 + 2 * y
        default: return .nan
        }
    }

    static func accounts(skipIndustry: String? = nil, skipYear: Int? = nil) throws -> IndustryAccounts {
        var a = IndustryAccounts(source: "tiny-accounts.csv")
        var line = 1
        for v in EstimateConfig.variableKeys.map(\.key) {
            for (i, code) in industries.enumerated() where code != skipIndustry {
                for (t, y) in years.enumerated() where y != skipYear {
                    line += 1
                    try a.insert(value(v, i, t), at: .init(country: "BEL", variable: v, industry: code, year: y), line: line)
                }
            }
        }
        return a
    }

    static func config(models: [ModelSpec] = [], allowPartial: Bool = false) -> EstimateConfig {
        var c = EstimateConfig.defaults(bundle: "/nonexistent")
        c.models = models
        c.contributions = []
        c.allowPartial = allowPartial
        c.synthetic = false
        // The tiny accounts are numbers in the tables' units, not national currency (issue 20: never mix currencies).
        c.accountsCurrencySetting = .tables
        return c
    }

    static func panel(_ accounts: IndustryAccounts, allowPartial: Bool = false) throws -> IndustryPanel {
        try PanelBuilder.build(tables: try tableData(), accounts: accounts, config: config(allowPartial: allowPartial),
                               classification: try classification(), grouping: try grouping(), yearsExplicit: false)
    }
}
