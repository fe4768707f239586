/// Two texts compared as a person replicating a run would: every character outside numbers must be the same, and
/// numbers (decimal or scientific) may differ in their last digits within a relative tolerance.
///
/// Why: the same binary gives the same bytes on one machine, but OpenBLAS picks its kernels for the processor at
/// run time (AVX2, AVX-512, ...), and kernels of different widths add in different orders, so a coefficient printed
/// with 17 significant digits can differ in its last one or two digits between machines. A replication check
/// should say so rather than fail. Numbers rounded for a table (3 decimals) do not move.
public enum NumericTextComparison {
    /// How two texts compare.
    public enum Outcome: Equatable {
        /// Byte for byte the same.
        case identical
        /// The same but for numbers that agree within the tolerance; `largest` is the largest relative difference.
        case withinTolerance(largest: Double)
        /// Different: `line` (1-based) is the first line that differs beyond the tolerance.
        case different(line: Int)

        /// True when the texts agree: identical, or within the tolerance.
        public var agrees: Bool { if case .different = self { return false } else { return true } }
    }

    /// Compares `recorded` with `now`; numbers agree when |a - b| <= tolerance * max(|a|, |b|) (or both are zero).
    public static func compare(_ recorded: [UInt8], _ now: [UInt8], relativeTolerance tolerance: Double) -> Outcome {
        if recorded == now { return .identical }
        let a = lines(recorded), b = lines(now)
        guard a.count == b.count else {
            var k = 0
            while k < min(a.count, b.count), a[k] == b[k] { k += 1 }
            return .different(line: k + 1)
        }
        var largest = 0.0
        for k in 0..<a.count where a[k] != b[k] {
            guard let d = lineDifference(a[k], b[k]), d <= tolerance else { return .different(line: k + 1) }
            largest = max(largest, d)
        }
        return .withinTolerance(largest: largest)
    }

    /// The lines of `bytes` (split at "\n"; a final newline makes no empty last line).
    public static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { out.removeLast() }
        return out
    }

    /// The largest relative difference between the numbers of two lines that are the same outside their numbers;
    /// nil when the text between the numbers differs or the lines hold different counts of numbers.
    static func lineDifference(_ x: ArraySlice<UInt8>, _ y: ArraySlice<UInt8>) -> Double? {
        var i = x.startIndex, j = y.startIndex
        var largest = 0.0
        while i < x.endIndex || j < y.endIndex {
            let nx = numberEnd(x, from: i), ny = numberEnd(y, from: j)
            switch (nx, ny) {
            case (nil, nil):
                guard i < x.endIndex, j < y.endIndex, x[i] == y[j] else { return nil }
                i += 1; j += 1
            case let (ex?, ey?):
                guard let a = Double(String(decoding: x[i..<ex], as: UTF8.self)),
                      let b = Double(String(decoding: y[j..<ey], as: UTF8.self)) else { return nil }
                if a != b {
                    guard a.isFinite, b.isFinite else { return nil }
                    largest = max(largest, abs(a - b) / max(abs(a), abs(b)))
                }
                i = ex; j = ey
            default:
                return nil
            }
        }
        return largest
    }

    /// Where a number starting at `i` ends (`-`? digits, `.` digits?, exponent?), or nil when none starts there
    /// or `i` is inside a word (a letter or digit before it: `x1`, `log2`).
    static func numberEnd(_ s: ArraySlice<UInt8>, from start: Int) -> Int? {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isWordByte(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20 >= 97 && c | 0x20 <= 122) || c == 95 }
        var i = start
        guard i < s.endIndex else { return nil }
        if i > s.startIndex, isWordByte(s[i - 1]) || s[i - 1] == UInt8(ascii: ".") { return nil }
        if s[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < s.endIndex, isDigit(s[i]) { i += 1 }
        guard i > digitsStart else { return nil }
        if i < s.endIndex, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.endIndex, isDigit(s[i]) { i += 1 }
        }
        if i < s.endIndex, s[i] | 0x20 == UInt8(ascii: "e") {
            var k = i + 1
            if k < s.endIndex, s[k] == UInt8(ascii: "-") || s[k] == UInt8(ascii: "+") { k += 1 }
            let expStart = k
            while k < s.endIndex, isDigit(s[k]) { k += 1 }
            if k > expStart { i = k }
        }
        return i
    }
}
