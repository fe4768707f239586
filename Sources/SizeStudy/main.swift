// offshore-size-study: the Monte Carlo size of the tests `offshore estimate` can report, on its own design
// (issue 17). The skill-share model of the bundled estimate configuration (14 manufacturing industries,
// 1995-2007, weights wbshare, clustered by industry) with the null true, errors iid and errors whose variance
// follows the weights; for each inference method and coefficient, the rate at which a 5 % test rejects.
//
//   swift run -c release offshore-size-study [--reps N (default 1000)] [--seed S (default 17)]
//       [--config PATH (default SupplyUseTables/config/estimate-default.toml)] [--model NAME (default skill_share)]
//       [--out PATH (default Reports/benchmarks/size-study.md)] [--boot-reps B (default 999)]
//       [--export-design CSV]  writes the design's rows (response, regressors as evaluated, industry, year,
//                              its cluster code, weights) and exits: the data of the reference computations of the default bootstrap
//
// Each rate is printed as soon as its error design is done, and the table is written to --out with the
// machine's load. A benchmark, not a test: nothing is asserted.
import DataIO
import Dispatch
import Econometrics
import Foundation
import OffshoringModels

func findRepository() -> String? {
    var dir = FileManager.default.currentDirectoryPath
    while true {
        if FileManager.default.fileExists(atPath: dir + "/SupplyUseTables/config/estimate-default.toml") { return dir }
        let parent = (dir as NSString).deletingLastPathComponent
        if parent == dir { return nil }
        dir = parent
    }
}

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
        .map { $0.split(separator: " ").prefix(3).joined(separator: " ") } ?? "unknown"
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("offshore-size-study: \(message)\n".utf8))
    exit(2)
}

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name) else { return nil }
    guard i + 1 < args.count else { fail("\(name) needs a value") }
    return args[i + 1]
}
if args.contains("--help") {
    print("usage: offshore-size-study [--reps N] [--seed S] [--config PATH] [--model NAME] [--out PATH] [--boot-reps B]")
    exit(0)
}
guard let repository = findRepository() else { fail("run from the repository (cannot find SupplyUseTables/config/estimate-default.toml)") }
guard let reps = Int(option("--reps") ?? "1000"), reps >= 1 else { fail("--reps takes a positive whole number") }
guard let seed = UInt64(option("--seed") ?? "17") else { fail("--seed takes a non-negative whole number") }
let configPath = option("--config") ?? repository + "/SupplyUseTables/config/estimate-default.toml"
let modelName = option("--model") ?? "skill_share"
let outPath = option("--out") ?? repository + "/Reports/benchmarks/size-study.md"
guard let bootReps = Int(option("--boot-reps") ?? "999"), bootReps >= 99 else { fail("--boot-reps takes a whole number of at least 99") }

if let exportPath = option("--export-design") {
    do {
        let config = try EstimateConfig.load(path: configPath, bundle: repository + "/SupplyUseTables")
        guard let spec = config.models.first(where: { $0.name == modelName }) else { fail("no model \(modelName)") }
        let (panel, _) = try PanelBuilder.build(config: config)
        let (data, _, _) = try ModelRunner.sample(panel, for: spec)
        let frame = try ModelFrame(formula: Formula(spec.formula), data: data, panel: ModelRunner.panelStructure)
        let complete = frame.completeRows()
        let industry = try data.factor("industry"), year = try data.numeric("year")
        let weights = try spec.weights.map { try data.numeric($0) } ?? Array(repeating: 1, count: data.rowCount)
        var csv = (["y"] + frame.regressorNames.map { "\"\($0)\"" } + ["industry", "cluster", "year", "weight"]).joined(separator: ",") + "\n"
        for i in 0..<data.rowCount where complete[i] && weights[i].isFinite && weights[i] > 0 {
            let cells = [NumberText.shortest(frame.response[i])] + frame.regressors.map { NumberText.shortest($0[i]) }
                + [industry.levels[Int(industry.codes[i])], String(industry.codes[i]), String(Int(year[i])), NumberText.shortest(weights[i])]
            csv += cells.joined(separator: ",") + "\n"
        }
        try csv.write(toFile: exportPath, atomically: true, encoding: .utf8)
        print("design rows written to \(exportPath)")
        exit(0)
    } catch { fail("\(error)") }
}

