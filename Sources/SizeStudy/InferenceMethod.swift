import DataIO
import Econometrics
import Foundation
import OffshoringModels

/// One way of testing `H0: b_j = 0` for each studied coefficient: a column of the size study.
///
/// A method is a closure from a simulated response (one value per row of the design's data) to the p-values
/// of the studied coefficients, in `StudyDesign.terms` order. The study does not care how it gets them, so any
/// inference procedure plugs in as one value of this type: the analytic ones below, and the wild cluster
/// bootstrap through `wildBootstrapMethod(_:design:seed:)`.
struct InferenceMethod {
    /// Column name in the table, e.g. `CR1`.
    let name: String
    /// What it is, for the table's legend.
    let legend: String
    /// p-values of the studied coefficients for one simulated response.
    let pValues: (_ response: [Double]) throws -> [Double]

    /// A method that estimates `formula` on the design's data with `vcov` and reads the model's own p-values
    /// (Student t with the estimator's degrees of freedom; CR2's are per coefficient).
    static func analytic(name: String, legend: String, formula: String, vcov: VarianceEstimator,
                         design: StudyDesign) throws -> InferenceMethod {
        let prepared = try PreparedRegression(formula: Formula(formula), data: design.data, panel: ModelRunner.panelStructure,
                                              options: RegressionOptions(vcov: vcov, weights: design.weights),
                                              varying: [design.response])
        let terms = design.terms
        return InferenceMethod(name: name, legend: legend) { y in
            let r = try prepared.run(replacing: [(design.response, y)])
            return try terms.map { t in
                guard let j = r.index(of: t) else { throw InputError(key: "term", "\(t) was not estimated in a replication") }
                return r.pValues[j]
            }
        }
    }

    /// The analytic methods of the study: iid, CR1 (the default of `offshore estimate`), CR2 with the
    /// Bell-McCaffrey Satterthwaite degrees of freedom, CR3 with G - 1.
    ///
    /// CR2 and CR3 are computed on the model with the fixed effects as dummy columns (`dummyFormula`): with
    /// weights and absorbed effects offshore refuses CR2 (its within-transformed hat matrix is not verified
    /// against clubSandwich there), and the dummy form is the weighted lm that clubSandwich's CR2 is defined on.
    static func standard(design: StudyDesign) throws -> [InferenceMethod] {
        let c = design.cluster
        return [
            try analytic(name: "iid", legend: "s^2 (X'WX)^-1, t(N-K)", formula: design.formula, vcov: .iid, design: design),
            try analytic(name: "CR1", legend: "by \(c), G/(G-1) (N-1)/(N-K), t(G-1) (offshore estimate's default)",
                         formula: design.formula, vcov: .clustered([c], .cr1), design: design),
            try analytic(name: "CR2-BM", legend: "by \(c) (Bell-McCaffrey), per-coefficient Satterthwaite df (clubSandwich's), effects as dummies",
                         formula: design.dummyFormula, vcov: .clustered([c], .cr2), design: design),
            try analytic(name: "CR3", legend: "by \(c) (cluster jackknife), t(G-1), effects as dummies",
                         formula: design.dummyFormula, vcov: .clustered([c], .cr3), design: design),
        ]
    }
}

/// A wild cluster bootstrap variant the study reports (Cameron, Gelbach and Miller 2008).
struct WildBootstrapVariant: CustomStringConvertible {
    /// Restricted (the null imposed on the bootstrap DGP, "WCR") or unrestricted ("WCU").
    enum Kind: String { case restricted, unrestricted }
    /// The auxiliary weights drawn per cluster.
    enum Weights: String { case rademacher, webb }
    let kind: Kind
    let weights: Weights

    /// Column name, e.g. `WCR-Webb`.
    var description: String {
        (kind == .restricted ? "WCR" : "WCU") + "-" + (weights == .rademacher ? "Rademacher" : "Webb")
    }

    /// The four columns of the study: restricted and unrestricted, Rademacher and Webb.
    static let studied: [WildBootstrapVariant] = [
        .init(kind: .restricted, weights: .rademacher), .init(kind: .restricted, weights: .webb),
        .init(kind: .unrestricted, weights: .rademacher), .init(kind: .unrestricted, weights: .webb),
    ]
}

/// The wild cluster bootstrap as a column of the study (nil is kept in the signature for a build without one).
///
/// The design (demeaned regressors, weights, clusters) is built once; each replication replaces its response and
/// runs `wildClusterBootstrap` with `variant`'s kind and weights, `draws` draws seeded from `seed` (the same draws
/// in every replication: the response differs), and reads the per-coefficient symmetric p-value of `b_j = 0`.
/// The intervals are skipped (`intervals: false`): the study needs only the tests. Rademacher weights with 14
/// clusters and fewer than 2^14 = 16,384 draws are random draws, not the full enumeration.
func wildBootstrapMethod(_ variant: WildBootstrapVariant, design: StudyDesign, seed: UInt64, draws: Int = 999) throws -> InferenceMethod? {
    let frame = try ModelFrame(formula: Formula(design.formula), data: design.data, panel: ModelRunner.panelStructure)
    let options = RegressionOptions(vcov: .clustered([design.cluster], .cr1), weights: design.weights)
    let fit = try regress(formula: Formula(design.formula), data: design.data, panel: ModelRunner.panelStructure, options: options)
    let clusterFactor = try design.data.factor(design.cluster)
    let weights = try design.weights.map { try design.data.numeric($0) }
    let base = try frame.design(weights: weights, weightsName: design.weights ?? "weights", required: [clusterFactor])
    let cluster = clusterFactor.selecting(rows: base.rows)
    let spec = WildBootstrapSpec(cluster: design.cluster, reps: draws,
                                 weights: variant.weights == .webb ? .webb : .rademacher,
                                 type: variant.kind == .restricted ? .restricted : .unrestricted, seed: seed)
    let terms = design.terms
    let kind = variant.kind == .restricted ? "restricted (null imposed)" : "unrestricted"
    let legend = "wild cluster bootstrap by \(design.cluster), \(kind), \(variant.weights.rawValue) weights, "
        + "\(draws) draws (seed \(seed)), symmetric p-value of the CR1 t statistic"
    return InferenceMethod(name: variant.description, legend: legend) { y in
        var d = base
        d.y = base.rows.map { y[$0] }
        let boot = try wildClusterBootstrap(design: d, terms: fit.terms, cluster: cluster, spec: spec,
                                            absorbedParameters: fit.absorbedParameters, intervals: false)
        return try terms.map { t in
            guard let b = boot.terms.first(where: { $0.name == t }) else { throw InputError(key: "term", "\(t) was not bootstrapped in a replication") }
            return b.pValue
        }
    }
}
