/// One cell of a publication table: its text, an optional mark set as a superscript (significance stars),
/// and, in header rows, how many columns it spans.
///
/// Numbers are formatted (with a `NumberStyle`) before they get here; renderers only escape and lay out.
public struct TableCell: Equatable, ExpressibleByStringLiteral {
    /// The text (plain, unescaped).
    public var text: String
    /// A mark shown as a superscript after the text, e.g. `***` (plain text formats append it).
    public var mark: String
    /// Columns spanned (header rows only; 1 in the body).
    public var span: Int

    /// A cell with `text`, an optional superscript `mark` and a column `span`.
    public init(_ text: String, mark: String = "", span: Int = 1) {
        self.text = text
        self.mark = mark
        self.span = max(1, span)
    }

    /// A plain one-column cell from a literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Text and mark together, for formats without superscripts.
    public var plain: String { text + mark }
}

/// A row of a publication table's body.
public enum TableRow: Equatable {
    /// A data row: a label in the stub (left) column, then one cell per data column; `indent` levels of
    /// indentation for the label (origin groups under their aggregate).
    case data(label: String, cells: [TableCell], indent: Int)
    /// A heading over the rows that follow, spanning the whole table (e.g. "Fixed effects").
    case section(String)
    /// A horizontal rule between groups of rows (booktabs `\midrule`).
    case rule
}

/// Alignment of a table's data columns.
public enum ColumnAlignment: String, Equatable {
    /// Left-aligned.
    case left
    /// Centred (regression tables, as esttab and etable).
    case center
    /// Right-aligned (numbers).
    case right
}

/// A format-neutral publication table: header rows with column spans, a body of labelled rows with rules and
/// section headings, notes, a caption and a cross-reference label. Render it with `render(_:)` or a renderer.
///
/// Layout: column 0 is the stub (row labels); columns 1...`columnCount` hold data. Each header row gives the
/// stub's heading and then cells whose spans add up to `columnCount`.
public struct PublicationTable: Equatable {
    /// One header row: the stub column's text and the data columns' cells (with spans).
    public struct HeaderRow: Equatable {
        /// Text over the stub column (usually empty).
        public var stub: String
        /// Cells over the data columns; their spans add up to the table's column count.
        public var cells: [TableCell]
        /// Creates a header row.
        public init(stub: String = "", cells: [TableCell]) {
            self.stub = stub
            self.cells = cells
        }
    }

    /// The caption (title), shown above the table.
    public var caption: String
    /// A cross-reference label (`\label{...}` in LaTeX, the element id in HTML); letters, digits, `:`, `-`, `_`.
    public var label: String
    /// Number of data columns (excluding the stub).
    public var columnCount: Int
    /// Alignment of each data column.
    public var alignments: [ColumnAlignment]
    /// Header rows, top to bottom.
    public var header: [HeaderRow]
    /// Body rows.
    public var body: [TableRow]
    /// Notes under the table (legends, sources, conventions), one paragraph each.
    public var notes: [String]
    /// The language of the table's text, when known: standalone LaTeX loads babel for it (captions "Tabel",
    /// "Tableau"). `nil` renders as English.
    public var language: Language?

    /// An empty table with `columnCount` data columns, all aligned `alignment`.
    public init(caption: String, label: String, columnCount: Int, alignment: ColumnAlignment = .right) {
        self.caption = caption
        self.label = label
        self.columnCount = columnCount
        self.alignments = Array(repeating: alignment, count: columnCount)
        self.header = []
        self.body = []
        self.notes = []
        self.language = nil
    }

    /// Adds a header row; cells beyond the column count are cut and a short row is padded with empty cells.
    public mutating func addHeader(stub: String = "", _ cells: [TableCell]) {
        var out: [TableCell] = []
        var used = 0
        for c in cells where used < columnCount {
            var c = c
            c.span = min(c.span, columnCount - used)
            out.append(c)
            used += c.span
        }
        while used < columnCount { out.append(""); used += 1 }
        header.append(HeaderRow(stub: stub, cells: out))
    }

