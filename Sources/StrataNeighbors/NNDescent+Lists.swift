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
    mutating func initialize(_ data: Matrix, forest: RPForest, random: CounterRandom) {
        let n = count, size = self.size, d = data.columns
        let trees = forest.permutations.count
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                isNew.withUnsafeMutableBufferPointer { fb in
                    let ip = SendablePointer(ib.baseAddress!), dp = SendablePointer(db.baseAddress!),
                        fp = SendablePointer(fb.baseAddress!)
                    data.storage.withUnsafeBufferPointer { xb in
                        nonisolated(unsafe) let x = xb.baseAddress!
                        Parallel.forEachChunk(count: n, minimumChunk: 1024) { _, range in
                            for i in range {
                                let li = ip.base + i * size, ld = dp.base + i * size, lf = fp.base + i * size
                                let xi = x + i * d
                                for t in 0..<trees {
                                    for j in forest.leaf(ofRow: i, tree: t) where Int(j) != i {
                                        let dist = Distance.squaredEuclidean(xi, x + Int(j) * d, count: d)
                                        _ = NeighborLists.insert(li, ld, lf, size: size, j: j, d: dist)
                                    }
                                }
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
    func graph(includeSelf: Bool, cosine: Bool) -> NeighborGraph {
        let k = includeSelf ? size + 1 : size
        var outI = [Int32](repeating: 0, count: count * k), outD = [Float](repeating: 0, count: count * k)
        for i in 0..<count {
            var o = i * k
            if includeSelf { outI[o] = Int32(i); outD[o] = 0; o += 1 }
            for t in 0..<size {
                outI[o + t] = indices[i * size + t]
                let sq = max(distances[i * size + t], 0)
                outD[o + t] = cosine ? sq / 2 : sq.squareRoot()
            }
        }
        return NeighborGraph(count: count, k: k, indices: outI, distances: outD)
    }
}
