import DataIO
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The columns of a CSV file read on several cores: the same columns, levels and first-text positions as the
/// serial read of `DataFrame(csvPath:)`, bit for bit, or nil when the file has to be read serially.
struct ParallelCSVColumns {
    var header: [String]
    var columns: [DataColumn]
    var firstText: [String: (line: Int, column: Int, text: String)]

    /// Reads `path` in chunks of rows on every core when it is an uncompressed file of a few MB or more and more
    /// than one core is available; nil otherwise, or when the file's quoting or line ends stop the chunks from
    /// matching a serial read (the caller then reads it serially, which reports any error of that kind).
    /// Errors from the rows themselves (a row with the wrong number of fields, a bad header) are thrown here as
    /// the serial read throws them: the first in file order, with its line.
    static func read(path: String, minimumChunkBytes: Int = 1 << 22, chunks: Int? = nil) throws -> ParallelCSVColumns? {
        let cores = Parallelism.threads
        // More chunks than threads, so that a core slowed by other work does not hold the others up.
        let wanted = chunks ?? (cores > 1 ? 4 * cores : 1)
        guard let file = try CSVChunks(path: path, chunks: wanted, minimumChunkBytes: minimumChunkBytes) else { return nil }
        var header: [String] = []
        try file.readHeader { row in header = try DataFrame.headerNames(row) }
        let n = file.count, ncol = header.count

        // Pass 1: numbers straight into their columns at each chunk's slot (upper bounds on its rows). The
        // columns are the frame's arrays themselves, written in place (no copy of the numbers at the end).
        var slot = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { slot[k + 1] = slot[k] + file.rowBound(chunk: k) }
        let capacity = slot[n]
        let results = (0..<n).map { _ in ChunkResult(columns: ncol) }
        var outcome: Outcome = .mismatch
        var rowStart = [Int](repeating: 0, count: n + 1)
        var textColumns: [Int] = []
        var firstText: [String: (line: Int, column: Int, text: String)] = [:]
        let numbers = try withColumnArrays(ncol, capacity: capacity) { buffers -> (rows: Int, keep: [Bool]) in
            DispatchQueue.concurrentPerform(iterations: n) { k in
                results[k].readNumbers(file, chunk: k, buffers: buffers, columns: ncol, slot: slot[k],
                                       bound: slot[k + 1] - slot[k])
            }
            // In file order: a mismatched cut sends the whole file to the serial reader; the first error is thrown.
            for r in results {
                if r.mismatch { outcome = .mismatch; return (0, []) }
                if let e = r.error { throw e }
            }
            // Close the gaps left by chunks with fewer rows than their bound (blank lines, line breaks in quotes).
            for k in 0..<n { rowStart[k + 1] = rowStart[k] + results[k].rows }
            for k in 0..<n where rowStart[k] != slot[k] && results[k].rows > 0 {
                for j in 0..<ncol { memmove(buffers[j] + rowStart[k], buffers[j] + slot[k], results[k].rows * 8) }
            }
            // Text columns: a column with a non-number anywhere. Its first text is recorded when the column's first
            // non-missing field is a number (it "turned" categorical), as the serial read does.
            for j in 0..<ncol {
                guard let withText = results.first(where: { $0.firstText[j] != nil }), let where_ = withText.firstText[j] else { continue }
                textColumns.append(j)
                if let first = results.first(where: { $0.firstKind[j] != 0 }), first.firstKind[j] == 1 {
                    firstText[header[j]] = where_
                }
            }
            outcome = .read
            let text = Set(textColumns)
            return (rowStart[n], (0..<ncol).map { !text.contains($0) })
        }
        guard outcome == .read else { return nil }
        var text: [Int: (codes: [Int32], levels: [String])] = [:]
        if !textColumns.isEmpty {
            text = try categoricalColumns(file, results: results, textColumns: textColumns, rowStart: rowStart)
        }
        var columns: [DataColumn] = []
        columns.reserveCapacity(ncol)
        for j in 0..<ncol {
            if let t = text[j] {
                columns.append(.categorical(codes: t.codes, levels: t.levels))
            } else {
                columns.append(.numeric(numbers[j]))
            }
        }
        return ParallelCSVColumns(header: header, columns: columns, firstText: firstText)
    }

    private enum Outcome { case read, mismatch }

