import ArgumentParser
import Foundation
import Strata
import StrataSQLite
import StrataTracking

/// `strata quickstart`: sample customers, a handful of segmentation attempts, each a recorded
/// trial, and a leaderboard — the whole workflow in under a minute.
///
/// Attempts: KMeans for k = 2…8 on the scaled features; and the seed's workflow — UMAP to 3-D,
/// the k-distance knee as eps, DBSCAN — next to HDBSCAN on the same embedding. Every attempt is a
/// trial whose components are the shared preprocessing (and embedding) steps, its clustering and
/// its evaluation.
struct QuickstartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quickstart", abstract: "Generate sample customers, run recorded segmentation attempts, print the leaderboard.")
    @Option(help: "Customers to generate.") var rows: Int = 50_000
    @Option(help: "Seed for data and algorithms.") var seed: UInt64 = 42
    @Option(help: "Experiment to record into.") var experiment: String = "quickstart"
    @Option(help: "Folder for the generated files.") var dir: String = ".strata/quickstart"
    @Option(help: "Rows sampled for the silhouette score.") var silhouetteSample: Int = 10_000
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        guard rows >= 1_000 else { throw UserError("--rows must be at least 1,000 for a meaningful quickstart, got \(rows)") }
        let started = Date()
        let store = try storeOptions.open()
        let folder = URL(fileURLWithPath: dir, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let run = QuickstartRun(store: store, experiment: experiment, seed: seed, silhouetteSample: silhouetteSample,
                                runID: RecordingOptions.freshTrialName(step: "qs"))
        _ = try await store.loadOrCreateExperiment(experiment, displayName: "Quickstart customer segments",
                                                   description: "Sample customers from `strata quickstart`: KMeans and UMAP → DBSCAN/HDBSCAN attempts.")

        note("1/5 generating \(rows) sample customers (seed \(seed))")
        let customersURL = folder.appendingPathComponent("customers.csv")
        let segmentsURL = folder.appendingPathComponent("segments.csv")
        // Generate once in memory and write that table, rather than generating twice.
        let sample = try CustomerGenerator(rows: rows, seed: seed).makeTable()
        try CSVWriter().write(sample.table, to: customersURL)
        try CSVWriter().writeLabels(sample.segments, ids: sample.table.ids, to: segmentsURL, labelColumn: "segment")

        note("2/5 preprocessing: log1p on skewed columns, standard scaling")
        let scaled = try await run.preprocess(sample.table, input: customersURL)
        try CSVWriter().write(scaled, to: folder.appendingPathComponent("scaled.csv"))

        note("3/5 KMeans, k = 2…8")
        for k in 2...8 { try await run.kmeans(scaled.matrix, clusterCount: k, truth: sample.segments) }

        note("4/5 UMAP to 3-D (the seed's workflow)")
        let embedding = try await run.umap(scaled.matrix)
        let embeddingURL = folder.appendingPathComponent("embedding.csv")
        try CSVWriter().write(embedding, columnNames: ["umap1", "umap2", "umap3"], ids: scaled.ids, to: embeddingURL)

        note("5/5 k-distance knee → DBSCAN, and HDBSCAN, on the embedding")
        try await run.dbscan(embedding, truth: sample.segments)
        try await run.hdbscan(embedding, truth: sample.segments)

        let seconds = Date().timeIntervalSince(started)
        print("")
        try await QuickstartLeaderboard(store: store, experiment: experiment, runID: run.runID).print()
        print("""

        \(run.trialNames.count) attempts recorded in experiment '\(experiment)' (\(storeOptions.url)) in \(NumberFormat.seconds(seconds)).
        Files: \(customersURL.path), \(segmentsURL.path) (hidden segments), \(embeddingURL.path)

        Next:
          strata trials show \(run.trialNames.last ?? "<trial>")
          strata trials compare \(run.trialNames.prefix(2).joined(separator: " "))
          strata search "metrics.silhouette > 0.3 order by metrics.silhouette desc limit 5"
          strata export --experiment \(experiment) --trials --format csv --out leaderboard.csv
          strata neighbors k-distance \(embeddingURL.path) --k 10 --curve-out k-distance.csv
          strata cluster dbscan \(embeddingURL.path) --eps auto --min-samples 10 --out labels.csv --experiment \(experiment)
          strata score silhouette \(embeddingURL.path) --labels labels.csv
        """)
    }
}
