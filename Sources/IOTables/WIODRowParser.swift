import DataIO

/// The hot loop of the WIOD reader: the numbers of one data row, written into the table's arrays.
///
/// A world table is about 80 % bare `0` cells and otherwise short integers, so the row is parsed in one pass
/// over its bytes: plain decimals (an optional `-`, at most 15 significant digits, an optional `.`) are
/// converted inline, exactly as `parseNumber`'s fast path does (an integer mantissa divided by an exact power
/// of ten, which is correctly rounded). Any other field (quoted, exponent, empty, text) goes to
/// `CSVRow.double`, which parses it with the shared rules or throws the `InputError` naming line and column.
///
/// The one-pass path relies on the row's fields lying in order in the reader's buffer (CSVRow is a view of
/// it); it checks this (the last field starts where the separators say) and otherwise parses field by field.
enum WIODRowParser {
    /// Parses fields 1..<count of `row`: the first `n` into `z[zOffset...]`, the next `f` into `y[yOffset...]`,
    /// the last returned as output. Returns the row's sum of intermediate and final use, its output, the
    /// number of negative intermediate cells, and a bound on the magnitude of its fields: at most
    /// `TableMagnitudes.fastPathBound` (1e15) when every field took the fast path (at most 15 digits), else the
    /// largest absolute value of the row (so that a reader sums exactly only rows that hold large numbers).
    static func parse(_ row: borrowing CSVRow, n: Int, f: Int, z: UnsafeMutableBufferPointer<Double>, zOffset: Int,
                      y: UnsafeMutableBufferPointer<Double>, yOffset: Int) throws
        -> (sum: Double, output: Double, negatives: Int, largest: Double) {
        precondition(zOffset + n <= z.count && yOffset + f <= y.count && row.count == n + f + 2)
        let count = row.count
        let first = row.withBytes(1) { $0.baseAddress }
        let last = row.withBytes(count - 1) { (b: UnsafeBufferPointer<UInt8>) -> UnsafePointer<UInt8>? in
            b.baseAddress.map { $0 + b.count }
        }
        var sum = 0.0
        var output = 0.0
        var negatives = 0
        if let first, let last, last >= first {
            var p = first
            var field = 1
            var ok = true
            let comma = UInt8(ascii: ",")
            while field < count {
                // The commonest field by far: a bare 0 (no effect on the sum or the count of negatives).
                if p < last && p.pointee == 0x30 && (p + 1 == last || p[1] == comma) {
                    if field <= n {
                        z[zOffset + field - 1] = 0
                    } else if field <= n + f {
                        y[yOffset + field - 1 - n] = 0
                    } else {
                        output = 0
                    }
                    p += 1
                    let atEnd = p == last
                    guard atEnd == (field == count - 1) else { ok = false; break }
                    if !atEnd { p += 1 }
                    field += 1
                    continue
                }
                // One field: [-]digits[.digits], ended by ',' or the row's end.
                var negative = false
                if p < last && p.pointee == UInt8(ascii: "-") { negative = true; p += 1 }
                var mantissa: UInt64 = 0
                var digits = 0
                var frac = 0
                var dot = false
                var any = false
                while p < last {
                    let c = p.pointee
                    if c >= 0x30 && c <= 0x39 {
                        any = true
                        if mantissa != 0 || c != 0x30 { digits += 1 }
                        mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
                        if dot { frac += 1 }
                    } else if c == UInt8(ascii: ".") && !dot {
                        dot = true
                    } else {
                        break
                    }
                    p += 1
                }
                let atEnd = p == last
                guard any, digits <= 15, frac <= 22, atEnd || p.pointee == UInt8(ascii: ","),
                      atEnd == (field == count - 1) else { ok = false; break }
                var v = Double(mantissa)
                if frac > 0 { v /= powersOfTen[frac] }
                if negative { v = -v }
                if field <= n {
                    z[zOffset + field - 1] = v
                    sum += v
                    if v < 0 { negatives += 1 }
                } else if field <= n + f {
                    y[yOffset + field - 1 - n] = v
                    sum += v
                } else {
                    output = v
                }
                if !atEnd { p += 1 }
                field += 1
            }
            if ok { return (sum, output, negatives, TableMagnitudes.fastPathBound) }
        }
        // Field by field, with the shared parser's rules and error messages.
        sum = 0
        negatives = 0
        var largest = 0.0
        for c in 0..<n {
            let v = try row.double(c + 1)
            z[zOffset + c] = v
            sum += v
            largest = max(largest, abs(v))
            if v < 0 { negatives += 1 }
        }
        for c in 0..<f {
            let v = try row.double(n + 1 + c)
            y[yOffset + c] = v
            sum += v
            largest = max(largest, abs(v))
        }
        output = try row.double(count - 1)
        largest = max(largest, abs(output))
        return (sum, output, negatives, largest)
    }

    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]
}
