import DataIO

/// The bound on the size of a table's numbers, so that no sum computed from them can overflow.
///
/// Every number a cell may hold is finite (the parser refuses 1e400, NaN and infinities), but two cells of 1e308
/// add up to infinity, and a total, a denominator or an aggregate built from them would be infinite and an
/// intensity NaN. So the readers require the absolute values of a table's cells (or a year's, or a product's
/// import values) to add up to at most `limit` (1e300: any sum of them is then finite, with room to spare for
/// percentages), and otherwise refuse the table, naming its largest cells with their line and column.
///
/// The check costs the readers almost nothing: a field parsed by the fast path of the wide-table parser is below
/// 1e15 (at most 15 digits), so only the rows holding a larger number are summed exactly.
public enum TableMagnitudes {
    /// The largest sum of absolute values allowed.
    public static let limit = 1e300

    /// Largest magnitude of a field the wide-table fast path parses (at most 15 digits before any point).
    static let fastPathBound = 1e15

    /// One cell, for messages.
    struct Cell {
        var value: Double
        var line: Int
        var column: Int?
        var label: String
    }

    /// The running sum of absolute values of a table's cells and the largest cells seen (those above
    /// `fastPathBound`, at most `keep` of them, for the message).
    struct Tally {
        /// The sum of absolute values so far (an upper bound: rows of small cells count as if each were 1e15).
        var total = 0.0
        /// The largest cells seen, largest first.
        private(set) var largest: [Cell] = []
        let keep = 3

        /// Adds an upper bound for cells not looked at one by one.
        mutating func addBound(_ b: Double) { total += b }

        /// Adds one cell.
        mutating func add(_ v: Double, line: Int, column: Int?, label: @autoclosure () -> String) {
            let a = abs(v)
            total += a
            guard a > TableMagnitudes.fastPathBound else { return }
            // Largest first, ties by line and column: the same message whatever order the cells come in.
            func before(_ c: Cell) -> Bool {
                abs(c.value) < a || (abs(c.value) == a && (c.line, c.column ?? 0) > (line, column ?? 0))
            }
            if largest.count == keep, let last = largest.last, !before(last) { return }
            let cell = Cell(value: v, line: line, column: column, label: label())
            let k = largest.firstIndex(where: before) ?? largest.count
            largest.insert(cell, at: k)
            if largest.count > keep { largest.removeLast() }
        }

        /// True when the sum is past the limit (or overflowed).
        var exceeded: Bool { !(total <= TableMagnitudes.limit) }

        /// The error for a tally past the limit: `what` names the values summed (`the table's cells`).
        func error(file: String, what: String) -> InputError {
            let cells = largest.map { c in
                let place = c.column.map { "line \(c.line) column \($0)" } ?? "line \(c.line)"
                return "\(c.value) at \(place)" + (c.label.isEmpty ? "" : " (\(inputExcerpt(c.label)))")
            }.joined(separator: ", ")
            return InputError(file: file, line: largest.first?.line, column: largest.first?.column,
                              "\(what) add up to more than 1e300 in absolute value\(cells.isEmpty ? "" : " (the largest: \(cells))"): "
                              + "totals, denominators and shares computed from them would overflow; check these cells (expected values "
                              + "in a currency unit such as millions)")
        }
    }
}
