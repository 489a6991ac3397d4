import Foundation
import StrataCore
import StrataEvaluation

/// `silhouette.json`: per-row silhouette values of a clustering, grouped per cluster — the data
/// of scikit-learn's silhouette plot — on a seeded sample of at most ``maximumSample`` rows.
///
/// ```json
/// {"space": "shared", "seed": 0, "rowCount": 1000000, "sampleSize": 5000, "isSampled": true,
///  "average": 0.41, "clusters": [{"label": 0, "values": [0.83, 0.80, …]}, …]}
/// ```
/// Measured in the shared scaled feature space, as the `silhouette_shared_space` score, with
/// ``Silhouette`` (noise rows excluded; the sample is drawn from the non-noise rows, and each
/// sampled row's value is against the other sampled rows, as scikit-learn's `sample_size`).
/// `average` is the mean over the sample — below 5,000 non-noise rows every row is scored and it
/// equals `silhouette_shared_space`. Values are sorted descending within each cluster.
/// Complexity O(s² d) for a sample of s rows in d columns (s ≤ 5,000).
public struct SilhouetteArtifact: JSONArtifact, Hashable {
    public static let maximumSample = 5_000
    public static let fileName = "silhouette.json"

    public struct Cluster: Codable, Hashable, Sendable {
        public var label: Int
        public var values: [Double]
    }

    /// Which space the distances were measured in: `shared` (the scaled features every attempt shares).
    public var space: String
    public var seed: UInt64
    /// Rows clustered, noise included.
    public var rowCount: Int
    /// Rows scored.
    public var sampleSize: Int
    public var isSampled: Bool
    /// Mean silhouette over the scored rows.
    public var average: Double
    public var clusters: [Cluster]

    /// The artifact for `labels` on `shared`, or nil when the silhouette is undefined (fewer than
    /// two clusters among the non-noise rows).
    public init?(shared: Matrix, labels: [Int], seed: UInt64 = 0, maximumSample: Int = SilhouetteArtifact.maximumSample) {
        guard let result = try? Silhouette(sampleSize: maximumSample, seed: seed, keepsSampleValues: true).evaluate(shared, labels: labels),
              let values = result.sampleValues, let rows = result.sampleIndices else { return nil }
        var byLabel: [Int: [Double]] = [:]
        for (row, value) in zip(rows, values) { byLabel[labels[row], default: []].append(value) }
        space = "shared"
        self.seed = seed
        rowCount = labels.count
        sampleSize = values.count
        isSampled = result.isSampled
        average = result.score
        clusters = byLabel.keys.sorted().map { Cluster(label: $0, values: byLabel[$0]!.sorted(by: >)) }
    }
}
