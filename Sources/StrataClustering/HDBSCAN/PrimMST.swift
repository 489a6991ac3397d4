import StrataCore

/// The exact minimum spanning tree of the mutual reachability graph by Prim's algorithm on the
/// implicit complete graph: O(n²·d) time, O(n) memory, no n×n matrix.
///
/// Used above ``HDBSCAN/treeDimensionLimit`` dimensions, where KD-tree pruning stops paying
/// (the hdbscan package makes the same switch, to `prims_kdtree`, above 60 dimensions). Each step
/// relaxes every outside vertex against the vertex just added, split into fixed chunks over both
/// cores; the next vertex is the lightest outside one, ties to the lowest row index, so the result
/// does not depend on the thread count. Reference: Prim (1957); Campello et al. (2013) §3.
struct PrimMST {
    /// Rows as `Double`, row-major.
    let points: [Double]
    let count: Int
    let dimension: Int
    /// Squared core distances by row.
    let coreSquared: [Double]
    let scale: Double

    func edges() -> [SpanningEdge] {
        let n = count, d = dimension
        guard n > 1 else { return [] }
        var best = [Double](repeating: .infinity, count: n)
        var bestRaw = [Double](repeating: .infinity, count: n)
        var source = [Int32](repeating: -1, count: n)
        var inTree = [Bool](repeating: false, count: n)
        var result = [SpanningEdge]()
        result.reserveCapacity(n - 1)
        var current = 0
        inTree[0] = true
        let chunkMinimum = Swift.max(2048, n / 8)
        for _ in 1..<n {
            let u = current
            let partials = points.withUnsafeBufferPointer { xb in
                coreSquared.withUnsafeBufferPointer { cb in
                    bestRaw.withUnsafeMutableBufferPointer { rb in
                    best.withUnsafeMutableBufferPointer { bb in
                        source.withUnsafeMutableBufferPointer { sb in
                            inTree.withUnsafeBufferPointer { tb in
                                nonisolated(unsafe) let x = xb.baseAddress!, core = cb.baseAddress!, t = tb.baseAddress!
                                let bp = SendablePointer(bb.baseAddress!), sp = SendablePointer(sb.baseAddress!)
                                let rp = SendablePointer(rb.baseAddress!)
                                let scale = self.scale
                                return Parallel.mapChunks(count: n, minimumChunk: chunkMinimum) { range -> (Double, Int) in
                                    let xu = x + u * d, coreU = core[u]
                                    var localBest = Double.infinity, localIndex = -1
                                    for v in range where !t[v] {
                                        let xv = x + v * d
                                        var s = 0.0
                                        for k in 0..<d { let g = xu[k] - xv[k]; s += g * g }
                                        let w = Swift.max(s * scale, Swift.max(coreU, core[v]))
                                        // Equal weights: the shorter raw distance wins, as in the package.
                                        if w < bp[v] || (w == bp[v] && s < rp[v]) { bp[v] = w; rp[v] = s; sp[v] = Int32(u) }
                                        if bp[v] < localBest { localBest = bp[v]; localIndex = v }
                                    }
                                    return (localBest, localIndex)
                                }
                            }
                        }
                    }
                    }
                }
            }
            var next = -1, nextWeight = Double.infinity
            for (w, v) in partials where v >= 0 && (next < 0 || w < nextWeight) { next = v; nextWeight = w }
            inTree[next] = true
            result.append(SpanningEdge(a: source[next], b: Int32(next), distance: nextWeight.squareRoot()))
            current = next
        }
        return result
    }
}