let loadBefore = loadAverage()
let started = DispatchTime.now().uptimeNanoseconds
let design: StudyDesign
var methods: [InferenceMethod]
do {
    design = try StudyDesign.load(configPath: configPath, bundle: repository + "/SupplyUseTables", modelName: modelName,
                                  displayPath: configPath.hasPrefix(repository + "/") ? String(configPath.dropFirst(repository.count + 1)) : configPath)
    methods = try InferenceMethod.standard(design: design)
    for variant in WildBootstrapVariant.studied {
        if let m = try wildBootstrapMethod(variant, design: design, seed: seed, draws: bootReps) { methods.append(m) }
    }
} catch {
    fail("\(error)")
}
let missingBootstrap = WildBootstrapVariant.studied.map(\.description).filter { name in !methods.contains { $0.name == name } }
print("design: \(design.description)")
print("\(reps) replications per error design, seed \(seed), nominal level 5 %; load average \(loadBefore)")

var results: [(ErrorDesign, RejectionCounts)] = []
for (e, errors) in ErrorDesign.allCases.enumerated() {
    var counts = RejectionCounts(methods: methods.count, terms: design.terms.count)
    // One generator per error design, seeded from the study's seed: each design's draws do not depend on the other's.
    var rng = SplitMix64(seed: seed &+ UInt64(e) &* 0x9E37_79B9_7F4A_7C15)
    for _ in 0..<reps {
        let y = errors.draw(rows: design.data.rowCount, weights: design.weightValues, rng: &rng)
        var ps: [[Double]] = []
        do {
            ps = try methods.map { try $0.pValues(y) }
        } catch {
            counts.failures += 1
            continue
        }
        counts.replications += 1
        for m in methods.indices { for j in design.terms.indices where ps[m][j] < 0.05 { counts.rejections[m][j] += 1 } }
    }
    results.append((errors, counts))
    for (m, method) in methods.enumerated() {
        let rates = design.terms.indices.map { String(format: "%@ %.1f%%", design.terms[$0], 100 * counts.rate(m, $0)) }
        print(String(format: "errors %@, %@: mean %.1f%% | ", errors.rawValue, method.name, 100 * counts.meanRate(m))
              + rates.joined(separator: ", "))
        fflush(stdout)
    }
    if counts.failures > 0 { print("errors \(errors.rawValue): \(counts.failures) replications failed and were left out") }
}
let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
let loadAfter = loadAverage()

// The table: one block per error design, a row per coefficient, a column per method (bootstrap columns n/a
// while no bootstrap is linked), the mean over coefficients last.
var md = "# Size of the tests on the estimate design (Monte Carlo)\n\n"
md += "Generated by `offshore-size-study --reps \(reps) --seed \(seed) --boot-reps \(bootReps)` (Sources/SizeStudy).\n\n"
md += "- Design: \(design.description).\n"
md += "- Null true (every coefficient 0); \(reps) replications per error design; rejection rate of a test at the nominal 5 % per coefficient.\n"
md += "- Monte Carlo standard error of a rate near 5 %: \(String(format: "%.1f", 100 * (0.05 * 0.95 / Double(reps)).squareRoot())) points.\n"
md += "- Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average (1, 5, 15 min) \(loadBefore) before and \(loadAfter) after; \(String(format: "%.1f", elapsed)) s in all.\n\n"
md += "Methods:\n\n"
for m in methods { md += "- \(m.name): \(m.legend)\n" }
for name in missingBootstrap { md += "- \(name): wild cluster bootstrap, n/a in this build (plugs in at `wildBootstrapMethod` in Sources/SizeStudy/InferenceMethod.swift)\n" }
let columns = methods.map(\.name) + missingBootstrap
for (errors, counts) in results {
    md += "\n## Errors: \(errors.rawValue) (\(counts.replications) replications\(counts.failures > 0 ? ", \(counts.failures) failed" : ""))\n\n"
    md += "| coefficient | " + columns.joined(separator: " | ") + " |\n"
    md += "|---|" + columns.map { _ in "---:" }.joined(separator: "|") + "|\n"
    for (j, term) in design.terms.enumerated() {
        let cells = methods.indices.map { String(format: "%.1f", 100 * counts.rate($0, j)) } + missingBootstrap.map { _ in "n/a" }
        md += "| \(term) | " + cells.joined(separator: " | ") + " |\n"
    }
    let means = methods.indices.map { String(format: "%.1f", 100 * counts.meanRate($0)) } + missingBootstrap.map { _ in "n/a" }
    md += "| mean | " + means.joined(separator: " | ") + " |\n"
}
md += "\nRates in percent. Target for the inference `offshore estimate` uses by default: between 3.5 and 6.5 (issue 17).\n"
do {
    try FileManager.default.createDirectory(atPath: (outPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try md.write(toFile: outPath, atomically: true, encoding: .utf8)
} catch {
    fail("cannot write \(outPath): \(error)")
}
print("table written to \(outPath) (\(String(format: "%.1f", elapsed)) s; load average \(loadAfter))")
