import CZlib
import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zip archive read from disk without loading it: its central directory, and each member streamed (stored or
/// deflated) through a `ByteStream`, for archives of data files as publishers distribute them (the OECD's
/// `ICIO_2015-2018.zip` holds one CSV of a few hundred MB per year).
///
/// The same format rules as `ZipArchive` (PKWARE APPNOTE.TXT 4.3.7 local file header, 4.3.12 central directory
/// header, 4.3.16 end of central directory record; methods 0 and 8; no Zip64, encryption or spanning), and the same
/// defences: a member whose declared size exceeds the limit (`InputLimits.streamBytes`) is refused before any byte is
/// inflated; one that inflates to more than it declares (a lying size, a zip bomb) is refused as soon as it does;
/// its size and CRC-32 are checked when it ends.
public struct ZipFile: Sendable {
    /// One member of the archive, as its central directory describes it.
    public struct Member: Sendable, Equatable {
        /// The member's name (a path inside the archive).
        public var name: String
        /// Compression method (0 stored, 8 deflated).
        public var method: UInt16
        /// General-purpose flags (bit 0: encrypted).
        public var flags: UInt16
        /// The CRC-32 of the uncompressed bytes.
        public var crc: UInt32
        /// Compressed size in bytes.
        public var compressedSize: Int
        /// Uncompressed size in bytes, as declared.
        public var uncompressedSize: Int
        /// Where its local header starts.
        public var localHeaderOffset: Int
    }

    /// The archive's path.
    public let path: String
    /// The members in directory order.
    public let members: [Member]

    /// Reads the central directory of the archive at `path`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, errno == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw InputError(file: path, "cannot read: \(String(cString: strerror(errno)))") }
        let size = Int(st.st_size)
        let notZip = "not a zip archive"
        guard size >= 22 else { throw InputError(file: path, "\(notZip) (\(size) bytes)") }
        let tailStart = max(0, size - 22 - 65_535)
        let tail = try Self.readBytes(fd, count: size - tailStart, at: tailStart, path: path)
        func u16(_ d: [UInt8], _ k: Int) -> Int { Int(d[k]) | Int(d[k + 1]) << 8 }
        func u32(_ d: [UInt8], _ k: Int) -> Int { u16(d, k) | u16(d, k + 2) << 16 }
        var eocd = -1
        var k = tail.count - 22
        while k >= 0 {
            if tail[k] == 0x50 && tail[k + 1] == 0x4B && tail[k + 2] == 0x05 && tail[k + 3] == 0x06 { eocd = k; break }
            k -= 1
        }
        guard eocd >= 0 else {
            let head = try Self.readBytes(fd, count: 2, at: 0, path: path)
            throw InputError(file: path, head == [0x50, 0x4B] ? "the zip archive is truncated or corrupt: no end of central directory record"
                                                              : "\(notZip) (no zip signature)")
        }
        let count = u16(tail, eocd + 10), dirSize = u32(tail, eocd + 12), dirOffset = u32(tail, eocd + 16)
        if count == 0xFFFF || dirSize == 0xFFFF_FFFF || dirOffset == 0xFFFF_FFFF {
            throw InputError(file: path, "a Zip64 archive (a member over 4 GiB?), which is not read: unzip it and pass the CSV files")
        }
        guard dirOffset + dirSize <= tailStart + eocd else {
            throw InputError(file: path, "the zip archive is corrupt: its central directory lies outside the file")
        }
        let dir = try Self.readBytes(fd, count: dirSize, at: dirOffset, path: path)
        var out: [Member] = []
        var p = 0
        for n in 0..<count {
            guard p + 46 <= dir.count, u32(dir, p) == 0x0201_4B50 else {
                throw InputError(file: path, "the zip archive is corrupt: central directory entry \(n + 1) of \(count) is damaged")
            }
            let nameLength = u16(dir, p + 28), extra = u16(dir, p + 30), comment = u16(dir, p + 32)
            guard p + 46 + nameLength <= dir.count else { throw InputError(file: path, "the zip archive is corrupt: an entry name runs past the directory") }
            let name = String(decoding: dir[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let m = Member(name: name, method: UInt16(u16(dir, p + 10)), flags: UInt16(u16(dir, p + 8)), crc: UInt32(u32(dir, p + 16)),
                           compressedSize: u32(dir, p + 20), uncompressedSize: u32(dir, p + 24), localHeaderOffset: u32(dir, p + 42))
            if m.compressedSize == 0xFFFF_FFFF || m.uncompressedSize == 0xFFFF_FFFF || m.localHeaderOffset == 0xFFFF_FFFF {
                throw InputError(file: path, "member \(inputExcerpt(name)) needs Zip64 (over 4 GiB), which is not read: unzip it and pass the CSV")
            }
            out.append(m)
            p += 46 + nameLength + extra + comment
        }
        members = out
    }

    /// The member called `name`, or nil.
    public func member(named name: String) -> Member? { members.first { $0.name == name } }

    /// A stream of the member's uncompressed bytes, checked as it is read (sizes, CRC-32) and bounded by `limit`
    /// (default `InputLimits.streamBytes`).
    public func stream(_ member: Member, limit: Int = InputLimits.streamBytes) throws -> ByteStream {
        try ZipMemberStream(archive: path, member: member, limit: limit)
    }

    /// `count` bytes at `offset`, or an error naming the file.
    static func readBytes(_ fd: Int32, count: Int, at offset: Int, path: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { b -> Int in
                guard let base = b.baseAddress else { return -1 }
                return pread(fd, base + done, count - done, off_t(offset + done))
            }
            if n < 0 { throw InputError(file: path, "cannot read: \(String(cString: strerror(errno)))") }
            if n == 0 { throw InputError(file: path, "the zip archive is truncated: it ends inside its own directory") }
            done += n
        }
        return out
    }
}

/// One zip member's bytes, inflated as they are read.
final class ZipMemberStream: ByteStream {
    private let name: String  // archive/member, for messages
    private let member: ZipFile.Member
    private let fd: Int32
    private var position: Int      // next compressed byte in the archive
    private var remaining: Int     // compressed bytes not yet read
    private var produced = 0
    private var crc: UInt = 0
    private let limit: Int
    private var zs: UnsafeMutablePointer<z_stream>?
    private var input: [UInt8]
    private var inputStart = 0, inputEnd = 0
    private var ended = false

    init(archive: String, member: ZipFile.Member, limit: Int) throws {
        name = archive + "/" + member.name
        self.member = member
        self.limit = limit
        if member.flags & 1 != 0 { throw InputError(file: name, "the member is encrypted (a password-protected archive cannot be read)") }
        guard member.method == 0 || member.method == 8 else {
            throw InputError(file: name, "zip compression method \(member.method); only stored (0) and deflated (8) are read: unzip it and pass the CSV")
        }
        if member.uncompressedSize > limit {
            throw InputError(file: name, "the member is \(member.uncompressedSize) bytes uncompressed, more than the limit of \(InputLimits.describe(limit)) "
                             + "(a zip bomb, or a file too large to read; set OFFSHORE_MAX_STREAM_MB to raise the limit)")
        }
        fd = open(archive, O_RDONLY)
        guard fd >= 0 else { throw InputError(file: archive, "cannot open: \(String(cString: strerror(errno)))") }
        input = [UInt8](repeating: 0, count: 1 << 18)
        position = 0
        remaining = member.compressedSize
        do {
            let h = try ZipFile.readBytes(fd, count: 30, at: member.localHeaderOffset, path: archive)
            let sig = Int(h[0]) | Int(h[1]) << 8 | Int(h[2]) << 16 | Int(h[3]) << 24
            guard sig == 0x0403_4B50 else { throw InputError(file: name, "the zip archive is corrupt: the member's local header is damaged") }
            position = member.localHeaderOffset + 30 + (Int(h[26]) | Int(h[27]) << 8) + (Int(h[28]) | Int(h[29]) << 8)
            if member.method == 8 {
                let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
                z.initialize(to: z_stream())
                guard inflateInit2_(z, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    z.deallocate()
                    throw InputError(file: name, "cannot initialise decompression")
                }
                zs = z
            }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        if let zs {
            inflateEnd(zs)
            zs.deallocate()
        }
        close(fd)
    }

    /// Refills the compressed input; returns the bytes now available.
    private func fill() throws -> Int {
        if inputStart < inputEnd { return inputEnd - inputStart }
        guard remaining > 0 else { return 0 }
        let want = min(remaining, input.count)
        let n = input.withUnsafeMutableBytes { b -> Int in
            guard let base = b.baseAddress else { return -1 }
            return pread(fd, base, want, off_t(position))
        }
        if n < 0 { throw InputError(file: name, "cannot read: \(String(cString: strerror(errno)))") }
        if n == 0 { throw InputError(file: name, "the zip archive is truncated: the member runs past the end of the file") }
        position += n
        remaining -= n
        inputStart = 0
        inputEnd = n
        return n
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws -> Int {
        if ended || capacity == 0 { return 0 }
        var n = 0
        if let zs {
            while n == 0 {
                let available = try fill()
                let rc: Int32 = input.withUnsafeMutableBufferPointer { b in
                    guard let base = b.baseAddress else { return Z_MEM_ERROR }
                    zs.pointee.next_in = base + inputStart
                    zs.pointee.avail_in = UInt32(available)
                    zs.pointee.next_out = buffer
                    zs.pointee.avail_out = UInt32(min(capacity, Int(UInt32.max)))
                    let r = inflate(zs, Z_NO_FLUSH)
                    inputStart += available - Int(zs.pointee.avail_in)
                    n = min(capacity, Int(UInt32.max)) - Int(zs.pointee.avail_out)
                    return r
                }
                if rc == Z_STREAM_END { ended = true; break }
                guard rc == Z_OK || (rc == Z_BUF_ERROR && available > 0) else {
                    if available == 0 { throw InputError(file: name, "the zip archive is corrupt: the member's compressed data ends early") }
                    throw InputError(file: name, "the zip archive is corrupt: the member does not inflate (zlib error \(rc))")
                }
            }
        } else {
            let available = try fill()
            n = min(available, capacity)
            input.withUnsafeBufferPointer { b in if let base = b.baseAddress { buffer.update(from: base + inputStart, count: n) } }
            inputStart += n
            if remaining == 0 && inputStart == inputEnd { ended = true }
        }
        produced += n
        if produced > member.uncompressedSize {
            throw InputError(file: name, "the member inflates to more than the \(member.uncompressedSize) bytes it declares "
                             + "(a zip bomb, or a corrupt archive)")
        }
        crc = crc32(crc, buffer, UInt32(n))
        if ended {
            guard produced == member.uncompressedSize else {
                throw InputError(file: name, "the zip archive is corrupt: the member inflates to \(produced) bytes, its directory says \(member.uncompressedSize)")
            }
            guard UInt32(truncatingIfNeeded: crc) == member.crc else {
                throw InputError(file: name, "the zip archive is corrupt: the member fails its CRC-32 check")
            }
        }
        return n
    }
}
