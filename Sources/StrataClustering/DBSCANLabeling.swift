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
    static let firstRoundSize = 1_024

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
            // Rounds grow from small: the first unions then reach the later rounds' finds early.
            var size = firstRoundSize
            while start < corePositions.count {
                let end = Swift.min(corePositions.count, start + size)
                size = Swift.min(roundSize, 2 * size)
                let edges = corePositions.withUnsafeBufferPointer { cp in
                    nonisolated(unsafe) let positions = cp.baseAddress! + start
                    return Parallel.mapChunks(count: end - start, minimumChunk: 512) { range -> [Int32] in
                        var found = [Int32]()
                        var buffer = [Int32]()
                        // Joins made by this chunk's own edges, over the round's (read-only)
                        // roots: an edge is kept only when it joins two classes not yet joined here,
                        // so a chunk emits fewer edges than the rows it touches — without it, a
                        // dense region emitted one edge per neighbour pair (tens of GB at 1M rows).
                        var joined = ChunkJoins()
                        for t in range {
                            let p = positions[t]
                            buffer.removeAll(keepingCapacity: true)
                            tree.appendNeighborPositions(within: epsilon, ofPosition: Int(p), from: Int(p) + 1, to: &buffer)
                            // Read-only finds: no union runs during this phase.
                            let globalP = sets.findReadOnly(p)
                            // Each unordered pair once: p's query handles its core neighbours above p.
                            for q in buffer where q > p && core[Int(q)] {
                                let globalQ = sets.findReadOnly(q)
                                // Fast path: joined by an earlier round (most pairs after the first).
                                if globalQ == globalP { continue }
                                let rootQ = joined.find(globalQ), rootP = joined.find(globalP)
                                if rootQ != rootP {
                                    found.append(p); found.append(q)
                                    joined.join(rootQ, rootP)
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

/// A chunk's own joins over global union–find roots: a parent map over only the roots the
/// chunk touched, in an open-addressing table of `Int32` keys (Swift's `Dictionary` hashing
/// cost 60 % of a DBSCAN fit here), with path halving.
private struct ChunkJoins {
    private var keys: [Int32]
    private var parents: [Int32]
    private var used = 0
    private var mask: Int

    init(capacity: Int = 1_024) {
        keys = [Int32](repeating: -1, count: capacity)
        parents = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The slot of `key`, or of the empty slot where it would go.
    @inline(__always)
    private func slot(_ key: Int32) -> Int {
        var i = Int(truncatingIfNeeded: UInt32(bitPattern: key) &* 0x9E37_79B1) & mask
        while keys[i] != key && keys[i] != -1 { i = (i + 1) & mask }
        return i
    }

    @inline(__always)
    private func parent(_ x: Int32) -> Int32 {
        let i = slot(x)
        return keys[i] == x ? parents[i] : x
    }

    private mutating func setParent(_ x: Int32, _ p: Int32) {
        if 2 * (used + 1) > keys.count { grow() }
        let i = slot(x)
        if keys[i] != x { keys[i] = x; used += 1 }
        parents[i] = p
    }

    private mutating func grow() {
        let oldKeys = keys, oldParents = parents
        keys = [Int32](repeating: -1, count: 2 * oldKeys.count)
        parents = [Int32](repeating: -1, count: 2 * oldKeys.count)
        mask = keys.count - 1
        used = 0
        for (k, p) in zip(oldKeys, oldParents) where k != -1 {
            let i = slot(k)
            keys[i] = k; parents[i] = p; used += 1
        }
    }

    mutating func find(_ x: Int32) -> Int32 {
        var r = x
        var p = parent(r)
        while p != r {
            let grand = parent(p)
            if grand != p { setParent(r, grand) }
            r = grand
            p = parent(r)
        }
        return r
    }

    /// Joins the classes of two roots (deterministic: the lower root represents).
    mutating func join(_ a: Int32, _ b: Int32) {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if ra < rb { setParent(rb, ra) } else { setParent(ra, rb) }
    }
}
