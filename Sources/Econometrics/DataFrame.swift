import DataIO

/// One column of a `DataFrame`: numbers or text.
///
/// Missing values are `Double.nan` in a numeric column (the CSV reader never yields NaN for a value, so NaN is
/// unambiguous) and code `-1` in a categorical column.
public enum DataColumn: Equatable {
    /// Numbers; `nan` marks a missing value.
    case numeric([Double])
    /// Text stored as integer codes into `levels` (in order of first appearance); `-1` marks a missing value.
    case categorical(codes: [Int32], levels: [String])

    /// Number of rows.
    public var count: Int {
        switch self {
        case .numeric(let v): return v.count
        case .categorical(let c, _): return c.count
        }
    }

    /// True when row `i` is missing.
    public func isMissing(_ i: Int) -> Bool {
        switch self {
        case .numeric(let v): return v[i].isNaN
        case .categorical(let c, _): return c[i] < 0
        }
    }
}

/// A categorical variable as dense integer codes `0..<levels.count` (`-1` for missing), with level labels.
public struct Factor: Equatable {
    /// The variable's name (`firm`, or `firm^year` for a combination).
    public var name: String
    /// One code per row; `-1` is missing.
    public var codes: [Int32]
    /// Label of each level, indexed by code.
    public var levels: [String]

    /// A factor from codes and labels.
    public init(name: String, codes: [Int32], levels: [String]) {
        self.name = name
        self.codes = codes
        self.levels = levels
    }

    /// Number of levels.
    public var levelCount: Int { levels.count }

    /// The factor restricted to `rows` (indices into this factor's rows), with the levels that remain renumbered
    /// densely in their original order.
    public func selecting(rows: [Int]) -> Factor {
        var map = [Int32](repeating: -1, count: levels.count)
        var used = [Bool](repeating: false, count: levels.count)
        for r in rows where codes[r] >= 0 { used[Int(codes[r])] = true }
        // Every row in order and every level used: the factor itself (its codes shared, not copied; issue 22).
        if !used.contains(false) && isEveryRow(rows, of: codes.count) { return self }
        var newLevels: [String] = []
        for l in 0..<levels.count where used[l] {
            map[l] = Int32(newLevels.count)
            newLevels.append(levels[l])
        }
        var out = [Int32](repeating: -1, count: rows.count)
        for (k, r) in rows.enumerated() where codes[r] >= 0 { out[k] = map[Int(codes[r])] }
        return Factor(name: name, codes: out, levels: newLevels)
    }

    /// The interaction of two factors (`a^b` in fixest syntax): one level per observed combination.
    public static func combining(_ a: Factor, _ b: Factor) -> Factor {
        var index: [Int64: Int32] = [:]
        var levels: [String] = []
        var codes = [Int32](repeating: -1, count: a.codes.count)
        let nb = Int64(max(1, b.levels.count))
        for i in 0..<a.codes.count {
            let ca = a.codes[i], cb = b.codes[i]
            if ca < 0 || cb < 0 { continue }
            let key = Int64(ca) * nb + Int64(cb)
            if let c = index[key] { codes[i] = c } else {
                let c = Int32(levels.count)
                index[key] = c
                levels.append(a.levels[Int(ca)] + "_" + b.levels[Int(cb)])
                codes[i] = c
            }
        }
        return Factor(name: a.name + "^" + b.name, codes: codes, levels: levels)
    }
}

/// A table of named, typed columns of equal length, held column-major in memory.
///
/// Read one from CSV or gzip CSV with `DataFrame(csvPath:)`: a column whose non-missing fields all parse as
/// numbers is numeric, any other is categorical. Empty fields, `NA` and `.` are missing.
public struct DataFrame {
    /// The file the data came from, for error messages (nil for frames built in code).
    public let source: String?
    /// Column names, in file order.
    public private(set) var names: [String]
    /// Columns, parallel to `names`.
    public private(set) var columns: [DataColumn]
    /// Number of rows.
    public let rowCount: Int
    /// For a categorical column that was numeric until some row: where the first non-number was (for messages).
    private var firstText: [String: (line: Int, column: Int, text: String)] = [:]

    /// A frame from named columns; throws `InputError` for duplicate names or columns of unequal length.
    public init(source: String? = nil, columns: [(String, DataColumn)]) throws {
        self.source = source
        self.names = columns.map { $0.0 }
        self.columns = columns.map { $0.1 }
        self.rowCount = columns.first?.1.count ?? 0
        var seen = Set<String>()
        for (name, col) in columns {
            guard seen.insert(name).inserted else { throw InputError(file: source, key: name, "duplicate column name") }
            guard col.count == rowCount else {
                throw InputError(file: source, key: name, "column has \(col.count) rows, expected \(rowCount)")
            }
        }
    }

