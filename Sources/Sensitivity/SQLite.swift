import CSQLite
import DataIO

/// A minimal SQLite connection: statements with bound values, errors as `InputError`s naming the file.
final class SQLiteConnection {
    let path: String
    private var db: OpaquePointer?

    /// Opens (and with `create`, creates) the database at `path`.
    init(path: String, create: Bool) throws {
        self.path = path
        let flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READWRITE
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let msg = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw InputError(file: path, "cannot open the results database: \(msg)")
        }
        db = handle
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit { sqlite3_close(db) }

    func error(_ what: String) -> InputError {
        InputError(file: path, "\(what): \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "closed database")")
    }

    /// Runs one or more statements without results.
    func exec(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &err) != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(err)
            throw InputError(file: path, "database statement failed (\(msg)): \(sql.prefix(80))")
        }
    }

    /// A prepared statement.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw error("cannot prepare '\(sql.prefix(80))'")
        }
        return SQLiteStatement(stmt: stmt, connection: self)
    }

    /// Every row of a query, each column as text (nil for NULL) or a number's text.
    func rows(_ sql: String, _ values: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let s = try prepare(sql)
        try s.bind(values)
        var out: [[SQLiteValue]] = []
        while try s.step() { out.append(s.row()) }
        return out
    }
}

/// A value bound to or read from a statement.
enum SQLiteValue: Equatable {
    case null
    case int(Int)
    case real(Double)
    case text(String)

    /// A number, or nil.
    var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .real(let d): return d
        default: return nil
        }
    }

    /// Text (numbers written plainly), or nil for NULL.
    var string: String? {
        switch self {
        case .null: return nil
        case .int(let i): return String(i)
        case .real(let d): return "\(d)"
        case .text(let s): return s
        }
    }

    /// A finite double as REAL, NaN or infinity as NULL.
    static func number(_ x: Double) -> SQLiteValue { x.isFinite ? .real(x) : .null }
}

/// A prepared statement of a `SQLiteConnection`.
final class SQLiteStatement {
    private let stmt: OpaquePointer
    private let connection: SQLiteConnection
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(stmt: OpaquePointer, connection: SQLiteConnection) {
        self.stmt = stmt
        self.connection = connection
    }

    deinit { sqlite3_finalize(stmt) }

    /// Resets the statement and binds `values` to its parameters 1, 2, ...
    func bind(_ values: [SQLiteValue]) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        for (k, v) in values.enumerated() {
            let i = Int32(k + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(stmt, i)
            case .int(let x): rc = sqlite3_bind_int64(stmt, i, Int64(x))
            case .real(let x): rc = sqlite3_bind_double(stmt, i, x)
            case .text(let s): rc = sqlite3_bind_text(stmt, i, s, -1, Self.transient)
            }
            guard rc == SQLITE_OK else { throw connection.error("cannot bind a value") }
        }
    }

    /// Steps once: true when a row is ready, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(stmt) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error("database step failed")
        }
    }

    /// Binds and runs a statement without results.
    func run(_ values: [SQLiteValue]) throws {
        try bind(values)
        while try step() {}
    }

    // The typed binds below set one parameter and keep the others, so that a statement run many times rebinds
    // only what changed (a variant's settings once for all its rows): the hot path of `ResultsDatabase.write`,
    // without an array of values and a copy of every text per row.

    /// Binds the integer `x` to parameter `i` (from 1).
    func bind(_ i: Int32, int x: Int) throws {
        guard sqlite3_bind_int64(stmt, i, Int64(x)) == SQLITE_OK else { throw connection.error("cannot bind a value") }
    }

    /// Binds `x` to parameter `i` (from 1): a finite double as REAL, NaN or infinity as NULL.
    func bind(_ i: Int32, number x: Double) throws {
        let rc = x.isFinite ? sqlite3_bind_double(stmt, i, x) : sqlite3_bind_null(stmt, i)
        guard rc == SQLITE_OK else { throw connection.error("cannot bind a value") }
    }

    /// Binds the text `s` to parameter `i` (from 1); SQLite keeps its own copy.
    func bind(_ i: Int32, text s: String) throws {
        guard sqlite3_bind_text(stmt, i, s, -1, Self.transient) == SQLITE_OK else { throw connection.error("cannot bind a value") }
    }

    /// Runs the statement once with the values bound now, then resets it (keeping the bindings).
    func runBound() throws {
        defer { sqlite3_reset(stmt) }
        while try step() {}
    }

    /// The current row.
    func row() -> [SQLiteValue] {
        (0..<sqlite3_column_count(stmt)).map { c in
            switch sqlite3_column_type(stmt, c) {
            case SQLITE_INTEGER: return .int(Int(sqlite3_column_int64(stmt, c)))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, c))
            case SQLITE_NULL: return .null
            default: return .text(sqlite3_column_text(stmt, c).map { String(cString: $0) } ?? "")
            }
        }
    }
}
