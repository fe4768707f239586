#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses, before any work, an output that is one of the run's inputs or a folder holding one (issue 14 §1): a
/// command told to write its results over its own data, config or tables would otherwise destroy them and exit 0.
///
/// Paths are compared by what they name, not by their text: two paths are the same file when `stat` gives the same
/// device and inode (so `./d.csv`, a symlink to it and a hard link are all `d.csv`), and a folder holds an input
/// when the input's real path (symlinks resolved) lies inside the folder's real path. Outputs written in place
/// (devices, pipes, `/dev/fd/N`; see `AtomicFile.isWrittenDirectly`) replace no file and are never refused.
///
/// ```swift
/// try OutputSafety.refuseOverwriting(inputs: [(data, "--data")], output: output, key: "--output")
/// ```
public enum OutputSafety {
    /// What an output path is.
    public enum Kind: Sendable {
        /// One file, replaced by write-then-rename.
        case file
        /// A folder that is replaced as a whole or written into: it must hold no input.
        case folder
    }

    /// Throws when `output` (nil or "-": standard output, never refused) is one of `inputs`, or, for a folder, holds one.
    /// - Parameters:
    ///   - inputs: every file (or folder) the run reads, with the option or key that named it, for the message.
    ///   - key: the option that named the output.
    /// - Throws: `InputError` naming the output, its option, and the input it would destroy.
    public static func refuseOverwriting(inputs: [(path: String, key: String)], output: String?, key: String, kind: Kind = .file) throws {
        guard let output, output != "-", !AtomicFile.isWrittenDirectly(output) else { return }
        let target = identity(output)
        let targetPath = realPath(output)
        for input in inputs where !input.path.isEmpty && input.path != "-" {
            guard let source = identity(input.path) else { continue }
            if kind == .file, let target, target == source {
                throw InputError(file: output, key: key, "is the input \(input.key) (\(input.path)); writing there would destroy it: choose another path")
            }
            if kind == .folder, target == source || (targetPath.flatMap { folder in realPath(input.path).map { isInside($0, folder) } } ?? false) {
                throw InputError(file: output, key: key, "holds the input \(input.key) (\(input.path)), which writing this folder would "
                                 + "replace or delete: choose a folder that holds no input")
            }
        }
    }

    /// True when `path` equals `folder` or lies below it (both absolute, without symlinks).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// A file's device and inode, following symlinks; nil when it does not exist.
    static func identity(_ path: String) -> [UInt64]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    /// The absolute path without symlinks of `path`, or of its nearest existing ancestor followed by the rest (a
    /// folder not made yet); nil when not even the current folder resolves.
    static func realPath(_ path: String) -> String? {
        var head = path.isEmpty ? "." : path
        var tail: [String] = []
        while true {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                return tail.reversed().reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            let parent = AtomicFile.parentDirectory(of: head)
            if parent == head { return nil }
            let name = AtomicFile.baseName(of: head)
            if !name.isEmpty && name != "." { tail.append(name) }
            head = parent
        }
    }
}
