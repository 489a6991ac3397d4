import StrataCore

/// One k-means run's result (centres in `Double`, k × d row-major).
struct KMeansRun: Sendable {
    var centers: [Double]
    var labels: [Int32]
    var inertia: Double
    var iterations: Int
}

/// Centres laid out for the assignment kernel: blocks of 16 centres, feature-major inside a block,
/// so one `SIMD16<Float>` holds one feature of 16 centres and a row is compared with 16 centres
/// per fused multiply-add. Lanes past the last centre carry +∞ in `bias` and never win.
struct PackedCenters {
    let blockCount: Int
    let columns: Int
    var lanes: [SIMD16<Float>]   // blockCount × columns
    var bias: [SIMD16<Float>]    // blockCount

    init(_ centers: [Double], clusterCount k: Int, columns d: Int) {
        blockCount = (k + 15) / 16
        columns = d
        lanes = [SIMD16<Float>](repeating: .zero, count: blockCount * d)
        bias = [SIMD16<Float>](repeating: .zero, count: blockCount)
        for c in 0..<(blockCount * 16) {
            let b = c / 16, lane = c % 16
            if c < k {
                for j in 0..<d { lanes[b * d + j][lane] = Float(centers[c * d + j]) }
            } else {
                bias[b][lane] = .infinity
            }
        }
    }
}

