import DataIO
import Econometrics
import Foundation
@testable import OffshoringModels
import XCTest

/// Truth recovery of the study presets (issue 20) as coverage over repeated draws, not one draw: a generator with known
/// parameters (`PresetDraws`) draws the response of each preset again and again on the synthetic panel's own regressors
/// (the preset's sample, period and measures: output-share offshoring by origin for the labour-demand presets; om, os
/// and the backward and forward spillovers without the industry itself for the productivity presets; the hours shares'
/// translog system with symmetry for the skill system), with industry and year effects and normal errors; the preset
/// is estimated on every draw as `offshore estimate` runs it (`ModelRunner.run`, iid standard errors: the errors are
/// iid), and the share of draws whose 95 % interval holds the true coefficient is compared with 0.95.
///
/// Tolerances: per coefficient within 4 binomial standard deviations of 0.95 (some 50 coefficients are checked, so 3 would
/// fail about one run in six by chance); pooled over a preset's coefficients within 3. The yardstick, each
/// estimate within 3 SE of its truth, is checked as the pooled share within 3 SE against its probability under the
/// model's own t distribution (0.9973 for a normal; about 0.9966 with 100 degrees of freedom). A wrong true value makes
/// the check fail (`testAWrongTrueValueFails`). Draws: OFFSHORE_COVERAGE_DRAWS (default 1,000: about 2 s optimized).
final class PresetCoverageTests: XCTestCase {
    static var draws: Int { Int(ProcessInfo.processInfo.environment["OFFSHORE_COVERAGE_DRAWS"] ?? "") ?? 1_000 }

    /// The synthetic panel with the study presets' own measures (built once).
    static let panel: Result<IndustryPanel, Error> = Result {
        var config = try Bundled.config()
        config.models += ModelPresets.studies
        return try PanelBuilder.build(config: config).0
    }

    /// The spillover terms the productivity presets get (Michel and Rycx 2014: suppliers' and customers' offshoring).
    static let spillovers = "om_bwd + os_bwd + om_fwd + os_fwd"

    /// The presets under test, with their true coefficients (by equation, then term), error standard deviations and
    /// the errors' correlation across a system's equations.
    static func designs() throws -> [PresetDraws] {
        func preset(_ name: String) throws -> ModelSpec { try XCTUnwrap(ModelPresets.named(name), name) }
        let labour: [String: Double] = ["log(w)": -0.45, "log(Y)": 0.55, "om_OECD": -0.004, "om_CEE": -0.02, "om_ASIA": -0.01,
                                        "os_OECD": -0.01, "os_CEE": 0.03, "os_ASIA": 0.02]
        let productivity: [String: Double] = ["log(K/L)": 0.08, "log(M/L)": 0.6, "om": -0.002, "os": 0.01,
                                              "om_bwd": 0.003, "os_bwd": 0.02, "om_fwd": -0.002, "os_fwd": 0.015]
        func withSpillovers(_ s: ModelSpec) -> ModelSpec {
            var s = s
            s.formula = s.formula.replacingOccurrences(of: " | industry", with: " + \(spillovers) | industry")
            return s
        }
        var out: [PresetDraws] = []
        for name in ["labour_demand_mr2012_manufacturing", "labour_demand_mr2012_services"] {
            out.append(PresetDraws(spec: try preset(name), truth: [labour], sd: [0.02]))
        }
        for name in ["productivity_mr2014_manufacturing", "productivity_mr2014_services"] {
            out.append(PresetDraws(spec: withSpillovers(try preset(name)), truth: [productivity], sd: [0.03]))
        }
        // The hours shares' system: the synthetic accounts' skill parameters (BEL_synthetic_truth.toml), symmetric.
        var geomean = try preset("skill_system_hm2013")
        geomean.surCovariance = .geometricMean
        out.append(PresetDraws(spec: geomean, truth: [TruthRecoveryTests.truthLow, TruthRecoveryTests.truthMedium], sd: [0.006, 0.006],
                               correlation: -0.5))
        return out
    }

