import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipe (a named FIFO, `/dev/stdin`, a shell's `<(...)`) copied once into a temporary regular file, for readers
/// that read their input more than once (a second pass over columns that turn out to hold text, or to find the
/// cell an error is about): a pipe cannot be read twice, and opening a FIFO again waits for a writer that may
/// never come. The copy counts against `InputLimits.streamBytes` like any pipe; the temporary folder is removed
/// when the value goes. Errors raised on the copy name the pipe, through `renamed(_:)`.
public final class SpooledInput {
    /// The temporary regular file holding the pipe's bytes.
    public let path: String
    /// The pipe as the user named it.
    public let original: String
    private let folder: String

    /// Copies `path` when it is a pipe; nil for a regular file (read in place). Devices, sockets and folders are
    /// refused with the reader's `InputError`.
    public convenience init?(path original: String) throws {
        var st = stat()
        guard stat(original, &st) == 0 else {
            throw InputError(file: original, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        if let refusal = refusedFileKind(st.st_mode) { throw InputError(file: original, refusal) }
        guard (st.st_mode & S_IFMT) == S_IFIFO else { return nil }
        let stream = try PlainFileStream(path: original)
        let chunk = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        try self.init(original: original, what: "the pipe's data") { write in
            while true {
                let n = try stream.read(into: buffer, capacity: chunk)
                if n == 0 { break }
                try write(UnsafeBufferPointer(start: buffer, count: n))
            }
        }
    }

    /// A temporary file standing for `original`, filled by `fill` through the `write` function it is given.
    /// - Parameter what: what the copy holds, for messages (`the pipe's data`).
    /// - Throws: `InputError` naming `original` when the temporary file cannot be made or written; what `fill` throws.
    init(original: String, what: String, fill: ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws {
        var template = Array((NSTemporaryDirectory() + "/offshore-pipe-XXXXXX").utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ p in p.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw InputError(file: original, "cannot make a temporary folder to hold \(what): \(String(cString: strerror(errno)))")
        }
        folder = String(cString: dir)
        path = folder + "/input"
        self.original = original
        let out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard out >= 0 else {
            rmdir(folder)
            throw InputError(file: original, "cannot make a temporary file to hold \(what): \(String(cString: strerror(errno)))")
        }
        defer { close(out) }
        do {
            try fill { bytes in
                var done = 0
                while done < bytes.count {
                    let w = write(out, bytes.baseAddress.map { $0 + done }, bytes.count - done)
                    if w < 0 && errno == EINTR { continue }
                    guard w > 0 else {
                        throw InputError(file: original, "cannot copy \(what) to a temporary file: \(String(cString: strerror(errno)))")
                    }
                    done += w
                }
            }
        } catch {
            unlink(path)
            rmdir(folder)
            throw error
        }
    }

    deinit {
        unlink(path)
        rmdir(folder)
    }

    /// `e` with the temporary file's name replaced by the pipe's (in the file and in the message).
    public func renamed(_ e: InputError) -> InputError {
        var out = e
        if out.file == path { out.file = original }
        out.message = out.message.replacingOccurrences(of: path, with: original)
        return out
    }
}
