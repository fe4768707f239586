import DataIO
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One table file and its year.
public struct TableFile: Sendable, Equatable {
    /// The year (from the file name).
    public var year: Int
    /// The file's path.
    public var path: String

    /// A table file.
    public init(year: Int, path: String) {
        self.year = year
        self.path = path
    }
}

/// Finding the yearly table files of a folder, and loading several years at once.
public enum TableFiles {
    /// The yearly tables at `path`: a folder's `WIOT<year>*.csv` and `WIOT<year>*.csv.gz` files, sorted by year,
    /// or a single file (its year from its name). Two files for the same year, or none at all, are errors.
    public static func find(_ path: String) throws -> [TableFile] { try find(path, format: .wiod) }

    /// The yearly tables of `format` at `path`: a folder's table files sorted by year, or a single file. WIOD files are
    /// `WIOT<year>*.csv[.gz]` (the year is the first 4-digit number of the name); OECD ICIO and FIGARO files are any
    /// `*.csv[.gz]` whose name holds a year (the last 4-digit number: `ICIO2023_2007.csv` is 2007).
    public static func find(_ path: String, format: TableLayout) throws -> [TableFile] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(file: path, "no such file or folder (expected a folder of yearly table files or one table file)")
        }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            guard let y = format.yearInFileName(path) else {
                throw InputError(file: path, "cannot tell the table's year: its file name holds no 4-digit year")
            }
            return [TableFile(year: y, path: path)]
        }
        let pattern = format == .wiod ? "WIOT<year>*.csv or WIOT<year>*.csv.gz" : "*<year>.csv or *<year>.csv.gz"
        var files: [Int: String] = [:]
        for name in try FolderListing.names(inFolder: path) {
            guard format != .wiod || name.hasPrefix("WIOT"), name.hasSuffix(".csv") || name.hasSuffix(".csv.gz"),
                  let y = format.yearInFileName(name) else { continue }
            let full = FolderListing.path(path, name)
            if let other = files[y] {
                let pair = [other, full].sorted()
                throw InputError(file: path, "two tables for \(y): \(AtomicFile.baseName(of: pair[0])) and \(AtomicFile.baseName(of: pair[1])) (keep one)")
            }
            files[y] = full
        }
        guard !files.isEmpty else {
            throw InputError(file: path, "no \(pattern) table files in this folder")
        }
        return files.keys.sorted().compactMap { y in files[y].map { TableFile(year: y, path: $0) } }
    }

    /// Reads `files` in parallel (one year per task) and applies `body` to each table as soon as it is read, so
    /// that only a few tables are in memory at once. Results come back in the order of `files`; the first
    /// error (in that order) is thrown.
    public static func load<T>(_ files: [TableFile], _ body: @Sendable (MRIOTable, ValidationReport) throws -> T) throws -> [T] {
        try load(files, read: { try WIODReader.read(path: $0.path, year: $0.year) }, body)
    }

    /// Reads `files` in parallel with `read` (one year per task) and applies `body` to each table as soon as it is
    /// read. Results come back in the order of `files`; the first error (in that order) is thrown.
    public static func load<Table, T>(_ files: [TableFile], read: @Sendable (TableFile) throws -> (Table, ValidationReport),
                                      _ body: @Sendable (Table, ValidationReport) throws -> T) throws -> [T] {
        let results = UnsafeMutableBufferPointer<Result<T, Error>?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let box = UncheckedSendable(results)
        let workers = Parallelism.workers(for: files.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < files.count {
                box.value[k] = Result { () throws -> T in
                    let (t, r) = try read(files[k])
                    return try body(t, r)
                }
                k += workers
            }
        }
        var out: [T] = []
        out.reserveCapacity(files.count)
        for k in 0..<files.count {
            guard let r = results[k] else { continue }
            out.append(try r.get())
        }
        return out
    }
}

/// Lets a buffer whose elements are written by distinct tasks cross into `concurrentPerform`.
private struct UncheckedSendable<V>: @unchecked Sendable {
    let value: V
    init(_ value: V) { self.value = value }
}
