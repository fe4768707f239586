import DataIO

/// The publication options a command takes (`--lang`, `--decimal-comma`, `--digits`, `--labels`, `--format`),
/// checked once and turned into table options, so `measure`, `estimate` and `report` read them the same way.
public struct PublicationSettings {
    /// Language of the labels.
    public var language: Language
    /// Number style (decimal comma by default for nl and fr).
    public var style: NumberStyle
    /// Decimals asked for with `--digits` (nil: each table's default: estimates to 3 significant digits, 3 decimals
    /// for fit statistics, 2 for offshoring levels).
    public var digits: Int?
    /// Variable and unit labels (empty without `--labels`).
    public var labels: VariableLabels

    /// Checks and resolves the options.
    /// - Parameters:
    ///   - lang: `en`, `nl` or `fr`.
    ///   - decimalComma: true or false to override the language's default.
    ///   - digits: decimals, 0 to 12.
    ///   - labelsPath: a TOML labels file.
    /// - Throws: `InputError` naming the option (or the labels file's line and key) and what was expected.
    public init(lang: String = "en", decimalComma: Bool? = nil, digits: Int? = nil, labelsPath: String? = nil) throws {
        language = try Language(parsing: lang)
        if let digits, !(0...12).contains(digits) {
            throw InputError(key: "--digits", "expected a number of decimals from 0 to 12, found \(digits)")
        }
        self.digits = digits
        style = NumberStyle.standard(for: language, digits: digits ?? 3, decimalComma: decimalComma)
        // Estimates to three significant digits unless fixed decimals are asked for.
        style.significantDigits = digits == nil ? 3 : nil
        labels = try labelsPath.map { try VariableLabels(path: $0) } ?? VariableLabels()
    }

    /// Options for regression tables in these settings.
    public func regressionOptions(caption: String = "", label: String = "tab:regression") -> RegressionTableOptions {
        RegressionTableOptions(language: language, style: style, labels: labels, caption: caption, label: label)
    }

    /// Options for offshoring tables and charts in these settings; `--digits` sets the decimals of the levels.
    public func offshoringOptions(source: String = "", label: String = "tab:offshoring") -> OffshoringTableOptions {
        OffshoringTableOptions(language: language, style: style, levelDigits: digits ?? 2, labels: labels, source: source, label: label)
    }

    /// The field separator for CSV files: `;` with a decimal comma, `,` otherwise.
    public var csvSeparator: Character { style.decimalComma ? ";" : "," }
}

extension TableFormat {
    /// Reads a `--format` value: `text` (or `table`), `markdown` (`md`), `csv`, `latex` (`tex`), `html`.
    /// - Throws: `InputError` with key `key` listing the accepted names.
    public init(parsing text: String, key: String = "--format") throws {
        switch text.lowercased() {
        case "text", "table", "txt": self = .text
        case "markdown", "md": self = .markdown
        case "csv": self = .csv
        case "latex", "tex": self = .latex
        case "html": self = .html
        default: throw InputError(key: key, "unknown format '\(text)'; expected one of: text, markdown, csv, latex, html")
        }
    }
}
