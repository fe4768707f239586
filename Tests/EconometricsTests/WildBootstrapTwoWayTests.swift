import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The two-way clustered wild bootstrap (MacKinnon, Nielsen and Webb 2021) against an independent brute-force
/// bootstrap (References/wild_bootstrap_twoway.py, output wild_bootstrap_twoway_reference.csv) that re-estimates
/// the model with its fixed effects as dummies on every draw and computes the two-way statistic from the new
/// residuals. The draws are identical (Rademacher enumeration, or offshore's documented generator reproduced in
/// Python), so p-values are equal and statistics agree to 1e-10 relative.
final class WildBootstrapTwoWayTests: XCTestCase {
    struct Case {
        let name: String, data: String, formula: String, clusters: String, bootcluster: String?, expectedBoot: String
        let weights: String?, kind: WildBootstrapSpec.Weights, reps: Int
    }

    static let cases: [Case] = [
        Case(name: "panel_twoway_pooled", data: "panel", formula: "y ~ x1 + x2 + x3", clusters: "industry+year", bootcluster: nil,
             expectedBoot: "year", weights: nil, kind: .rademacher, reps: 9999),
        Case(name: "panel_twoway_fe", data: "panel", formula: "y ~ x1 + x2 + x3 | industry + year", clusters: "industry+year", bootcluster: nil,
             expectedBoot: "year", weights: nil, kind: .rademacher, reps: 9999),
        Case(name: "panel_twoway_fe_boot_industry", data: "panel", formula: "y ~ x1 + x2 + x3 | industry + year", clusters: "industry+year",
             bootcluster: "industry", expectedBoot: "industry", weights: "w", kind: .webb, reps: 999),
        Case(name: "grunfeld_twoway_fe_firm", data: "grunfeld", formula: "invest ~ value + capital | firm", clusters: "firm+year", bootcluster: nil,
             expectedBoot: "firm", weights: nil, kind: .rademacher, reps: 9999),
    ]

    /// case -> term -> type -> quantity -> value.
    func references() throws -> [String: [String: [String: [String: Double]]]] { try Paths.bootstrapReferences("wild_bootstrap_twoway_reference.csv") }

    func data(_ name: String) throws -> DataFrame { try Paths.bootstrapData(name) }

