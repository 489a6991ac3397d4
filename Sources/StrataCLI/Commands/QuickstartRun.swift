import Foundation
import Strata
import StrataTracking

/// The recorded steps of one quickstart run. Shared steps (preprocessing, the UMAP embedding) are
/// one component each, associated with every trial that builds on them (components are M:N).
final class QuickstartRun {
    let store: any TrackingStore
    let experiment: String
    let seed: UInt64
    let silhouetteSample: Int
    let runID: String
    private(set) var trialNames: [String] = []
    private var preprocessingComponent = ""
    private var umapComponent = ""

    /// Ctrl-C or SIGTERM marks the running step Stopped (what it logged is kept) and exits.
    static let trackerOptions = Tracker.Options(stopsOnTerminationSignal: true)

    init(store: any TrackingStore, experiment: String, seed: UInt64, silhouetteSample: Int, runID: String) {
        self.store = store; self.experiment = experiment; self.seed = seed
        self.silhouetteSample = silhouetteSample; self.runID = runID
    }

    func preprocess(_ table: FeatureTable, input: URL) async throws -> FeatureTable {
        preprocessingComponent = "\(runID)-preprocessing"
        return try await Tracker.with(store: store, component: preprocessingComponent, options: Self.trackerOptions) { tracker in
            let (prepared, seconds) = try timed { try FeaturePreparation(log1p: "skewed", scaling: "standard").apply(to: table) }
            try await tracker.logParameters(["log1p": "skewed", "scaling": "standard",
                                             "log1p_columns": .number(Double(prepared.loggedColumns.count))])
            try await tracker.logInput("customers", value: input.path, mediaType: "text/csv")
            try await tracker.logMetric("rows", Double(table.matrix.rows))
            try await tracker.logMetric("columns", Double(table.matrix.columns))
            try await tracker.logMetric("preprocess_seconds", seconds)
            return prepared.table
        }
    }

    func umap(_ data: Matrix) async throws -> Matrix {
        umapComponent = "\(runID)-umap"
        return try await Tracker.with(store: store, component: umapComponent, options: Self.trackerOptions) { tracker in
            let config = UMAP(neighborCount: 15, componentCount: 3, minimumDistance: 0.0, seed: seed)
            try await tracker.logParameters(["reduction": "umap", "n_neighbors": 15, "n_components": 3, "min_dist": 0.0,
                                             "seed": .number(Double(seed))])
            let (model, seconds) = try timed { try config.fit(data) }
            try await tracker.logMetric("fit_seconds", seconds)
            let t = try trustworthiness(original: data, embedding: model.embedding, neighborCount: 15, sampleSize: 2_000, seed: seed)
            try await tracker.logMetric("trustworthiness", t)
            note("   UMAP \(data.rows) × \(data.columns) → 3 in \(NumberFormat.seconds(seconds)), trustworthiness \(String(format: "%.3f", t))")
            return model.embedding
        }
    }

    func kmeans(_ data: Matrix, clusterCount k: Int, truth: [Int]) async throws {
        let trial = try await startTrial("kmeans-k\(k)", sharing: [preprocessingComponent])
        let labels = try await Tracker.with(store: store, component: "\(trial)-clustering", trials: [trial], options: Self.trackerOptions) { tracker in
            let config = KMeans(clusterCount: k, seed: seed)
            try await tracker.logParameters(["algorithm": "kmeans", "n_clusters": .number(Double(k)), "space": "scaled features",
                                             "seed": .number(Double(seed))])
            let (model, seconds) = try timed { try config.fit(data) }
            try await ClusteringReport(algorithm: "kmeans", labels: model.labels, seconds: seconds).log(to: tracker, input: "scaled", out: nil)
            try await tracker.logMetric("inertia", model.inertia)
            return model.labels
        }
        try await evaluate(trial: trial, data: data, labels: labels, truth: truth)
    }

