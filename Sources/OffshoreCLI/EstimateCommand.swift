import ArgumentParser
import DataIO
import OffshoringModels

/// `offshore estimate`: builds the industry x year panel from the tables, the offshoring measures and the
/// industry accounts, estimates the production-function, labour-demand and skill-structure models, and
/// decomposes changes into contributions; all from one TOML config (the bundled default without one).
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate the offshoring models (production, labour demand, skill structure) and contributions from one config.",
        discussion: """
        Without --config the bundled SupplyUseTables/config/estimate-default.toml runs: the real WIOD 2013 tables \
        for output, intermediate inputs and imported inputs by origin, and SYNTHETIC Belgian accounts for capital, \
        hours, wages and skills (every table says so). Copy that file to change tables, accounts, country, years, \
        models (presets or fixest formulas), samples, standard errors and contributions.

        Output: terminal tables by default; --format csv gives one CSV for every model with the columns \
        model,term,estimate,std_error,t_value,p_value (the `offshore regress` columns after a model column); \
        --format json gives {"models": [...], "contributions": [...], "notes": [...]}, each model the \
        `offshore regress` object (a system: the `offshore sur` object) with model, sample and synthetic keys first.

        Presets: production, production_groups, production_fd, productivity, production_lag, production_iv, \
        production_spillover, labour_demand, labour_demand_fd, skill_share, skill_system. Panel variables for \
        formulas: Y, M, K, K_ICT, L (hours), EMP, LAB, w, w_l, w_m, w_h, S_l, S_m, S_h, E_l, E_m, E_h, ict, om, os, \
        om_<GROUP>, os_<GROUP>, om_sup, os_sup, wbshare, empshare, GO, II, industry, year.

        --output-dir DIR (or [output] directory in the config) also writes DIR/<run_name>/ with tables.txt, \
        estimates.csv/json, one CSV and JSON per model, contributions.csv/json, config.resolved.toml and \
        manifest.json (input files with SHA-256 and size, tool version). The folder is replaced atomically: a \
        failed run leaves the previous one intact.

        Tables and accounts must cover the same industries and years; mismatches are listed and the run stops \
        (exit 2) unless the config sets allow_partial = true.
        """)

    @Option(help: ArgumentHelp("The TOML config; default the bundled estimate-default.toml.", valueName: "PATH"))
    var config: String?

    @Option(help: "Output format: table, csv or json.")
    var format: String = "table"

    @Option(name: .customLong("output-dir"), help: ArgumentHelp("Write the run folder <DIR>/<run_name>/.", valueName: "DIR"))
    var outputDir: String?

    @Option(name: .customLong("run-name"), help: ArgumentHelp("Name of the run folder (overrides [output] run_name).", valueName: "NAME"))
    var runName: String?

    @Option(help: ArgumentHelp("Write the tables to this file (atomically) instead of standard output.", valueName: "PATH"))
    var output: String?

    func run() throws {
        guard ["table", "csv", "json"].contains(format) else {
            throw InputError(key: "--format", "expected table, csv or json, got '\(format)'")
        }
        let bundle = try BundledData.folder()
        let path = config ?? bundle + "/config/estimate-default.toml"
        var settings = try EstimateConfig.load(path: path, bundle: bundle)
        if let runName {
            guard !runName.isEmpty, !runName.contains("/"), runName != ".", runName != ".." else {
                throw InputError(key: "--run-name", "expected a folder name, got '\(runName)'")
            }
            settings.runName = runName
        }
        let run = try EstimateRun.execute(config: settings)
        // CSV has no place for notes, so a synthetic run says so on standard error as well.
        if settings.synthetic && format == "csv" { FileHandleOutput.standardError("offshore: note: \(settings.syntheticNote)\n") }
        for note in run.notes { FileHandleOutput.standardError("offshore: note: \(note)\n") }
        let text: String
        switch format {
        case "csv": text = EstimateReport.csv(run)
        case "json": text = EstimateReport.json(run).render() + "\n"
        default: text = EstimateReport.text(run)
        }
        if let dir = outputDir ?? settings.outputDirectory {
            let folder = try RunFolder.write(run, directory: dir, toolVersion: OffshoreCommand.configuration.version)
            FileHandleOutput.standardError("offshore: wrote \(folder)\n")
        }
        try OutputTarget.emit(text, to: output)
    }
}
