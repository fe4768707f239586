// offshore-perf: performance figures measured side by side with the tools economists would otherwise use.
//
//     swift run -c release offshore-perf numbers [COUNT]                 parser vs strtod, bit for bit, and speed
//     swift run -c release offshore-perf parse FILE.csv[.gz]             CSV into a data frame
//     swift run -c release offshore-perf wiod DIR [--parallel]           the WIOD tables with the WIOD reader
//     swift run -c release offshore-perf measures DIR CLASS.toml GROUPS.toml [COUNTRY|all] [--output CSV]
//     swift run -c release offshore-perf regress FILE FORMULA VCOV       the stages of a regression
//     swift run -c release offshore-perf wildboot [small|large]          the wild cluster bootstrap, 9,999 draws
//     swift run -c release offshore-perf gvc DIR [GROUPING.toml] [--parallel]  Leontief LU + every value-chain measure, all regions
//     swift run -c release offshore-perf gvc-synthetic [REGIONS INDUSTRIES]   one ICIO2021-sized year (71 x 45)
//     swift run -c release offshore-perf gvc-decomposition DIR [GROUPING.toml]  BM + KWW decomposition of gross exports, all regions
//
// benchmarks/compare.py runs these (and `offshore regress`) against pandas, pyfixest and linearmodels under
// /usr/bin/time and writes the ratios to Reports/benchmarks/. Timings belong here, never in unit tests.
import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
usage: offshore-perf numbers [COUNT] | parse FILE | wiod DIR [--parallel]
       | measures DIR CLASSIFICATION GROUPING [COUNTRY|all] [--output CSV] | regress FILE FORMULA VCOV
       | wildboot [small|large] | gvc DIR [GROUPING] | gvc-synthetic [REGIONS INDUSTRIES] | gvc-decomposition DIR [GROUPING]
"""

func runMain() throws -> Int32 {
    var args = Array(CommandLine.arguments.dropFirst())
    var output: String? = nil
    if let k = args.firstIndex(of: "--output"), k + 1 < args.count {
        output = args[k + 1]
        args.removeSubrange(k...(k + 1))
    }
    let parallel = args.contains("--parallel")
    args.removeAll { $0 == "--parallel" }
    guard let task = args.first else { printError(usage); return 2 }
    let rest = Array(args.dropFirst())
    switch (task, rest.count) {
    case ("numbers", 0), ("numbers", 1):
        let count = rest.first.flatMap { Int($0) } ?? 5_000_000
        return NumberCheck.run(count: count, seed: 2026) == 0 ? 0 : 1
    case ("parse", 1):
        try Workloads.parse(path: rest[0])
    case ("wiod", 1):
        try Workloads.wiod(dir: rest[0], parallel: parallel)
    case ("measures", 3), ("measures", 4):
        let country = rest.count == 4 && rest[3] != "all" ? rest[3] : nil
        try Workloads.measures(dir: rest[0], classificationPath: rest[1], groupingPath: rest[2], country: country,
                               output: output)
    case ("regress", 3):
        try Workloads.regress(path: rest[0], formula: rest[1], vcov: rest[2])
    case ("wildboot", 0), ("wildboot", 1):
        let which = rest.first ?? "both"
        if which == "small" || which == "both" {
            // The size of the skill-share model: 14 industries x 13 years = 182 rows, weighted.
            try Workloads.wildBootstrap(label: "small", entities: 14, periods: 13, clusters: 14, regressors: 5, weighted: true)
        }
        if which == "large" || which == "both" {
            // 10^6 rows: 20,000 entities in 50 clusters over 50 periods.
            try Workloads.wildBootstrap(label: "large", entities: 20_000, periods: 50, clusters: 50, regressors: 3, weighted: false)
        }
    case ("gvc", 1), ("gvc", 2):
        try ValueChainWorkloads.wiod(dir: rest[0], groupingPath: rest.count == 2 ? rest[1] : nil, parallel: parallel)
    case ("gvc-decomposition", 1), ("gvc-decomposition", 2):
        try ValueChainWorkloads.decomposition(dir: rest[0], groupingPath: rest.count == 2 ? rest[1] : nil)
    case ("gvc-synthetic", 0), ("gvc-synthetic", 2):
        try ValueChainWorkloads.synthetic(regions: rest.count == 2 ? Int(rest[0]) ?? 71 : 71, industries: rest.count == 2 ? Int(rest[1]) ?? 45 : 45)
    default:
        printError(usage)
        return 2
    }
    return 0
}

do {
    exit(try runMain())
} catch let e as InputError {
    printError("offshore-perf: \(e)")
    exit(2)
} catch {
    printError("offshore-perf: error: \(error)")
    exit(1)
}
