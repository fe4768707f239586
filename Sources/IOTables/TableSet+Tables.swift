import DataIO

extension TableSet {
    /// Reads every kept year's whole multi-regional table (in parallel) and applies `body` to it, for tools that need
    /// the table itself rather than one country's use (`offshore convert`); results in year order, the first error
    /// (in that order) thrown. Only the formats that hold whole tables (wiod, icio) can be read this way.
    /// - Throws: `InputError` naming the tables when they are FIGARO, supply-use or national tables, or any reading error.
    public func loadTables<T>(_ body: @Sendable (MRIOTable, ValidationReport) throws -> T) throws -> [T] {
        let isWIOD: Bool
        switch format {
        case .wiod: isWIOD = true
        case .icio: isWIOD = false
        case .figaro, .sut, .niot, .eurostat:
            throw InputError(file: path, "holds \(format.rawValue) tables; whole multi-regional tables are read from the wiod or icio layout")
        }
        return try TableFiles.load(files, read: { f in
            isWIOD ? try WIODReader.read(file: f) : try ICIOReader.read(file: f)
        }, body)
    }
}
