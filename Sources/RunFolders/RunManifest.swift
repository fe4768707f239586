import DataIO
import Foundation
import OffshoringModels
import Reporting

/// How a run's report was asked for, as its manifest records it (`report`, `lang`, `decimal_comma`, `digits`,
/// `labels`), so that `offshore verify` can make the same report again.
public struct ReportRecord: Equatable, Sendable {
    /// The language code (`en`, `nl`, `fr`).
    public var language: String
    /// True when numbers were written with a decimal comma.
    public var decimalComma: Bool
    /// `--digits`, nil for each table's default.
    public var digits: Int?
    /// The user's labels file (`--labels`), nil for none.
    public var labels: String?
    /// Files the report read besides the run's inputs (the labels files), hashed in the manifest as inputs; not
    /// itself written (empty in a manifest read back).
    public var inputs: [String]

    /// A record of the report options.
    public init(language: String, decimalComma: Bool, digits: Int?, labels: String?, inputs: [String] = []) {
        self.language = language
        self.decimalComma = decimalComma
        self.digits = digits
        self.labels = labels
        self.inputs = inputs
    }

    /// The record of `settings` (language, number style and digits), with the labels file it was read with.
    public init(settings: PublicationSettings, labels: String?, inputs: [String]) {
        self.init(language: settings.language.rawValue, decimalComma: settings.style.decimalComma, digits: settings.digits,
                  labels: labels, inputs: inputs)
    }
}

/// A run folder's `manifest.json`: everything `offshore verify` needs to make the run again (the command, the run
/// name, the config, whether and how the report was made) and to check that its inputs are unchanged (each
/// input's path, SHA-256 and size), and the manifest section of the report page. No date, host or thread count,
/// so the same inputs give the same manifest.
///
/// The one type for the file: `init(_:toolVersion:display:report:)` describes a run, `json()` writes it (keys in
/// a fixed order, numbers and strings as `JSONValue` writes them, a newline at the end), `init(path:)` reads it
/// back (`Decodable`), `pageEntries` shows it on the report page. Paths are as recorded: relative to the run
/// folder, or absolute (see `RecordedRun` to resolve them).
///
/// The layout: `tool`, `version`, `command`, `run_name`, `config` (`(bundled default)` for none),
/// `synthetic_accounts`, `country`, `years`, `denominator`, `models`, `bootstrap` (only when some model was
/// bootstrapped: per model its wild bootstrap's canonical text with the seed), `report` (true or false); when true, `lang`,
/// `decimal_comma`, `digits` (a number or `default`) and `labels` (a path or `none`); last `inputs`, each
/// `{"path", "sha256", "bytes"}`.
public struct RunManifest: Decodable, Equatable, Sendable {
    /// The file name in a run folder.
    public static let fileName = "manifest.json"
    /// How `config` records a run of the bundled default config.
    public static let bundledConfig = "(bundled default)"

    /// One input file as recorded: its path, SHA-256 and size in bytes.
    public struct Input: Codable, Equatable, Sendable {
        /// The recorded path (relative to the run folder, or absolute).
        public var path: String
        /// 64 lower-case hexadecimal characters.
        public var sha256: String
        /// Size in bytes.
        public var bytes: Int
        /// An input.
        public init(path: String, sha256: String, bytes: Int) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    /// The tool (`offshore`).
    public var tool: String
    /// The tool's version then.
    public var version: String
    /// The command that made the run (`estimate`).
    public var command: String
    /// The run's name (the folder name it was written under).
    public var runName: String
    /// The config file as recorded; nil for the bundled default config.
    public var config: String?
    /// True when the run's accounts are synthetic.
    public var syntheticAccounts: Bool
    /// The reporting country.
    public var country: String
    /// The panel's years as `describeYears` writes them (`1995-2011`).
    public var years: String
    /// The offshoring denominator (`nonenergy`).
    public var denominator: String
    /// The models' names, in config order.
    public var models: [String]
    /// Per bootstrapped model, `MODEL: wild:cluster=...,seed=S` (the canonical text of its bootstrap, with the
    /// seed, and `(default)` when it is estimate's default); empty when no model was bootstrapped.
    public var bootstrap: [String] = []
    /// The report options; nil when the run made no report. Its `labels` path is as recorded.
    public var report: ReportRecord?
    /// The input files: the run's, then the further files its report read.
    public var inputs: [Input]

