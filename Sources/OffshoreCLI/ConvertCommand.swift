import ArgumentParser
import DataIO
import IOTables
import OffshoringModels

/// `offshore convert`: writes multi-regional tables (the bundled WIOD tables by default) in another layout that
/// `offshore measure` reads, with the classification that fits them, so that the same numbers can be measured through
/// every reader.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write WIOD (or OECD ICIO) tables in the OECD ICIO, FIGARO or national supply-use layout.",
        discussion: """
        --to icio writes ICIO2021_<year>.csv per year in the OECD ICIO 2021 layout (V1 corner, CCC_INDUSTRY labels, final \
        demand country-major HFCE, NPISH, GGFC, GFCF, INVNT, DIRPA (zero), the total column OUT, trailing TLS, VA, \
        OUT rows; the regions as they are, without split blocks). --to figaro writes Eurostat's FIGARO matrix layout, \
        matrix_eu-ic-io_ind-by-ind_<year>.csv per year (rowLabels, AREA_CODE columns, final demand P3_S13 ... P5M, \
        trailing W2_ value-added rows whose column totals give output); --figaro-variant pxp writes \
        matrix_eu-ic-io_prod-by-prod_<year>.csv with codes CPA_<code>. --figaro-format flat writes \
        figaro_<variant>_<year>.csv instead, one row per non-zero cell refArea,rowIi,counterpartArea,colIi,obsValue \
        (output as rows P1); its pxi variant writes the rows as products CPA_<code> (rowPi). --to sut writes SUT_<country>.csv (year,table,product, \
        industry,value: supply, use_total, use_imported) for --country and SUT_<country>_origin_values.csv, its \
        intermediate imports by partner, which measure normalises into origin shares.

        Labels keep the source's industry codes, and the classification (--classification, default the bundled \
        WIOD one) is written beside the tables as classification.toml (for pxi with the products' CPA_ codes), where \
        measure finds it. Every file is written atomically, after all years have been read.
        """
    )

    enum Target: String, ExpressibleByArgument, CaseIterable { case icio, figaro, sut }
    enum Variant: String, ExpressibleByArgument, CaseIterable { case ixi, pxi, pxp }
    enum FIGAROFormat: String, ExpressibleByArgument, CaseIterable { case matrix, flat }

    @Option(help: "Layout to write: icio, figaro or sut.")
    var to: Target

    @Option(help: ArgumentHelp("Tables to convert (WIOD or OECD ICIO layout): a folder or one file; default the bundled WIOD 2013.", valueName: "PATH"))
    var tables: String?

    @Option(name: .customLong("table-format"), help: ArgumentHelp("Layout of --tables: wiod or icio; detected when left out.", valueName: "FORMAT"))
    var tableFormat: TableLayout?

    @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "DIR"))
    var output: String

    @Option(help: ArgumentHelp("Years: a range (1995-2011), a year, or a comma-separated list; default all.", valueName: "YEARS"))
    var years: String?

    @Option(help: "For --to sut: the country whose supply-use tables to write (any letter case).", transform: { $0.uppercased() })
    var country: String = "BEL"

    @Option(name: .customLong("figaro-variant"), help: "For --to figaro: ixi (industry-by-industry), pxp (product-by-product, matrix) or pxi (product rows by industry, flat).")
    var figaroVariant: Variant = .ixi

    @Option(name: .customLong("figaro-format"), help: "For --to figaro: matrix (Eurostat's matrix_eu-ic-io files, the default) or flat (one row per cell).")
    var figaroFormat: FIGAROFormat = .matrix

    @Option(help: ArgumentHelp("Classification to write beside the tables (TOML); default the bundled wiod2013.toml.", valueName: "PATH"))
    var classification: String?

    func run() throws {
        let tablesPath = try tables ?? BundledData.tables()
        var set = try TableSet(path: tablesPath, format: tableFormat ?? (tables == nil ? .wiod : nil))
        guard set.format == .wiod || set.format == .icio else {
            throw InputError(key: "--tables", "convert reads multi-regional tables in the wiod or icio layout; \(tablesPath) is \(set.format.rawValue)")
        }
        if let years { set.keep(years: try MeasureRun.selectYears(years, available: set.years, in: tablesPath)) }
        let classificationPath = try classification ?? BundledData.classification()
        try OutputSafety.refuseOverwriting(inputs: [(tablesPath, "--tables"), (classificationPath, "--classification")] + set.inputFiles.map { ($0, "--tables") },
                                           output: output, key: "--output", kind: .folder)
        let classes = try Classification.load(path: classificationPath)
        let target = to, variant = figaroVariant, country = self.country, figaroFormat = self.figaroFormat
        if target == .figaro {
            if figaroFormat == .matrix && variant == .pxi {
                throw InputError(key: "--figaro-variant", "the FIGARO matrix layout has the variants ixi and pxp; pxi is written with --figaro-format flat")
            }
            if figaroFormat == .flat && variant == .pxp {
                throw InputError(key: "--figaro-variant", "--figaro-format flat writes the variants ixi and pxi; pxp is written in the matrix layout")
            }
        }
        // Read and render every year before writing anything.
        let rendered: [(year: Int, main: [UInt8], extra: [UInt8])] = try set.loadTables { table, _ in
            try classes.check(against: table)
            let y = table.year ?? 0
            switch target {
            case .icio: return (y, try TableWriter.icio(table), [])
            case .figaro:
                if figaroFormat == .matrix { return (y, try FIGAROWriter.matrix(table, productPrefix: variant == .pxp ? "CPA_" : nil), []) }
                return (y, try TableWriter.figaro(table, productPrefix: variant == .pxi ? "CPA_" : nil), [])
            case .sut: return (y, try TableWriter.sut(table, country: country, year: y), try TableWriter.originValues(table, country: country, year: y))
            }
        }
        // Every file is rendered first, then all are written in one staged step.
        var files: [(path: String, bytes: [UInt8])] = []
        switch target {
        case .icio:
            for r in rendered { files.append((ICIOWriter.Edition.icio2021.fileName(year: r.year), r.main)) }
        case .figaro:
            for r in rendered {
                let name = figaroFormat == .matrix ? FIGAROWriter.fileName(year: r.year, productByProduct: variant == .pxp)
                    : "figaro_\(variant.rawValue)_\(r.year).csv"
                files.append((name, r.main))
            }
        case .sut:
            files.append(("SUT_\(country).csv", Array(TableWriter.sutHeader.utf8) + rendered.flatMap(\.main)))
            files.append(("SUT_\(country)_origin_values.csv", Array(TableWriter.sharesHeader.utf8) + rendered.flatMap(\.extra)))
        }
        let toml = target == .figaro && variant == .pxi ? Self.toml(classes, productPrefix: "CPA_")
            : target == .figaro && variant == .pxp ? Self.toml(classes, productPrefix: "CPA_", prefixIndustries: true)
            : try readText(path: classificationPath)
        files.append(("classification.toml", Array(toml.utf8)))
        try StagedFiles.write(files, into: output)
        FileHandleOutput.standardError("offshore: wrote \(rendered.count) year(s) as \(target.rawValue) in \(output), with classification.toml\n")
    }

    /// A classification as TOML, its products renamed with `productPrefix` and the industries listed apart.
    /// - Parameter prefixIndustries: true for a product-by-product table, whose columns carry the products' codes too:
    ///   the aggregates name them prefixed and no [industries] table is written.
    static func toml(_ c: Classification, productPrefix: String, prefixIndustries: Bool = false) -> String {
        func list(_ xs: [String]) -> String { "[" + xs.map { "\"\((prefixIndustries ? productPrefix : "") + $0)\"" }.joined(separator: ", ") + "]" }
        func products(_ xs: [String]) -> String { "[" + xs.map { "\"\(productPrefix)\($0)\"" }.joined(separator: ", ") + "]" }
        var out = "# Written by offshore convert: the products are the industries' own products, coded \(productPrefix)<industry>.\n"
        out += "[classification]\nname = \"\(c.name) (products \(productPrefix)*)\"\n\n[categories]\n"
        for cat in ProductCategory.allCases {
            out += "\(cat.rawValue) = \(products(c.products.filter { c.category(of: $0) == cat }))\n"
        }
        if !prefixIndustries { out += "\n[industries]\ncodes = \(list(c.products))\n" }
        for a in c.aggregates {
            out += "\n[[aggregate]]\nname = \"\(a.name)\"\nlabel = \"\(a.label)\"\nindustries = \(list(a.industries))\n"
        }
        return out
    }
}
