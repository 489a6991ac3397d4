import StrataCore

/// The reference rows of a large ``ExactNeighbors/query(_:in:)`` grouped so that whole panels can
/// be proven too far from a block of queries and skipped, without changing the (exact) answer.
///
/// Rows are assigned to `clusterCount` centres (strided rows refined by one Lloyd step), then
/// ordered by (centre, distance to it), so each 32-row panel is a thin shell around one centre.
/// For a query q and a panel with centre c whose rows lie at distances `lo…hi` from c, the
/// triangle inequality bounds every row r of the panel: ‖q − r‖ ≥ max(‖q − c‖ − hi, lo − ‖q − c‖).
/// `BlockedSearch` skips a panel when that bound exceeds every query's current k-th candidate.
/// Queries are visited grouped by their nearest centre, and centres nearest first, so the
/// candidate lists fill with close rows early and most of the far panels are never computed.
///
/// Complexity: O(m · clusterCount · d) to build, for m reference rows (two kernel passes).
/// Reference: the annulus bound of Elkan (2003) and of ball-tree searches.
struct ReferencePartition: Sendable {
    /// Reference rows in visiting order: `permutation[j]` is the original index of packed row j.
    let permutation: [Int32]
    /// The reference rows in that order, packed for the distance kernel.
    let panels: DistancePanels
    /// The centre each panel is bounded against, and the exact distance range of its rows from it.
    let panelCentre: [Int32]
    let panelLow: [Double]
    let panelHigh: [Double]
    /// The centres, packed for the distance kernel, with their squared norms.
    let centres: DistancePanels
    let centreCount: Int
    /// Panels bounded against each centre form one run: `centreFirstPanel[c]..<centreFirstPanel[c + 1]`.
    let centreFirstPanel: [Int]

    init(_ reference: Matrix, clusterCount requested: Int) {
        let m = reference.rows, d = reference.columns
        let p = Swift.max(1, Swift.min(requested, m))
        // Strided rows as seeds, one Lloyd step: the partition only needs to be compact, not optimal.
        var seeds = Matrix(rows: p, columns: d)
        for c in 0..<p {
            let row = c * m / p
            for j in 0..<d { seeds.storage[c * d + j] = reference.storage[row * d + j] }
        }
        let first = Self.nearest(reference, DistancePanels(seeds), count: p)
        var sums = [Double](repeating: 0, count: p * d), sizes = [Int](repeating: 0, count: p)
        for r in 0..<m {
            let c = Int(first[r]); sizes[c] += 1
            for j in 0..<d { sums[c * d + j] += Double(reference.storage[r * d + j]) }
        }
        var centreMatrix = seeds
        for c in 0..<p where sizes[c] > 0 {
            for j in 0..<d { centreMatrix.storage[c * d + j] = Float(sums[c * d + j] / Double(sizes[c])) }
        }
        let centrePanels = DistancePanels(centreMatrix)
        let assigned = Self.nearest(reference, centrePanels, count: p)
        var radius = [Double](repeating: 0, count: m)
        for r in 0..<m { radius[r] = Self.distance(reference, r, centreMatrix, Int(assigned[r])) }
        let order = (0..<m).sorted { (a: Int, b: Int) -> Bool in
            if assigned[a] != assigned[b] { return assigned[a] < assigned[b] }
            if radius[a] != radius[b] { return radius[a] < radius[b] }
            return a < b
        }
        var packed = Matrix(rows: m, columns: d)
        for (j, r) in order.enumerated() {
            for c in 0..<d { packed.storage[j * d + c] = reference.storage[r * d + c] }
        }
        let panels = DistancePanels(packed)
        let w = DistancePanels.width
        var panelCentre = [Int32](repeating: 0, count: panels.panelCount)
        var low = [Double](repeating: 0, count: panels.panelCount), high = low
        var firstPanel = [Int](repeating: panels.panelCount, count: p + 1)
        for panel in 0..<panels.panelCount {
            let centre = assigned[order[panel * w]]
            panelCentre[panel] = centre
            firstPanel[Int(centre)] = Swift.min(firstPanel[Int(centre)], panel)
            var lo = Double.infinity, hi = 0.0
            for j in (panel * w)..<Swift.min(m, panel * w + w) {
                // A panel's tail may hold the next centre's rows: bounded against this centre all the same.
                let r = order[j]
                let dist = assigned[r] == centre ? radius[r] : Self.distance(reference, r, centreMatrix, Int(centre))
                lo = Swift.min(lo, dist); hi = Swift.max(hi, dist)
            }
            low[panel] = lo; high[panel] = hi
        }
        // Centres without a panel of their own get an empty run just before the next one's.
        for c in stride(from: p - 1, through: 0, by: -1) { firstPanel[c] = Swift.min(firstPanel[c], firstPanel[c + 1]) }
        permutation = order.map { Int32(truncatingIfNeeded: $0) }
        self.panels = panels
        self.panelCentre = panelCentre; panelLow = low; panelHigh = high
        centres = centrePanels; centreCount = p; centreFirstPanel = firstPanel
    }

    /// The nearest centre of every row of `rows` (Float32 kernel distances: an approximate
    /// assignment is enough, the bounds are computed exactly afterwards).
    static func nearest(_ rows: Matrix, _ centres: DistancePanels, count: Int) -> [Int32] {
        let n = rows.rows, d = rows.columns, width = centres.panelCount * DistancePanels.width
        var out = [Int32](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { ob in
            rows.storage.withUnsafeBufferPointer { rb in
                centres.values.withUnsafeBufferPointer { cv in
                    centres.norms.withUnsafeBufferPointer { cn in
                        let o = SendablePointer(ob.baseAddress!)
                        nonisolated(unsafe) let r = rb.baseAddress!, values = cv.baseAddress!, norms = cn.baseAddress!
                        Parallel.forEachChunk(count: n, minimumChunk: 1024) { _, range in
                            let block = 64
                            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * width)
                            let rowNorms = UnsafeMutablePointer<Float>.allocate(capacity: block)
                            defer { buffer.deallocate(); rowNorms.deallocate() }
                            var start = range.lowerBound
                            while start < range.upperBound {
                                let count = Swift.min(block, range.upperBound - start)
                                squaredNorms(r + start * d, rows: count, columns: d, into: rowNorms)
                                DistanceKernel.squaredDistances(queries: r + start * d, queryNorms: rowNorms, rowCount: count, columns: d,
                                                                panels: values, panelNorms: norms, panelCount: centres.panelCount,
                                                                out: buffer, outStride: width)
                                for i in 0..<count {
                                    var best = 0, bestValue = Float.infinity
                                    for c in 0..<centres.rows where buffer[i * width + c] < bestValue { bestValue = buffer[i * width + c]; best = c }
                                    o[start + i] = Int32(best)
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    static func squaredNorms(_ rows: UnsafePointer<Float>, rows count: Int, columns d: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            var s: Float = 0
            for c in 0..<d { let v = rows[i * d + c]; s += v * v }
            out[i] = s
        }
    }

    static func distance(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
        a.storage.withUnsafeBufferPointer { ab in
            b.storage.withUnsafeBufferPointer { bb in
                Distance.squaredEuclideanExact(ab.baseAddress! + i * a.columns, bb.baseAddress! + j * b.columns, count: a.columns).squareRoot()
            }
        }
    }
}
