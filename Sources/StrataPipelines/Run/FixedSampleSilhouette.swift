import StrataCore

/// The silhouette of many labellings scored on one fixed sample of rows: the sample's pairwise
/// distances are computed once, so each labelling then costs O(s²) additions instead of
/// O(s² d) distance work.
///
/// Used to compare DBSCAN candidates (``EpsilonSuggestion``): every candidate is judged on the
/// same rows, so the comparison does not depend on which rows a per-candidate sample drew.
/// Semantics as ``Silhouette`` with noise excluded: rows labelled -1 are left out, a row whose
/// cluster has no other member in the sample scores 0, and the score is undefined (nil) with
/// fewer than two clusters among the scored rows. Memory: s² Floats (16 MB at s = 2,000).
struct FixedSampleSilhouette {
    /// Positions (into the labellings given to ``score(_:)``) of the sampled rows.
    let positions: [Int]
    private let distances: [Float]

    /// Samples `min(sampleSize, data.rows)` rows of `data` without replacement (seeded).
    init(_ data: Matrix, sampleSize: Int, seed: UInt64) {
        let n = data.rows
        var order = Array(0..<n)
        let s = Swift.min(sampleSize, n)
        var generator = SeededGenerator(seed: seed)
        for i in 0..<s {
            order.swapAt(i, i + generator.nextInt(below: n - i))
        }
        let chosen = Array(order[0..<s]).sorted()
        positions = chosen
        let d = data.columns
        var table = [Float](repeating: 0, count: s * s)
        data.storage.withUnsafeBufferPointer { x in
            table.withUnsafeMutableBufferPointer { out in
                for (i, ri) in chosen.enumerated() {
                    let a = x.baseAddress! + ri * d
                    for j in (i + 1)..<s {
                        let b = x.baseAddress! + chosen[j] * d
                        var sum: Float = 0
                        for c in 0..<d { let t = a[c] - b[c]; sum += t * t }
                        let distance = sum.squareRoot()
                        out[i * s + j] = distance
                        out[j * s + i] = distance
                    }
                }
            }
        }
        distances = table
    }

    /// The mean silhouette of the sampled rows under `labels` (one per row of the data the
    /// sample was drawn from), noise excluded; nil with fewer than two clusters to score.
    func score(_ labels: [Int]) -> Double? {
        let s = positions.count
        // Dense cluster codes for the sampled, non-noise rows.
        var codeOf: [Int: Int] = [:]
        var codes = [Int](repeating: -1, count: s)
        for (i, p) in positions.enumerated() where labels[p] >= 0 {
            if let c = codeOf[labels[p]] { codes[i] = c } else { codes[i] = codeOf.count; codeOf[labels[p]] = codeOf.count }
        }
        let clusterCount = codeOf.count
        guard clusterCount >= 2 else { return nil }
        var sizes = [Int](repeating: 0, count: clusterCount)
        for c in codes where c >= 0 { sizes[c] += 1 }
        var sums = [Double](repeating: 0, count: clusterCount)
        var total = 0.0, scored = 0
        distances.withUnsafeBufferPointer { table in
            for i in 0..<s where codes[i] >= 0 {
                for c in 0..<clusterCount { sums[c] = 0 }
                let row = table.baseAddress! + i * s
                for j in 0..<s where codes[j] >= 0 { sums[codes[j]] += Double(row[j]) }
                let own = codes[i]
                scored += 1
                guard sizes[own] > 1 else { continue }
                let a = sums[own] / Double(sizes[own] - 1)
                var b = Double.infinity
                for c in 0..<clusterCount where c != own { b = Swift.min(b, sums[c] / Double(sizes[c])) }
                let denominator = Swift.max(a, b)
                if denominator > 0 { total += (b - a) / denominator }
            }
        }
        return scored > 0 ? total / Double(scored) : nil
    }
}
