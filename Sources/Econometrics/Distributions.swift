#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized incomplete beta function `I_x(a, b)`, by the continued fraction of Numerical Recipes
/// (modified Lentz), using the symmetry `I_x(a,b) = 1 - I_{1-x}(b,a)` where the fraction converges faster.
/// Returns NaN for arguments outside `a, b > 0`, `0 <= x <= 1`.
public func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    guard a > 0, b > 0, x >= 0, x <= 1, x.isFinite else { return .nan }
    if x == 0 { return 0 }
    if x == 1 { return 1 }
    let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
        return exp(lnFront) * betaContinuedFraction(x, a, b) / a
    }
    return 1 - exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b
}

/// The continued fraction for the incomplete beta function (Numerical Recipes `betacf`), to relative 1e-15.
func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    let eps = 1e-15
    let qab = a + b, qap = a + 1, qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
        let dm = Double(m), m2 = 2 * dm
        var aa = dm * (b - dm) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let del = d * c
        h *= del
        if abs(del - 1) < eps { break }
    }
    return h
}

/// Two-sided p-value of a t statistic with `df` degrees of freedom: `P(|T| > |t|)`; with `df` infinite, the
/// standard normal's (the asymptotic z tests of GMM, whose `ModelRecord` terms carry infinite degrees of freedom).
public func studentTwoSidedPValue(_ t: Double, df: Double) -> Double {
    guard t.isFinite, df > 0 else { return t.isInfinite && df > 0 ? 0 : .nan }
    if df.isInfinite { return normalTwoSidedPValue(t) }
    return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/// Upper-tail p-value of an F statistic with `(d1, d2)` degrees of freedom: `P(F > f)`.
public func fUpperTailPValue(_ f: Double, d1: Double, d2: Double) -> Double {
    guard f.isFinite, d1 > 0, d2 > 0 else { return .nan }
    if f <= 0 { return 1 }
    return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2)
}