    /// Reads a CSV file (plain or gzip) with a header row. Blank lines are skipped; a row with the wrong number
    /// of fields is an `InputError` naming its line.
    ///
    /// An uncompressed file of several MB is read in chunks of rows on every core (`CSVChunks`); the frame, and
    /// any error with its line and column, are the same as those of the serial read, which reads the rest.
    ///
    /// A pipe (a FIFO, `/dev/stdin`) is first copied to a temporary file (`SpooledInput`), since a column that
    /// turns out to hold text is read twice; errors and `source` still name the pipe.
    public init(csvPath path: String) throws {
        if let spool = try SpooledInput(path: path) {
            do { self = try DataFrame(csvPath: spool.path).withSource(path) } catch let e as InputError { throw spool.renamed(e) }
            return
        }
        if let p = try ParallelCSVColumns.read(path: path) {
            try self.init(source: path, parallel: p)
        } else {
            try self.init(serialCSVPath: path)
        }
    }

    /// The frame of a parallel read.
    init(source path: String, parallel p: ParallelCSVColumns) throws {
        try self.init(source: path, columns: Array(zip(p.header, p.columns)))
        firstText = p.firstText
    }

    /// The header row's column names (blanks around them stripped); throws for an empty or duplicate name.
    static func headerNames(_ row: borrowing CSVRow) throws -> [String] {
        var header: [String] = []
        header.reserveCapacity(row.count)
        // A set for the duplicate check: a header of 10^6 columns is read in linear time.
        var seen = Set<String>(minimumCapacity: row.count)
        for j in 0..<row.count {
            let name = row.string(j).strippingBlanks()
            guard !name.isEmpty else { throw row.error(column: j, "empty column name in the header") }
            guard seen.insert(name).inserted else { throw row.error(column: j, "duplicate column name '\(inputExcerpt(name))' in the header") }
            header.append(name)
        }
        return header
    }

    /// Reads a CSV file row by row on one core (gzip files, small files, and files whose quoting or line ends the
    /// parallel read cannot cut around); the reference for `init(csvPath:)`.
    init(serialCSVPath path: String) throws {
        enum Kind { case undecided, numeric, text }
        var header: [String] = []
        var kinds: [Kind] = []
        // Numbers go straight into one growable buffer per column (all of the same capacity, grown together), so
        // that a cell costs a parse and a store: no array append with its uniqueness check per cell.
        var numbers = NumericColumns()
        defer { numbers.release() }
        var codes: [[Int32]] = []
        var levelIndex: [[String: Int32]] = []
        var levels: [[String]] = []
        var switched: [Int: (line: Int, column: Int, text: String)] = [:]
        var isSwitched: [Bool] = []
        var rows = 0
        /// The code of text `s` in categorical column `j`, adding it as a new level on first sight.
        func levelCode(_ s: String, column j: Int) -> Int32 {
            if let c = levelIndex[j][s] { return c }
            let c = Int32(levels[j].count)
            levelIndex[j][s] = c
            levels[j].append(s)
            return c
        }
        let reader = try CSVReader(path: path)
        try reader.forEachRow { row in
            if header.isEmpty {
                header = try DataFrame.headerNames(row)
                kinds = Array(repeating: .undecided, count: header.count)
                numbers.start(columns: header.count)
                codes = Array(repeating: [], count: header.count)
                levelIndex = Array(repeating: [:], count: header.count)
                levels = Array(repeating: [], count: header.count)
                isSwitched = Array(repeating: false, count: header.count)
                return
            }
            if row.isBlank { return }
            guard row.count == header.count else {
                throw row.error("expected \(header.count) fields as in the header, found \(row.count)")
            }
            numbers.beginRow()
            for j in 0..<header.count {
                if kinds[j] == .text {
                    if isSwitched[j] { continue }
                    codes[j].append(row.isMissing(j) ? -1 : levelCode(row.string(j), column: j))
                    continue
                }
                // One look at the field: missing, a number, or text.
                switch row.numericValue(j) {
                case .missing:
                    numbers.set(j, .nan)
                case .number(let v):
                    numbers.set(j, v)
                    if kinds[j] == .undecided { kinds[j] = .numeric }
                case .text:
                    if kinds[j] == .undecided {
                        // Text first: a categorical column from the start, earlier rows all missing.
                        kinds[j] = .text
                        codes[j] = Array(repeating: -1, count: rows)
                        codes[j].append(levelCode(row.string(j), column: j))
                    } else {
                        // Text after numbers: the column becomes categorical; earlier rows are re-read below.
                        kinds[j] = .text
                        switched[j] = (row.line, j + 1, row.string(j))
                        isSwitched[j] = true
                    }
                }
            }
            numbers.endRow()
            rows += 1
        }
        numbers.flush()
        guard !header.isEmpty else { throw InputError(file: path, "the file is empty (expected a header row)") }
        if !switched.isEmpty {
            // Second pass for columns that turned out to hold text after some numbers.
            var seenHeader = false
            try CSVReader(path: path).forEachRow { row in
                if !seenHeader { seenHeader = true; return }
                if row.isBlank { return }
                for j in switched.keys {
                    codes[j].append(row.isMissing(j) ? -1 : levelCode(row.string(j), column: j))
                }
            }
        }
        var cols: [(String, DataColumn)] = []
        for j in 0..<header.count {
            switch kinds[j] {
            case .undecided, .numeric: cols.append((header[j], .numeric(numbers.take(j, rows: rows))))
            case .text: cols.append((header[j], .categorical(codes: codes[j], levels: levels[j])))
            }
        }
        try self.init(source: path, columns: cols)
        for (j, where_) in switched { firstText[header[j]] = where_ }
    }

