import DataIO
import Econometrics

/// Everything one `offshore estimate` run produced.
public struct EstimateRun {
    /// The configuration used.
    public var config: EstimateConfig
    /// The panel.
    public var panel: IndustryPanel
    /// Estimated models, in config order (enabled ones only).
    public var outcomes: [ModelOutcome]
    /// Contribution tables.
    public var contributions: [ContributionTable]
    /// Notes for every output (panel notes, skipped contributions).
    public var notes: [String]
    /// Input files read (tables, classification, grouping, accounts, config).
    public var inputs: [String]

    /// Builds the panel, runs every enabled model and the contributions of `config`.
    public static func execute(config: EstimateConfig) throws -> EstimateRun {
        let (panel, inputs) = try PanelBuilder.build(config: config)
        return try execute(config: config, panel: panel, inputs: inputs + (config.path.map { [$0] } ?? []))
    }

    /// Runs the models and contributions of `config` on an already built panel.
    public static func execute(config: EstimateConfig, panel: IndustryPanel, inputs: [String] = []) throws -> EstimateRun {
        var outcomes: [ModelOutcome] = []
        for spec in config.models where spec.enabled {
            do { outcomes.append(try ModelRunner.run(spec, panel: panel)) } catch let e as InputError { throw config.path.map { e.inFile($0) } ?? e }
        }
        var tables: [ContributionTable] = []
        var notes = panel.notes
        if !panel.coverage.missingCells.isEmpty {
            for o in outcomes { if let line = leftOut(o) { notes.append(line) } }
        }
        for c in config.contributions {
            guard let o = outcomes.first(where: { $0.spec.name == c.model }) else {
                guard config.models.contains(where: { $0.name == c.model }) else {
                    throw InputError(file: config.path, key: "contributions.model",
                                     "no model named '\(c.model)' (models: \(config.models.map(\.name).joined(separator: ", ")))")
                }
                notes.append("contributions of \(c.model) skipped: the model is not enabled")
                continue
            }
            tables.append(try Contributions.compute(c, outcome: o))
        }
        return EstimateRun(config: config, panel: panel, outcomes: outcomes, contributions: tables, notes: notes, inputs: inputs)
    }

    /// The sample line of a model on a panel with missing accounts cells: which industry-years of its sample have
    /// a missing value in a variable of its formula(s), and which variables, e.g. `sample of skill_share
    /// (manufacturing, 1995-2007): 182 industry-years, 14 left out: 2007 in every industry (ict missing)`. Nil when
    /// none is left out that way.
    static func leftOut(_ o: ModelOutcome) -> String? {
        let text = o.spec.kind == .system ? o.spec.equations.joined(separator: " ") : o.spec.formula
        let tokens = formulaWords(text)
        let data = o.sample
        let vars = data.names.filter { tokens.contains($0) && $0 != "year" && $0 != "industry" && !data.isCategorical($0) }
        guard let ind = try? data.factor("industry"), let yr = try? data.numeric("year") else { return nil }
        var dropped: [(String, Int, [String])] = []
        let columns = vars.compactMap { v in (try? data.numeric(v)).map { (v, $0) } }
        for r in 0..<data.rowCount {
            let bad = columns.filter { !$0.1[r].isFinite }.map(\.0)
            if !bad.isEmpty { dropped.append((ind.levels[Int(ind.codes[r])], Int(yr[r]), bad)) }
        }
        guard !dropped.isEmpty else { return nil }
        // Group: whole years, whole industries, the rest.
        var perYear: [Int: [String]] = [:], perIndustry: [String: [Int]] = [:], why: [String: Set<String>] = [:]
        for (i, y, b) in dropped {
            perYear[y, default: []].append(i)
            perIndustry[i, default: []].append(y)
            for v in b { why["\(i) \(y)", default: []].insert(v) }
        }
        let years = o.years, industries = o.industries
        let wholeYears = years.filter { (perYear[$0]?.count ?? 0) == industries.count }
        let wholeIndustries = industries.filter { (perIndustry[$0]?.count ?? 0) == years.count }
        func reasons(_ keys: [String]) -> String { Set(keys.flatMap { why[$0] ?? [] }).sorted().joined(separator: ", ") + " missing" }
        var parts: [String] = []
        if !wholeYears.isEmpty {
            parts.append("\(describeYears(wholeYears)) in every industry (\(reasons(wholeYears.flatMap { y in industries.map { "\($0) \(y)" } })))")
        }
        if !wholeIndustries.isEmpty {
            parts.append("\(wholeIndustries.joined(separator: ", ")) in every year (\(reasons(wholeIndustries.flatMap { i in years.map { "\(i) \($0)" } })))")
        }
        let rest = dropped.filter { !wholeYears.contains($0.1) && !wholeIndustries.contains($0.0) }
        if !rest.isEmpty {
            parts.append(rest.prefix(6).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + (rest.count > 6 ? ", ..." : "")
                         + " (\(reasons(rest.map { "\($0.0) \($0.1)" })))")
        }
        return "sample of \(o.spec.name) (\(o.spec.sampleDescription)): \(data.rowCount) industry-years, \(dropped.count) left out for missing accounts: "
            + parts.joined(separator: "; ")
    }
}
