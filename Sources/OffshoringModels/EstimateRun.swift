import DataIO

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
}
