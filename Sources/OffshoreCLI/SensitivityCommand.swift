import ArgumentParser
import Foundation
import DataIO
import OffshoringModels
import Sensitivity
#if canImport(Glibc)
import Glibc
#endif

/// `offshore sensitivity`: the measure-and-estimate chain of `offshore estimate` rerun over a grid of groupings,
/// periods, denominators, narrow/broad offshoring, samples, estimators and standard errors; results in SQLite.
struct Sensitivity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Rerun measures and models over a grid of groupings, periods, denominators, samples, estimators and SEs.",
        discussion: """
        Without a subcommand, `run` is meant. The grid (default the bundled \
        SupplyUseTables/config/sensitivity-default.toml) names a base estimate config and lists the values to try; \
        every combination is a variant, whose measures are recomputed from the tables and whose models are \
        re-estimated. The first value of each list is the baseline the summary compares with.
        """,
        subcommands: [SensitivityRun.self, SensitivityMerge.self, SensitivitySummaryCommand.self],
        defaultSubcommand: SensitivityRun.self)
}

/// `offshore sensitivity run`.
struct SensitivityRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the variants of a grid (resumable; in parallel; one shard of them with --shard).",
        discussion: """
        Results go to the SQLite database --db (tables results, variants, failures, meta; open it from R with \
        RSQLite, from Python with sqlite3 or pandas, from Stata with odbc). A variant's rows and its done flag are \
        written in one transaction, so an interrupted run (Ctrl-C, or --limit) is resumed by running the same \
        command again: finished variants are not recomputed. After Ctrl-C the variants under way finish, the \
        summary of what is done is printed and the exit status is 130 (a second Ctrl-C ends at once). Progress (count, rate, time left) is shown on \
        standard error when it is a terminal.

        --shard i/n runs the i-th of n disjoint slices of the variants (by variant id), e.g. one per task of a \
        Slurm job array (--shard $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT); combine the shard databases \
        with `offshore sensitivity merge`.

        Standard output: the coefficient-stability summary (each key term's baseline, range, share of variants \
        significant with the baseline's sign and the variants that flip it).
        """)

    @Option(help: ArgumentHelp("The grid TOML; default the bundled sensitivity-default.toml.", valueName: "PATH"))
    var grid: String?

    @Option(help: ArgumentHelp("The results database (created, or resumed when it exists).", valueName: "PATH"))
    var db: String = "sensitivity.db"

    @Option(help: ArgumentHelp("Worker threads (default: $OFFSHORE_THREADS, else every core).", valueName: "N"))
    var threads: Int = 0

    @Option(help: ArgumentHelp("Run only the i-th of n disjoint slices of the variants.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Stop after computing N variants (the rest is left for a resume).", valueName: "N"))
    var limit: Int?

    @OptionGroup var outputs: SummaryOutputs

    func run() throws {
        guard threads == 0 || Parallelism.allowed.contains(threads) else { throw InputError(key: "--threads", "expected 0 (every core) or a number of threads from 1 to \(Parallelism.allowed.upperBound), got \(threads)") }
        if let limit, limit < 0 { throw InputError(key: "--limit", "expected a number of variants (0 or more), got \(limit)") }
        let shardValue = try shard.map { try Shard(parsing: $0) } ?? .all
        try outputs.check()
        let bundle = try BundledData.folder()
        let gridPath = grid ?? bundle + "/config/sensitivity-default.toml"
        let g = try SensitivityGrid.load(path: gridPath, bundle: bundle)
        let config = try EstimateConfig.load(path: g.baseConfig, bundle: bundle)
        let chain = try SensitivityChain(config: config, modelNames: g.models)
        if threads > 0 { Parallelism.threads = threads }
        let options = RunOptions(threads: Parallelism.threads, shard: shardValue, limit: limit, progress: isatty(2) != 0,
                                 toolVersion: OffshoreCommand.configuration.version)
        let r = try SensitivityRunner.run(grid: g, chain: chain, databasePath: db, options: options)
        let shardText = shardValue.count > 1 ? " (\(r.shardVariants) in shard \(shardValue.description))" : ""
        FileHandleOutput.standardError("offshore: \(r.gridVariants) variants in the grid\(shardText); \(r.alreadyDone) already done, "
            + "\(r.computed) computed in \(String(format: "%.1f", r.seconds)) s" + (r.withFailures > 0 ? "; \(r.withFailures) with models that failed (table failures)" : "") + "\n")
        if r.stoppedEarly {
            FileHandleOutput.standardError("offshore: stopped before the end; run the same command again to resume\n")
        }
        try outputs.write(database: try ResultsDatabase.open(path: db))
        // Interrupted (Ctrl-C, or a scheduler's SIGINT): what was finished is saved; say so with 130 as shells do.
        if r.interrupted { throw ExitCode(130) }
    }
}

