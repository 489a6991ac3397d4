import StrataCore
import StrataNeighbors

/// Every row of a ``DBSCAN`` input bucketed into the grid cells of one epsilon, with each
/// occupied cell's neighbouring cells listed: what ``DBSCANGrid`` finds again for every fit,
/// kept so that fits with the same epsilon and other `minSamples` (a sweep's grid) only pick
/// their core points out of it.
///
/// Memory: 4 bytes per row, 12 + 4·d per occupied cell, 4 per neighbouring pair (each pair
/// once). A grid whose pairs would pass ``maximumPairs`` is not kept (each fit then builds its
/// own grid of core cells).
final class DBSCANCells: Sendable {
    let d: Int
    /// Tree positions in cell order; cell `c` holds `order[start[c] ..< start[c + 1]]`, ascending.
    let order: [Int32]
    let start: [Int32]
    /// Integer cell coordinates, `d` per cell.
    let coordinates: [Int32]
    /// For cell `a`, the cells `b > a` that may hold points within epsilon of it, adjacent ones
    /// (every offset within ±1) in `adjacent`, the others in `near` (CSR runs by `a`).
    let adjacent: (offsets: [Int32], cells: [Int32])
    let near: (offsets: [Int32], cells: [Int32])

    var cellCount: Int { start.count - 1 }
    var byteCount: Int {
        4 * (order.count + start.count + coordinates.count + adjacent.offsets.count + adjacent.cells.count
             + near.offsets.count + near.cells.count)
    }

    /// Neighbouring pairs kept at most (4 bytes each).
    static let maximumPairs = 16 << 20

    /// From the rows' cell keys sorted by key (`keyed[i].index` a tree position, as
    /// ``DBSCANLabeling/neighborCounts(grid:tree:epsilon:limit:lists:)`` sorts them); nil when
    /// the pairs would pass ``maximumPairs``.
    init?(data: Matrix, tree: KDTree, keys: GridKeys, keyed: [(key: UInt64, index: Int32)]) {
        let n = keyed.count, d = data.columns
        var order = [Int32](repeating: 0, count: n), starts = [Int32]()
        for i in 0..<n {
            if i == 0 || keyed[i].key != keyed[i - 1].key { starts.append(Int32(i)) }
            order[i] = keyed[i].index
        }
        let cellCount = starts.count
        starts.append(Int32(n))
        var coordinates = [Int32](repeating: 0, count: cellCount * d)
        var centres = [Float](repeating: 0, count: cellCount * d)
        data.storage.withUnsafeBufferPointer { x in
            for cell in 0..<cellCount {
                let row = tree.row(atTreePosition: Int(order[Int(starts[cell])]))
                for c in 0..<d {
                    let k = keys.cell(x[row * d + c], c)
                    coordinates[cell * d + c] = k
                    centres[cell * d + c] = Float(k)
                }
            }
        }
        guard cellCount > 0, let cells = try? KDTree(Matrix(rows: cellCount, columns: d, values: centres)) else { return nil }
        let reach = Float(2 * Double(d).squareRoot()) + 0.01
        let coordinateValues = coordinates
        // Each chunk lists its cells' later neighbours, split by relation.
        let chunks = Parallel.mapChunks(count: cellCount, minimumChunk: 256) { range -> (adjacent: [Int32], near: [Int32], adjacentLengths: [Int32], nearLengths: [Int32]) in
            var adjacent = [Int32](), near = [Int32](), adjacentLengths = [Int32](), nearLengths = [Int32]()
            var buffer = [Int32]()
            for a in range {
                buffer.removeAll(keepingCapacity: true)
                cells.appendNeighbors(within: reach, ofRow: a, to: &buffer)
                buffer.sort()
                var adjacentCount: Int32 = 0, nearCount: Int32 = 0
                for b32 in buffer where Int(b32) > a {
                    let b = Int(b32)
                    var gap = 0, isAdjacent = true
                    for c in 0..<d {
                        let o = abs(Int(coordinateValues[a * d + c]) - Int(coordinateValues[b * d + c]))
                        if o > 1 { isAdjacent = false; gap += (o - 1) * (o - 1) }
                    }
                    if isAdjacent { adjacent.append(b32); adjacentCount += 1 } else if gap <= d { near.append(b32); nearCount += 1 }
                }
                adjacentLengths.append(adjacentCount)
                nearLengths.append(nearCount)
            }
            return (adjacent, near, adjacentLengths, nearLengths)
        }
        let pairs = chunks.reduce(0) { $0 + $1.adjacent.count + $1.near.count }
        guard pairs <= Self.maximumPairs else { return nil }
        var adjacentOffsets = [Int32](repeating: 0, count: cellCount + 1), nearOffsets = adjacentOffsets
        var adjacentCells = [Int32](), nearCells = [Int32]()
        adjacentCells.reserveCapacity(chunks.reduce(0) { $0 + $1.adjacent.count })
        nearCells.reserveCapacity(chunks.reduce(0) { $0 + $1.near.count })
        var a = 0
        for chunk in chunks {
            for i in chunk.adjacentLengths.indices {
                adjacentOffsets[a + 1] = adjacentOffsets[a] + chunk.adjacentLengths[i]
                nearOffsets[a + 1] = nearOffsets[a] + chunk.nearLengths[i]
                a += 1
            }
            adjacentCells.append(contentsOf: chunk.adjacent)
            nearCells.append(contentsOf: chunk.near)
        }
        self.d = d
        self.order = order
        self.start = starts
        self.coordinates = coordinates
        self.adjacent = (adjacentOffsets, adjacentCells)
        self.near = (nearOffsets, nearCells)
    }
}
