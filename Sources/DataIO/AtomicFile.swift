#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old file or the complete new one, never a partial file:
/// the bytes go to a temporary file in the same directory, which is flushed and then renamed over the target.
/// Devices, pipes and the names of open files (`/dev/null`, a FIFO, `/dev/stdout`, `/dev/fd/N`) are written to
/// directly instead: renaming over them would replace the device or pipe with a regular file.
public enum AtomicFile {
    /// Writes `contents` to `path` atomically, creating missing parent directories.
    public static func write(_ contents: String, to path: String) throws {
        var s = contents
        try s.withUTF8 { try write(bytes: $0, to: path) }
    }

    /// Writes raw bytes to `path` atomically, creating missing parent directories.
    public static func write(bytes: UnsafeBufferPointer<UInt8>, to path: String) throws {
        if isWrittenDirectly(path) { return try writeDirectly(bytes: bytes, to: path) }
        let dir = parentDirectory(of: path)
        try createDirectories(dir)
        let tmp = dir + "/.\(baseName(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        try writeAll(bytes, to: fd, path: path)
        if fsync(fd) != 0 || close(fd) != 0 {
            throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))")
        }
        guard rename(tmp, path) == 0 else {
            throw InputError(file: path, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        ok = true
    }

    /// True when `path` is written in place rather than by write-then-rename: a character or block device, a FIFO or
    /// socket, or a name of an open file (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, anything under `/proc/`), which
    /// may lead to a regular file the shell opened. Regular files elsewhere under `/dev/` (`/dev/shm`) are not.
    public static func isWrittenDirectly(_ path: String) -> Bool {
        if path == "/dev/stdout" || path == "/dev/stderr" || path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/") { return true }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let type = st.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// Writes `bytes` to an existing device, pipe or open file (never creating one).
    static func writeDirectly(bytes: UnsafeBufferPointer<UInt8>, to path: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))") }
        try writeAll(bytes, to: fd, path: path)
        guard close(fd) == 0 else { throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))") }
    }

    /// Writes every byte to the open descriptor `fd` (retrying short writes and interrupted calls); on an error
    /// closes `fd` and throws an `InputError` naming `path`.
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to fd: Int32, path: String) throws {
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress.map { $0 + off }, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                let msg = String(cString: strerror(errno))
                close(fd)
                throw InputError(file: path, "cannot write: \(msg)")
            }
            off += n
        }
    }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    public static func createDirectories(_ path: String) throws {
        if path.isEmpty || path == "." || path == "/" { return }
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw InputError(file: path, "exists and is not a directory")
        }
        try createDirectories(parentDirectory(of: path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw InputError(file: path, "cannot create the directory: \(String(cString: strerror(errno)))")
        }
    }

    /// The directory part of a path ("." when there is none).
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// The last component of a path.
    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// True when a file or directory exists at `path`.
public func fileExists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
}
