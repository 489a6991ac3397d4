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
    /// Rows scored by the sampled silhouettes (seeded); exact below this size. The shared-space
    /// silhouette draws them once from every row (the same rows for every attempt over the
    /// same data) and leaves out the noise among them; the own-space one draws them from the
    /// non-noise rows.
    public static let silhouetteSampleSize = 10_000
    static let silhouetteSeed: UInt64 = 0

    public static func segmentationScore(shared: Matrix, labels: [Int], sizes: ClusterSizeSummary, sampleSize: Int = silhouetteSampleSize,
                                  seed: UInt64 = 0) -> Double? {
        guard sizes.clusterCount >= 2, let silhouette = FixedSampleSilhouette(shared, sampleSize: sampleSize, seed: seed).score(labels) else { return nil }
        return silhouette * (1 - sizes.noiseFraction)
    }

    /// Every metric the spec asks for, by the names of ``PipelineMetrics``. A score that is
    /// undefined for this labelling (e.g. one cluster) is left out.
    public static func scores(_ outcome: PipelineExecution.Outcome, spec: PipelineSpec, cache: StepCache? = nil) throws -> [String: Double] {
        try scored(outcome, spec: spec, cache: cache).scores
    }

    /// The scores, and `silhouette.json` from the same shared-space silhouette computation.
    ///
    /// `alongside`, when given, runs as one more job beside the scores (a run makes its record's
    /// files meanwhile): one spread over the cores rather than two nested ones, whose inner one
    /// would run on one thread.
    static func scored(_ outcome: PipelineExecution.Outcome, spec: PipelineSpec, cache: StepCache?,
                       alongside: (@Sendable () -> Void)? = nil) throws
        -> (scores: [String: Double], silhouette: SilhouetteArtifact?) {
        let sizes = try ClusterSizeSummary(labels: outcome.labels)
        var out: [String: Double] = [
            PipelineMetrics.clusterCount: Double(sizes.clusterCount),
            PipelineMetrics.noiseFraction: sizes.noiseFraction,
            PipelineMetrics.largestClusterShare: sizes.largestShare,
            PipelineMetrics.clustersHolding95: Double(sizes.clustersCovering95Percent),
        ]
        guard sizes.clusterCount >= 2 else {
            alongside?()
            return (out, nil)
        }
        // The scores are independent of each other: each is a job, and the jobs run side by side
        // over the cores (largest first), so one score's serial parts overlap another's work.
        // Each score's value does not depend on the threads it ran on.
        var jobs = [@Sendable () -> [String: Double]]()
        let artifactSlot = ResultSlots<SilhouetteArtifact>(count: 1)
        jobs.append {
            // The segmentation score is the shared-space silhouette with noise counted as 0, on a
            // fixed sample of rows whose distances every attempt over the same scaled space reuses
            // (the step cache keeps them): O(s²) per attempt instead of O(s² d).
            let scorer = cache.silhouetteSample(of: outcome.sharedSpace, key: outcome.sharedSpaceKey, sampleSize: silhouetteSampleSize, seed: silhouetteSeed)
            guard let sample = scorer.values(outcome.labels) else { return [:] }
            let shared = sample.values.reduce(0, +) / Double(sample.values.count)
            var found = [PipelineMetrics.segmentationScore: shared * (1 - sizes.noiseFraction)]
            if spec.scores.contains(.silhouette) { found[PipelineMetrics.silhouetteShared] = shared }
            artifactSlot[0] = SilhouetteArtifact(rows: sample.rows, values: sample.values, labels: outcome.labels, average: shared,
                                                 seed: silhouetteSeed, isSampled: outcome.labels.count > silhouetteSampleSize)
            return found
        }
        if spec.scores.contains(.stability) {
            jobs.append {
                guard let refit = ClusterFitting.refitter(spec.cluster, outcome: outcome),
                      let result = try? Stability(repeats: 5, fraction: 0.8, seed: 0).evaluate(outcome.clusterInput, cluster: refit) else { return [:] }
                return [PipelineMetrics.stability: result.meanARI]
            }
        }
        if spec.scores.contains(.dbcv) {
            jobs.append {
                // Exact up to 20,000 rows; above, a fixed 10,000-row stratified sample, so every
                // attempt of a sweep is scored at the same sample size (the estimate is biased
                // upward at scale; see Guides/ModelSelection.md).
                let sample = outcome.clusterInput.rows > 20_000 ? 10_000 : nil
                guard let s = try? DBCV(sampleSize: sample, seed: 0).evaluate(outcome.clusterInput, labels: outcome.labels).score else { return [:] }
                return [PipelineMetrics.dbcv: s]
            }
        }
        if spec.scores.contains(.silhouette) {
            jobs.append {
                let sampler = Silhouette(sampleSize: silhouetteSampleSize, seed: silhouetteSeed)
                guard let s = try? sampler.evaluate(outcome.clusterInput, labels: outcome.labels).score else { return [:] }
                return [PipelineMetrics.silhouetteOwn: s]
            }
        }
        if spec.scores.contains(.daviesBouldin) || spec.scores.contains(.calinskiHarabasz) {
            jobs.append {
                guard let both = try? daviesBouldinAndCalinskiHarabasz(outcome.sharedSpace, labels: outcome.labels) else { return [:] }
                var found = [String: Double]()
                if spec.scores.contains(.daviesBouldin) { found[PipelineMetrics.daviesBouldin] = both.daviesBouldin.value }
                if spec.scores.contains(.calinskiHarabasz) { found[PipelineMetrics.calinskiHarabasz] = both.calinskiHarabasz.value }
                return found
            }
        }
        if let alongside { jobs.append { alongside(); return [:] } }
        let found = ResultSlots<[String: Double]>(count: jobs.count)
        let work = jobs
        Parallel.perform(iterations: work.count) { found[$0] = work[$0]() }
        for scores in found.values() { out.merge(scores) { first, _ in first } }
        let artifact = artifactSlot[0]
        return (out.filter { $0.value.isFinite }, artifact)
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
