import ArgumentParser
import DataIO
import Foundation
import Sensitivity

/// Where `run` and `summary` put a results database's CSV export, stability summary, chart and summary table.
struct SummaryOutputs: ParsableArguments {
    @Option(help: ArgumentHelp("Also write every result row as CSV (atomically).", valueName: "PATH"))
    var csv: String?

    @Option(name: .customLong("summary-csv"), help: ArgumentHelp("Write the stability summary as CSV.", valueName: "PATH"))
    var summaryCSV: String?

    @Option(help: ArgumentHelp("Write the coefficient-stability chart (SVG).", valueName: "PATH"))
    var chart: String?

    @OptionGroup var table: OutputOptions<SummaryFormat>

    /// Checks, before a run, that every requested file can be written (so a long run cannot end on a bad path).
    func validate() throws {
        for (path, key) in [(csv, "--csv"), (summaryCSV, "--summary-csv"), (chart, "--chart")] {
            try validating { try OutputTarget.check(path, key: key) }
        }
    }

    /// Refuses any output that is one of `inputs` (the grid, the database).
    func refuseOverwriting(_ inputs: [(path: String, key: String)]) throws {
        for (path, key) in [(csv, "--csv"), (summaryCSV, "--summary-csv"), (chart, "--chart")] {
            try OutputSafety.refuseOverwriting(inputs: inputs, output: path, key: key)
        }
        try table.refuseOverwriting(inputs)
    }

    /// Writes the requested files (each atomically) and the summary table.
    func write(database: ResultsDatabase, keyTerms: [String]? = nil, alpha: Double? = nil) throws {
        let files = SensitivityJobs.SummaryFiles(csv: csv, summaryCSV: summaryCSV, chart: chart)
        try table.emit(try files.write(database: database, keyTerms: keyTerms, alpha: alpha))
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
        FileHandleOutput.standardError("offshore: \(try SensitivityJobs.merge(inputs: inputs, into: out))\n")
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

    func validate() throws {
        if let alpha, !(alpha > 0 && alpha < 1) { throw ValidationError(InputError(key: "--alpha", "expected a level between 0 and 1, got \(alpha)").description) }
    }

    func run() throws {
        try outputs.refuseOverwriting([(db, "DB")])
        let terms = keyTerms.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        try outputs.write(database: try ResultsDatabase.open(path: db),
                         keyTerms: terms, alpha: alpha)
    }
}
