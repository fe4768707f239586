// A seeded synthetic table of the OECD ICIO's shape, and the parse benchmark on it (`offshore-bench --icio`).
import DataIO
import Foundation
import IOTables
import Offshoring
#if canImport(Glibc)
import Glibc
#endif


/// Writes an ICIO-shaped CSV in the 2021 edition's layout: `countries` country blocks (CHN and MEX among them,
/// ROW last) and the split blocks MX1, MX2, CN1, CN2 after them, each `industries` wide; final demand for the
/// countries only, six components country-major; the total column OUT; the trailing TLS, VA, OUT rows. About a
/// third of the cells are zero; the rest have three decimals, as the OECD files do. Returns the bytes written.
/// ICIO 2021 itself: 67 countries x 45 industries (71 blocks: 3,195 rows and intermediate columns, 402
/// final-demand columns and OUT: 3,598 data columns).
func writeSyntheticICIO(path: String, countries nR: Int, industries nI: Int, seed: UInt64) throws -> Int {
    guard let f = fopen(path, "w") else { throw InputError(file: path, "cannot create the synthetic table") }
    defer { fclose(f) }
    var names = (0..<(nR - 3)).map { k -> String in
        let a = UInt8(65 + k / 676 % 26), b = UInt8(65 + k / 26 % 26), c = UInt8(65 + k % 26)
        return "X" + String(decoding: [a, b, c], as: UTF8.self).dropFirst()
    }
    names += ["CHN", "MEX", "ROW"]
    let blocks = names + ["MX1", "MX2", "CN1", "CN2"]
    let industries = (0..<nI).map { "D\($0 + 1)" }
    let cats = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA"]
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 22)
    var written = 0
    func flush() {
        buf.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, f) }
        written += buf.count
        buf.removeAll(keepingCapacity: true)
    }
    buf.append(contentsOf: "V1".utf8)
    for r in blocks { for i in industries { buf.append(contentsOf: ",\(r)_\(i)".utf8) } }
    for r in names { for c in cats { buf.append(contentsOf: ",\(r)_\(c)".utf8) } }
    buf.append(contentsOf: ",OUT\n".utf8)
    var rng = SplitMix64(seed: seed)
    let width = blocks.count * nI + names.count * cats.count + 1
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
    for r in blocks {
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

/// Zips `path` into `zipPath` with the system's zip (deflate, the OECD archives' method), the member named by the
/// file's base name.
func zipFile(_ path: String, into zipPath: String) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
    p.arguments = ["-q", "-j", zipPath, path]
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw InputError(file: zipPath, "zip exited with status \(p.terminationStatus)") }
}

/// Peak resident memory of the process so far, in MB (getrusage's ru_maxrss, kilobytes on Linux).
func peakMemoryMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// `offshore-bench --icio [--regions R] [--industries I] [--repeat N]`: generates the table (seeded, ICIO 2021's
/// layout: R countries and the four split blocks), then reads it with the streaming ICIO reader, from the CSV and
/// from a zip archive as the OECD distributes it, and reports MB/s, cells/s and peak memory against the size of the
/// parsed numbers.
func icioBenchmark(regions: Int, industries: Int, repeats: Int) throws {
    let dir = "/tmp/offshore-bench-icio-\(getpid())"
    try AtomicFile.createDirectories(dir)
    let path = dir + "/ICIO2021_2018.csv", zipPath = dir + "/ICIO_2015-2018.zip"
    defer { unlink(path); unlink(zipPath); rmdir(dir) }
    let t0 = now()
    let bytes = try writeSyntheticICIO(path: path, countries: regions, industries: industries, seed: 20_240_607)
    try zipFile(path, into: zipPath)
    var st = stat()
    let zipBytes = stat(zipPath, &st) == 0 ? Int(st.st_size) : 0
    let blocks = regions + 4
    let rows = blocks * industries + 3
    let columns = blocks * industries + regions * 6 + 1
    let cells = rows * columns
    print("offshore-bench --icio: synthetic table in ICIO 2021's layout, \(regions) countries + MX1 MX2 CN1 CN2 x \(industries) industries: "
          + "\(rows) rows x \(columns) data columns, \(cells) cells, \(fmt(Double(bytes) / 1e6, 1)) MB of CSV, \(fmt(Double(zipBytes) / 1e6, 1)) MB zipped "
          + "(written in \(fmt(now() - t0, 1)) s, seed 20240607)")
    var load = [Double](repeating: 0, count: 3)
    _ = getloadavg(&load, 3)
    print("  machine load average before reading: \(fmt(load[0], 2)) \(fmt(load[1], 2)) \(fmt(load[2], 2))")
    let before = peakMemoryMB()
    var merged = 0, parsedMB = 0.0
    for (what, file) in [("CSV", TableFile(year: 2018, path: path)), ("zip", TableFile(year: 2018, path: zipPath, member: "ICIO2021_2018.csv"))] {
        var best = Double.infinity, bestCPU = Double.infinity
        for _ in 0..<repeats {
            let w = now(), c = cpu()
            let (t, _) = try ICIOReader.read(file: file)
            best = min(best, now() - w)
            bestCPU = min(bestCPU, cpu() - c)
            merged = t.regions.count
            parsedMB = Double((t.intermediate.count + t.finalDemand.count + t.output.count) * 8) / 1e6
        }
        print("  read from the \(what): \(fmt(best)) s wall (\(fmt(bestCPU)) s CPU), \(fmt(Double(bytes) / 1e6 / best, 0)) MB/s of CSV, "
              + "\(fmt(Double(cells) / best / 1e6, 1)) M cells/s; \(merged) regions after adding the split blocks")
    }
    let after = peakMemoryMB()
    print("  memory: parsed numbers \(fmt(parsedMB, 0)) MB; peak resident \(fmt(after, 0)) MB (\(fmt(before, 0)) MB before reading); "
          + "the CSV text is \(fmt(Double(bytes) / 1e6, 0)) MB and is never held whole, nor inflated whole from the zip")
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
    var rng = SplitMix64(seed: seed)
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
