import ArgumentParser

/// Placeholder until the command is implemented.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "measure", abstract: "Not yet implemented.")
    func run() throws { throw ValidationError("'measure' is not implemented yet") }
}
