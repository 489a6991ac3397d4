/// A clustering index (Davies-Bouldin, Calinski-Harabasz) with what it was computed on.
public struct ClusterScore: Codable, Hashable, Sendable {
    /// The index value.
    public let value: Double
    /// Share of all input rows left out because they are noise (0 when noise is a cluster).
    public let excludedNoiseFraction: Double
    /// Rows that entered the index.
    public let evaluatedCount: Int
    /// Clusters among those rows.
    public let clusterCount: Int

    public init(value: Double, excludedNoiseFraction: Double, evaluatedCount: Int, clusterCount: Int) {
        self.value = value
        self.excludedNoiseFraction = excludedNoiseFraction
        self.evaluatedCount = evaluatedCount
        self.clusterCount = clusterCount
    }
}
