import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of bytes read in chunks: a plain file or a gzip-compressed one, chosen by the file's magic bytes.
public protocol ByteStream: AnyObject {
    /// Reads up to `capacity` bytes into `buffer`; returns the number read, 0 at the end of the stream.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int
}

/// Opens `path` for reading, transparently decompressing gzip (by its magic bytes, whatever the file is called).
///
/// A regular file or a pipe is read; a character or block device (`/dev/zero`, a terminal) or a socket is refused
/// with an `InputError`, since it may never end. A pipe is read up to `InputLimits.streamBytes`, and so is the
/// inflated data of a gzip file (see `InputLimits`).
public func openByteStream(path: String) throws -> ByteStream {
    let file = try PlainFileStream(path: path)
    // A pipe cannot be peeked at without consuming its bytes: it is read as it comes (no gzip detection).
    guard file.isRegular else { return file }
    var magic = [UInt8](repeating: 0, count: 4)
    let n = magic.withUnsafeMutableBufferPointer { pread(file.fd, $0.baseAddress, 4, 0) }
    if n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
        return try GzipStream(file: file, path: path)
    }
    if n == 4, let container = BinaryContainer(magic: magic) {
        throw InputError(file: path, "expected a text file (CSV, TOML, optionally gzip-compressed), found \(container.description): \(container.advice)")
    }
    return file
}

/// Binary files a user may hand over where text is expected (an Excel workbook for a CSV), told by their magic bytes.
enum BinaryContainer {
    /// A zip archive: `.xlsx`, `.ods`, or a zip of tables.
    case zip
    /// An OLE2 compound file: the old Excel `.xls`.
    case ole2

    /// The container whose first four bytes are `magic`; nil for anything else.
    init?(magic: [UInt8]) {
        if magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) { self = .zip } else if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { self = .ole2 } else { return nil }
    }

    var description: String {
        switch self {
        case .zip: return "a zip archive (an Excel .xlsx or OpenDocument workbook, or a zip of files)"
        case .ole2: return "an old-style Excel workbook (.xls)"
        }
    }

    var advice: String {
        switch self {
        case .zip: return "save the sheet as CSV (or, for tables, pass the archive to --tables, which reads the files in it)"
        case .ole2: return "save the sheet as CSV or .xlsx"
        }
    }
}

/// Reads a whole file (decompressed if gzip) into memory; more than `maximumBytes` (no limit by default, beyond
/// the stream limit of `InputLimits`) is an `InputError` saying which variable raises the limit.
public func readAllBytes(path: String, maximumBytes: Int? = nil, limitVariable: String = "OFFSHORE_MAX_TEXT_MB") throws -> [UInt8] {
    let stream = try openByteStream(path: path)
    var out = [UInt8]()
    let chunk = 1 << 20
    var buf = [UInt8](repeating: 0, count: chunk)
    while true {
        let n = try buf.withUnsafeMutableBufferPointer { p -> Int in
            guard let base = p.baseAddress else { return 0 }
            return try stream.read(into: base, capacity: chunk)
        }
        if n == 0 { break }
        if let maximumBytes, out.count + n > maximumBytes {
            throw InputError(file: path, "the file is larger than \(InputLimits.describe(maximumBytes)), the most this reader takes "
                             + "(set \(limitVariable) to a larger number of MiB to raise the limit)")
        }
        out.append(contentsOf: buf[0..<n])
    }
    return out
}

