import ArgumentParser
import DataIO
#if canImport(Glibc)
import Glibc
#endif

/// Runs the command line and exits: status 0 on success, 2 for bad input (an `InputError` or a usage
/// error), 1 for an internal error.
public func run(_ arguments: [String]? = nil) -> Never {
    do {
        var command = try OffshoreCommand.parseAsRoot(arguments)
        try command.run()
        exit(0)
    } catch let e as ExitCode {
        // A command that has said what went wrong and chose its status (`verify`: 1 for differences, 2 for bad input).
        exit(e.rawValue)
    } catch let e as InputError {
        FileHandleOutput.standardError("offshore: error: \(e.description)\n")
        exit(2)
    } catch {
        let code = OffshoreCommand.exitCode(for: error)
        if code == .success || code.rawValue == 0 {
            OffshoreCommand.exit(withError: error)
        }
        let isUsage = code == .validationFailure
        let message = OffshoreCommand.fullMessage(for: error)
        FileHandleOutput.standardError((message.isEmpty ? "offshore: error: \(error)" : message) + "\n")
        exit(isUsage ? 2 : 1)
    }
}

/// Minimal, unbuffered writes to the standard streams.
enum FileHandleOutput {
    static func standardError(_ s: String) {
        var s = s
        s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}
