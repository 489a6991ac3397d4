import StrataCore
import StrataNeighbors

extension DBSCANLabeling {
    /// Core flags by tree position, or nil when the grid does not fit the data (``GridKeys``).
    static func coreFlags(grid data: Matrix, tree: KDTree, epsilon: Float, minSamples: Int) -> [Bool]? {
        neighborCounts(grid: data, tree: tree, epsilon: epsilon, limit: minSamples, lists: false)?.counts.map { Int($0) >= minSamples }
    }

    /// The neighbour positions of the rows with fewer than a limit of neighbours, by tree
    /// position: row p's are `neighbors[offsets[p] ..< offsets[p + 1]]`, an empty run for a row
    /// without a list (a row always neighbours itself, so a listed row's run is never empty).
    /// Such a row is a border or noise point of every fit with `minSamples` up to the limit, and
    /// its list is all that labelling it reads.
    struct NeighborLists: Sendable {
        let offsets: [Int32]
        let neighbors: [Int32]
        var byteCount: Int { 4 * (offsets.count + neighbors.count) }
    }

    /// Neighbour counts (the row itself included) capped at `limit`, by tree position, or nil
    /// when the grid does not fit the data (``GridKeys``). Rows of a cell that holds at least
    /// `limit` rows count `limit` without a query — a cell's rows are all within epsilon of each
    /// other, so each has the whole cell as neighbours; the other rows search the tree, stopping
    /// at `limit`. With `lists`, the rows found with fewer than `limit` neighbours keep them.
    static func neighborCounts(grid data: Matrix, tree: KDTree, epsilon: Float, limit: Int,
                               lists: Bool) -> (counts: [Int32], lists: NeighborLists?, cells: DBSCANCells?)? {
        let n = tree.count
        let rows = tree.rowsInTreeOrder
        guard let keys = GridKeys(data: data, rows: rows, epsilon: epsilon) else { return nil }
        let keyed = keys.sortedKeys(data)
        let capped = Int32(Swift.min(limit, Int(Int32.max)))
        var counts = [Int32](repeating: -1, count: n)
        var first = 0
        while first < n {
            var end = first + 1
            while end < n && keyed[end].key == keyed[first].key { end += 1 }
            if end - first >= limit {
                for i in first..<end { counts[Int(keyed[i].index)] = capped }
            }
            first = end
        }
        guard lists else {
            counts.withUnsafeMutableBufferPointer { cb in
                let count = SendablePointer(cb.baseAddress!)
                Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
                    for p in range where count[p] < 0 {
                        count[p] = Int32(tree.count(within: epsilon, ofRow: Int(rows[p]), limit: limit))
                    }
                }
            }
            return (counts, nil, nil)
        }
        // Kept for the fits to come: the cells of every row and their neighbouring cells.
        let cells = DBSCANCells(data: data, tree: tree, keys: keys, keyed: keyed)
        // Each chunk lists its own rows' neighbours; the runs are then laid end to end in
        // position order.
        let chunkLists = counts.withUnsafeMutableBufferPointer { cb -> [(lengths: [Int32], neighbors: [Int32])] in
            let count = SendablePointer(cb.baseAddress!)
            return Parallel.mapChunks(count: n, minimumChunk: 2048) { range in
                var lengths = [Int32](repeating: 0, count: range.count)
                var neighbors = [Int32]()
                var buffer = [Int32]()
                for p in range where count[p] < 0 {
                    buffer.removeAll(keepingCapacity: true)
                    if tree.appendNeighborPositions(within: epsilon, ofPosition: p, limit: limit, to: &buffer) {
                        count[p] = Int32(buffer.count)
                        lengths[p - range.lowerBound] = Int32(buffer.count)
                        neighbors.append(contentsOf: buffer)
                    } else {
                        count[p] = capped
                    }
                }
                return (lengths, neighbors)
            }
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        var neighbors = [Int32]()
        neighbors.reserveCapacity(chunkLists.reduce(0) { $0 + $1.neighbors.count })
        var p = 0
        for chunk in chunkLists {
            for length in chunk.lengths {
                offsets[p + 1] = offsets[p] + length
                p += 1
            }
            neighbors.append(contentsOf: chunk.neighbors)
        }
        return (counts, NeighborLists(offsets: offsets, neighbors: neighbors), cells)
    }

    /// Joins in `sets` every two core points within epsilon, through the grid: a cell's core
    /// points at once, then cell pairs that hold one pair of core points within epsilon (found
    /// with early exit). A point inside a dense blob never lists its ~10⁵ neighbours, so the
    /// cost follows the number of occupied cells rather than the number of neighbour pairs.
    ///
    /// Adjacent cells are joined first, over all cells; the farther cells within reach are tried
    /// afterwards, when inside a blob the union–find already says they are joined.
    static func joinCores(grid: DBSCANGrid, epsilon: Float, sets: UnionFind) {
        for cell in 0..<grid.cellCount {
            let first = grid.positions[Int(grid.start[cell])]
            for i in Int(grid.start[cell]) + 1..<Int(grid.start[cell + 1]) { sets.union(first, grid.positions[i]) }
        }
        let test = RadiusTest(radius: epsilon, columns: grid.d)
        let cells = grid.cells
        for wanted in [CellRelation.adjacent, .near] {
            let reach = grid.reach(wanted)
            forEachRound(count: grid.cellCount, sets: sets) { range in
                var found = [Int32]()
                var buffer = [Int32]()
                var joined = ChunkJoins()
                for t in range {
                    // Kept lists hold each pair once, by cell; a cell tree, each pair once by
                    // its later tree position.
                    let a: Int
                    buffer.removeAll(keepingCapacity: true)
                    if let cells {
                        a = cells.row(atTreePosition: t)
                        cells.appendNeighborPositions(within: reach, ofPosition: t, from: t + 1, to: &buffer)
                        for i in buffer.indices { buffer[i] = Int32(cells.row(atTreePosition: Int(buffer[i]))) }
                    } else {
                        a = t
                        _ = grid.listedNeighbors(of: a, wanted, into: &buffer)
                    }
                    let repA = grid.positions[Int(grid.start[a])]
                    for b32 in buffer {
                        let b = Int(b32)
                        guard grid.relation(a, b) == wanted else { continue }
                        let repB = grid.positions[Int(grid.start[b])]
                        // Read-only finds: no union runs during a round.
                        let globalA = sets.findReadOnly(repA), globalB = sets.findReadOnly(repB)
                        if globalA == globalB { continue }
                        let rootA = joined.find(globalA), rootB = joined.find(globalB)
                        if rootA == rootB || !grid.touches(a, b, test) { continue }
                        found.append(repA); found.append(repB)
                        joined.join(rootA, rootB)
                    }
                }
                return found
            }
        }
    }

    /// Runs `edges` over `0..<count` in rounds of growing size, its chunks in parallel, and
    /// merges the edge pairs each chunk returns into `sets` after each round (a round's finds
    /// are read-only; early small rounds let later rounds' finds see most joins).
    static func forEachRound(count: Int, sets: UnionFind, _ edges: @Sendable (Range<Int>) -> [Int32]) {
        var start = 0
        var size = firstRoundSize
        while start < count {
            let end = Swift.min(count, start + size)
            size = Swift.min(roundSize, 2 * size)
            let offset = start
            let chunks = Parallel.mapChunks(count: end - start, minimumChunk: 512) { range in
                edges((range.lowerBound + offset)..<(range.upperBound + offset))
            }
            for chunk in chunks {
                var e = 0
                while e < chunk.count { sets.union(chunk[e], chunk[e + 1]); e += 2 }
            }
            start = end
        }
    }
}
