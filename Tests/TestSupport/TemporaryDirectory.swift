import Foundation

/// Fresh, uniquely named folders under the system's temporary directory for a test's files.
public enum TemporaryDirectory {
    /// Creates a new empty folder named `<prefix>-<UUID>` and returns its URL.
    public static func make(prefix: String = "offshore-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes `url` and everything in it; a folder that is already gone is not an error.
    public static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}
