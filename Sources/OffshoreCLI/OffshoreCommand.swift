import ArgumentParser

/// The root `offshore` command; each job is a subcommand.
public struct OffshoreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "offshore",
        abstract: "Offshoring intensities from input-output tables, and their effects estimated on industry panels.",
        version: "0.1.0",
        subcommands: [Measure.self, Convert.self, GVC.self, Regress.self, SUR.self, Estimate.self, Sensitivity.self, Report.self, Verify.self]
    )
    public init() {}
}
