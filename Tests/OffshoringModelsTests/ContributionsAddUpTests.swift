import DataIO
import Econometrics
import Linalg
import OffshoringModels
import XCTest

/// Decompositions that add up (issue 20): the regressors, the year effects and the residual make 100 % of the
/// change; interactions split between their factors by the midpoint rule; worked by hand on small panels, and on
/// the real default against an independent numpy computation (References/contributions_reference.py).
final class ContributionsAddUpTests: XCTestCase {
    // Industries A, B; years 2000-2002; y = alpha_i + g_t + 2 x exactly (alpha = 1, 3; g = 0, 0.5, 1.5).
    let industry = ["A", "A", "A", "B", "B", "B"]
    let year = [2000, 2001, 2002, 2000, 2001, 2002]
    let x: [Double] = [1, 2, 4, 3, 3, 5]
    let q: [Double] = [2, 1, 3, 1, 1, 2]
    let weights: [Double] = [0.4, 0.5, 0.5, 0.6, 0.5, 0.5]
    var y: [Double] { (0..<6).map { i in (industry[i] == "A" ? 1 : 3) + [0, 0.5, 1.5][year[i] - 2000] + 2 * x[i] } }

    func effects() -> AbsorbedEffects {
        let ind = Factor(name: "industry", codes: industry.map { $0 == "A" ? 0 : 1 }, levels: ["A", "B"])
        let yr = Factor(name: "year", codes: year.map { Int32($0 - 2000) }, levels: ["2000", "2001", "2002"])
        return AbsorbedEffects(factors: [ind, yr])
    }

    func decompose(_ b: Double, groups: [(name: String, terms: [String])] = []) throws -> ContributionTable {
        try Contributions.decompose(model: "m", response: "y", terms: ["x"], x: [x], y: y, industry: industry, year: year,
                                    complete: [Bool](repeating: true, count: 6), weights: weights, coefficients: [b],
                                    covariance: try Matrix(rowsOf: [[0.01]]), from: 2000, to: 2002, base: .first, weightsName: "w",
                                    groups: groups, effects: effects())
    }

    func testYearEffectsAndResidualByHand() throws {
        let t = try decompose(2)
        XCTAssertEqual(t.rows.map(\.name), ["x", "year effects", "residual", "total"])
        XCTAssertEqual(t.rows.map(\.kind), [.term, .yearEffects, .residual, .total])
        // dS = 0.4 (10.5 - 3) + 0.6 (14.5 - 9) = 6.3; dX = 0.4 * 3 + 0.6 * 2 = 2.4; the year effects (0.4 + 0.6) 1.5.
        XCTAssertEqual(t.totalChange, 6.3, accuracy: 1e-14)
        XCTAssertEqual(t.rows[0].contribution, 4.8 / 6.3, accuracy: 1e-14)
        XCTAssertEqual(t.rows[1].contribution, 1.5 / 6.3, accuracy: 1e-12)
        XCTAssertEqual(t.rows[2].contribution, 0, accuracy: 1e-12)
        // Standard errors: c_year = -d(P x)/dS with P x = mean_i + mean_t - mean: d(P x) = 2.5 for both industries;
        // c_residual = -d(M x)/dS = -(2.4 - 2.5)/6.3; sqrt(V) = 0.1.
        XCTAssertEqual(t.rows[0].standardError, 2.4 / 6.3 * 0.1, accuracy: 1e-14)
        XCTAssertEqual(t.rows[1].standardError, 2.5 / 6.3 * 0.1, accuracy: 1e-12)
        XCTAssertEqual(t.rows[2].standardError, 0.1 / 6.3 * 0.1, accuracy: 1e-12)
        XCTAssertEqual(t.rows[3].contribution, 1, accuracy: 1e-12)
        XCTAssertEqual(t.rows[3].standardError, 0)
        XCTAssertTrue(t.notes.contains { $0.contains("add to the total change, 100 %") })
    }

    /// Whatever the coefficient, the summands add to 100 %: the residual takes what the others leave.
    func testRowsAddToOneHundredPercentForAnyCoefficient() throws {
        for b in [2.0, 1.5, -3.25, 0] {
            let t = try decompose(b)
            XCTAssertEqual(t.summandTotal, 1, accuracy: 1e-12, "b = \(b)")
            XCTAssertEqual(t.rows.first { $0.kind == .total }?.contribution ?? .nan, 1, accuracy: 1e-12)
        }
    }

