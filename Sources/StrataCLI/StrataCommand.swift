import ArgumentParser

/// `strata`: the root command. Every verb is a thin layer over the library modules.
struct StrataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Find customer segments and keep every attempt on record.",
        version: StrataVersion.version,
        subcommands: [
            QuickstartCommand.self, GenerateCommand.self, PreprocessCommand.self, ClusterCommand.self, ScoreCommand.self, NeighborsCommand.self, ReduceCommand.self, TransformCommand.self, SearchCommand.self, ExportCommand.self, ProfileCommand.self,
            ExperimentsCommand.self, TrialsCommand.self, ComponentsCommand.self,
            RunCommand.self, SweepCommand.self, SweepWorkerCommand.self, PredictCommand.self, CacheCommand.self,
            ServeCommand.self, UsersCommand.self,
            JobCommand.self,
            ReportCommand.self,
        ]
    )
}
