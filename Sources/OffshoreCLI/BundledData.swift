import DataIO
import IOTables
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the data bundled with the tool: the `SupplyUseTables/` folder of the repository.
///
/// Looked for, in order: in `$OFFSHORE_HOME` (which must then hold it), in the current directory and its
/// parents, and beside the executable and in its parents (the repository holds `.build/.../offshore`).
enum BundledData {
    /// The `SupplyUseTables` folder.
    static func folder() throws -> String {
        let name = "SupplyUseTables"
        if let home = getenv("OFFSHORE_HOME").map({ String(cString: $0) }), !home.isEmpty {
            let p = join(home, name)
            guard isDirectory(p) else {
                throw InputError(key: "OFFSHORE_HOME", "'\(home)' holds no \(name) folder (set OFFSHORE_HOME to the repository root, or unset it)")
            }
            return p
        }
        var starts: [String] = []
        if let cwd = currentDirectory() { starts.append(cwd) }
        if let exe = executablePath() { starts.append(AtomicFile.parentDirectory(of: exe)) }
        for start in starts {
            var dir = start
            while true {
                let p = join(dir, name)
                if isDirectory(p) { return p }
                let parent = AtomicFile.parentDirectory(of: dir)
                if parent == dir || dir == "/" || dir == "." { break }
                dir = parent
            }
        }
        throw InputError(key: "--tables", "cannot find the bundled \(name) folder (looked in $OFFSHORE_HOME, the current directory and its parents, "
                         + "and beside the executable); run from the repository, set OFFSHORE_HOME, or pass --tables, --classification and --grouping")
    }

    /// The bundled WIOD 2013 tables.
    static func tables() throws -> String { join(try folder(), "wiod2013") }

    /// The bundled classification for the WIOD 2013 industries.
    static func classification() throws -> String { join(try folder(), "classifications/wiod2013.toml") }

    /// The default classification for tables of `format` at `tables` (nil: the bundled WIOD tables): a
    /// `classification.toml` beside the tables (as `offshore convert` writes), else the bundled file of the format.
    static func classification(for format: TableLayout, besides tables: String?) throws -> String {
        if let tables {
            let dir = isDirectory(tables) ? tables : AtomicFile.parentDirectory(of: tables)
            let beside = join(dir, "classification.toml")
            if fileExists(beside) { return beside }
        }
        switch format {
        case .wiod: return try classification()
        case .icio: return join(try folder(), "classifications/icio2023-isic4.toml")
        case .figaro: return join(try folder(), "classifications/figaro-nace2.toml")
        case .niot: return join(try folder(), "classifications/wiod2016.toml")
        case .sut, .eurostat:
            throw InputError(key: "--classification", "national supply-use and Eurostat use tables use their own product codes: pass --classification "
                             + "(a TOML or code,category CSV file; see SupplyUseTables/classifications/) or put a classification.toml beside the tables")
        }
    }

    /// A grouping: a bundled one by name (`default` is `SupplyUseTables/groupings/default.toml`) or a path.
    static func grouping(_ nameOrPath: String) throws -> String {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") { return nameOrPath }
        let p = join(try folder(), "groupings/\(nameOrPath).toml")
        guard fileExists(p) else {
            throw InputError(key: "--grouping", "no bundled grouping '\(nameOrPath)' (looked for \(p)); give a file path ending in .toml")
        }
        return p
    }

    private static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

    static func isDirectory(_ p: String) -> Bool {
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    private static func currentDirectory() -> String? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return nil }
        return String(cString: buf)
    }

    private static func executablePath() -> String? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        if n > 0 { return String(cString: buf) }
        let arg0 = CommandLine.arguments.first ?? ""
        return arg0.contains("/") ? arg0 : nil
    }
}
