import DataIO
import IOTables
import Offshoring

/// Everything one `offshore measure` run produced: the offshoring intensities of a country's industries by origin
/// group for each year of the tables, and the notes about them. The library counterpart of `offshore measure`, as
/// `EstimateRun` is of `offshore estimate`; rendering (CSV, JSON, Table 1, the report page) is left to the caller.
///
/// ```swift
/// let inputs = try MeasureRun.Inputs(tables: path, grouping: groupingPath, classification: nil) { _ in bundledTOML }
/// let run = try MeasureRun.execute(inputs, country: "BEL", denominator: .nonenergy, narrow: false)
/// ```
public struct MeasureRun {
    /// The tables, classification and grouping of a run, opened (files listed, years selected) but not yet read.
    public struct Inputs {
        /// The tables (one table path for every format), with only the years asked for.
        public var tables: TableSet
        /// The classification file used.
        public var classificationPath: String
        /// The grouping file used.
        public var groupingPath: String

        /// Opens the tables at `tables` and keeps `years` (a `--years` text; nil for all).
        /// - Parameters:
        ///   - classification: the classification file; nil for `defaultClassification(format)`.
        /// - Throws: `InputError` for tables that cannot be listed, a bad years text or years without a table.
        public init(tables: String, format: TableLayout?, originShares: String? = nil, figaroLayout: FIGAROLayout = FIGAROLayout(),
                    classification: String?, grouping: String, years: String?,
                    defaultClassification: (TableLayout) throws -> String) throws {
            var set = try TableSet(path: tables, format: format, originShares: originShares, figaroLayout: figaroLayout)
            if let years { set.keep(years: try MeasureRun.selectYears(years, available: set.years, in: tables)) }
            self.tables = set
            classificationPath = try classification ?? defaultClassification(set.format)
            groupingPath = grouping
        }

        /// Every file the run reads, with the option that names it: for refusing an output onto one of them.
        public var files: [(path: String, key: String)] {
            [(classificationPath, "--classification"), (groupingPath, "--grouping"), (tables.path, "--tables")]
                + tables.inputFiles.map { ($0, "--tables") }
        }
    }

    /// One result per year, in year order.
    public var measured: [OffshoringYear]
    /// Notes for standard error: how imports were attributed, group regions the tables lack, load findings,
    /// undefined values.
    public var notes: [String]
    /// The inputs read.
    public var inputs: Inputs
    /// With price indices: the same measures at current prices, for the side-by-side view (`measured` then holds
    /// the constant-price ones); nil otherwise.
    public var currentPrices: [OffshoringYear]? = nil

    /// Reads every year of `inputs` and computes its measures for `country`.
    /// - Parameters:
    ///   - prices: price indices by product (`--prices`): `measured` at constant prices (every flow divided by its
    ///     product's index), `currentPrices` as the tables give them; nil for current prices only.
    ///   - energy: which products count as energy (`--energy`); nil for the classification file's own categories.
    public static func execute(_ inputs: Inputs, country: String, denominator: Denominator, narrow: Bool,
                               prices: ProductPrices? = nil, energy: EnergyProducts? = nil) throws -> MeasureRun {
        let classes = try Classification.load(path: inputs.classificationPath).choosingEnergy(energy, key: "--energy")
        let groups = try Grouping.load(path: inputs.groupingPath)
        // National tables say nothing of where imports come from: their origin groups would read 0.00, which is not
        // a measurement. They are measured with no groups (totals only), and a note says why.
        let noOrigins = inputs.tables.format == .niot
        let measuredGroups = noOrigins ? try Grouping(name: groups.name, aliases: groups.aliases, groups: [], source: groups.source) : groups
        let results = try inputs.tables.load(country: country, canonical: { groups.canonical($0) }) { use, report in
            let current = try OffshoringMeasures.compute(use: use, country: country, classification: classes, grouping: measuredGroups,
                                                         denominator: denominator, narrow: narrow)
            let constant = try prices.map {
                try OffshoringMeasures.compute(use: try $0.deflated(use, needsOutput: denominator == .output), country: country,
                                               classification: classes, grouping: measuredGroups, denominator: denominator, narrow: narrow)
            }
            return (constant ?? current, report, measuredGroups.resolve(regions: use.regions).absent, current)
        }
        let measured = results.map(\.0)
        var notes = Self.notes(results.compactMap(\.1), absent: results.first?.2 ?? [], measured: measured,
                               groupingPath: inputs.groupingPath)
        if noOrigins {
            notes.insert("national input-output tables give imports without their origin: om and os are measured in total only "
                         + "(origin groups need multi-regional tables, or supply-use tables with partner shares)", at: 0)
        }
        if inputs.tables.format == .sut || inputs.tables.format == .eurostat, let shares = inputs.tables.shares {
            notes.insert("imports attributed to origins by the proportional method: each product's imported use is split by its import shares "
                         + "by partner in \(shares.source), the same for every using industry"
                         + (shares.normalised ? " (import values normalised to shares per product and year)" : ""), at: 0)
        }
        if let layout = inputs.tables.layoutSummary { notes.insert("tables read as \(layout)", at: 0) }
        if let prices {
            notes.append("constant prices: every product's imported and domestic intermediate use divided by its price index in "
                         + "\(prices.source) (the indices' base prices)" + (denominator == .output ? ", output by its own product's index" : ""))
        }
        var run = MeasureRun(measured: measured, notes: notes, inputs: inputs)
        if prices != nil { run.currentPrices = results.map(\.3) }
        return run
    }

