// A seeded synthetic table of the OECD ICIO's shape, and the parse benchmark on it (`offshore-bench --icio`).
import DataIO
import IOTables
import Offshoring
#if canImport(Glibc)
import Glibc
#endif

/// A small, fast, seeded random generator (SplitMix64), so that the synthetic table is the same on every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes an ICIO-shaped CSV: `regions` (the last four are CN1, CN2, MX1, MX2, summed on reading) x `industries`,
/// six final-demand categories, OUT, and the trailing TLS, VA, OUT rows. About a third of the cells are zero;
/// the rest have three decimals, as the OECD files do. Returns the bytes written.
func writeSyntheticICIO(path: String, regions nR: Int, industries nI: Int, seed: UInt64) throws -> Int {
    guard let f = fopen(path, "w") else { throw InputError(file: path, "cannot create the synthetic table") }
    defer { fclose(f) }
    var names = (0..<(nR - 4)).map { k -> String in
        let a = UInt8(65 + k / 676 % 26), b = UInt8(65 + k / 26 % 26), c = UInt8(65 + k % 26)
        return String(decoding: [a, b, c], as: UTF8.self)
    }
    names += ["CN1", "CN2", "MX1", "MX2"]
    let industries = (0..<nI).map { "D\($0 + 1)" }
    let cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 22)
    var written = 0
    func flush() {
        buf.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, f) }
        written += buf.count
        buf.removeAll(keepingCapacity: true)
    }
    buf.append(contentsOf: "V1".utf8)
    for r in names { for i in industries { buf.append(contentsOf: ",\(r)_\(i)".utf8) } }
    for r in names { for c in cats { buf.append(contentsOf: ",\(r)_\(c)".utf8) } }
    buf.append(contentsOf: ",OUT\n".utf8)
    var rng = SplitMix64(state: seed)
    let n = nR * nI, width = n + nR * cats.count + 1
    func cell() {
        let x = rng.next()
        if x % 3 == 0 { buf.append(44); buf.append(48); return }
        // 0.001 .. 9999.999, three decimals.
        let v = (x >> 8) % 10_000_000
        let whole = v / 1000, frac = v % 1000
        buf.append(44)
        TableWriter.appendNumber(Double(whole), to: &buf)
        buf.append(46)
        buf.append(UInt8(48 + frac / 100)); buf.append(UInt8(48 + frac / 10 % 10)); buf.append(UInt8(48 + frac % 10))
    }
    for r in names {
        for i in industries {
            buf.append(contentsOf: "\(r)_\(i)".utf8)
            for _ in 0..<width { cell() }
            buf.append(10)
            if buf.count > 1 << 21 { flush() }
        }
    }
    for t in ["TLS", "VA", "OUT"] {
        buf.append(contentsOf: t.utf8)
        for _ in 0..<width { cell() }
        buf.append(10)
    }
    flush()
    return written
}

/// Peak resident memory of the process so far, in MB (getrusage's ru_maxrss, kilobytes on Linux).
func peakMemoryMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// `offshore-bench --icio [--regions R] [--industries I] [--repeat N]`: generates the table (seeded), then reads it
/// with the streaming ICIO reader and reports MB/s, cells/s and peak memory against the size of the parsed numbers.
func icioBenchmark(regions: Int, industries: Int, repeats: Int) throws {
    let path = "/tmp/offshore-bench-icio-\(getpid())_2020.csv"
    defer { unlink(path) }
    let t0 = now()
    let bytes = try writeSyntheticICIO(path: path, regions: regions, industries: industries, seed: 20_240_607)
    let rows = regions * industries + 3
    let columns = regions * industries + regions * 6 + 1
    let cells = rows * columns
    print("offshore-bench --icio: synthetic ICIO-shaped table, \(regions) regions (CN1/CN2/MX1/MX2 among them) x \(industries) industries: "
          + "\(rows) rows x \(columns) columns, \(cells) cells, \(fmt(Double(bytes) / 1e6, 1)) MB of CSV (written in \(fmt(now() - t0, 1)) s, seed 20240607)")
    let before = peakMemoryMB()
    var best = Double.infinity, bestCPU = Double.infinity
    var merged = 0, parsedMB = 0.0
    for _ in 0..<repeats {
        let w = now(), c = cpu()
        let (t, _) = try ICIOReader.read(path: path)
        best = min(best, now() - w)
        bestCPU = min(bestCPU, cpu() - c)
        merged = t.regions.count
        parsedMB = Double((t.intermediate.count + t.finalDemand.count + t.output.count) * 8) / 1e6
    }
    let after = peakMemoryMB()
    print("  read: \(fmt(best)) s wall (\(fmt(bestCPU)) s CPU), \(fmt(Double(bytes) / 1e6 / best, 0)) MB/s, "
          + "\(fmt(Double(cells) / best / 1e6, 1)) M cells/s; \(merged) regions after merging the split ones")
    print("  memory: parsed numbers \(fmt(parsedMB, 0)) MB; peak resident \(fmt(after, 0)) MB (\(fmt(before, 0)) MB before reading); "
          + "the CSV text is \(fmt(Double(bytes) / 1e6, 0)) MB and is never held whole")
}

