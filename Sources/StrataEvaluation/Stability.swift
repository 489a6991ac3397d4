import StrataCore

/// Clustering stability: how much a clustering agrees with itself when it is fitted again on
/// other random subsamples with other seeds (after Ben-Hur, Elisseeff & Guyon, PSB 2002, and
/// Lange, Roth, Braun & Buhmann, Neural Computation 2004).
///
/// Protocol:
/// 1. For each of ``repeats`` runs `r`, draw ``fraction`` of the rows without replacement
///    (a seeded partial Fisher–Yates; run `r`'s rows and seed derive from ``seed`` and `r`)
///    and call `cluster(rows, runSeed)` — the caller refits its whole clusterer there.
/// 2. For every pair of runs, take the rows both subsamples share (about `fraction²` of the
///    data) and compute the adjusted Rand index of the two labelings on those rows. No label
///    matching is needed: ARI compares partitions, not label names.
/// 3. Noise (`-1`) is not a cluster: each noise row becomes its own singleton before the ARI,
///    so two runs agree about a noise row only by not grouping it with anything. (Two runs
///    that call every shared row noise therefore score 1, as sklearn does for two all-singleton
///    partitions; `meanNoiseFraction` tells that case apart.)
/// 4. The score is the mean ARI over all `repeats · (repeats − 1) / 2` pairs; the minimum and
///    standard deviation are reported too.
///
/// ```swift
/// let stability = try Stability(repeats: 5, fraction: 0.8, seed: 1).evaluate(data) { rows, seed in
///     try KMeans(clusterCount: 7, seed: seed).fit(rows).labels
/// }
/// print(stability.meanARI)
/// ```
///
/// Cost: `repeats` fits on `fraction · n` rows plus O(n) per pair. Deterministic for a seed
/// when the closure is.
public struct Stability: Codable, Hashable, Sendable {
    /// Refits, at least 2 (default 5: 10 pairs).
    public var repeats: Int
    /// Share of the rows each refit sees, in (0, 1] (default 0.8: pairs share about 64 %).
    public var fraction: Double
    /// Seed for the subsamples and the runs' seeds.
    public var seed: UInt64

    public init(repeats: Int = 5, fraction: Double = 0.8, seed: UInt64 = 0) {
        self.repeats = repeats
        self.fraction = fraction
        self.seed = seed
    }

    /// The seed handed to run `r`'s clusterer.
    public func runSeed(_ r: Int) -> UInt64 { SplitMix64.mix(seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(r + 1)) }

    /// Runs the protocol on `data` with `cluster(subsample, seed) -> labels`.
    ///
    /// Throws `StrataError` when the settings are out of range, the subsample would hold fewer
    /// than 2 rows, or the closure returns a label per row of the wrong count or a label below
    /// −1; errors thrown by `cluster` pass through.
    public func evaluate(_ data: Matrix, cluster: (Matrix, UInt64) throws -> [Int]) throws -> StabilityResult {
        guard repeats >= 2 else {
            throw StrataError.invalidArgument("stability: repeats must be at least 2, got \(repeats); agreement needs two runs")
        }
        guard fraction > 0, fraction <= 1 else {
            throw StrataError.invalidArgument("stability: fraction must be in (0, 1], got \(fraction)")
        }
        let size = Int((Double(data.rows) * fraction).rounded())
        guard size >= 2 else {
            throw StrataError.notEnoughSamples("stability: a \(fraction) subsample of \(data.rows) rows has \(size) rows; at least 2 are needed")
        }
        var samples = [[Int]]()
        var runLabels = [[Int]]()
        var noiseFractions = [Double]()
        for r in 0..<repeats {
            var generator = SeededGenerator(seed: runSeed(r) ^ 0x5851_F42D_4C95_7F2D)
            var pool = Array(0..<data.rows)
            for i in 0..<size { pool.swapAt(i, i + generator.nextInt(below: data.rows - i)) }
            let rows = Array(pool[0..<size]).sorted()
            let labels = try cluster(data.selectingRows(rows), runSeed(r))
            guard labels.count == rows.count else {
                throw StrataError.dimensionMismatch("stability: run \(r + 1) returned \(labels.count) labels for \(rows.count) rows")
            }
            if let bad = labels.firstIndex(where: { $0 < -1 }) {
                throw StrataError.invalidArgument("stability: run \(r + 1) returned label \(labels[bad]); labels are cluster numbers ≥ 0, or -1 for noise")
            }
            samples.append(rows)
            runLabels.append(labels)
            noiseFractions.append(Double(labels.filter { $0 == -1 }.count) / Double(labels.count))
        }
        var pairs = [StabilityResult.Pair]()
        for a in 0..<repeats {
            for b in (a + 1)..<repeats {
                let agreement = try Self.agreement(rows: samples[a], labels: runLabels[a], rows: samples[b], labels: runLabels[b])
                pairs.append(.init(first: a, second: b, sharedRows: agreement.sharedRows, adjustedRandIndex: agreement.adjustedRandIndex))
            }
        }
        return StabilityResult(pairs: pairs, meanNoiseFraction: noiseFractions.reduce(0, +) / Double(repeats),
                               subsampleSize: size)
    }

    /// Step 2–3 of the protocol for one pair of runs: the ARI of their labels on the rows both
    /// saw (`rows` ascending), noise rows as singletons.
    public static func agreement(rows rowsA: [Int], labels labelsA: [Int], rows rowsB: [Int], labels labelsB: [Int]) throws(StrataError)
        -> (sharedRows: Int, adjustedRandIndex: Double) {
        let (left, right) = overlap(rowsA, labelsA, rowsB, labelsB)
        return (left.count, try adjustedRandIndex(left, right))
    }

    /// The two runs' labels on the rows both saw (merging the sorted row lists), each noise row
    /// recoded to a label of its own.
    static func overlap(_ rowsA: [Int], _ labelsA: [Int], _ rowsB: [Int], _ labelsB: [Int]) -> ([Int], [Int]) {
        var left = [Int](), right = [Int]()
        // Fresh labels for noise start above every real label, distinct per row.
        let noiseBase = Swift.max(labelsA.max() ?? 0, labelsB.max() ?? 0) + 1
        var i = 0, j = 0
        while i < rowsA.count && j < rowsB.count {
            if rowsA[i] < rowsB[j] { i += 1 } else if rowsA[i] > rowsB[j] { j += 1 } else {
                let row = rowsA[i]
                left.append(labelsA[i] == -1 ? noiseBase + row : labelsA[i])
                right.append(labelsB[j] == -1 ? noiseBase + row : labelsB[j])
                i += 1; j += 1
            }
        }
        return (left, right)
    }
}
