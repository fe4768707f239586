import DataIO

extension DataFrame {
    /// Reads a CSV file as `init(csvPath:)` does, then rejects what a model must not use silently, each with the
    /// file, line and column (`offshore regress` and `offshore sur` read their data this way):
    /// - a header that is one field holding `;` or tabs (a file written with another delimiter);
    /// - a header without data rows;
    /// - a column of numbers with a cell that only looks like one: NaN or an infinity, a number out of range
    ///   (1e400), a decimal comma ("1,5"). `init(csvPath:)` reads such a column as text, which a formula would then
    ///   expand into one dummy per value;
    /// - a column that is mostly numbers: when more than half of its non-missing cells are numbers, the column is
    ///   meant as numbers and its first cell that is not one (`1_000`, `0x1p3`, `1 000`, `(5)`, `e5`, `n/a`) is an
    ///   error; a column whose text cells are at least as many as its numbers (names, codes such as `c12`) stays
    ///   text, a factor;
    /// - text that is not valid UTF-8 (read as U+FFFD, two different labels could become one level).
    ///
    /// A pipe is read from a temporary copy (`SpooledInput`), as `init(csvPath:)` does; errors name the pipe.
    /// - Parameter dialect: `.semicolon` for a file separated by semicolons with decimal commas (read through a
    ///   standard copy; errors still name the file's line and column).
    public init(checkedCSVPath path: String, dialect: CSVDialect = .standard) throws {
        if dialect != .standard {
            let copy = try SpooledInput(translating: path, from: dialect)
            do { self = try DataFrame(checkedCSVPath: copy.path).withSource(path) } catch let e as InputError { throw copy.renamed(e) }
            return
        }
        if let spool = try SpooledInput(path: path) {
            do { self = try DataFrame(checkedCSVPath: spool.path).withSource(path) } catch let e as InputError { throw spool.renamed(e) }
            return
        }
        do {
            self = try DataFrame(csvPath: path)
        } catch let e as InputError {
            // A semicolon file with decimal commas fails on its first data row, which the commas split: say why.
            if e.line != 1, let header = try? Self.firstRow(path: path), let error = Self.delimiterError(path: path, header: header) { throw error }
            throw e
        }
        if let error = Self.delimiterError(path: path, header: names) { throw error }
        guard rowCount > 0 else { throw InputError(file: path, line: 2, "the file has a header but no data rows") }
        for (j, column) in columns.enumerated() {
            guard case .categorical(let codes, let levels) = column else { continue }
            var numberLike = false, allNumeric = true, replaced = false
            // Which levels are numbers, to count the cells that are.
            var isNumber = [Bool](repeating: false, count: levels.count)
            for (l, level) in levels.enumerated() {
                if level.unicodeScalars.contains("\u{FFFD}") { replaced = true }
                switch parseNumber(level) {
                case .value: isNumber[l] = true
                case .failure(let why):
                    if Self.looksLikeANumber(why) { numberLike = true } else { allNumeric = false }
                }
            }
            var numberCells = 0, textCells = 0
            for c in codes where c >= 0 {
                if isNumber[Int(c)] { numberCells += 1 } else { textCells += 1 }
            }
            let mostlyNumbers = numberCells > textCells
            if (numberLike && allNumeric) || mostlyNumbers || replaced {
                try Self.locateBadCell(path: path, column: j, name: names[j], numbers: numberLike && allNumeric,
                                       mostlyNumbers: mostlyNumbers ? (numberCells, numberCells + textCells) : nil, utf8: replaced)
            }
        }
    }

    /// The error for a header that is one field holding another delimiter, or nil.
    private static func delimiterError(path: String, header: [String]) -> InputError? {
        let hint = delimiterHint(header: header)
        return hint.isEmpty ? nil : InputError(file: path, line: 1, column: 1, "expected a header of comma-separated column names" + hint
                                               + (hint.contains("semicolons") ? "; to read it as it is, pass --csv-dialect semicolon" : ""))
    }

    /// The fields of the file's first row.
    private static func firstRow(path: String) throws -> [String] {
        struct Stop: Error {}
        var fields: [String] = []
        do {
            try CSVReader(path: path).forEachRow { row in
                fields = (0..<row.count).map { row.string($0) }
                throw Stop()
            }
        } catch is Stop {}
        return fields
    }

    /// True for `parseNumber`'s failures of text that is meant as a number (not a label).
    private static func looksLikeANumber(_ why: String) -> Bool {
        why.contains("decimal comma") || why.contains("finite") || why.contains("out of range")
    }

    /// Reads the file again to throw the error at the first bad cell of column `j` (error path only): a cell that
    /// looks like a number but is not one (`numbers`), any cell that is not a number in a column of mostly numbers
    /// (`mostlyNumbers`: the cells that are numbers and the non-missing cells), or invalid UTF-8 (`utf8`).
    private static func locateBadCell(path: String, column j: Int, name: String, numbers: Bool,
                                      mostlyNumbers: (numbers: Int, cells: Int)?, utf8: Bool) throws {
        var header = true
        try CSVReader(path: path).forEachRow { row in
            if header { header = false; return }
            guard !row.isBlank, j < row.count, !row.isMissing(j) else { return }
            if numbers || mostlyNumbers != nil, case .failure(let why) = row.withBytes(j, { parseNumber($0) }) {
                if numbers && looksLikeANumber(why) {
                    throw InputError(file: path, line: row.line, column: j + 1, key: name,
                                     "\(why), found '\(inputExcerpt(row.string(j)))' (the other values of the column are numbers)")
                }
                if let m = mostlyNumbers {
                    throw InputError(file: path, line: row.line, column: j + 1, key: name,
                                     "\(why), found '\(inputExcerpt(row.string(j)))' (\(m.numbers) of the column's \(m.cells) values are numbers, "
                                     + "so it is read as numbers; write a number with digits, an optional sign, a decimal point and an "
                                     + "exponent such as 1.5e3, and a missing value as an empty field, NA or .)")
                }
            }
            if utf8 && !row.withBytes(j, { isValidUTF8($0) }) {
                throw InputError(file: path, line: row.line, column: j + 1, key: name,
                                 "the text is not valid UTF-8, found '\(inputExcerpt(row.string(j)))' (save the file as UTF-8)")
            }
        }
    }
}

/// True when `bytes` are well-formed UTF-8.
private func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var decoder = UTF8()
    var it = bytes.makeIterator()
    while true {
        switch decoder.decode(&it) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
