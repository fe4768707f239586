import ArgumentParser
import DataIO
import Foundation
import OffshoringModels
import Reporting
import RunFolders

/// `offshore verify RUN_DIR`: checks a run folder of `offshore estimate` against its inputs and the tool: every
/// input's SHA-256 and size as the manifest records them, then the whole run made again in a temporary folder with
/// the same config and report options, compared byte for byte with the folder.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a run folder: its inputs' SHA-256 and the run made again, compared byte for byte.",
        discussion: """
        RUN_DIR is a folder written by `offshore estimate --output-dir` or `--report` (e.g. Reports/example). Its \
        manifest.json records every input file with its SHA-256 and size, the tool's version and the report options; \
        config.resolved.toml the whole config. verify first checks every input (a missing or changed one is named, \
        exit status 2), then makes the run again in a temporary folder and compares every file. Each file that \
        differs is reported with its first differing line, as recorded and as made now.

        Exit status: 0 when every file is identical ("verified: N files identical"), 1 when outputs differ, 2 for \
        bad input (no manifest, an unreadable folder, changed or missing inputs). Folders that `offshore report` \
        wrote inside the run folder (report-<lang>/) are not part of the run and are skipped.
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runDirectory: String

    func run() throws {
        let folder = runDirectory.count > 1 && runDirectory.hasSuffix("/") ? String(runDirectory.dropLast()) : runDirectory
        let manifest = try RunManifest(folder: folder)
        guard manifest.command == "estimate" else {
            throw InputError(file: folder + "/manifest.json", key: "command",
                             "verify makes runs of offshore estimate again; this folder was made by '\(manifest.command)'")
        }
        let resolvedConfig = folder + "/config.resolved.toml"
        guard fileExists(resolvedConfig) else {
            throw InputError(file: resolvedConfig, "missing: the run's resolved config is needed to make the run again")
        }
        let version = OffshoreCommand.configuration.version
        if manifest.version != version {
            FileHandleOutput.standardError("offshore: note: the run was made by offshore \(manifest.version), this is \(version)\n")
        }
        let changed = manifest.changedInputs()
        if !changed.isEmpty {
            for line in changed { FileHandleOutput.standardError("offshore: \(line)\n") }
            FileHandleOutput.standardError("offshore: error: \(changed.count) of \(manifest.inputs.count) inputs of \(folder) changed or missing; "
                                           + "the run cannot be verified against them\n")
            throw ExitCode(2)
        }

        // The config as the run resolved it (paths relative to the run folder), under its original name.
        let bundle = (try? BundledData.folder()) ?? folder
        var config = try EstimateConfig.load(path: resolvedConfig, bundle: bundle)
        config.path = manifest.config == "(bundled default)" ? nil : manifest.resolve(manifest.config)
        config.runName = manifest.runName
        let run = try EstimateRun.execute(config: config)
        var settings: PublicationSettings?
        var labels: String?
        var reportInputs: [String] = []
        if let r = manifest.report {
            // The labels files the report read are the recorded inputs the run itself does not read: the bundled
            // labels as the run found them, then the user's --labels file.
            labels = r.labels.map(manifest.resolve)
            let runInputs = Set(run.inputs.map(RunFolder.absolutePath))
            reportInputs = manifest.inputs.map { manifest.resolve($0.path) }.filter { !runInputs.contains($0) }
            var s = try PublicationSettings(lang: r.language, decimalComma: r.decimalComma, digits: r.digits, labelsPath: labels)
            for bundled in reportInputs where bundled != labels {
                s.labels = s.labels.layered(over: try VariableLabels(path: bundled))
            }
            settings = s
        }

        let scratch = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let fresh = try RunFolder.write(run, directory: scratch, toolVersion: version, report: settings, labels: labels,
                                        reportInputs: reportInputs, display: manifest.display)
        let result = try RunFolderComparison(recorded: folder, fresh: fresh)
        for line in result.skipped { FileHandleOutput.standardError("offshore: note: skipped \(line)\n") }
        if result.differences.isEmpty {
            OutputTarget.emitLine("verified: \(result.identical) files identical")
            return
        }
        OutputTarget.emitLine(result.differences.joined(separator: "\n"))
        OutputTarget.emitLine("not verified: \(result.differences.count) of \(result.compared) files differ")
        throw ExitCode(1)
    }

    /// A new empty folder under the system's temporary directory.
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

/// Two run folders compared file by file, byte for byte.
struct RunFolderComparison {
    /// One line per difference: a file missing on either side, or the first differing line of a file.
    var differences: [String] = []
    /// Files present on both sides and identical.
    var identical = 0
    /// Files looked at (the union of both sides).
    var compared = 0
    /// Folders of the recorded run that are not part of it (reports rendered later by `offshore report`).
    var skipped: [String] = []

    /// Compares every file under `recorded` with the one under `fresh` of the same relative path.
    init(recorded: String, fresh: String) throws {
        let fm = FileManager.default
        func files(_ root: String) throws -> [String] {
            guard let all = fm.enumerator(atPath: root) else { throw InputError(file: root, "cannot list the folder") }
            var out: [String] = []
            while let p = all.nextObject() as? String {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
            }
            return out.sorted()
        }
        let made = try files(fresh)
        var old = try files(recorded)
        // `offshore report RUN_DIR` writes RUN_DIR/report-<lang>/ by default: a later rendering, not the run.
        let rendered = Set(old.compactMap { p -> String? in
            let top = p.split(separator: "/").first.map(String.init) ?? p
            return top.hasPrefix("report-") && p.contains("/") && !made.contains(where: { $0.hasPrefix(top + "/") }) ? top : nil
        })
        skipped = rendered.sorted().map { "\($0)/ (written by offshore report, not part of the run)" }
        old = old.filter { p in !rendered.contains(where: { p.hasPrefix($0 + "/") }) }
        let madeSet = Set(made), oldSet = Set(old)
        for p in Array(madeSet.union(oldSet)).sorted() {
            compared += 1
            guard oldSet.contains(p) else { differences.append("\(p): missing from the run folder (the run makes it now)"); continue }
            guard madeSet.contains(p) else { differences.append("\(p): in the run folder, but the run does not make it now"); continue }
            guard let a = fm.contents(atPath: recorded + "/" + p) else { throw InputError(file: recorded + "/" + p, "cannot read the file") }
            guard let b = fm.contents(atPath: fresh + "/" + p) else { throw InputError(file: fresh + "/" + p, "cannot read the file") }
            if a == b { identical += 1; continue }
            differences.append(Self.firstDifference(p, recorded: [UInt8](a), now: [UInt8](b)))
        }
    }

    /// `file: line N differs` with the recorded line and the line made now (each cut at 200 characters).
    static func firstDifference(_ name: String, recorded: [UInt8], now: [UInt8]) -> String {
        let a = lines(recorded), b = lines(now)
        var k = 0
        while k < a.count && k < b.count && a[k] == b[k] { k += 1 }
        func show(_ ls: [ArraySlice<UInt8>], _ k: Int) -> String {
            guard k < ls.count else { return "(end of file)" }
            let s = String(decoding: ls[k], as: UTF8.self)
            return s.count > 200 ? String(s.prefix(200)) + "..." : s
        }
        return "\(name): line \(k + 1) differs\n  recorded: \(show(a, k))\n  now:      \(show(b, k))"
    }

    /// The lines of `bytes` (split at "\n"; a final newline makes no empty last line).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var out = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { out.removeLast() }
        return out
    }
}

extension PublicationOptions {
    /// The labels files these options read: the bundled `labels/default.toml` (when the bundle is found) and
    /// `--labels`; a run folder's manifest hashes them as inputs of its report.
    func labelFiles() -> [String] {
        var out: [String] = []
        if let bundle = try? BundledData.folder(), fileExists(bundle + "/labels/default.toml") { out.append(bundle + "/labels/default.toml") }
        if let labels { out.append(labels) }
        return out
    }
}