    func testEveryStudyPresetCoversItsTruth() throws {
        let panel = try Self.panel.get()
        let r = Self.draws
        let sd95 = (0.95 * 0.05 / Double(r)).squareRoot()
        var lines: [String] = []
        for (k, design) in try Self.designs().enumerated() {
            let sim = try design.simulate(panel: panel, draws: r, seed: 20_201_203 + UInt64(k))
            XCTAssertEqual(sim.terms.count, design.truth.reduce(0) { $0 + $1.count }, design.spec.name)
            var pooled = 0, pooled3 = 0, expected3 = 0.0
            for term in sim.terms {
                expected3 += sim.results[term, default: []].reduce(0) { $0 + 1 - studentTwoSidedPValue(3, df: $1.df) }
                let truth = try XCTUnwrap(design.trueValue(term), term)
                let c = sim.coverage(term, truth: truth)
                pooled += c.covered95
                pooled3 += c.within3SE
                let share = Double(c.covered95) / Double(r)
                XCTAssertLessThanOrEqual(abs(share - 0.95), 4 * sd95, "\(design.spec.name) \(term): 95 % coverage \(share) over \(r) draws")
                lines.append("\(design.spec.name) \(term): 95 % coverage \(share), within 3 SE \(Double(c.within3SE) / Double(r))")
            }
            let n = Double(r * sim.terms.count)
            let share = Double(pooled) / n, share3 = Double(pooled3) / n, p3 = expected3 / n
            XCTAssertLessThanOrEqual(abs(share - 0.95), 3 * (0.95 * 0.05 / n).squareRoot(), "\(design.spec.name): pooled 95 % coverage \(share)")
            XCTAssertLessThanOrEqual(abs(share3 - p3), 3 * (p3 * (1 - p3) / n).squareRoot(),
                                     "\(design.spec.name): pooled within 3 SE \(share3), expected \(p3)")
            lines.append("\(design.spec.name): pooled 95 % coverage \(share), within 3 SE \(share3) (expected \(p3); \(r) draws x \(sim.terms.count) terms)")
        }
        print(lines.joined(separator: "\n"))
    }

    /// The check can fail: the same draws judged against a true value one standard error off (one coefficient of each
    /// preset) cover it in about 83 % of the draws, outside the tolerance.
    func testAWrongTrueValueFails() throws {
        let panel = try Self.panel.get()
        let r = Self.draws
        let sd95 = (0.95 * 0.05 / Double(r)).squareRoot()
        for (k, design) in try Self.designs().enumerated() {
            let sim = try design.simulate(panel: panel, draws: r, seed: 20_201_203 + UInt64(k))
            let term = try XCTUnwrap(sim.terms.first)
            let truth = try XCTUnwrap(design.trueValue(term))
            let se = sim.results[term, default: []].map(\.se).reduce(0, +) / Double(r)
            let wrong = Double(sim.coverage(term, truth: truth + se).covered95) / Double(r)
            XCTAssertGreaterThan(abs(wrong - 0.95), 4 * sd95, "\(design.spec.name) \(term): a truth 1 SE off still covered in \(wrong)")
            print("\(design.spec.name) \(term): truth 1 SE off covered in \(wrong) of \(r) draws")
        }
    }

    /// The skill system with the default residual covariance (divisor T, the absorbed fixed effects counted nowhere):
    /// its standard errors are too small by about sqrt(T / (T - k - a)), so its intervals under-cover; `geomean`
    /// (above) covers. Recorded, and held below geomean's coverage, so a change in either shows.
    func testTheSkillSystemsDefaultCovarianceUnderCovers() throws {
        let panel = try Self.panel.get()
        let r = Self.draws
        guard var design = try Self.designs().last else { return XCTFail() }
        let seed: UInt64 = 20_201_203 + 4
        let geomean = try design.simulate(panel: panel, draws: r, seed: seed)
        design.spec.surCovariance = .observations
        let plain = try design.simulate(panel: panel, draws: r, seed: seed)
        func pooled(_ s: PresetDraws.Simulation) throws -> Double {
            var covered = 0
            for term in s.terms { covered += s.coverage(term, truth: try XCTUnwrap(design.trueValue(term))).covered95 }
            return Double(covered) / Double(r * s.terms.count)
        }
        let a = try pooled(geomean), b = try pooled(plain)
        XCTAssertLessThan(b, a)
        XCTAssertLessThan(b, 0.95)
        print("skill_system_hm2013: pooled 95 % coverage \(b) with sur_covariance = \"T\", \(a) with \"geomean\"")
    }
}

/// A generator with known parameters for one preset: the response of each equation drawn as the true coefficients
/// times the preset's own regressors on its sample (`ModelRunner.selection`), plus industry and year effects, plus
/// normal errors with standard deviations `sd` (correlated `correlation` between a system's two equations).
struct PresetDraws {
    /// The preset as estimated (iid standard errors, no bootstrap: set by `simulate`).
    var spec: ModelSpec
    /// True coefficients by equation (in the order of the spec's equations; one for a single equation), by term.
    var truth: [[String: Double]]
    /// Error standard deviation of each equation.
    var sd: [Double]
    /// Correlation of the errors of a system's first two equations.
    var correlation = 0.0

