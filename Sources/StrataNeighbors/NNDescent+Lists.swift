import StrataCore

/// Per-row neighbour lists of NN-descent: sorted ascending by squared distance, with a "new" flag.
struct NeighborLists {
    let count: Int
    let size: Int
    var indices: [Int32]
    var distances: [Float]
    var isNew: [UInt8]

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
        indices = [Int32](repeating: -1, count: count * size)
        distances = [Float](repeating: .infinity, count: count * size)
        isNew = [UInt8](repeating: 1, count: count * size)
    }

    /// Inserts (j, d) into row i's sorted list when it beats the worst and is not yet present.
    @inline(__always)
    static func insert(_ idx: UnsafeMutablePointer<Int32>, _ dist: UnsafeMutablePointer<Float>,
                       _ flag: UnsafeMutablePointer<UInt8>, size: Int, j: Int32, d: Float) -> Bool {
        if !(d < dist[size - 1]) { return false }
        for t in 0..<size where idx[t] == j { return false }
        var t = size - 1
        while t > 0 && (dist[t - 1] > d || (dist[t - 1] == d && idx[t - 1] > j)) {
            dist[t] = dist[t - 1]; idx[t] = idx[t - 1]; flag[t] = flag[t - 1]; t -= 1
        }
        dist[t] = d; idx[t] = j; flag[t] = 1
        return true
    }

    /// Fills each row's list from the rows sharing its leaves, then random rows if still short.
    ///
    /// Leaf by leaf, tree after tree: every pair in a leaf is measured once and offered to both
    /// rows (a row is in exactly one leaf per tree, so leaves in parallel write disjoint lists),
    /// and a leaf's rows stay in cache while it is processed — row by row over all trees, each
    /// distance was a cache miss on a random row.
    mutating func initialize(_ data: Matrix, forest: RPForest, random: CounterRandom) {
        let n = count, size = self.size, d = data.columns
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                isNew.withUnsafeMutableBufferPointer { fb in
                    let ip = SendablePointer(ib.baseAddress!), dp = SendablePointer(db.baseAddress!),
                        fp = SendablePointer(fb.baseAddress!)
                    data.storage.withUnsafeBufferPointer { xb in
                        nonisolated(unsafe) let x = xb.baseAddress!
                        for t in forest.permutations.indices {
                            let perm = forest.permutations[t], starts = forest.leafStarts[t]
                            Parallel.forEachChunk(count: starts.count - 1, minimumChunk: 64) { _, leaves in
                                perm.withUnsafeBufferPointer { pb in
                                    for leaf in leaves {
                                        let lo = Int(starts[leaf]), hi = Int(starts[leaf + 1])
                                        for u in lo..<hi {
                                            let i = Int(pb[u])
                                            let xi = x + i * d
                                            for v in (u + 1)..<max(hi, u + 1) {
                                                let j = Int(pb[v])
                                                let dist = Distance.squaredEuclidean(xi, x + j * d, count: d)
                                                _ = NeighborLists.insert(ip.base + i * size, dp.base + i * size, fp.base + i * size,
                                                                         size: size, j: Int32(j), d: dist)
                                                _ = NeighborLists.insert(ip.base + j * size, dp.base + j * size, fp.base + j * size,
                                                                         size: size, j: Int32(i), d: dist)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        Parallel.forEachChunk(count: n, minimumChunk: 1024) { _, range in
                            for i in range {
                                let li = ip.base + i * size, ld = dp.base + i * size, lf = fp.base + i * size
                                let xi = x + i * d
                                var attempt: UInt64 = 0
                                while li[size - 1] < 0 && attempt < UInt64(4 * size + 64) {
                                    let j = random.int(below: n, stream: UInt64(i), counter: attempt)
                                    attempt += 1
                                    if j == i { continue }
                                    let dist = Distance.squaredEuclidean(xi, x + j * d, count: d)
                                    _ = NeighborLists.insert(li, ld, lf, size: size, j: Int32(j), d: dist)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The final graph: ascending, Euclidean (or cosine) distances, optional self first.
    /// `order[i]` is the caller's index of internal row i (nil: the same).
    func graph(includeSelf: Bool, cosine: Bool, order: [Int32]? = nil) -> NeighborGraph {
        let k = includeSelf ? size + 1 : size
        var outI = [Int32](repeating: 0, count: count * k), outD = [Float](repeating: 0, count: count * k)
        for i in 0..<count {
            let row = order.map { Int($0[i]) } ?? i
            var o = row * k
            if includeSelf { outI[o] = Int32(row); outD[o] = 0; o += 1 }
            for t in 0..<size {
                let j = indices[i * size + t]
                outI[o + t] = order.map { j >= 0 ? $0[Int(j)] : j } ?? j
                let sq = max(distances[i * size + t], 0)
                outD[o + t] = cosine ? sq / 2 : sq.squareRoot()
            }
        }
        return NeighborGraph(count: count, k: k, indices: outI, distances: outD)
    }
}
