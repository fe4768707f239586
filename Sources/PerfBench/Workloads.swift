import DataIO
import Dispatch
import Foundation
import Econometrics
import IOTables
import Offshoring

/// The timed workloads of offshore-perf. Each prints human-readable lines and one `RESULT key=value ...` line
/// that benchmarks/compare.py reads.
enum Workloads {
    /// Reads a CSV (plain or gzip) into a `DataFrame`, as `offshore regress` does: MB/s and cells/s.
    static func parse(path: String) throws {
        let (frame, wall, cpu) = try Clock.timed { try DataFrame(csvPath: path) }
        let bytes = Double(fileSize(path))
        let cells = Double(frame.rowCount * frame.names.count)
        print("parse \(path): \(frame.rowCount) rows x \(frame.names.count) columns in \(fmt(wall)) s (\(fmt(cpu)) s CPU), "
              + "\(fmt(bytes / 1e6 / wall, 0)) MB/s of file, \(fmt(cells / wall / 1e6, 1)) M cells/s, peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=parse wall=\(wall) cpu=\(cpu) rows=\(frame.rowCount) cols=\(frame.names.count) bytes=\(Int(bytes))")
    }

    /// Reads every WIOD table of `dir` with the WIOD reader, one after another (`parallel` false) or one year per
    /// core; MB/s of uncompressed CSV and cells/s.
    static func wiod(dir: String, parallel: Bool) throws {
        let files = try TableFiles.find(dir)
        let (cells, wall, cpu): ([Int], Double, Double)
        if parallel {
            (cells, wall, cpu) = try Clock.timed { try TableFiles.load(files) { t, _ in t.size * (t.size + t.finalDemandColumns + 1) } }
        } else {
            (cells, wall, cpu) = try Clock.timed {
                try files.map { f -> Int in
                    let (t, _) = try WIODReader.read(path: f.path, year: f.year)
                    return t.size * (t.size + t.finalDemandColumns + 1)
                }
            }
        }
        let total = Double(cells.reduce(0, +))
        let gz = Double(files.reduce(0) { $0 + fileSize($1.path) })
        print("wiod \(parallel ? "parallel" : "sequential"): \(files.count) tables, \(Int(total)) cells, \(fmt(gz / 1e6, 1)) MB gzip, "
              + "\(fmt(wall)) s (\(fmt(cpu)) s CPU), \(fmt(total / wall / 1e6, 1)) M cells/s, peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=wiod-\(parallel ? "parallel" : "sequential") wall=\(wall) cpu=\(cpu) cells=\(Int(total))")
    }

    /// om and os by origin group for every industry and year, for one reporting country or all of them
    /// (`country` nil): load the tables (in parallel), then compute. Writes the industry results as tidy CSV
    /// (`year,country,unit,measure,origin,value`, percent) to `output` when given, for the peer check.
    static func measures(dir: String, classificationPath: String, groupingPath: String, country: String?,
                         output: String?) throws {
        let classification = try Classification.load(path: classificationPath)
        let grouping = try Grouping.load(path: groupingPath)
        let files = try TableFiles.find(dir)
        let t0 = Clock.now()
        let perYear: [[OffshoringYear]] = try TableFiles.load(files) { t, _ in
            let countries = country.map { [$0] } ?? t.regions
            return try countries.map {
                try OffshoringMeasures.compute(table: t, country: $0, classification: classification, grouping: grouping)
            }
        }
        let wall = Clock.now() - t0
        let years = perYear.flatMap { $0 }
        var csv = "year,country,unit,measure,origin,value\n"
        var units = 0
        for y in years {
            for u in y.industries {
                units += 1
                for m in [OffshoringMeasure.om, .os] {
                    for (o, origin) in y.origins.enumerated() {
                        guard let v = u.sums.percent(m, origin: o) else { continue }
                        csv += "\(y.year ?? 0),\(y.country),\(u.unit),\(m.rawValue),\(origin),\(v)\n"
                    }
                }
            }
        }
        if let output { try AtomicFile.write(csv, to: output) }
        let who = country ?? "all"
        print("measures \(who): \(files.count) years, \(years.count) country-years, \(units) industry-years, load + om/os \(fmt(wall)) s, "
              + "peak \(fmt(Clock.peakMB(), 0)) MB")
        print("RESULT task=measures-\(who) wall=\(wall) units=\(units)")
    }

