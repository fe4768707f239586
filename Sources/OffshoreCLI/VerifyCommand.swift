import ArgumentParser
import DataIO
import Foundation
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

        Numbers may differ in their last digits between machines: OpenBLAS chooses its kernels for the processor, \
        and kernels of different widths add in different orders. A file whose text is the same and whose numbers \
        agree to a relative --tolerance (default 1e-9) counts as verified and is reported as such; --exact asks \
        for identical bytes.

        Exit status: 0 when every file agrees ("verified: N files identical"), 1 when outputs differ, 2 for \
        bad input (no manifest, an unreadable folder, changed or missing inputs). Folders that `offshore report` \
        wrote inside the run folder (report-<lang>/) are not part of the run and are skipped.
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runDirectory: String

    @Option(help: ArgumentHelp("Relative difference allowed between numbers of a file made again (default 1e-9).", valueName: "R"))
    var tolerance: Double = RunFolderComparison.defaultTolerance

    @Flag(help: "Require identical bytes (no tolerance for numbers).")
    var exact = false

    func validate() throws {
        guard tolerance.isFinite, tolerance >= 0, tolerance < 1 else {
            throw ValidationError("--tolerance: expected a relative difference from 0 to below 1, got \(tolerance)")
        }
    }

    func run() throws {
        let folder = runDirectory.count > 1 && runDirectory.hasSuffix("/") ? String(runDirectory.dropLast()) : runDirectory
        let recorded = try RecordedRun(folder: folder)
        try recorded.checkCanBeMadeAgain()
        let version = OffshoreCommand.configuration.version
        if recorded.manifest.version != version {
            FileHandleOutput.standardError("offshore: note: the run was made by offshore \(recorded.manifest.version), this is \(version)\n")
        }
        let changed = recorded.changedInputs()
        if !changed.isEmpty {
            for line in changed { FileHandleOutput.standardError("offshore: \(line)\n") }
            FileHandleOutput.standardError("offshore: error: \(changed.count) of \(recorded.manifest.inputs.count) inputs of \(folder) changed or missing; "
                                           + "the run cannot be verified against them\n")
            throw ExitCode(2)
        }
        let result = try recorded.compareWithRunMadeAgain(toolVersion: version, bundle: (try? BundledData.folder()) ?? folder,
                                                      relativeTolerance: exact ? 0 : tolerance)
        for line in result.skipped { FileHandleOutput.standardError("offshore: note: skipped \(line)\n") }
        if result.differences.isEmpty {
            OutputTarget.emitLine("verified: \(result.agreement)")
            return
        }
        OutputTarget.emitLine(result.differences.joined(separator: "\n"))
        OutputTarget.emitLine("not verified: \(result.differences.count) of \(result.compared) files differ")
        throw ExitCode(1)
    }
}
