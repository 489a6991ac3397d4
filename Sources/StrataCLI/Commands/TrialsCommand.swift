import ArgumentParser
import Foundation
import StrataTracking

/// `strata trials list|show|compare`.
struct TrialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trials", abstract: "List, show and compare trials.",
        subcommands: [List.self, Show.self, Compare.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List trials, of one experiment or of all.")
        @Option(help: "Only trials of this experiment.") var experiment: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var paging: PagingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let trials = try await storeOptions.open().trials(experiment: experiment, paging.listOptions())
            if output.json { return try JSONOutput.print(trials) }
            var table = TextTable(columns: ["trial", "experiment", "created", "display name"])
            for t in trials { table.append([t.name, t.experimentName, t.createdAt.listingText, t.displayName ?? ""]) }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a trial with its components.")
        @Argument(help: "Trial name.") var name: String
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Shown: Encodable { let trial: Trial; let components: [TrialComponent] }

        func run() async throws {
            let store = try storeOptions.open()
            let trial = try await store.trial(named: name)
            let components = try await store.components(trial: name)
            if output.json { return try JSONOutput.print(Shown(trial: trial, components: components)) }
            print("trial      \(trial.name)  (experiment \(trial.experimentName))")
            for (k, v) in trial.metadata.sorted(by: { $0.key < $1.key }) { print("metadata   \(k) = \(v)") }
            for (k, v) in trial.tags.sorted(by: { $0.key < $1.key }) { print("tag        \(k) = \(v)") }
            for component in components {
                print("")
                printComponent(component)
            }
        }
    }

    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare trials side by side: every parameter and metric (last value) of their components.")
        @Argument(help: "Two or more trial names.") var names: [String]
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        struct Row: Encodable { let key: String; let values: [String: String] }

        func run() async throws {
            guard names.count >= 2 else { throw UserError("compare needs at least two trial names") }
            let store = try storeOptions.open()
            // key ("component-step.params.x") → trial → value; a component's step is the part of its
            // name after the trial's name, so "km-k4-clustering" and "km-k5-clustering" line up.
            var cells: [String: [String: String]] = [:]
            for name in names {
                _ = try await store.trial(named: name)
                for c in try await store.components(trial: name) {
                    let step = c.name.hasPrefix(name + "-") ? String(c.name.dropFirst(name.count + 1)) : c.name
                    for (p, v) in c.parameters { cells["\(step).params.\(p)", default: [:]][name] = v.description }
                    for (m, s) in c.metrics { cells["\(step).metrics.\(m)", default: [:]][name] = NumberFormat.short(s.last) }
                    cells["\(step).status", default: [:]][name] = c.status.primary.rawValue
                }
            }
            let keys = cells.keys.sorted()
            if output.json { return try JSONOutput.print(keys.map { Row(key: $0, values: cells[$0]!) }) }
            var table = TextTable(columns: ["field"] + names)
            for key in keys { table.append([key] + names.map { cells[key]?[$0] ?? "" }) }
            print(table.render())
        }
    }
}

/// Prints one component: status, times, parameters, artifacts and metric summaries.
func printComponent(_ c: TrialComponent) {
    print("component  \(c.name)  [\(c.status)]")
    if let s = c.startTime { print("  started  \(s.listingText)") }
    if let e = c.endTime, let s = c.startTime { print("  ended    \(e.listingText)  (\(NumberFormat.seconds(e.timeIntervalSince(s))))") }
    if !c.trials.isEmpty { print("  trials   \(c.trials.joined(separator: ", "))") }
    for (k, v) in c.parameters.sorted(by: { $0.key < $1.key }) { print("  param    \(k) = \(v)") }
    for (k, a) in c.inputs.sorted(by: { $0.key < $1.key }) { print("  input    \(k) = \(a.value)\(a.mediaType.map { " (\($0))" } ?? "")") }
    for (k, a) in c.outputs.sorted(by: { $0.key < $1.key }) { print("  output   \(k) = \(a.value)\(a.mediaType.map { " (\($0))" } ?? "")") }
    for (k, m) in c.metrics.sorted(by: { $0.key < $1.key }) {
        print("  metric   \(k): last \(NumberFormat.short(m.last))  min \(NumberFormat.short(m.minimum))  max \(NumberFormat.short(m.maximum))  avg \(NumberFormat.short(m.average))  std \(NumberFormat.short(m.standardDeviation))  n \(m.count)")
    }
    for (k, v) in c.tags.sorted(by: { $0.key < $1.key }) { print("  tag      \(k) = \(v)") }
}
