import DataIO
import Foundation
import OffshoringModels

/// The library counterparts of `offshore sensitivity run`, `summary` and `merge`: everything those commands do
/// between reading their arguments and printing, so that each command is argument handling and one call.
public enum SensitivityJobs {
    /// What a `run` did, in the words the command prints on standard error.
    public struct RunReport {
        /// Lines for standard error: the counts of the grid, the shard and the variants computed, and whether the
        /// run stopped before the end.
        public var messages: [String]
        /// True when a SIGINT stopped the run (what was finished is saved).
        public var interrupted: Bool
    }

    /// Runs the grid at `gridPath` (nil: the bundled `config/sensitivity-default.toml`) into the database at
    /// `databasePath`: loads the grid and its base config, builds the chain, and runs the variants not done yet.
    /// - Parameters:
    ///   - threads: worker threads (0: keep `Parallelism.threads`).
    ///   - options: the shard, limit, progress and tool version (its `threads` is set from `threads`).
    public static func run(gridPath: String?, bundle: String, databasePath: String, threads: Int, options: RunOptions) throws -> RunReport {
        let grid = try SensitivityGrid.load(path: defaultGrid(gridPath, bundle: bundle), bundle: bundle)
        let config = try EstimateConfig.load(path: grid.baseConfig, bundle: bundle)
        let chain = try SensitivityChain(config: config, modelNames: grid.models, valueChainMeasures: grid.valueChainMeasures,
                                         valueChainGroupings: grid.crossesValueChainsWithGroupings,
                                         energyChoices: grid.energyChoices, constantPrices: grid.prices.contains(true))
        chain.exclusions = grid.exclusions
        if threads > 0 { Parallelism.threads = threads }
        var options = options
        options.threads = Parallelism.threads
        let r = try SensitivityRunner.run(grid: grid, chain: chain, databasePath: databasePath, options: options)
        let shardText = options.shard.count > 1 ? " (\(r.shardVariants) in shard \(options.shard.description))" : ""
        var messages: [String] = []
        if !r.createdMissingTables.isEmpty {
            messages.append("\(databasePath) lacked the tables \(r.createdMissingTables.joined(separator: ", ")) (a run stopped, "
                + "e.g. by a full disk, while creating them); created them and continued")
        }
        messages += ["\(r.gridVariants) variants in the grid\(shardText); \(r.alreadyDone) already done, "
            + "\(r.computed) computed in \(String(format: "%.1f", r.seconds)) s"
            + (r.withFailures > 0 ? "; \(r.withFailures) with models that failed (table failures)" : "")]
        let groupings = r.gridVariants / max(1, grid.periods.count * grid.denominatorChoices.count * grid.narrow.count * grid.samples.count
                                             * grid.estimators.count * grid.vcov.count * grid.inference.count
                                             * grid.measures.count * grid.prices.count)
        for (exclusion, runs) in grid.leftOut(models: chain.models.map(\.name), groupings: groupings) where runs > 0 {
            let models = chain.models.map(\.name).filter(exclusion.models.contains)
            let when = exclusion.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sorted().joined(separator: "|"))" }
            messages.append("the grid leaves out \(runs) model runs by construction (\(models.joined(separator: ", ")) with "
                + "\(when.joined(separator: ", "))): \(exclusion.reason)")
        }
        for i in grid.inference { if let b = i.value?.bootstrap {
            messages.append("inference \(i.text): the wild cluster bootstrap of single equations (\(b.type.rawValue), \(b.weights.rawValue) weights, "
                + "\(NumberText.grouped(b.reps)) draws, seed \(b.seed); clustered as each model's standard errors unless cluster= is given): "
                + "its p-value is in boot_p_value, the bootstrap in bootstrap_used, and the summary judges significance by it")
        } }
        if r.stoppedEarly { messages.append("stopped before the end; run the same command again to resume") }
        return RunReport(messages: messages, interrupted: r.interrupted)
    }

    /// The grid a run reads: `path`, or the bundled default.
    public static func defaultGrid(_ path: String?, bundle: String) -> String {
        path ?? bundle + "/config/sensitivity-default.toml"
    }

    /// The files a results database's summary may be written to besides the summary table; nil for none.
    public struct SummaryFiles {
        /// Every result row as CSV.
        public var csv: String?
        /// The stability summary as CSV.
        public var summaryCSV: String?
        /// The coefficient-stability chart (SVG).
        public var chart: String?

        /// The files to write.
        public init(csv: String?, summaryCSV: String?, chart: String?) {
            self.csv = csv
            self.summaryCSV = summaryCSV
            self.chart = chart
        }

        /// Writes the requested files (each atomically) from the database and returns the summary table's text.
        /// - Parameters:
        ///   - keyTerms: the terms to summarise (nil: the grid's key terms, as the database records them).
        ///   - alpha: the significance level (nil: the grid's).
        public func write(database: ResultsDatabase, keyTerms: [String]? = nil, alpha: Double? = nil) throws -> String {
            if let csv { try AtomicFile.write(try database.csv(), to: csv) }
            let summary = try StabilitySummary.compute(database: database, keyTerms: keyTerms, alpha: alpha)
            if let summaryCSV { try AtomicFile.write(summary.csv(), to: summaryCSV) }
            if let chart { try AtomicFile.write(summary.chart().svg(), to: chart) }
            return summary.table().renderText()
        }
    }

    /// Merges the shard databases `inputs` into the new database `output` and says what it holds.
    /// - Returns: the line for standard error (`merged N databases into OUT: D of R variants done`).
    public static func merge(inputs: [String], into output: String) throws -> String {
        guard !inputs.isEmpty else { throw InputError(key: "IN", "give the shard databases to merge after OUT") }
        try ResultsDatabase.merge(inputs: inputs, into: output)
        let (registered, done, _) = try ResultsDatabase.open(path: output).counts()
        return "merged \(inputs.count) databases into \(output): \(done) of \(registered) variants done"
    }
}
