import DataIO

/// What the checks on load found that does not stop the table from being used: negative intermediate flows
/// and the row balance (intermediate use plus final demand against gross output).
///
/// Problems that make a table unusable (ragged rows, non-numeric cells, NaN, duplicate or inconsistent
/// labels, truncated files) are thrown as `InputError`s instead.
public struct ValidationReport: Sendable, Equatable {
    /// A negative cell of the intermediate block.
    public struct NegativeFlow: Sendable, Equatable {
        /// Row label (supplying region and industry).
        public var row: String
        /// Column label (using region and industry).
        public var column: String
        /// The value.
        public var value: Double
        /// 1-based line and column (field) in the file.
        public var line: Int, field: Int
    }

    /// The row whose intermediate use plus final demand is furthest from its output.
    public struct RowGap: Sendable, Equatable {
        /// Row label.
        public var row: String
        /// 1-based line in the file.
        public var line: Int
        /// Intermediate use plus final demand minus output.
        public var gap: Double
        /// Output of the row.
        public var output: Double
    }

    /// The file checked.
    public var source: String
    /// The table's year, if known.
    public var year: Int?
    /// Number of rows checked.
    public var rows: Int = 0
    /// Number of negative intermediate flows.
    public var negativeFlowCount: Int = 0
    /// The first few negative intermediate flows (at most `maxExamples`).
    public var negativeFlows: [NegativeFlow] = []
    /// Number of rows with negative gross output.
    public var negativeOutputCount: Int = 0
    /// The largest absolute row-balance gap, nil for a table without rows.
    public var largestRowGap: RowGap?
    /// What the reader detected, in one line (e.g. the OECD ICIO edition and its blocks), when it tells one.
    public var detected: String?
    /// How many examples of negative flows are kept.
    public static let maxExamples = 5

    /// An empty report for `source`.
    public init(source: String, year: Int?) {
        self.source = source
        self.year = year
    }

    /// Records a negative intermediate flow.
    mutating func noteNegative(row: String, column: String, value: Double, line: Int, field: Int) {
        negativeFlowCount += 1
        if negativeFlows.count < Self.maxExamples {
            negativeFlows.append(NegativeFlow(row: row, column: column, value: value, line: line, field: field))
        }
    }

    /// Records a row's balance.
    mutating func noteBalance(row: String, line: Int, gap: Double, output: Double) {
        rows += 1
        if output < 0 { negativeOutputCount += 1 }
        if largestRowGap.map({ abs(gap) > abs($0.gap) }) ?? true {
            largestRowGap = RowGap(row: row, line: line, gap: gap, output: output)
        }
    }

    /// One line per finding, for standard error; empty when there is nothing to say but the balance.
    public var warnings: [String] {
        var out: [String] = []
        if negativeFlowCount > 0 {
            let ex = negativeFlows.map { "\($0.row)->\($0.column) = \(NumberText.shortest($0.value)) (line \($0.line), column \($0.field))" }
            out.append("\(source): \(negativeFlowCount) negative intermediate flow(s), e.g. " + ex.joined(separator: "; "))
        }
        if negativeOutputCount > 0 {
            out.append("\(source): \(negativeOutputCount) row(s) with negative gross output (OUT)")
        }
        return out
    }

    /// The row-balance finding in one line.
    public var balanceSummary: String {
        guard let g = largestRowGap else { return "\(source): no rows" }
        return "\(source): largest row-balance gap (intermediate + final demand - OUT) is \(NumberText.shortest(g.gap)) "
            + "at row \(g.row) (line \(g.line), OUT = \(NumberText.shortest(g.output)))"
    }
}
