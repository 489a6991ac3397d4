import ArgumentParser
import Foundation
import StrataTracking

/// `strata experiments list|show|create|delete`.
struct ExperimentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments", abstract: "List, show, create and delete experiments.",
        subcommands: [List.self, Show.self, Create.self, Delete.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List experiments.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var paging: PagingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let experiments = try await storeOptions.open().experiments(paging.listOptions())
            if output.json { return try JSONOutput.print(experiments) }
            var table = TextTable(columns: ["name", "display name", "created", "created by", "description"])
            for e in experiments {
                table.append([e.name, e.displayName ?? "", e.createdAt.listingText, e.createdBy ?? "", e.description ?? ""])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one experiment and its trials.")
        @Argument(help: "Experiment name.") var name: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Shown: Encodable { let experiment: Experiment; let trials: [Trial] }

        func run() async throws {
            let store = try storeOptions.open()
            let experiment = try await store.experiment(named: name)
            let trials = try await store.trials(experiment: name)
            if output.json { return try JSONOutput.print(Shown(experiment: experiment, trials: trials)) }
            print("experiment   \(experiment.name)")
            if let d = experiment.displayName { print("display name \(d)") }
            if let d = experiment.description { print("description  \(d)") }
            print("created      \(experiment.createdAt.listingText)\(experiment.createdBy.map { " by \($0)" } ?? "")")
            for (k, v) in experiment.tags.sorted(by: { $0.key < $1.key }) { print("tag          \(k) = \(v)") }
            print("\n\(trials.count) trial(s)")
            var table = TextTable(columns: ["trial", "created"])
            for t in trials { table.append([t.name, t.createdAt.listingText]) }
            if !trials.isEmpty { print(table.render()) }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an experiment (or load it if it exists).")
        @Argument(help: "Experiment name.") var name: String
        @Option(help: "Display name.") var displayName: String?
        @Option(help: "Description.") var description: String?
        @Option(name: .customLong("tag"), help: "A tag as key=value (repeatable).") var tags: [String] = []
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws { _ = try parseTags(tags) }

        func run() async throws {
            let experiment = try await storeOptions.open().loadOrCreateExperiment(
                name, displayName: displayName, description: description, tags: try parseTags(tags))
            if output.json { return try JSONOutput.print(experiment) }
            print("experiment \(experiment.name) ready")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an experiment; with trials only when --cascade is given.")
        @Argument(help: "Experiment name.") var name: String
        @Flag(help: "Also delete the experiment's trials.") var cascade = false
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.open().deleteExperiment(name, cascade: cascade)
            print("deleted experiment \(name)")
        }
    }
}

/// Parses repeated `key=value` options into a tag dictionary.
func parseTags(_ pairs: [String]) throws -> [String: String] {
    var tags: [String: String] = [:]
    for pair in pairs {
        guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
            throw ValidationError("--tag '\(pair)' must be written key=value")
        }
        tags[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
    }
    return tags
}
