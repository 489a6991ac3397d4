/// The outcome of ``DBCV``: the index and what it is made of.
public struct DBCVResult: Codable, Hashable, Sendable {
    /// The validity index, −1…1, higher is better.
    public let score: Double
    /// The cluster labels, ascending (noise excluded).
    public let clusterLabels: [Int]
    /// Rows per cluster in the full data, aligned with ``clusterLabels``.
    public let clusterSizes: [Int]
    /// Each cluster's validity, aligned with ``clusterLabels`` (hdbscan's `per_cluster_scores`).
    public let clusterValidities: [Double]
    /// Share of all rows labelled noise; they count in the weights, never in a cluster.
    public let noiseFraction: Double
    /// Rows the index was computed on (all clustered rows unless sampled).
    public let evaluatedCount: Int
    /// Whether a stratified subsample was scored.
    public let isSampled: Bool

    public init(score: Double, clusterLabels: [Int], clusterSizes: [Int], clusterValidities: [Double],
                noiseFraction: Double, evaluatedCount: Int, isSampled: Bool) {
        self.score = score
        self.clusterLabels = clusterLabels
        self.clusterSizes = clusterSizes
        self.clusterValidities = clusterValidities
        self.noiseFraction = noiseFraction
        self.evaluatedCount = evaluatedCount
        self.isSampled = isSampled
    }
}