    /// The stages of `offshore regress` on a CSV: read, model frame and design, fit (demeaning, least squares,
    /// variance), with coefficients and standard errors printed for the record.
    static func regress(path: String, formula text: String, vcov: String) throws {
        let (frame, tRead, _) = try Clock.timed { try DataFrame(csvPath: path) }
        let formula = try Formula(text)
        let spec = try VarianceEstimator(parsing: vcov)
        let (result, tFit, cFit) = try Clock.timed {
            try Econometrics.regress(formula: formula, data: frame, options: RegressionOptions(vcov: spec))
        }
        print("regress \(path): \(frame.rowCount) rows; read \(fmt(tRead)) s, estimate \(fmt(tFit)) s (\(fmt(cFit)) s CPU), "
              + "peak \(fmt(Clock.peakMB(), 0)) MB")
        for (k, term) in result.terms.enumerated() {
            print("  \(term): \(result.estimates[k]) (\(result.standardErrors[k]))")
        }
        print("RESULT task=regress read=\(tRead) fit=\(tFit) rows=\(frame.rowCount)")
        // The demeaning's sweeps per column (to compare with fixest's and pyfixest's iteration counts): the
        // formula's response and regressors demeaned by its absorbed effects, on the full sample, one at a time.
        // (The effects are read from the text after `|`, plain names such as `id + t`.)
        let absorbed = text.split(separator: "|").dropFirst().first.map {
            $0.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } ?? []
        if !absorbed.isEmpty {
            let absorber = FixedEffectsAbsorber(factors: try absorbed.map { try frame.factor($0) })
            var counts: [String] = []
            let (_, tDemean, _) = try Clock.timed {
                for name in formula.variables.map(\.name) where !absorbed.contains(name) {
                    var v = try frame.numeric(name)
                    counts.append("\(name) \(absorber.demean(&v))")
                }
            }
            print("demeaning sweeps (tolerance 1e-10, Irons-Tuck): \(counts.joined(separator: ", ")); \(fmt(tDemean)) s for the \(counts.count) columns")
        }
    }

    /// The wild cluster bootstrap (issue 17): 9,999 Webb draws, p-values and intervals by test inversion for every
    /// coefficient, on a seeded synthetic panel of `entities` entities in `clusters` clusters over `periods` periods,
    /// `regressors` regressors, entity and period fixed effects (the entities nested in the clusters, the periods
    /// not), analytic weights when `weighted`. Times the fit and the bootstrap (which demeans again) separately and
    /// prints the machine's load average beside them.
    static func wildBootstrap(label: String, entities: Int, periods: Int, clusters: Int, regressors: Int, weighted: Bool,
                              reps: Int = 9_999) throws {
        var rng = SplitMix64(seed: 20_261_203)
        func uniform() -> Double { rng.unit() }
        func normal() -> Double { (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        let n = entities * periods
        var entity = [Double](repeating: 0, count: n), period = [Double](repeating: 0, count: n)
        var cluster = [Double](repeating: 0, count: n), w = [Double](repeating: 1, count: n)
        var xs = [[Double]](repeating: [Double](repeating: 0, count: n), count: regressors)
        var y = [Double](repeating: 0, count: n)
        let shocks = (0..<(clusters * periods)).map { _ in normal() }
        for e in 0..<entities {
            let a = normal(), c = e % clusters
            for t in 0..<periods {
                let i = e * periods + t
                entity[i] = Double(e); period[i] = Double(t); cluster[i] = Double(c)
                if weighted { w[i] = 0.5 + 1.5 * uniform() }
                var v = a + 0.1 * Double(t) + shocks[c * periods + t] + normal()
                for j in 0..<regressors {
                    xs[j][i] = normal() + 0.3 * a
                    v += (j == 0 ? 0.5 : 0) * xs[j][i]
                }
                y[i] = v
            }
        }
        var columns: [(String, DataColumn)] = [("y", .numeric(y)), ("entity", .numeric(entity)), ("period", .numeric(period)),
                                               ("cluster", .numeric(cluster)), ("w", .numeric(w))]
        for j in 0..<regressors { columns.append(("x\(j + 1)", .numeric(xs[j]))) }
        let frame = try DataFrame(columns: columns)
        let formula = try Formula("y ~ " + (1...regressors).map { "x\($0)" }.joined(separator: " + ") + " | entity + period")
        let options = RegressionOptions(vcov: "cluster:cluster", weights: weighted ? "w" : nil)
        let (fit, tFit, cFit) = try Clock.timed { try Econometrics.regress(formula: formula, data: frame, options: options) }
        let design = try ModelFrame(formula: formula, data: frame).design(weights: weighted ? w : nil, required: [try frame.factor("cluster")])
        let clusterFactor = try frame.factor("cluster").selecting(rows: design.rows)
        let spec = WildBootstrapSpec(cluster: "cluster", reps: reps, weights: .webb)
        let load0 = loadAverage()
        let (boot, tBoot, cBoot) = try Clock.timed {
            try wildClusterBootstrap(design: design, terms: fit.terms, cluster: clusterFactor, spec: spec,
                                     absorbedParameters: fit.absorbedParameters, restrictions: ["x1 = 0"])
        }
        print("wildboot \(label): \(n) rows, \(clusters) clusters, \(regressors) regressors, fixed effects entity (\(entities)) + period (\(periods))\(weighted ? ", weighted" : ""); "
              + "\(boot.draws) Webb draws (p-values and intervals of \(boot.terms.count) coefficients, one joint test): "
              + "fit \(fmt(tFit)) s (\(fmt(cFit)) s CPU), bootstrap \(fmt(tBoot * 1000, 1)) ms (\(fmt(cBoot * 1000, 1)) ms CPU), "
              + "load average \(load0) before, \(loadAverage()) after; threads \(Parallelism.threads)")
        if let t = boot.terms.first {
            print("  \(t.name): boot p \(t.pValue), 95% CI [\(t.ciLow), \(t.ciHigh)]")
        }
        print("RESULT task=wildboot-\(label) fit=\(tFit) boot=\(tBoot) bootcpu=\(cBoot) rows=\(n) clusters=\(clusters) draws=\(boot.draws)")
    }

    /// The 1-minute load average (from /proc/loadavg), or "?".
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").first.map(String.init) ?? "?"
    }
}
