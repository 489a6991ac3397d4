import StrataCore

/// The running centres and per-centre counts of ``MiniBatchKMeans``.
struct MiniBatchState {
    let clusterCount: Int
    let columns: Int
    var centers: [Double]
    var counts: [Double]
    private var sums: [Double]
    private var batchCounts: [Double]
    private var labels: [Int]

    init(centers: [Double], clusterCount: Int, columns: Int) {
        self.clusterCount = clusterCount
        self.columns = columns
        self.centers = centers
        counts = [Double](repeating: 0, count: clusterCount)
        sums = [Double](repeating: 0, count: clusterCount * columns)
        batchCounts = [Double](repeating: 0, count: clusterCount)
        labels = []
    }

    /// sklearn's `_mini_batch_step` without reassignment: label the batch rows against the current
    /// centres, then move every centre that received rows to the mean of everything it has seen
    /// (old centre weighted by its count plus the new rows). Returns the batch inertia.
    mutating func step(_ data: Matrix, rows: [Int]) -> Double {
        let k = clusterCount, d = columns
        let packed = PackedCenters(centers, clusterCount: k, columns: d)
        for t in 0..<sums.count { sums[t] = 0 }
        for c in 0..<k { batchCounts[c] = 0 }
        if labels.count != rows.count { labels = [Int](repeating: 0, count: rows.count) }
        var inertia = 0.0
        data.storage.withUnsafeBufferPointer { x in
            packed.lanes.withUnsafeBufferPointer { lanes in
                packed.bias.withUnsafeBufferPointer { bias in
                    sums.withUnsafeMutableBufferPointer { s in
                        let xp = x.baseAddress!, sp = s.baseAddress!
                        for (b, r) in rows.enumerated() {
                            let row = xp + r &* d
                            let (label, distance) = KMeansKernels.nearest(row, lanes: lanes.baseAddress!, bias: bias.baseAddress!,
                                                                          blocks: packed.blockCount, columns: d)
                            labels[b] = label
                            inertia += Double(distance)
                            batchCounts[label] += 1
                            let target = sp + label &* d
                            for j in 0..<d { target[j] += Double(row[j]) }
                        }
                    }
                }
            }
        }
        for c in 0..<k where batchCounts[c] > 0 {
            // Undo the previous count scaling, add the new rows, rescale to the running mean.
            let total = counts[c] + batchCounts[c]
            let alpha = 1 / total
            for j in 0..<d { centers[c * d + j] = (centers[c * d + j] * counts[c] + sums[c * d + j]) * alpha }
            counts[c] = total
        }
        return inertia
    }

    /// sklearn's low-count reassignment: centres with a count below `ratio × max count` jump onto
    /// distinct random rows of the batch (at most half the batch), and their counts are set to the
    /// smallest count among the kept centres.
    mutating func reassignLowCounts(_ data: Matrix, rows: [Int], ratio: Double, generator: inout SeededGenerator) {
        let k = clusterCount, d = columns
        let largest = counts.max() ?? 0
        var reassign = counts.map { $0 < ratio * largest }
        let batch = rows.count
        if Double(reassign.filter { $0 }.count) > 0.5 * Double(batch) {
            // Keep the centres with the largest counts (sklearn: argsort(counts)[int(0.5·batch):]).
            let order = (0..<k).sorted { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
            for c in order[min(k, Int(0.5 * Double(batch)))...] { reassign[c] = false }
        }
        let moving = (0..<k).filter { reassign[$0] }
        if !moving.isEmpty {
            let picks = KMeansKernels.distinctIndices(count: moving.count, below: batch, generator: &generator)
            for (c, p) in zip(moving, picks) {
                for j in 0..<d { centers[c * d + j] = Double(data.storage[rows[p] * d + j]) }
            }
            let kept = (0..<k).filter { !reassign[$0] }.map { counts[$0] }
            if let smallest = kept.min() { for c in moving { counts[c] = smallest } }
        }
    }
}