    /// The estimates of every draw, by term (`EQUATION:term` for systems).
    struct Simulation {
        var terms: [String]
        var results: [String: [(estimate: Double, se: Double, df: Double)]]

        /// How many draws' 95 % intervals hold `truth` (the model's own t or normal test of b = truth at 5 %), and how
        /// many estimates lie within 3 standard errors of it.
        func coverage(_ term: String, truth: Double) -> (covered95: Int, within3SE: Int) {
            var covered = 0, within = 0
            for r in results[term, default: []] {
                let t = (r.estimate - truth) / r.se
                if studentTwoSidedPValue(t, df: r.df) > 0.05 { covered += 1 }
                if abs(t) <= 3 { within += 1 }
            }
            return (covered, within)
        }
    }

    /// The true value of `term` (`EQUATION:term` for a system).
    func trueValue(_ term: String) -> Double? {
        guard spec.kind == .system else { return truth.first?[term] }
        let parts = term.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let k = spec.equations.firstIndex(where: { $0.hasPrefix(parts[0] + " ") }) else { return nil }
        return truth[k][parts[1]]
    }

    /// Draws the response(s) `draws` times and estimates the preset on each draw.
    func simulate(panel: IndustryPanel, draws: Int, seed: UInt64) throws -> Simulation {
        var spec = self.spec
        spec.vcov = .iid
        spec.bootstrap = nil
        spec.automaticBootstrap = false
        let selection = try ModelRunner.selection(panel, for: spec)
        let equations = spec.kind == .system ? spec.equations : [spec.formula]
        // Each equation's true systematic part on the sample's rows (NaN where a regressor is missing).
        let industry = try selection.data.factor("industry"), year = try selection.data.numeric("year")
        var mean: [[Double]] = []
        for (e, text) in equations.enumerated() {
            let frame = try ModelFrame(formula: try Formula(text), data: selection.data, panel: ModelRunner.panelStructure)
            let complete = frame.completeRows()
            var m = [Double](repeating: .nan, count: selection.data.rowCount)
            for j in m.indices where complete[j] {
                // Industry and year effects: known, absorbed by the estimator.
                var v = 0.3 + 0.01 * Double(industry.codes[j]) + 0.002 * (year[j] - 1995)
                for (k, name) in frame.regressorNames.enumerated() {
                    guard let b = truth[e][name] else { throw InputError(key: spec.name, "no true value for \(name)") }
                    v += b * frame.regressors[k][j]
                }
                m[j] = v
            }
            mean.append(m)
        }
        // Responses: a single equation's becomes the column `y_sim` (the formula's left side replaced); a system's
        // equations keep their names (the restrictions name them) and their columns are overwritten.
        var responses: [String] = []
        if spec.kind == .system {
            responses = equations.map { String($0.prefix { $0 != " " && $0 != "~" }) }
        } else {
            responses = ["y_sim"]
            spec.formula = "y_sim ~" + (spec.formula.split(separator: "~", maxSplits: 1).last.map(String.init) ?? "")
        }
        var rng = SplitMix64(seed: seed)
        func normal() -> Double {
            // Box-Muller.
            let u = max(rng.unit(), 1e-300), v = rng.unit()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        var p = panel
        var results: [String: [(estimate: Double, se: Double, df: Double)]] = [:]
        var terms: [String] = []
        for _ in 0..<draws {
            var columns = responses.map { _ in [Double](repeating: .nan, count: p.data.rowCount) }
            for j in 0..<selection.data.rowCount {
                let z1 = normal(), z2 = normal()
                let e1 = sd[0] * z1
                let e2 = sd.count > 1 ? sd[1] * (correlation * z1 + (1 - correlation * correlation).squareRoot() * z2) : 0
                for (e, err) in [e1, e2].prefix(responses.count).enumerated() {
                    columns[e][selection.rows[j]] = mean[e][j] + err
                }
            }
            for (name, values) in zip(responses, columns) { try p.data.setColumn(name, .numeric(values)) }
            switch try ModelRunner.run(spec, panel: p).estimate {
            case .single(let r):
                if terms.isEmpty { terms = r.terms }
                for (k, t) in r.terms.enumerated() { results[t, default: []].append((r.estimates[k], r.standardErrors[k], r.tDegreesOfFreedom)) }
            case .system(let s):
                if terms.isEmpty { terms = s.fit.coefficients.map(\.name) }
                for c in s.fit.coefficients { results[c.name, default: []].append((c.estimate, c.stdError, Double(c.degreesOfFreedom))) }
            case .gmm:
                throw InputError(key: spec.name, "GMM presets are not simulated here")
            }
        }
        return Simulation(terms: terms, results: results)
    }
}