    /// The index of the column called `name`, if any.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The column called `name`; throws an `InputError` listing the available names when there is none.
    public func column(_ name: String) throws -> DataColumn {
        guard let j = index(of: name) else {
            // The names come from the file's first line, which may be anything (a binary file, a secret): a short,
            // printable excerpt of each.
            throw InputError(file: source, key: name, "no such variable in the data (columns: \(inputExcerptList(names)))")
        }
        return columns[j]
    }

    /// The numeric column `name` (NaN for missing); throws an `InputError` if it is text.
    public func numeric(_ name: String) throws -> [Double] {
        switch try column(name) {
        case .numeric(let v): return v
        case .categorical(let codes, let levels):
            if let w = firstText[name] {
                throw InputError(file: source, line: w.line, column: w.column, key: name,
                                 "expected a number, found '\(inputExcerpt(w.text))' (the column is used as a number)")
            }
            let example = codes.first(where: { $0 >= 0 }).map { levels[Int($0)] } ?? ""
            throw InputError(file: source, key: name, "expected a numeric variable, but it holds text (e.g. '\(inputExcerpt(example))')")
        }
    }

    /// The column `name` as a factor: text columns as they are, numeric columns by their distinct values in
    /// increasing order (labels print whole numbers without a decimal point).
    public func factor(_ name: String) throws -> Factor {
        switch try column(name) {
        case .categorical(let codes, let levels): return Factor(name: name, codes: codes, levels: levels)
        case .numeric(let v): return Factor(numeric: v, name: name)
        }
    }

    /// True when `name` is a text (categorical) column.
    public func isCategorical(_ name: String) -> Bool {
        guard let j = index(of: name), case .categorical = columns[j] else { return false }
        return true
    }

    /// A frame of the given rows (indices into this frame), in that order.
    public func selecting(rows: [Int]) -> DataFrame {
        var out = self
        out.columns = columns.map { col in
            switch col {
            case .numeric(let v): return .numeric(rows.map { v[$0] })
            case .categorical(let c, let l): return .categorical(codes: rows.map { c[$0] }, levels: l)
            }
        }
        out.setRowCount(rows.count)
        return out
    }

    /// Adds (or replaces) a column; throws when its length differs from the frame's.
    public mutating func setColumn(_ name: String, _ column: DataColumn) throws {
        guard column.count == rowCount || names.isEmpty else {
            throw InputError(file: source, key: name, "column has \(column.count) rows, expected \(rowCount)")
        }
        if let j = index(of: name) { columns[j] = column } else { names.append(name); columns.append(column) }
    }

    private mutating func setRowCount(_ n: Int) {
        self = DataFrame(copying: self, rowCount: n)
    }

    /// The same frame read from `source` (the pipe a temporary copy was read for).
    func withSource(_ source: String) -> DataFrame { DataFrame(copying: self, rowCount: rowCount, source: source) }

    private init(copying f: DataFrame, rowCount: Int, source: String?? = nil) {
        self.source = source ?? f.source
        names = f.names
        columns = f.columns
        self.rowCount = rowCount
        firstText = f.firstText
    }
}

