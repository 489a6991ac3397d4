import Foundation
import StrataCore
import StrataNeighbors

/// How well an embedding keeps local structure: scikit-learn's `sklearn.manifold.trustworthiness`
/// (Venna & Kaski 2001), `T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nₖᵉ(i)} max(0, r(i, j) − k)`,
/// where `Nₖᵉ(i)` are i's k nearest neighbours in the embedding and `r(i, j)` is j's rank among i's
/// neighbours in the original space.
///
/// ```swift
/// let t = try trustworthiness(original: data, embedding: model.embedding, neighborCount: 15)
/// ```
///
/// Exact for up to `exactLimit` (20,000) rows: for every row the original distances to all rows
/// are computed one row at a time (O(n) memory per thread, never n × n) and ranks counted against
/// the k embedded-neighbour distances (O(n² · d) time). Above that, a seeded sample of `sampleSize`
/// rows is scored against *all* rows and the penalty sum scaled by n / sampleSize — an unbiased
/// estimate of the exact statistic (each row's term is computed exactly; only the rows are
/// sampled), costing O(sampleSize · n · d). Ties in the original distances are ranked by row
/// index (sklearn's argsort order for ties is unspecified).
public func trustworthiness(original: Matrix, embedding: Matrix, neighborCount k: Int = 5,
                            exactLimit: Int = 20_000, sampleSize: Int = 2_000,
                            seed: UInt64 = 0) throws(StrataError) -> Double {
    try original.validateFinite()
    try embedding.validateFinite()
    let n = original.rows
    guard embedding.rows == n else {
        throw .dimensionMismatch("original has \(n) rows, embedding has \(embedding.rows); they must describe the same points")
    }
    guard k >= 1, Double(k) < Double(n) / 2 else {
        throw .invalidArgument("neighborCount must be at least 1 and below rows / 2 (\(n / 2)), got \(k)")
    }
    var rows = Array(0..<n)
    if n > exactLimit {
        guard sampleSize >= 1 else { throw .invalidArgument("sampleSize must be at least 1, got \(sampleSize)") }
        var generator = SeededGenerator(seed: seed)
        for i in 0..<min(sampleSize, n) {            // partial Fisher–Yates: the first m are a uniform sample
            let j = i + generator.nextInt(below: n - i)
            rows.swapAt(i, j)
        }
        rows = Array(rows[0..<min(sampleSize, n)]).sorted()
    }
    let sampled = rows
    let m = sampled.count
    let queries = embedding.selectingRows(rows)
    let embedded = try ExactNeighbors(k: k + 1).query(queries, in: embedding)
    let d = original.columns
    let partials: [Double] = original.storage.withUnsafeBufferPointer { xb in
        nonisolated(unsafe) let x = xb.baseAddress!
        return Parallel.mapChunks(count: m, minimumChunk: 16) { range in
            var dist = [Float](repeating: 0, count: n)
            var targets = [Float](repeating: 0, count: k), targetIndex = [Int](repeating: 0, count: k)
            var below = [Int](repeating: 0, count: k + 1)
            var penalty = 0.0
            for r in range {
                let i = sampled[r]
                // The k embedded neighbours other than i itself.
                var c = 0
                for t in 0..<(k + 1) where c < k {
                    let j = Int(embedded.indices[r * (k + 1) + t])
                    if j == i { continue }
                    targetIndex[c] = j; c += 1
                }
                let xi = x + i * d
                for l in 0..<n { dist[l] = Distance.squaredEuclidean(xi, x + l * d, count: d) }
                // rank(j) = 1 + #{l ≠ i : d_l < d_j or (d_l == d_j and l < j)}.
                var order = Array(0..<k)
                order.sort { (dist[targetIndex[$0]], targetIndex[$0]) < (dist[targetIndex[$1]], targetIndex[$1]) }
                for t in 0..<k { targets[t] = dist[targetIndex[order[t]]] }
                for t in 0...k { below[t] = 0 }
                for l in 0..<n where l != i {
                    let dl = dist[l]
                    if dl > targets[k - 1] { continue }
                    // first target position p with targets[p] > dl, or == dl and index > l
                    var lo = 0, hi = k
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        let tj = targetIndex[order[mid]]
                        if targets[mid] > dl || (targets[mid] == dl && tj > l) { hi = mid } else { lo = mid + 1 }
                    }
                    below[lo] += 1
                }
                var cumulative = 0
                for t in 0..<k {
                    cumulative += below[t]
                    let rank = cumulative + 1
                    if rank > k { penalty += Double(rank - k) }
                }
            }
            return penalty
        }
    }
    var total = 0.0
    for p in partials { total += p }
    total *= Double(n) / Double(m)
    let nd = Double(n), kd = Double(k)
    return 1 - total * (2 / (nd * kd * (2 * nd - 3 * kd - 1)))
}