/// The numeric kernels behind ``KMeans`` and ``MiniBatchKMeans``.
enum KMeansKernels {
    /// Minimum lane by halving (vector min instructions; `SIMD.min()` compiles to a scalar loop).
    @inline(__always)
    static func horizontalMin(_ v: SIMD16<Float>) -> Float {
        let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .< v.lowHalf)
        let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .< a.lowHalf)
        let c = b.lowHalf.replacing(with: b.highHalf, where: b.highHalf .< b.lowHalf)
        return Swift.min(c[0], c[1])
    }

    /// Nearest centre of one row (first centre on ties) and its squared distance.
    @inline(__always)
    static func nearest(_ x: UnsafePointer<Float>, lanes: UnsafePointer<SIMD16<Float>>,
                        bias: UnsafePointer<SIMD16<Float>>, blocks: Int, columns d: Int) -> (label: Int, distance: Float) {
        let laneIndex = SIMD16<Float>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var bestDistance = Float.infinity
        var bestLabel = 0
        for b in 0..<blocks {
            var acc = bias[b]
            let base = lanes + b &* d
            for j in 0..<d {
                let diff = SIMD16<Float>(repeating: x[j]) - base[j]
                acc.addMul(diff, diff)
            }
            let m = horizontalMin(acc)
            if m < bestDistance {
                bestDistance = m
                let first = horizontalMin(laneIndex.replacing(with: 64, where: acc .!= m))
                bestLabel = b &* 16 &+ Int(first)
            }
        }
        return (bestLabel, bestDistance)
    }

    /// Labels of every row against `centers` (k × d, `Double`).
    static func assign(_ data: Matrix, centers: [Double], clusterCount k: Int) -> [Int32] {
        let blocks = RowBlocks(data)
        defer { blocks.deallocate() }
        return assign(blocks, centers: centers, clusterCount: k)
    }

    /// Labels of every row of `blocks` against `centers`.
    static func assign(_ blocks: RowBlocks, centers: [Double], clusterCount k: Int) -> [Int32] {
        let floatCenters = blocks.prepare(centers, clusterCount: k)
        var labels = [Int32](repeating: 0, count: blocks.rows)
        floatCenters.withUnsafeBufferPointer { c in
            labels.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let cp = c.baseAddress!
                let op = SendablePointer(out.baseAddress!)
                Parallel.forEachChunk(count: blocks.blockCount, minimumChunk: RowBlocks.minimumChunkBlocks) { _, range in
                    for b in range {
                        let labelsOfBlock = blocks.nearest(block: b, prepared: cp, clusterCount: k)
                        for lane in 0..<blocks.laneCount(b) { op[b &* 16 &+ lane] = labelsOfBlock[lane] }
                    }
                }
            }
        }
        return labels
    }

    /// Σ squared distance of each row to its labelled centre, accumulated in `Double` in fixed chunks.
    static func inertia(_ data: Matrix, centers: [Double], labels: [Int32]) -> Double {
        let d = data.columns
        let partial: [Double] = data.storage.withUnsafeBufferPointer { x in
            centers.withUnsafeBufferPointer { c in
                labels.withUnsafeBufferPointer { l in
                    nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!, lp = l.baseAddress!
                    return Parallel.mapChunks(count: data.rows, minimumChunk: 4096) { range in
                        var s = 0.0
                        for i in range {
                            let row = xp + i &* d, centre = cp + Int(lp[i]) &* d
                            var t = 0.0
                            for j in 0..<d { let diff = Double(row[j]) - centre[j]; t += diff * diff }
                            s += t
                        }
                        return s
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// sklearn's `_tolerance`: `tol × mean(var(X, axis=0))`.
    static func scaledTolerance(_ data: Matrix, tolerance: Double) -> Double {
        guard tolerance > 0 else { return 0 }
        let n = data.rows, d = data.columns
        let mean = columnSums(data).map { $0 / Double(n) }
        let partial: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let xp = x.baseAddress!
            return Parallel.mapChunks(count: n, minimumChunk: 8192) { range in
                var s = [Double](repeating: 0, count: d)
                for i in range { for j in 0..<d { let v = Double(xp[i &* d &+ j]) - mean[j]; s[j] += v * v } }
                return s
            }
        }
        var total = 0.0
        for p in partial { for v in p { total += v } }
        return total / Double(n) / Double(d) * tolerance
    }

    static func columnSums(_ data: Matrix) -> [Double] {
        let d = data.columns
        let partial: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let xp = x.baseAddress!
            return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                var s = [Double](repeating: 0, count: d)
                for i in range { for j in 0..<d { s[j] += Double(xp[i &* d &+ j]) } }
                return s
            }
        }
        var sums = [Double](repeating: 0, count: d)
        for p in partial { for j in 0..<d { sums[j] += p[j] } }
        return sums
    }

    /// sklearn's `_is_same_clustering`: whether `a` and `b` are the same partition up to renaming.
    static func isSameClustering(_ a: [Int32], _ b: [Int32], clusterCount k: Int) -> Bool {
        var mapping = [Int32](repeating: -1, count: k)
        for i in a.indices {
            let l = Int(a[i])
            if mapping[l] == -1 { mapping[l] = b[i] } else if mapping[l] != b[i] { return false }
        }
        return true
    }

    /// Euclidean shift of each centre between two iterations.
    static func centerShifts(_ old: [Double], _ new: [Double], clusterCount k: Int, columns d: Int) -> [Double] {
        (0..<k).map { c in
            var s = 0.0
            for j in 0..<d { let v = new[c * d + j] - old[c * d + j]; s += v * v }
            return s.squareRoot()
        }
    }

    /// sklearn's `_relocate_empty_clusters_dense`: each empty cluster takes the row farthest from
    /// its (old) centre, in decreasing distance; the row's weight moves out of its cluster's sum.
    /// `sums` are the unnormalised centre sums, `counts` the cluster weights.
    static func relocateEmptyClusters(_ data: Matrix, oldCenters: [Double], labels: [Int32],
                                      sums: inout [Double], counts: inout [Double], clusterCount k: Int) {
        let empty = (0..<k).filter { counts[$0] == 0 }
        guard !empty.isEmpty else { return }
        let d = data.columns
        let perChunk: [[(Double, Int)]] = data.storage.withUnsafeBufferPointer { x in
            oldCenters.withUnsafeBufferPointer { c in
                labels.withUnsafeBufferPointer { l in
                    nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!, lp = l.baseAddress!
                    let want = empty.count
                    return Parallel.mapChunks(count: data.rows, minimumChunk: 8192) { range in
                        // Keep this chunk's `want` farthest rows (small insertion list).
                        var top: [(Double, Int)] = []
                        for i in range {
                            let row = xp + i &* d, centre = cp + Int(lp[i]) &* d
                            var t = 0.0
                            for j in 0..<d { let diff = Double(row[j]) - centre[j]; t += diff * diff }
                            if top.count < want || farther((t, i), than: top[top.count - 1]) {
                                var pos = top.count
                                while pos > 0 && farther((t, i), than: top[pos - 1]) { pos -= 1 }
                                top.insert((t, i), at: pos)
                                if top.count > want { top.removeLast() }
                            }
                        }
                        return top
                    }
                }
            }
        }
        let far = perChunk.flatMap { $0 }.sorted { farther($0, than: $1) }.prefix(empty.count).map { $0.1 }
        for (index, newCluster) in empty.enumerated() {
            let row = far[index]
            let old = Int(labels[row])
            for j in 0..<d {
                let v = Double(data.storage[row * d + j])
                sums[old * d + j] -= v
                sums[newCluster * d + j] = v
            }
            counts[newCluster] = 1
            counts[old] -= 1
        }
    }

    @inline(__always)
    static func farther(_ a: (Double, Int), than b: (Double, Int)) -> Bool {
        a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
    }

    /// sklearn's `_average_centers`: divide sums by weights, leaving weightless clusters as sums.
    static func averageCenters(_ sums: [Double], counts: [Double], clusterCount k: Int, columns d: Int) -> [Double] {
        var out = sums
        for c in 0..<k where counts[c] > 0 {
            let alpha = 1 / counts[c]
            for j in 0..<d { out[c * d + j] *= alpha }
        }
        return out
    }
}
