import DataIO
import Foundation
import OffshoringModels
import Reporting

/// Writes a run's outputs into `<directory>/<run-name>/` so that the run can be reproduced and compared.
///
/// Contents: `tables.txt` (the terminal tables), `estimates.csv` and `estimates.json` (every model, the
/// `--format csv|json` outputs), `<model>.csv` and `<model>.json` per model, `contributions.csv` and
/// `contributions.json`, `offshoring.csv` (the measures, as `offshore measure --format csv`), `report.json` (the
/// results as the report needs them, `RunSummary`), `config.resolved.toml` and `manifest.json` (`RunManifest`: tool
/// version, input files with SHA-256 and size, the run's options). With a report (`--report`), also `index.html`,
/// `tables/` and `charts/` (see `ReportWriter`), rendered from the saved files exactly as `offshore report` does.
/// No date or time is written, so two runs on the same inputs give identical folders.
///
/// Paths: an input inside the current directory is recorded relative to the run folder (so a checked-in run
/// folder reads the same on every machine, and `config.resolved.toml` can be run from where it lies); other
/// inputs keep their absolute path.
///
/// The folder is built in a temporary sibling and then swapped into place: a failed run leaves the previous
/// run folder as it was.
public enum RunFolder {
    /// The files of the run folder, by name (without the report's files).
    /// - Parameter display: how input paths are recorded (unchanged by default).
    /// - Parameter report: the recorded report options (for the manifest); nil when the run makes no report.
    public static func files(_ run: EstimateRun, toolVersion: String, display: (String) -> String = { $0 },
                             report: ReportRecord? = nil) throws -> [(String, String)] {
        var out: [(String, String)] = [
            ("tables.txt", EstimateReport.text(run)),
            ("estimates.csv", EstimateReport.csv(run)),
            ("estimates.json", EstimateReport.json(run).render() + "\n"),
        ]
        for o in run.outcomes {
            out.append(("\(o.spec.name).csv", EstimateReport.csv(o)))
            out.append(("\(o.spec.name).json", EstimateReport.json(o, run: run).render() + "\n"))
        }
        out.append(("contributions.csv", EstimateReport.contributionsCSV(run)))
        out.append(("contributions.json", JSONValue.array(run.contributions.map(EstimateReport.json)).render() + "\n"))
        out.append((RunSummary.measuresFileName, OffshoringReport.csv(run.panel.measures)))
        out.append((RunSummary.fileName, try EstimateReport.summary(run, toolVersion: toolVersion, display: display).json()))
        var config = run.config
        config.tables = display(config.tables)
        config.classification = display(config.classification)
        config.grouping = display(config.grouping)
        config.accounts = display(config.accounts)
        if !config.industryCodes.isEmpty { config.industryCodes = display(config.industryCodes) }
        if !config.tableConcordance.isEmpty { config.tableConcordance = display(config.tableConcordance) }
        config.outputDirectory = config.outputDirectory.map(display)
        for k in config.sources.indices {
            config.sources[k].file = display(config.sources[k].file)
            if !config.sources[k].concordance.isEmpty { config.sources[k].concordance = display(config.sources[k].concordance) }
        }
        out.append(("config.resolved.toml", config.resolvedTOML()))
        out.append((RunManifest.fileName, try RunManifest(run, toolVersion: toolVersion, display: display, report: report).json()))
        return out
    }

    /// `path` as the run folder `folder` records it: relative to `folder` when both lie inside the current
    /// directory, else absolute (`..` and `.` resolved either way).
    public static func displayPath(_ path: String, runFolder folder: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let p = absoluteComponents(path, cwd: cwd), f = absoluteComponents(folder, cwd: cwd), c = absoluteComponents(cwd, cwd: cwd)
        guard p.starts(with: c), f.starts(with: c) else { return "/" + p.joined(separator: "/") }
        return relativePath(path, from: folder)
    }

