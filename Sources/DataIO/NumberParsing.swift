#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of parsing a number field.
public enum NumberParse: Equatable {
    /// A finite value.
    case value(Double)
    /// Not a finite number; the text says what was expected.
    case failure(String)
}

private let exactPowersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                          1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/// Parses a decimal number from ASCII bytes, correctly rounded.
///
/// Plain decimals with at most 15 significant digits and at most 22 fractional digits take a fast exact path
/// (an integer mantissa divided by an exact power of ten, Clinger's fast path); anything else (exponents,
/// long mantissas) goes to the C library's `strtod`. Surrounding spaces are allowed. NaN, infinities,
/// overflow, decimal commas and stray characters are failures, never silent values.
public func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberParse {
    var lo = 0
    var hi = bytes.count
    while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
    while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
    if lo == hi { return .failure("expected a number, the field is empty") }

    var i = lo
    var negative = false
    if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var fracDigits = 0
    var sawDot = false
    var sawDigit = false
    var fast = true
    while i < hi {
        let c = bytes[i]
        if c >= 0x30 && c <= 0x39 {
            sawDigit = true
            if mantissa == 0 && c == 0x30 && !sawDot {
                // leading zero: no significance
            } else {
                digits += 1
                if digits <= 19 { mantissa = mantissa &* 10 &+ UInt64(c - 0x30) }
            }
            if sawDot { fracDigits += 1 }
            i += 1
        } else if c == UInt8(ascii: ".") && !sawDot {
            sawDot = true
            i += 1
        } else {
            fast = false
            break
        }
    }
    if fast && sawDigit {
        if digits <= 15 && fracDigits <= 22 {
            var v = Double(mantissa)
            if fracDigits > 0 { v /= exactPowersOfTen[fracDigits] }
            return .value(negative ? -v : v)
        }
    }
    // Slow path: exponents, long mantissas. Only decimal notation is accepted (strtod would also take
    // hexadecimal floats, "nan" and "inf", which no data file means); the bytes are checked first, without
    // building a String, and copied into a stack buffer for strtod.
    let n = hi - lo
    for k in lo..<hi {
        let c = bytes[k]
        let ok = (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
        if ok { continue }
        if c == UInt8(ascii: ",") {
            return .failure("expected a number with a decimal point (a decimal comma is not read as one)")
        }
        if looksLikeNaNOrInfinity(bytes, lo, hi) {
            return .failure("expected a finite number (NaN and infinities are not accepted)")
        }
        return .failure("expected a number")
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { p -> NumberParse in
        guard let base = p.baseAddress else { return .failure("expected a number") }
        for k in 0..<n { base[k] = CChar(bitPattern: bytes[lo + k]) }
        base[n] = 0
        var endp: UnsafeMutablePointer<CChar>? = nil
        errno = 0
        let v = strtod(base, &endp)
        guard let e = endp, e - base == n else { return .failure("expected a number") }
        if errno == ERANGE && !v.isFinite { return .failure("number out of range (larger than about 1.8e308)") }
        guard v.isFinite else { return .failure("expected a finite number") }
        return .value(v)
    }
}

/// True when the bytes spell NaN or an infinity in any case (with an optional sign), for a precise message.
private func looksLikeNaNOrInfinity(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    var i = lo
    if i < hi && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
    var word: [UInt8] = []
    while i < hi && word.count < 9 { word.append(bytes[i] | 0x20); i += 1 }
    guard i == hi else { return false }
    let w = String(decoding: word, as: UTF8.self)
    return w == "nan" || w == "inf" || w == "infinity"
}

/// Parses a number from a Swift string with the same rules as CSV fields.
public func parseNumber(_ s: String) -> NumberParse {
    var s = s
    return s.withUTF8 { parseNumber($0) }
}
