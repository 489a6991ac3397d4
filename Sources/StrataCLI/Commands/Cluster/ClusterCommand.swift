import ArgumentParser

/// `strata cluster dbscan|hdbscan|kmeans|minibatch-kmeans|gmm <csv> … --out labels.csv`.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Cluster the rows of a CSV file; writes id,label.",
        subcommands: [DBSCANCommand.self, HDBSCANCommand.self, KMeansCommand.self, MiniBatchKMeansCommand.self, GMMCommand.self])
}

/// Options shared by every clustering verb.
struct ClusterIO: ParsableArguments {
    @OptionGroup var input: InputOptions
    @Option(help: "Where to write id,label (noise = -1).") var out: String?
    @OptionGroup var recording: RecordingOptions
}
