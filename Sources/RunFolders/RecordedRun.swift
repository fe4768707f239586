import DataIO
import Foundation
import OffshoringModels
import Reporting

/// A run folder on disk with its manifest: what `offshore verify` checks and makes again. Paths in the manifest
/// are as recorded (relative to the run folder, or absolute); `resolve(_:)` makes them usable from the current
/// directory.
public struct RecordedRun {
    /// The run folder.
    public var folder: String
    /// Its `manifest.json`.
    public var manifest: RunManifest

    /// Reads `<folder>/manifest.json`.
    /// - Throws: `InputError` naming the folder when it is not a directory, the manifest when it is missing, and
    ///   the file and key when the manifest is not JSON or lacks what a run needs to be made again.
    public init(folder: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: folder, "not a run folder: no such directory (expected a folder offshore estimate --output-dir or --report wrote, e.g. Reports/example)")
        }
        let path = join(folder, RunManifest.fileName)
        guard fileExists(path) else {
            throw InputError(file: path, "missing: \(folder) is not a run folder of offshore estimate (it holds no manifest.json)")
        }
        self.folder = folder
        manifest = try RunManifest(path: path)
    }

    /// True when the run recorded its paths relative to the run folder (it lay inside the current directory).
    public var recordsRelativePaths: Bool { manifest.inputs.contains { !$0.path.hasPrefix("/") } }

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
        for i in manifest.inputs {
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

    /// The run's resolved config (`config.resolved.toml`).
    public var resolvedConfigPath: String { join(folder, "config.resolved.toml") }

    /// Checks that the run can be made again: `offshore estimate` made it and its resolved config is there.
    /// - Throws: `InputError` naming the manifest's `command`, or the missing config.
    public func checkCanBeMadeAgain() throws {
        guard manifest.command == "estimate" else {
            throw InputError(file: join(folder, RunManifest.fileName), key: "command",
                             "verify makes runs of offshore estimate again; this folder was made by '\(manifest.command)'")
        }
        guard fileExists(resolvedConfigPath) else {
            throw InputError(file: resolvedConfigPath, "missing: the run's resolved config is needed to make the run again")
        }
    }

    /// The config as the run resolved it (paths relative to the run folder), under its original name and path.
    /// - Parameter bundle: the bundled data folder (for what the config leaves to the bundle).
    public func config(bundle: String) throws -> EstimateConfig {
        var config = try EstimateConfig.load(path: resolvedConfigPath, bundle: bundle)
        config.path = manifest.config.map(resolve)
        config.runName = manifest.runName
        return config
    }

    /// The report settings the run was made with, nil when it made no report: the recorded language, number
    /// style and digits, with the labels files the report read. Those are the recorded inputs the run itself does
    /// not read (`runInputs`): the bundled labels as the run found them, laid under the user's `--labels` file.
    public func reportSettings(runInputs: [String]) throws -> (settings: PublicationSettings, labels: String?, inputs: [String])? {
        guard let r = manifest.report else { return nil }
        let labels = r.labels.map(resolve)
        let runs = Set(runInputs.map(RunFolder.absolutePath))
        let inputs = manifest.inputs.map { resolve($0.path) }.filter { !runs.contains($0) }
        var s = try PublicationSettings(lang: r.language, decimalComma: r.decimalComma, digits: r.digits, labelsPath: labels)
        for bundled in inputs where bundled != labels {
            s.labels = s.labels.layered(over: try VariableLabels(path: bundled))
        }
        return (s, labels, inputs)
    }

    /// Makes the run again (estimation and report) from its resolved config and recorded report options, into a
    /// new run folder under `directory`, recording paths as the original folder did; returns the new folder.
    /// - Parameter bundle: the bundled data folder.
    public func makeAgain(in directory: String, toolVersion: String, bundle: String) throws -> String {
        let run = try EstimateRun.execute(config: try config(bundle: bundle))
        let report = try reportSettings(runInputs: run.inputs)
        return try RunFolder.write(run, directory: directory, toolVersion: toolVersion, report: report?.settings, labels: report?.labels,
                                   reportInputs: report?.inputs ?? [], display: display)
    }

    /// Makes the run again in a new temporary folder and compares it with the run folder, file by file; the
    /// temporary folder is removed afterwards.
    /// - Parameter bundle: the bundled data folder.
    public func compareWithRunMadeAgain(toolVersion: String, bundle: String,
                                        relativeTolerance: Double = RunFolderComparison.defaultTolerance) throws -> RunFolderComparison {
        let scratch = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let fresh = try makeAgain(in: scratch, toolVersion: toolVersion, bundle: bundle)
        return try RunFolderComparison(recorded: folder, fresh: fresh, relativeTolerance: relativeTolerance)
    }

    /// A new empty folder under the system's temporary directory (`TMPDIR`, else `/tmp`).
    static func temporaryFolder() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/offshore-verify-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buf -> Bool in
            guard let p = buf.baseAddress else { return false }
            return mkdtemp(p) != nil
        }
        guard made else { throw InputError(file: base, "cannot create a temporary folder to make the run again") }
        return template.withUnsafeBufferPointer { buf in buf.baseAddress.map { String(cString: $0) } ?? "" }
    }
}
