import Foundation

/// Fresh, uniquely named folders under the system's temporary directory for a test's files.
///
/// Every folder made here is removed when the test process exits normally, so a suite run leaves nothing behind
/// in the temporary directory (one run used to leave hundreds of folders there, some of 100 MB). Set
/// `OFFSHORE_KEEP_TEST_FILES=1` to keep them for a look after a failure.
public enum TemporaryDirectory {
    /// Creates a new empty folder named `<prefix>-<UUID>` and returns its URL; it is removed at process exit.
    public static func make(prefix: String = "offshore-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        madeFolders.add(url)
        return url
    }

    /// Removes `url` and everything in it; a folder that is already gone is not an error.
    public static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// The folders this process made, removed by an `atexit` handler registered with the first one.
    private static let madeFolders = FolderList()

    /// A lock-guarded list of folders to remove at exit.
    private final class FolderList: @unchecked Sendable {
        private let lock = NSLock()
        private var urls: [URL] = []
        private var registered = false

        func add(_ url: URL) {
            lock.lock()
            defer { lock.unlock() }
            urls.append(url)
            if !registered {
                registered = true
                atexit { TemporaryDirectory.removeAllMade() }
            }
        }

        func takeAll() -> [URL] {
            lock.lock()
            defer { lock.unlock() }
            let all = urls
            urls.removeAll()
            return all
        }
    }

    /// Removes every folder made by this process unless OFFSHORE_KEEP_TEST_FILES is set.
    static func removeAllMade() {
        let folders = madeFolders.takeAll()
        guard ProcessInfo.processInfo.environment["OFFSHORE_KEEP_TEST_FILES"] == nil else { return }
        for url in folders { remove(url) }
    }
}
