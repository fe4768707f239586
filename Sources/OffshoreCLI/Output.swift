import ArgumentParser
import DataIO
#if canImport(Glibc)
import Glibc
#endif

/// Where a command's result goes: standard output, or a file written atomically (never half-written).
public enum OutputTarget {
    /// Writes `text` to `path` atomically, or to standard output when `path` is nil or "-".
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

/// Writes several files into a folder as one step as far as a file system allows: every file is first written
/// (and flushed) under a hidden staging folder inside `folder`, and only when all are written are they renamed
/// into place, one rename each. A failure while writing (disk full, a target that is a folder, an unwritable
/// place) leaves every earlier file as it was and no temporary file behind; only a crash during the renames
/// themselves (microseconds) could leave some files new and some old.
enum StagedFiles {
    /// Writes `files` (paths relative to `folder`) into `folder`, created with its parents when missing.
    /// - Throws: `InputError` naming the file that cannot be written or moved into place.
    static func write(_ files: [(path: String, bytes: [UInt8])], into folder: String) throws {
        let root = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        try AtomicFile.createDirectories(root)
        let staging = root + "/.offshore-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o755) == 0 else {
            throw InputError(file: root, "cannot write into the folder: \(String(cString: strerror(errno)))")
        }
        defer { removeTree(staging) }
        for f in files {
            try f.bytes.withUnsafeBufferPointer { try AtomicFile.write(bytes: $0, to: staging + "/" + f.path) }
        }
        // Every target's folder exists and no target is a folder before the first rename.
        for f in files {
            let target = root + "/" + f.path
            try AtomicFile.createDirectories(AtomicFile.parentDirectory(of: target))
            var st = stat()
            if stat(target, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                throw InputError(file: target, "cannot write: a folder of that name is in the way")
            }
        }
        for f in files {
            guard rename(staging + "/" + f.path, root + "/" + f.path) == 0 else {
                throw InputError(file: root + "/" + f.path, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes text files; see `write(_:into:)`.
    static func write(texts files: [(path: String, contents: String)], into folder: String) throws {
        try write(files.map { ($0.path, Array($0.contents.utf8)) }, into: folder)
    }

    /// Removes `path` and everything under it (no error when it is gone).
    static func removeTree(_ path: String) {
        guard let d = opendir(path) else { unlink(path); return }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(d)
        for n in names {
            let p = path + "/" + n
            var st = stat()
            if lstat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { removeTree(p) } else { unlink(p) }
        }
        rmdir(path)
    }
}
