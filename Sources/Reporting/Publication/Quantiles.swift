#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Econometrics

/// Critical values for confidence intervals.
public enum CriticalValue {
    /// The two-sided critical value of Student's t for confidence `level` (e.g. 0.95) and `df` degrees of
    /// freedom; the normal quantile when `df` is infinite. Found by bisection on the p-value functions, to
    /// about 1e-12. Nil when `level` is not in (0, 1) or `df` is not positive.
    public static func t(level: Double, df: Double) -> Double? {
        guard level > 0, level < 1, df > 0, !df.isNaN else { return nil }
        let alpha = 1 - level
        func p(_ x: Double) -> Double {
            df.isInfinite || df > 1e7 ? erfc(x / 2.0.squareRoot()) : studentTwoSidedPValue(x, df: df)
        }
        var lo = 0.0, hi = 1.0
        while p(hi) > alpha && hi < 1e12 { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if p(mid) > alpha { lo = mid } else { hi = mid }
            if hi - lo < 1e-13 * max(1, hi) { break }
        }
        return (lo + hi) / 2
    }
}
