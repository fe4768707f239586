import DataIO
import Foundation

/// The size study's draws from the shared generator: uniforms in the open interval and normals.
extension SplitMix64 {
    /// A uniform draw in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// A standard normal draw (Box-Muller, one of the pair).
    mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// How the simulated errors are drawn.
enum ErrorDesign: String, CaseIterable {
    /// Independent standard normal errors.
    case iid
    /// Normal errors with variance proportional to 1 / weight: the variance the weighted model assumes
    /// (analytic weights are inverse variances), so that weighted least squares is the efficient estimator.
    case weighted = "variance 1/weight"

    /// One response: an error per row.
    func draw(rows: Int, weights: [Double], rng: inout SplitMix64) -> [Double] {
        (0..<rows).map { i in
            let z = rng.normal()
            switch self {
            case .iid: return z
            case .weighted: return z / weights[i].squareRoot()
            }
        }
    }
}

/// Rejections at the nominal level per method and coefficient over the replications of one error design.
struct RejectionCounts {
    var rejections: [[Int]]
    var replications = 0
    var failures = 0

    init(methods: Int, terms: Int) {
        rejections = Array(repeating: Array(repeating: 0, count: terms), count: methods)
    }

    /// The rejection rate of method `m` for coefficient `j`.
    func rate(_ m: Int, _ j: Int) -> Double { Double(rejections[m][j]) / Double(max(1, replications)) }

    /// The mean rate of method `m` over the coefficients.
    func meanRate(_ m: Int) -> Double {
        let terms = rejections[m].count
        return (0..<terms).reduce(0) { $0 + rate(m, $1) } / Double(max(1, terms))
    }
}