/// Where `run` and `summary` put a results database's CSV export, stability summary, chart and summary table.
struct SummaryOutputs: ParsableArguments {
    @Option(help: ArgumentHelp("Also write every result row as CSV (atomically).", valueName: "PATH"))
    var csv: String?

    @Option(name: .customLong("summary-csv"), help: ArgumentHelp("Write the stability summary as CSV.", valueName: "PATH"))
    var summaryCSV: String?

    @Option(help: ArgumentHelp("Write the coefficient-stability chart (SVG).", valueName: "PATH"))
    var chart: String?

    @Option(help: ArgumentHelp("Write the summary table to this file instead of standard output.", valueName: "PATH"))
    var output: String?

    /// Checks, before a run, that every requested file can be written (so a long run cannot end on a bad path).
    func check() throws {
        for (path, key) in [(csv, "--csv"), (summaryCSV, "--summary-csv"), (chart, "--chart"), (output, "--output")] {
            try OutputTarget.check(path, key: key)
        }
    }

    /// Writes the requested files (each atomically) and the summary table.
    func write(database: ResultsDatabase, keyTerms: [String]? = nil, alpha: Double? = nil) throws {
        if let csv { try AtomicFile.write(try database.csv(), to: csv) }
        let summary = try StabilitySummary.compute(database: database, keyTerms: keyTerms, alpha: alpha)
        if let summaryCSV { try AtomicFile.write(summary.csv(), to: summaryCSV) }
        if let chart { try AtomicFile.write(summary.chart().svg(), to: chart) }
        try OutputTarget.emit(summary.table().renderText(), to: output)
    }
}

/// `offshore sensitivity merge OUT IN1 IN2 ...`.
struct SensitivityMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine shard databases into one (equal to a single-machine run of the same grid).",
        discussion: "Every input must come from the same base config, models and data. OUT must not exist; it is written whole or not at all.")

    @Argument(help: ArgumentHelp("The merged database to create.", valueName: "OUT"))
    var out: String

    @Argument(help: ArgumentHelp("Shard databases.", valueName: "IN"))
    var inputs: [String] = []

    func run() throws {
        guard !inputs.isEmpty else { throw InputError(key: "IN", "give the shard databases to merge after OUT") }
        try ResultsDatabase.merge(inputs: inputs, into: out)
        let (registered, done, _) = try ResultsDatabase.open(path: out).counts()
        FileHandleOutput.standardError("offshore: merged \(inputs.count) databases into \(out): \(done) of \(registered) variants done\n")
    }
}

/// `offshore sensitivity summary DB`.
struct SensitivitySummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "The coefficient-stability summary, CSV export and chart of a results database.")

    @Argument(help: ArgumentHelp("The results database.", valueName: "DB"))
    var db: String

    @Option(name: .customLong("key-terms"), help: ArgumentHelp("Comma-separated terms to summarise (default: the grid's key_terms).", valueName: "LIST"))
    var keyTerms: String?

    @Option(help: ArgumentHelp("Significance level (default: the grid's alpha).", valueName: "LEVEL"))
    var alpha: Double?

    @OptionGroup var outputs: SummaryOutputs

    func run() throws {
        if let alpha, !(alpha > 0 && alpha < 1) { throw InputError(key: "--alpha", "expected a level between 0 and 1, got \(alpha)") }
        let terms = keyTerms.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        try outputs.write(database: try ResultsDatabase.open(path: db),
                         keyTerms: terms, alpha: alpha)
    }
}
