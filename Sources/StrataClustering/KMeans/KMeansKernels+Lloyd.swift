import StrataCore

extension KMeansKernels {
    /// Per-chunk partial results of one assignment pass.
    struct Partial: Sendable {
        var sums: [Double]
        var counts: [Double]
        var changed: Bool
    }

    /// Assigns every row to its nearest centre (writing `labels`) and returns how the per-label
    /// row sums and counts change: a row that moves is subtracted from its old label (if any) and
    /// added to its new one, in `Double`, chunk by chunk in a fixed order (independent of the
    /// thread count). Rows that keep their label cost no accumulation at all, so late iterations,
    /// where few rows move, read only the block copy.
    static func assignAndAccumulate(_ data: Matrix, blocks: RowBlocks, centers: [Double], clusterCount k: Int,
                                    labels: inout [Int32]) -> (sums: [Double], counts: [Double], changed: Bool) {
        let d = data.columns
        let prepared = blocks.prepare(centers, clusterCount: k)
        let partials: [Partial] = data.storage.withUnsafeBufferPointer { x in
            prepared.withUnsafeBufferPointer { c in
                labels.withUnsafeMutableBufferPointer { out in
                    nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!
                    let op = SendablePointer(out.baseAddress!)
                    return Parallel.mapChunks(count: blocks.blockCount, minimumChunk: RowBlocks.minimumChunkBlocks) { range in
                        var sums = [Double](repeating: 0, count: k * d)
                        var counts = [Double](repeating: 0, count: k)
                        var changed = false
                        sums.withUnsafeMutableBufferPointer { s in
                            counts.withUnsafeMutableBufferPointer { n in
                                let sp = s.baseAddress!, np = n.baseAddress!
                                for b in range {
                                    let labelsOfBlock = blocks.nearest(block: b, prepared: cp, clusterCount: k)
                                    for lane in 0..<blocks.laneCount(b) {
                                        let i = b &* 16 &+ lane
                                        let label = labelsOfBlock[lane]
                                        let previous = op[i]
                                        if previous == label { continue }
                                        changed = true
                                        op[i] = label
                                        let row = xp + i &* d
                                        let l = Int(label)
                                        np[l] += 1
                                        let target = sp + l &* d
                                        for j in 0..<d { target[j] += Double(row[j]) }
                                        if previous >= 0 {
                                            let o = Int(previous)
                                            np[o] -= 1
                                            let source = sp + o &* d
                                            for j in 0..<d { source[j] -= Double(row[j]) }
                                        }
                                    }
                                }
                            }
                        }
                        return Partial(sums: sums, counts: counts, changed: changed)
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        var changed = false
        for p in partials {
            for t in 0..<(k * d) { sums[t] += p.sums[t] }
            for c in 0..<k { counts[c] += p.counts[c] }
            changed = changed || p.changed
        }
        return (sums, counts, changed)
    }

    /// sklearn's `_kmeans_single_lloyd`: iterate until the labels stop changing (strict
    /// convergence) or the summed squared centre shift is at most `tolerance`; if the loop ended
    /// without strict convergence, relabel once against the final centres.
    static func lloyd(_ data: Matrix, blocks: RowBlocks, centers start: [Double], clusterCount k: Int,
                      maxIterations: Int, tolerance: Double) -> KMeansRun {
        let d = data.columns
        var centers = start
        // -1 everywhere: the first pass always counts as a change, as sklearn's labels_old.
        var labels = [Int32](repeating: -1, count: data.rows)
        var strict = false
        var iteration = 0
        // Row sums and counts per current label, updated incrementally as rows move.
        var labelSums = [Double](repeating: 0, count: k * d)
        var labelCounts = [Double](repeating: 0, count: k)
        while iteration < maxIterations {
            iteration += 1
            let (deltaSums, deltaCounts, changed) = assignAndAccumulate(data, blocks: blocks, centers: centers, clusterCount: k, labels: &labels)
            for t in 0..<(k * d) { labelSums[t] += deltaSums[t] }
            for c in 0..<k { labelCounts[c] += deltaCounts[c] }
            var sums = labelSums, counts = labelCounts
            relocateEmptyClusters(data, oldCenters: centers, labels: labels, sums: &sums, counts: &counts, clusterCount: k)
            let newCenters = averageCenters(sums, counts: counts, clusterCount: k, columns: d)
            let shift = centerShifts(centers, newCenters, clusterCount: k, columns: d)
            centers = newCenters
            if !changed { strict = true; break }
            if shift.reduce(0, { $0 + $1 * $1 }) <= tolerance { break }
        }
        if !strict {
            labels = assign(blocks, centers: centers, clusterCount: k)
        }
        return KMeansRun(centers: centers, labels: labels, inertia: inertia(data, centers: centers, labels: labels), iterations: iteration)
    }
}
