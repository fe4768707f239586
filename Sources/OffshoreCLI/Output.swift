import ArgumentParser
import DataIO
#if canImport(Glibc)
import Glibc
#endif

/// Where a command's result goes: standard output, or a file written atomically (never half-written); a device or
/// pipe (`/dev/null`, a FIFO, `/dev/fd/N`) is written in place.
public enum OutputTarget {
    /// Writes `text` to `path` (atomically for a regular file, in place for a device or pipe), or to standard output
    /// when `path` is nil or "-".
    public static func emit(_ text: String, to path: String?) throws {
        if let path, path != "-" {
            try AtomicFile.write(text, to: path)
        } else {
            var s = text
            s.withUTF8 { buf in
                var off = 0
                while off < buf.count {
                    let n = write(1, buf.baseAddress.map { $0 + off }, buf.count - off)
                    if n <= 0 { if errno == EINTR { continue }; return }
                    off += n
                }
            }
        }
    }

    /// Checks, before any work, that `path` can take a file: it is not a folder, and the nearest folder above it
    /// that exists is a folder (the rest is created when written). Nothing is created. Standard output
    /// (nil or "-") always can.
    /// - Throws: `InputError` naming `key` (the option) and the path.
    public static func check(_ path: String?, key: String) throws {
        guard let path, path != "-" else { return }
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) != S_IFDIR else { throw InputError(file: path, key: key, "is a folder; expected a file to write") }
            return
        }
        var dir = AtomicFile.parentDirectory(of: path)
        while stat(dir, &st) != 0 {
            let up = AtomicFile.parentDirectory(of: dir)
            if up == dir { return }
            dir = up
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw InputError(file: path, key: key, "cannot be written: \(dir) is a file, not a folder")
        }
    }

    /// Writes `line` and a newline to standard output.
    public static func emitLine(_ line: String) {
        // Standard output cannot fail in a way the caller could act on; a closed pipe ends the text.
        try? emit(line + "\n", to: nil)
    }
}

/// `--threads N`: the worker threads of table loading and demeaning for this run (default: `OFFSHORE_THREADS`,
/// else every core). Outputs are the same whatever the number.
struct ThreadsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads for loading tables and demeaning (default: $OFFSHORE_THREADS, else every core).", valueName: "N"))
    var threads: Int?

    /// Checks the number and applies it to `Parallelism`.
    func apply() throws {
        guard let threads else { return }
        Parallelism.threads = try Parallelism.checked(threads, key: "--threads")
    }
}

/// `--csv-dialect standard|semicolon`: how the data file separates fields and writes decimals (`semicolon`: `;` and
/// decimal commas, as spreadsheets in Dutch or French and the tool's own `--lang nl|fr` CSV write them).
struct CSVDialectOption: ParsableArguments {
    @Option(name: .customLong("csv-dialect"),
            help: ArgumentHelp("The data file's CSV dialect: standard (commas, decimal point) or semicolon (semicolons, decimal comma).",
                               valueName: "standard|semicolon"))
    var csvDialect: String = "standard"

    /// The dialect named.
    /// - Throws: `InputError` naming `--csv-dialect` for another name.
    func dialect() throws -> CSVDialect { try CSVDialect(parsing: csvDialect) }
}
