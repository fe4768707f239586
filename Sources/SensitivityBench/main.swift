// offshore-sensitivity-bench: full variants (measures from every year's table + every default model) per second,
// single-threaded and on every core, with the peak memory and where the time of one variant goes.
//
//   swift run -c release offshore-sensitivity-bench [--variants N] [--threads N] [--grid PATH]
//
// Runs the bundled estimate config (WIOD 2013, 1995-2011, synthetic Belgian accounts, its enabled models) over the
// variants of the bundled sensitivity grid, without the database (the chain only) and then with it.
import DataIO
import Dispatch
import Foundation
import OffshoringModels
import Sensitivity
#if canImport(Glibc)
import Glibc
#endif

func findBundle() -> String? {
    if let h = ProcessInfo.processInfo.environment["OFFSHORE_HOME"] { return h + "/SupplyUseTables" }
    var dir = FileManager.default.currentDirectoryPath
    while true {
        let p = dir + "/SupplyUseTables"
        if FileManager.default.fileExists(atPath: p) { return p }
        let parent = (dir as NSString).deletingLastPathComponent
        if parent == dir { return nil }
        dir = parent
    }
}

func seconds(_ since: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - since) / 1e9 }

/// CPU seconds used by the whole process so far (all threads): on a busy machine the wall clock overstates a
/// single thread's cost, its CPU time does not.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func peakMemoryMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