    /// The years of a `--years` text (`1995-2011`, `2000`, or a comma-separated list of these), each of which must
    /// have a table in `available`. The one place `measure` and `convert` read years.
    /// - Throws: `InputError` with key `--years` for a bad text or a year without a table.
    public static func selectYears(_ text: String, available: [Int], in tables: String) throws -> Set<Int> {
        let wanted: [Int]
        do { wanted = try parseYears(text) } catch let e as InputError { throw InputError(key: "--years", e.message) }
        let have = Set(available)
        let missing = wanted.filter { !have.contains($0) }
        guard missing.isEmpty else {
            throw InputError(key: "--years", "no table for \(YearList.describeRuns(missing)) in \(tables) "
                             + "(available: \(describe(available)))")
        }
        return Set(wanted)
    }

    /// The FIGARO column names from `--figaro-columns` (five comma-separated names, spaces and tabs around them
    /// ignored), or Eurostat's when `spec` is nil.
    public static func figaroLayout(_ spec: String?) throws -> FIGAROLayout {
        guard let spec else { return FIGAROLayout() }
        let names = spec.split(separator: ",", omittingEmptySubsequences: false).map { trimmed($0) }
        guard names.count == 5, names.allSatisfy({ !$0.isEmpty }) else {
            throw InputError(key: "--figaro-columns", "expected five comma-separated column names (row area, row item, column area, column item, value), found '\(spec)'")
        }
        return FIGAROLayout(rowArea: names[0], rowItem: [names[1]], columnArea: names[2], columnItem: [names[3]], value: names[4])
    }

    /// `1995-2011` for a run of years, else a list separated by ", ".
    public static func describe(_ years: [Int]) -> String {
        guard let a = years.first, let b = years.last else { return "none" }
        return years == Array(a...b) ? (a == b ? "\(a)" : "\(a)-\(b)") : years.map(String.init).joined(separator: ", ")
    }

    /// Notes for standard error: group regions the tables lack, load findings summed over the years, undefined values.
    static func notes(_ reports: [ValidationReport], absent: [(group: String, region: String)], measured: [OffshoringYear],
                      groupingPath: String) -> [String] {
        var out: [String] = []
        // What the readers detected (the OECD ICIO edition and its blocks): one line per distinct layout.
        var detected: [String] = []
        for r in reports { if let d = r.detected, !detected.contains(d) { detected.append(d) } }
        for d in detected {
            let years = reports.filter { $0.detected == d }.compactMap(\.year)
            out.append("read as " + d + (detected.count > 1 && !years.isEmpty ? " (\(describe(years)))" : ""))
        }
        if !absent.isEmpty {
            var byGroup: [(String, [String])] = []
            for (g, r) in absent {
                if let k = byGroup.firstIndex(where: { $0.0 == g }) { byGroup[k].1.append(r) } else { byGroup.append((g, [r])) }
            }
            out.append("regions of \(groupingPath) not in the tables (they add nothing to their group): "
                       + byGroup.map { "\($0.0): \($0.1.joined(separator: " "))" }.joined(separator: "; "))
        }
        let negatives = reports.filter { $0.negativeFlowCount > 0 }
        if let firstNeg = negatives.first {
            let total = negatives.reduce(0) { $0 + $1.negativeFlowCount }
            out.append("\(total) negative intermediate flow(s) in \(negatives.count) table(s), kept as they are; first: " + (firstNeg.warnings.first ?? ""))
        }
        for r in reports where r.negativeOutputCount > 0 { out.append(contentsOf: r.warnings.filter { $0.contains("gross output") }) }
        if let worst = reports.filter({ $0.rows > 0 }).max(by: { abs($0.largestRowGap?.gap ?? 0) < abs($1.largestRowGap?.gap ?? 0) }) {
            out.append("row balance over \(reports.filter { $0.rows > 0 }.count) table(s): " + worst.balanceSummary)
        }
        var undefined: [(String, [Int])] = []
        for y in measured {
            for u in y.undefined {
                if let k = undefined.firstIndex(where: { $0.0 == u }) { undefined[k].1.append(y.year ?? 0) } else { undefined.append((u, [y.year ?? 0])) }
            }
        }
        for (u, ys) in undefined {
            out.append("\(measured.first?.country ?? "") \(u): the \(measured.first?.denominator.rawValue ?? "") denominator is zero in "
                       + "\(describe(ys)), so its intensities are undefined and those rows are left out")
        }
        return out
    }
}

/// `s` without leading and trailing spaces and tabs.
private func trimmed(_ s: Substring) -> String {
    var s = s
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
}