    /// `count` arrays of doubles filled by `body` through plain pointers (each of room for `capacity`): `body`
    /// returns how many rows it wrote, and which columns to keep (the others come back empty). Up to 64 columns
    /// the arrays are made in place (`Array(unsafeUninitializedCapacity:)`, nested once per column) so that the
    /// numbers are never copied; wider tables (a nesting that deep would be a deep stack) use buffers copied
    /// into arrays one column at a time (each buffer freed as its array exists, so the peak holds the numbers
    /// about once). Large columns are backed by transparent huge pages where the system allows it (a 2 MB page
    /// is one fault instead of 512).
    static func withColumnArrays(_ count: Int, capacity: Int,
                                 _ body: (UnsafeMutablePointer<UnsafeMutablePointer<Double>>) throws -> (rows: Int, keep: [Bool])) throws -> [[Double]] {
        let buffers = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: max(1, count))
        defer { buffers.deallocate() }
        if count <= 64 {
            var filled: (rows: Int, keep: [Bool]) = (0, [])
            func nest(_ j: Int) throws -> [[Double]] {
                if j == count {
                    filled = try body(buffers)
                    return []
                }
                var rest: [[Double]] = []
                let column = try [Double](unsafeUninitializedCapacity: max(1, capacity)) { b, initialized in
                    guard let p = b.baseAddress else { return }
                    LargeMemory.adviseHugePages(UnsafeMutableRawPointer(p), bytes: b.count * 8)
                    buffers[j] = p
                    rest = try nest(j + 1)
                    initialized = j < filled.keep.count && filled.keep[j] ? filled.rows : 0
                }
                return [column] + rest
            }
            return try nest(0)
        }
        for j in 0..<count {
            buffers[j] = UnsafeMutablePointer<Double>.allocate(capacity: max(1, capacity))
            LargeMemory.adviseHugePages(UnsafeMutableRawPointer(buffers[j]), bytes: max(1, capacity) * 8)
        }
        var freed = 0
        defer { for j in freed..<count { buffers[j].deallocate() } }
        let filled = try body(buffers)
        var out: [[Double]] = []
        out.reserveCapacity(count)
        for j in 0..<count {
            out.append(j < filled.keep.count && filled.keep[j] ? Array(UnsafeBufferPointer(start: buffers[j], count: filled.rows)) : [])
            buffers[j].deallocate()
            freed = j + 1
        }
        return out
    }

    /// Pass 2 for the text columns: each chunk interns its fields in order of first appearance (in parallel),
    /// then the chunks' codes are renumbered to the levels of the whole file.
    private static func categoricalColumns(_ file: CSVChunks, results: [ChunkResult], textColumns: [Int],
                                           rowStart: [Int]) throws -> [Int: (codes: [Int32], levels: [String])] {
        let n = file.count, rows = rowStart[n]
        let out = UnsafeMutablePointer<UnsafeMutablePointer<Int32>>.allocate(capacity: textColumns.count)
        for t in textColumns.indices { out[t] = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, rows)) }
        defer {
            for t in textColumns.indices { out[t].deallocate() }
            out.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: n) { k in
            results[k].readText(file, chunk: k, textColumns: textColumns, codes: out, rowStart: rowStart[k])
        }
        for r in results where r.mismatch { throw InputError(file: file.path, "the file changed while it was read") }
        // Local codes to the file's codes: the levels of chunk 0, then the new ones of chunk 1, and so on.
        var columns: [Int: (codes: [Int32], levels: [String])] = [:]
        for (t, j) in textColumns.enumerated() {
            var index: [String: Int32] = [:]
            var levels: [String] = []
            var maps: [[Int32]] = []
            for r in results {
                maps.append(r.levels[t].map { s in
                    if let c = index[s] { return c }
                    let c = Int32(levels.count)
                    index[s] = c
                    levels.append(s)
                    return c
                })
            }
            let dst = out[t]
            for k in 0..<n {
                let map = maps[k]
                for i in rowStart[k]..<rowStart[k + 1] where dst[i] >= 0 { dst[i] = map[Int(dst[i])] }
            }
            columns[j] = (Array(UnsafeBufferPointer(start: dst, count: rows)), levels)
        }
        return columns
    }
}

/// What one chunk found: its rows, per column whether its first non-missing field was a number (1) or text (2),
/// where its first text is, an error or a mismatched cut, and (pass 2) the levels of the text columns.
private final class ChunkResult {
    var rows = 0
    var mismatch = false
    var error: Error?
    var firstKind: [UInt8]
    var firstText: [(line: Int, column: Int, text: String)?]
    var levels: [[String]] = []

    init(columns: Int) {
        firstKind = [UInt8](repeating: 0, count: columns)
        firstText = Array(repeating: nil, count: columns)
    }