    /// Adds a data row (padded or cut to the column count).
    public mutating func addRow(_ label: String, _ cells: [TableCell], indent: Int = 0) {
        var c = Array(cells.prefix(columnCount))
        while c.count < columnCount { c.append("") }
        body.append(.data(label: label, cells: c, indent: indent))
    }

    /// Adds a rule unless the body is empty or already ends with one.
    public mutating func addRule() {
        guard let last = body.last, last != .rule else { return }
        body.append(.rule)
    }

    /// Adds a section heading row.
    public mutating func addSection(_ title: String) { body.append(.section(title)) }

    /// The body without a trailing rule (renderers close the table with their own bottom rule).
    var trimmedBody: [TableRow] {
        var b = body
        while b.last == .rule { b.removeLast() }
        while b.first == .rule { b.removeFirst() }
        return b
    }

    /// For each header row, the data column where each of its cells starts.
    func headerStarts(_ row: HeaderRow) -> [Int] {
        var starts: [Int] = []
        var col = 0
        for c in row.cells { starts.append(col); col += c.span }
        return starts
    }

    /// The table cut into blocks of consecutive data columns (at most `maxColumns` each, as even as possible),
    /// each with every row's label, the header over its columns, the caption and no notes; the notes belong
    /// after the last block. A table whose header spans cross a block boundary, or that already fits, is one block.
    public func columnBlocks(maxColumns: Int) -> [PublicationTable] {
        guard maxColumns > 0, columnCount > maxColumns,
              header.allSatisfy({ $0.cells.allSatisfy { $0.span == 1 } }) else { return [self] }
        let count = (columnCount + maxColumns - 1) / maxColumns
        return (0..<count).map { k in
            let start = k * columnCount / count, end = (k + 1) * columnCount / count
            var t = self
            t.columnCount = end - start
            t.alignments = Array(alignments[start..<end])
            t.header = header.map { HeaderRow(stub: $0.stub, cells: Array($0.cells[start..<end])) }
            t.body = body.map { row in
                if case let .data(label, cells, indent) = row {
                    return .data(label: label, cells: Array(cells[min(start, cells.count)..<min(end, cells.count)]), indent: indent)
                }
                return row
            }
            t.notes = []
            return t
        }
    }

    /// One flat heading per data column: the texts of every header cell over it, joined by a space
    /// (for CSV, where a header has a single row).
    public var flatHeader: [String] {
        var out = Array(repeating: [String](), count: columnCount)
        for row in header {
            for (c, start) in zip(row.cells, headerStarts(row)) where !c.plain.isEmpty {
                for j in start..<min(start + c.span, columnCount) { out[j].append(c.plain) }
            }
        }
        return out.map { $0.joined(separator: " ") }
    }
}

/// The output formats of a publication table.
public enum TableFormat: String, CaseIterable, Sendable {
    /// Fixed-width text for a terminal.
    case text
    /// GitHub-flavoured Markdown.
    case markdown
    /// CSV (one header row).
    case csv
    /// LaTeX with booktabs and threeparttable.
    case latex
    /// An HTML table element.
    case html

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .markdown: return "md"
        case .csv: return "csv"
        case .latex: return "tex"
        case .html: return "html"
        }
    }
}

extension PublicationTable {
    /// Renders in `format` with default options (LaTeX as a fragment; CSV with `csvSeparator`).
    /// - Parameters:
    ///   - standalone: LaTeX only: wrap the table in a document that compiles on its own.
    ///   - csvSeparator: CSV only: the field separator (`;` suits spreadsheets set to a decimal comma).
    public func render(_ format: TableFormat, standalone: Bool = false, csvSeparator: Character = ",") -> String {
        switch format {
        case .text: return TextRenderer.render(self)
        case .markdown: return MarkdownRenderer.render(self)
        case .csv: return CSVRenderer.render(self, separator: csvSeparator)
        case .latex: return LaTeXRenderer.render(self, standalone: standalone)
        case .html: return HTMLRenderer.render(self)
        }
    }
}
