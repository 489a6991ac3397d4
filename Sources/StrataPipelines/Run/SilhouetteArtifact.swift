import Foundation
import StrataCore
import StrataEvaluation

/// `silhouette.json`: per-row silhouette values of a clustering, grouped per cluster — the data
/// of scikit-learn's silhouette plot — on the rows the `silhouette_shared_space` score used.
///
/// ```json
/// {"space": "shared", "seed": 0, "rowCount": 1000000, "sampleSize": 9512, "isSampled": true,
///  "average": 0.41, "clusters": [{"label": 0, "values": [0.83, 0.80, …]}, …]}
/// ```
/// Measured in the shared scaled feature space: the run's fixed seeded sample of at most
/// ``maximumSample`` rows drawn from every row, noise rows among them left out, each sampled
/// row's value against the other sampled rows (as scikit-learn's `silhouette_samples` on that
/// subset). `sampleSize` is the number of values; `average` is their mean and always equals the
/// recorded `silhouette_shared_space` — below ``maximumSample`` rows every row is scored and it is
/// the exact silhouette. Values are sorted descending within each cluster. The run computes it
/// with the score, from the sample's cached pairwise distances (O(s²) for s sampled rows).
public struct SilhouetteArtifact: JSONArtifact, Hashable {
    public static let maximumSample = PipelineScoring.silhouetteSampleSize
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
    /// two clusters among the scored rows).
    public init?(shared: Matrix, labels: [Int], seed: UInt64 = 0, maximumSample: Int = SilhouetteArtifact.maximumSample) {
        guard let sample = FixedSampleSilhouette(shared, sampleSize: maximumSample, seed: seed).values(labels) else { return nil }
        self.init(rows: sample.rows, values: sample.values, labels: labels,
                  average: sample.values.reduce(0, +) / Double(sample.values.count), seed: seed, isSampled: labels.count > maximumSample)
    }

    /// The artifact of values already computed for rows `rows` of `labels`.
    init(rows: [Int], values: [Double], labels: [Int], average: Double, seed: UInt64, isSampled: Bool) {
        var byLabel: [Int: [Double]] = [:]
        for (row, value) in zip(rows, values) { byLabel[labels[row], default: []].append(value) }
        space = "shared"
        self.seed = seed
        rowCount = labels.count
        sampleSize = values.count
        self.isSampled = isSampled
        self.average = average
        clusters = byLabel.keys.sorted().map { Cluster(label: $0, values: byLabel[$0]!.sorted(by: >)) }
    }
}

extension SilhouetteArtifact {
    /// The Codable form with sorted keys, written directly: one artifact of up to 10,000
    /// values per attempt of a sweep, where `JSONEncoder`'s container per value showed in the
    /// profile. `JSONDecoder` reads it back as this value.
    public func json() throws -> Data {
        var out = [UInt8]()
        out.reserveCapacity(64 + sampleSize * 20)
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        func number(_ v: Double) throws {
            guard v.isFinite else { throw EncodingError.invalidValue(v, .init(codingPath: [], debugDescription: "silhouette value \(v) is not finite")) }
            text(v.description)
        }
        text("{\"average\":"); try number(average)
        text(",\"clusters\":[")
        for (index, cluster) in clusters.enumerated() {
            if index > 0 { out.append(0x2C) }
            text("{\"label\":\(cluster.label),\"values\":[")
            for (i, value) in cluster.values.enumerated() {
                if i > 0 { out.append(0x2C) }
                try number(value)
            }
            text("]}")
        }
        text("],\"isSampled\":\(isSampled),\"rowCount\":\(rowCount),\"sampleSize\":\(sampleSize),\"seed\":\(seed),\"space\":")
        // `space` is one of a few fixed words; encode it as JSON would, quotes and escapes included.
        out.append(contentsOf: try JSONEncoder().encode(space))
        out.append(0x7D)
        return Data(out)
    }
}