    /// `path` relative to the folder `folder` (both made absolute against the current directory; `..` and `.`
    /// resolved), e.g. `../../SupplyUseTables/wiod2013` from `Reports/example`.
    public static func relativePath(_ path: String, from folder: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let p = absoluteComponents(path, cwd: cwd), f = absoluteComponents(folder, cwd: cwd)
        var common = 0
        while common < min(p.count, f.count) && p[common] == f[common] { common += 1 }
        let up = Array(repeating: "..", count: f.count - common)
        let rel = (up + p[common...]).joined(separator: "/")
        return rel.isEmpty ? "." : rel
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    public static func absolutePath(_ path: String) -> String {
        "/" + absoluteComponents(path, cwd: FileManager.default.currentDirectoryPath).joined(separator: "/")
    }

    /// The components of `path` made absolute against `cwd`, with `.` and `..` resolved.
    static func absoluteComponents(_ path: String, cwd: String) -> [String] {
        let full = path.hasPrefix("/") ? path : cwd + "/" + path
        var out: [String] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !out.isEmpty { out.removeLast() }; continue }
            out.append(String(part))
        }
        return out
    }

    /// Writes the run folder `<directory>/<run-name>` atomically and returns its path.
    /// - Parameters:
    ///   - report: the settings of the report to add (index.html, tables, charts); nil for none.
    ///   - labels: the user's labels file the report's settings were read with (recorded in the manifest).
    ///   - reportInputs: further files the report read (the labels files), hashed in the manifest as inputs.
    ///   - display: how paths are recorded; by default `displayPath(_:runFolder:)` of the new folder (`offshore
    ///     verify` passes the original folder's rule when it makes a run again elsewhere).
    ///   - note: receives what happened to a previous run folder of that name (replaced; entries kept).
    ///
    /// A previous folder of the same name is replaced, but only what offshore wrote there goes (`toolWritten(in:)`):
    /// anything else (a user's `NOTES.md`, a `report-nl/` made by `offshore report`, a folder of their own) is carried
    /// into the new folder.
    @discardableResult
    public static func write(_ run: EstimateRun, directory: String, toolVersion: String, report: PublicationSettings? = nil,
                             labels: String? = nil, reportInputs: [String] = [], display: ((String) -> String)? = nil,
                             note: (String) -> Void = { _ in }) throws -> String {
        let name = run.config.runName
        let target = join(directory, name)
        let shown = display ?? { displayPath($0, runFolder: target) }
        let record = report.map { ReportRecord(settings: $0, labels: labels, inputs: reportInputs) }
        let contents = try files(run, toolVersion: toolVersion, display: shown, report: record)
        let stage = try StagedFiles(replacing: target, kind: "run folder")
        for (file, text) in contents { try stage.write(file, contents: text) }
        if let report {
            // Rendered from the files just written, as `offshore report` renders them later.
            let page = try RunSummaryReport.build(try RunFolderContents(folder: stage.staging), settings: report)
            var options = ReportWriter.Options(language: report.language)
            options.decimalComma = report.style.decimalComma
            for (file, text) in try ReportWriter.files(run: page, options: options) { try stage.write(file, contents: text) }
        }
        let hadPrevious = FolderListing.names(in: target) != nil
        let previousRun = toolWritten(in: target)
        let kept = try stage.carryOver { !previousRun.contains($0) }
        try stage.commit()
        if hadPrevious {
            note("replaced the previous run in \(target)" + (kept.isEmpty ? "" : "; kept \(kept.count) \(kept.count == 1 ? "entry" : "entries") offshore did not write: \(kept.joined(separator: ", "))"))
        }
        return target
    }

    /// The top-level names a run folder's own run wrote: the fixed files, the report's, and `<model>.csv|json` for the
    /// models its manifest lists (no model files when the folder has no readable manifest: what is unknown stays).
    static func toolWritten(in folder: String) -> Set<String> {
        var names: Set<String> = ["tables.txt", "estimates.csv", "estimates.json", "contributions.csv", "contributions.json",
                                  RunSummary.measuresFileName, RunSummary.fileName, "config.resolved.toml", RunManifest.fileName,
                                  "index.html", "tables", "charts"]
        if let manifest = try? RunManifest(path: join(folder, RunManifest.fileName)) {
            for m in manifest.models { names.insert(m + ".csv"); names.insert(m + ".json") }
        }
        return names
    }
}

/// `a/b`, without doubling a slash that ends `a`.
func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
