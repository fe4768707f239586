import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An uncompressed CSV file mapped into memory and cut into chunks of whole rows, so that the chunks can be
/// parsed on several cores and their results put together in order, equal to one pass of `CSVReader`.
///
/// The cuts come from one parallel count of line feeds and quote characters per stretch of the file: a chunk
/// begins after the first line feed past its nominal start at which an even number of quotes lies behind (so
/// not inside a quoted field, even one holding line breaks). That is exact when every quote of the file is where
/// RFC 4180 puts it; each chunk checks this as it is parsed (the quotes its quoted fields consume equal the
/// quotes in its bytes, its rows span as many lines as it holds line feeds and end exactly at its end), and
/// `forEachRow(chunk:_:)` answers `false` when they do not (a stray quote in an unquoted field, a quoting error,
/// old Mac line ends): the caller then reads the file serially, which gives the errors and rows of record.
/// Because the counts are known before parsing, each chunk knows the line number of its first row, so rows
/// carry the same line numbers as in a serial read and errors raised from them name the same place.
public final class CSVChunks {
    /// The file as the user named it, for error messages.
    public let path: String
    /// Field separator.
    public let delimiter: UInt8
    private let base: UnsafeMutablePointer<UInt8>
    private let mapped: UnsafeMutableRawPointer
    private let size: Int
    /// Byte offset of the first data row (after the BOM and the header row).
    private let dataStart: Int
    private let headerEnd: Int
    private let headerLines: Int
    private var bounds: [Int] = []     // chunk k is bounds[k]..<bounds[k + 1]
    private var lineFeeds: [Int] = []  // per chunk
    private var quoteCounts: [Int] = []  // per chunk
    private var firstLines: [Int] = []   // line number of each chunk's first row, minus one

    /// Maps `path` and cuts it into about `chunks` pieces of at least `minimumChunkBytes` each; nil when the file
    /// is compressed, smaller than two such pieces, or has a row too long to cut around (then read it with
    /// `CSVReader`). Throws `InputError` when the file cannot be opened.
    public init?(path: String, delimiter: UInt8 = UInt8(ascii: ","), chunks wanted: Int,
                 minimumChunkBytes: Int = 1 << 22) throws {
        guard wanted >= 2 else { return nil }
        // Only a regular file is mapped; a pipe is not even opened here (opening and closing a FIFO would end its
        // writer), so that the serial reader gets all of it.
        var kind = stat()
        if stat(path, &kind) == 0 && (kind.st_mode & S_IFMT) != S_IFREG && (kind.st_mode & S_IFMT) != S_IFDIR { return nil }
        let file = try PlainFileStream(path: path)
        var st = stat()
        guard fstat(file.fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard size >= 2 * minimumChunkBytes else { return nil }
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.fd, 0), m != UnsafeMutableRawPointer(bitPattern: -1) else {
            return nil
        }
        let p = m.assumingMemoryBound(to: UInt8.self)
        // Compressed, or a workbook or archive that `CSVReader` refuses with its own message.
        if size >= 4 && ((p[0] == 0x1f && p[1] == 0x8b) || BinaryContainer(magic: [p[0], p[1], p[2], p[3]]) != nil) {
            munmap(m, size)
            return nil
        }
        _ = madvise(m, size, MADV_SEQUENTIAL)
        self.path = path
        self.delimiter = delimiter
        self.mapped = m
        self.base = p
        self.size = size
        // The header row, scanned as CSVReader scans it (after a UTF-8 BOM).
        let bom = size >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        var row = CSVRow(path: path)
        var q = 0
        guard let h = try? scanCSVRow(p, from: bom, to: size, atEOF: true, delimiter: delimiter, path: path,
                                      line: 0, into: &row, quotes: &q), h.next < size, h.next - bom <= InputLimits.lineBytes else {
            munmap(m, size)
            return nil
        }
        headerEnd = h.next
        dataStart = h.next
        headerLines = h.lines
        guard cut(into: min(wanted, (size - dataStart) / minimumChunkBytes)) else {
            munmap(m, size)
            return nil
        }
    }

    deinit { munmap(mapped, size) }

    /// Number of chunks.
    public var count: Int { bounds.count - 1 }

    /// Bytes of the file.
    public var byteCount: Int { size }

    /// At most how many rows chunk `k` holds (its line feeds, plus one for a last row without a line end).
    public func rowBound(chunk k: Int) -> Int { lineFeeds[k] + (k == count - 1 ? 1 : 0) }

    /// Calls `body` with the header row (line 1; the first row of the file).
    public func readHeader(_ body: (borrowing CSVRow) throws -> Void) throws {
        let bom = size >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        var row = CSVRow(path: path)
        var q = 0
        _ = try scanCSVRow(base, from: bom, to: size, atEOF: true, delimiter: delimiter, path: path, line: 0,
                           into: &row, quotes: &q)
        try body(row)
    }

    /// Calls `body` for every row of chunk `k` in order, with the line numbers of a serial read. Returns false,
    /// after calling `body` for some of the rows, when the chunk turns out not to be cut where a serial read
    /// would have its rows (see the type's description); errors thrown by `body` propagate unchanged.
    public func forEachRow(chunk k: Int, _ body: (borrowing CSVRow) throws -> Void) throws -> Bool {
        try forEachRow(chunk: k, numberColumns: 0, cells: { nil }, numbers: {}, body)
    }

