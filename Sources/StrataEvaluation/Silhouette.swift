import StrataCore

/// The silhouette coefficient (Rousseeuw, 1987) with scikit-learn 1.7's semantics.
///
/// For a point with mean distance `a` to the other members of its cluster and smallest mean
/// distance `b` to the members of another cluster, `s = (b − a) / max(a, b)`; points in
/// singleton clusters score 0. Euclidean distance. The score is the mean of `s`.
///
/// ```swift
/// let result = try Silhouette().evaluate(embedding, labels: model.labels)
/// print(result.score, result.excludedNoiseFraction)
/// let quick = try Silhouette(sampleSize: 50_000, seed: 1).evaluate(embedding, labels: model.labels)
/// ```
///
/// Exact: O(n² d) time, O(n d) memory (never an n × n matrix; see the guide), every core,
/// AVX-512/AVX2 through `SIMD16<Float>`. Sampled: the exact computation on `sampleSize`
/// points drawn without replacement, O(s² d).
///
/// Differences from `sklearn.metrics.silhouette_score`: noise (`-1`) is left out by default
/// (``NoiseHandling``); sampling draws from the non-noise rows with Strata's seeded generator,
/// so a sampled score equals sklearn's exact score on the same subset, not sklearn's sampled
/// score for the same seed.
public struct Silhouette: Codable, Hashable, Sendable {
    /// Points to score, drawn without replacement; nil scores every point (sklearn `sample_size`).
    public var sampleSize: Int?
    /// Seed for the sample (sklearn `random_state`).
    public var seed: UInt64
    /// What to do with label `-1`.
    public var noise: NoiseHandling
    /// Whether the result carries every scored point's value.
    public var keepsSampleValues: Bool

    public init(sampleSize: Int? = nil, seed: UInt64 = 0, noise: NoiseHandling = .exclude, keepsSampleValues: Bool = false) {
        self.sampleSize = sampleSize
        self.seed = seed
        self.noise = noise
        self.keepsSampleValues = keepsSampleValues
    }

    /// Scores `labels` (one per row of `data`, `-1` = noise) on `data`.
    ///
    /// Throws when labels and rows differ in number, a label is below -1, `data` holds NaN or
    /// infinity, `sampleSize` < 2, or fewer than 2 clusters (or as many clusters as points)
    /// remain to be scored.
    public func evaluate(_ data: Matrix, labels: [Int]) throws(StrataError) -> SilhouetteResult {
        if let s = sampleSize, s < 2 {
            throw .invalidArgument("silhouette: sampleSize must be at least 2, got \(s); pass nil to score every point")
        }
        try data.validateFinite()
        let all = try EncodedLabels(labels: labels, rowCount: data.rows, noise: noise, metric: "silhouette")
        var scored = all
        var sampled = false
        if let s = sampleSize, s < all.rows.count {
            var generator = SeededGenerator(seed: seed)
            // Partial Fisher–Yates: the first s positions of a seeded permutation.
            var positions = Array(0..<all.rows.count)
            for i in 0..<s {
                let j = i + generator.nextInt(below: positions.count - i)
                positions.swapAt(i, j)
            }
            scored = all.subset(Array(positions[0..<s]).sorted())
            sampled = true
        }
        try scored.requireScorableClusterCount(metric: "silhouette", noise: noise)
        let values = SilhouetteKernel.prefersQueryLanes(count: scored.rows.count, dimension: data.columns, clusters: scored.sizes.count)
            ? SilhouetteKernel.valuesWithQueryLanes(data: data, rows: scored.rows, codes: scored.codes, sizes: scored.sizes)
            : SilhouetteKernel.values(data: data, rows: scored.rows, codes: scored.codes, sizes: scored.sizes)
        // Fixed-order sum: the same on every machine and thread count.
        let score = values.reduce(0, +) / Double(values.count)
        return SilhouetteResult(score: score,
                                sampleValues: keepsSampleValues ? values : nil,
                                sampleIndices: keepsSampleValues ? scored.rows : nil,
                                excludedNoiseFraction: all.excludedNoiseFraction,
                                evaluatedCount: values.count,
                                clusterCount: scored.clusterCount,
                                isSampled: sampled)
    }
}

/// The mean silhouette of `labels` on `data` (sklearn `silhouette_score`); see ``Silhouette``.
///
/// ```swift
/// let s = try silhouetteScore(embedding, labels: labels, sampleSize: 50_000, seed: 1).score
/// ```
public func silhouetteScore(_ data: Matrix, labels: [Int], sampleSize: Int? = nil, seed: UInt64 = 0,
                            noise: NoiseHandling = .exclude) throws(StrataError) -> SilhouetteResult {
    try Silhouette(sampleSize: sampleSize, seed: seed, noise: noise).evaluate(data, labels: labels)
}

/// Every scored point's silhouette value (sklearn `silhouette_samples`), in
/// `result.sampleValues` aligned with `result.sampleIndices`; noise rows are absent unless
/// `noise` is `.asCluster`.
public func silhouetteSamples(_ data: Matrix, labels: [Int], noise: NoiseHandling = .exclude) throws(StrataError) -> SilhouetteResult {
    try Silhouette(noise: noise, keepsSampleValues: true).evaluate(data, labels: labels)
}
