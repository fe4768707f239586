import DataIO
import Foundation
import Reporting

/// What `offshore report` reads back from a run folder of `offshore estimate`: the results (`report.json`),
/// the offshoring measures (`offshoring.csv`) and the manifest (`manifest.json`). Nothing is estimated again.
public struct RunFolderContents {
    /// The saved results.
    public var summary: RunSummary
    /// The measures (years empty when the run saved none).
    public var measures: OffshoringData
    /// The manifest as key/value pairs for the page.
    public var manifest: [(key: String, value: String)]

    /// The files a run folder must hold.
    public static let requiredFiles = [RunSummary.fileName, RunSummary.measuresFileName, "manifest.json"]

    /// Reads the run folder `folder`.
    /// - Throws: `InputError` naming the folder when it is not a directory, the first required file that is
    ///   missing, or the file, line and key of a malformed one.
    public init(folder: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw InputError(file: folder, "not a run folder: no such directory (expected the folder offshore estimate --output-dir "
                             + "or --report wrote, e.g. Reports/default)")
        }
        func path(_ name: String) -> String { folder.hasSuffix("/") ? folder + name : folder + "/" + name }
        for name in Self.requiredFiles where !fileExists(path(name)) {
            throw InputError(file: path(name), "missing: \(folder) is not a run folder of offshore estimate (a run folder holds "
                             + Self.requiredFiles.joined(separator: ", ") + "; runs before this version can be made again with --report)")
        }
        summary = try RunSummary(path: path(RunSummary.fileName))
        var aggregates: [String: String] = [:]
        for a in summary.aggregates { aggregates[a.name] = a.label }
        measures = try OffshoringData(tidyCSV: path(RunSummary.measuresFileName), aggregates: aggregates, denominator: summary.denominator)
        measures.narrow = summary.narrow
        if measures.country.isEmpty { measures.country = summary.country }
        manifest = try Self.manifestPairs(path: path("manifest.json"))
    }

    /// The manifest's entries in a fixed order (known keys first, then the others sorted), then each input file:
    /// its path, with its SHA-256 and size.
    /// - Throws: `InputError` naming the file when it is not a JSON object.
    public static func manifestPairs(path: String) throws -> [(key: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(file: path, "cannot read the file") }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
        guard let m = object as? [String: Any] else { throw InputError(file: path, "expected a JSON object") }
        let known = ["tool", "version", "command", "run_name", "config", "synthetic_accounts", "country", "years", "denominator", "models"]
        var out: [(key: String, value: String)] = []
        for k in known + m.keys.filter({ !known.contains($0) && $0 != "inputs" }).sorted() {
            guard let v = m[k] else { continue }
            if k == "synthetic_accounts", let b = v as? Bool { out.append((k, b ? "true" : "false")); continue }
            out.append((k, text(v)))
        }
        for item in (m["inputs"] as? [Any]) ?? [] {
            guard let i = item as? [String: Any] else { continue }
            let p = i["path"].map(text) ?? "?"
            let sha = i["sha256"].map(text) ?? "?"
            let bytes = i["bytes"].map(text) ?? "?"
            out.append((p, "sha256 \(sha), \(bytes) bytes"))
        }
        return out
    }

    static func text(_ v: Any) -> String {
        switch v {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case let a as [Any]: return a.map(text).joined(separator: ", ")
        default: return "\(v)"
        }
    }
}
