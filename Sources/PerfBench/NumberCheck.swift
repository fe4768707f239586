import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// `offshore-perf numbers`: the shared number parser against `strtod`, bit for bit, on `count` random
/// 17-significant-digit decimals (plain, as pandas writes most values, and in scientific notation over the whole
/// normal range), then the throughput of both on the same strings.
enum NumberCheck {
    /// Returns the number of mismatches (0 expected).
    static func run(count: Int, seed: UInt64) -> Int {
        var rng = SplitMix64(seed: seed)
        // All strings in one byte buffer, with their bounds.
        var bytes: [UInt8] = []
        var bounds: [Int] = [0]
        bytes.reserveCapacity(count * 24)
        for k in 0..<count {
            var digits = [UInt8](repeating: 0, count: 17)
            digits[0] = UInt8(ascii: "1") + UInt8(rng.next() % 9)
            for d in 1..<17 { digits[d] = UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            if rng.next() % 2 == 0 { bytes.append(UInt8(ascii: "-")) }
            if k % 4 == 3 {
                // d.dddddddddddddddde±XXX
                bytes.append(digits[0]); bytes.append(UInt8(ascii: ".")); bytes.append(contentsOf: digits[1...])
                bytes.append(UInt8(ascii: "e"))
                bytes.append(contentsOf: Array(String(Int(rng.next() % 610) - 305).utf8))
            } else {
                let point = Int(rng.next() % 18)  // 0: 0.000ddd, else after `point` digits
                if point == 0 {
                    bytes.append(contentsOf: Array("0.".utf8))
                    for _ in 0..<Int(rng.next() % 5) { bytes.append(UInt8(ascii: "0")) }
                    bytes.append(contentsOf: digits)
                } else {
                    bytes.append(contentsOf: digits[0..<point])
                    if point < 17 { bytes.append(UInt8(ascii: ".")); bytes.append(contentsOf: digits[point...]) }
                }
            }
            bounds.append(bytes.count)
        }
        var mismatches = 0
        var ours = [Double](repeating: 0, count: count)
        var theirs = [Double](repeating: 0, count: count)
        let (_, tOurs, _) = Clock.timed {
            bytes.withUnsafeBufferPointer { all in
                for k in 0..<count {
                    let field = UnsafeBufferPointer(rebasing: all[bounds[k]..<bounds[k + 1]])
                    if case .value(let v) = parseNumber(field) { ours[k] = v } else { ours[k] = .nan }
                }
            }
        }
        let (_, tStrtod, _) = Clock.timed {
            var cbuf = [CChar](repeating: 0, count: 64)
            for k in 0..<count {
                let n = bounds[k + 1] - bounds[k]
                for i in 0..<n { cbuf[i] = CChar(bitPattern: bytes[bounds[k] + i]) }
                cbuf[n] = 0
                theirs[k] = strtod(cbuf, nil)
            }
        }
        for k in 0..<count where ours[k].bitPattern != theirs[k].bitPattern {
            // Subnormals and overflow are failures or strtod's own answer; only finite normal values compare.
            if !theirs[k].isFinite && ours[k].isNaN { continue }
            mismatches += 1
            if mismatches <= 10 {
                let s = String(decoding: bytes[bounds[k]..<bounds[k + 1]], as: UTF8.self)
                printError("mismatch: \(s): parseNumber \(ours[k]) strtod \(theirs[k])")
            }
        }
        let mb = Double(bytes.count) / 1e6
        print("numbers: \(count) random 17-digit decimals (\(fmt(mb, 1)) MB), mismatches against strtod: \(mismatches)")
        print("  parseNumber: \(fmt(tOurs)) s, \(fmt(Double(count) / tOurs / 1e6, 1)) M numbers/s, \(fmt(mb / tOurs, 0)) MB/s")
        print("  strtod:      \(fmt(tStrtod)) s, \(fmt(Double(count) / tStrtod / 1e6, 1)) M numbers/s, \(fmt(mb / tStrtod, 0)) MB/s")
        print("  speed-up: \(fmt(tStrtod / tOurs, 2))x")
        return mismatches
    }
}
