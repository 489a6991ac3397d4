import StrataCore
import StrataEvaluation

/// How a sweep picks its winner: the feasible attempt whose segments agree best with the
/// **good** attempts — its mean adjusted Rand index with every other feasible attempt, each
/// other attempt weighted by its own segmentation score (on a seeded sample of rows). Ties go
/// to the higher score.
///
/// Why agreement: a single internal score has a blind spot on each kind of data (the silhouette
/// favours k-means' Voronoi cells on overlapping blobs and a trivial one-big-cluster split on
/// digits; an embedding's own-space silhouette rewards UMAP's fragmented islands on customers).
/// An attempt that many differently configured attempts agree with is rarely one of those
/// artefacts. Why the score weights the *others* rather than multiplying the candidate's own:
/// the shared-space silhouette also rewards splitting a real segment into its sub-modes (on
/// digits it rises from 8 to 12 k-means clusters, and a 16-cluster DBSCAN that splits the 1s, 2s,
/// 4s, 5s and 7s by writing style scores 27 % above the 10-cluster k-means that matches the
/// digits best), and a product lets that own-score bias outvote the agreement. Weighting the
/// voters keeps badly scored attempts from steering the choice while the candidate is judged only
/// by how well it sits in the middle of the good ones — a score-weighted median partition.
/// Measured on three labelled sets (Guides/ModelSelection.md; DefaultObjectiveTests): the
/// winner's ARI against the truth is within 0.01 of the best attempt's on generated customers,
/// digits and noisy blobs.
/// Complexity: O(m² · s) for m attempts and s sampled rows (``pairwiseAdjustedRandIndex(_:)``);
/// memory O(m · s).
public struct WinnerSelection: Sendable {
    /// Rows compared per pair of attempts.
    public var sampleSize: Int = 5_000
    public var seed: UInt64 = 0

    public init(sampleSize: Int = 5_000, seed: UInt64 = 0) { self.sampleSize = sampleSize; self.seed = seed }

    public struct Attempt: Sendable {
        public var id: String
        public var labels: [Int]
        /// The per-attempt objective, larger is better (nil = undefined).
        public var score: Double?
        public var feasible: Bool
        public init(id: String, labels: [Int], score: Double?, feasible: Bool) {
            self.id = id; self.labels = labels; self.score = score; self.feasible = feasible
        }
    }

    public struct Ranked: Sendable {
        public var id: String
        /// Mean ARI with the other feasible attempts, each weighted by its score clamped at 0
        /// (unweighted when no other attempt scores above 0).
        public var consensus: Double
        /// What the winner is chosen by: the score-weighted ``consensus``.
        public var winnerScore: Double
    }

    /// The rows compared: every row up to ``sampleSize``, else a seeded sample, ascending.
    public func sampledRows(of rows: Int) -> [Int] {
        var sample = Array(0..<rows)
        if rows > sampleSize {
            var generator = SeededGenerator(seed: seed)
            for i in 0..<sampleSize { sample.swapAt(i, i + generator.nextInt(below: rows - i)) }
            sample = Array(sample[0..<sampleSize]).sorted()
        }
        return sample
    }

    /// Feasible attempts with a score, best first. With a single attempt its consensus is 1.
    public func rank(_ attempts: [Attempt]) throws -> [Ranked] {
        guard let rows = attempts.first(where: { $0.feasible && $0.score != nil })?.labels.count else { return [] }
        let sample = sampledRows(of: rows)
        return try rank(sampled: attempts.map { attempt in
            guard attempt.feasible, attempt.score != nil else { return attempt }
            guard attempt.labels.count == rows else {
                throw PipelineError.failed("attempts of one sweep must label the same rows")
            }
            var sampled = attempt
            sampled.labels = sample.map { attempt.labels[$0] }
            return sampled
        })
    }

    /// As ``rank(_:)`` for attempts whose labels are already those of ``sampledRows(of:)``:
    /// a sweep keeps only these rows of each attempt, so hundreds of attempts over millions of
    /// rows fit in memory.
    public func rank(sampled attempts: [Attempt]) throws -> [Ranked] {
        let usable = attempts.filter { $0.feasible && $0.score != nil }
        guard let rows = usable.first?.labels.count else { return [] }
        guard usable.allSatisfy({ $0.labels.count == rows }) else {
            throw PipelineError.failed("attempts of one sweep must label the same rows")
        }
        let m = usable.count
        let agreement = try pairwiseAdjustedRandIndex(usable.map(\.labels))
        // A negative score (worse than no structure) gets no vote.
        let weights = usable.map { max($0.score!, 0) }
        let ranked = (0..<m).map { i in
            let others = (0..<m).filter { $0 != i }
            var consensus = 1.0
            if !others.isEmpty {
                let total = others.reduce(0) { $0 + weights[$1] }
                consensus = total > 0
                    ? others.reduce(0) { $0 + weights[$1] * agreement[i * m + $1] } / total
                    : others.reduce(0) { $0 + agreement[i * m + $1] } / Double(others.count)
            }
            return (Ranked(id: usable[i].id, consensus: consensus, winnerScore: consensus), usable[i].score!)
        }
        return ranked.sorted { ($0.0.winnerScore, $0.1, $1.0.id) > ($1.0.winnerScore, $1.1, $0.0.id) }.map(\.0)
    }
}