    /// A manifest.
    public init(tool: String = "offshore", version: String, command: String = "estimate", runName: String, config: String?,
                syntheticAccounts: Bool, country: String, years: String, denominator: String, models: [String],
                report: ReportRecord?, inputs: [Input]) {
        self.tool = tool
        self.version = version
        self.command = command
        self.runName = runName
        self.config = config
        self.syntheticAccounts = syntheticAccounts
        self.country = country
        self.years = years
        self.denominator = denominator
        self.models = models
        self.report = report
        self.inputs = inputs
    }

    /// The manifest of `run`: each input (the run's, then `report.inputs`, each once) hashed now.
    /// - Parameters:
    ///   - display: how a path is recorded (unchanged by default).
    ///   - report: the report options; nil when the run makes no report.
    /// - Throws: `InputError` naming an input that cannot be read.
    public init(_ run: EstimateRun, toolVersion: String, display: (String) -> String = { $0 }, report: ReportRecord? = nil) throws {
        var inputs: [Input] = []
        var seen = Set<String>()
        for p in run.inputs + (report?.inputs ?? []) where seen.insert(p).inserted {
            let (digest, size) = try SHA256.hexDigest(ofFile: p)
            inputs.append(Input(path: display(p), sha256: digest, bytes: size))
        }
        var recorded = report
        recorded?.labels = report?.labels.map(display)
        recorded?.inputs = []
        let c = run.config
        self.init(version: toolVersion, runName: c.runName, config: c.path.map(display), syntheticAccounts: c.synthetic,
                  country: c.country, years: describeYears(run.panel.years), denominator: c.denominator.rawValue,
                  models: run.outcomes.map(\.spec.name), report: recorded, inputs: inputs)
        bootstrap = run.outcomes.compactMap { o in
            o.bootstrap.map { "\(o.spec.name): \($0.spec.name)" + (o.bootstrapIsDefault ? " (default)" : "") }
        }
    }

    /// The JSON value, keys in the layout's order.
    public var jsonValue: JSONValue {
        var entries: [(String, JSONValue)] = [
            ("tool", .string(tool)), ("version", .string(version)), ("command", .string(command)),
            ("run_name", .string(runName)), ("config", .string(config ?? Self.bundledConfig)),
            ("synthetic_accounts", .bool(syntheticAccounts)), ("country", .string(country)),
            ("years", .string(years)), ("denominator", .string(denominator)),
            ("models", .array(models.map { .string($0) })),
        ]
        if !bootstrap.isEmpty { entries.append(("bootstrap", .array(bootstrap.map { .string($0) }))) }
        entries.append(("report", .bool(report != nil)))
        if let report {
            entries.append(("lang", .string(report.language)))
            entries.append(("decimal_comma", .bool(report.decimalComma)))
            entries.append(("digits", report.digits.map { .int($0) } ?? .string("default")))
            entries.append(("labels", .string(report.labels ?? "none")))
        }
        entries.append(("inputs", .array(inputs.map { i in
            .object([("path", .string(i.path)), ("sha256", .string(i.sha256)), ("bytes", .int(i.bytes))])
        })))
        return .object(entries)
    }

    /// The text of `manifest.json` (compact, with a newline at the end).
    public func json() -> String { jsonValue.render() + "\n" }