    /// `forEachRow(chunk:_:)` for a table read as numbers: a row of exactly `numberColumns` plain numbers is
    /// parsed in the pass that finds its fields (`parsePlainNumberRow`), straight into the `numberColumns` cells
    /// that `cells()` points to, and then `numbers()` is called; every other row (text, missing values, quotes,
    /// blanks, another number of fields) goes to `body` as in `forEachRow` (after `cells()` may have been written
    /// in part). Rows, line numbers and the answer are those of `forEachRow`, and so are the numbers: each is
    /// what `parseNumber` gives for the field.
    public func forEachRow(chunk k: Int, numberColumns ncol: Int, cells: () -> UnsafeMutablePointer<Double>?,
                           numbers: () throws -> Void, _ body: (borrowing CSVRow) throws -> Void) throws -> Bool {
        let end = bounds[k + 1]
        var i = bounds[k]
        var line = firstLines[k]
        var quotes = 0
        var row = CSVRow(path: path)
        let fused = ncol > 0 && isPlainNumberDelimiter(delimiter)
        while i < end {
            if fused, let c = cells(),
               let next = parsePlainNumberRow(base, from: i, to: end, delimiter: delimiter, count: ncol, into: c) {
                guard next - i <= InputLimits.lineBytes else { return false }
                try numbers()
                line += 1
                i = next
                continue
            }
            let scanned: (next: Int, lines: Int)?
            do {
                scanned = try scanCSVRow(base, from: i, to: end, atEOF: true, delimiter: delimiter, path: path,
                                         line: line, into: &row, quotes: &quotes)
            } catch {
                return false  // a quoting error here may be an artefact of a wrong cut: the serial read decides
            }
            // A row longer than a serial read accepts: the serial read reports it, so both reads agree.
            guard let r = scanned, r.next - i <= InputLimits.lineBytes else { return false }
            try body(row)
            line += r.lines
            i = r.next
        }
        // A last row without a line end spans one line more than the line feeds say.
        let unterminated = k == count - 1 && base[size - 1] != 0x0A ? 1 : 0
        return i == end && quotes == quoteCounts[k] && line - firstLines[k] == lineFeeds[k] + unterminated
    }

    /// Lets the memory holding chunk `k`'s bytes go (the whole pages inside it): a later `forEachRow(chunk:)`
    /// reads them from the file again. Keeps the resident memory of a large file near the chunks in flight.
    public func release(chunk k: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let from = (bounds[k] + page - 1) / page * page, to = bounds[k + 1] / page * page
        if to > from { _ = madvise(mapped + from, to - from, MADV_DONTNEED) }
    }

    /// Counts line feeds and quotes per stretch in parallel and places the cuts; false when a row is too long.
    private func cut(into n: Int) -> Bool {
        guard n >= 2 else { return false }
        let span = size - dataStart
        let nominal = (0...n).map { dataStart + span * $0 / n }
        let counts = UnsafeMutablePointer<(lf: Int, quotes: Int)>.allocate(capacity: n)
        defer { counts.deallocate() }
        let p = base
        DispatchQueue.concurrentPerform(iterations: n) { k in
            counts[k] = countLineFeedsAndQuotes(p, nominal[k], nominal[k + 1])
        }
        // Walk from each nominal start to the first line feed outside quotes.
        var starts = [dataStart]
        var walked: [(lf: Int, quotes: Int)] = [(0, 0)]
        var quotesBefore = 0  // quotes in dataStart..<nominal[k]
        for k in 1..<n {
            quotesBefore += counts[k - 1].quotes
            var odd = quotesBefore & 1 == 1
            var i = nominal[k]
            var lf = 0, qs = 0
            var found = false
            while i < nominal[k + 1] {
                let c = p[i]
                i += 1
                if c == UInt8(ascii: "\"") { odd.toggle(); qs += 1 } else if c == 0x0A {
                    lf += 1
                    if !odd { found = true; break }
                }
            }
            guard found else { return false }
            starts.append(i)
            walked.append((lf, qs))
        }
        starts.append(size)
        walked.append((0, 0))
        bounds = starts
        lineFeeds = (0..<n).map { counts[$0].lf - walked[$0].lf + walked[$0 + 1].lf }
        quoteCounts = (0..<n).map { counts[$0].quotes - walked[$0].quotes + walked[$0 + 1].quotes }
        var line = headerLines
        firstLines = lineFeeds.map { lf in defer { line += lf }; return line }
        return true
    }
}

/// Line feeds and quote characters in `p[from..<to]`. Without quotes (most numeric files; one `memchr` tells) the
/// line feeds are found with `memchr`, a vectorised search that skips a row in a few instructions; otherwise both
/// are counted eight bytes at a time (an exact per-byte zero test).
private func countLineFeedsAndQuotes(_ p: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) -> (lf: Int, quotes: Int) {
    guard to > from else { return (0, 0) }
    if memchr(p + from, 0x22, to - from) == nil {
        var lf = 0
        var i = p + from
        let end = p + to
        while i < end, let hit = memchr(i, 0x0A, end - i) {
            lf += 1
            i = hit.assumingMemoryBound(to: UInt8.self) + 1
        }
        return (lf, 0)
    }
    return countBytewise(p, from, to)
}

/// Line feeds and quotes counted eight bytes at a time.
private func countBytewise(_ p: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) -> (lf: Int, quotes: Int) {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let lfs = ones &* 0x0A, qs = ones &* 0x22
    var lf = 0, quotes = 0
    var i = from
    @inline(__always) func zeros(_ x: UInt64) -> Int { (~(((x & low7) &+ low7) | x | low7)).nonzeroBitCount }
    while i + 8 <= to {
        let x = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        lf += zeros(x ^ lfs)
        quotes += zeros(x ^ qs)
        i += 8
    }
    while i < to {
        if p[i] == 0x0A { lf += 1 } else if p[i] == 0x22 { quotes += 1 }
        i += 1
    }
    return (lf, quotes)
}
