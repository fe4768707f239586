import DataIO

/// Writes a run's report folder:
///
/// ```
/// <folder>/index.html                 the self-contained page (inline CSS and SVG, no scripts, no network)
/// <folder>/tables/<id>.txt|md|csv|html  each table in every format
/// <folder>/tables/<id>.tex            the LaTeX fragment for \input
/// <folder>/tables/<id>-standalone.tex a document that compiles on its own with pdflatex
/// <folder>/charts/<id>.svg            each chart
/// ```
///
/// Usage: `try ReportWriter.write(run: report, to: "Reports/<run>")`. Everything is rendered in memory
/// first, then written in one staged step (DataIO's `StagedFiles`), so a failure never leaves a partly written
/// file and a page never links to a file that was not written. Files of an earlier report in the same folder that
/// this one does not produce are left alone (nothing is ever deleted).
public enum ReportWriter {
    /// Options for the files beside the page.
    public struct Options {
        /// The CSV field separator (default: `;` when the decimal mark is a comma, `,` otherwise).
        public var csvSeparator: Character?
        /// True when numbers use a decimal comma (chooses the CSV separator when none is given).
        public var decimalComma: Bool
        /// Options for a report in `language`: decimal comma as the language's default.
        public init(language: Language = .en, csvSeparator: Character? = nil) {
            self.decimalComma = language.usesDecimalComma
            self.csvSeparator = csvSeparator
        }
    }

    /// Renders every file of the report, as (relative path, contents), `index.html` last.
    /// - Throws: `InputError` (key `id`) for an empty, unsafe or repeated table or chart id.
    public static func files(run: RunReport, options: Options? = nil) throws -> [(path: String, contents: String)] {
        let o = options ?? Options(language: run.language)
        let sep: Character = o.csvSeparator ?? (o.decimalComma ? ";" : ",")
        var seen = Set<String>()
        func check(_ id: String) throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw InputError(key: "id", "'\(id)' cannot name a report file; use letters, digits, '-' and '_'")
            }
            guard seen.insert(id).inserted else { throw InputError(key: "id", "'\(id)' is used by two tables or charts of the report") }
        }
        var files: [(String, String)] = []
        var downloads: [String: [(label: String, path: String)]] = [:]
        for (id, table) in run.tables {
            try check(id)
            let outputs: [(String, String, String)] = [
                (run.language(.textFormat), "tables/\(id).txt", table.render(.text)),
                ("Markdown", "tables/\(id).md", table.render(.markdown)),
                ("CSV", "tables/\(id).csv", table.render(.csv, csvSeparator: sep)),
                ("LaTeX", "tables/\(id).tex", table.render(.latex)),
                ("LaTeX (standalone)", "tables/\(id)-standalone.tex", table.render(.latex, standalone: true)),
                ("HTML", "tables/\(id).html", table.render(.html)),
            ]
            for (label, path, text) in outputs {
                files.append((path, text))
                downloads[id, default: []].append((label, path))
            }
        }
        for (id, _, svg) in run.charts {
            try check(id)
            files.append(("charts/\(id).svg", svg))
        }
        files.append(("index.html", HTMLPage.render(run, downloads: downloads)))
        return files
    }

    /// Writes the report into `folder` (created with its parents when missing) and returns the paths written.
    /// - Throws: `InputError` for a bad id or a file that cannot be written (naming the file).
    @discardableResult
    public static func write(run: RunReport, to folder: String, options: Options? = nil) throws -> [String] {
        let rendered = try files(run: run, options: options)
        try StagedFiles.write(texts: rendered, into: folder)
        return rendered.map { folder.hasSuffix("/") ? folder + $0.path : folder + "/" + $0.path }
    }
}
