import DataIO

/// The value of one cell, as the file stores it (ECMA-376 Part 1, 18.3.1.4 `c` and 18.18.11 `ST_CellType`).
public enum CellValue: Equatable, Sendable {
    /// A number (`t="n"` or no type). Dates are numbers too (serial days): their meaning is in the style, not read.
    case number(Double)
    /// Text: a shared string (`t="s"`), an inline string (`t="inlineStr"`), a formula's string result (`t="str"`), or
    /// an ISO 8601 date written as text (`t="d"`).
    case string(String)
    /// A boolean (`t="b"`, `0` or `1`).
    case bool(Bool)
    /// An error value (`t="e"`): `#N/A`, `#DIV/0!`, `#REF!`, ...
    case error(String)
}

/// One cell: its position (0-based row and column) and its value. A formula cell holds its cached result.
public struct Cell: Equatable, Sendable {
    /// 0-based row (row 1 of the sheet is 0).
    public var row: Int
    /// 0-based column (column A is 0).
    public var column: Int
    /// The value.
    public var value: CellValue

    /// A cell.
    public init(row: Int, column: Int, value: CellValue) {
        self.row = row
        self.column = column
        self.value = value
    }
}

/// A worksheet read whole: its non-empty cells by row, each with its reference, and typed accessors whose errors
/// name the workbook, the sheet and the cell (`file.xlsx[Sheet]!C12: expected a number, found 'abc'`).
///
/// Rows and cells may be sparse, and their `r` references may be absent (both optional in ECMA-376 Part 1, 18.3.1.73
/// `row` and 18.3.1.4 `c`): an absent row reference means the row after the previous one, an absent cell reference
/// the column after the previous cell of the row (as openpyxl's worksheet reader counts them). Cells without a value
/// (styled but empty, or a formula without a cached result) are left out.
public struct Sheet: Sendable {
    /// The workbook's path.
    public let workbook: String
    /// The sheet's name.
    public let name: String
    /// Non-empty cells, rows in increasing order and cells within a row by column.
    public private(set) var rows: [[Cell]] = []
    /// The largest number of columns of any row (1 + the last column index used).
    public private(set) var columnCount = 0

    /// Reads a sheet part.
    init(bytes: [UInt8], part: String, workbook: String, name: String, sharedStrings: [String]) throws {
        self.workbook = workbook
        self.name = name
        var scanner = XMLScanner(bytes, place: "\(workbook): \(part)")
        var rowIndex = -1
        var current: [Cell] = []
        var inSheetData = false
        var columnCounter = -1
        func place(_ r: Int, _ c: Int) -> String { Self.place(workbook, name, r, c) }
        while let e = try scanner.next() {
            switch e {
            case .start(let tag, let attributes, let selfClosing):
                if tag == "sheetData" { inSheetData = !selfClosing; continue }
                guard inSheetData else { continue }
                if tag == "row" {
                    if let r = attributes.first(where: { $0.name == "r" })?.value {
                        guard let n = Int(r), n >= 1, n <= 1_048_576 else { throw scanner.error("row number r=\"\(r)\" is not 1 to 1048576") }
                        guard n - 1 > rowIndex else { throw scanner.error("row \(n) comes after row \(rowIndex + 1): rows must be in increasing order") }
                        rowIndex = n - 1
                    } else {
                        rowIndex += 1
                    }
                    columnCounter = -1
                    current = []
                    if selfClosing { continue }
                } else if tag == "c" {
                    guard rowIndex >= 0 else { throw scanner.error("a cell <c> outside a <row>") }
                    var column = columnCounter + 1
                    var type = "n"
                    for a in attributes {
                        if a.name == "r" {
                            guard let (r, c) = Self.parseReference(a.value) else { throw scanner.error("cell reference r=\"\(a.value)\" is not like B12") }
                            guard r == rowIndex else {
                                throw scanner.error("cell \(a.value) is in row \(rowIndex + 1) of the sheet: its reference names another row")
                            }
                            column = c
                        } else if a.name == "t" {
                            type = a.value
                        }
                    }
                    guard column > columnCounter else {
                        throw InputError(file: place(rowIndex, column), "cell after \(Self.columnName(columnCounter))\(rowIndex + 1): cells must be in increasing column order")
                    }
                    columnCounter = column
                    if selfClosing { continue }
                    if let value = try Self.readCell(&scanner, type: type, sharedStrings: sharedStrings, place: place(rowIndex, column)) {
                        current.append(Cell(row: rowIndex, column: column, value: value))
                    }
                }
            case .end(let tag):
                if tag == "sheetData" { inSheetData = false }
                if tag == "row" && inSheetData {
                    if !current.isEmpty {
                        columnCount = max(columnCount, (current.last?.column ?? 0) + 1)
                        rows.append(current)
                    }
                    current = []
                }
            case .text: break
            }
        }
    }

    /// The content of a `<c>` element after its start tag: the value as its type says, nil when it has none.
    private static func readCell(_ scanner: inout XMLScanner, type: String, sharedStrings: [String], place: String) throws -> CellValue? {
        var v: String?
        var inline: String?
        while let e = try scanner.next() {
            switch e {
            case .start(let tag, _, let selfClosing):
                if selfClosing { continue }
                if tag == "v" { v = try scanner.textContent() }
                else if tag == "is" { inline = try inlineString(&scanner) }
                else { try scanner.skipElement() }   // <f> formula text, <extLst>
            case .end:
                return try value(type: type, v: v, inline: inline, sharedStrings: sharedStrings, place: place)
            case .text: break
            }
        }
        return nil
    }

