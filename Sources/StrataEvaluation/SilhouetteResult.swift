/// A silhouette score with what it was computed on.
///
/// `score` is the mean of the per-point silhouette values of the scored points. Noise points
/// (label `-1`) are not scored by default; `excludedNoiseFraction` says how many of all rows
/// that was, so a high score bought by calling half the data noise is visible.
public struct SilhouetteResult: Codable, Hashable, Sendable {
    /// Mean silhouette over the scored points, in [-1, 1].
    public let score: Double
    /// Per-point values, aligned with `sampleIndices`; nil unless asked for.
    public let sampleValues: [Double]?
    /// Input rows the values belong to (ascending); nil unless `sampleValues` was asked for.
    public let sampleIndices: [Int]?
    /// Share of all input rows left out because they are noise (0 when noise is a cluster).
    public let excludedNoiseFraction: Double
    /// Number of points whose silhouette entered the mean (the sample size when sampled).
    public let evaluatedCount: Int
    /// Number of clusters among the scored points.
    public let clusterCount: Int
    /// Whether the score came from a random sample rather than all points.
    public let isSampled: Bool

    public init(score: Double, sampleValues: [Double]?, sampleIndices: [Int]?, excludedNoiseFraction: Double,
                evaluatedCount: Int, clusterCount: Int, isSampled: Bool) {
        self.score = score
        self.sampleValues = sampleValues
        self.sampleIndices = sampleIndices
        self.excludedNoiseFraction = excludedNoiseFraction
        self.evaluatedCount = evaluatedCount
        self.clusterCount = clusterCount
        self.isSampled = isSampled
    }
}
