import CZlib
import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zip archive read into memory, enough of it for .xlsx workbooks: the central directory, and entries stored or
/// deflated (PKWARE APPNOTE.TXT, sections 4.3.7 local file header, 4.3.12 central directory header, 4.3.16 end of
/// central directory record; methods 0 and 8). Zip64, encryption, spanning and other methods are refused with a
/// message. Inflation (zlib, raw deflate) stops as soon as an entry exceeds its size limit, so a zip bomb costs no
/// more than the limit; every entry's CRC-32 and size are checked.
///
/// The project has its own zip reader, not ZIPFoundation, because ZIPFoundation's zlib module is also called `CZlib`
/// and the two modules cannot be built into one program.
struct ZipArchive {
    /// One entry of the central directory.
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let path: String
    private let data: [UInt8]
    /// Entries by name.
    private(set) var entries: [String: Entry] = [:]

    /// Reads the file and its central directory.
    init(path: String) throws {
        self.path = path
        data = try Self.readFile(path)
        let d = data
        func u16(_ k: Int) -> Int { Int(d[k]) | Int(d[k + 1]) << 8 }
        func u32(_ k: Int) -> Int { u16(k) | u16(k + 2) << 16 }
        let notZip = "not an .xlsx workbook: the file is not a zip archive"
        guard d.count >= 22 else { throw InputError(file: path, "\(notZip) (\(d.count) bytes)") }
        // The end of central directory record: the last signature PK\5\6 within the last 22 + 65535 bytes.
        var eocd = -1
        var k = d.count - 22
        let floor = max(0, d.count - 22 - 65_535)
        while k >= floor {
            if d[k] == 0x50 && d[k + 1] == 0x4B && d[k + 2] == 0x05 && d[k + 3] == 0x06 { eocd = k; break }
            k -= 1
        }
        guard eocd >= 0 else {
            let isZipStart = d[0] == 0x50 && d[1] == 0x4B
            throw InputError(file: path, isZipStart ? "the zip archive is truncated or corrupt: no end of central directory record"
                                                    : "\(notZip) (no zip signature; an old binary .xls workbook or a CSV renamed?)")
        }
        let count = u16(eocd + 10), size = u32(eocd + 12), offset = u32(eocd + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw InputError(file: path, "a Zip64 archive, which is not read (a workbook part over 4 GiB?)")
        }
        guard offset + size <= eocd else { throw InputError(file: path, "the zip archive is corrupt: its central directory lies outside the file") }
        var p = offset
        for n in 0..<count {
            guard p + 46 <= offset + size, u32(p) == 0x0201_4B50 else {
                throw InputError(file: path, "the zip archive is corrupt: central directory entry \(n + 1) of \(count) is damaged")
            }
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32)
            guard p + 46 + nameLength <= d.count else { throw InputError(file: path, "the zip archive is corrupt: an entry name runs past the end") }
            let name = String(decoding: d[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let e = Entry(name: name, method: UInt16(u16(p + 10)), flags: UInt16(u16(p + 8)), crc: UInt32(u32(p + 16)),
                          compressedSize: u32(p + 20), uncompressedSize: u32(p + 24), localHeaderOffset: u32(p + 42))
            entries[name] = e
            p += 46 + nameLength + extra + comment
        }
    }

    /// The uncompressed bytes of the entry `name`, at most `cap` of them.
    func read(_ name: String, cap: Int) throws -> [UInt8] {
        guard let e = entries[name] else { throw InputError(file: path, "the workbook has no part \(name)") }
        let d = data
        func u16(_ k: Int) -> Int { Int(d[k]) | Int(d[k + 1]) << 8 }
        func u32(_ k: Int) -> Int { u16(k) | u16(k + 2) << 16 }
        if e.flags & 1 != 0 { throw InputError(file: path, "part \(name) is encrypted (a password-protected workbook cannot be read)") }
        if e.uncompressedSize > cap {
            throw InputError(file: path, "part \(name) is \(e.uncompressedSize) bytes uncompressed, more than the limit of \(cap) bytes "
                             + "(a zip bomb, or a sheet too large to read)")
        }
        let h = e.localHeaderOffset
        guard h + 30 <= d.count, u32(h) == 0x0403_4B50 else {
            throw InputError(file: path, "the zip archive is corrupt: the local header of part \(name) is damaged")
        }
        let start = h + 30 + u16(h + 26) + u16(h + 28)
        guard start + e.compressedSize <= d.count else {
            throw InputError(file: path, "the zip archive is truncated: part \(name) runs past the end of the file")
        }
        var out: [UInt8]
        switch e.method {
        case 0:
            out = Array(d[start..<(start + e.compressedSize)])
        case 8:
            out = try inflate(d, start, e.compressedSize, cap: cap, name: name, declared: e.uncompressedSize)
        default:
            throw InputError(file: path, "part \(name) uses zip compression method \(e.method); only stored (0) and deflated (8) are read")
        }
        guard out.count == e.uncompressedSize else {
            throw InputError(file: path, "the zip archive is corrupt: part \(name) inflates to \(out.count) bytes, its directory says \(e.uncompressedSize)")
        }
        let crc = out.withUnsafeBufferPointer { b in UInt32(truncatingIfNeeded: crc32(0, b.baseAddress, UInt32(b.count))) }
        guard crc == e.crc else { throw InputError(file: path, "the zip archive is corrupt: part \(name) fails its CRC-32 check") }
        return out
    }

    /// Raw deflate data `d[start..<start+count]` inflated, refusing more than `cap` bytes.
    private func inflate(_ d: [UInt8], _ start: Int, _ count: Int, cap: Int, name: String, declared: Int) throws -> [UInt8] {
        var zs = z_stream()
        guard inflateInit2_(&zs, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(file: path, "cannot initialise decompression for part \(name)")
        }
        defer { inflateEnd(&zs) }
        var out = [UInt8](repeating: 0, count: max(1, min(declared, cap)) + 1)
        var produced = 0
        var rc: Int32 = Z_OK
        try d.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return }
            zs.next_in = UnsafeMutablePointer(mutating: base + start)
            zs.avail_in = UInt32(count)
            while true {
                if produced == out.count {
                    // The declared size was wrong (or a lie): grow, up to the cap.
                    guard out.count <= cap else {
                        throw InputError(file: path, "part \(name) inflates to more than the limit of \(cap) bytes although it declares "
                                         + "\(declared) (a zip bomb, or a corrupt archive)")
                    }
                    out.append(contentsOf: [UInt8](repeating: 0, count: min(max(out.count, 1 << 16), cap + 1 - out.count + 1)))
                }
                rc = out.withUnsafeMutableBufferPointer { o -> Int32 in
                    guard let base = o.baseAddress else { return Z_MEM_ERROR }
                    zs.next_out = base + produced
                    zs.avail_out = UInt32(min(o.count - produced, Int(UInt32.max)))
                    let before = Int(zs.avail_out)
                    let r = CZlib.inflate(&zs, Z_NO_FLUSH)
                    produced += before - Int(zs.avail_out)
                    return r
                }
                if rc == Z_STREAM_END { break }
                if produced > cap {
                    throw InputError(file: path, "part \(name) inflates to more than the limit of \(cap) bytes although it declares "
                                     + "\(declared) (a zip bomb, or a corrupt archive)")
                }
                guard rc == Z_OK || (rc == Z_BUF_ERROR && produced == out.count) else {
                    throw InputError(file: path, "the zip archive is corrupt: part \(name) does not inflate (zlib error \(rc))")
                }
            }
        }
        if produced > cap {
            throw InputError(file: path, "part \(name) inflates to more than the limit of \(cap) bytes (a zip bomb, or a corrupt archive)")
        }
        out.removeSubrange(produced...)
        return out
    }

    /// The whole file.
    private static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw InputError(file: path, errno == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0 else { throw InputError(file: path, "cannot read: \(String(cString: strerror(errno)))") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, "is a folder, not a workbook") }
        // Without Zip64 no entry can start beyond 4 GiB: a larger file is not a workbook this reader can read, and is
        // not read into memory.
        if Int64(st.st_size) > 0xFFFF_FFFF + 65_557 {
            throw InputError(file: path, "the file is \(st.st_size) bytes: larger than a zip archive without Zip64 can be (not read)")
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        let n = out.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        guard n == out.count else { throw InputError(file: path, "cannot read the whole file (\(n) of \(out.count) bytes)") }
        return out
    }
}