var args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
if args.contains("--help") {
    print("usage: offshore-sensitivity-bench [--variants N (default 64)] [--threads N (default: every core)] [--grid PATH] [--runner-only] [--rounds K: 1 and N threads alternating K times, with medians]")
    exit(0)
}
guard let bundle = findBundle() else {
    FileHandle.standardError.write(Data("offshore-sensitivity-bench: run from the repository (cannot find SupplyUseTables)\n".utf8))
    exit(2)
}
let wanted = Int(option("--variants") ?? "") ?? 64
let cores = Int(option("--threads") ?? "") ?? ProcessInfo.processInfo.activeProcessorCount
do {
    let gridPath = option("--grid") ?? bundle + "/config/sensitivity-default.toml"
    let grid = try SensitivityGrid.load(path: gridPath, bundle: bundle)
    let config = try EstimateConfig.load(path: grid.baseConfig, bundle: bundle)
    var t = DispatchTime.now().uptimeNanoseconds
    let chain = try SensitivityChain(config: config, modelNames: grid.models, valueChainMeasures: grid.valueChainMeasures,
                                     energyChoices: grid.energyChoices, constantPrices: grid.prices.contains(true))
    print("load: \(String(format: "%.2f", seconds(t))) s (\(chain.years.count) tables, \(chain.models.count) models: \(chain.models.map(\.name).joined(separator: ", ")))")
    let groupings = try chain.groupings(for: grid)
    let all = VariantSpace.expand(grid: grid, groupings: groupings)
    let variants = (0..<wanted).map { all[$0 % all.count] }
    print("variants: \(variants.count) of the grid's \(all.count)")

    // Warm-up (prepares the models), then one thread: every variant from scratch (its measures and every model,
    // sharing nothing with other variants), then as runs do it (variants with the same measures share them and
    // the estimations their settings leave the same).
    for v in all { _ = chain.run(v, grouping: groupings[v.groupingIndex].grouping) }
    for shares in args.contains("--runner-only") ? [] : [false, true] {
        chain.sharesWork = shares
        // Sharing, a single equation's fit serves the grid's other standard errors, as in the runner.
        chain.vcovChoices = shares ? grid.vcov : []
        t = DispatchTime.now().uptimeNanoseconds
        let cpu0 = cpuSeconds()
        var rows = 0
        for v in variants { rows += chain.run(v, grouping: groupings[v.groupingIndex].grouping).rows.count }
        let one = seconds(t), oneCPU = cpuSeconds() - cpu0
        print("1 thread, \(shares ? "sharing work between variants" : "every variant from scratch"): "
              + "\(String(format: "%.1f", Double(variants.count) / one)) variants/s wall-clock (\(String(format: "%.3f", 1000 * one / Double(variants.count))) ms per variant, \(rows) rows); "
              + "\(String(format: "%.1f", Double(variants.count) / oneCPU)) variants per CPU-second (\(String(format: "%.3f", 1000 * oneCPU / Double(variants.count))) ms CPU per variant)")
    }

    // The database alone: the rows of every grid variant written into a fresh file, as the runner commits them
    // (batches of 256 variants a transaction), without computing anything.
    let dir = NSTemporaryDirectory() + "sensitivity-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    do {
        let outcomes = all.map { chain.run($0, grouping: groupings[$0.groupingIndex].grouping) }
        let db = try ResultsDatabase.openForRun(path: dir + "/write.db", fingerprint: chain.fingerprint, meta: [:])
        try db.register(all)
        try db.clearUnfinished()
        t = DispatchTime.now().uptimeNanoseconds
        let cpu = cpuSeconds()
        for k in stride(from: 0, to: outcomes.count, by: 256) { try db.write(Array(outcomes[k..<min(outcomes.count, k + 256)])) }
        let w = seconds(t), wCPU = cpuSeconds() - cpu
        let rows = outcomes.reduce(0) { $0 + $1.rows.count }
        print("SQLite alone (\(outcomes.count) variants, \(rows) rows, commits of 256): \(String(format: "%.3f", 1000 * w / Double(outcomes.count))) ms per variant wall-clock, "
              + "\(String(format: "%.3f", 1000 * wCPU / Double(outcomes.count))) ms CPU (\(String(format: "%.2f", 1e6 * wCPU / Double(max(1, rows))))) us CPU per row)")
    }

    // Every core, through the runner and the database (the real path).
    var small = grid
    small.path = gridPath
    var run = 0
    /// One run of the whole grid on `threads` workers into a fresh database: variants per wall-clock second, per
    /// CPU-second, and the seconds spent opening the database and registering the variants.
    func runOnce(threads: Int) throws -> (rate: Double, perCPU: Double, opening: Double, seconds: Double) {
        run += 1
        let t = DispatchTime.now().uptimeNanoseconds
        let cpu1 = cpuSeconds()
        let r = try SensitivityRunner.run(grid: small, chain: chain, databasePath: dir + "/bench-\(run).db",
                                          options: RunOptions(threads: threads, limit: variants.count, toolVersion: "bench"))
        let many = seconds(t), manyCPU = cpuSeconds() - cpu1
        for suffix in ["", "-journal"] { unlink(dir + "/bench-\(run).db" + suffix) }
        return (Double(r.computed) / many, Double(r.computed) / manyCPU, many - r.seconds, many)
    }
    func line(_ threads: Int, _ x: (rate: Double, perCPU: Double, opening: Double, seconds: Double)) -> String {
        "\(threads) threads (runner + SQLite): \(String(format: "%.1f", x.rate)) variants/s wall-clock "
            + "(\(String(format: "%.1f", x.rate / Double(threads))) per core); "
            + "\(String(format: "%.1f", x.perCPU)) variants per CPU-second; "
            + "of the \(String(format: "%.3f", x.seconds)) s, \(String(format: "%.3f", x.opening)) s opening the database and registering the variants"
    }
    if let rounds = Int(option("--rounds") ?? "") {
        // One thread and `--threads` alternating, `rounds` times: on a machine whose speed drifts from one second
        // to the next (a virtual machine), medians of interleaved runs compare the two, single runs do not.
        var one: [Double] = [], many: [Double] = [], ratios: [Double] = []
        for k in 1...max(1, rounds) {
            let a = try runOnce(threads: 1), b = try runOnce(threads: cores)
            one.append(a.rate)
            many.append(b.rate)
            ratios.append(b.rate / a.rate)
            print("round \(k): " + line(1, a))
            print("round \(k): " + line(cores, b) + "; \(String(format: "%.2f", b.rate / a.rate))x one thread")
        }
        func median(_ x: [Double]) -> Double {
            let s = x.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        print("medians of \(one.count) rounds: 1 thread \(String(format: "%.1f", median(one))) variants/s, \(cores) threads "
              + "\(String(format: "%.1f", median(many))) variants/s: \(String(format: "%.2f", median(many) / median(one)))x "
              + "(the rounds' own ratios: median \(String(format: "%.2f", median(ratios))), \(String(format: "%.2f", ratios.min() ?? 0))-\(String(format: "%.2f", ratios.max() ?? 0)))")
    } else {
        print(line(cores, try runOnce(threads: cores)))
    }

    // Where one variant's time goes (median of 9 runs of the baseline).
    var phases: [String: [Double]] = [:]
    var order: [String] = []
    for _ in 0..<9 {
        for (p, s) in try chain.phaseTimes(all[0], grouping: groupings[0].grouping) {
            if phases[p] == nil { order.append(p) }
            phases[p, default: []].append(s)
        }
    }
    print("profile of one variant (median ms):")
    for p in order {
        let xs = (phases[p] ?? []).sorted()
        print("  \(p.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%8.3f", 1000 * xs[xs.count / 2]))")
    }
    print("peak memory: \(String(format: "%.0f", peakMemoryMB())) MB (getrusage maxrss)")
} catch {
    FileHandle.standardError.write(Data("offshore-sensitivity-bench: \(error)\n".utf8))
    exit(1)
}