    func testAgainstBruteForceTwoWayBootstrap() throws {
        let refs = try references()
        var compared = 0, worstStat = 0.0, worstCI = 0.0
        for c in Self.cases {
            let ref = try XCTUnwrap(refs[c.name], c.name)
            let frame = try data(c.data)
            let names = c.clusters.split(separator: "+").map(String.init)
            for type in [WildBootstrapSpec.BootstrapType.restricted, .unrestricted] {
                let label = type == .restricted ? "WCR" : "WCU"
                // The pooled and FE panel cases take their clusters from --vcov, the others from cluster=A+B.
                var spec = WildBootstrapSpec(cluster: c.name.hasPrefix("panel_twoway_fe_boot") || c.data == "grunfeld" ? c.clusters : nil,
                                             reps: c.reps, weights: c.kind, type: type)
                spec.bootcluster = c.bootcluster
                let options = RegressionOptions(vcov: .clustered(names, .cr1), weights: c.weights)
                let (fit, boot) = try regressWithWildBootstrap(formula: Formula(c.formula), data: frame, options: options, bootstrap: spec)
                XCTAssertEqual(Double(boot.draws), ref[""]?[c.kind.rawValue]?["draws"], c.name)
                XCTAssertEqual(Double(boot.clusters), ref[""]?[c.kind.rawValue]?["bootcluster_clusters"], c.name)
                XCTAssertEqual(boot.spec.bootcluster, c.expectedBoot, c.name)
                XCTAssertEqual(boot.spec.cluster, c.expectedBoot == names[0] ? c.clusters : names.reversed().joined(separator: "+"), c.name)
                XCTAssertTrue(boot.description.contains("two-way clustered by"), boot.description)
                // The engine's statistics, draw by draw.
                let design = try ModelFrame(formula: Formula(c.formula), data: frame)
                    .design(weights: try c.weights.map { try frame.numeric($0) }, required: try names.map { try frame.factor($0) })
                let factors = try names.map { try frame.factor($0).selecting(rows: design.rows) }
                let bootIndex = names.firstIndex(of: c.expectedBoot) ?? 0
                let prepared = try prepareMultiwayWildBootstrap(design: design, terms: fit.terms, boot: factors[bootIndex],
                                                                other: factors[1 - bootIndex], spec: spec, tolerance: 1e-12)
                let n = Double(design.nobs), g = Double(factors.map(\.levelCount).min() ?? 2)
                let ssc = g / (g - 1) * (n - 1) / (n - Double(fit.terms.count + fit.absorbedParameters))
                for term in boot.terms where term.name != "(Intercept)" {
                    let r = try XCTUnwrap(ref[term.name]?[label], "\(c.name) \(term.name) \(label)")
                    let what = "\(c.name) \(label) \(term.name)"
                    XCTAssertEqual(term.pValue, try XCTUnwrap(r["brute_p_symmetric"]), accuracy: 1e-12, "\(what) p")
                    XCTAssertEqual(term.pValueEqualTailed, try XCTUnwrap(r["brute_p_equal_tailed"]), accuracy: 1e-12, "\(what) equal-tailed p")
                    let j = try XCTUnwrap(fit.terms.firstIndex(of: term.name))
                    var e = [Double](repeating: 0, count: fit.terms.count)
                    e[j] = 1
                    let d = try prepared.engine.combinationDraws(e, restricted: type == .restricted, weights: prepared.weights, draws: prepared.draws)
                    let t0 = try XCTUnwrap(r["brute_t_cr0"])
                    let dt = abs(d.statistic(r: 0) - t0) / abs(t0)
                    worstStat = max(worstStat, dt)
                    XCTAssertLessThanOrEqual(dt, 1e-10, "\(what) t: \(d.statistic(r: 0)) vs \(t0)")
                    XCTAssertEqual(term.tStatistic, t0 / ssc.squareRoot(), accuracy: 1e-10 * abs(t0), "\(what) reported t with the CR1 factor")
                    for b in 0..<10 {
                        let theirs = try XCTUnwrap(r["brute_tboot_\(b)"])
                        let mine = d.bootstrapStatistic(b, r: 0)
                        if theirs.isNaN { XCTAssertTrue(mine.isNaN, "\(what) t* \(b): \(mine) vs NaN (negative variance)"); continue }
                        let diff = abs(mine - theirs) / max(abs(theirs), 1)
                        worstStat = max(worstStat, diff)
                        XCTAssertLessThanOrEqual(diff, 1e-10, "\(what) t* of draw \(b): \(mine) vs \(theirs)")
                    }
                    compared += 13
                    if let low = r["brute_ci_low"], let high = r["brute_ci_high"] {
                        for (mine, theirs, end) in [(term.ciLow, low, "low"), (term.ciHigh, high, "high")] {
                            let diff = abs(mine - theirs) / abs(high - low)
                            worstCI = max(worstCI, diff)
                            XCTAssertLessThanOrEqual(diff, 1e-9, "\(what) CI \(end): \(mine) vs \(theirs)")
                        }
                        compared += 2
                    }
                }
            }
        }
        print("two-way wild bootstrap references: \(compared) comparisons; statistics relative \(worstStat), CI relative to its width \(worstCI)")
        XCTAssertGreaterThan(compared, 150)
    }

    func testBadInputNamesTheOption() throws {
        let frame = try data("panel")
        let options = RegressionOptions(vcov: "cluster:industry+year")
        func expect(_ spec: String, _ key: String, _ words: String, restrictions: [String] = [], line: UInt = #line) {
            XCTAssertThrowsError(try regressWithWildBootstrap(formula: Formula("y ~ x1 + x2"), data: frame, options: options,
                                                              bootstrap: try WildBootstrapSpec(parsing: spec), restrictions: restrictions),
                                 line: line) { e in
                XCTAssertEqual((e as? InputError)?.key, key, "\(e)", line: line)
                XCTAssertTrue("\(e)".contains(words), "\(e)", line: line)
            }
        }
        expect("wild:bootcluster=region", "bootstrap", "bootcluster=region is not one of the bootstrap's cluster variables (industry, year)")
        expect("wild:cluster=industry+year+x1", "bootstrap", "give one cluster variable or two different ones")
        expect("wild:cluster=industry+industry", "bootstrap", "two different ones")
        expect("wild", "test", "one-way wild bootstrap", restrictions: ["x1 = 0"])
        XCTAssertThrowsError(try WildBootstrapSpec(parsing: "wild:bootcluster=a+b")) { XCTAssertEqual(($0 as? InputError)?.key, "bootstrap") }
        // The canonical text keeps bootcluster.
        let s = try WildBootstrapSpec(parsing: "wild:cluster=industry+year,bootcluster=industry")
        XCTAssertEqual(s.name, "wild:cluster=industry+year,bootcluster=industry,reps=9999,weights=webb,type=restricted,seed=20171203")
        XCTAssertEqual(try WildBootstrapSpec(parsing: s.name), s)
        // One-way stays one-way: an explicit single cluster with a two-way --vcov.
        let one = try regressWithWildBootstrap(formula: Formula("y ~ x1 + x2"), data: frame, options: options,
                                               bootstrap: WildBootstrapSpec(cluster: "industry", reps: 199)).bootstrap
        XCTAssertNil(one.spec.bootcluster)
        XCTAssertEqual(one.spec.cluster, "industry")
    }
}
