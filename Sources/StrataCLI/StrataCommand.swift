import ArgumentParser

@main
struct StrataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Find customer segments and keep every attempt on record.",
        subcommands: []
    )
}
