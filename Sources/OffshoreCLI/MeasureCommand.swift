import ArgumentParser
import DataIO
import IOTables
import Offshoring
import Reporting
import RunFolders

extension Denominator: ExpressibleByArgument {}
extension TableLayout: ExpressibleByArgument {}

/// `offshore measure`: offshoring intensities (om, os) of a country's industries by origin group, from yearly
/// multi-regional tables (the bundled WIOD 2013 tables by default).
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Offshoring intensities om (materials) and os (services) by industry, aggregate and origin group.",
        discussion: """
        Reads one multi-regional input-output table per year (by default the bundled WIOD 2013 tables in \
        SupplyUseTables/wiod2013; also OECD ICIO, Eurostat FIGARO flat files, or national supply-use tables with \
        origin shares: --table-format, detected from the header when left out) and computes, for each using industry of the country, imported manufactured \
        inputs (om) and imported business services (os) as a percentage of the denominator, in total and by \
        origin group; aggregates (manufacturing, market services) are ratios of sums.

        --format csv writes tidy rows with the header country,unit,year,measure,group,value; json the same \
        as an array of objects; table the reference study's Table 1 (aggregates x groups, first and last \
        year, compound average annual growth). Notes (regions of a group missing from the tables, row \
        balance, undefined values, the origin method) go to standard error.

        Formats: wiod (WIOT<year>*.csv[.gz], year = first 4-digit number of the name); icio (OECD wide CSV, \
        CCC_INDUSTRY labels, CN1/CN2 and MX1/MX2 summed into CHN and MEX; year = last 4-digit number of the name, \
        ICIO2023_2007.csv is 2007); figaro (flat: refArea,rowIi|rowPi,counterpartArea,colIi|colPi,obsValue, names \
        changeable with --figaro-columns); sut (year,table,product,industry,value with table supply, use_total or \
        use_imported, plus --origin-shares year,product,partner,share or ...,value: each product's imported use is \
        split over partners by its shares, the proportional method). The classification defaults to a \
        classification.toml beside the tables, else the bundled one for the format \
        (SupplyUseTables/classifications/).
        """
    )

    @Option(help: "Reporting country: a region code of the tables (or its ISO code through a grouping alias).")
    var country: String = "BEL"

    @Option(help: ArgumentHelp("Origin groups: a bundled grouping's name or a TOML file.", valueName: "default|PATH"))
    var grouping: String = "default"

    @Option(help: "Denominator: nonenergy (non-energy intermediate inputs), intermediates (all), output (gross output).")
    var denominator: Denominator = .nonenergy

    @Flag(help: "Narrow offshoring: only imports of the using industry's own product.")
    var narrow = false

    @Option(help: ArgumentHelp("Years: a range (1995-2011), a year, or a comma-separated list of these; default all years of the tables.",
                               valueName: "YEARS"))
    var years: String?

    @Option(help: "Output format: table, csv or json.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "PATH"))
    var output: String?

    @Option(help: ArgumentHelp("Tables: a folder of yearly table files or one file (a folder or file of supply-use tables for sut); default the bundled WIOD 2013.", valueName: "PATH"))
    var tables: String?

    @Option(name: .customLong("table-format"), help: ArgumentHelp("Layout of the tables: wiod, icio, figaro or sut; detected from the header when left out.", valueName: "FORMAT"))
    var tableFormat: TableLayout?

    @Option(name: .customLong("origin-shares"), help: ArgumentHelp("For sut: import shares by partner (year,product,partner,share) or import values (year,product,partner,value); default the one file of that kind beside the tables.", valueName: "PATH"))
    var originShares: String?

    @Option(name: .customLong("figaro-columns"), help: ArgumentHelp("For figaro: the five column names row area, row item, column area, column item, value.", valueName: "A,B,C,D,E"))
    var figaroColumns: String?

    @Option(help: ArgumentHelp("Product classification (TOML); default the bundled wiod2013.toml.", valueName: "PATH"))
    var classification: String?

    @Option(help: ArgumentHelp("Also write a publication report into this folder: index.html (Table 1, om and os over time by origin group, industry rankings, industry x year tables), every table as LaTeX, Markdown, CSV, text and HTML, every chart as SVG.", valueName: "DIR"))
    var report: String?

    @OptionGroup var publication: PublicationOptions
    @OptionGroup var threading: ThreadsOption

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func run() throws {
        try threading.apply()
        if report == nil && !publication.isDefault {
            throw InputError(key: "--lang", "--lang, --decimal-comma, --digits and --labels set the report: add --report DIR")
        }
        // Checked before the tables are read, so that a bad option costs nothing.
        let reportSettings = try report.map { _ in try publication.settings() }
        try OutputTarget.check(output, key: "--output")
        let groupingPath = try BundledData.grouping(grouping)
        let tablesPath = try tables ?? BundledData.tables()
        let layout = try Self.figaroLayout(figaroColumns)
        var set = try TableSet(path: tablesPath, format: tableFormat ?? (tables == nil ? .wiod : nil), originShares: originShares,
                               figaroLayout: layout)
        let classificationPath = try classification ?? BundledData.classification(for: set.format, besides: tables)
        let classes = try Classification.load(path: classificationPath)
        let groups = try Grouping.load(path: groupingPath)
        if let years {
            let wanted = try Self.parseYears(years)
            let available = Set(set.years)
            let missing = wanted.filter { !available.contains($0) }
            guard missing.isEmpty else {
                throw InputError(key: "--years", "no table for \(YearList.describeRuns(missing)) in \(tablesPath) "
                                 + "(available: \(Self.describe(set.years)))")
            }
            set.keep(years: Set(wanted))
        }
        let country = self.country
        let denominator = self.denominator
        let narrow = self.narrow
        let results = try set.load(country: country, canonical: { groups.canonical($0) }) { use, report in
            (try OffshoringMeasures.compute(use: use, country: country, classification: classes, grouping: groups,
                                            denominator: denominator, narrow: narrow),
             report, groups.resolve(regions: use.regions).absent, use.originMethod)
        }
        let measured = results.map(\.0)
        var notes = Self.notes(results.compactMap(\.1), absent: results.first?.2 ?? [], measured: measured, groupingPath: groupingPath)
        if set.format == .sut, let shares = set.shares {
            notes.insert("imports attributed to origins by the proportional method: each product's imported use is split by its import shares "
                         + "by partner in \(shares.source), the same for every using industry"
                         + (shares.normalised ? " (import values normalised to shares per product and year)" : ""), at: 0)
        }
        for note in notes {
            FileHandleOutput.standardError("offshore: note: \(note)\n")
        }
        let text: String
        switch format {
        case .csv: text = OffshoringReport.csv(measured)
        case .json: text = OffshoringReport.json(measured)
        case .table:
            let source = tables == nil ? "WIOD 2013 release (Timmer et al. 2015), current US$, bundled in SupplyUseTables/wiod2013"
                                       : "tables in \(tablesPath)"
            text = OffshoringReport.table(measured, source: source).renderText()
        }
        if let report, let reportSettings {
            let source = tables == nil ? "WIOD 2013 release (Timmer et al. 2015), current US$" : "tables in \(tablesPath)"
            let manifest: [(key: String, value: String)] = [
                ("command", "offshore measure"), ("version", OffshoreCommand.configuration.version), ("country", country),
                ("denominator", denominator.rawValue), ("narrow", narrow ? "true" : "false"), ("years", Self.describe(measured.compactMap(\.year))),
                ("tables", tablesPath), ("classification", classificationPath), ("grouping", groupingPath),
            ]
            let page = try MeasureReport.write(measured, to: report, settings: reportSettings, source: source,
                                               provenance: ["\(source): \(tablesPath)"] + notes, manifest: manifest,
                                               toolVersion: OffshoreCommand.configuration.version)
            FileHandleOutput.standardError("offshore: wrote \(page)\n")
        }
        try OutputTarget.emit(text, to: output)
    }

    /// The FIGARO column names from `--figaro-columns` (five comma-separated names), or Eurostat's.
    static func figaroLayout(_ spec: String?) throws -> FIGAROLayout {
        guard let spec else { return FIGAROLayout() }
        let names = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters() }
        guard names.count == 5, names.allSatisfy({ !$0.isEmpty }) else {
            throw InputError(key: "--figaro-columns", "expected five comma-separated column names (row area, row item, column area, column item, value), found '\(spec)'")
        }
        return FIGAROLayout(rowArea: names[0], rowItem: [names[1]], columnArea: names[2], columnItem: [names[3]], value: names[4])
    }

    /// Parses `1995-2011`, `2000`, or a comma-separated list of those (`YearList`: bounded, reversed ranges refused).
    static func parseYears(_ s: String) throws -> [Int] {
        try YearList.parse(s, key: "--years")
    }

    /// `1995-2011` for a run of years, else a list.
    static func describe(_ years: [Int]) -> String {
        guard let a = years.first, let b = years.last else { return "none" }
        return years == Array(a...b) ? (a == b ? "\(a)" : "\(a)-\(b)") : years.map(String.init).joined(separator: ", ")
    }

    /// Notes for standard error: group regions the tables lack, load findings summed over the years, undefined values.
    static func notes(_ reports: [ValidationReport], absent: [(group: String, region: String)], measured: [OffshoringYear],
                      groupingPath: String) -> [String] {
        var out: [String] = []
        if !absent.isEmpty {
            var byGroup: [(String, [String])] = []
            for (g, r) in absent {
                if let k = byGroup.firstIndex(where: { $0.0 == g }) { byGroup[k].1.append(r) } else { byGroup.append((g, [r])) }
            }
            out.append("regions of \(groupingPath) not in the tables (they add nothing to their group): "
                       + byGroup.map { "\($0.0): \($0.1.joined(separator: " "))" }.joined(separator: "; "))
        }
        let negatives = reports.filter { $0.negativeFlowCount > 0 }
        if let firstNeg = negatives.first {
            let total = negatives.reduce(0) { $0 + $1.negativeFlowCount }
            out.append("\(total) negative intermediate flow(s) in \(negatives.count) table(s), kept as they are; first: " + (firstNeg.warnings.first ?? ""))
        }
        for r in reports where r.negativeOutputCount > 0 { out.append(contentsOf: r.warnings.filter { $0.contains("gross output") }) }
        if let worst = reports.filter({ $0.rows > 0 }).max(by: { abs($0.largestRowGap?.gap ?? 0) < abs($1.largestRowGap?.gap ?? 0) }) {
            out.append("row balance over \(reports.filter { $0.rows > 0 }.count) table(s): " + worst.balanceSummary)
        }
        var undefined: [(String, [Int])] = []
        for y in measured {
            for u in y.undefined {
                if let k = undefined.firstIndex(where: { $0.0 == u }) { undefined[k].1.append(y.year ?? 0) } else { undefined.append((u, [y.year ?? 0])) }
            }
        }
        for (u, ys) in undefined {
            out.append("\(measured.first?.country ?? "") \(u): the \(measured.first?.denominator.rawValue ?? "") denominator is zero in "
                       + "\(describe(ys)), so its intensities are undefined and those rows are left out")
        }
        return out
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
