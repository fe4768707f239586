import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends, a UTF-8 BOM skipped).
///
/// Rows are handed to a closure one at a time as a `CSVRow` that points into the reader's buffer: no
/// allocation per cell, numbers parsed straight from the bytes. Memory stays at the buffer size (it grows only
/// to hold the longest row), whatever the size of the file. gzip files are decompressed as they are read.
public final class CSVReader {
    /// The file as the user named it, for error messages.
    public let path: String
    /// Field separator (a comma unless told otherwise).
    public let delimiter: UInt8
    private let stream: ByteStream
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0  // first unread byte
    private var end = 0    // one past the last valid byte
    private var eof = false
    private var line = 0   // physical line number of the row being parsed (1-based once started)
    private var bomChecked = false

    /// Opens `path` (plain or gzip) for reading.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), bufferSize: Int = 1 << 20) throws {
        self.path = path
        self.delimiter = delimiter
        self.stream = try openByteStream(path: path)
        self.capacity = max(bufferSize, 64)
        self.buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity + 1)
    }

    /// Reads rows from `stream` (a zip archive's member, for example); `path` names it in messages.
    public init(stream: ByteStream, path: String, delimiter: UInt8 = UInt8(ascii: ","), bufferSize: Int = 1 << 20) {
        self.path = path
        self.delimiter = delimiter
        self.stream = stream
        self.capacity = max(bufferSize, 64)
        self.buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity + 1)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` for every row, header included, in file order. A blank line is passed as a row with one
    /// empty field; the closure decides what that means. Throws `InputError` for an unterminated quote.
    public func forEachRow(_ body: (borrowing CSVRow) throws -> Void) throws {
        var row = CSVRow(path: path)
        while true {
            guard let next = try parseRow(into: &row) else { return }
            try body(row)
            start = next
        }
    }

    /// Reads every row into arrays of strings (for small files: configs, labels, groupings).
    public func readAllRows() throws -> [[String]] {
        var rows: [[String]] = []
        try forEachRow { row in rows.append((0..<row.count).map { row.string($0) }) }
        return rows
    }

    /// Refills the buffer, keeping the bytes from `start` on. Returns false at the end of the data.
    private func refill() throws -> Bool {
        if eof { return false }
        if start > 0 {
            let keep = end - start
            if keep > 0 { memmove(buffer, buffer + start, keep) }
            end = keep
            start = 0
        }
        if end == capacity {
            // The row in progress fills the buffer: grow it, up to the longest row accepted.
            if capacity >= InputLimits.lineBytes {
                throw InputError(file: path, line: line + 1, "a row longer than \(InputLimits.describe(InputLimits.lineBytes)), the longest "
                                 + "a reader accepts (is this a CSV file? set OFFSHORE_MAX_LINE_MB to raise the limit)")
            }
            let newCap = min(capacity * 2, max(InputLimits.lineBytes, 64))
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap + 1)
            nb.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = nb
            capacity = newCap
        }
        let n = try stream.read(into: buffer + end, capacity: capacity - end)
        if n == 0 { eof = true; return false }
        end += n
        if !bomChecked && end >= 3 {
            bomChecked = true
            if buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        }
        return true
    }

    /// Parses the row beginning at `start` into `row`; returns the offset just past it, or nil at end of file.
    private func parseRow(into row: inout CSVRow) throws -> Int? {
        while true {
            if start >= end {
                if try !refill() { return nil }
                continue
            }
            if let next = try scan(into: &row) { return next }
            // The row runs past the buffered data: read more and parse it again from its start.
            if try !refill() {
                // Last line without a newline: parse it as complete.
                if start < end, let next = try scan(into: &row, atEOF: true) { return next }
                return nil
            }
        }
    }

    /// Scans one row from `start`; nil if the row is not complete within the buffer (unless at EOF).
    private func scan(into row: inout CSVRow, atEOF: Bool = false) throws -> Int? {
        var quotes = 0
        guard let r = try scanCSVRow(buffer, from: start, to: end, atEOF: atEOF, delimiter: delimiter, path: path,
                                     line: line, into: &row, quotes: &quotes) else { return nil }
        line += r.lines
        return r.next
    }
}

/// Scans the CSV row that begins at `start` in `buffer[..<end]` into `row` (its first line numbered `line + 1`):
/// the offset just past the row and the number of physical lines it spans, or nil when the row is not complete
/// within the bytes (unless `atEOF`, where the end of the bytes ends the row). `quotes` grows by the number of
/// quote characters the row's quoted fields consume (opening, closing and doubled quotes), so that a caller can
/// tell whether every quote of a byte range sits where RFC 4180 puts it. Throws `InputError` for an unterminated
/// quoted field or a character after a closing quote. The one row scanner of `CSVReader` and `CSVChunks`.
@inline(__always)
func scanCSVRow(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, atEOF: Bool, delimiter d: UInt8,
                path: String, line: Int, into row: inout CSVRow, quotes: inout Int) throws -> (next: Int, lines: Int)? {
    let q = UInt8(ascii: "\"")
    let lf = UInt8(ascii: "\n")
    let cr = UInt8(ascii: "\r")
    var i = start
    row.reset(base: buffer, line: line + 1)
    var linesInRow = 1
    while true {
        // One field.
        if i < end && buffer[i] == q {
            let fieldStart = i + 1
            var j = fieldStart
            var hasEscapes = false
            while true {
                if j >= end {
                    if atEOF {
                        throw InputError(file: path, line: line + 1, column: row.count + 1,
                                         "unterminated quoted field (a \" opens it and none closes it)")
                    }
                    return nil
                }
                let c = buffer[j]
                if c == q {
                    if j + 1 < end && buffer[j + 1] == q { hasEscapes = true; quotes += 2; j += 2; continue }
                    if j + 1 >= end && !atEOF { return nil }
                    break
                }
                if c == lf { linesInRow += 1 }
                j += 1
            }
            quotes += 2
            try row.append(start: fieldStart, end: j, quoted: true, escaped: hasEscapes)
            i = j + 1
            // After the closing quote: a delimiter, a line end, or the end of the data.
            if i < end && buffer[i] != d && buffer[i] != lf && buffer[i] != cr {
                throw InputError(file: path, line: line + 1, column: row.count,
                                 "unexpected character after a closing quote (expected the delimiter or a line end)")
            }
        } else {
            let fieldStart = i
            // Eight bytes at a time up to the first delimiter or line end, then byte by byte from there.
            i = skipPlainBytes(buffer, i, end, delimiter: d)
            while i < end {
                let c = buffer[i]
                if c == d || c == lf || c == cr { break }
                i += 1
            }
            if i >= end && !atEOF { return nil }
            try row.append(start: fieldStart, end: i, quoted: false, escaped: false)
        }
        if i >= end {
            // End of data: the last row has no line end.
            return (i, linesInRow)
        }
        let c = buffer[i]
        if c == d { i += 1; continue }
        if c == cr {
            if i + 1 >= end && !atEOF { return nil }
            i += 1
            if i < end && buffer[i] == lf { i += 1 }
            return (i, linesInRow)
        }
        // c == lf
        return (i + 1, linesInRow)
    }
}

/// The index of the first delimiter, LF or CR at or after `i` among whole 8-byte words before `end` (or of the
/// first byte not yet examined): the bytes are compared eight at a time (the zero-byte test of "Bit Twiddling
/// Hacks", exact for the lowest matching byte).
@inline(__always)
private func skipPlainBytes(_ p: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int, delimiter: UInt8) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let dd = ones &* UInt64(delimiter), lf = ones &* 0x0A, cr = ones &* 0x0D
    var i = start
    while i + 8 <= end {
        let x = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        let a = x ^ dd, b = x ^ lf, c = x ^ cr
        let hit = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & highs
        if hit != 0 { return i + hit.trailingZeroBitCount / 8 }
        i += 8
    }
    return i
}

/// A CSV field as a numeric column sees it (`CSVRow.numericValue`).
public enum CSVFieldValue: Equatable {
    /// Empty, `NA` or `.`.
    case missing
    /// A finite number.
    case number(Double)
    /// Anything else.
    case text
}

/// One CSV row: a view into the reader's buffer, valid only inside the closure it is passed to.
///
/// Field boundaries live in one buffer allocated once per pass over the file and reused for every row (two words per
/// field: start, and end with the quote flags in the top bits), so reading a row allocates nothing.
public struct CSVRow: ~Copyable {
    /// The file, for error messages.
    public let path: String
    /// 1-based line number where the row starts.
    public private(set) var line: Int = 0
    private var base: UnsafeMutablePointer<UInt8>?
    private var spans: UnsafeMutablePointer<Int>
    private var capacity: Int
    /// Number of fields.
    public private(set) var count: Int = 0

    private static let quotedBit = 1 << 62
    private static let escapedBit = 1 << 61
    private static let endMask = (1 << 61) - 1

    init(path: String) {
        self.path = path
        capacity = 2048
        spans = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity)
    }

    deinit { spans.deallocate() }

    mutating func reset(base: UnsafeMutablePointer<UInt8>, line: Int) {
        self.base = base
        self.line = line
        count = 0
    }

    /// Adds a field; throws when the row would have more than `InputLimits.fieldsPerRow` fields (checked only
    /// when the field table grows, so the common path is a store).
    @inline(__always)
    mutating func append(start: Int, end: Int, quoted: Bool, escaped: Bool) throws {
        if count == capacity {
            if capacity >= InputLimits.fieldsPerRow {
                throw InputError(file: path, line: line, "a row of more than \(InputLimits.fieldsPerRow) fields, the most a reader "
                                 + "accepts (set OFFSHORE_MAX_LINE_MB to raise the limits on rows)")
            }
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
            bigger.update(from: spans, count: 2 * count)
            spans.deallocate()
            spans = bigger
            capacity *= 2
        }
        spans[2 * count] = start
        spans[2 * count + 1] = end | (quoted ? CSVRow.quotedBit : 0) | (escaped ? CSVRow.escapedBit : 0)
        count += 1
    }

    @inline(__always) private func start(_ i: Int) -> Int { spans[2 * i] }
    @inline(__always) private func end(_ i: Int) -> Int { spans[2 * i + 1] & CSVRow.endMask }
    @inline(__always) private func isQuoted(_ i: Int) -> Bool { spans[2 * i + 1] & CSVRow.quotedBit != 0 }
    @inline(__always) private func hasEscapes(_ i: Int) -> Bool { spans[2 * i + 1] & CSVRow.escapedBit != 0 }

    /// True for a row that is one empty, unquoted field (a blank line).
    public var isBlank: Bool { count == 1 && end(0) == start(0) && !isQuoted(0) }

    /// The raw bytes of field `i` (quotes removed, doubled quotes not yet undone).
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(i >= 0 && i < count, "field index \(i) out of range 0..<\(count)")
        guard let base else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: base + start(i), count: end(i) - start(i)))
    }

    /// Field `i` as a string (doubled quotes undone, invalid UTF-8 repaired with U+FFFD).
    public func string(_ i: Int) -> String {
        let s = withBytes(i) { String(decoding: $0, as: UTF8.self) }
        return hasEscapes(i) ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// True when field `i` is a missing-value marker: empty, `NA` or `.` (as R, Stata and pandas write them).
    public func isMissing(_ i: Int) -> Bool {
        withBytes(i) { b in
            if b.count == 0 { return true }
            if b.count == 1 { return b[0] == UInt8(ascii: ".") }
            if b.count == 2 { return b[0] == UInt8(ascii: "N") && b[1] == UInt8(ascii: "A") }
            return false
        }
    }

    /// What field `i` holds for a numeric column: `.missing` exactly when `isMissing(i)`, else `.number` when
    /// `parseNumber` reads a finite value from it, else `.text`. One call per cell for the data-frame readers,
    /// without the closures and index checks of `isMissing` and `withBytes` (a hot loop on large files).
    @inline(__always)
    public func numericValue(_ i: Int) -> CSVFieldValue {
        guard let base, i >= 0, i < count else { return .missing }
        let s = start(i), n = end(i) - s
        let p = base + s
        if n == 0 { return .missing }
        if n == 1 && p[0] == UInt8(ascii: ".") { return .missing }
        if n == 2 && p[0] == UInt8(ascii: "N") && p[1] == UInt8(ascii: "A") { return .missing }
        switch parseNumber(UnsafeBufferPointer(start: p, count: n)) {
        case .value(let v): return .number(v)
        case .failure: return .text
        }
    }

    /// True when field `i` equals the ASCII string `s` byte for byte.
    public func equals(_ i: Int, _ s: StaticString) -> Bool {
        withBytes(i) { b in
            guard b.count == s.utf8CodeUnitCount else { return false }
            let p = s.utf8Start
            for k in 0..<b.count where b[k] != p[k] { return false }
            return true
        }
    }

    /// Field `i` parsed as a finite number; throws an `InputError` naming line and column otherwise.
    public func double(_ i: Int) throws -> Double {
        let r = withBytes(i) { parseNumber($0) }
        switch r {
        case .value(let v): return v
        case .failure(let why):
            throw InputError(file: path, line: line, column: i + 1, "\(why), found '\(inputExcerpt(string(i)))'")
        }
    }

    /// An `InputError` located at this row (and field, if given).
    public func error(column: Int? = nil, _ message: String) -> InputError {
        InputError(file: path, line: line, column: column.map { $0 + 1 }, message)
    }
}
