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
    /// The manifest.
    public var manifest: RunManifest

    /// The files a run folder must hold.
    public static let requiredFiles = [RunSummary.fileName, RunSummary.measuresFileName, RunManifest.fileName]

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
        measures.energyProducts = summary.energyProducts
        if measures.country.isEmpty { measures.country = summary.country }
        manifest = try RunManifest(path: path(RunManifest.fileName))
    }
}
