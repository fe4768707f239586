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
}
