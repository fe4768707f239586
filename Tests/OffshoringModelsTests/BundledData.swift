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

    /// The bundled config on SYNTHETIC accounts (estimate-synthetic.toml: the built-in defaults written out), which the
    /// truth-recovery tests and the references of this target use.
    static func config() throws -> EstimateConfig {
        try EstimateConfig.load(path: folder + "/config/estimate-synthetic.toml", bundle: folder)
    }

    /// The panel of the synthetic config (built once).
    static let panel: Result<(IndustryPanel, [String]), Error> = Result { try PanelBuilder.build(config: try config()) }

    /// The bundled default config: the real Belgian accounts (WIOD SEA 2013, EU KLEMS CAPIT).
    static func realConfig() throws -> EstimateConfig {
        try EstimateConfig.load(path: folder + "/config/estimate-default.toml", bundle: folder)
    }

    /// The panel of the bundled default on real accounts (built once).
    static let realPanel: Result<(IndustryPanel, [String]), Error> = Result { try PanelBuilder.build(config: try realConfig()) }

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
