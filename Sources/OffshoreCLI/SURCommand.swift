import ArgumentParser

/// Placeholder until the command is implemented.
struct SUR: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sur", abstract: "Not yet implemented.")
    func run() throws { throw ValidationError("'sur' is not implemented yet") }
}
