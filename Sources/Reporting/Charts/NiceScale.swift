#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Axis ticks at "nice" steps (1, 2 or 5 times a power of ten) covering a data range: Heckbert's algorithm
/// (Graphics Gems, 1990). Tick values are integer multiples of the step, so they print without drift.
public struct NiceScale: Equatable {
    /// Lower end of the axis (the first tick).
    public let lower: Double
    /// Upper end of the axis (the last tick).
    public let upper: Double
    /// Distance between ticks.
    public let step: Double
    /// Decimals needed to print the ticks.
    public let decimals: Int
    /// The tick values, from `lower` to `upper`.
    public let ticks: [Double]

    /// A scale covering `min...max` with about `targetTicks` ticks. A degenerate range is widened around
    /// its value (and zero is included when `includeZero`).
    public init(min a: Double, max b: Double, targetTicks: Int = 5, includeZero: Bool = false) {
        var lo = Swift.min(a, b), hi = Swift.max(a, b)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if includeZero { lo = Swift.min(lo, 0); hi = Swift.max(hi, 0) }
        if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        // Ranges a double cannot span in ticks (overflowing, or beyond a thousand steps) get just their two ends.
        guard (hi - lo).isFinite else {
            self.lower = lo; self.upper = hi; self.step = .infinity; self.decimals = 0; self.ticks = [lo, hi]
            return
        }
        let range = NiceScale.nice(hi - lo, round: false)
        let step = NiceScale.nice(range / Double(Swift.max(targetTicks - 1, 1)), round: true)
        let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
        guard last - first <= 1000, step > 0 else {
            self.lower = lo; self.upper = hi; self.step = hi - lo; self.decimals = 0; self.ticks = [lo, hi]
            return
        }
        let n = Int(last - first)
        // k * step computed as k * mantissa / 10^-e (an exact power of ten), so 23 * 0.2 prints as 4.6.
        let e = Int(log10(step).rounded(.down))
        let mantissa = (step / pow(10, Double(e))).rounded()
        self.step = step
        self.ticks = (0...Swift.max(n, 1)).map { i in
            let k = first + Double(i)
            return e < 0 ? k * mantissa / pow(10, Double(-e)) : k * mantissa * pow(10, Double(e))
        }
        self.lower = ticks.first ?? lo
        self.upper = ticks.last ?? hi
        self.decimals = Swift.max(0, -Int(log10(step).rounded(.down)))
    }

    /// A nice number near `x`: 1, 2, 5 or 10 times a power of ten, rounded to the nearest when `round`,
    /// else the smallest not below `x`.
    public static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let e = log10(x).rounded(.down)
        let p = pow(10, e)
        let f = x / p
        let nf: Double
        if round {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
        }
        return nf * p
    }
}
