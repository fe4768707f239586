import Foundation

/// Where the repository and the data beside it are, for tests that read bundled or reference files.
public enum RepositoryPaths {
    /// The repository root: the nearest folder above this source file that holds Package.swift (the current
    /// directory if none does).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The shared data folder beside the repository (`root/../shared`).
    public static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }

    /// The bundled `SupplyUseTables` folder of the repository.
    public static var supplyUseTables: URL { root.appendingPathComponent("SupplyUseTables") }

    /// A file or folder of the repository, by its path relative to the root (e.g. `"Tests/X/References/a.csv"`).
    public static func file(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// A file or folder of the shared data, by its path relative to `shared` (e.g. `"data/validation/grunfeld.csv"`).
    public static func sharedFile(_ relativePath: String) -> URL { shared.appendingPathComponent(relativePath) }
}
