import ArgumentParser
import DataIO
import OffshoringModels
import Reporting
import RunFolders

/// `offshore estimate`: builds the industry x year panel from the tables, the offshoring measures and the
/// industry accounts, estimates the production-function, labour-demand and skill-structure models, and
/// decomposes changes into contributions; all from one TOML config (the bundled default without one).
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate the offshoring models (production, labour demand, skill structure) and contributions from one config.",
        discussion: """
        Without --config the bundled SupplyUseTables/config/estimate-default.toml runs: the real WIOD 2013 tables \
        for imported inputs by origin, and the real Belgian accounts: the WIOD Socio-Economic Accounts (2013 release) \
        for output, inputs, prices, capital, hours, wages and skills, joined with EU KLEMS's ICT share of capital \
        (CAPIT) through a shipped concordance; gaps stay missing and each model's sample line says what it left out. \
        estimate-synthetic.toml runs on SYNTHETIC accounts (every table says so), estimate-wiod2016.toml on the 2016 \
        release. Copy a file to change tables, accounts ([accounts]: which source feeds which input), country, years, \
        models (presets or fixest formulas), samples, standard errors and contributions.

        Output: by default one side-by-side table per family of models (production, labour demand, skills; at         most three models a table, as the report's tables), the contribution tables, then the notes once (each         model's sample, the run's notes); --format csv gives one CSV for every model with the columns \
        model,term,estimate,std_error,t_value,p_value (the `offshore regress` columns after a model column); \
        --format json gives {"models": [...], "contributions": [...], "notes": [...]}, each model the \
        `offshore regress` object (a system: the `offshore sur` object) with model, sample and synthetic keys first.

        Presets: production, production_groups, production_fd, productivity, production_lag, production_iv, \
        production_spillover, labour_demand, labour_demand_fd, skill_share, skill_system. Panel variables for \
        formulas: Y, M, K, K_ICT, L (hours), EMP, LAB, w, w_l, w_m, w_h, S_l, S_m, S_h, E_l, E_m, E_h, ict, om, os, \
        om_<GROUP>, os_<GROUP>, om_sup, os_sup, wbshare, empshare, GO, II, industry, year.

        Relative paths in a config are read beside it; a copy of a bundled config elsewhere keeps working: a         relative path that does not exist beside the copy is read from the bundled SupplyUseTables/config folder         (with a note), and one that exists in neither place is an error naming the key and both folders.

        --output-dir DIR (or [output] directory in the config) also writes DIR/<run_name>/ with tables.txt, \
        estimates.csv/json, one CSV and JSON per model, contributions.csv/json, config.resolved.toml and \
        manifest.json (input files with SHA-256 and size, tool version), plus offshoring.csv (the measures) and \
        report.json (the results as `offshore report` reads them). The folder is replaced atomically: a failed run \
        leaves the previous one intact.
        --report [DIR] (or [output] report = true) also puts the publication report in the run folder DIR/<run_name>/ \
        (DIR: --output-dir, [output] directory, or Reports): index.html (one self-contained page: the regression \
        tables side by side, the contributions, Table 1 of the measures, charts, provenance and the manifest) and \
        every table in tables/ as LaTeX, Markdown, CSV, text and HTML, every chart in charts/ as SVG. --lang, \
        --decimal-comma, --digits and --labels set the report's language and numbers; `offshore report` renders \
        it again later in another language or format.

        Tables and accounts must cover the same industries and years; mismatches are listed and the run stops \
        (exit 2) unless the config sets allow_partial = true.
        """)

    @Option(help: ArgumentHelp("The TOML config; default the bundled estimate-default.toml.", valueName: "PATH"))
    var config: String?

    @OptionGroup var outputs: OutputOptions<TextFormat>

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("Write the run folder <DIR>/<run_name>/.", valueName: "DIR"))
    var outputDir: String?

    @Option(name: .customLong("run-name"), help: ArgumentHelp("Name of the run folder (overrides [output] run_name).", valueName: "NAME"))
    var runName: String?

    @Flag(help: ArgumentHelp("--report [DIR]: also write the publication report into the run folder DIR/<run_name>/ (default DIR: --output-dir or Reports)."))
    var report = false
    @Argument(help: .hidden)
    var reportDirectory: String?
    @OptionGroup var publication: PublicationOptions
    @OptionGroup var threading: ThreadsOption

    func validate() throws {
        try validating {
            if let reportDirectory, !report {
                throw InputError(key: "estimate", "unexpected argument '\(reportDirectory)' (a folder is taken only after --report)")
            }
            // The rule of the config's `[output] run_name`: a newline or a path is refused in both.
            if let runName, let problem = EstimateConfig.runNameProblem(runName) {
                throw InputError(key: "--run-name", problem)
            }
        }
    }

    func run() throws {
        try threading.apply()
        let format = outputs.format ?? .table
        let bundle = try BundledData.folder()
        let path = config ?? bundle + "/config/estimate-default.toml"
        var settings = try EstimateConfig.load(path: path, bundle: bundle)
        try settings.checkInputsExist()
        for note in settings.pathNotes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
        let wantsReport = report || settings.report
        if !wantsReport && !publication.isDefault {
            throw InputError(key: "--lang", "--lang, --decimal-comma, --digits and --labels set the report: add --report")
        }
        if let reportDirectory, let outputDir, reportDirectory != outputDir {
            throw InputError(key: "--report", "two folders for the run: --report \(reportDirectory) and --output-dir \(outputDir); give one")
        }
        // Checked before estimating, so that a bad option costs nothing.
        let reportSettings = wantsReport ? try publication.settings() : nil
        if let runName { settings.runName = runName }
        let dir = reportDirectory ?? outputDir ?? settings.outputDirectory ?? (wantsReport ? "Reports" : nil)
        let inputs = [(path, "--config")] + settings.inputPaths + (publication.labels.map { [($0, "--labels")] } ?? [])
        try outputs.refuseOverwriting(inputs)
        // The run folder is replaced as a whole: it must hold none of the inputs.
        let folder = dir.map { $0.hasSuffix("/") ? $0 + settings.runName : $0 + "/" + settings.runName }
        try OutputSafety.refuseOverwriting(inputs: inputs, output: folder, key: outputDir != nil ? "--output-dir" : "--report", kind: .folder)
        let run = try EstimateRun.execute(config: settings)
        // CSV has no place for notes, so a synthetic run says so on standard error as well.
        if settings.synthetic && format == .csv { FileHandleOutput.standardError("offshore: note: \(settings.syntheticNote)\n") }
        for note in run.notes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
        let text: String
        switch format {
        case .csv: text = EstimateReport.csv(run)
        case .json: text = EstimateReport.json(run).render() + "\n"
        case .table: text = EstimateReport.text(run)
        }
        if let dir {
            let folder = try RunFolder.write(run, directory: dir, toolVersion: OffshoreCommand.configuration.version, report: reportSettings,
                                            labels: publication.labels, reportInputs: reportSettings == nil ? [] : publication.labelFiles(),
                                            note: { FileHandleOutput.standardError("offshore: note: \($0)\n") })
            FileHandleOutput.standardError("offshore: wrote \(folder)\(reportSettings == nil ? "" : "/index.html")\n")
        }
        try outputs.emit(text)
    }
}

extension EstimateConfig {
    /// The files and folders the config names as inputs, with their keys, for refusing an output onto one of them.
    var inputPaths: [(path: String, key: String)] {
        [(tables, "data.tables"), (accounts, "data.accounts"), (classification, "data.classification"), (grouping, "data.grouping"),
         (industryCodes, "data.industry_codes"), (tableConcordance, "data.table_concordance")] + (originShares.map { [($0, "data.origin_shares")] } ?? [])
    }
}
