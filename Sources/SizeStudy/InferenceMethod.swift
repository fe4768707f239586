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

/// The wild cluster bootstrap as a column of the study, or nil when this build has no bootstrap to run.
///
/// This is the one place the bootstrap plugs in: return an `InferenceMethod` whose `pValues` runs the
/// bootstrap of `design.formula` (weights `design.weights`, clusters `design.cluster`) on the simulated
/// response, with `variant`'s kind and weights, for every coefficient of `design.terms` (the per-coefficient
/// symmetric p-value), seeded from `seed` (distinct per replication is not needed: the response differs). The
/// study then reports its rejection rates beside the analytic ones; while this returns nil its columns read
/// "n/a".
func wildBootstrapMethod(_ variant: WildBootstrapVariant, design: StudyDesign, seed: UInt64) throws -> InferenceMethod? {
    nil
}
