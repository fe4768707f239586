// offshore-bench: how fast the yearly WIOD tables load (read, gunzip, parse, validate).
//
//     swift run -c release offshore-bench [TABLES_DIR] [--repeat N]
//     swift run -c release offshore-bench --icio [--regions 67] [--industries 45] [--repeat N]
//     swift run -c release offshore-bench --figaro [--regions 50] [--industries 64] [--repeat N]
//
// The second form generates a seeded synthetic table in the OECD ICIO 2021 layout and size (67 countries and the
// split blocks MX1 MX2 CN1 CN2 x 45 industries: 3,195 rows x 3,598 data columns), zips it as the OECD distributes it,
// and reports the streaming ICIO reader's throughput from the CSV and from the zip (MB/s, cells/s), the machine's
// load average, and peak memory (getrusage ru_maxrss).
//
// Prints, for sequential and parallel loading of every year, the best of N runs: time, uncompressed MB/s and
// cells/s; then the time to compute om/os for Belgium on every year. Timings belong here, not in unit tests.
import DataIO
import Dispatch
import IOTables
import Offshoring
#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU seconds used by the process (all threads).
func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// `v` with `d` decimals.
func fmt(_ v: Double, _ d: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    let r = (v * scale).rounded() / scale
    return "\(r)"
}

/// Finds the repository's SupplyUseTables/wiod2013 from the current directory upwards.
func defaultTables() -> String {
    var buf = [CChar](repeating: 0, count: 4097)
    var dir = getcwd(&buf, buf.count) != nil ? String(cString: buf) : "."
    while true {
        let p = dir + "/SupplyUseTables/wiod2013"
        if fileExists(p) { return p }
        let parent = AtomicFile.parentDirectory(of: dir)
        if parent == dir || dir == "/" { return "SupplyUseTables/wiod2013" }
        dir = parent
    }
}

func main() throws {
    var args = Array(CommandLine.arguments.dropFirst())
    var repeats = 3
    if let k = args.firstIndex(of: "--repeat"), k + 1 < args.count, let n = Int(args[k + 1]) {
        repeats = max(1, n)
        args.removeSubrange(k...(k + 1))
    }
    if let k = args.firstIndex(of: "--icio") {
        args.remove(at: k)
        func option(_ name: String, _ d: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return d }
            return v
        }
        try icioBenchmark(regions: max(5, option("--regions", 67)), industries: max(1, option("--industries", 45)), repeats: repeats)
        return
    }
    if let k = args.firstIndex(of: "--figaro") {
        args.remove(at: k)
        func option(_ name: String, _ d: Int) -> Int {
            guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1]) else { return d }
            return v
        }
        try figaroBenchmark(regions: max(1, option("--regions", 50)), industries: max(1, option("--industries", 64)), repeats: repeats)
        return
    }
    let dir = args.first ?? defaultTables()
    let files = try TableFiles.find(dir)
    var compressed = 0
    var uncompressed = 0
    for f in files {
        var st = stat()
        if stat(f.path, &st) == 0 { compressed += Int(st.st_size) }
        uncompressed += try readAllBytes(path: f.path).count
    }
    var cells = 0
    _ = try TableFiles.load([files[0]]) { t, _ in t.size }
    let sizes = try TableFiles.load(files) { t, _ in t.size * (t.size + t.finalDemandColumns + 1) }
    cells = sizes.reduce(0, +)
    print("offshore-bench: \(files.count) tables \(files.first?.year ?? 0)-\(files.last?.year ?? 0) in \(dir)")
    print("  \(fmt(Double(compressed) / 1e6, 1)) MB gzip, \(fmt(Double(uncompressed) / 1e6, 1)) MB of CSV, \(cells) cells; "
          + "\(ProcessInfo.activeCPUs) CPU(s); best of \(repeats)")

    func report(_ name: String, _ seconds: Double, cpuSeconds: Double) {
        print("  \(name): \(fmt(seconds)) s wall (\(fmt(cpuSeconds)) s CPU), \(fmt(Double(uncompressed) / 1e6 / seconds, 0)) MB/s, "
              + "\(fmt(Double(cells) / seconds / 1e6, 1)) M cells/s")
    }

    var best = Double.infinity
    var bestCPU = Double.infinity
    for _ in 0..<repeats {
        let t0 = now(), c0 = cpu()
        for f in files { _ = try readAllBytes(path: f.path).count }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpu() - c0)
    }
    report("floor: gunzip only", best, cpuSeconds: bestCPU)

    best = .infinity
    bestCPU = .infinity
    for _ in 0..<repeats {
        let t0 = now(), c0 = cpu()
        var rows = 0
        for f in files { try CSVReader(path: f.path).forEachRow { row in rows += row.count } }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpu() - c0)
    }
    report("floor: gunzip + CSV split", best, cpuSeconds: bestCPU)

    best = .infinity
    bestCPU = .infinity
    for _ in 0..<repeats {
        let t0 = now(), c0 = cpu()
        for f in files { _ = try WIODReader.read(path: f.path, year: f.year) }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpu() - c0)
    }
    report("sequential load", best, cpuSeconds: bestCPU)

    best = .infinity
    bestCPU = .infinity
    for _ in 0..<repeats {
        let t0 = now(), c0 = cpu()
        _ = try TableFiles.load(files) { t, r in t.size + r.rows }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpu() - c0)
    }
    report("parallel load  ", best, cpuSeconds: bestCPU)

    let root = AtomicFile.parentDirectory(of: dir)
    let classification = try Classification.load(path: root + "/classifications/wiod2013.toml")
    let grouping = try Grouping.load(path: root + "/groupings/default.toml")
    best = .infinity
    bestCPU = .infinity
    for _ in 0..<repeats {
        let t0 = now(), c0 = cpu()
        _ = try TableFiles.load(files) { t, _ in
            try OffshoringMeasures.compute(table: t, country: "BEL", classification: classification, grouping: grouping)
        }
        best = min(best, now() - t0)
        bestCPU = min(bestCPU, cpu() - c0)
    }
    report("parallel load + BEL om/os", best, cpuSeconds: bestCPU)
}

enum ProcessInfo {
    static var activeCPUs: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

do {
    try main()
} catch {
    FileHandle2.err("offshore-bench: error: \(error)\n")
    exit(2)
}

enum FileHandle2 {
    static func err(_ s: String) {
        var s = s
        s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
