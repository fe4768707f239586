import DataIO
import Dispatch
import Foundation
import IOTables
import Linalg
import ValueChains

/// The value-chain workloads of offshore-perf (issue 21): the Leontief system and every `GVCMeasure` for every
/// region, on the WIOD tables (read first, untimed, then timed without reading) and on one synthetic
/// ICIO2021-sized year (3,195 industries: 71 regions x 45 industries, random dense flows).
enum ValueChainWorkloads {
    /// The grouping used in the timings: the default one's three groups over the regions the tables have.
    static func grouping(_ path: String?) throws -> Grouping {
        if let path { return try Grouping.load(path: path) }
        return try Grouping(groups: [RegionGroup(name: "OECD", regions: ["DEU", "FRA", "USA", "GBR", "JPN"]),
                                     RegionGroup(name: "ASIA", regions: ["CHN", "KOR", "IND"])])
    }

    /// Every measure for every region of every year in `dir` (WIOD or ICIO files): load time, then the timed
    /// factorisations and measures, serially (one year after another, BLAS as configured).
    /// With `parallel`, the years run on every core (`Parallelism.threads`), one BLAS thread each.
    static func wiod(dir: String, groupingPath: String?, parallel: Bool) throws {
        let grouping = try grouping(groupingPath)
        let files = try TableFiles.find(dir)
        let (tables, tLoad, _) = try Clock.timed { try TableFiles.load(files) { t, _ in t } }
        let measure = { @Sendable (t: MRIOTable) throws -> Int in
            try ValueChainMeasures.compute(table: t, countries: t.regions, classification: nil, grouping: grouping,
                                           measures: GVCMeasure.allCases).reduce(0) { $0 + $1.units.count }
        }
        if parallel { BLASThreads.set(1) }
        let (rows, wall, cpu) = try Clock.timed { () -> Int in
            guard parallel else { return try tables.reduce(0) { $0 + (try measure($1)) } }
            let counts = UnsafeMutableBufferPointer<Result<Int, Error>?>.allocate(capacity: tables.count)
            counts.initialize(repeating: nil)
            defer { counts.deallocate() }
            let next = Counter()
            DispatchQueue.concurrentPerform(iterations: Parallelism.threads) { _ in
                while true {
                    let k = next.increment()
                    guard k < tables.count else { return }
                    counts[k] = Result { try measure(tables[k]) }
                }
            }
            return try counts.reduce(0) { $0 + (try $1?.get() ?? 0) }
        }
        print("gvc wiod\(parallel ? " (years in parallel, \(Parallelism.threads) threads, 1 BLAS thread each)" : ""): \(tables.count) years of \(tables.first?.size ?? 0) industries, load \(fmt(tLoad)) s (untimed below); "
              + "Leontief LU + all \(GVCMeasure.allCases.count) measures for all \(tables.first?.regions.count ?? 0) regions: "
              + "\(fmt(wall)) s wall, \(fmt(cpu)) s CPU, \(rows) unit-years, peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=gvc-wiod\(parallel ? "-parallel" : "") years=\(tables.count) wall=\(wall) cpu=\(cpu) load=\(tLoad)")
    }

    /// The decomposition of gross exports (Borin and Mancini and KWW, every term) for every region of every year in
    /// `dir`, timed without reading the tables, serially; beside it the 13 value-chain measures on the same tables.
    static func decomposition(dir: String, groupingPath: String?) throws {
        let grouping = try grouping(groupingPath)
        let files = try TableFiles.find(dir)
        let (tables, tLoad, _) = try Clock.timed { try TableFiles.load(files) { t, _ in t } }
        let (rows, wall, cpu) = try Clock.timed {
            try tables.reduce(0) { acc, t in
                acc + (try ExportDecomposition.compute(table: t, countries: t.regions, classification: nil, grouping: grouping,
                                                       terms: ExportDecompositionTerm.allCases).reduce(0) { $0 + $1.units.count })
            }
        }
        let (_, wallMeasures, cpuMeasures) = try Clock.timed {
            try tables.reduce(0) { acc, t in
                acc + (try ValueChainMeasures.compute(table: t, countries: t.regions, classification: nil, grouping: grouping,
                                                      measures: GVCMeasure.allCases).count)
            }
        }
        print("gvc decomposition: \(tables.count) years of \(tables.first?.size ?? 0) industries, load \(fmt(tLoad)) s (untimed below); "
              + "BM + KWW, all \(ExportDecompositionTerm.allCases.count) terms for all \(tables.first?.regions.count ?? 0) regions: "
              + "\(fmt(wall)) s wall, \(fmt(cpu)) s CPU, \(rows) unit-years; the 13 measures on the same tables: \(fmt(wallMeasures)) s wall, "
              + "\(fmt(cpuMeasures)) s CPU; peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=gvc-decomposition years=\(tables.count) wall=\(wall) cpu=\(cpu) measures_wall=\(wallMeasures) measures_cpu=\(cpuMeasures)")
    }

    /// One synthetic year of `regions` x `industries` (default 71 x 45 = 3,195, the ICIO 2021 size): every measure for
    /// every region, timed; the full inverse too, for comparison with tools that form it.
    static func synthetic(regions nR: Int, industries nI: Int) throws {
        let n = nR * nI, nF = nR * 5
        var rng = SplitMix64(seed: 21)
        var z = [Double](repeating: 0, count: n * n), f = [Double](repeating: 0, count: n * nF), x = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var s = 0.0
            for c in 0..<n { let v = rng.unit() * (r / nI == c / nI ? 20 : 1); z[r * n + c] = v; s += v }
            for c in 0..<nF { let v = rng.unit() * 40; f[r * nF + c] = v; s += v }
            x[r] = s
        }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let regions: [String] = (0..<nR).map { (k: Int) -> String in
            let first: Character = letters[(k / 26) % 26], second: Character = letters[k % 26]
            return String([first, second, "X"])
        }
        let table = try MRIOTable(year: 2021, regions: regions, industries: (1...nI).map { "i\($0)" },
                                  finalDemandCategories: ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT"],
                                  intermediate: z, finalDemand: f, output: x, source: "synthetic")
        let grouping = try Grouping(groups: [RegionGroup(name: "FIRST", regions: Array(regions.prefix(10))),
                                             RegionGroup(name: "SECOND", regions: Array(regions.dropFirst(10).prefix(20)))])
        let (_, wall, cpu) = try Clock.timed {
            try ValueChainMeasures.compute(table: table, countries: regions, classification: nil, grouping: grouping, measures: GVCMeasure.allCases)
        }
        let (_, tInverse, _) = try Clock.timed { try LeontiefSystem(table: table).inverse() }
        print("gvc synthetic: \(nR) regions x \(nI) industries = \(n); Leontief LU + all measures for all regions: \(fmt(wall)) s wall, "
              + "\(fmt(cpu)) s CPU; LU + full inverse (never needed by the measures): \(fmt(tInverse)) s; peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=gvc-synthetic size=\(n) wall=\(wall) cpu=\(cpu) inverse=\(tInverse)")
    }
}

/// A shared counter handing out year indices to the worker threads.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// The next index.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
