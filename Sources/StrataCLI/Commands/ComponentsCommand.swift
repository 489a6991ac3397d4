import ArgumentParser
import StrataTracking

/// `strata components list|show`.
struct ComponentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components", abstract: "List and show trial components.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List components, of one trial or of all.")
        @Option(help: "Only components of this trial.") var trial: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var paging: PagingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let components = try await storeOptions.open().components(trial: trial, paging.listOptions())
            if output.json { return try JSONOutput.print(components) }
            var table = TextTable(columns: ["component", "status", "trials", "created"])
            for c in components {
                table.append([c.name, c.status.primary.rawValue, c.trials.joined(separator: ","), c.createdAt.listingText])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one component.")
        @Argument(help: "Component name.") var name: String
        @Option(help: "Also print this metric's whole series.") var series: String?
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let store = try storeOptions.open()
            let component = try await store.component(named: name)
            var points: [MetricPoint]?
            if let series { points = try await store.metricSeries(component: name, metric: series) }
            if output.json {
                struct Shown: Encodable { let component: TrialComponent; let series: [MetricPoint]? }
                return try JSONOutput.print(Shown(component: component, series: points))
            }
            printComponent(component)
            if let points, let series {
                var table = TextTable(columns: ["step", "timestamp", series])
                for p in points { table.append([p.step.map(String.init) ?? "", String(p.timestamp), String(p.value)]) }
                print(table.render())
            }
        }
    }
}
