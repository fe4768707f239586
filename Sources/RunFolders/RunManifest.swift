import DataIO
import Foundation
import OffshoringModels
import Reporting

/// How a run's report was asked for, as its manifest records it (`report`, `lang`, `decimal_comma`, `digits`,
/// `labels`), so that `offshore verify` can make the same report again.
public struct ReportRecord: Equatable {
    /// The language code (`en`, `nl`, `fr`).
    public var language: String
    /// True when numbers were written with a decimal comma.
    public var decimalComma: Bool
    /// `--digits`, nil for each table's default.
    public var digits: Int?
    /// The user's labels file (`--labels`), nil for none.
    public var labels: String?
    /// Files the report read besides the run's inputs (the labels files), hashed in the manifest as inputs.
    public var inputs: [String]

    /// A record of the report options.
    public init(language: String, decimalComma: Bool, digits: Int?, labels: String?, inputs: [String] = []) {
        self.language = language
        self.decimalComma = decimalComma
        self.digits = digits
        self.labels = labels
        self.inputs = inputs
    }

    /// The record of `settings` (language, number style and digits), with the labels file it was read with.
    public init(settings: PublicationSettings, labels: String?, inputs: [String]) {
        self.init(language: settings.language.rawValue, decimalComma: settings.style.decimalComma, digits: settings.digits,
                  labels: labels, inputs: inputs)
    }
}

/// A run folder's `manifest.json` read back: what `offshore verify` needs to check the inputs and make the run
/// again. Paths are as recorded (relative to the run folder, or absolute); `resolve(_:)` makes them usable.
public struct RunManifest {
    /// One input file as recorded: its path, SHA-256 and size in bytes.
    public struct Input: Equatable {
        /// The recorded path (relative to the run folder, or absolute).
        public var path: String
        /// 64 lower-case hexadecimal characters.
        public var sha256: String
        /// Size in bytes.
        public var bytes: Int
    }

    /// The run folder the manifest lies in.
    public var folder: String
    /// The command that made the run (`estimate`).
    public var command: String
    /// The tool's version then.
    public var version: String
    /// The run's name (the folder name it was written under).
    public var runName: String
    /// The config file as recorded.
    public var config: String
    /// The report options; nil when the run made no report.
    public var report: ReportRecord?
    /// The input files.
    public var inputs: [Input]

    /// Reads `<folder>/manifest.json`.
    /// - Throws: `InputError` naming the file and the key when the manifest is missing, not JSON, or lacks what a
    ///   run needs to be made again.
    public init(folder: String) throws {
        self.folder = folder
        let path = join(folder, "manifest.json")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: folder, "not a run folder: no such directory (expected a folder offshore estimate --output-dir or --report wrote, e.g. Reports/example)")
        }
        guard fileExists(path) else {
            throw InputError(file: path, "missing: \(folder) is not a run folder of offshore estimate (it holds no manifest.json)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(file: path, "cannot read the file") }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
        guard let m = object as? [String: Any] else { throw InputError(file: path, "expected a JSON object") }
        func string(_ key: String) throws -> String {
            guard let s = m[key] as? String else { throw InputError(file: path, key: key, "expected a string") }
            return s
        }
        command = try string("command")
        version = try string("version")
        runName = try string("run_name")
        config = try string("config")
        guard let list = m["inputs"] as? [Any] else { throw InputError(file: path, key: "inputs", "expected an array of input files") }
        inputs = []
        for (k, item) in list.enumerated() {
            guard let i = item as? [String: Any], let p = i["path"] as? String, let h = i["sha256"] as? String,
                  let b = (i["bytes"] as? NSNumber)?.intValue else {
                throw InputError(file: path, key: "inputs[\(k)]", "expected {\"path\": ..., \"sha256\": ..., \"bytes\": ...}")
            }
            inputs.append(Input(path: p, sha256: h, bytes: b))
        }
        report = nil
        if let wants = m["report"] as? Bool, wants {
            let digits: Int?
            if let d = m["digits"] as? NSNumber, !(m["digits"] is String) { digits = d.intValue } else { digits = nil }
            let labels = m["labels"] as? String
            guard let comma = m["decimal_comma"] as? Bool else {
                throw InputError(file: path, key: "decimal_comma", "expected true or false (the report's number style)")
            }
            report = ReportRecord(language: try string("lang"), decimalComma: comma, digits: digits,
                                  labels: labels == "none" ? nil : labels)
        }
    }

    /// True when the run recorded its paths relative to the run folder (it lay inside the current directory).
    public var recordsRelativePaths: Bool { inputs.contains { !$0.path.hasPrefix("/") } }

    /// A recorded path made usable from the current directory: a relative one is relative to the run folder.
    public func resolve(_ recorded: String) -> String {
        recorded.hasPrefix("/") ? recorded : RunFolder.absolutePath(join(folder, recorded))
    }

    /// How the run recorded a path, for a run made again elsewhere: relative to the original run folder when
    /// the run recorded relative paths, else absolute.
    public func display(_ path: String) -> String {
        recordsRelativePaths ? RunFolder.relativePath(path, from: folder) : RunFolder.absolutePath(path)
    }

    /// What changed in the inputs since the run: one line per input that is missing or whose size or SHA-256
    /// differs from the record (empty when all are unchanged).
    public func changedInputs() -> [String] {
        var out: [String] = []
        for i in inputs {
            let p = resolve(i.path)
            guard fileExists(p) else {
                out.append("missing input: \(i.path) (\(p))")
                continue
            }
            do {
                let (digest, size) = try SHA256.hexDigest(ofFile: p)
                if digest != i.sha256 || size != i.bytes {
                    out.append("changed input: \(i.path): recorded \(i.bytes) bytes, SHA-256 \(i.sha256); now \(size) bytes, SHA-256 \(digest)")
                }
            } catch {
                out.append("unreadable input: \(i.path): \(error)")
            }
        }
        return out
    }
}
