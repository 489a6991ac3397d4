import StrataClustering
import StrataCore
import StrataEvaluation
import StrataNeighbors

/// DBSCAN's `eps: auto` (and `min_samples: auto`): eps and min_samples chosen by the pipeline's
/// own yardstick on a density-scaled sample, instead of the k-distance curve's knee.
///
/// Why not the knee: with a million rows the curve is so smooth that its "knee" sits in the far
/// tail (rank ~998,900 of 1,000,000 on generated customers), eps then admits no noise and
/// DBSCAN chains hundreds of clusters. And why min_samples must move with the row count: a fixed
/// min_samples resolves ever finer structure as rows are added (at 50,000 customers, UMAP 3-D,
/// min_samples 10 gives ~600 clusters at every eps), so no eps alone holds at scale.
///
/// The rule, density-aware:
/// 1. **Candidates.** min_samples: the given value, else `share · n` for shares 0.05, 0.1 and
///    0.2 % of the rows, and the small-data rule ``KDistance/suggestedMinSamples(rows:columns:)``
///    while the search sample can represent it (step 2: a scaled count of at least 4). For each,
///    eps: the k-distances at which 1, 2, 5, 10, 20 and 30 % of rows would not be core points,
///    plus the curve's knee.
/// 2. **Density scaling.** The search runs on a seeded sample of `m = min(n, 20,000)` rows. A
///    uniform sample of fraction `f = m / n` holds `f` times as many rows within any radius, so
///    DBSCAN(eps, min_samples) on all rows behaves like DBSCAN(eps, round(f · min_samples)) on
///    the sample: the same eps, a proportionally smaller count. (Measured on 50,000 customers,
///    UMAP 3-D, 20,000-row sample, 16 candidates: noise fractions within 0.008 and cluster
///    counts within 20 % of the fit on every row.) Exact (`f = 1`) up to 20,000 rows.
/// 3. **Choice.** Each candidate's DBSCAN on the sample is scored by the segmentation score
///    (silhouette in the shared space on a fixed seeded 2,000-row subset, noise counted as 0);
///    among those that meet the constraints (on the sample's sizes) with a positive score (else
///    among all), the smallest eps scoring within 0.01 of the best leads.
/// 4. **Check.** Above 20,000 rows the leading candidates are re-fitted, in order, on a 5×
///    larger sample (every row up to 100,000; same density scaling): the first that still meets
///    the constraints there wins (at most 6 are checked, else the best checked). DBSCAN then
///    runs once on every row with the chosen eps and min_samples.
///
/// Complexity: one k-nearest search of the sample per min_samples candidate and one DBSCAN of
/// the sample per (min_samples, eps) pair, ascending eps up to the first that leaves one
/// cluster, and up to 6 DBSCAN fits of the check sample — independent of n above 100,000 rows —
/// plus the final fit.
struct EpsilonSuggestion {
    /// The given min_samples; nil chooses it too.
    var minSamples: Int?
    var noiseTargets: [Double] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3]
    /// min_samples candidates as shares of the row count (when not given).
    var minSamplesShares: [Double] = [0.0005, 0.001, 0.002]
    /// Rows the search runs on (all rows up to this size).
    var searchRows = 20_000
    /// Rows each candidate's silhouette is measured on.
    var scoringRows = 2_000
    var seed: UInt64 = 0
    /// Scores this close to the best count as ties (broken by the smaller eps).
    var scoreTolerance = 0.01
    /// Rows the leading candidates are checked on (all rows up to this size).
    var checkRows = 100_000
    /// Candidates checked at most before the best checked one is taken.
    var checkedCandidates = 6
    /// Where the search sample's k-distance curves may already be (a sweep over eps asks for
    /// the same ones; see ``StepCache/kDistanceCurve(k:of:)``).
    var cache: StepCache?

    struct Choice {
        var epsilon: Float
        var minSamples: Int
        /// The share of rows the chosen eps leaves as non-core (-1: the knee).
        var noiseTarget: Double
        var candidateCount: Int
        /// The ascending k-distance curve eps was read from: of the search sample, at the
        /// density-scaled k (``curveK``); the full curve when the sample is every row.
        var curve: [Float]
        var curveK: Int
        var sampleRows: Int
        /// Candidates re-checked on the larger sample (0: the search sample was every row).
        var checkedCount = 0
    }

    /// The min_samples candidates for `rows` rows searched on `sampleRows` of them: the given
    /// value, else the shares of `rows` and the small-data rule (when the sample can still
    /// represent it: a density-scaled k of at least 4).
    func minSamplesCandidates(rows: Int, columns: Int, sampleRows: Int) -> [Int] {
        if let given = minSamples { return [given] }
        let floor = KDistance.suggestedMinSamples(rows: rows, columns: columns)
        var values = Set(minSamplesShares.map { Swift.max(floor, Int((Double(rows) * $0).rounded())) })
        if Double(floor) * Double(sampleRows) / Double(rows) >= 3.5 { values.insert(floor) }
        return values.sorted().filter { $0 < rows }
    }

    /// Rows of the data at one sample size, with what a candidate is judged by there.
    struct Level {
        let rows: Int
        let fraction: Double
        let sample: Matrix
        let scorer: FixedSampleSilhouette

        /// The first `size` rows of the seeded permutation `order` (ascending), or every row.
        init(_ input: Matrix, shared: Matrix, order: [Int], size: Int, scoringRows: Int, seed: UInt64) {
            let n = input.rows
            let chosen = size >= n ? nil : Array(order[0..<size]).sorted()
            rows = chosen?.count ?? n
            fraction = Double(rows) / Double(n)
            sample = chosen.map { input.selectingRows($0) } ?? input
            scorer = FixedSampleSilhouette(chosen.map { shared.selectingRows($0) } ?? shared, sampleSize: scoringRows, seed: seed)
        }

        /// min_samples on every row as a count on this sample (the same density threshold).
        func scaled(_ minSamples: Int) -> Int {
            fraction == 1 ? minSamples : Swift.max(2, Int((Double(minSamples) * fraction).rounded()))
        }

        func evaluate(epsilon: Float, minSamples: Int, constraints: Constraints) throws -> (labels: [Int], score: Double, feasible: Bool, clusters: Int) {
            let labels = try DBSCAN(epsilon: epsilon, minSamples: scaled(minSamples)).fit(sample).labels
            let sizes = try ClusterSizeSummary(labels: labels)
            let score = sizes.clusterCount >= 2 ? (scorer.score(labels).map { $0 * (1 - sizes.noiseFraction) } ?? -2) : -2
            let metrics = [PipelineMetrics.clusterCount: Double(sizes.clusterCount), PipelineMetrics.noiseFraction: sizes.noiseFraction,
                           PipelineMetrics.largestClusterShare: sizes.largestShare]
            // A negative score (rows closer to another cluster than to their own, on average)
            // is no segmentation, whatever the sizes: such a candidate never counts as meeting
            // the constraints (on customers it was one cluster of 95 % plus a few crumbs).
            return (labels, score, score > 0 && PipelineScoring.violation(metrics, constraints) == nil, sizes.clusterCount)
        }
    }

    func suggest(_ input: Matrix, shared: Matrix, spec: PipelineSpec) throws -> Choice {
        let n = input.rows
        guard n >= 2 else { throw PipelineError.failed("steps.cluster.eps: at least 2 rows are needed to choose eps, got \(n)") }
        // One seeded permutation: the search sample is a prefix of the check sample.
        var order = Array(0..<n)
        let checkSize = Swift.min(n, checkRows)
        if n > searchRows {
            var generator = SeededGenerator(seed: seed)
            for i in 0..<checkSize { order.swapAt(i, i + generator.nextInt(below: n - i)) }
        }
        let search = Level(input, shared: shared, order: order, size: searchRows, scoringRows: scoringRows, seed: seed)
        let m = search.rows

        let ladder = minSamplesCandidates(rows: n, columns: input.columns, sampleRows: m)
        guard !ladder.isEmpty else { throw PipelineError.failed("steps.cluster.min_samples: too few rows (\(n)) to choose min_samples") }
        var scored: [(choice: Choice, score: Double, feasible: Bool)] = []
        var candidateCount = 0
        var sawPositiveDistance = false
        for minSamples in ladder {
            let k = search.scaled(minSamples)
            guard k <= m else { continue }
            let curve = try cache.kDistanceCurve(k: k, of: search.sample)  // ascending
            var epsilons: [(Float, Double)] = noiseTargets.map { target in
                (curve[Swift.min(m - 1, Swift.max(0, Int((Double(m) * (1 - target)).rounded(.down))))], target)
            }
            if let knee = KDistance.knee(ofSortedCurve: curve).value { epsilons.append((knee, -1)) }
            var seen = Set<Float>()
            // Ascending, so the search can stop at the first eps that joins everything into one
            // cluster: a larger eps keeps every core point and edge, so that cluster only grows
            // (and such candidates are the slowest to fit: every row has most rows as neighbours).
            epsilons = epsilons.filter { $0.0 > 0 && seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
            sawPositiveDistance = sawPositiveDistance || !epsilons.isEmpty
            for (epsilon, target) in epsilons {
                candidateCount += 1
                let result = try search.evaluate(epsilon: epsilon, minSamples: minSamples, constraints: spec.constraints)
                scored.append((Choice(epsilon: epsilon, minSamples: minSamples, noiseTarget: target, candidateCount: 0,
                                      curve: curve, curveK: k, sampleRows: m), result.score, result.feasible))
                if result.clusters == 1 { break }
            }
        }
        guard sawPositiveDistance, !scored.isEmpty else {
            throw PipelineError.failed("steps.cluster.eps: every k-distance is 0 (duplicate rows); give eps as a number")
        }

        // Check the leading candidates on a 5× larger sample (every row up to 100,000): on more
        // rows the density estimate is sharper and bridges between clusters that the search
        // sample missed appear (on 1,000,000 customers, UMAP 3-D, the search's pick chained into
        // one cluster on every row). The first that stays feasible there wins.
        var remaining = scored
        var checked: [(choice: Choice, score: Double, feasible: Bool)] = []
        let check = checkSize > m ? Level(input, shared: shared, order: order, size: checkSize, scoringRows: scoringRows, seed: seed) : nil
        while !remaining.isEmpty && checked.count < checkedCandidates {
            let index = Self.leading(remaining, tolerance: scoreTolerance)
            var candidate = remaining.remove(at: index)
            if let check {
                let result = try check.evaluate(epsilon: candidate.choice.epsilon, minSamples: candidate.choice.minSamples,
                                                constraints: spec.constraints)
                candidate.score = result.score
                candidate.feasible = result.feasible
            }
            checked.append(candidate)
            if candidate.feasible || check == nil { break }
        }
        var choice = checked[Self.leading(checked, tolerance: scoreTolerance)].choice
        choice.candidateCount = candidateCount
        choice.checkedCount = check == nil ? 0 : checked.count
        return choice
    }

    /// The best feasible score (else the best score); among candidates within `tolerance` of it,
    /// the smallest eps. More rows give more bridge points between clusters, so DBSCAN on every
    /// row chains clusters more easily than on a sample; the smallest radius that scores as well
    /// is the least likely to merge them (on noisy blobs, 50,000 rows: ARI 0.98 instead of 0.80).
    static func leading(_ candidates: [(choice: Choice, score: Double, feasible: Bool)], tolerance: Double) -> Int {
        let anyFeasible = candidates.contains { $0.feasible }
        let pool = candidates.indices.filter { !anyFeasible || candidates[$0].feasible }
        let bestScore = pool.map { candidates[$0].score }.max() ?? -2
        return pool.filter { candidates[$0].score >= bestScore - tolerance }
            .min { candidates[$0].choice.epsilon < candidates[$1].choice.epsilon }!
    }
}