/// Writes a FIGARO-shaped flat CSV (`refArea,rowIi,counterpartArea,colIi,obsValue`): output rows `P1` first, then
/// every non-zero cell (about two thirds) of `regions` x `industries` rows by the intermediate and five final-demand
/// columns per region, and one `W2` value-added row per column. Returns the bytes written.
func writeSyntheticFIGARO(path: String, regions nR: Int, industries nI: Int, seed: UInt64) throws -> (bytes: Int, lines: Int) {
    guard let f = fopen(path, "w") else { throw InputError(file: path, "cannot create the synthetic table") }
    defer { fclose(f) }
    let names = (0..<nR).map { k -> String in
        let a = UInt8(65 + k / 26 % 26), b = UInt8(65 + k % 26)
        return String(decoding: [a, b], as: UTF8.self)
    }
    let industries = (0..<nI).map { "N\($0 + 1)" }
    let cats = ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"]
    var buf: [UInt8] = Array("refArea,rowIi,counterpartArea,colIi,obsValue\n".utf8)
    var written = 0, lines = 1
    func flush() {
        buf.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, f) }
        written += buf.count
        buf.removeAll(keepingCapacity: true)
    }
    var rng = SplitMix64(state: seed)
    func value() {
        let v = (rng.next() >> 8) % 10_000_000
        TableWriter.appendNumber(Double(v / 1000), to: &buf)
        let frac = v % 1000
        buf.append(46); buf.append(UInt8(48 + frac / 100)); buf.append(UInt8(48 + frac / 10 % 10)); buf.append(UInt8(48 + frac % 10))
        buf.append(10)
        lines += 1
    }
    for r in names { for i in industries { buf.append(contentsOf: "\(r),P1,\(r),\(i),".utf8); value() } }
    for r in names {
        for i in industries {
            let head = Array("\(r),\(i),".utf8)
            for s in names {
                for j in industries where rng.next() % 3 != 0 {
                    buf.append(contentsOf: head); buf.append(contentsOf: "\(s),\(j),".utf8); value()
                }
                for c in cats { buf.append(contentsOf: head); buf.append(contentsOf: "\(s),\(c),".utf8); value() }
            }
            if buf.count > 1 << 21 { flush() }
        }
    }
    for s in names { for j in industries { buf.append(contentsOf: "W2,B2A3G,\(s),\(j),".utf8); value() } }
    flush()
    return (written, lines)
}

/// `offshore-bench --figaro [--regions R] [--industries I]`: the FIGARO flat reader on a seeded synthetic table.
/// Run it as its own process: peak memory is a high-water mark.
func figaroBenchmark(regions: Int, industries: Int, repeats: Int) throws {
    let path = "/tmp/offshore-bench-figaro-\(getpid())_2020.csv"
    defer { unlink(path) }
    let (bytes, lines) = try writeSyntheticFIGARO(path: path, regions: regions, industries: industries, seed: 20_240_607)
    let n = regions * industries
    print("offshore-bench --figaro: synthetic FIGARO flat table, \(regions) regions x \(industries) industries (\(n) x \(n) intermediate block), "
          + "\(lines) lines, \(fmt(Double(bytes) / 1e6, 1)) MB of CSV (seed 20240607)")
    let before = peakMemoryMB()
    var best = Double.infinity, bestCPU = Double.infinity, parsedMB = 0.0
    for _ in 0..<repeats {
        let w = now(), c = cpu()
        let (t, _) = try FIGAROReader.read(path: path)
        best = min(best, now() - w)
        bestCPU = min(bestCPU, cpu() - c)
        parsedMB = Double((t.flows.count + (t.output?.count ?? 0)) * 8) / 1e6
    }
    print("  read: \(fmt(best)) s wall (\(fmt(bestCPU)) s CPU), \(fmt(Double(bytes) / 1e6 / best, 0)) MB/s, \(fmt(Double(lines) / best / 1e6, 2)) M lines (cells)/s")
    print("  memory: dense intermediate block \(fmt(parsedMB, 0)) MB; peak resident \(fmt(peakMemoryMB(), 0)) MB (\(fmt(before, 0)) MB before); "
          + "the listed cells are held as 20-byte (key, line, value) entries until the block is filled")
}
