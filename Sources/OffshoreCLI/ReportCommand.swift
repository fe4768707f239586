import ArgumentParser
import DataIO
import Reporting
import RunFolders

/// The options of publication output shared by `estimate --report` and `report`: language, decimal comma,
/// digits and a labels file (laid over the bundled `SupplyUseTables/labels/default.toml`).
struct PublicationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Language of the report's labels: en, nl or fr.", valueName: "en|nl|fr"))
    var lang: String = "en"
    @Flag(inversion: .prefixedNo, help: "Decimal comma in the report's numbers (default: on for nl and fr, off for en).")
    var decimalComma: Bool?
    @Option(help: ArgumentHelp("Decimals of coefficients and other figures (0-12; default 3, offshoring levels 2).", valueName: "N"))
    var digits: Int?
    @Option(help: ArgumentHelp("A TOML labels file for variables, terms, industries and groups, laid over the bundled labels.",
                               valueName: "FILE"))
    var labels: String?

    /// True when none of the options was given.
    var isDefault: Bool { lang == "en" && decimalComma == nil && digits == nil && labels == nil }

    /// The checked settings. The bundled labels apply when the bundle can be found (`required`: it must be).
    func settings(bundleRequired: Bool = true) throws -> PublicationSettings {
        var s = try PublicationSettings(lang: lang, decimalComma: decimalComma, digits: digits, labelsPath: labels)
        let bundle: String?
        if bundleRequired { bundle = try BundledData.folder() } else { bundle = try? BundledData.folder() }
        if let bundle {
            let path = bundle + "/labels/default.toml"
            if fileExists(path) { s.labels = s.labels.layered(over: try VariableLabels(path: path)) }
        }
        return s
    }
}

extension PublicationOptions {
    /// The labels files these options read: the bundled `labels/default.toml` (when the bundle is found) and
    /// `--labels`; a run folder's manifest hashes them as inputs of its report.
    func labelFiles() -> [String] {
        var out: [String] = []
        if let bundle = try? BundledData.folder(), fileExists(bundle + "/labels/default.toml") { out.append(bundle + "/labels/default.toml") }
        if let labels { out.append(labels) }
        return out
    }
}

/// `offshore report`: renders an existing run folder of `offshore estimate` again, from its saved results and
/// manifest, in another language, number style or format. Nothing is estimated.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a run folder's report again (another language, number style or format) without estimating.",
        discussion: """
        RUN_DIR is a folder written by `offshore estimate --report` or `--output-dir` (it holds report.json, \
        offshoring.csv and manifest.json). Without --format the whole report (index.html, tables/ in every format, \
        charts/) is written to --output DIR, by default RUN_DIR/report-<lang>. With --format every table of the report \
        goes, one after another, to standard output or the file --output PATH: latex (fragments for \\input; \
        --standalone makes one document that compiles with pdflatex), markdown, csv (';' between fields with a \
        decimal comma), text, or html (the self-contained page).
        Example: offshore report Reports/default --lang nl --format latex --standalone --output tabellen.tex
        """)

    @Argument(help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runDirectory: String
    @OptionGroup var publication: PublicationOptions
    @OptionGroup var outputs: OutputOptions<TableFormat>
    @Flag(help: "With --format latex: one document that compiles on its own.")
    var standalone = false

    func validate() throws {
        if standalone && outputs.format != .latex { throw ValidationError(InputError(key: "--standalone", "applies to --format latex only").description) }
    }

    func run() throws {
        let settings = try publication.settings(bundleRequired: false)
        let tableFormat = outputs.format
        let runFolder = runDirectory.hasSuffix("/") ? runDirectory : runDirectory + "/"
        try outputs.refuseOverwriting(["report.json", "offshoring.csv", "manifest.json"].map { (runFolder + $0, "RUN_DIR") }
                                      + publication.labelFiles().map { ($0, "--labels") })
        // Everything is read and rendered before anything is written.
        let page = try RunSummaryReport.build(try RunFolderContents(folder: runDirectory), settings: settings)
        guard let tableFormat else {
            let folder = outputs.output ?? runFolder + "report-\(settings.language.rawValue)"
            var options = ReportWriter.Options(language: settings.language)
            options.decimalComma = settings.style.decimalComma
            try StagedFiles.write(texts: try ReportWriter.files(run: page, options: options), into: folder)
            FileHandleOutput.standardError("offshore: wrote \(folder)/index.html\n")
            return
        }
        let tables = page.tables.map(\.table)
        let text: String
        switch tableFormat {
        case .html: text = HTMLPage.render(page)
        case .latex where standalone: text = LaTeXRenderer.document(tables)
        default:
            text = tables.map { $0.render(tableFormat, csvSeparator: settings.csvSeparator) }.joined(separator: "\n")
        }
        try outputs.emit(text)
    }
}
