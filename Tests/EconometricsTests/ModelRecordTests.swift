import DataIO
@testable import Econometrics
import Foundation
import XCTest

/// The typed variance estimator (parsed once, written back by its name) and the model record every output is
/// written from: t and p derived from the estimate, standard error and degrees of freedom give the fit's own
/// numbers bit for bit, and the record survives a JSON round trip.
final class ModelRecordTests: XCTestCase {
    func testVarianceEstimatorParsesTheCommandLineFormsAndWritesItsName() throws {
        let cases: [(String, VarianceEstimator, String)] = [
            ("iid", .iid, "iid"), (" Standard ", .iid, "iid"), ("HC1", .hc1, "hc1"), ("robust", .hc1, "hc1"),
            ("hetero", .hc1, "hc1"), ("cluster:firm", .cluster(["firm"], smallSample: true), "cluster:firm"),
            ("Cluster: firm + year ", .clustered(["firm", "year"], .cr1), "cluster:firm+year"),
        ]
        for (text, value, name) in cases {
            let v = try VarianceEstimator(parsing: text)
            XCTAssertEqual(v, value, text)
            XCTAssertEqual(v.name, name, text)
            XCTAssertEqual("\(v)", name, text)
            XCTAssertEqual(try VarianceEstimator(name: v.name), v, text)
        }
        XCTAssertEqual(VarianceEstimator.cluster(["firm"], smallSample: false).name, "cluster0:firm")
        XCTAssertEqual(try VarianceEstimator(name: "cluster0:firm"), .clustered(["firm"], .cr0))
        XCTAssertEqual(VarianceEstimator.clustered(["a", "b"], .cr1).clusterVariables, ["a", "b"])
        XCTAssertEqual(VarianceEstimator.hc1.clusterVariables, [])
    }

    func testVarianceEstimatorErrorsNameTheKeyAndQuoteTheText() {
        for (text, expected) in [("cluster:", "expected cluster:VAR or cluster:VAR1+VAR2, found 'cluster:'"),
                                 ("cluster:a+b+c", "expected cluster:VAR or cluster:VAR1+VAR2, found 'cluster:a+b+c'"),
                                 ("robustish", "expected iid, hc1, cluster:VAR or cluster:VAR1+VAR2, found 'robustish' (also accepted: hc0, hc2, hc3, cr2:VAR, cr3:VAR, dk, dk:LAGS)"),
                                 ("cluster0:firm", "expected iid, hc1, cluster:VAR or cluster:VAR1+VAR2, found 'cluster0:firm' (also accepted: hc0, hc2, hc3, cr2:VAR, cr3:VAR, dk, dk:LAGS)")] {
            XCTAssertThrowsError(try VarianceEstimator(parsing: text), text) { error in
                XCTAssertEqual((error as? InputError)?.key, "vcov")
                XCTAssertEqual((error as? InputError)?.message, expected)
            }
        }
    }

