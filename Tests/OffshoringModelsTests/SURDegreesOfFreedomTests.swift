import DataIO
import Econometrics
import Foundation
import OffshoringModels
import TestSupport
import XCTest

/// SUR standard errors with the absorbed fixed effects counted (issue 20): `sur_covariance = "geomean"` against R
/// systemfit with the dummies written out (References/skill_system_geomean.R), and by its stated factor against
/// the default convention ("T", kept by name).
final class SURDegreesOfFreedomTests: XCTestCase {
    func spec(_ divisor: SURCovarianceDivisor) throws -> ModelSpec {
        guard var s = ModelPresets.named("skill_system") else { throw XCTSkip("no preset") }
        s.surCovariance = divisor
        return s
    }

    func testGeomeanAgreesWithSystemfitWithTheDummiesWrittenOut() throws {
        let (panel, _) = try Bundled.panel.get()
        guard case .system(let s) = try ModelRunner.run(try spec(.geometricMean), panel: panel).estimate else { return XCTFail() }
        XCTAssertEqual(s.fit.options.absorbedParameters, 26, "14 industries + 13 years - 1")
        XCTAssertEqual(s.fit.systemDegreesOfFreedom, 295)
        var compared = 0
        for ref in try Bundled.csv(Bundled.reference("skill_system_geomean.csv")) {
            guard let name = ref["coefficient"], let b = ref["estimate"].flatMap(Double.init), let se = ref["std_error"].flatMap(Double.init),
                  let df = ref["df"].flatMap(Int.init), let c = s.fit.coefficients.first(where: { $0.name == name }) else { XCTFail("\(ref)"); continue }
            XCTAssertEqual(c.estimate, b, accuracy: 1e-9 * abs(b), name)
            XCTAssertEqual(c.stdError, se, accuracy: 1e-9 * se, name)
            XCTAssertEqual(c.degreesOfFreedom, df, name)
            compared += 1
        }
        XCTAssertEqual(compared, 18)
        let record = s.record(formulas: try spec(.geometricMean).equations)
        XCTAssertEqual(record.vcovDescription, "GLS, residual covariance with divisor sqrt((T-k_i-a)(T-k_j-a)), a = 26 absorbed")
    }

    /// Both equations have k = 9 slopes, so the geomean covariance is T/(T-k-a) = 182/147 times the T one: the same
    /// estimates, standard errors larger by sqrt(182/147) = 1.1127 (the "about 10 % small").
    func testGeomeanScalesTheDefaultStandardErrorsByItsStatedFactor() throws {
        let (panel, _) = try Bundled.panel.get()
        guard case .system(let t) = try ModelRunner.run(try spec(.observations), panel: panel).estimate,
              case .system(let g) = try ModelRunner.run(try spec(.geometricMean), panel: panel).estimate else { return XCTFail() }
        XCTAssertEqual(t.fit.options.absorbedParameters, 0, "the default convention counts nothing")
        XCTAssertEqual(t.fit.systemDegreesOfFreedom, 347)
        let factor = (182.0 / 147.0).squareRoot()
        for (a, b) in zip(t.fit.coefficients, g.fit.coefficients) {
            XCTAssertEqual(b.estimate, a.estimate, accuracy: 1e-9 * abs(a.estimate), a.name)
            XCTAssertEqual(b.stdError / a.stdError, factor, accuracy: 1e-9, a.name)
        }
    }

    func testConfigKeyByNameAndItsErrors() throws {
        let dir = try TemporaryDirectory.make(prefix: "sur-covariance")
        func load(_ model: String) throws -> EstimateConfig {
            let path = dir.appendingPathComponent("c.toml").path
            try "[[model]]\n\(model)\n".write(toFile: path, atomically: true, encoding: .utf8)
            return try EstimateConfig.load(path: path, bundle: Bundled.folder)
        }
        XCTAssertEqual(try load("preset = \"skill_system\"\nsur_covariance = \"geomean\"").models.first?.surCovariance, .geometricMean)
        XCTAssertEqual(try load("preset = \"skill_system\"\nsur_covariance = \"T\"").models.first?.surCovariance, .observations)
        XCTAssertEqual(try load("preset = \"skill_system\"").models.first?.surCovariance, .observations)
        XCTAssertThrowsError(try load("preset = \"skill_system\"\nsur_covariance = \"dfcor\"")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("sur_covariance") && text.contains("expected T") && text.contains("geomean"), text)
        }
        XCTAssertThrowsError(try load("preset = \"skill_share\"\nsur_covariance = \"geomean\"")) { e in
            XCTAssertTrue("\(e)".contains("applies to SUR systems only"), "\(e)")
        }
    }
}
