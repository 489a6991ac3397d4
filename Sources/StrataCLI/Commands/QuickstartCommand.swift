import ArgumentParser
import Foundation
import Strata
import StrataPipelines
import StrataTracking

/// `strata quickstart`: sample customers, a pipeline file, a small recorded sweep over it, the
/// leaderboard, the winner and its segments — the whole workflow in about a minute.
struct QuickstartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart",
        abstract: "Generate sample customers and a pipeline file, run a small recorded sweep, print the leaderboard and the winner.")
    @Option(help: "Customers to generate.") var rows: Int = 50_000
    @Option(help: "Seed for data, sampler and algorithms.") var seed: UInt64 = 42
    @Option(help: "Experiment to record into.") var experiment: String = "quickstart"
    @Option(help: "Folder for the generated files.") var dir: String = ".strata/quickstart"
    @Option(help: "Attempts in the sweep.") var trials: Int = 24
    @Option(help: "Worker processes.") var workers: Int = 2
    @OptionGroup var storeOptions: StoreOptions

    static let pipeline = """
    # Written by `strata quickstart`; the file format is in Guides/Pipelines.md.
    name: quickstart
    data:
      path: customers.csv
    steps:
      - select: {variance_threshold: 0.0, correlation_threshold: 0.9}
      - scale: {method: standard, log1p: skewed}
      - reduce: {method: umap, n_components: 3, n_neighbors: 15, min_dist: 0.0, seed: 42}
      - cluster: {method: kmeans, n_clusters: 8, seed: 42}
    score: [silhouette, davies_bouldin, calinski_harabasz, dbcv]
    constraints: {cluster_count: [3, 30], noise_fraction: [0.0, 0.3]}
    search_space:
      steps.cluster.method: {choice: [kmeans, hdbscan, dbscan]}
      # k-means also on the scaled features; the density methods on the 3-D embedding.
      steps.reduce.method: {choice: [umap, none], when: {steps.cluster.method: kmeans}}
      steps.cluster.n_clusters: {int: [3, 12], when: {steps.cluster.method: kmeans}}
      steps.cluster.min_cluster_size: {int: [50, 2000], log: true, when: {steps.cluster.method: hdbscan}}
      steps.cluster.min_samples: {int: [5, 50], log: true, when: {steps.cluster.method: [hdbscan, dbscan]}}

    """

    func validate() throws {
        guard rows >= 1_000 else { throw ValidationError("--rows must be at least 1,000 for a meaningful quickstart, got \(rows)") }
        guard trials >= 1, (1...64).contains(workers) else { throw ValidationError("--trials must be ≥ 1 and --workers between 1 and 64") }
    }

    func run() async throws {
        let started = Date()
        let store = try storeOptions.open()
        let folder = URL(fileURLWithPath: dir, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try await store.loadOrCreateExperiment(experiment, displayName: "Quickstart customer segments",
                                                   description: "Sample customers from `strata quickstart`: a sweep over KMeans, DBSCAN and HDBSCAN on UMAP and on the scaled features.")

        note("1/3 generating \(rows) sample customers (seed \(seed))")
        let customersURL = folder.appendingPathComponent("customers.csv")
        let segmentsURL = folder.appendingPathComponent("segments.csv")
        let sample = try CustomerGenerator(rows: rows, seed: seed).makeTable()
        try CSVWriter().write(sample.table, to: customersURL)
        try CSVWriter().writeLabels(sample.segments, ids: sample.table.ids, to: segmentsURL, labelColumn: "segment")
        let pipelineURL = folder.appendingPathComponent("pipeline.yaml")
        try Data(Self.pipeline.utf8).write(to: pipelineURL)

        note("2/3 sweeping \(pipelineURL.path): \(trials) attempts, TPE, \(workers) workers")
        let spec = try PipelineSpec(contentsOf: pipelineURL)
        let sweepName = "quickstart-\(RecordingOptions.freshTrialName(step: "sweep").split(separator: "-").dropFirst().joined(separator: "-"))"
        let summary = try await SweepCommand.sweep(spec: spec, pipelinePath: pipelineURL.path, store: store, storeURL: storeOptions.url,
                                                   experiment: experiment, sweepName: sweepName, sampler: .tpe, seed: seed,
                                                   trials: trials, workers: workers, overrides: [])

        note("3/3 leaderboard and winner")
        let modelURL = folder.appendingPathComponent("segments.strata-model")
        try await SweepReport(summary: summary, spec: spec, store: store, storeURL: storeOptions.url).finish(modelOut: modelURL.path, json: false)
        if let winner = summary.winner, let labels = try await SweepCoordinator.labels(of: winner.trial, in: store) {
            let agreement = try adjustedRandIndex(sample.segments, labels)
            print("the winner's agreement with the hidden segments (ARI): \(String(format: "%.3f", agreement))")
            print("\nThe winner's segments (original units; `strata profile` for every feature):")
            printProfileSummary(try SegmentProfile(data: sample.table.matrix, columnNames: sample.table.columnNames, labels: labels))
        }
        if summary.stopped { throw ExitCode(130) }
        print("""

        \(summary.records.count) attempts recorded in experiment '\(experiment)' (\(storeOptions.url)) in \(NumberFormat.seconds(Date().timeIntervalSince(started))).
        Files in \(folder.path): customers.csv, segments.csv (the hidden segments), pipeline.yaml, segments.strata-model

        Next:
          strata run \(pipelineURL.path) --set steps.cluster.n_clusters=6 --labels-out labels.csv
          strata sweep \(pipelineURL.path) --sampler tpe --trials 60 --workers 2 --name longer
          strata predict \(modelURL.path) \(customersURL.path) --out predicted.csv
          strata search 'tags.sweep = "\(sweepName)"' --trials
          strata trials show \(summary.winner?.trial ?? "<trial>")
        """)
    }
}