    /// The midpoint split of `I(x * q)`: per industry d(xq) = mean(q) d(x) + mean(x) d(q), exactly.
    func testInteractionSplitByTheMidpointRule() throws {
        let xq = zip(x, q).map(*)
        let split = InteractionSplit(term: "I(x * q)", factors: [("x", x), ("q", q)])
        let t = try Contributions.decompose(model: "m", response: "y", terms: ["x", "I(x * q)"], x: [x, xq], y: y, industry: industry,
                                            year: year, complete: [Bool](repeating: true, count: 6), weights: weights,
                                            coefficients: [2, 0.5], covariance: try Matrix(rowsOf: [[0.01, 0], [0, 0.04]]),
                                            from: 2000, to: 2002, base: .first, weightsName: "w",
                                            groups: [("x with its part", ["x", "I(x * q)[x]"])], effects: effects(), interactions: [split])
        XCTAssertEqual(t.rows.map(\.name), ["x", "I(x * q)", "year effects", "residual", "total", "I(x * q)[x]", "I(x * q)[q]",
                                            "x with its part", "all regressors"])
        // d(xq): A 12 - 2 = 10, B 10 - 3 = 7: 0.4 * 10 + 0.6 * 7 = 8.2. The x part: 0.4 (2+3)/2 (4-1) + 0.6 (1+2)/2 (5-3)
        // = 4.8; the q part: 0.4 (1+4)/2 (3-2) + 0.6 (3+5)/2 (2-1) = 3.4; 4.8 + 3.4 = 8.2.
        XCTAssertEqual(t.rows[1].change ?? .nan, 8.2, accuracy: 1e-14)
        XCTAssertEqual(t.rows[5].change ?? .nan, 4.8, accuracy: 1e-14)
        XCTAssertEqual(t.rows[6].change ?? .nan, 3.4, accuracy: 1e-14)
        XCTAssertEqual(t.rows[5].contribution + t.rows[6].contribution, t.rows[1].contribution, accuracy: 1e-15)
        XCTAssertEqual(t.rows[5].contribution, 0.5 * 4.8 / 6.3, accuracy: 1e-14)
        XCTAssertEqual(t.rows[5].standardError, 0.2 * 4.8 / 6.3, accuracy: 1e-14)
        XCTAssertEqual(t.rows[7].contribution, (2 * 2.4 + 0.5 * 4.8) / 6.3, accuracy: 1e-14)
        XCTAssertEqual(t.summandTotal, 1, accuracy: 1e-12)
        XCTAssertTrue(t.notes.contains { $0.contains("I(x * q) is split between x and q by the midpoint rule") }, "\(t.notes)")
        // A term and its own part in one group would count the part twice.
        XCTAssertThrowsError(try Contributions.decompose(model: "m", response: "y", terms: ["x", "I(x * q)"], x: [x, xq], y: y,
                                                         industry: industry, year: year, complete: [Bool](repeating: true, count: 6),
                                                         weights: weights, coefficients: [2, 0.5], covariance: try Matrix(rowsOf: [[0.01, 0], [0, 0.04]]),
                                                         from: 2000, to: 2002, base: .first, weightsName: "w",
                                                         groups: [("bad", ["I(x * q)", "I(x * q)[q]"])], effects: effects(), interactions: [split])) { e in
            let text = (e as? InputError)?.description ?? "\(e)"
            XCTAssertTrue(text.contains("contributions.groups.bad") && text.contains("twice"), text)
        }
    }

    func testInteractionTermsAreRecognised() {
        XCTAssertTrue(InteractionSplit.factors(of: "I(om * ict)")! == ("om", "ict"))
        XCTAssertTrue(InteractionSplit.factors(of: "om:ict")! == ("om", "ict"))
        XCTAssertNil(InteractionSplit.factors(of: "I(om * ict * x)"))
        XCTAssertNil(InteractionSplit.factors(of: "log(K/Y)"))
        XCTAssertNil(InteractionSplit.factors(of: "I(log(om) * ict)"))
    }

    /// The three decompositions of the bundled default on the real accounts (iid standard errors, no bootstrap)
    /// against numpy with explicit dummies: every row, value and standard error, to 1e-9 relative; the summands add
    /// to 100 % to 1e-12.
    func testRealDefaultDecompositionsAgreeWithNumpy() throws {
        let (panel, _) = try Bundled.realPanel.get()
        let config = try Bundled.realConfig()
        let refs = try Bundled.csv(Bundled.reference("contributions_reference.csv"))
        var compared = 0
        for c in config.contributions {
            guard var spec = config.models.first(where: { $0.name == c.model }) else { return XCTFail(c.model) }
            spec.vcov = .iid
            spec.automaticBootstrap = false
            let table = try Contributions.compute(c, outcome: try ModelRunner.run(spec, panel: panel))
            XCTAssertEqual(table.summandTotal, 1, accuracy: 1e-12, c.model)
            let expected = refs.filter { $0["model"] == c.model }
            XCTAssertEqual(table.rows.map(\.name), expected.compactMap { $0["row"] }, c.model)
            for ref in expected {
                guard let name = ref["row"], let value = ref["contribution"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                      let row = table.rows.first(where: { $0.name == name }) else { XCTFail("\(ref)"); continue }
                XCTAssertEqual(row.contribution, value, accuracy: 1e-9 * max(abs(value), 1e-3), "\(c.model) \(name)")
                XCTAssertEqual(row.standardError, se, accuracy: 1e-9 * max(se, 1e-6), "\(c.model) \(name) SE")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 2 * 21 + 9)
    }

    /// The default run (bootstrapped skill-share models): every table adds to 100 % to 1e-12, and each row's
    /// interval holds its value.
    func testEveryDefaultTableAddsUp() throws {
        let (panel, _) = try Bundled.realPanel.get()
        var config = try Bundled.realConfig()
        config.models = config.models.filter { m in config.contributions.contains { $0.model == m.name } }
        let run = try EstimateRun.execute(config: config, panel: panel)
        XCTAssertEqual(run.contributions.count, 3)
        for t in run.contributions {
            XCTAssertEqual(t.summandTotal, 1, accuracy: 1e-12, t.model)
            XCTAssertTrue(t.rows.contains { $0.kind == .yearEffects } && t.rows.contains { $0.kind == .residual }, t.model)
            for r in t.rows {
                XCTAssertLessThanOrEqual(r.ciLow, r.contribution + 1e-12, "\(t.model) \(r.name)")
                XCTAssertGreaterThanOrEqual(r.ciHigh, r.contribution - 1e-12, "\(t.model) \(r.name)")
            }
        }
        XCTAssertTrue(run.contributions.filter { $0.model.hasPrefix("skill") }.allSatisfy(\.bootstrapped))
    }
}