/// Growable numeric columns of equal capacity for the CSV reader: one buffer per column, grown together.
///
/// Rows are first stored row-major in a small staging block (a few hundred kB) and moved into the columns a
/// block at a time, so that a wide table (thousands of columns) does not touch a different memory page for
/// every cell of a row.
struct NumericColumns {
    private var buffers: [UnsafeMutablePointer<Double>] = []
    private var capacity = 0
    private var columns = 0
    private var staging: UnsafeMutablePointer<Double>? = nil
    private var block = 0
    private var blockStart = 0
    private var inBlock = 0

    /// Allocates `columns` empty buffers: 1024 rows each, fewer for a wide file (8 Mi cells at first in all, at
    /// least 8 rows per column), so that a header of 10^6 columns does not reserve 8 GB before its first row.
    mutating func start(columns: Int) {
        self.columns = columns
        capacity = Swift.max(8, Swift.min(1024, (1 << 23) / Swift.max(1, columns)))
        buffers = (0..<columns).map { _ in UnsafeMutablePointer<Double>.allocate(capacity: capacity) }
        block = Swift.max(8, Swift.min(256, 32_768 / Swift.max(1, columns)))
        let p = UnsafeMutablePointer<Double>.allocate(capacity: block * Swift.max(1, columns))
        p.initialize(repeating: .nan, count: block * Swift.max(1, columns))
        staging = p
    }

    /// Starts a row (moving a full staging block into the columns first).
    @inline(__always) mutating func beginRow() {
        if inBlock == block { flush() }
    }

    /// Stores the value of column `j` in the current row.
    @inline(__always) func set(_ j: Int, _ v: Double) {
        if let s = staging { s[inBlock * columns + j] = v }
    }

    /// Ends the current row.
    @inline(__always) mutating func endRow() { inBlock += 1 }

    /// Moves the staged rows into the columns.
    mutating func flush() {
        guard let staging, inBlock > 0 else { return }
        let rows = blockStart + inBlock
        if rows > capacity {
            let bigger = Swift.max(rows, 2 * capacity)
            for j in buffers.indices {
                let p = UnsafeMutablePointer<Double>.allocate(capacity: bigger)
                p.update(from: buffers[j], count: blockStart)
                buffers[j].deallocate()
                buffers[j] = p
            }
            capacity = bigger
        }
        for j in 0..<columns {
            let dst = buffers[j] + blockStart
            for r in 0..<inBlock { dst[r] = staging[r * columns + j] }
        }
        blockStart = rows
        inBlock = 0
    }

    /// Column `j`'s first `rows` values as an array (call `flush` first).
    func take(_ j: Int, rows: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: buffers[j], count: Swift.min(rows, blockStart)))
    }

    /// Frees the buffers.
    mutating func release() {
        for p in buffers { p.deallocate() }
        buffers = []
        staging?.deallocate()
        staging = nil
        capacity = 0
    }
}

extension Factor {
    /// A factor from numbers: one level per distinct non-missing value, in increasing order.
    public init(numeric v: [Double], name: String) {
        // Whole numbers over a moderate range (years, industry codes): a direct lookup table, no hashing.
        var lo = Double.infinity, hi = -Double.infinity, whole = true
        for x in v where !x.isNaN {
            if x != x.rounded() { whole = false; break }
            lo = Swift.min(lo, x); hi = Swift.max(hi, x)
        }
        // Only for values an Int holds exactly (|x| < 1e15, as `formatLevel` names them): fuzzing found a lone
        // 2.3e57 trapping in the conversion to Int.
        if whole && lo.isFinite && hi.isFinite && Swift.max(abs(lo), abs(hi)) < 1e15
            && hi - lo < Double(Swift.max(1 << 16, 4 * v.count)) {
            let base = Int(lo), span = Int(hi - lo) + 1
            var present = [Bool](repeating: false, count: span)
            for x in v where !x.isNaN { present[Int(x) - base] = true }
            var code = [Int32](repeating: -1, count: span)
            var levels: [String] = []
            for k in 0..<span where present[k] {
                code[k] = Int32(levels.count)
                levels.append(String(base + k))
            }
            self.init(name: name, codes: v.map { $0.isNaN ? -1 : code[Int($0) - base] }, levels: levels)
            return
        }
        let distinct = Array(Set(v.filter { !$0.isNaN })).sorted()
        var index: [Double: Int32] = [:]
        for (k, d) in distinct.enumerated() { index[d] = Int32(k) }
        self.init(name: name,
                  codes: v.map { $0.isNaN ? -1 : (index[$0] ?? -1) },
                  levels: distinct.map(formatLevel))
    }
}

/// A number as a level label: `1995` rather than `1995.0`.
func formatLevel(_ d: Double) -> String {
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func strippingBlanks() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
