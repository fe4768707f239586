import DataIO
import Spreadsheets
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One table file and its year: a file, or a member of a zip archive.
public struct TableFile: Sendable, Equatable {
    /// The year (from the file name).
    public var year: Int
    /// The file's path (for a zip member: the archive's).
    public var path: String
    /// The member's name inside the zip archive at `path`, or nil for a plain file.
    public var member: String?

    /// A table file.
    public init(year: Int, path: String, member: String? = nil) {
        self.year = year
        self.path = path
        self.member = member
    }

    /// How messages name it: the path, or `archive.zip/member.csv`.
    public var displayName: String { member.map { path + "/" + $0 } ?? path }
}

/// Finding the yearly table files of a folder, and loading several years at once.
public enum TableFiles {
    /// The yearly tables at `path`: a folder's `WIOT<year>*.csv` and `WIOT<year>*.csv.gz` files, sorted by year,
    /// or a single file (its year from its name). Two files for the same year, or none at all, are errors.
    public static func find(_ path: String) throws -> [TableFile] { try find(path, format: .wiod) }

    /// True for a name ending `.csv`, `.csv.gz` (any case: the OECD's 2018 files end `.CSV`).
    static func isTableName(_ name: String) -> Bool {
        let l = name.lowercased()
        return l.hasSuffix(".csv") || l.hasSuffix(".csv.gz")
    }

    /// True for a name ending `.zip` (any case).
    static func isZipName(_ name: String) -> Bool { name.lowercased().hasSuffix(".zip") }

    /// The table files of the zip archive at `path`: its `.csv` members (in any folder of the archive; macOS
    /// `__MACOSX/` resource forks skipped), each with the year of its name, as `TableFile`s.
    static func zipMembers(_ path: String) throws -> [(name: String, file: TableFile?)] {
        let zip = try ZipFile(path: path)
        return zip.members.filter { isTableName($0.name) && !$0.name.hasPrefix("__MACOSX/") }.map { m in
            (m.name, TableLayout.icio.yearInFileName(m.name).map { TableFile(year: $0, path: path, member: m.name) })
        }
    }

    /// A CSV reader on the file or zip member.
    public static func csvReader(_ file: TableFile) throws -> CSVReader {
        guard let member = file.member else { return try CSVReader(path: file.path) }
        let zip = try ZipFile(path: file.path)
        guard let m = zip.member(named: member) else { throw InputError(file: file.path, "the archive has no member \(inputExcerpt(member))") }
        return CSVReader(stream: try zip.stream(m), path: file.displayName)
    }

    /// The yearly tables of `format` at `path`: a folder's table files sorted by year, or a single file. WIOD files are
    /// `WIOT<year>*.csv[.gz]` (the year is the first 4-digit number of the name); OECD ICIO and FIGARO files are any
    /// `*.csv[.gz]` whose name holds a year (the last 4-digit number: `ICIO2023_2007.csv` is 2007; `.CSV` too). A zip
    /// archive as downloaded (`ICIO_2015-2018.zip`, one CSV per year inside), or a folder of them, gives its members.
    public static func find(_ path: String, format: TableLayout) throws -> [TableFile] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(file: path, "no such file or folder (expected a folder of yearly table files, one table file or a zip archive of them)")
        }
        let pattern = format == .wiod ? "WIOT<year>*.csv or WIOT<year>*.csv.gz" : "*<year>.csv or *<year>.csv.gz"
        var files: [Int: TableFile] = [:]
        func add(_ f: TableFile, in place: String) throws {
            if let other = files[f.year] {
                let pair = [other.displayName, f.displayName].sorted()
                throw InputError(file: place, "two tables for \(f.year): \(AtomicFile.baseName(of: pair[0])) and \(AtomicFile.baseName(of: pair[1])) (keep one)")
            }
            files[f.year] = f
        }
        func addZip(_ zipPath: String) throws {
            for (name, f) in try zipMembers(zipPath) {
                guard format != .wiod || AtomicFile.baseName(of: name).hasPrefix("WIOT") else { continue }
                guard let f = format == .wiod ? WIODReader.yearInFileName(name).map({ TableFile(year: $0, path: zipPath, member: name) }) : f else { continue }
                try add(f, in: zipPath)
            }
        }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            if isZipName(path) {
                try addZip(path)
                guard !files.isEmpty else { throw InputError(file: path, "no \(pattern) table files in this zip archive") }
                return files.keys.sorted().compactMap { files[$0] }
            }
            guard let y = format.yearInFileName(path) else {
                throw InputError(file: path, "cannot tell the table's year: its file name holds no 4-digit year")
            }
            return [TableFile(year: y, path: path)]
        }
        for name in try FolderListing.names(inFolder: path) {
            let full = FolderListing.path(path, name)
            if isZipName(name) { try addZip(full); continue }
            guard format != .wiod || name.hasPrefix("WIOT"), isTableName(name), let y = format.yearInFileName(name) else { continue }
            try add(TableFile(year: y, path: full), in: path)
        }
        guard !files.isEmpty else {
            throw InputError(file: path, "no \(pattern) table files in this folder (or in zip archives in it)")
        }
        return files.keys.sorted().compactMap { files[$0] }
    }

    /// Reads `files` in parallel (one year per task) and applies `body` to each table as soon as it is read, so
    /// that only a few tables are in memory at once. Results come back in the order of `files`; the first
    /// error (in that order) is thrown.
    public static func load<T>(_ files: [TableFile], _ body: @Sendable (MRIOTable, ValidationReport) throws -> T) throws -> [T] {
        try load(files, read: { try WIODReader.read(file: $0) }, body)
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
