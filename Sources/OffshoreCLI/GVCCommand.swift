import ArgumentParser
import DataIO
import IOTables
import OffshoringModels
import Reporting
import RunFolders
import ValueChains

/// `offshore gvc`: global value chain measures of a country's industries from the Leontief inverse of yearly
/// multi-regional tables (the bundled WIOD 2013 tables by default), with the output contract of `measure`.
struct GVC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gvc",
        abstract: "Global value chain measures (import content of exports, foreign value added, participation, upstreamness) by industry and origin group.",
        discussion: """
        Reads one whole multi-regional table per year (wiod or icio layout; by default the bundled WIOD 2013 tables), \
        factors its Leontief system I - A once (LU; the inverse is never formed) and computes, for each industry of \
        the country, its aggregates and the whole economy (unit all):

          vs             import content of exports (Hummels, Ishii and Yi 2001) from the country's own block: vs, \
        vs_direct (u A^M), vs_indirect; % of gross exports, by origin group of the imports
          vs1            the country's value added in other countries' exports, % of its gross exports, by their group
          fva_final      foreign value added in final output (Los, Timmer and de Vries 2015), % of final output, by origin group
          dva_exports    dva_exports and fva_exports (domestic and foreign value added in gross exports, making 100), \
        vax_ratio (value added absorbed abroad over gross exports), by destination group
          participation  gvc_backward (= fva_exports), gvc_forward (= vs1) and gvc_participation (their sum), by partner group
          upstreamness   upstreamness (L x / x; Antras, Chor, Fally and Hillberry 2012; --upstreamness inventory-corrected \
        for their correction for net changes in inventories) and downstreamness (u'L; Fally 2012), in stages

          decomposition  the decomposition of gross exports into value-added terms, on its own (not in all): bm (Borin and \
        Mancini 2019, source-based, by exporting industry and the country: bm_vax1-4, bm_ref1-2, bm_gap, bm_ddc, bm_fva and \
        bm_fdc by origin group, adding up to gross exports, and their sums bm_davax, bm_vax, bm_ref, bm_dva, bm_dc, bm_fc) and \
        kww (Koopman, Wang and Wei 2014, equation 36, the country only: kww_dva_fin ... kww_fdc, kww_dva_gap, kww_fva_gap and \
        kww_vax, kww_dva, kww_fva); % of gross exports, gross_exports in the tables' money unit; the *_gap terms hold what \
        ends in the tables' row gaps (output less intermediate and final use), zero on a balanced table

        Value added is gross output less the table's intermediate inputs. --measure takes families or single measures, \
        comma-separated, or all. --format csv writes country,unit,year,measure,group,value (as measure does); json the same \
        as objects; table (default) the aggregates' first and last year and their change. --report DIR also writes a \
        publication report (index.html with SVG charts, every table as LaTeX, Markdown, CSV, text and HTML) in en, nl or fr.
        """
    )

    @Option(help: ArgumentHelp("Reporting countries: region codes of the tables (or ISO codes through a grouping alias), comma-separated; any letter case.",
                               valueName: "CODES"), transform: { $0.uppercased() })
    var country: String = "BEL"

    @Option(help: ArgumentHelp("Measures: vs, vs1, fva_final, dva_exports, participation, upstreamness, single measure names, or all; "
                               + "or on its own decomposition, bm, kww or their terms; comma-separated.",
                               valueName: "NAMES"))
    var measure: String = "all"

    @Option(help: ArgumentHelp("Origin groups: a bundled grouping's name or a TOML file.", valueName: "default|PATH"))
    var grouping: String = "default"

    @Option(help: ArgumentHelp("Years: a range (1995-2011), a year, or a comma-separated list of these; default all years of the tables.",
                               valueName: "YEARS"))
    var years: String?

    @OptionGroup var outputs: OutputOptions<TextFormat>

    @Option(help: ArgumentHelp("Tables: a folder of yearly WIOD or ICIO table files or one file; default the bundled WIOD 2013.", valueName: "PATH"))
    var tables: String?

    @Option(name: .customLong("table-format"), help: ArgumentHelp("Layout of the tables: wiod or icio; detected from the header when left out.", valueName: "FORMAT"))
    var tableFormat: TableLayout?

    @Option(help: ArgumentHelp("Classification (TOML) whose aggregates are reported; default the bundled one for the format.", valueName: "PATH"))
    var classification: String?

    @Option(help: ArgumentHelp("Upstreamness: plain ((L x)_j / x_j on the world table) or inventory-corrected (Antras, Chor, Fally and Hillberry 2012 with net changes in inventories: each row's uses taken over its output less inventories, from the tables' inventory column, WIOD INVEN or ICIO INVNT).",
                               valueName: "plain|inventory-corrected"))
    var upstreamness: UpstreamnessMethod = .plain

    @Option(help: ArgumentHelp("Also write a publication report into this folder: index.html (Table 1 of the measures by origin group, charts over time by origin group, participation, upstreamness by aggregate, industry rankings, industry x year tables), every table as LaTeX, Markdown, CSV, text and HTML, every chart as SVG.", valueName: "DIR"))
    var report: String?

    @OptionGroup var publication: PublicationOptions
    @OptionGroup var threading: ThreadsOption

    func validate() throws {
        try validating { if try ExportDecompositionTerm.parse(measure) == nil { _ = try GVCMeasure.parse(measure) } }
    }

    func run() throws {
        try threading.apply()
        if report == nil && !publication.isDefault {
            throw InputError(key: "--lang", "--lang, --decimal-comma, --digits and --labels set the report: add --report DIR")
        }
        // Checked before the tables are read, so that a bad option costs nothing.
        let reportSettings = try report.map { _ in try publication.settings() }
        let terms = try ExportDecompositionTerm.parse(measure)
        if terms != nil && report != nil {
            throw InputError(key: "--report", "the report draws the value-chain measures; write the decomposition of gross exports "
                + "with --format csv, json or table instead")
        }
        let measures = terms == nil ? try GVCMeasure.parse(measure) : []
        let countries = country.split(separator: ",").map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        guard !countries.isEmpty else { throw InputError(key: "--country", "no country given") }
        let tablesPath = try tables ?? BundledData.tables()
        // The table path, years and default classification of `measure`.
        let inputs = try MeasureRun.Inputs(tables: tablesPath, format: tableFormat ?? (tables == nil ? .wiod : nil), classification: classification,
                                           grouping: try BundledData.grouping(grouping), years: years) {
            try BundledData.classification(for: $0, besides: tables)
        }
        try outputs.refuseOverwriting(inputs.files)
        if let report { try OutputSafety.refuseOverwriting(inputs: inputs.files, output: report, key: "--report", kind: .folder) }
        let classes = try Classification.load(path: inputs.classificationPath)
        let groups = try Grouping.load(path: inputs.groupingPath)
        let source = tables == nil ? "WIOD 2013 release (Timmer et al. 2015), current US$, bundled in SupplyUseTables/wiod2013" : "tables in \(tablesPath)"
        if let terms {
            let run = try ExportDecompositionRun.execute(tables: inputs.tables, classification: classes, grouping: groups, countries: countries, terms: terms)
            for note in run.notes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
            switch outputs.format ?? .table {
            case .csv: try outputs.emit(ExportDecompositionReport.csv(run.decomposed))
            case .json: try outputs.emit(ExportDecompositionReport.json(run.decomposed))
            case .table:
                try outputs.emit(countries.map { c in
                    ExportDecompositionReport.table(run.decomposed.filter { $0.country == c }, source: source).renderText()
                }.joined(separator: "\n"))
            }
            return
        }
        let run = try ValueChainRun.execute(tables: inputs.tables, classification: classes, grouping: groups, countries: countries, measures: measures,
                                            upstreamness: upstreamness)
        for note in run.notes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
        let text: String
        switch outputs.format ?? .table {
        case .csv: text = ValueChainReport.csv(run.measured)
        case .json: text = ValueChainReport.json(run.measured)
        case .table:
            text = countries.map { c in
                ValueChainReport.table(run.measured.filter { $0.country == c }, source: source).renderText()
            }.joined(separator: "\n")
        }
        if let report, let reportSettings {
            let manifest: [(key: String, value: String)] = [
                ("command", "offshore gvc"), ("version", OffshoreCommand.configuration.version), ("country", countries.joined(separator: ",")),
                ("measure", measures.map(\.rawValue).joined(separator: ",")), ("upstreamness", upstreamness.rawValue),
                ("years", MeasureRun.describe(Array(Set(run.measured.compactMap(\.year))).sorted())), ("tables", tablesPath),
                ("classification", inputs.classificationPath), ("grouping", inputs.groupingPath),
            ]
            let page = try GVCReport.write(run.measured, countries: countries, to: report, settings: reportSettings, source: source,
                                           provenance: ["\(source): \(tablesPath)"] + run.notes, manifest: manifest,
                                           toolVersion: OffshoreCommand.configuration.version)
            FileHandleOutput.standardError("offshore: wrote \(page)\n")
        }
        try outputs.emit(text)
    }
}

extension UpstreamnessMethod: ExpressibleByArgument {}

private extension String {
    /// The text without the given leading and trailing characters.
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
