import Foundation
import XCTest
import OffshoreCLI
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs `offshore` for the CLI tests and returns its exit status and output. Shared by every CLI test file.
///
/// `run` drives the commands in this process through `OffshoreCLI.execute` (fast; the default); `runBinary` runs the
/// built executable as a user would, for the few tests about the process itself (see EndToEndTests). Both return the
/// same `Result` for the same arguments, folder and environment.
enum CLI {
    /// What one run returned.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository root (the folder holding Package.swift).
    static var repositoryRoot: URL { RepositoryPaths.root }

    /// The shared data folder beside the repository (`../shared`).
    static var sharedRoot: URL { RepositoryPaths.shared }

    /// Runs `offshore arguments` in this process, in `directory` (the repository root by default) with `environment`
    /// set over the process's own, capturing standard output and standard error. The folder and the variables are
    /// restored afterwards; tests run one at a time, so nothing else sees them meanwhile.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let folder = (directory ?? repositoryRoot).path
        let previousFolder = FileManager.default.currentDirectoryPath
        guard chdir(folder) == 0 else { throw HarnessError("cannot change to \(folder): \(String(cString: strerror(errno)))") }
        defer { _ = chdir(previousFolder) }
        let previousValues = environment.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
        for (k, v) in environment { setenv(k, v, 1) }
        defer {
            for (k, v) in previousValues {
                if let v { setenv(k, v, 1) } else { unsetenv(k) }
            }
        }
        var status: Int32 = 0
        let (out, err) = try StandardStreams.capture { status = OffshoreCLI.execute(arguments) }
        return Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// The `offshore` binary built next to the test bundle.
    static func executable() throws -> URL {
        let candidates = [Bundle.main.executableURL, Bundle(for: Token.self).bundleURL as URL?]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("offshore") }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        throw XCTSkip("offshore executable not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    /// Runs the built `offshore` executable with `arguments` in `directory` (the repository root by default), as a
    /// separate process, with `environment` set over this process's own.
    static func runBinary(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so that a large output cannot block the child.
        let outBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory for a test's files.
    static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory.make(prefix: "offshore-test")
    }

    private final class Token {}

    /// Holds the bytes read on another thread; the DispatchGroup orders the write before the read.
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }

    /// The harness itself could not run the command (no pipe, no folder): not a result of the command.
    struct HarnessError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Captures what this process writes to file descriptors 1 and 2 while a body runs.
///
/// The CLI writes with `write(1/2, ...)`, not through `FileHandle` or `print`, so the descriptors themselves are
/// pointed (dup2) at pipes, each drained to its end on a thread of its own (a command writing more than a pipe holds
/// never blocks), and put back afterwards. C's buffered streams are flushed before and after, so that nothing the
/// test runner printed earlier lands in the capture and nothing the body printed escapes it.
enum StandardStreams {
    static func capture(_ body: () -> Void) throws -> (stdout: Data, stderr: Data) {
        fflush(nil)
        let out = try Drain(replacing: 1)
        let err: Drain
        do { err = try Drain(replacing: 2) } catch { _ = out.finish(); throw error }
        body()
        fflush(nil)
        return (out.finish(), err.finish())
    }

    /// One descriptor pointed at a pipe whose other end a thread reads to its end.
    private final class Drain: @unchecked Sendable {
        private let fd: Int32
        private let saved: Int32
        private let readEnd: Int32
        private let done = DispatchSemaphore(value: 0)
        // Written by the reading thread before it signals `done`, read after waiting for it.
        private var data = Data()

        init(replacing fd: Int32) throws {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw CLI.HarnessError("pipe: \(String(cString: strerror(errno)))") }
            // Neither the read end nor the saved descriptor reaches a process started meanwhile.
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            let saved = fcntl(fd, F_DUPFD_CLOEXEC, 0)
            guard saved >= 0, dup2(ends[1], fd) >= 0 else {
                let reason = String(cString: strerror(errno))
                if saved >= 0 { close(saved) }
                close(ends[0]); close(ends[1])
                throw CLI.HarnessError("redirecting descriptor \(fd): \(reason)")
            }
            close(ends[1])
            (self.fd, self.saved, self.readEnd) = (fd, saved, ends[0])
            let thread = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                    if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
                    if n < 0 && errno == EINTR { continue }
                    break
                }
                done.signal()
            }
            thread.start()
        }

        /// Puts the descriptor back (closing the pipe's last write end), waits for the reader and returns the bytes.
        func finish() -> Data {
            dup2(saved, fd)
            close(saved)
            done.wait()
            close(readEnd)
            return data
        }
    }
}
