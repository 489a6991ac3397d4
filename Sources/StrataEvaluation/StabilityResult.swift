/// The outcome of ``Stability``: the pairwise agreements and their summary.
public struct StabilityResult: Codable, Hashable, Sendable {
    /// One pair of runs compared on the rows both saw.
    public struct Pair: Codable, Hashable, Sendable {
        /// The runs (0-based).
        public let first: Int
        public let second: Int
        /// Rows present in both subsamples.
        public let sharedRows: Int
        /// ARI of the two labelings on those rows (noise rows as singletons).
        public let adjustedRandIndex: Double
    }

    /// Every pair of runs, in order (0,1), (0,2), … .
    public let pairs: [Pair]
    /// Mean share of noise over the runs.
    public let meanNoiseFraction: Double
    /// Rows in each subsample.
    public let subsampleSize: Int

    /// The stability score: mean ARI over the pairs, 1 = perfectly reproducible.
    public var meanARI: Double { pairs.map(\.adjustedRandIndex).reduce(0, +) / Double(Swift.max(pairs.count, 1)) }
    /// The worst pair's ARI.
    public var minimumARI: Double { pairs.map(\.adjustedRandIndex).min() ?? 0 }
    /// Population standard deviation of the pairs' ARI.
    public var standardDeviation: Double {
        let mean = meanARI
        let v = pairs.map { ($0.adjustedRandIndex - mean) * ($0.adjustedRandIndex - mean) }.reduce(0, +)
        return (v / Double(Swift.max(pairs.count, 1))).squareRoot()
    }
}
