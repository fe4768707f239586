import Foundation
import XCTest
import TestSupport

/// Runs the built `offshore` executable as a user would, capturing its exit status and output.
/// Shared by every CLI test file.
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

    /// The `offshore` binary built next to the test bundle.
    static func executable() throws -> URL {
        let candidates = [Bundle.main.executableURL, Bundle(for: Token.self).bundleURL as URL?]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("offshore") }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c }
        throw XCTSkip("offshore executable not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    /// Runs `offshore` with `arguments` in `directory` (the repository root by default).
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
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
}
