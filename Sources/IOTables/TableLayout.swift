import DataIO

/// The table layouts `offshore` reads.
public enum TableLayout: String, CaseIterable, Sendable {
    /// WIOD world input-output tables: wide CSV, `REGION_cN` labels, final demand, `OUT`.
    case wiod
    /// OECD Inter-Country Input-Output tables: wide CSV, `CCC_INDUSTRY` labels, trailing rows TLS, VA, OUT.
    case icio
    /// Eurostat FIGARO inter-country tables: the matrix layout (`rowLabels`, `AREA_CODE` columns) or the flat layout
    /// (one row per cell), told apart by the header.
    case figaro
    /// National supply and use tables, tidy (`year,table,product,industry,value`), with origin shares.
    case sut
    /// WIOD 2016 national input-output tables: one .xlsx workbook per country (`BEL_NIOT_nov16.xlsx`), every year in
    /// sheet `National IO-tables`; imports have no origin (`NIOTReader`).
    case niot
    /// Eurostat national use tables at basic prices (`naio_10_cp1610`) in Eurostat's TSV bulk format, TOTAL/DOM/IMP,
    /// with origin shares (`EurostatReader`; the proportional method, as `sut`).
    case eurostat

    /// Final-demand categories of the OECD ICIO tables.
    public static let icioFinalDemand: Set<String> = ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]

    /// Tells the format of a table file from its header row (the first line).
    ///
    /// - `year,table,product,industry,value` (in any order, other columns allowed): `sut`;
    /// - a header with the FIGARO column names (`refArea`, `counterpartArea`, `obsValue`, or those of `layout`), or
    ///   starting with FIGARO's matrix cell `rowLabels`: `figaro`;
    /// - Eurostat's TSV header (`...,geo\TIME_PERIOD`, then years): `eurostat`;
    /// - a wide header ending in `OUT` or `TOTAL` whose final-demand columns are ICIO's (`AUS_HFCE`, or the 2016
    ///   edition's component-major `HFCE_AUS`; `ICIOLayout.finalDemandCodes`): `icio`;
    /// - a wide header ending in `OUT` otherwise: `wiod`.
    /// Throws naming the file and line 1 when none fits.
    public static func detect(path: String, figaroLayout: FIGAROLayout = FIGAROLayout()) throws -> TableLayout {
        try detect(names: try headerNames(path: path), path: path, figaroLayout: figaroLayout)
    }

    /// Tells the format from the header `names` of the file `path` (as `detect(path:)`).
    public static func detect(names: [String], path: String, figaroLayout: FIGAROLayout = FIGAROLayout()) throws -> TableLayout {
        let set = Set(names)
        if ["year", "table", "product", "industry", "value"].allSatisfy(set.contains) { return .sut }
        if ["year", "product", "partner"].allSatisfy(set.contains) {
            throw InputError(file: path, line: 1, "this is an origin-shares file (year,product,partner,...): pass the supply-use "
                             + "tables with --tables and this file with --origin-shares")
        }
        if [figaroLayout.rowArea, figaroLayout.columnArea, figaroLayout.value].allSatisfy(set.contains) { return .figaro }
        if names.first == FIGAROMatrixReader.firstHeaderCell { return .figaro }
        if EurostatReader.isHeader(names) { return .eurostat }
        if let hint = nearFIGARO(names, layout: figaroLayout) { throw InputError(file: path, line: 1, column: hint.column, hint.message) }
        if let last = names.last, ICIOLayout.totalColumns.contains(last) {
            // ICIO final demand: country-major (AUS_HFCE) or component-major (2016: HFCE_AUS).
            let icio = names.contains { n in
                guard let us = n.firstIndex(of: "_") else { return false }
                return ICIOLayout.finalDemandCodes.contains(String(n[n.index(after: us)...])) || ICIOLayout.finalDemandCodes.contains(String(n[..<us]))
            }
            return icio ? .icio : .wiod
        }
        throw InputError(file: path, line: 1, "cannot tell the table format from the header (expected a WIOD or OECD ICIO header "
                         + "ending in OUT, FIGARO's matrix (rowLabels,...) or flat columns \(figaroLayout.rowArea),\(figaroLayout.columnArea),\(figaroLayout.value), "
                         + "Eurostat's TSV (...,geo\\TIME_PERIOD), "
                         + "or year,table,product,industry,value); name it with --table-format" + delimiterHint(header: names))
    }

    /// For a header that is almost FIGARO's: which part differs (and its 1-based column). The flat layout with one of
    /// its columns missing or renamed; the matrix layout (AREA_CODE columns with FIGARO's final-demand codes) with
    /// another first cell than `rowLabels`.
    static func nearFIGARO(_ names: [String], layout: FIGAROLayout) -> (column: Int, message: String)? {
        let flat = [layout.rowArea, layout.columnArea, layout.value]
        let present = flat.filter(names.contains)
        if !present.isEmpty {
            return (1, "this looks like a FIGARO flat file (it has \(present.joined(separator: ", "))) but lacks the column(s) "
                    + "\(flat.filter { !names.contains($0) }.joined(separator: ", ")): Eurostat's flat files have refArea, rowIi, "
                    + "counterpartArea, colIi, obsValue (other names: --figaro-columns)")
        }
        let finalDemand = Set(FIGAROMatrixReader.finalDemandCodes)
        let matrixLike = names.dropFirst().contains { n in FIGAROMatrixReader.split(n).map { finalDemand.contains($0.code) } ?? false }
        if matrixLike, names.first != FIGAROMatrixReader.firstHeaderCell {
            return (1, "this looks like a FIGARO matrix file (AREA_CODE columns, final demand \(FIGAROMatrixReader.finalDemandCodes.joined(separator: " "))) "
                    + "but its first header cell is '\(inputExcerpt(names.first ?? ""))', not '\(FIGAROMatrixReader.firstHeaderCell)'")
        }
        return nil
    }

    /// The fields of a file's first row.
    public static func headerNames(path: String) throws -> [String] { try headerNames(reader: try CSVReader(path: path)) }

    /// The fields of the first row `reader` reads (a file, or a member of a zip archive).
    /// - Throws: `InputError` naming the reader's file and line 1 when the file is empty.
    static func headerNames(reader: CSVReader) throws -> [String] {
        var names: [String]?
        struct Stop: Error {}
        do {
            try reader.forEachRow { row in
                names = (0..<row.count).map { row.string($0) }
                throw Stop()
            }
        } catch is Stop {}
        guard let names else { throw InputError(file: reader.path, line: 1, "the file is empty: expected a header row") }
        return names
    }

    /// The year in a file name: the last 4-digit number (1900-2199) for OECD and FIGARO names (`ICIO2023_2007.csv`
    /// is 2007), the first for WIOD's (`WIOT1995_wiod2013.csv.gz` is 1995). Nil when there is none.
    public func yearInFileName(_ path: String) -> Int? {
        let years = Self.fourDigitYears(AtomicFile.baseName(of: path))
        return self == .wiod ? years.first : years.last
    }

    /// Every free-standing 4-digit number between 1900 and 2199 in `name`, in order.
    static func fourDigitYears(_ name: String) -> [Int] {
        let b = Array(name.utf8)
        func isDigit(_ k: Int) -> Bool { b[k] >= 0x30 && b[k] <= 0x39 }
        var out: [Int] = []
        var i = 0
        while i + 4 <= b.count {
            if isDigit(i) && isDigit(i + 1) && isDigit(i + 2) && isDigit(i + 3)
                && (i == 0 || !isDigit(i - 1)) && (i + 4 == b.count || !isDigit(i + 4)) {
                let y = b[i..<(i + 4)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
                if (1900...2199).contains(y) { out.append(y) }
            }
            i += 1
        }
        return out
    }
}
