import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The wild restricted efficient bootstrap of 2SLS (Davidson and MacKinnon 2010) against an independent
/// brute-force implementation (References/wild_bootstrap_iv.py: restricted structural residuals, the efficient
/// reduced form with them as a regressor, every draw re-estimated by 2SLS with the fixed effects as dummies; output
/// wild_bootstrap_iv_reference.csv, data wild_bootstrap_iv_panel.csv). Identical draws (Rademacher enumeration, or
/// offshore's documented generator reproduced in Python): p-values equal, statistics to 1e-10 relative.
final class WildBootstrapIVTests: XCTestCase {
    struct Case {
        let name: String, formula: String, cluster: String, weights: String?, kind: WildBootstrapSpec.Weights, reps: Int
    }

    static let cases: [Case] = [
        Case(name: "iv_fe_rademacher", formula: "y1 ~ x | industry + year | y2 ~ z1 + z2", cluster: "year", weights: nil, kind: .rademacher, reps: 9999),
        Case(name: "iv_pooled_rademacher", formula: "y1 ~ x | y2 ~ z1 + z2", cluster: "industry", weights: nil, kind: .rademacher, reps: 99999),
        Case(name: "iv_fe_webb_weighted", formula: "y1 ~ x | industry | y2 ~ z1 + z2", cluster: "industry", weights: "w", kind: .webb, reps: 999),
    ]

    func references() throws -> [String: [String: [String: Double]]] {
        let text = try String(contentsOfFile: Paths.reference("wild_bootstrap_iv_reference.csv"), encoding: .utf8)
        var out: [String: [String: [String: Double]]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let v = Double(f[4]) else { continue }
            out[f[0], default: [:]][f[2], default: [:]][f[3]] = v
        }
        return out
    }

