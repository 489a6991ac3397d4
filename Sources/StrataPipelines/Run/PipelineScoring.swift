import StrataCore
import StrataEvaluation

/// The scores a run records for its clustering, and the default objective.
///
/// **Segmentation score** (the default objective): the silhouette in the shared scaled feature
/// space with every noise row counted as 0 — i.e. `silhouette_shared_space × (1 − noise_fraction)`.
/// Computing it in the shared space makes attempts with different reductions comparable (an
/// embedding's own-space silhouette rewards UMAP's tight, fragmented islands); counting noise as
/// 0 stops an attempt from scoring well by declaring the hard rows noise. Undefined (nil) with
/// fewer than two clusters. Guides/ModelSelection.md has the evidence.
public enum PipelineScoring {
    /// Rows scored by the sampled silhouettes (seeded); exact below this size.
    public static let silhouetteSampleSize = 10_000

    public static func segmentationScore(shared: Matrix, labels: [Int], sizes: ClusterSizeSummary, sampleSize: Int = silhouetteSampleSize,
                                  seed: UInt64 = 0) -> Double? {
        guard sizes.clusterCount >= 2,
              let silhouette = try? Silhouette(sampleSize: sampleSize, seed: seed).evaluate(shared, labels: labels).score else { return nil }
        return silhouette * (1 - sizes.noiseFraction)
    }

    /// Every metric the spec asks for, by the names of ``PipelineMetrics``. A score that is
    /// undefined for this labelling (e.g. one cluster) is left out.
    public static func scores(_ outcome: PipelineExecution.Outcome, spec: PipelineSpec) throws -> [String: Double] {
        let sizes = try ClusterSizeSummary(labels: outcome.labels)
        var out: [String: Double] = [
            PipelineMetrics.clusterCount: Double(sizes.clusterCount),
            PipelineMetrics.noiseFraction: sizes.noiseFraction,
            PipelineMetrics.largestClusterShare: sizes.largestShare,
            PipelineMetrics.clustersHolding95: Double(sizes.clustersCovering95Percent),
        ]
        guard sizes.clusterCount >= 2 else { return out }
        let sampler = Silhouette(sampleSize: silhouetteSampleSize, seed: 0)
        // The segmentation score is this same sampled silhouette with noise counted as 0:
        // computed once, it is the costliest score of a run (O(s² d) in the shared space).
        if let shared = try? sampler.evaluate(outcome.sharedSpace, labels: outcome.labels).score {
            out[PipelineMetrics.segmentationScore] = shared * (1 - sizes.noiseFraction)
            if spec.scores.contains(.silhouette) { out[PipelineMetrics.silhouetteShared] = shared }
        }
        if spec.scores.contains(.silhouette), let s = try? sampler.evaluate(outcome.clusterInput, labels: outcome.labels).score {
            out[PipelineMetrics.silhouetteOwn] = s
        }
        if spec.scores.contains(.daviesBouldin), let s = try? daviesBouldinScore(outcome.sharedSpace, labels: outcome.labels).value {
            out[PipelineMetrics.daviesBouldin] = s
        }
        if spec.scores.contains(.calinskiHarabasz), let s = try? calinskiHarabaszScore(outcome.sharedSpace, labels: outcome.labels).value {
            out[PipelineMetrics.calinskiHarabasz] = s
        }
        if spec.scores.contains(.dbcv) {
            // Exact up to 20,000 rows; above, a fixed 10,000-row stratified sample, so every
            // attempt of a sweep is scored at the same sample size (the estimate is biased
            // upward at scale; see Guides/ModelSelection.md).
            let sample = outcome.clusterInput.rows > 20_000 ? 10_000 : nil
            if let s = try? DBCV(sampleSize: sample, seed: 0).evaluate(outcome.clusterInput, labels: outcome.labels).score {
                out[PipelineMetrics.dbcv] = s
            }
        }
        if spec.scores.contains(.stability), let refit = ClusterFitting.refitter(spec.cluster, outcome: outcome),
           let result = try? Stability(repeats: 5, fraction: 0.8, seed: 0).evaluate(outcome.clusterInput, cluster: refit) {
            out[PipelineMetrics.stability] = result.meanARI
        }
        return out.filter { $0.value.isFinite }
    }

    /// Whether the sizes meet the constraints; the reason when they do not.
    public static func violation(_ scores: [String: Double], _ constraints: Constraints) -> String? {
        if let range = constraints.clusterCount, let count = scores[PipelineMetrics.clusterCount], !range.contains(Int(count)) {
            return "cluster_count \(Int(count)) outside [\(range.lowerBound), \(range.upperBound)]"
        }
        if let range = constraints.noiseFraction, let noise = scores[PipelineMetrics.noiseFraction], !range.contains(noise) {
            return "noise_fraction \(String(format: "%.3f", noise)) outside [\(range.lowerBound), \(range.upperBound)]"
        }
        if let range = constraints.largestClusterShare, let share = scores[PipelineMetrics.largestClusterShare], !range.contains(share) {
            return "largest_cluster_share \(String(format: "%.3f", share)) outside [\(range.lowerBound), \(range.upperBound)]"
        }
        return nil
    }
}
