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
    public init?(path original: String) throws {
        var st = stat()
        guard stat(original, &st) == 0 else {
            throw InputError(file: original, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        if let refusal = refusedFileKind(st.st_mode) { throw InputError(file: original, refusal) }
        guard (st.st_mode & S_IFMT) == S_IFIFO else { return nil }
        let stream = try PlainFileStream(path: original)
        var template = Array((NSTemporaryDirectory() + "/offshore-pipe-XXXXXX").utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ p in p.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw InputError(file: original, "cannot make a temporary folder to hold the pipe's data: \(String(cString: strerror(errno)))")
        }
        folder = String(cString: dir)
        path = folder + "/input"
        self.original = original
        let out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard out >= 0 else {
            rmdir(folder)
            throw InputError(file: original, "cannot make a temporary file to hold the pipe's data: \(String(cString: strerror(errno)))")
        }
        defer { close(out) }
        let chunk = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        do {
            while true {
                let n = try stream.read(into: buffer, capacity: chunk)
                if n == 0 { break }
                var done = 0
                while done < n {
                    let w = write(out, buffer + done, n - done)
                    if w < 0 && errno == EINTR { continue }
                    guard w > 0 else {
                        throw InputError(file: original, "cannot copy the pipe's data to a temporary file: \(String(cString: strerror(errno)))")
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