    /// An inline rich string `<is>`: its `<t>` and runs' `<t>`, without phonetic runs.
    private static func inlineString(_ scanner: inout XMLScanner) throws -> String {
        var out = ""
        var depth = 1, phonetic = 0
        while depth > 0, let e = try scanner.next() {
            switch e {
            case .start(let tag, _, let selfClosing):
                if selfClosing { continue }
                if tag == "t" {
                    let t = try scanner.textContent()
                    if phonetic == 0 { out += t }
                } else {
                    depth += 1
                    if tag == "rPh" { phonetic += 1 }
                }
            case .end(let tag):
                depth -= 1
                if tag == "rPh" { phonetic -= 1 }
            case .text: break
            }
        }
        return out
    }

    private static func value(type: String, v: String?, inline: String?, sharedStrings: [String], place: String) throws -> CellValue? {
        switch type {
        case "n":
            guard let v, !v.isEmpty else { return nil }
            switch parseNumber(v) {
            case .value(let x): return .number(x)
            case .failure(let why): throw InputError(file: place, "expected a number, found '\(v)' in a number cell (\(why))")
            }
        case "s":
            guard let v else { return nil }
            guard let k = Int(v.trimmingSpaces()), sharedStrings.indices.contains(k) else {
                throw InputError(file: place, "shared string index '\(v)' is not one of the workbook's \(sharedStrings.count) shared strings")
            }
            return .string(sharedStrings[k])
        case "inlineStr":
            if let inline { return .string(inline) }
            return v.map { .string($0) }
        case "str", "d":
            return v.map { .string($0) }
        case "b":
            guard let v else { return nil }
            switch v.trimmingSpaces() {
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: throw InputError(file: place, "a boolean cell holds '\(v)' (expected 0 or 1)")
            }
        case "e":
            return v.map { .error($0.trimmingSpaces()) }
        default:
            throw InputError(file: place, "unknown cell type t=\"\(type)\" (expected b, d, e, inlineStr, n, s or str)")
        }
    }

    // MARK: - Access

    /// The value at a 0-based row and column, nil when the cell is empty.
    public func value(row: Int, column: Int) -> CellValue? {
        guard let r = rowCells(row) else { return nil }
        var lo = 0, hi = r.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if r[mid].column < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < r.count && r[lo].column == column ? r[lo].value : nil
    }

    /// The non-empty cells of a 0-based row (nil when it has none).
    public func rowCells(_ row: Int) -> [Cell]? {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (rows[mid].first?.row ?? -1) < row { lo = mid + 1 } else { hi = mid }
        }
        return lo < rows.count && rows[lo].first?.row == row ? rows[lo] : nil
    }

    /// The number at a cell; nil when the cell is empty or holds `#N/A` (missing). Text, a boolean or another error
    /// value is an error naming the cell.
    public func number(row: Int, column: Int) throws -> Double? {
        switch value(row: row, column: column) {
        case nil: return nil
        case .number(let x): return x
        case .error(let e) where e == "#N/A": return nil
        case .error(let e): throw InputError(file: place(row, column), "expected a number, found the error value \(e)")
        case .string(let s): throw InputError(file: place(row, column), "expected a number, found '\(s)'")
        case .bool(let b): throw InputError(file: place(row, column), "expected a number, found the boolean \(b ? "TRUE" : "FALSE")")
        }
    }

    /// The text of a cell: a string as it is, a number as the shortest text that reads back to it, a boolean as
    /// TRUE or FALSE, an error value as written; nil when the cell is empty.
    public func text(row: Int, column: Int) -> String? {
        switch value(row: row, column: column) {
        case nil: return nil
        case .string(let s): return s
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        }
    }

    /// `file.xlsx[Sheet]!C12` for a 0-based row and column, the location errors give.
    public func place(_ row: Int, _ column: Int) -> String { Self.place(workbook, name, row, column) }

    /// An input error at a cell.
    public func error(row: Int, column: Int, _ message: String) -> InputError { InputError(file: place(row, column), message) }

    static func place(_ workbook: String, _ sheet: String, _ row: Int, _ column: Int) -> String {
        "\(workbook)[\(sheet)]!\(columnName(column))\(row + 1)"
    }

    /// The letters of a 0-based column: 0 is A, 25 Z, 26 AA.
    public static func columnName(_ column: Int) -> String {
        var n = column + 1
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// A reference like `BO1802` as a 0-based (row, column); nil when it is not one (`$` signs are not allowed in `r`).
    public static func parseReference(_ ref: String) -> (Int, Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for c in ref.utf8 {
            if c >= 65 && c <= 90 && digits == 0 {
                column = column * 26 + Int(c - 64)
                letters += 1
            } else if c >= 48 && c <= 57 && letters > 0 {
                row = row * 10 + Int(c - 48)
                digits += 1
            } else {
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1, column <= 16_384 else { return nil }
        return (row - 1, column - 1)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