    func testVarianceEstimatorIsCodedAsItsName() throws {
        let values: [VarianceEstimator] = [.iid, .hc1, .clustered(["firm", "year"], .cr1), .clustered(["firm"], .cr0)]
        let data = try JSONEncoder().encode(values)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["iid","hc1","cluster:firm+year","cluster0:firm"]"#)
        XCTAssertEqual(try JSONDecoder().decode([VarianceEstimator].self, from: data), values)
        XCTAssertThrowsError(try JSONDecoder().decode([VarianceEstimator].self, from: Data(#"["cluster:"]"#.utf8)))
    }

    func grunfeld() throws -> DataFrame {
        guard FileManager.default.fileExists(atPath: Paths.grunfeld) else { throw XCTSkip("no \(Paths.grunfeld)") }
        return try DataFrame(csvPath: Paths.grunfeld)
    }

    func testRecordOfARegressionDerivesTheFitsTAndPBitForBit() throws {
        let data = try grunfeld()
        for (formula, vcov) in [("invest ~ value + capital", VarianceEstimator.hc1),
                                ("invest ~ value + capital | firm", .cluster(["firm"], smallSample: true)),
                                ("invest ~ value + capital + I(2*value) | firm + year", .iid)] {
            let r = try regress(formula: Formula(formula), data: data, options: RegressionOptions(vcov: vcov))
            let m = ModelRecord(r, formula: formula)
            XCTAssertEqual(m.equations.count, 1)
            let eq = m.equations[0]
            XCTAssertNil(eq.name)
            XCTAssertEqual(eq.formula, formula)
            XCTAssertEqual(eq.terms.map(\.name), r.terms)
            XCTAssertEqual(eq.terms.map(\.estimate), r.estimates)
            XCTAssertEqual(eq.terms.map(\.standardError), r.standardErrors)
            XCTAssertEqual(eq.terms.map(\.tValue), r.tValues)
            XCTAssertEqual(eq.terms.map(\.pValue), r.pValues)
            XCTAssertEqual(m.fTest?.pValue, r.fPValue)
            XCTAssertEqual(m.vcov, vcov)
            XCTAssertEqual(m.vcovName, vcov.name)
            XCTAssertEqual(m.vcovDescription, r.vcovDescription)
            XCTAssertEqual(m.dropped, r.dropped)
            XCTAssertEqual(eq.observations, r.nobs)
            XCTAssertEqual(eq.withinR2, r.withinR2)
            XCTAssertEqual(m.allTerms.map(\.name), r.terms)
        }
    }

    func testExactFitHasUndefinedTAndP() {
        let term = ModelRecord.Term(name: "x", estimate: 2, standardError: 0, degreesOfFreedom: 10)
        XCTAssertTrue(term.tValue.isNaN)
        XCTAssertTrue(term.pValue.isNaN)
        let usual = ModelRecord.Term(name: "x", estimate: 2, standardError: 1, degreesOfFreedom: 10)
        XCTAssertEqual(usual.tValue, 2)
        XCTAssertEqual(usual.pValue, studentTwoSidedPValue(2, df: 10))
    }

    func testRecordOfASystemQualifiesItsTermsAndSurvivesJSON() throws {
        let spec = try SURSpecification(equations: ["GE: invest ~ value + capital", "WE: invest ~ value + capital"])
        let sample = try spec.system(on: try grunfeld(), filters: ["GE: firm == General Electric", "WE: firm == Westinghouse"],
                                     match: "year", panel: nil)
        XCTAssertEqual(sample.used, 20)
        XCTAssertEqual(sample.dataRows, 200)
        XCTAssertEqual(sample.dropped, 0)
        let fit = try SURFit(equations: sample.equations)
        let m = sample.record(fit)
        XCTAssertNil(m.vcov)
        XCTAssertEqual(m.vcovName, "sur")
        XCTAssertEqual(m.model, "SUR (FGLS)")
        var corrected = m
        corrected.system?.divisor = .geometricMean
        XCTAssertEqual(corrected.vcovName, "sur-geomean", "tables say that the covariance counts the degrees of freedom")
        corrected.system?.iterated = true
        XCTAssertEqual(corrected.vcovName, "sur-iterated-geomean")
        XCTAssertEqual(m.equations.map(\.response), ["invest", "invest"])
        XCTAssertEqual(m.equations.map(\.formula), ["invest ~ value + capital", "invest ~ value + capital"])
        XCTAssertEqual(m.allTerms.map(\.name), fit.coefficientNames)
        XCTAssertEqual(m.allTerms.map(\.term.tValue), fit.coefficients.map(\.tValue))
        XCTAssertEqual(m.allTerms.map(\.term.pValue), fit.coefficients.map(\.pValue))
        XCTAssertEqual(m.system?.pairedBy, "year")
        let corr = fit.residualCorrelation
        XCTAssertEqual(m.system?.residualCorrelation, (0..<corr.rows).map { corr.row($0) })

        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        XCTAssertEqual(try decoder.decode(ModelRecord.self, from: encoder.encode(m)), m)
        let single = ModelRecord(try regress(formula: Formula("invest ~ value + capital | firm"), data: grunfeld(),
                                             options: RegressionOptions(vcov: "cluster:firm")))
        XCTAssertEqual(try decoder.decode(ModelRecord.self, from: encoder.encode(single)), single)
    }

    func testSystemSpecificationErrorsNameTheOption() throws {
        XCTAssertThrowsError(try SURSpecification(equations: [])) { XCTAssertEqual(($0 as? InputError)?.key, "--equation") }
        XCTAssertThrowsError(try SURSpecification(equations: ["GE invest ~ value"])) { XCTAssertEqual(($0 as? InputError)?.key, "--equation") }
        let spec = try SURSpecification(equations: ["GE: invest ~ value"])
        XCTAssertThrowsError(try spec.system(on: try grunfeld(), filters: ["XX: firm == IBM"], match: nil, panel: nil)) {
            XCTAssertEqual(($0 as? InputError)?.key, "--where")
        }
    }
}
