import Foundation

/// gzip compression for tests, with the system's gzip (part of every Debian base system).
public enum Gzip {
    /// A failed compression: gzip's exit status.
    public struct Failure: Error, CustomStringConvertible {
        /// gzip's exit status.
        public let status: Int32
        public var description: String { "gzip exited with status \(status)" }
    }

    /// Compresses `path` next to itself, keeping the original, and returns the `.gz` path.
    public static func compress(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-k", "-f", path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(status: p.terminationStatus) }
        return path + ".gz"
    }

    /// The inflated bytes of the gzip file `path` (`gzip -dc`).
    public static func decompress(_ path: String) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(status: p.terminationStatus) }
        return data
    }
}