    /// The manifest's entries for the report page: `tool` to `models` in the layout's order, then the report's
    /// keys sorted (`decimal_comma`, `digits`, `labels`, `lang`, `report`), then one entry per input file (its path,
    /// with its SHA-256 and size). Booleans other than `synthetic_accounts` show as 1 and 0, as the page has always
    /// shown them.
    public var pageEntries: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = [
            ("tool", tool), ("version", version), ("command", command), ("run_name", runName),
            ("config", config ?? Self.bundledConfig), ("synthetic_accounts", syntheticAccounts ? "true" : "false"),
            ("country", country), ("years", years), ("denominator", denominator), ("models", models.joined(separator: ", ")),
        ]
        if !bootstrap.isEmpty { out.append(("bootstrap", bootstrap.joined(separator: "; "))) }
        if let report {
            out += [("decimal_comma", report.decimalComma ? "1" : "0"), ("digits", report.digits.map(String.init) ?? "default"),
                    ("labels", report.labels ?? "none"), ("lang", report.language)]
        }
        out.append(("report", report != nil ? "1" : "0"))
        for i in inputs { out.append((i.path, "sha256 \(i.sha256), \(i.bytes) bytes")) }
        return out
    }

    /// Reads a `manifest.json`.
    /// - Throws: `InputError` naming the file (and the key) when it cannot be read, is not JSON, or lacks an entry
    ///   or has one of the wrong type.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError(file: path, "cannot read the file") }
        do {
            self = try JSONDecoder().decode(RunManifest.self, from: data)
        } catch let p as Problem {
            throw InputError(file: path, key: p.key, p.message)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw InputError(file: path, "expected a JSON object")
        } catch DecodingError.dataCorrupted(let context) {
            let reason = context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
            throw InputError(file: path, "not valid JSON: \(reason)")
        } catch {
            throw InputError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
    }

    /// A key of the file that is missing or of the wrong type.
    struct Problem: Error {
        var key: String
        var message: String
    }

    enum Key: String, CodingKey {
        case tool, version, command, config, country, years, denominator, models, bootstrap, report, lang, digits, labels, inputs
        case runName = "run_name", syntheticAccounts = "synthetic_accounts", decimalComma = "decimal_comma"
    }

    /// Decodes the layout above; a missing `report` reads as false (runs before reports were recorded).
    /// - Throws: `RunManifest.Problem` naming the key (`init(path:)` turns it into an `InputError`).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func value<T: Decodable>(_ type: T.Type, _ key: Key, _ expected: String) throws -> T {
            guard let v = try? c.decode(T.self, forKey: key) else { throw Problem(key: key.stringValue, message: expected) }
            return v
        }
        func string(_ key: Key) throws -> String { try value(String.self, key, "expected a string") }
        // What verify needs first, in the order it has always been checked; then the descriptive entries.
        command = try string(.command)
        version = try string(.version)
        runName = try string(.runName)
        let configPath = try string(.config)
        config = configPath == Self.bundledConfig ? nil : configPath
        guard var list = try? c.nestedUnkeyedContainer(forKey: .inputs) else {
            throw Problem(key: "inputs", message: "expected an array of input files")
        }
        inputs = []
        while !list.isAtEnd {
            let k = list.currentIndex
            guard let input = try? list.decode(Input.self) else {
                throw Problem(key: "inputs[\(k)]", message: "expected {\"path\": ..., \"sha256\": ..., \"bytes\": ...}")
            }
            inputs.append(input)
        }
        report = nil
        if (try? c.decode(Bool.self, forKey: .report)) == true {
            let digits = try? c.decode(Int.self, forKey: .digits)
            let labels = try? c.decode(String.self, forKey: .labels)
            let comma = try value(Bool.self, .decimalComma, "expected true or false (the report's number style)")
            report = ReportRecord(language: try string(.lang), decimalComma: comma, digits: digits, labels: labels == "none" ? nil : labels)
        }
        tool = try string(.tool)
        syntheticAccounts = try value(Bool.self, .syntheticAccounts, "expected true or false (whether the accounts are synthetic)")
        country = try string(.country)
        years = try string(.years)
        denominator = try string(.denominator)
        models = try value([String].self, .models, "expected an array of model names")
        // Absent before bootstrapped runs were recorded, and when no model was bootstrapped.
        if c.contains(.bootstrap) {
            bootstrap = try value([String].self, .bootstrap, "expected an array of MODEL: BOOTSTRAP texts")
        }
    }
}
