import ArgumentParser
import DataIO
import IOTables
import Offshoring
import OffshoringModels
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
        SupplyUseTables/wiod2013; also OECD ICIO, Eurostat FIGARO matrix or flat files, Eurostat use tables \
        (TSV), or national supply-use tables with origin shares: --table-format, detected from the header when left out) and computes, for each using industry of the country, imported manufactured \
        inputs (om) and imported business services (os) as a percentage of the denominator, in total and by \
        origin group; aggregates (manufacturing, market services) are ratios of sums.

        --format csv writes tidy rows with the header country,unit,year,measure,group,value; json the same \
        as an array of objects; table the reference study's Table 1 (aggregates x groups, first and last \
        year, compound average annual growth). Notes (regions of a group missing from the tables, row \
        balance, undefined values, the origin method) go to standard error.

        Formats: wiod (WIOT<year>*.csv[.gz], year = first 4-digit number of the name); icio (OECD wide CSV, \
        CCC_INDUSTRY labels, CN1/CN2 and MX1/MX2 summed into CHN and MEX; year = last 4-digit number of the name, \
        ICIO2023_2007.csv is 2007); figaro (Eurostat's matrix files, matrix_eu-ic-io_ind-by-ind_<year>.csv or \
        prod-by-prod: rowLabels, AREA_CODE columns, final demand P3_S13 ... P5M, W2_ rows, output = column totals; or \
        flat: refArea,rowIi|rowPi|rowPp,counterpartArea,colIi|colPi|colPp,obsValue, names changeable with \
        --figaro-columns); eurostat (naio_10_cp1610 use table at basic prices in Eurostat's TSV bulk format, \
        freq,unit,stk_flow,ind_use,prd_ava,geo\\TIME_PERIOD then years; TOTAL and IMP rows, CPA_ products, P1 output; \
        flagged values kept, ':' never read as zero; with origin shares as for sut); sut (year,table,product,industry,value with table supply, use_total or \
        use_imported, plus --origin-shares year,product,partner,share or ...,value: each product's imported use is \
        split over partners by its shares, the proportional method). The classification defaults to a \
        classification.toml beside the tables, else the bundled one for the format \
        (SupplyUseTables/classifications/).
        """
    )

    @Option(help: "Reporting country: a region code of the tables (or its ISO code through a grouping alias); any letter case.",
            transform: { $0.uppercased() })
    var country: String = "BEL"

    @Option(help: ArgumentHelp("Origin groups: a bundled grouping's name or a TOML file.", valueName: "default|PATH"))
    var grouping: String = "default"

    @Option(help: "Denominator: nonenergy (non-energy intermediate inputs), intermediates (all), output (gross output).")
    var denominator: Denominator = .nonenergy

    @Flag(help: "Narrow offshoring: only imports of the using industry's own product.")
    var narrow = false

    @Option(help: ArgumentHelp("Energy products (never offshoring, left out of the nonenergy denominator): with_mining counts the classification's mining and quarrying products (WIOD 2013 c2) as energy, without_mining as raw materials; default the classification file's own categories (the bundled ones: with_mining).", valueName: "with_mining|without_mining"))
    var energy: String?

    @Option(help: ArgumentHelp("Years: a range (1995-2011), a year, or a comma-separated list of these; default all years of the tables.",
                               valueName: "YEARS"))
    var years: String?

    @OptionGroup var outputs: OutputOptions<TextFormat>

    @Option(help: ArgumentHelp("Tables: a folder of yearly table files or one file (a folder or file of supply-use tables for sut); default the bundled WIOD 2013.", valueName: "PATH"))
    var tables: String?

    @Option(name: .customLong("table-format"), help: ArgumentHelp("Layout of the tables: wiod, icio, figaro, sut, niot or eurostat; detected from the header when left out.", valueName: "FORMAT"))
    var tableFormat: TableLayout?

    @Option(name: .customLong("origin-shares"), help: ArgumentHelp("For sut: import shares by partner (year,product,partner,share) or import values (year,product,partner,value); default the one file of that kind beside the tables.", valueName: "PATH"))
    var originShares: String?

    @Option(name: .customLong("figaro-columns"), help: ArgumentHelp("For figaro: the five column names row area, row item, column area, column item, value.", valueName: "A,B,C,D,E"))
    var figaroColumns: String?

    @Option(help: ArgumentHelp("Constant prices: a CSV of price indices by product (product,year,index[,flow]; flow all, imported or domestic), e.g. SupplyUseTables/prices/BEL_sea2013_go_p.csv. Every product's imported and domestic use is divided by its index; the table view shows current and constant prices side by side, CSV and JSON hold the constant-price measures.", valueName: "PATH"))
    var prices: String?

    @Option(help: ArgumentHelp("Product classification (TOML); default the bundled wiod2013.toml.", valueName: "PATH"))
    var classification: String?

    @Option(help: ArgumentHelp("Also write a publication report into this folder: index.html (Table 1, om and os over time by origin group, industry rankings, industry x year tables), every table as LaTeX, Markdown, CSV, text and HTML, every chart as SVG.", valueName: "DIR"))
    var report: String?

    @OptionGroup var publication: PublicationOptions
    @OptionGroup var threading: ThreadsOption

    func run() throws {
        try threading.apply()
        if report == nil && !publication.isDefault {
            throw InputError(key: "--lang", "--lang, --decimal-comma, --digits and --labels set the report: add --report DIR")
        }
        // Checked before the tables are read, so that a bad option costs nothing.
        let reportSettings = try report.map { _ in try publication.settings() }
        let energyChoice = try energy.map { try EnergyProducts(parsing: $0, key: "--energy") }
        let priceIndices = try prices.map { path -> ProductPrices in
            do { return try ProductPrices(path: path) } catch let e as InputError where e.file == nil { throw InputError(key: "--prices", e.message) }
        }
        let tablesPath = try tables ?? BundledData.tables()
        let inputs = try MeasureRun.Inputs(tables: tablesPath, format: tableFormat ?? (tables == nil ? .wiod : nil), originShares: originShares,
                                           figaroLayout: try MeasureRun.figaroLayout(figaroColumns), classification: classification,
                                           grouping: try BundledData.grouping(grouping), years: years) {
            try BundledData.classification(for: $0, besides: tables)
        }
        try outputs.refuseOverwriting(inputs.files + (prices.map { [($0, "--prices")] } ?? []))
        if let report { try OutputSafety.refuseOverwriting(inputs: inputs.files, output: report, key: "--report", kind: .folder) }
        let run = try MeasureRun.execute(inputs, country: country, denominator: denominator, narrow: narrow, prices: priceIndices,
                                       energy: energyChoice)
        for note in run.notes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
        let source = tables == nil ? "WIOD 2013 release (Timmer et al. 2015), current US$" : "tables in \(tablesPath)"
        let text: String
        switch outputs.format ?? .table {
        case .csv: text = OffshoringReport.csv(run.measured)
        case .json: text = OffshoringReport.json(run.measured)
        case .table:
            var t = OffshoringReport.table(run.measured, source: tables == nil ? source + ", bundled in SupplyUseTables/wiod2013" : source)
            if let current = run.currentPrices, let prices {
                t.title = (t.title ?? "Offshoring intensities") + ", constant prices"
                text = OffshoringReport.pricesComparison(current: current, constant: run.measured, prices: prices).renderText() + "\n" + t.renderText()
            } else {
                text = t.renderText()
            }
        }
        if let report, let reportSettings {
            let manifest: [(key: String, value: String)] = [
                ("command", "offshore measure"), ("version", OffshoreCommand.configuration.version), ("country", country),
                ("denominator", denominator.rawValue), ("narrow", narrow ? "true" : "false"),
                ("years", MeasureRun.describe(run.measured.compactMap(\.year))), ("tables", tablesPath),
                ("classification", inputs.classificationPath), ("grouping", inputs.groupingPath),
            ] + (prices.map { [("prices", $0)] } ?? []) + (energyChoice.map { [("energy", $0.rawValue)] } ?? [])
            let page = try MeasureReport.write(run.measured, to: report, settings: reportSettings, source: source,
                                               provenance: ["\(source): \(tablesPath)"] + run.notes, manifest: manifest,
                                               toolVersion: OffshoreCommand.configuration.version)
            FileHandleOutput.standardError("offshore: wrote \(page)\n")
        }
        try outputs.emit(text)
    }
}
