import StrataClustering
import StrataCore
import StrataEvaluation
import StrataNeighbors

/// DBSCAN's `eps: auto`: an eps chosen by the pipeline's own yardstick over the range of the
/// k-distance curve, instead of the curve's knee.
///
/// The knee fails at scale: with a million rows the curve is so smooth that its "knee" sits in
/// the far tail (rank ~998,900 of 1,000,000 on generated customers), eps then admits no noise and
/// DBSCAN chains hundreds of clusters. Here the candidates are the k-distances at which a chosen
/// share of rows would not be core points — 1, 2, 5, 10, 20 and 30 % — plus the knee; DBSCAN runs
/// at each (cheap on a 2–3-D embedding), and the candidate with the best segmentation score
/// (shared-space silhouette with noise counted as 0, on a seeded 5,000-row sample) that meets the
/// constraints wins; if none meets them, the best overall.
/// Complexity: one k-nearest search plus one DBSCAN per candidate.
struct EpsilonSuggestion {
    var minSamples: Int
    var noiseTargets: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3]
    var sampleSize = 5_000
    /// Where the k-distance curve may already be (see ``StepCache/kDistanceCurve(k:of:)``).
    var cache: StepCache?

    struct Choice {
        var epsilon: Float
        var noiseTarget: Double
        var candidateCount: Int
        /// The ascending k-distance curve the candidates came from.
        var curve: [Float]
    }

    func suggest(_ input: Matrix, shared: Matrix, spec: PipelineSpec) throws -> Choice {
        let curve = try cache.kDistanceCurve(k: minSamples, of: input)
        guard !curve.isEmpty else { throw PipelineError.failed("steps.cluster.eps: no rows to choose eps from") }
        let ascending = curve  // already ascending
        var candidates: [(Float, Double)] = noiseTargets.map { target in
            let rank = min(ascending.count - 1, max(0, Int((Double(ascending.count) * (1 - target)).rounded(.down))))
            return (ascending[rank], target)
        }
        if let knee = KDistance.knee(ofSortedCurve: ascending).value { candidates.append((knee, -1)) }
        candidates = candidates.filter { $0.0 > 0 }
        guard !candidates.isEmpty else { throw PipelineError.failed("steps.cluster.eps: every k-distance is 0 (duplicate rows); give eps as a number") }

        var best: (choice: Choice, score: Double, feasible: Bool)?
        for (epsilon, target) in candidates {
            let labels = try DBSCAN(epsilon: epsilon, minSamples: minSamples).fit(input).labels
            let sizes = try ClusterSizeSummary(labels: labels)
            let score = PipelineScoring.segmentationScore(shared: shared, labels: labels, sizes: sizes, sampleSize: sampleSize) ?? -2
            let metrics = [PipelineMetrics.clusterCount: Double(sizes.clusterCount), PipelineMetrics.noiseFraction: sizes.noiseFraction,
                           PipelineMetrics.largestClusterShare: sizes.largestShare]
            let feasible = PipelineScoring.violation(metrics, spec.constraints) == nil
            let choice = Choice(epsilon: epsilon, noiseTarget: target, candidateCount: candidates.count, curve: ascending)
            if best == nil || (feasible && !best!.feasible) || (feasible == best!.feasible && score > best!.score) {
                best = (choice, score, feasible)
            }
        }
        return best!.choice
    }
}
