import DataIO
@testable import Econometrics
import Foundation
import XCTest
import TestSupport

/// Locations of the repository and of the shared data beside it.
enum Paths {
    /// The Grunfeld data in the shared folder.
    static var grunfeld: String { RepositoryPaths.sharedFile("data/validation/grunfeld.csv").path }
    static func reference(_ name: String) -> String {
        RepositoryPaths.file("Tests/EconometricsTests/References/\(name)").path
    }

    /// A wild bootstrap reference file (`case,term,type,quantity,value`) as case -> term -> type -> quantity -> value.
    static func bootstrapReferences(_ name: String) throws -> [String: [String: [String: [String: Double]]]] {
        let text = try String(contentsOfFile: reference(name), encoding: .utf8)
        var out: [String: [String: [String: [String: Double]]]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let v = Double(f[4]) else { continue }
            out[f[0], default: [:]][f[1], default: [:]][f[2], default: [:]][f[3]] = v
        }
        return out
    }

    /// The data of a wild bootstrap reference case: Grunfeld or the seeded panel.
    static func bootstrapData(_ name: String) throws -> DataFrame {
        name == "grunfeld" ? try DataFrame(csvPath: grunfeld) : try DataFrame(csvPath: reference("wild_bootstrap_panel.csv"))
    }
}

/// Asserts that `actual` agrees with `expected` to `digits` significant digits, i.e. rounding `actual` to as
/// many digits as the published figure has gives that figure (tolerance half a unit in the last place).
func assertPublished(_ actual: Double?, _ expected: Double, decimals: Int, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("\(what): missing", file: file, line: line) }
    let halfUnit = 0.5 * pow(10, Double(-decimals)) * (1 + 1e-9)
    XCTAssertLessThanOrEqual(abs(actual - expected), halfUnit, "\(what): \(actual) vs published \(expected)", file: file, line: line)
}

/// Relative agreement to `tolerance`.
func assertRelative(_ actual: Double?, _ expected: Double, _ tolerance: Double = 1e-6, _ what: String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    guard let actual else { return XCTFail("\(what): missing", file: file, line: line) }
    let scale = max(abs(expected), 1e-300)
    XCTAssertLessThanOrEqual(abs(actual - expected) / scale, tolerance, "\(what): \(actual) vs \(expected)", file: file, line: line)
}

/// The Grunfeld reference values of METHOD.md section 3 (linearmodels and plm agree on them).
final class GrunfeldTests: XCTestCase {
    func data() throws -> DataFrame { try DataFrame(csvPath: Paths.grunfeld) }

    func testOneWayFixedEffects() throws {
        let r = try regress(formula: Formula("invest ~ value + capital | firm"), data: data())
        XCTAssertEqual(r.terms, ["value", "capital"])
        assertPublished(r.estimates[0], 0.1101238, decimals: 7, "value")
        assertPublished(r.standardErrors[0], 0.0118567, decimals: 7, "SE value")
        assertPublished(r.estimates[1], 0.3100653, decimals: 7, "capital")
        assertPublished(r.standardErrors[1], 0.0173545, decimals: 7, "SE capital")
        assertPublished(r.withinR2, 0.76676, decimals: 5, "within R2")
        XCTAssertEqual(r.nobs, 200)
        XCTAssertEqual(r.absorbedParameters, 10)
        XCTAssertEqual(r.residualDegreesOfFreedom, 188)
    }

    func testTwoWayFixedEffects() throws {
        let r = try regress(formula: Formula("invest ~ value + capital | firm + year"), data: data())
        assertPublished(r.estimates[0], 0.1177159, decimals: 7, "value")
        assertPublished(r.standardErrors[0], 0.0137513, decimals: 7, "SE value")
        assertPublished(r.estimates[1], 0.3579163, decimals: 7, "capital")
        assertPublished(r.standardErrors[1], 0.0227190, decimals: 7, "SE capital")
        XCTAssertEqual(r.absorbedParameters, 29)
    }

    func testClusteredByFirmCR1AndCR0() throws {
        let cr1 = try regress(formula: Formula("invest ~ value + capital | firm"), data: data(),
                              options: RegressionOptions(vcov: .cluster(["firm"], smallSample: true)))
        assertPublished(cr1.standardErrors[0], 0.015156, decimals: 6, "CR1 value")
        assertPublished(cr1.standardErrors[1], 0.052618, decimals: 6, "CR1 capital")
        XCTAssertEqual(cr1.tDegreesOfFreedom, 9)
        XCTAssertTrue(cr1.vcovDescription.contains("K = 2"), cr1.vcovDescription)
        let cr0 = try regress(formula: Formula("invest ~ value + capital | firm"), data: data(),
                              options: RegressionOptions(vcov: .cluster(["firm"], smallSample: false)))
        assertPublished(cr0.standardErrors[0], 0.014342, decimals: 6, "CR0 value")
        assertPublished(cr0.standardErrors[1], 0.049793, decimals: 6, "CR0 capital")
        // CR1/CR0 is exactly the small-sample factor G/(G-1) (N-1)/(N-K) with K = 2.
        assertRelative(cr1.vcov[0, 0] / cr0.vcov[0, 0], (10.0 / 9) * (199.0 / 198), 1e-12, "CR1 factor")
    }

    func testFixedEffectsEqualDummyVariables() throws {
        // The absorbed estimate equals the one with explicit firm dummies (a text variable as a term).
        let absorbed = try regress(formula: Formula("invest ~ value + capital | firm + year"), data: data())
        let dummies = try regress(formula: Formula("invest ~ value + capital + firm + i(year)"), data: data())
        for (k, name) in ["value", "capital"].enumerated() {
            let j = try XCTUnwrap(dummies.index(of: name))
            assertRelative(absorbed.estimates[k], dummies.estimates[j], 1e-9, name)
            assertRelative(absorbed.standardErrors[k], dummies.standardErrors[j], 1e-9, "SE " + name)
        }
        XCTAssertEqual(dummies.dropped, ["year::1954"])  // the last year dummy is collinear with the intercept
        assertRelative(absorbed.r2, dummies.r2, 1e-10, "R2")
    }
}