/// Reads a whole text file (decompressed if gzip) as UTF-8; invalid UTF-8 is an input error naming the line, and a
/// file larger than `InputLimits.textFileBytes` (16 MiB) is refused.
public func readText(path: String) throws -> String {
    let bytes = try readAllBytes(path: path, maximumBytes: InputLimits.textFileBytes)
    var line = 1
    var i = 0
    // Validate UTF-8 so that the error can say where the bad byte is.
    var decoder = UTF8()
    var it = bytes.makeIterator()
    var text = ""
    text.reserveCapacity(bytes.count)
    loop: while true {
        switch decoder.decode(&it) {
        case .scalarValue(let s):
            if s == "\n" { line += 1 }
            text.unicodeScalars.append(s)
            i += 1
        case .emptyInput: break loop
        case .error:
            throw InputError(file: path, line: line, "the file is not valid UTF-8 text (save it as UTF-8)")
        }
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
}

/// An uncompressed file read with `read(2)`: a regular file, or a pipe (counted against `InputLimits.streamBytes`).
final class PlainFileStream: ByteStream {
    let fd: Int32
    let path: String
    /// True for a regular file; false for a pipe.
    let isRegular: Bool
    private var bytesRead = 0

    init(path: String) throws {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(file: path, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        if let refusal = refusedFileKind(st.st_mode) { throw InputError(file: path, refusal) }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, "cannot open the file: \(String(cString: strerror(errno)))")
        }
        // What was opened, not what the name pointed at a moment before.
        var opened = stat()
        if fstat(fd, &opened) == 0, let refusal = refusedFileKind(opened.st_mode) {
            close(fd)
            throw InputError(file: path, refusal)
        }
        isRegular = (opened.st_mode & S_IFMT) == S_IFREG
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer, capacity)
            if n >= 0 {
                if !isRegular {
                    bytesRead += n
                    if bytesRead > InputLimits.streamBytes {
                        throw InputError(file: path, "more than \(InputLimits.describe(InputLimits.streamBytes)) arrived through the pipe, "
                                         + "the most a reader takes from a stream (set OFFSHORE_MAX_STREAM_MB to raise the limit)")
                    }
                }
                return n
            }
            if errno == EINTR { continue }
            throw InputError(file: path, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// Why a file of mode `mode` is not read (a folder, a device, a socket), or nil for a regular file or a pipe.
func refusedFileKind(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG, S_IFIFO: return nil
    case S_IFDIR: return "is a directory, expected a file"
    case S_IFCHR: return "is a character device (like /dev/zero or a terminal), expected a regular file or a pipe: a device may never end"
    case S_IFBLK: return "is a block device, expected a regular file or a pipe"
    case S_IFSOCK: return "is a socket, expected a regular file or a pipe"
    default: return "is not a regular file, expected a regular file or a pipe"
    }
}

/// A gzip file inflated with zlib as it is read. Concatenated gzip members are read one after another;
/// a stream that ends before its trailer is reported as truncated.
final class GzipStream: ByteStream {
    private let file: PlainFileStream
    private let path: String
    private var zs = z_stream()
    private var input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 18
    private var inputEOF = false
    private var finished = false
    private var memberEnded = false
    private var inflated = 0

    init(file: PlainFileStream, path: String) throws {
        self.file = file
        self.path = path
        input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
        // 15 + 32: zlib or gzip header, detected automatically.
        let rc = inflateInit2_(&zs, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            input.deallocate()
            throw InputError(file: path, "cannot initialise gzip decompression (zlib error \(rc))")
        }
    }

    deinit {
        inflateEnd(&zs)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        if finished { return 0 }
        zs.next_out = buffer
        zs.avail_out = UInt32(capacity)
        while zs.avail_out > 0 {
            if zs.avail_in == 0 && !inputEOF {
                let n = try file.read(into: input, capacity: inputCapacity)
                if n == 0 { inputEOF = true } else {
                    zs.next_in = input
                    zs.avail_in = UInt32(n)
                }
            }
            if zs.avail_in == 0 && inputEOF {
                if memberEnded { finished = true; break }
                throw InputError(file: path, "truncated gzip file: the compressed data ends before the end of the stream")
            }
            if memberEnded {
                // Another gzip member follows (concatenated gzip).
                inflateReset(&zs)
                memberEnded = false
            }
            let rc = inflate(&zs, Z_NO_FLUSH)
            switch rc {
            case Z_OK: continue
            case Z_STREAM_END: memberEnded = true
            case Z_BUF_ERROR: continue
            default:
                let msg = zs.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw InputError(file: path, "corrupt gzip data: \(msg)")
            }
        }
        let n = capacity - Int(zs.avail_out)
        inflated += n
        if inflated > InputLimits.streamBytes {
            throw InputError(file: path, "the gzip data inflate to more than \(InputLimits.describe(InputLimits.streamBytes)), the most a "
                             + "reader takes from a stream (set OFFSHORE_MAX_STREAM_MB to raise the limit)")
        }
        return n
    }
}
