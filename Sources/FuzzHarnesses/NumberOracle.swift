import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number harness's oracle: `parseNumber` must accept exactly the decimal texts that the C library's `strtod`
/// reads whole to a finite value, and give the same double bit for bit (its fast paths, Clinger's and
/// Eisel-Lemire's, against the correctly rounded reference).
enum NumberOracle {
    /// Checks `bytes`; throws the `InputError` of a rejected text, a `FuzzFinding` on disagreement.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        try checkPlainRow(bytes)
        let ours = parseNumber(bytes)
        let reference = strtodReference(bytes)
        switch (ours, reference) {
        case (.value(let a), .some(let b)):
            if a.bitPattern != b.bitPattern {
                throw FuzzFinding(description: "parseNumber gives \(a), strtod \(b) for '\(String(decoding: bytes, as: UTF8.self))'")
            }
        case (.failure(let message), nil):
            throw InputError(key: "number", message)
        case (.value(let a), nil):
            throw FuzzFinding(description: "parseNumber accepts '\(String(decoding: bytes, as: UTF8.self))' as \(a), which strtod does not read")
        case (.failure(let message), .some(let b)):
            throw FuzzFinding(description: "parseNumber refuses '\(String(decoding: bytes, as: UTF8.self))' (\(message)), strtod reads \(b)")
        }
    }

    /// The fused row parser of the parallel CSV reader (`parsePlainNumberRow`) on the bytes as a one-field row:
    /// when it accepts a row (the bytes up to their first line end), its number is `parseNumber`'s for that field.
    static func checkPlainRow(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var row = Array(bytes)
        row.append(0x0A)
        var cell = Double.nan
        let next = row.withUnsafeBufferPointer { r in
            r.baseAddress.flatMap { parsePlainNumberRow($0, from: 0, to: r.count, delimiter: UInt8(ascii: ","), count: 1, into: &cell) }
        }
        guard let next else { return }
        let fieldEnd = next >= 2 && row[next - 2] == 0x0D ? next - 2 : next - 1
        let field = row[0..<fieldEnd].withUnsafeBufferPointer { parseNumber($0) }
        guard case .value(let v) = field, v.bitPattern == cell.bitPattern else {
            throw FuzzFinding(description: "parsePlainNumberRow reads \(cell) from '\(String(decoding: row[0..<fieldEnd], as: UTF8.self))', parseNumber \(field)")
        }
    }

    /// The value `strtod` reads from the text without surrounding spaces and tabs, when the text is made of
    /// digits, '.', 'e', 'E', '+', '-' only, is read whole and is finite; nil otherwise.
    static func strtodReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lo = 0, hi = bytes.count
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        guard lo < hi else { return nil }
        var text: [CChar] = []
        text.reserveCapacity(hi - lo + 1)
        for k in lo..<hi {
            let c = bytes[k]
            guard (c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x65 || c == 0x45 || c == 0x2b || c == 0x2d else { return nil }
            text.append(CChar(bitPattern: c))
        }
        text.append(0)
        return text.withUnsafeBufferPointer { p -> Double? in
            guard let base = p.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(base, &end)
            guard let e = end, e - UnsafeMutablePointer(mutating: base) == hi - lo, v.isFinite else { return nil }
            return v
        }
    }
}
