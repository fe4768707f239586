import ArgumentParser
import DataIO
import Econometrics
import Foundation
#if canImport(Glibc)
import Glibc
import Reporting
#endif

/// Runs the command line with `arguments` (without the program's name) and returns its exit status, without
/// exiting: 0 on success, 2 for bad input (an `InputError` or a usage error), 1 for an internal error, or the status
/// a command chose (`verify`: 1 for differences; `sensitivity`: 130 when interrupted). Messages go to standard error
/// and help to standard output, exactly as the executable writes them, so tests can drive the commands in process.
///
/// Each call starts from the settings a fresh process has (the worker threads from `OFFSHORE_THREADS`, else every
/// core; the BLAS library's threads as the process began with them), whatever an earlier call's `--threads` or
/// `sensitivity` set, and gives the caller its own settings back when it returns.
public func execute(_ arguments: [String]) -> Int32 {
    let callers = ProcessSettings.current()
    ProcessSettings.fresh().apply()
    defer { callers.apply() }
    do {
        if let problem = CommandNames.unknown(in: arguments) {
            FileHandleOutput.standardError("offshore: error: \(problem.message)\nUsage: \(problem.path) <subcommand>\n  See '\(problem.path) --help' for more information.\n")
            return 2
        }
        var command = try OffshoreCommand.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch let e as ExitCode {
        // A command that has said what went wrong and chose its status (`verify`: 1 for differences, 2 for bad input).
        return e.rawValue
    } catch let e as InputError {
        FileHandleOutput.standardError("offshore: error: \(e.description)\n")
        return 2
    } catch {
        let code = OffshoreCommand.exitCode(for: error)
        let message = OffshoreCommand.fullMessage(for: error)
        if code == .success || code.rawValue == 0 {
            // Help, or another clean exit: its text on standard output, as `ParsableCommand.exit(withError:)` prints it.
            if !message.isEmpty { FileHandleOutput.standardOutput(message + "\n") }
            return code.rawValue
        }
        let isUsage = code == .validationFailure
        FileHandleOutput.standardError((message.isEmpty ? "offshore: error: \(error)" : message) + "\n")
        return isUsage ? 2 : 1
    }
}

/// Runs the command line (the process's arguments when `arguments` is nil) and exits with its status; the
/// executable's entry point. See `execute(_:)`.
public func run(_ arguments: [String]? = nil) -> Never {
    exit(execute(arguments ?? Array(CommandLine.arguments.dropFirst())))
}

/// The process-wide settings a run may change or read from the environment: the worker threads (`--threads`), the
/// BLAS library's threads (`sensitivity` sets one per call) and the input size limits (`OFFSHORE_MAX_*_MB`). Outputs never depend on them; `execute` still starts each run from a fresh
/// process's values so that runs in one process behave as separate processes do.
private struct ProcessSettings {
    var threads: Int
    var blasThreads: Int32?
    /// The input size limits in bytes (`InputLimits`, `DesignMemory`).
    var lineBytes: Int, textFileBytes: Int, streamBytes: Int, designBytes: Int

    /// The settings now.
    static func current() -> ProcessSettings {
        ProcessSettings(threads: Parallelism.threads, blasThreads: BLASLibrary.threads(),
                        lineBytes: InputLimits.lineBytes, textFileBytes: InputLimits.textFileBytes,
                        streamBytes: InputLimits.streamBytes, designBytes: DesignMemory.limitBytes)
    }

    /// The settings a process starts with: `OFFSHORE_THREADS` (read now) or every core; the BLAS threads the process
    /// had when it first ran a command.
    static func fresh() -> ProcessSettings {
        ProcessSettings(threads: Parallelism.fromEnvironment() ?? max(1, ProcessInfo.processInfo.activeProcessorCount),
                        blasThreads: BLASLibrary.initialThreads,
                        lineBytes: InputLimits.environmentLineBytes(), textFileBytes: InputLimits.environmentTextFileBytes(),
                        streamBytes: InputLimits.environmentStreamBytes(), designBytes: DesignMemory.environmentLimitBytes())
    }

    func apply() {
        InputLimits.lineBytes = lineBytes
        InputLimits.textFileBytes = textFileBytes
        InputLimits.streamBytes = streamBytes
        DesignMemory.limitBytes = designBytes
        Parallelism.threads = threads
        if let blasThreads { BLASLibrary.setThreads(blasThreads) }
    }
}

/// The thread count of the BLAS library inside one call, when it is OpenBLAS (looked up by name, as `Linalg`'s
/// `BLASThreads` does; other libraries are left alone).
private enum BLASLibrary {
    private typealias Get = @convention(c) () -> Int32
    private typealias Set = @convention(c) (Int32) -> Void

    /// The count the process had before its first command ran.
    static let initialThreads: Int32? = threads()

    static func threads() -> Int32? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_get_num_threads") else { return nil }
        return unsafeBitCast(symbol, to: Get.self)()
    }

    static func setThreads(_ n: Int32) {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: Set.self)(max(1, n))
    }
}

/// Minimal, unbuffered writes to the standard streams.
enum FileHandleOutput {
    /// Writes a diagnostic; control characters from the inputs (a group name with an escape) are shown as `\u{..}`
    /// so that the terminal never obeys them.
    static func standardError(_ s: String) { put(Escaping.visibleControls(s), 2) }

    static func standardOutput(_ s: String) { put(s, 1) }

    private static func put(_ s: String, _ fd: Int32) {
        var s = s
        s.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
    }
}

/// Suggestions for a misspelled command (`offshore meassure`): ArgumentParser only says "Unexpected argument".
enum CommandNames {
    /// The message for the first argument naming no command where one is expected (at the top, or after a command
    /// that has subcommands), with the closest command when one is within two edits, and the command path it
    /// followed; nil when the arguments name commands.
    static func unknown(in arguments: [String]) -> (message: String, path: String)? {
        var command: ParsableCommand.Type = OffshoreCommand.self
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            let names = subcommands.map { $0._commandName }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                continue
            }
            if word == "help" { return nil }
            let path = (["offshore"] + arguments.prefix(while: { $0 != word })).joined(separator: " ")
            let closest = names.map { ($0, editDistance($0, word)) }.min { $0.1 < $1.1 }
            let hint = closest.map { $0.1 <= 2 ? " did you mean '\(path) \($0.0)'?" : "" } ?? ""
            return ("'\(path) \(word)' is not a command:\(hint) (commands: \(names.joined(separator: ", ")))", path)
        }
        return nil
    }

    /// The Levenshtein distance between two strings (by characters).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var previous = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
