import CZlib

/// gzip compression in memory, so that the `csv-gzip` harness feeds the reader valid streams of fuzzed text.
enum FuzzGzip {
    /// The gzip stream of `data`.
    static func compress(_ data: UnsafeBufferPointer<UInt8>) throws -> [UInt8] {
        var zs = z_stream()
        // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
        guard deflateInit2_(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw FuzzFinding(description: "harness: deflateInit2 failed")
        }
        defer { deflateEnd(&zs) }
        let bound = Int(deflateBound(&zs, uLong(data.count))) + 32
        var out = [UInt8](repeating: 0, count: bound)
        let rc = out.withUnsafeMutableBufferPointer { o -> Int32 in
            zs.next_out = o.baseAddress
            zs.avail_out = uInt(o.count)
            zs.next_in = UnsafeMutablePointer(mutating: data.baseAddress)  // nil only when empty, which zlib allows
            zs.avail_in = uInt(data.count)
            return deflate(&zs, Z_FINISH)
        }
        guard rc == Z_STREAM_END else { throw FuzzFinding(description: "harness: deflate returned \(rc)") }
        out.removeSubrange(Int(zs.total_out)...)
        return out
    }
}
