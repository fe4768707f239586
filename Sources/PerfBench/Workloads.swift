import DataIO
import Dispatch
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
    }
}
