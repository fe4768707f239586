import ArgumentParser

/// Placeholder until the command is implemented.
struct Regress: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "regress", abstract: "Not yet implemented.")
    func run() throws { throw ValidationError("'regress' is not implemented yet") }
}
