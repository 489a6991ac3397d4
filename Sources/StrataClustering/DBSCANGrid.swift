import Foundation
import StrataCore
import StrataNeighbors

/// The core points of a ``DBSCAN`` fit bucketed into grid cells of side just under
/// `epsilon / √d`, so every two points of one cell lie within epsilon of each other: a cell's
/// core points form one connected set without a single distance computation, and clusters are
/// joined cell to cell (Gunawan 2013; Gan & Tao, "DBSCAN revisited", SIGMOD 2015).
///
/// Cells are found by sorting the points by a packed cell key; neighbouring cells through a
/// ``KDTree`` over the cells' integer coordinates, which works in any dimension without
/// enumerating the `(2⌈√d⌉ + 1)^d` possible offsets. Memory: O(m · d) for m core points.
package final class DBSCANGrid: @unchecked Sendable {
    let d: Int
    /// Occupied cells.
    package let cellCount: Int
    /// Core points in cell order: coordinates (`d` per point) and their DBSCAN KD-tree positions.
    let points: UnsafeMutablePointer<Float>
    let positions: UnsafeMutablePointer<Int32>
    /// Cell `c` holds points `start[c]..<start[c + 1]`.
    let start: UnsafeMutablePointer<Int32>
    /// Integer cell coordinates and the bounding box of each cell's points, `d` values per cell.
    let coordinates: UnsafeMutablePointer<Int32>
    let lower: UnsafeMutablePointer<Float>
    let upper: UnsafeMutablePointer<Float>
    /// The cells indexed by coordinates (cell `c` is row `c`); nil when the grid was picked out
    /// of a kept ``DBSCANCells``, whose neighbour lists `listed` then replace it.
    let cells: KDTree?
    /// The kept cells this grid was picked out of, and for each of its cells the kept cell
    /// (`keptCell`), and for each kept cell this grid's cell or -1 (`gridCell`).
    let listed: (cells: DBSCANCells, keptCell: [Int32], gridCell: [Int32])?

    /// Buckets the core points, or nil when the cells would not fit the packed keys (see
    /// ``GridKeys``): the caller then joins core points by neighbour search instead.
    package init?(data: Matrix, tree: KDTree, corePositions: [Int32], epsilon: Float) {
        let m = corePositions.count, d = data.columns
        let x = data.storage
        // Core positions ascend, so sorting by (key, index) also orders a cell's points by position.
        let rowOf = corePositions.map { Int32(tree.row(atTreePosition: Int($0))) }
        guard let keys = GridKeys(data: data, rows: rowOf, epsilon: epsilon) else { return nil }
        let keyed = keys.sortedKeys(data)
        var starts = [Int32]()
        for i in 0..<m where i == 0 || keyed[i].key != keyed[i - 1].key { starts.append(Int32(i)) }
        let cellCount = starts.count
        starts.append(Int32(m))
        self.d = d
        self.cellCount = cellCount
        points = .allocate(capacity: m * d)
        positions = .allocate(capacity: m)
        start = .allocate(capacity: cellCount + 1)
        start.initialize(from: starts, count: cellCount + 1)
        coordinates = .allocate(capacity: cellCount * d)
        lower = .allocate(capacity: cellCount * d)
        upper = .allocate(capacity: cellCount * d)
        var centres = [Float](repeating: 0, count: cellCount * d)
        for cell in 0..<cellCount {
            for c in 0..<d { lower[cell * d + c] = .infinity; upper[cell * d + c] = -.infinity }
            for i in Int(starts[cell])..<Int(starts[cell + 1]) {
                let source = Int(keyed[i].index), row = Int(rowOf[source])
                positions[i] = corePositions[source]
                for c in 0..<d {
                    let v = x[row * d + c]
                    points[i * d + c] = v
                    lower[cell * d + c] = Swift.min(lower[cell * d + c], v)
                    upper[cell * d + c] = Swift.max(upper[cell * d + c], v)
                }
            }
            let first = Int(rowOf[Int(keyed[Int(starts[cell])].index)])
            for c in 0..<d {
                let k = keys.cell(x[first * d + c], c)
                coordinates[cell * d + c] = k
                centres[cell * d + c] = Float(k)
            }
        }
        // Validated input (finite, row count checked by the DBSCAN tree), so this cannot throw.
        guard let cells = try? KDTree(Matrix(rows: cellCount, columns: d, values: centres)) else { return nil }
        self.cells = cells
        self.listed = nil
    }

    /// The core points (`isCore` by tree position) of the kept cells `kept`: no keys, sort or
    /// cell tree — the cells holding a core point, in the kept order.
    init(data: Matrix, tree: KDTree, isCore: [Bool], kept: DBSCANCells) {
        let d = data.columns
        var keptCell = [Int32](), gridCell = [Int32](repeating: -1, count: kept.cellCount)
        var starts = [Int32](), corePositions = [Int32]()
        for cell in 0..<kept.cellCount {
            let before = corePositions.count
            for i in Int(kept.start[cell])..<Int(kept.start[cell + 1]) where isCore[Int(kept.order[i])] {
                corePositions.append(kept.order[i])
            }
            if corePositions.count > before {
                gridCell[cell] = Int32(keptCell.count)
                keptCell.append(Int32(cell))
                starts.append(Int32(before))
            }
        }
        let m = corePositions.count, cellCount = keptCell.count
        starts.append(Int32(m))
        self.d = d
        self.cellCount = cellCount
        points = .allocate(capacity: Swift.max(1, m * d))
        positions = .allocate(capacity: Swift.max(1, m))
        positions.initialize(from: corePositions, count: m)
        start = .allocate(capacity: cellCount + 1)
        start.initialize(from: starts, count: cellCount + 1)
        let coordinates = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, cellCount * d))
        let lower = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, cellCount * d))
        let upper = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, cellCount * d))
        let points = self.points
        self.coordinates = coordinates; self.lower = lower; self.upper = upper
        data.storage.withUnsafeBufferPointer { x in
            for cell in 0..<cellCount {
                let source = Int(keptCell[cell])
                for c in 0..<d {
                    coordinates[cell * d + c] = kept.coordinates[source * d + c]
                    lower[cell * d + c] = .infinity; upper[cell * d + c] = -.infinity
                }
                for i in Int(starts[cell])..<Int(starts[cell + 1]) {
                    let row = tree.row(atTreePosition: Int(corePositions[i]))
                    for c in 0..<d {
                        let v = x[row * d + c]
                        points[i * d + c] = v
                        lower[cell * d + c] = Swift.min(lower[cell * d + c], v)
                        upper[cell * d + c] = Swift.max(upper[cell * d + c], v)
                    }
                }
            }
        }
        cells = nil
        listed = (kept, keptCell, gridCell)
    }

    /// Appends to `out` the cells `b > a` that may relate to cell `a` as `wanted`, from the kept
    /// lists (cells holding a core point only), or nil when this grid has no lists.
    func listedNeighbors(of a: Int, _ wanted: CellRelation, into out: inout [Int32]) -> Bool {
        guard let listed else { return false }
        let source = Int(listed.keptCell[a])
        let runs = wanted == .adjacent ? listed.cells.adjacent : listed.cells.near
        for i in Int(runs.offsets[source])..<Int(runs.offsets[source + 1]) {
            let b = listed.gridCell[Int(runs.cells[i])]
            if b >= 0 { out.append(b) }
        }
        return true
    }

    deinit {
        points.deallocate(); positions.deallocate(); start.deallocate()
        coordinates.deallocate(); lower.deallocate(); upper.deallocate()
    }

    /// Centre-to-centre distance, in cells, beyond which two cells cannot relate as `relation`:
    /// adjacent cells (offsets within ±1) lie within √d; cells that may hold points within
    /// epsilon (offsets `o` with Σ max(|oᵢ| − 1, 0)² ≤ d) within 2√d.
    func reach(_ relation: CellRelation) -> Float {
        Float((relation == .adjacent ? 1 : 2) * Double(d).squareRoot()) + 0.01
    }

    /// How cells `a` and `b` relate: `.adjacent` (every offset within ±1: their points are
    /// usually within epsilon, so these are joined first), `.near` (may hold points within
    /// epsilon: the gap between the cells is at most epsilon) or `.apart`.
    func relation(_ a: Int, _ b: Int) -> CellRelation {
        var gap = 0, adjacent = true
        for c in 0..<d {
            let o = abs(Int(coordinates[a * d + c]) - Int(coordinates[b * d + c]))
            if o > 1 { adjacent = false; gap += (o - 1) * (o - 1) }
        }
        // The cell side is epsilon/√d: the gap in epsilons² is gap / d.
        return adjacent ? .adjacent : gap <= d ? .near : .apart
    }

    /// Whether some point of cell `a` lies within epsilon of some point of cell `b` (early exit
    /// at the first pair; points farther than epsilon from the other cell's box are skipped).
    func touches(_ a: Int, _ b: Int, _ test: RadiusTest) -> Bool {
        // Every pair within epsilon when the boxes' farthest corners are.
        var far: Float = 0
        for c in 0..<d {
            let v = Swift.max(upper[b * d + c] - lower[a * d + c], upper[a * d + c] - lower[b * d + c])
            far += v * v
        }
        if far < test.lower { return true }
        let sizeA = start[a + 1] - start[a], sizeB = start[b + 1] - start[b]
        let (outer, inner) = sizeA <= sizeB ? (a, b) : (b, a)
        let lo = lower + inner * d, hi = upper + inner * d
        for i in Int(start[outer])..<Int(start[outer + 1]) {
            let p = UnsafePointer(points + i * d)
            var gap: Float = 0
            for c in 0..<d {
                let v = Swift.max(Swift.max(lo[c] - p[c], p[c] - hi[c]), 0)
                gap += v * v
            }
            if gap > test.upper { continue }
            for j in Int(start[inner])..<Int(start[inner + 1]) where test.contains(p, points + j * d) { return true }
        }
        return false
    }
}

/// How two grid cells relate (``DBSCANGrid/relation(_:_:)``).
enum CellRelation { case adjacent, near, apart }
