import DataIO
import Foundation
import Reporting

/// Writes a run's outputs into `<directory>/<run-name>/` so that the run can be reproduced and compared.
///
/// Contents: `tables.txt` (the terminal tables), `estimates.csv` and `estimates.json` (every model, the
/// `--format csv|json` outputs), `<model>.csv` and `<model>.json` per model, `contributions.csv` and
/// `contributions.json`, `config.resolved.toml` and `manifest.json` (tool version, input files with SHA-256 and
/// size, the run's options). No date or time is written, so two runs on the same inputs give identical folders.
///
/// The folder is built in a temporary sibling and then swapped into place: a failed run leaves the previous
/// run folder as it was.
public enum RunFolder {
    /// The manifest's JSON.
    public static func manifest(_ run: EstimateRun, toolVersion: String) throws -> JSONValue {
        var inputs: [JSONValue] = []
        for p in run.inputs {
            let (digest, size) = try SHA256.hexDigest(ofFile: p)
            inputs.append(.object([("path", .string(p)), ("sha256", .string(digest)), ("bytes", .int(size))]))
        }
        let c = run.config
        return .object([
            ("tool", .string("offshore")), ("version", .string(toolVersion)), ("command", .string("estimate")),
            ("run_name", .string(c.runName)), ("config", c.path.map { .string($0) } ?? .string("(bundled default)")),
            ("synthetic_accounts", .bool(c.synthetic)), ("country", .string(c.country)),
            ("years", .string(describeYears(run.panel.years))), ("denominator", .string(c.denominator.rawValue)),
            ("models", .array(run.outcomes.map { .string($0.spec.name) })),
            ("inputs", .array(inputs)),
        ])
    }

    /// The files of the run folder, by name.
    public static func files(_ run: EstimateRun, toolVersion: String) throws -> [(String, String)] {
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
        out.append(("config.resolved.toml", run.config.resolvedTOML()))
        out.append(("manifest.json", try manifest(run, toolVersion: toolVersion).render() + "\n"))
        return out
    }

    /// Writes the run folder `<directory>/<run-name>` atomically and returns its path.
    @discardableResult
    public static func write(_ run: EstimateRun, directory: String, toolVersion: String) throws -> String {
        let contents = try files(run, toolVersion: toolVersion)
        try AtomicFile.createDirectories(directory)
        let name = run.config.runName
        let target = join(directory, name)
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = join(directory, ".\(name).tmp-\(tag)")
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw InputError(file: staging, "cannot create the run folder: \(error.localizedDescription)")
        }
        var done = false
        defer { if !done { try? fm.removeItem(atPath: staging) } }
        for (file, text) in contents { try AtomicFile.write(text, to: join(staging, file)) }
        let old = join(directory, ".\(name).old-\(tag)")
        let hadOld = fileExists(target)
        if hadOld {
            guard rename(target, old) == 0 else {
                throw InputError(file: target, "cannot move the previous run folder aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging, target) == 0 else {
            let msg = String(cString: strerror(errno))
            if hadOld { _ = rename(old, target) }
            throw InputError(file: target, "cannot move the new run folder into place: \(msg)")
        }
        done = true
        if hadOld { try? fm.removeItem(atPath: old) }
        return target
    }
}
