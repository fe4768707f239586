import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finding that is not a crash: two ways of reading the same input disagree. Thrown by the harnesses; as it is
/// not an `InputError`, the fuzz entry point and the replay test report it.
public struct FuzzFinding: Error, CustomStringConvertible {
    /// What disagreed.
    public let description: String
}

/// The temporary files through which path-only readers get the fuzzed bytes: one folder per process
/// (`$TMPDIR/offshore-fuzz-<pid>`), one file per harness name, overwritten by each input.
public enum FuzzFiles {
    /// The process's folder (created by `write` when missing).
    public static let directory: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (base.hasSuffix("/") ? base : base + "/") + "offshore-fuzz-\(getpid())"
    }()

    /// A bundle folder that does not exist, for the config readers (they only resolve paths against it).
    public static var bundle: String { directory + "/bundle" }

    /// Writes `bytes` to `name` in the process's folder and returns the path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws -> String {
        let path = directory + "/" + name
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if fd < 0 && errno == ENOENT {  // first use, or removed by removeAll()
            mkdir(directory, 0o700)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        guard fd >= 0 else { throw FuzzFinding(description: "harness: cannot create \(path): errno \(errno)") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { break }
            let n = Glibc.write(fd, base + done, bytes.count - done)
            guard n > 0 else { throw FuzzFinding(description: "harness: cannot write \(path): errno \(errno)") }
            done += n
        }
        return path
    }

    /// Writes `bytes` to `name` in the process's folder and returns the path.
    public static func write(_ bytes: [UInt8], name: String) throws -> String {
        try bytes.withUnsafeBufferPointer { try write($0, name: name) }
    }

    /// Removes the process's folder (at the end of a replay); the next `write` creates it again.
    public static func removeAll() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