    func dbscan(_ embedding: Matrix, truth: [Int]) async throws {
        let trial = try await startTrial("umap-dbscan", sharing: [preprocessingComponent, umapComponent])
        let minSamples = KDistance.suggestedMinSamples(rows: embedding.rows, columns: embedding.columns)
        let eps = try await Tracker.with(store: store, component: "\(trial)-k-distance", trials: [trial], options: Self.trackerOptions) { tracker in
            let (result, seconds) = try timed { try KDistance(k: minSamples).knee(embedding) }
            try await tracker.logParameters(["k": .number(Double(minSamples))])
            try await tracker.logMetric("k_distance_seconds", seconds)
            // The curve itself, thinned to at most 1,000 points, as a metric series for plotting.
            let stride = max(1, result.curve.count / 1_000)
            for i in Swift.stride(from: 0, to: result.curve.count, by: stride) {
                try await tracker.logMetric("k_distance", Double(result.curve[i]), step: i)
            }
            guard let value = result.value, value > 0 else { throw UserError("the k-distance curve of the embedding has no knee") }
            try await tracker.logMetric("knee_eps", Double(value))
            return value
        }
        note("   k-distance knee (k = \(minSamples)): eps = \(eps)")
        let labels = try await Tracker.with(store: store, component: "\(trial)-clustering", trials: [trial], options: Self.trackerOptions) { tracker in
            try await tracker.logParameters(["algorithm": "dbscan", "eps": .number(Double(eps)), "min_samples": .number(Double(minSamples)),
                                             "eps_source": "k-distance knee", "space": "umap-3d"])
            let (model, seconds) = try timed { try DBSCAN(epsilon: eps, minSamples: minSamples).fit(embedding) }
            try await ClusteringReport(algorithm: "dbscan", labels: model.labels, seconds: seconds).log(to: tracker, input: "umap-3d", out: nil)
            return model.labels
        }
        try await evaluate(trial: trial, data: embedding, labels: labels, truth: truth)
    }

    func hdbscan(_ embedding: Matrix, truth: [Int]) async throws {
        let trial = try await startTrial("umap-hdbscan", sharing: [preprocessingComponent, umapComponent])
        // About 2 % of the customers: smaller settings split the embedding into the many micro-segments
        // that sparse purchase patterns form (umap-learn's embedding of the same data does the same).
        let minimumClusterSize = max(50, embedding.rows / 50)
        let labels = try await Tracker.with(store: store, component: "\(trial)-clustering", trials: [trial], options: Self.trackerOptions) { tracker in
            let config = HDBSCAN(minimumClusterSize: minimumClusterSize, minSamples: 10)
            try await tracker.logParameters(["algorithm": "hdbscan", "min_cluster_size": .number(Double(minimumClusterSize)),
                                             "min_samples": 10, "space": "umap-3d"])
            let (model, seconds) = try timed { try config.fit(embedding) }
            try await ClusteringReport(algorithm: "hdbscan", labels: model.labels, seconds: seconds).log(to: tracker, input: "umap-3d", out: nil)
            return model.labels
        }
        try await evaluate(trial: trial, data: embedding, labels: labels, truth: truth)
    }

    /// Silhouette (sampled), Davies-Bouldin and Calinski-Harabasz in the clustering's own space,
    /// plus agreement with the generator's hidden segments (ARI, NMI).
    private func evaluate(trial: String, data: Matrix, labels: [Int], truth: [Int]) async throws {
        try await Tracker.with(store: store, component: "\(trial)-evaluation", trials: [trial], options: Self.trackerOptions) { tracker in
            try await tracker.logParameters(["silhouette_sample": .number(Double(silhouetteSample)), "noise": "excluded"])
            let clusters = Set(labels.filter { $0 >= 0 }).count
            var line = "   \(trial): \(clusters) clusters"
            if clusters >= 2 {
                let s = try Silhouette(sampleSize: min(silhouetteSample, data.rows), seed: seed).evaluate(data, labels: labels)
                try await tracker.logMetric("silhouette", s.score)
                try await tracker.logMetric("silhouette_excluded_noise_fraction", s.excludedNoiseFraction)
                try await tracker.logMetric("davies_bouldin", try daviesBouldinScore(data, labels: labels).value)
                try await tracker.logMetric("calinski_harabasz", try calinskiHarabaszScore(data, labels: labels).value)
                line += String(format: ", silhouette %.3f", s.score)
            }
            let ari = try adjustedRandIndex(truth, labels)
            try await tracker.logMetric("ari_vs_segments", ari)
            try await tracker.logMetric("nmi_vs_segments", try normalizedMutualInformation(truth, labels))
            note(line + String(format: ", ARI vs hidden segments %.3f", ari))
        }
    }

    private func startTrial(_ kind: String, sharing components: [String]) async throws -> String {
        let name = "\(kind)-\(runID)"
        _ = try await store.loadOrCreateTrial(name, experiment: experiment, metadata: ["source": "strata quickstart", "run": runID])
        for component in components where !component.isEmpty { try await store.associate(component: component, trial: name) }
        trialNames.append(name)
        return name
    }
}