    func testAgainstBruteForceWRE() throws {
        let refs = try references()
        let frame = try DataFrame(csvPath: Paths.reference("wild_bootstrap_iv_panel.csv"))
        var compared = 0, worst = 0.0
        for c in Self.cases {
            let ref = try XCTUnwrap(refs[c.name], c.name)
            for type in [WildBootstrapSpec.BootstrapType.restricted, .unrestricted] {
                let label = type == .restricted ? "WRE" : "WUE"
                let r = try XCTUnwrap(ref[label], "\(c.name) \(label)")
                let spec = WildBootstrapSpec(cluster: c.cluster, reps: c.reps, weights: c.kind, type: type)
                let options = RegressionOptions(vcov: .clustered([c.cluster], .cr1), weights: c.weights)
                // Intervals (test inversion: the draws rebuilt at every candidate) on the 999-draw case only, for time.
                let withIntervals = c.reps < 1000
                let (fit, boot) = try regressWithWildBootstrap(formula: Formula(c.formula), data: frame, options: options, bootstrap: spec,
                                                               intervals: withIntervals)
                let what = "\(c.name) \(label)"
                XCTAssertEqual(Double(boot.draws), ref[""]?["draws"] ?? refs[c.name]?[c.kind.rawValue]?["draws"], what)
                XCTAssertEqual(boot.terms.map(\.name), ["y2"], "only the endogenous regressor is bootstrapped")
                XCTAssertTrue(boot.description.contains(type == .restricted ? "for 2SLS, WRE (Davidson and MacKinnon 2010)" : "WUE"), boot.description)
                let term = try XCTUnwrap(boot.terms.first)
                XCTAssertEqual(term.estimate, try XCTUnwrap(r["estimate"]), accuracy: 1e-10 * abs(term.estimate), what)
                XCTAssertEqual(term.estimate, fit.estimates[try XCTUnwrap(fit.terms.firstIndex(of: "y2"))], accuracy: 1e-12 * abs(term.estimate))
                XCTAssertEqual(term.pValue, try XCTUnwrap(r["brute_p_symmetric"]), accuracy: 1e-12, "\(what) p")
                XCTAssertEqual(term.pValueEqualTailed, try XCTUnwrap(r["brute_p_equal_tailed"]), accuracy: 1e-12, "\(what) equal-tailed p")
                if withIntervals {
                    XCTAssertTrue(term.ciLow < term.estimate && term.estimate < term.ciHigh, "\(what): [\(term.ciLow), \(term.ciHigh)]")
                    // At an end of the interval the p-value crosses 5 %: just inside above, just outside not.
                    let v = WildBootstrapRandom.weightMatrix(seed: spec.seed, kind: c.kind, draws: boot.draws, clusters: boot.clusters)
                    let probe = try WildRestrictedEfficientBootstrap(design: try ModelFrame(formula: Formula(c.formula), data: frame)
                        .design(weights: try c.weights.map { try frame.numeric($0) }, required: [try frame.factor(c.cluster)]),
                        cluster: try frame.factor(c.cluster), absorbedParameters: fit.absorbedParameters, tolerance: 1e-10)
                    func p(_ r: Double) throws -> Double {
                        let s = try probe.statistics(beta0: r, restricted: type == .restricted, weights: v, draws: boot.draws)
                        return wildBootstrapPValues(t: s.t, draws: s.draws).symmetric
                    }
                    XCTAssertGreaterThan(try p(term.ciHigh), 0.05, what)
                    XCTAssertLessThanOrEqual(try p(term.ciHigh.nextUp), 0.05, what)
                }
                // The statistics, draw by draw.
                let design = try ModelFrame(formula: Formula(c.formula), data: frame)
                    .design(weights: try c.weights.map { try frame.numeric($0) }, required: [try frame.factor(c.cluster)])
                let cluster = try frame.factor(c.cluster).selecting(rows: design.rows)
                let wre = try WildRestrictedEfficientBootstrap(design: design, cluster: cluster, absorbedParameters: fit.absorbedParameters, tolerance: 1e-12)
                let G = cluster.levelCount
                let v = boot.enumerated ? WildBootstrapRandom.enumeration(clusters: G)
                                        : WildBootstrapRandom.weightMatrix(seed: spec.seed, kind: c.kind, draws: boot.draws, clusters: G)
                let s = try wre.statistics(beta0: 0, restricted: type == .restricted, weights: v, draws: boot.draws)
                let t0 = try XCTUnwrap(r["brute_t_cr0"])
                worst = max(worst, abs(s.t - t0) / abs(t0))
                XCTAssertEqual(s.t, t0, accuracy: 1e-10 * abs(t0), "\(what) t")
                XCTAssertEqual(term.tStatistic, t0 / wre.smallSampleFactor.squareRoot(), accuracy: 1e-10 * abs(t0), "\(what) reported t")
                for b in 0..<10 {
                    let theirs = try XCTUnwrap(r["brute_tboot_\(b)"])
                    let d = abs(s.draws[b] - theirs) / max(abs(theirs), 1)
                    worst = max(worst, d)
                    XCTAssertLessThanOrEqual(d, 1e-10, "\(what) t* of draw \(b): \(s.draws[b]) vs \(theirs)")
                }
                compared += 15
            }
        }
        print("WRE references: \(compared) comparisons; statistics relative \(worst)")
    }

    func testBadInputNamesTheOption() throws {
        let frame = try DataFrame(csvPath: Paths.reference("wild_bootstrap_iv_panel.csv"))
        func expect(_ formula: String, _ spec: WildBootstrapSpec, _ key: String, _ words: String, vcov: VarianceEstimator = "cluster:industry",
                    restrictions: [String] = [], line: UInt = #line) {
            XCTAssertThrowsError(try regressWithWildBootstrap(formula: Formula(formula), data: frame, options: RegressionOptions(vcov: vcov),
                                                              bootstrap: spec, restrictions: restrictions), line: line) { e in
                XCTAssertEqual((e as? InputError)?.key, key, "\(e)", line: line)
                XCTAssertTrue("\(e)".contains(words), "\(e)", line: line)
            }
        }
        expect("y1 ~ 1 | industry | y2 + x ~ z1 + z2", WildBootstrapSpec(reps: 199), "bootstrap", "handles one endogenous regressor; this model has 2 (y2, x)")
        expect("y1 ~ x | industry | y2 ~ z1 + z2", WildBootstrapSpec(reps: 199), "bootstrap", "is one-way", vcov: "cluster:industry+year")
        expect("y1 ~ x | industry | y2 ~ z1 + z2", WildBootstrapSpec(reps: 199), "test", "WRE", restrictions: ["y2 = 0"])
    }
}
