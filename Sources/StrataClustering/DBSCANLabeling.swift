import StrataCore
import StrataNeighbors

/// Cluster labelling for ``DBSCAN`` once core points are known: union–find over core–core edges
/// gathered in parallel chunks, then border assignment in parallel.
enum DBSCANLabeling {
    /// Core rows re-queried per round; bounds the edge buffers (memory stays linear in n).
    static let roundSize = 65_536

    static func label(tree: KDTree, epsilon: Float, isCore: [Bool]) -> [Int] {
        let n = isCore.count
        let sets = UnionFind(count: n)
        let treeOrder = tree.rowsInTreeOrder
        let coreRows = treeOrder.filter { isCore[Int($0)] }
        // 1. Join core points within epsilon. Rounds of core rows (in tree order, so early rounds
        //    already join most of each region and later edges are filtered as redundant).
        isCore.withUnsafeBufferPointer { coreBuffer in
            nonisolated(unsafe) let core = coreBuffer.baseAddress!
            var start = 0
            while start < coreRows.count {
                let end = Swift.min(coreRows.count, start + roundSize)
                let rows = Array(coreRows[start..<end])
                let edges = Parallel.mapChunks(count: rows.count, minimumChunk: 512) { range -> [Int32] in
                    var found = [Int32]()
                    var buffer = [Int32]()
                    for t in range {
                        let p = rows[t]
                        buffer.removeAll(keepingCapacity: true)
                        tree.appendNeighbors(within: epsilon, ofRow: Int(p), to: &buffer)
                        // Read-only finds: no union runs during this phase.
                        var rootP = sets.findReadOnly(p)
                        for q in buffer where q != p && core[Int(q)] {
                            let rootQ = sets.findReadOnly(q)
                            if rootQ != rootP {
                                found.append(p); found.append(q)
                                // Later neighbours joined to q are now (after the union) joined to p too.
                                rootP = Swift.min(rootP, rootQ)
                            }
                        }
                    }
                    return found
                }
                for chunk in edges {
                    var e = 0
                    while e < chunk.count { sets.union(chunk[e], chunk[e + 1]); e += 2 }
                }
                start = end
            }
        }
        // 2. Clusters numbered by their lowest core row (scikit-learn's discovery order).
        var clusterOfRoot = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        for r in 0..<n where isCore[r] {
            let root = Int(sets.find(Int32(r)))
            if clusterOfRoot[root] < 0 { clusterOfRoot[root] = next; next += 1 }
        }
        var labels = [Int](repeating: -1, count: n)
        for r in 0..<n where isCore[r] { labels[r] = Int(clusterOfRoot[Int(sets.find(Int32(r)))]) }
        // 3. Border rows: the lowest cluster among their core neighbours.
        let borderCandidates = treeOrder.filter { !isCore[Int($0)] }
        labels.withUnsafeMutableBufferPointer { lb in
            let out = SendablePointer(lb.baseAddress!)
            isCore.withUnsafeBufferPointer { cb in
                nonisolated(unsafe) let core = cb.baseAddress!
                Parallel.forEachChunk(count: borderCandidates.count, minimumChunk: 1024) { _, range in
                    var buffer = [Int32]()
                    for t in range {
                        let b = Int(borderCandidates[t])
                        buffer.removeAll(keepingCapacity: true)
                        tree.appendNeighbors(within: epsilon, ofRow: b, to: &buffer)
                        var best = Int.max
                        for q in buffer where core[Int(q)] {
                            let l = out[Int(q)]   // core labels are final and read-only here
                            if l < best { best = l }
                        }
                        if best != Int.max { out[b] = best }
                    }
                }
            }
        }
        return labels
    }
}
