import Foundation
import OffshoringModels
import TestSupport

/// The bundled data and the panel built from it once for every test of this target (loading the 17 WIOD
/// tables is the slow part in debug builds).
enum Bundled {
    /// `SupplyUseTables`.
    static var folder: String { RepositoryPaths.supplyUseTables.path }

    /// This target's reference files.
    static func reference(_ name: String) -> String {
        RepositoryPaths.file("Tests/OffshoringModelsTests/References/\(name)").path
    }

    /// The bundled default config.
    static func config() throws -> EstimateConfig {
        try EstimateConfig.load(path: folder + "/config/estimate-default.toml", bundle: folder)
    }

    /// The panel of the bundled default (built once).
    static let panel: Result<(IndustryPanel, [String]), Error> = Result { try PanelBuilder.build(config: try config()) }

    /// Reads a small CSV with a header into rows of named fields.
    static func csv(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        guard let head = lines.first else { return [] }
        let names = fields(head)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(names, fields($0))) }
    }

    /// The fields of one CSV line; double-quoted fields may hold commas.
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() } else if c == "," && !quoted { out.append(current); current = "" } else { current.append(c) }
        }
        out.append(current)
        return out
    }
}
