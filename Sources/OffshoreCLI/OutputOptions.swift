import ArgumentParser
import DataIO
import Reporting

/// A command's `--format` values: an enum whose raw values are the names users type. `parse` is the option's
/// transform, so an unknown value is refused while the arguments are parsed (exit status 2) with the message the
/// command has always given.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable, Sendable where RawValue == String {
    /// The help of `--format`.
    static var formatHelp: ArgumentHelp { get }
    /// The help of `--output`.
    static var outputHelp: ArgumentHelp { get }
    /// Reads a `--format` value.
    /// - Throws: `InputError` listing the values accepted.
    static func parse(_ text: String) throws -> Self
    /// Whether `--output` names a file with this format (or none); otherwise it names a folder.
    static func outputIsFile(_ format: Self?) -> Bool
}

extension OutputFormat {
    static func parse(_ text: String) throws -> Self {
        guard let value = Self(rawValue: text) else {
            let names = allCases.map(\.rawValue)
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
            throw InputError(key: "format", "expected \(list), found '\(text)'")
        }
        return value
    }

    static func outputIsFile(_ format: Self?) -> Bool { true }

    static var outputHelp: ArgumentHelp {
        ArgumentHelp("Write to this file instead of standard output (a regular file atomically; a device or pipe directly).", valueName: "PATH")
    }
}

/// `measure`, `regress`, `sur` and `estimate`: a table for the terminal, tidy CSV, or JSON.
enum TextFormat: String, OutputFormat {
    case table, csv, json

    static var formatHelp: ArgumentHelp { ArgumentHelp("Output format: table (default), csv or json.", valueName: "table|csv|json") }
}

/// `regress`: a table for the terminal (several models side by side), tidy CSV or JSON (one model), or a
/// publication table of every model side by side (LaTeX, Markdown, HTML), as `report` writes them.
enum RegressFormat: String, OutputFormat {
    case table, csv, json, latex, markdown, html

    static var formatHelp: ArgumentHelp {
        ArgumentHelp("Output format: table (default), csv, json, or a publication table: latex, markdown or html.",
                     valueName: "table|csv|json|latex|markdown|html")
    }

    /// The publication format, for the formats that write one.
    var publication: TableFormat? {
        switch self {
        case .latex: return .latex
        case .markdown: return .markdown
        case .html: return .html
        case .table, .csv, .json: return nil
        }
    }
}

/// `sensitivity run` and `summary`: the summary table only (no `--format` option is shown).
enum SummaryFormat: String, OutputFormat {
    case table

    static var formatHelp: ArgumentHelp { ArgumentHelp(visibility: .private) }
}

/// `report`: the tables of a run folder in one of the publication formats, or (without `--format`) the whole report folder.
extension TableFormat: OutputFormat {
    static var formatHelp: ArgumentHelp {
        ArgumentHelp("latex, markdown, csv, text or html; without it the whole report folder is written.", valueName: "FORMAT")
    }

    static var outputHelp: ArgumentHelp {
        ArgumentHelp("With --format: a file (default standard output); without: the report folder.", valueName: "PATH")
    }

    static func parse(_ text: String) throws -> TableFormat { try TableFormat(parsing: text) }

    static func outputIsFile(_ format: TableFormat?) -> Bool { format != nil }
}

/// The one declaration of `--format` and `--output`, shared by every command that writes a result. `validate()`
/// checks, before any work, that the output can be written; `refuseOverwriting` that it is none of the run's inputs.
struct OutputOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: Format.formatHelp, transform: Format.parse)
    var format: Format?

    @Option(help: Format.outputHelp)
    var output: String?

    /// Refuses (exit status 2) an output file that cannot be written: a folder, or a place under a file.
    func validate() throws {
        guard Format.outputIsFile(format) else { return }
        try validating { try OutputTarget.check(output, key: "--output") }
    }

    /// Refuses an output that is one of `inputs` (or, for a folder, holds one), before the inputs are read.
    func refuseOverwriting(_ inputs: [(path: String, key: String)]) throws {
        try OutputSafety.refuseOverwriting(inputs: inputs, output: output, key: "--output", kind: Format.outputIsFile(format) ? .file : .folder)
    }

    /// Writes `text` to `--output`, or to standard output without one.
    func emit(_ text: String) throws { try OutputTarget.emit(text, to: output) }
}

/// Runs a `validate()` check, turning its `InputError` into the `ValidationError` ArgumentParser reports (the message
/// and the usage on standard error, exit status 2), so that a bad option is refused before `run()` starts.
func validating(_ check: () throws -> Void) throws {
    do { try check() } catch let e as InputError { throw ValidationError(e.description) }
}
