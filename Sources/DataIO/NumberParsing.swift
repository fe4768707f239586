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
/// Plain decimals (optionally with an exponent) whose significand has at most 19 digits are converted without the
/// C library: with at most 15 digits and a power of ten up to 10^22, by Clinger's exact fast path (an integer
/// mantissa multiplied or divided by an exact power of ten); otherwise by the Eisel-Lemire algorithm (a 64 x 128
/// bit product with a table of powers of five), which covers the 16-17 digit numbers that pandas and R write.
/// When Eisel-Lemire cannot decide the rounding, or for longer significands, subnormals, overflow and anything
/// unusual, the C library's `strtod` decides. Surrounding spaces are allowed. NaN, infinities, overflow,
/// decimal commas and stray characters are failures, never silent values.
public func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberParse {
    var lo = 0
    var hi = bytes.count
    while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
    while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
    if lo == hi { return .failure("expected a number, the field is empty") }
    if let v = parseDecimalFast(bytes, lo, hi) { return .value(v) }
    // Slow path: long significands, subnormals, overflow, malformed text. Only decimal notation is accepted (strtod would also take
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

/// The fast paths of `parseNumber` on the trimmed bytes `lo..<hi`: the value when the text is a well-formed
/// decimal (sign, digits with at most one point, optional exponent) that Clinger's path or Eisel-Lemire converts
/// with certainty, nil otherwise (then `strtod` and the error messages decide).
@inline(__always)
private func parseDecimalFast(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Double? {
    guard let base = bytes.baseAddress, let r = parseDecimalPrefix(base, lo, hi), r.end == hi else { return nil }
    return r.value
}

/// The longest well-formed decimal (sign, digits with at most one point, optional exponent with at least one
/// digit) at the start of `p[lo..<hi]` and the index just past it, when the fast paths of `parseNumber` convert
/// it with certainty; nil when there is none or it needs `strtod`. For the bytes `lo..<end` the value is
/// exactly what `parseNumber` gives (its fast paths are this function with `end == hi`), so a reader that finds
/// a field's end here (the byte at `end` is the delimiter or a line end) parses the field in the same pass.
@inline(__always)
public func parseDecimalPrefix(_ base: UnsafePointer<UInt8>, _ lo: Int, _ hi: Int) -> (value: Double, end: Int)? {
    var i = lo
    guard i < hi else { return nil }
    var negative = false
    let first = base[i]
    if first == UInt8(ascii: "-") { negative = true; i += 1 } else if first == UInt8(ascii: "+") { i += 1 }
    // Significand: eight digits at a time where possible (SWAR), then one by one; digits are counted with any
    // leading zeros, which add nothing to w.
    var w: UInt64 = 0
    let digitsStart = i
    i = accumulateDigits(base, i, hi, &w)
    var digitCount = i - digitsStart
    var fracDigits = 0
    var mantissaEnd = i
    if i < hi && base[i] == UInt8(ascii: ".") {
        let fracStart = i + 1
        i = accumulateDigits(base, fracStart, hi, &w)
        fracDigits = i - fracStart
        digitCount += fracDigits
        mantissaEnd = i
    }
    guard digitCount > 0 else { return nil }
    var exponent = 0
    if i < hi && (base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E")) {
        i += 1
        var expNegative = false
        if i < hi && (base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+")) {
            expNegative = base[i] == UInt8(ascii: "-")
            i += 1
        }
        let expStart = i
        while i < hi {
            let c = base[i] &- 0x30
            if c >= 10 { break }
            if exponent < 100_000 { exponent = exponent * 10 + Int(c) }
            i += 1
        }
        guard i > expStart else { return nil }
        if expNegative { exponent = -exponent }
    }
    if digitCount > 19 {
        // Too long for w unless the extra digits are leading zeros (0.000...): count the significant ones.
        var k = digitsStart
        while k < mantissaEnd && (base[k] == UInt8(ascii: "0") || base[k] == UInt8(ascii: ".")) { k += 1 }
        var significant = 0
        while k < mantissaEnd { if base[k] != UInt8(ascii: ".") { significant += 1 }; k += 1 }
        if significant > 19 { return nil }
    }
    if w == 0 { return (negative ? -0.0 : 0.0, i) }
    let q = exponent - fracDigits
    // Clinger: w and 10^|q| are exact doubles, so one multiplication or division rounds correctly.
    if w <= 1 << 53 && q >= -22 && q <= 22 {
        var v = Double(w)
        if q < 0 { v /= exactPowersOfTen[-q] } else if q > 0 { v *= exactPowersOfTen[q] }
        return (negative ? -v : v, i)
    }
    guard let bits = eiselLemire(w: w, q: q) else { return nil }
    let v = Double(bitPattern: bits)
    return (negative ? -v : v, i)
}

/// Appends the decimal digits from `i` on to `w` (wrapping: the caller checks the count) and returns the index
/// of the first non-digit. Eight digits are checked and converted at once when eight bytes remain (the SWAR
/// method of Lemire's fast_float: a few multiplications instead of eight steps).
@inline(__always)
private func accumulateDigits(_ p: UnsafePointer<UInt8>, _ start: Int, _ hi: Int, _ w: inout UInt64) -> Int {
    var i = start
    while i + 8 <= hi {
        let chunk = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        // All eight bytes in '0'...'9'?
        guard ((chunk &+ 0x4646_4646_4646_4646) | (chunk &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else { break }
        var v = chunk &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
            &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
        w = w &* 100_000_000 &+ (v & 0xFFFF_FFFF)
        i += 8
    }
    while i < hi {
        let c = p[i] &- 0x30
        guard c < 10 else { break }
        w = w &* 10 &+ UInt64(c)
        i += 1
    }
    return i
}

/// The Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per second", Software: Practice and
/// Experience 51(8), 2021): the bits of the double nearest to `w * 10^q` (w > 0, at most 19 digits), or nil
/// when the truncated product cannot settle the rounding or the result is zero, subnormal or infinite (the
/// caller then asks `strtod`).
@inline(__always)
func eiselLemire(w: UInt64, q: Int) -> UInt64? {
    guard w != 0, q >= smallestPowerOfFive, q <= largestPowerOfFive else { return nil }
    let lz = w.leadingZeroBitCount
    let wn = w << UInt64(lz)
    let index = 2 * (q - smallestPowerOfFive)
    // 64 x 128-bit product, truncated; the second word only when the first leaves the 55 bits in doubt.
    var (high, low) = wn.multipliedFullWidth(by: powersOfFive128[index])
    let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> 55
    if high & precisionMask == precisionMask {
        let second = wn.multipliedFullWidth(by: powersOfFive128[index + 1])
        let (sum, carry) = low.addingReportingOverflow(second.high)
        low = sum
        if carry { high &+= 1 }
        // The paper's fallback: the product is still ambiguous.
        if low == 0xFFFF_FFFF_FFFF_FFFF && (q < -27 || q > 55) { return nil }
    }
    let upperBit = Int(high >> 63)
    let shift = UInt64(upperBit + 64 - 52 - 3)
    var mantissa = high >> shift
    // floor(q * log2(10)) + 63, exact for |q| <= 1000 (152170 + 65536 = 2^16 log2(10)).
    let power2 = ((217706 * q) >> 16) + 63 + upperBit - lz + 1023
    guard power2 > 0 else { return nil }  // subnormal or zero: strtod
    // Exactly halfway between two doubles (only possible for small |q|): round to even.
    if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && (mantissa << shift) == high {
        mantissa &= ~UInt64(1)
    }
    mantissa += mantissa & 1
    mantissa >>= 1
    var exponent2 = power2
    if mantissa >= (2 as UInt64) << 52 {
        mantissa = 1 << 52
        exponent2 += 1
    }
    mantissa &= ~(UInt64(1) << 52)
    guard exponent2 < 0x7FF else { return nil }  // overflow: strtod reports it
    return mantissa | (UInt64(exponent2) << 52)
}

/// A row of `count` plain numbers parsed straight from `p[from..<to]` into `cells` in one pass (the pass that
/// finds the fields also converts them): the index just past the row's line end (LF or CRLF; `to` for a last
/// row without one), or nil when the row is anything else, for the caller to scan field by field: a quote, a
/// space, an empty field or a missing-value marker, text, a number that needs `strtod`, a bare CR, or another
/// number of fields. For a row it accepts, the fields are those a CSV scan finds and each number is exactly
/// what `parseNumber` gives for its field. `delimiter` must not be a character of a number (a digit, `.`,
/// `+`, `-`, `e`, `E`): see `isPlainNumberDelimiter`.
public func parsePlainNumberRow(_ p: UnsafePointer<UInt8>, from: Int, to: Int, delimiter: UInt8, count: Int,
                                into cells: UnsafeMutablePointer<Double>) -> Int? {
    var i = from
    var j = 0
    while j < count {
        guard let r = parseDecimalPrefix(p, i, to) else { return nil }
        cells[j] = r.value
        i = r.end
        j += 1
        if j < count {
            guard i < to, p[i] == delimiter else { return nil }
            i += 1
        } else {
            if i == to { return i }
            if p[i] == 0x0A { return i + 1 }
            if p[i] == 0x0D && i + 1 < to && p[i + 1] == 0x0A { return i + 2 }
            return nil
        }
    }
    return nil
}

/// True when `d` can separate the fields of `parsePlainNumberRow`: not a character a number is written with.
public func isPlainNumberDelimiter(_ d: UInt8) -> Bool {
    !((d >= 0x30 && d <= 0x39) || d == UInt8(ascii: ".") || d == UInt8(ascii: "+") || d == UInt8(ascii: "-")
      || d == UInt8(ascii: "e") || d == UInt8(ascii: "E") || d == 0x0A || d == 0x0D || d == UInt8(ascii: "\""))
}
