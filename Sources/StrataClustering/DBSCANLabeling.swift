import StrataCore
import StrataNeighbors

/// Cluster labelling for ``DBSCAN``: core flags from parallel neighbour counts (stopping at
/// `minSamples`), union–find over core–core joins gathered in parallel rounds (grid cells in low
/// dimensions, neighbour lists above), then border assignment in parallel.
///
/// Everything is indexed by KD-tree position, not by row: neighbours have nearby positions, so
/// the flag and parent arrays are read with few cache misses. Rows appear only at the end.
package enum DBSCANLabeling {
    /// How core points within epsilon are joined into clusters. Both give identical labels.
    package enum Strategy: Sendable {
        /// The grid in up to ``gridMaximumDimensions`` (6) dimensions, neighbour search above.
        case automatic
        /// ``DBSCANGrid`` cells (falls back to neighbour search when the grid does not fit).
        case grid
        /// Every core point lists its neighbours in the KD-tree: O(n · m) for m neighbours per row.
        case neighbors
    }

    /// Above this dimension a cell has too many neighbouring cells (those within 2√d cells):
    /// measured on 200,000 rows of blobs with noise, the grid took 0.25× neighbour search's CPU
    /// time in 5-D, 0.75× in 6-D and 2.3× in 8-D.
    static let gridMaximumDimensions = 6

    /// Core points (or cells) re-queried per round; bounds the edge buffers (memory stays linear in n).
    static let roundSize = 65_536
    static let firstRoundSize = 1_024

    /// Labels by row and the ascending core rows. `counts`, when given, are the rows' neighbour
    /// counts within `epsilon` by tree position, capped at `minSamples` or above, and `lists`
    /// the neighbours of the rows counted below the cap (see ``counts(data:tree:epsilon:limit:strategy:)``).
    static func label(data: Matrix, tree: KDTree, epsilon: Float, minSamples: Int,
                      strategy: Strategy = .automatic, counts: [Int32]? = nil, lists: NeighborLists? = nil,
                      cells: DBSCANCells? = nil) -> (labels: [Int], cores: [Int]) {
        let n = tree.count
        let useGrid = strategy == .grid || (strategy == .automatic && data.columns <= gridMaximumDimensions)
        let isCore = counts?.map { Int($0) >= minSamples }
            ?? (useGrid ? coreFlags(grid: data, tree: tree, epsilon: epsilon, minSamples: minSamples) : nil)
            ?? tree.radiusCountsInTreeOrder(within: epsilon, limit: minSamples).map { Int($0) >= minSamples }
        let sets = UnionFind(count: n)
        let corePositions = (0..<n).filter { isCore[$0] }.map { Int32($0) }
        // 1. Join core points within epsilon.
        if useGrid, let grid = cells.map({ DBSCANGrid(data: data, tree: tree, isCore: isCore, kept: $0) })
            ?? DBSCANGrid(data: data, tree: tree, corePositions: corePositions, epsilon: epsilon) {
            joinCores(grid: grid, epsilon: epsilon, sets: sets)
        } else {
            joinCores(tree: tree, isCore: isCore, corePositions: corePositions, epsilon: epsilon, sets: sets)
        }
        // 2. Clusters numbered by their lowest core row (scikit-learn's discovery order).
        // Ascending core rows by marking them, not sorting (a sweep labels every attempt).
        var isCoreRow = [Bool](repeating: false, count: n)
        for p in corePositions { isCoreRow[tree.row(atTreePosition: Int(p))] = true }
        var cores = [Int]()
        cores.reserveCapacity(corePositions.count)
        for row in 0..<n where isCoreRow[row] { cores.append(row) }
        var clusterOfRoot = [Int32](repeating: -1, count: n)
        var labelByPosition = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        for row in cores {
            let p = tree.treePosition(ofRow: row)
            let root = Int(sets.find(Int32(p)))
            if clusterOfRoot[root] < 0 { clusterOfRoot[root] = next; next += 1 }
            labelByPosition[p] = clusterOfRoot[root]
        }
        // 3. Border points: the lowest cluster among their core neighbours (listed already when
        // the counts kept them: a non-core row has fewer neighbours than the cap).
        let emptyList = NeighborLists(offsets: [], neighbors: [])
        let listed = lists ?? emptyList
        labelByPosition.withUnsafeMutableBufferPointer { lb in
            let label = SendablePointer(lb.baseAddress!)
            isCore.withUnsafeBufferPointer { cb in
            listed.offsets.withUnsafeBufferPointer { ob in
            listed.neighbors.withUnsafeBufferPointer { nb in
                nonisolated(unsafe) let core = cb.baseAddress!
                nonisolated(unsafe) let offsets = ob, neighbors = nb
                let hasLists = offsets.count == n + 1
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    var buffer = [Int32]()
                    for b in range where !core[b] {
                        var best = Int32.max
                        if hasLists, offsets[b] < offsets[b + 1] {
                            for i in Int(offsets[b])..<Int(offsets[b + 1]) where core[Int(neighbors[i])] {
                                let l = label[Int(neighbors[i])]   // core labels are final and only read here
                                if l < best { best = l }
                            }
                        } else {
                            buffer.removeAll(keepingCapacity: true)
                            tree.appendNeighborPositions(within: epsilon, ofPosition: b, to: &buffer)
                            for q in buffer where core[Int(q)] {
                                let l = label[Int(q)]
                                if l < best { best = l }
                            }
                        }
                        if best != Int32.max { label[b] = best }
                    }
                }
            }
            }
            }
        }
        var labels = [Int](repeating: -1, count: n)
        for p in 0..<n { labels[tree.row(atTreePosition: p)] = Int(labelByPosition[p]) }
        return (labels, cores)
    }

    /// Every row's neighbour count within `epsilon` (itself included), capped at `limit`, by tree
    /// position: what decides core points for any `minSamples` up to `limit`.
    /// In up to ``gridMaximumDimensions`` dimensions also the neighbours of the rows counted
    /// below `limit`, which label the border points of any fit up to it without a search, and
    /// the rows' grid cells with their neighbouring cells, which join its core points.
    static func counts(data: Matrix, tree: KDTree, epsilon: Float, limit: Int,
                       strategy: Strategy = .automatic) -> (counts: [Int32], lists: NeighborLists?, cells: DBSCANCells?) {
        let useGrid = strategy == .grid || (strategy == .automatic && data.columns <= gridMaximumDimensions)
        return (useGrid ? neighborCounts(grid: data, tree: tree, epsilon: epsilon, limit: limit, lists: true) : nil)
            ?? (tree.radiusCountsInTreeOrder(within: epsilon, limit: limit), nil, nil)
    }

    /// Joins core points within epsilon by neighbour search, in rounds over tree order: early
    /// rounds join most of each region, so later edges are mostly recognised as redundant by
    /// read-only finds.
    static func joinCores(tree: KDTree, isCore: [Bool], corePositions: [Int32], epsilon: Float, sets: UnionFind) {
        isCore.withUnsafeBufferPointer { coreBuffer in
            nonisolated(unsafe) let core = coreBuffer.baseAddress!
            corePositions.withUnsafeBufferPointer { cp in
                nonisolated(unsafe) let positions = cp.baseAddress!
                forEachRound(count: corePositions.count, sets: sets) { range in
                    var found = [Int32]()
                    var buffer = [Int32]()
                    // Joins made by this chunk's own edges, over the round's (read-only) roots:
                    // an edge is kept only when it joins two classes not yet joined here, so a
                    // chunk emits fewer edges than the rows it touches — without it, a dense
                    // region emitted one edge per neighbour pair (tens of GB at 1M rows).
                    var joined = ChunkJoins()
                    for t in range {
                        let p = positions[t]
                        buffer.removeAll(keepingCapacity: true)
                        tree.appendNeighborPositions(within: epsilon, ofPosition: Int(p), from: Int(p) + 1, to: &buffer)
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
        }
    }
}
