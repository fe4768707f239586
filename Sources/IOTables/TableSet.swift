import DataIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tables a user points `--tables` (or an estimate config's `[data] tables`) at, in any supported format, by
/// year; loads each year as a `CountryUse`. The one table path of the tool: `measure`, `estimate`, `sensitivity`
/// and `convert` all open their tables here, so a format read by one is read by all.
///
/// - WIOD, OECD ICIO, FIGARO: one file per year (a folder of them, or one file); read in parallel, one year per task.
/// - National SUT: tidy files holding one or more years, and an origin-shares file (given, or found in the same folder
///   by its header `year,product,partner,...`).
/// - WIOD 2016 national tables (`niot`): .xlsx workbooks, one per country with every year, read when opened.
/// - Eurostat use tables (`eurostat`): TSV bulk files, every country and year read when opened, with origin shares as
///   for national SUTs.
public struct TableSet {
    /// The format.
    public let format: TableLayout
    /// The path given.
    public let path: String
    /// Yearly files (multi-regional formats).
    public private(set) var files: [TableFile] = []
    /// National SUT years (the `sut` format).
    public private(set) var suts: [NationalSUT] = []
    /// Origin shares (the `sut` format).
    public private(set) var shares: OriginShares?
    /// Column names of FIGARO files.
    public let figaroLayout: FIGAROLayout
    /// WIOD 2016 national tables, every country and year read (the `niot` format).
    public private(set) var nationalTables: [NationalIOTable] = []
    /// Eurostat use tables, every country and year read (the `eurostat` format).
    public private(set) var eurostatTables: [EurostatUseTable] = []
    /// One line saying which layout (and variant) was detected, for formats with several (FIGARO, Eurostat); nil otherwise.
    public private(set) var layoutSummary: String?

    /// Opens the tables at `path`. The format is detected from the first file's header when `format` is nil.
    /// - Parameter originShares: the origin-shares file for SUTs (default: the one in the tables' folder).
    public init(path: String, format: TableLayout? = nil, originShares: String? = nil, figaroLayout: FIGAROLayout = FIGAROLayout()) throws {
        self.path = path
        self.figaroLayout = figaroLayout
        let workbooks = try NIOTReader.workbooks(path)
        let candidates = try Self.csvFiles(path)
        let detected: TableLayout
        if format == .niot || (format == nil && !workbooks.isEmpty && !candidates.contains(where: Self.isCSV)) {
            self.format = .niot
            nationalTables = try NIOTReader.read(workbooks: workbooks, at: path)
            return
        } else if let format {
            detected = format
        } else if candidates.contains(where: { AtomicFile.baseName(of: $0).hasPrefix("WIOT") }) {
            detected = .wiod
        } else if !candidates.contains(where: Self.isCSV), let zip = try Self.zipFiles(path).first {
            // Zip archives as downloaded (ICIO_2015-2018.zip): the format from their first table member's header.
            detected = try Self.detect(inZip: zip, figaroLayout: figaroLayout)
        } else {
            guard let first = candidates.first(where: { (try? TableLayout.headerNames(path: $0)).map { !Self.isSharesHeader($0) } ?? false }) ?? candidates.first else {
                throw InputError(file: path, "no .csv or .csv.gz table files here")
            }
            detected = try TableLayout.detect(path: first, figaroLayout: figaroLayout)
        }
        self.format = detected
        if detected == .eurostat {
            let tsv = candidates.filter(EurostatReader.isTSV)
            guard !tsv.isEmpty else { throw InputError(file: path, "no .tsv or .tsv.gz file (Eurostat's bulk format) here") }
            (eurostatTables, layoutSummary) = try EurostatReader.read(paths: tsv)
            shares = try Self.originShares(originShares, candidates: candidates.filter(Self.isCSV), path: path, tables: "Eurostat use tables")
            return
        }
        if detected != .sut {
            files = try TableFiles.find(path, format: detected)
            if detected == .figaro, let z = files.first(where: { $0.member != nil }) {
                throw InputError(file: z.path, "FIGARO tables are not read from zip archives: unzip \(AtomicFile.baseName(of: z.path)) and pass the CSV files")
            }
            if detected == .figaro, let first = files.first { layoutSummary = try FIGAROReader.describe(path: first.path, layout: figaroLayout) }
            return
        }
        var sutFiles: [String] = [], shareFiles: [String] = []
        for f in candidates {
            let names = try TableLayout.headerNames(path: f)
            if Self.isSharesHeader(names) { shareFiles.append(f) } else if names.contains("table") { sutFiles.append(f) }
        }
        guard !sutFiles.isEmpty else { throw InputError(file: path, "no supply-use file (header year,table,product,industry,value)") }
        var byYear: [Int: NationalSUT] = [:]
        for f in sutFiles {
            for t in try SUTReader.read(path: f) {
                if let other = byYear[t.year] {
                    throw InputError(file: f, "two supply-use tables for \(t.year): here and in \(other.source) (keep one)")
                }
                byYear[t.year] = t
            }
        }
        suts = byYear.keys.sorted().compactMap { byYear[$0] }
        shares = try Self.originShares(originShares, candidates: shareFiles, path: path, tables: "supply-use tables")
    }

    /// The origin shares: the given file, else the one origin-shares file among `candidates`.
    static func originShares(_ given: String?, candidates: [String], path: String, tables: String) throws -> OriginShares {
        let sharesPath: String
        if let given {
            sharesPath = given
        } else {
            let shareFiles = try candidates.filter { Self.isSharesHeader(try TableLayout.headerNames(path: $0)) }
            guard shareFiles.count == 1, let only = shareFiles.first else {
                throw InputError(key: "--origin-shares", shareFiles.isEmpty
                    ? "the \(tables) in \(path) need origin shares (a file year,product,partner,share or year,product,partner,value): pass --origin-shares PATH"
                    : "several origin-shares files in \(path) (\(shareFiles.map { AtomicFile.baseName(of: $0) }.joined(separator: ", "))): choose one with --origin-shares")
            }
            sharesPath = only
        }
        return try OriginShares.read(path: sharesPath)
    }

    /// The years available, in order.
    public var years: [Int] {
        switch format {
        case .sut: return suts.map(\.year)
        case .niot: return Set(nationalTables.map(\.year)).sorted()
        case .eurostat: return Set(eurostatTables.map(\.year)).sorted()
        default: return files.map(\.year)
        }
    }

    /// The files the kept years are read from, for a manifest: the yearly files, or the supply-use files and the
    /// origin-shares file.
    public var inputFiles: [String] {
        if format == .niot {
            var seen = Set<String>()
            return nationalTables.map(\.source).filter { seen.insert($0).inserted }
        }
        if format == .eurostat {
            var seen = Set<String>()
            return eurostatTables.map(\.source).filter { seen.insert($0).inserted } + (shares.map { [$0.source] } ?? [])
        }
        guard format == .sut else {
            var seen = Set<String>()
            return files.map(\.path).filter { seen.insert($0).inserted }  // a zip archive once for all its members
        }
        var seen = Set<String>()
        return suts.map(\.source).filter { seen.insert($0).inserted } + (shares.map { [$0.source] } ?? [])
    }

    /// Keeps only the given years.
    public mutating func keep(years wanted: Set<Int>) {
        files = files.filter { wanted.contains($0.year) }
        suts = suts.filter { wanted.contains($0.year) }
        nationalTables = nationalTables.filter { wanted.contains($0.year) }
        eurostatTables = eurostatTables.filter { wanted.contains($0.year) }
    }

    /// Loads every year as the use of `country` (in parallel for file formats) and applies `body` to it; results in
    /// year order, the first error (in that order) thrown.
    /// - Parameter canonical: maps a table region code to the code a user may name it by (a grouping alias).
    public func load<T>(country: String, canonical: @escaping @Sendable (String) -> String = { $0 },
                        _ body: @Sendable (CountryUse, ValidationReport?) throws -> T) throws -> [T] {
        switch format {
        case .niot:
            return try NIOTReader.tables(nationalTables, country: country, canonical: canonical, source: path).map { try body($0.countryUse(), nil) }
        case .eurostat:
            guard let shares else { return [] }
            let mine = eurostatTables.filter { $0.geo == country || canonical($0.geo) == country }
            guard !mine.isEmpty else {
                let geos = Array(Set(eurostatTables.map(\.geo))).sorted()
                throw InputError(file: path, key: country, "'\(country)' is not a country of the Eurostat tables (countries: \(geos.joined(separator: " ")))")
            }
            let have = Set(mine.map(\.year))
            if let missing = years.first(where: { !have.contains($0) }) {
                throw InputError(file: path, key: country, "no values for \(country) in \(missing) (years with values for \(country): "
                                 + "\(YearList.describeRuns(have.sorted()))): choose years with --years")
            }
            return try mine.sorted { $0.year < $1.year }.map { t in
                if let e = t.missing { throw e }
                var use = try CountryUse(sut: t.sut, shares: shares, country: country, canonical: canonical)
                if let o = t.output { use.output = o }
                return try body(use, nil)
            }
        case .sut:
            guard let shares else { return [] }
            return try suts.map { try body(CountryUse(sut: $0, shares: shares, country: country, canonical: canonical), nil) }
        case .wiod, .icio:
            let isWIOD = format == .wiod
            let reader: @Sendable (TableFile) throws -> (MRIOTable, ValidationReport) = { f in
                isWIOD ? try WIODReader.read(file: f) : try ICIOReader.read(file: f)
            }
            return try TableFiles.load(files, read: reader) { (table: MRIOTable, report: ValidationReport) -> T in
                try body(CountryUse(table: table, country: country, canonical: canonical), report)
            }
        case .figaro:
            let layout = figaroLayout
            let reader: @Sendable (TableFile) throws -> (MultiRegionalUse, ValidationReport) = { f in
                var (t, r) = try FIGAROReader.read(path: f.path, layout: layout)
                if t.year == nil { t.year = f.year }
                return (t, r)
            }
            return try TableFiles.load(files, read: reader) { (table: MultiRegionalUse, report: ValidationReport) -> T in
                try body(CountryUse(table: table, country: country, canonical: canonical), report)
            }
        }
    }

    /// True for a .csv or .csv.gz path (any case).
    static func isCSV(_ path: String) -> Bool { TableFiles.isTableName(path) }

    /// The zip archive itself, or the `.zip` files of a folder, sorted by name.
    static func zipFiles(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else { return [] }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return TableFiles.isZipName(path) ? [path] : [] }
        return try FolderListing.names(inFolder: path).filter(TableFiles.isZipName).map { FolderListing.path(path, $0) }.sorted()
    }

    /// The format of the first table member of a zip archive (WIOD by its `WIOT` name, else from its header).
    static func detect(inZip zip: String, figaroLayout: FIGAROLayout) throws -> TableLayout {
        guard let first = try TableFiles.zipMembers(zip).first else {
            throw InputError(file: zip, "no .csv table files in this zip archive")
        }
        if AtomicFile.baseName(of: first.name).hasPrefix("WIOT") { return .wiod }
        let reader = try TableFiles.csvReader(first.file ?? TableFile(year: 0, path: zip, member: first.name))
        return try TableLayout.detect(names: try TableLayout.headerNames(reader: reader), path: reader.path, figaroLayout: figaroLayout)
    }

    /// True for an origin-shares header.
    static func isSharesHeader(_ names: [String]) -> Bool {
        names.contains("partner") && names.contains("product") && !names.contains("table")
    }

    /// The file itself, or the `.csv`/`.csv.gz` (and Eurostat's `.tsv`/`.tsv.gz`) files of a folder, sorted by name.
    static func csvFiles(_ path: String) throws -> [String] {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw InputError(file: path, "no such file or folder (expected a folder of table files or one table file)")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        return try FolderListing.names(inFolder: path).filter { TableFiles.isTableName($0) || EurostatReader.isTSV($0) }
            .map { FolderListing.path(path, $0) }.sorted()
    }
}
