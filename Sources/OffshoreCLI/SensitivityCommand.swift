import ArgumentParser
import Foundation
import DataIO
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
    var threads: Int?

    @Option(help: ArgumentHelp("Run only the i-th of n disjoint slices of the variants.", valueName: "i/n"))
    var shard: String?

    @Option(help: ArgumentHelp("Stop after computing N variants (the rest is left for a resume).", valueName: "N"))
    var limit: Int?

    @OptionGroup var outputs: SummaryOutputs

    func validate() throws {
        try validating {
            if let threads, threads != 0, !Parallelism.allowed.contains(threads) {
                throw InputError(key: "--threads", "expected 0 (every core) or a number of threads from 1 to \(Parallelism.allowed.upperBound), got \(threads)")
            }
            if let limit, limit < 0 { throw InputError(key: "--limit", "expected a number of variants (0 or more), got \(limit)") }
        }
    }

    func run() throws {
        let shardValue = try shard.map { try Shard(parsing: $0) } ?? .all
        let bundle = try BundledData.folder()
        try outputs.refuseOverwriting([(SensitivityJobs.defaultGrid(grid, bundle: bundle), "--grid"), (db, "--db")])
        let options = RunOptions(shard: shardValue, limit: limit, progress: isatty(2) != 0, toolVersion: OffshoreCommand.configuration.version)
        let r = try SensitivityJobs.run(gridPath: grid, bundle: bundle, databasePath: db, threads: threads ?? 0, options: options)
        for line in r.messages { FileHandleOutput.standardError("offshore: \(line)\n") }
        try outputs.write(database: try ResultsDatabase.open(path: db))
        // Interrupted (Ctrl-C, or a scheduler's SIGINT): what was finished is saved; say so with 130 as shells do.
        if r.interrupted { throw ExitCode(130) }
    }
}
