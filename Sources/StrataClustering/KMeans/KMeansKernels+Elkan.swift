import StrataCore

extension KMeansKernels {
    /// Half the distance between every pair of centres (k × k) and, per centre, the half distance
    /// to its nearest other centre — sklearn's `center_half_distances` and `distance_next_center`.
    static func halfDistances(_ centers: [Double], clusterCount k: Int, columns d: Int) -> (pairs: [Float], next: [Float]) {
        var pairs = [Float](repeating: 0, count: k * k)
        var next = [Float](repeating: .infinity, count: k)
        for a in 0..<k {
            for b in 0..<k where b != a {
                var s = 0.0
                for j in 0..<d { let v = centers[a * d + j] - centers[b * d + j]; s += v * v }
                let h = Float(s.squareRoot() / 2)
                pairs[a * k + b] = h
                next[a] = min(next[a], h)
            }
        }
        return (pairs, next)
    }

    @inline(__always)
    static func euclidean(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        Distance.squaredEuclidean(a, b, count: d).squareRoot()
    }

    /// sklearn's `_kmeans_single_elkan`: Lloyd's fixed point reached with triangle-inequality
    /// bounds (one upper bound per row, k lower bounds per row), same stopping rules.
    static func elkan(_ data: Matrix, centers start: [Double], clusterCount k: Int,
                      maxIterations: Int, tolerance: Double) -> KMeansRun {
        let n = data.rows, d = data.columns
        var centers = start
        var labels = [Int32](repeating: -1, count: n)
        var upper = [Float](repeating: 0, count: n)
        var lower = [Float](repeating: 0, count: n * k)
        var (pairs, next) = halfDistances(centers, clusterCount: k, columns: d)

        // init_bounds: a row skips centre j when it is provably closer to its current best.
        do {
            let floatCenters = centers.map { Float($0) }
            data.storage.withUnsafeBufferPointer { x in
                floatCenters.withUnsafeBufferPointer { c in
                    pairs.withUnsafeBufferPointer { h in
                        nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!, hp = h.baseAddress!
                        return withBoundPointers(&labels, &upper, &lower) { lp, up, lbp in
                        Parallel.forEachChunk(count: n, minimumChunk: 4096) { _, range in
                            for i in range {
                                let row = xp + i &* d
                                var best = 0
                                var minDistance = euclidean(row, cp, d)
                                lbp[i &* k] = minDistance
                                for j in 1..<max(1, k) where minDistance > hp[best &* k &+ j] {
                                    let dist = euclidean(row, cp + j &* d, d)
                                    lbp[i &* k &+ j] = dist
                                    if dist < minDistance { minDistance = dist; best = j }
                                }
                                lp[i] = Int32(best)
                                up[i] = minDistance
                            }
                        }
                        }
                    }
                }
            }
        }

        // Per-label row sums for the initial labels; afterwards updated from the rows that move.
        var labelSums = [Double](repeating: 0, count: k * d)
        var labelCounts = [Double](repeating: 0, count: k)
        for i in 0..<n {
            let l = Int(labels[i])
            labelCounts[l] += 1
            for j in 0..<d { labelSums[l * d + j] += Double(data.storage[i * d + j]) }
        }
        var previous = [Int32](repeating: -1, count: n)
        var strict = false
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let (deltaSums, deltaCounts) = elkanPass(data, centers: centers, pairs: pairs, next: next, clusterCount: k,
                                                     labels: &labels, upper: &upper, lower: &lower)
            for t in 0..<(k * d) { labelSums[t] += deltaSums[t] }
            for c in 0..<k { labelCounts[c] += deltaCounts[c] }
            var sums = labelSums, counts = labelCounts
            relocateEmptyClusters(data, oldCenters: centers, labels: labels, sums: &sums, counts: &counts, clusterCount: k)
            let newCenters = averageCenters(sums, counts: counts, clusterCount: k, columns: d)
            let shift = centerShifts(centers, newCenters, clusterCount: k, columns: d)
            updateBounds(shift: shift, labels: labels, upper: &upper, lower: &lower, clusterCount: k)
            (pairs, next) = halfDistances(newCenters, clusterCount: k, columns: d)
            centers = newCenters
            if labels == previous { strict = true; break }
            if shift.reduce(0, { $0 + $1 * $1 }) <= tolerance { break }
            previous = labels
        }
        if !strict {
            _ = elkanPass(data, centers: centers, pairs: pairs, next: next, clusterCount: k,
                          labels: &labels, upper: &upper, lower: &lower)
        }
        return KMeansRun(centers: centers, labels: labels, inertia: inertia(data, centers: centers, labels: labels), iterations: iteration)
    }

    /// One `elkan_iter_chunked_dense`: tighten bounds only where the triangle inequality cannot
    /// rule a centre out and relabel; returns the change of the per-label sums and counts.
    static func elkanPass(_ data: Matrix, centers: [Double], pairs: [Float], next: [Float], clusterCount k: Int,
                          labels: inout [Int32], upper: inout [Float], lower: inout [Float]) -> (sums: [Double], counts: [Double]) {
        let n = data.rows, d = data.columns
        let floatCenters = centers.map { Float($0) }
        let partials: [Partial] = data.storage.withUnsafeBufferPointer { x in
            floatCenters.withUnsafeBufferPointer { c in
                pairs.withUnsafeBufferPointer { h in
                    next.withUnsafeBufferPointer { nx in
                        nonisolated(unsafe) let xp = x.baseAddress!, cp = c.baseAddress!, hp = h.baseAddress!, np = nx.baseAddress!
                        return withBoundPointers(&labels, &upper, &lower) { lp, up, lbp in
                        return Parallel.mapChunks(count: n, minimumChunk: 4096) { range in
                            var sums = [Double](repeating: 0, count: k * d)
                            var counts = [Double](repeating: 0, count: k)
                            for i in range {
                                let row = xp + i &* d
                                var label = Int(lp[i])
                                var bound = up[i]
                                var tight = false
                                if !(np[label] >= bound) {
                                    for j in 0..<k where j != label && bound > lbp[i &* k &+ j] && bound > hp[label &* k &+ j] {
                                        if !tight {
                                            bound = euclidean(row, cp + label &* d, d)
                                            lbp[i &* k &+ label] = bound
                                            tight = true
                                        }
                                        if bound > lbp[i &* k &+ j] || bound > hp[label &* k &+ j] {
                                            let dist = euclidean(row, cp + j &* d, d)
                                            lbp[i &* k &+ j] = dist
                                            if dist < bound { label = j; bound = dist }
                                        }
                                    }
                                    up[i] = bound
                                    let previous = Int(lp[i])
                                    if previous != label {
                                        // Only rows that move change the per-label sums.
                                        lp[i] = Int32(label)
                                        counts[label] += 1
                                        counts[previous] -= 1
                                        for j in 0..<d {
                                            let v = Double(row[j])
                                            sums[label &* d &+ j] += v
                                            sums[previous &* d &+ j] -= v
                                        }
                                    }
                                }
                            }
                            return Partial(sums: sums, counts: counts, changed: false)
                        }
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        for p in partials {
            for t in 0..<(k * d) { sums[t] += p.sums[t] }
            for c in 0..<k { counts[c] += p.counts[c] }
        }
        return (sums, counts)
    }

    /// Loosen the bounds by how far the centres moved.
    static func updateBounds(shift: [Double], labels: [Int32], upper: inout [Float], lower: inout [Float], clusterCount k: Int) {
        let n = labels.count
        let floatShift = shift.map { Float($0) }
        labels.withUnsafeBufferPointer { l in
            floatShift.withUnsafeBufferPointer { s in
                nonisolated(unsafe) let lp = l.baseAddress!, sp = s.baseAddress!
                upper.withUnsafeMutableBufferPointer { ub in
                lower.withUnsafeMutableBufferPointer { lb in
                let up = SendablePointer(ub.baseAddress!), lbp = SendablePointer(lb.baseAddress!)
                Parallel.forEachChunk(count: n, minimumChunk: 8192) { _, range in
                    for i in range {
                        up[i] += sp[Int(lp[i])]
                        for j in 0..<k {
                            let v = lbp[i &* k &+ j] - sp[j]
                            lbp[i &* k &+ j] = v < 0 ? 0 : v
                        }
                    }
                }
                }
                }
            }
        }
    }
}

/// Runs `body` with raw pointers to Elkan's per-row state (labels, upper and lower bounds); each
/// parallel chunk writes only its own rows.
func withBoundPointers<R>(_ labels: inout [Int32], _ upper: inout [Float], _ lower: inout [Float],
                          _ body: (SendablePointer<Int32>, SendablePointer<Float>, SendablePointer<Float>) -> R) -> R {
    labels.withUnsafeMutableBufferPointer { l in
        upper.withUnsafeMutableBufferPointer { u in
            lower.withUnsafeMutableBufferPointer { b in
                body(SendablePointer(l.baseAddress!), SendablePointer(u.baseAddress!), SendablePointer(b.baseAddress!))
            }
        }
    }
}
