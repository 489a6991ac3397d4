import ArgumentParser

/// `strata reduce pca|umap <csv> … --out embedding.csv`.
struct ReduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce", abstract: "Reduce the feature columns to a few components.",
        subcommands: [UMAPCommand.self, PCACommand.self])
}