    /// Pass 1: every field parsed as a number into `buffers[j][slot...]`, NaN for missing; a column stops being
    /// stored at its first text in this chunk.
    func readNumbers(_ file: CSVChunks, chunk k: Int, buffers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>,
                     columns ncol: Int, slot: Int, bound: Int) {
        // Plain buffers for the per-cell flags: no array uniqueness checks inside the row closure.
        let hasText = UnsafeMutablePointer<Bool>.allocate(capacity: Swift.max(1, ncol))
        hasText.initialize(repeating: false, count: Swift.max(1, ncol))
        let firstKind = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(1, ncol))
        firstKind.initialize(repeating: 0, count: Swift.max(1, ncol))
        defer {
            hasText.deallocate()
            firstKind.deallocate()
        }
        var firstText = self.firstText
        var out = StagedRows(columns: ncol, buffers: buffers, slot: slot)
        defer { out.release() }
        // Rows of plain numbers are parsed as their fields are found (`forEachRow(chunk:numberColumns:)`);
        // after the first such row every column's first kind is known.
        var kindsKnown = false
        do {
            let clean = try file.forEachRow(chunk: k, numberColumns: ncol, cells: { out.nextRow() }, numbers: {
                guard out.rows < bound else { throw ChunkOverflow() }
                if !kindsKnown {
                    for j in 0..<ncol where firstKind[j] == 0 { firstKind[j] = 1 }
                    kindsKnown = true
                }
                out.endRow()
            }) { row in
                if row.isBlank { return }
                guard row.count == ncol else {
                    throw row.error("expected \(ncol) fields as in the header, found \(row.count)")
                }
                guard out.rows < bound else { throw ChunkOverflow() }
                let s = out.nextRow()
                for j in 0..<ncol {
                    if hasText[j] { continue }
                    switch row.numericValue(j) {
                    case .missing:
                        s[j] = .nan
                    case .number(let v):
                        s[j] = v
                        if firstKind[j] == 0 { firstKind[j] = 1 }
                    case .text:
                        hasText[j] = true
                        if firstKind[j] == 0 { firstKind[j] = 2 }
                        firstText[j] = (row.line, j + 1, row.string(j))
                    }
                }
                out.endRow()
            }
            out.flush()
            file.release(chunk: k)
            mismatch = !clean
        } catch is ChunkOverflow {
            mismatch = true
        } catch {
            self.error = error
        }
        self.rows = out.rows
        self.firstKind = Array(UnsafeBufferPointer(start: firstKind, count: ncol))
        self.firstText = firstText
    }

    /// Pass 2: the text columns' fields interned in order of first appearance in this chunk; local codes (-1 for
    /// missing) into `codes[t][rowStart...]`.
    func readText(_ file: CSVChunks, chunk k: Int, textColumns: [Int], codes: UnsafeMutablePointer<UnsafeMutablePointer<Int32>>,
                  rowStart: Int) {
        var index = [[String: Int32]](repeating: [:], count: textColumns.count)
        var levels = [[String]](repeating: [], count: textColumns.count)
        var r = rowStart
        do {
            let clean = try file.forEachRow(chunk: k) { row in
                if row.isBlank { return }
                guard r < rowStart + rows else { throw ChunkOverflow() }
                for (t, j) in textColumns.enumerated() {
                    if row.isMissing(j) { codes[t][r] = -1; continue }
                    let s = row.string(j)
                    if let c = index[t][s] { codes[t][r] = c; continue }
                    let c = Int32(levels[t].count)
                    index[t][s] = c
                    levels[t].append(s)
                    codes[t][r] = c
                }
                r += 1
            }
            file.release(chunk: k)
            mismatch = !clean || r - rowStart != rows
        } catch {
            mismatch = true
        }
        self.levels = levels
    }
}

/// A chunk's rows staged row-major in a small block and moved to their columns (at the chunk's slot) a block at
/// a time, so that a wide table does not touch a different memory page for every cell of a row.
private struct StagedRows {
    let columns: Int
    let buffers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    let slot: Int
    let block: Int
    let staging: UnsafeMutablePointer<Double>
    var inBlock = 0
    /// Rows finished so far (moved or staged).
    var rows = 0

    init(columns: Int, buffers: UnsafeMutablePointer<UnsafeMutablePointer<Double>>, slot: Int) {
        self.columns = columns
        self.buffers = buffers
        self.slot = slot
        block = Swift.max(8, Swift.min(256, 32_768 / Swift.max(1, columns)))
        staging = UnsafeMutablePointer<Double>.allocate(capacity: block * Swift.max(1, columns))
        staging.initialize(repeating: .nan, count: block * Swift.max(1, columns))
    }

    /// The staging cells of the next row.
    @inline(__always) func nextRow() -> UnsafeMutablePointer<Double> { staging + inBlock * columns }

    /// Ends the row begun by `nextRow`.
    @inline(__always) mutating func endRow() {
        inBlock += 1
        rows += 1
        if inBlock == block { flush() }
    }

    /// Moves the staged rows to their columns.
    mutating func flush() {
        for j in 0..<columns {
            let dst = buffers[j] + slot + rows - inBlock
            for r in 0..<inBlock { dst[r] = staging[r * columns + j] }
        }
        inBlock = 0
    }

    func release() { staging.deallocate() }
}

/// Thrown inside a chunk that holds more rows than its line feeds allow (a bare carriage return as line end).
private struct ChunkOverflow: Error {}
