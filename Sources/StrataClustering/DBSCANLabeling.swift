import StrataCore
import StrataNeighbors

/// Cluster labelling for ``DBSCAN``: core flags from parallel neighbour counts, union–find over
/// core–core edges gathered in parallel rounds, then border assignment in parallel.
///
/// Everything is indexed by KD-tree position, not by row: neighbours have nearby positions, so
/// the flag and parent arrays are read with few cache misses. Rows appear only at the end.
enum DBSCANLabeling {
    /// Core points re-queried per round; bounds the edge buffers (memory stays linear in n).
    static let roundSize = 65_536

    /// Labels by row and the ascending core rows.
    static func label(tree: KDTree, epsilon: Float, minSamples: Int) -> (labels: [Int], cores: [Int]) {
        let n = tree.count
        let counts = tree.radiusCountsInTreeOrder(within: epsilon, limit: minSamples)
        let isCore = counts.map { Int($0) >= minSamples }
        let sets = UnionFind(count: n)
        let corePositions = (0..<n).filter { isCore[$0] }.map { Int32($0) }
        // 1. Join core points within epsilon. Rounds in tree order: early rounds join most of each
        //    region, so later edges are mostly recognised as redundant by read-only finds.
        isCore.withUnsafeBufferPointer { coreBuffer in
            nonisolated(unsafe) let core = coreBuffer.baseAddress!
            var start = 0
            while start < corePositions.count {
                let end = Swift.min(corePositions.count, start + roundSize)
                let edges = corePositions.withUnsafeBufferPointer { cp in
                    nonisolated(unsafe) let positions = cp.baseAddress! + start
                    return Parallel.mapChunks(count: end - start, minimumChunk: 512) { range -> [Int32] in
                        var found = [Int32]()
                        var buffer = [Int32]()
                        for t in range {
                            let p = positions[t]
                            buffer.removeAll(keepingCapacity: true)
                            tree.appendNeighborPositions(within: epsilon, ofPosition: Int(p), from: Int(p) + 1, to: &buffer)
                            // Read-only finds: no union runs during this phase.
                            var rootP = sets.findReadOnly(p)
                            // Each unordered pair once: p's query handles its core neighbours above p.
                            for q in buffer where q > p && core[Int(q)] {
                                let rootQ = sets.findReadOnly(q)
                                if rootQ != rootP {
                                    found.append(p); found.append(q)
                                    // q's set is joined to p's once this edge is merged: skip its other members.
                                    rootP = Swift.min(rootP, rootQ)
                                }
                            }
                        }
                        return found
                    }
                }
                for chunk in edges {
                    var e = 0
                    while e < chunk.count { sets.union(chunk[e], chunk[e + 1]); e += 2 }
                }
                start = end
            }
        }
        // 2. Clusters numbered by their lowest core row (scikit-learn's discovery order).
        var cores = [Int]()
        cores.reserveCapacity(corePositions.count)
        for p in corePositions { cores.append(tree.row(atTreePosition: Int(p))) }
        cores.sort()
        var clusterOfRoot = [Int32](repeating: -1, count: n)
        var labelByPosition = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        for row in cores {
            let p = tree.treePosition(ofRow: row)
            let root = Int(sets.find(Int32(p)))
            if clusterOfRoot[root] < 0 { clusterOfRoot[root] = next; next += 1 }
            labelByPosition[p] = clusterOfRoot[root]
        }
        // 3. Border points: the lowest cluster among their core neighbours.
        labelByPosition.withUnsafeMutableBufferPointer { lb in
            let label = SendablePointer(lb.baseAddress!)
            isCore.withUnsafeBufferPointer { cb in
                nonisolated(unsafe) let core = cb.baseAddress!
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    var buffer = [Int32]()
                    for b in range where !core[b] {
                        buffer.removeAll(keepingCapacity: true)
                        tree.appendNeighborPositions(within: epsilon, ofPosition: b, to: &buffer)
                        var best = Int32.max
                        for q in buffer where core[Int(q)] {
                            let l = label[Int(q)]   // core labels are final and only read here
                            if l < best { best = l }
                        }
                        if best != Int32.max { label[b] = best }
                    }
                }
            }
        }
        var labels = [Int](repeating: -1, count: n)
        for p in 0..<n { labels[tree.row(atTreePosition: p)] = Int(labelByPosition[p]) }
        return (labels, cores)
    }
}
