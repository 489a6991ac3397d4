import StrataCore

/// A KD-tree over `Double` copies of the rows, specialised for HDBSCAN: it answers the core-distance
/// kNN queries and carries per-node bounds (bounding box, smallest core distance, the component a
/// node lies in) that prune the Borůvka search for each component's nearest outside neighbour.
///
/// Layout follows scikit-learn's `BinaryTree`: an implicit complete binary tree (children of node
/// `i` are `2i+1`, `2i+2`), each node owning a contiguous range of a permutation of the rows, split
/// at the middle position along the dimension of widest spread. Coordinates are stored permuted
/// (tree order) so a leaf scan reads contiguous memory. Memory: `n·d` doubles plus `O(n/leafSize·d)`.
struct MutualReachabilityKDTree: Sendable {
    let count: Int
    let dimension: Int
    let leafSize: Int
    /// Coordinates in tree order: position `p` holds row `order[p]`.
    let points: [Double]
    /// `order[p]` = original row index of tree position `p`.
    let order: [Int32]
    let nodeStart: [Int32]
    let nodeEnd: [Int32]
    /// Bounding boxes, `dimension` values per node.
    let lower: [Double]
    let upper: [Double]
    let nodeCount: Int

    init(_ data: Matrix, leafSize: Int = 20) {
        let n = data.rows, d = data.columns
        count = n
        dimension = d
        self.leafSize = leafSize
        // Levels chosen as scikit-learn does: leaves hold between leafSize/2 and leafSize points.
        let ratio = Swift.max(1, (n - 1) / leafSize)
        let levels = (Int.bitWidth - 1 - ratio.leadingZeroBitCount) + 1
        let nodes = (1 << levels) - 1
        nodeCount = nodes
        var perm = (0..<n).map { Int32($0) }
        var starts = [Int32](repeating: 0, count: nodes)
        var ends = [Int32](repeating: 0, count: nodes)
        var lo = [Double](repeating: 0, count: nodes * d)
        var hi = [Double](repeating: 0, count: nodes * d)
        let raw = data.storage
        raw.withUnsafeBufferPointer { x in
            perm.withUnsafeMutableBufferPointer { idx in
                for node in 0..<nodes {
                    let s: Int, e: Int
                    if node == 0 { s = 0; e = n } else {
                        let parent = (node - 1) / 2
                        let ps = Int(starts[parent]), pe = Int(ends[parent])
                        let mid = ps + (pe - ps) / 2
                        if node == 2 * parent + 1 { s = ps; e = mid } else { s = mid; e = pe }
                    }
                    starts[node] = Int32(s); ends[node] = Int32(e)
                    // Bounding box of the node's points.
                    for c in 0..<d { lo[node * d + c] = .infinity; hi[node * d + c] = -.infinity }
                    for p in s..<e {
                        let r = Int(idx[p]) * d
                        for c in 0..<d {
                            let v = Double(x[r + c])
                            if v < lo[node * d + c] { lo[node * d + c] = v }
                            if v > hi[node * d + c] { hi[node * d + c] = v }
                        }
                    }
                    // Internal node: partition its range at the middle along the widest dimension.
                    if 2 * node + 1 < nodes, e - s > 1 {
                        var split = 0, spread = -1.0
                        for c in 0..<d where hi[node * d + c] - lo[node * d + c] > spread {
                            spread = hi[node * d + c] - lo[node * d + c]; split = c
                        }
                        Self.select(idx, x, d, split, s, e, s + (e - s) / 2)
                    }
                }
            }
        }
        var pts = [Double](repeating: 0, count: n * d)
        for p in 0..<n { for c in 0..<d { pts[p * d + c] = Double(raw[Int(perm[p]) * d + c]) } }
        points = pts
        order = perm
        nodeStart = starts
        nodeEnd = ends
        lower = lo
        upper = hi
    }

    func isLeaf(_ node: Int) -> Bool { 2 * node + 1 >= nodeCount }

    /// Quickselect on `idx[s..<e]` so that position `k` holds the element of rank `k - s` along
    /// column `c` (ties broken by row index, keeping the tree a pure function of the data).
    private static func select(_ idx: UnsafeMutableBufferPointer<Int32>, _ x: UnsafeBufferPointer<Float>,
                               _ d: Int, _ c: Int, _ s: Int, _ e: Int, _ k: Int) {
        @inline(__always) func less(_ a: Int32, _ b: Int32) -> Bool {
            let va = x[Int(a) * d + c], vb = x[Int(b) * d + c]
            return va < vb || (va == vb && a < b)
        }
        var left = s, right = e - 1
        while right > left {
            let m = left + (right - left) / 2
            // Median of three as pivot.
            if less(idx[m], idx[left]) { idx.swapAt(m, left) }
            if less(idx[right], idx[left]) { idx.swapAt(right, left) }
            if less(idx[right], idx[m]) { idx.swapAt(right, m) }
            let pivot = idx[m]
            var i = left, j = right
            while i <= j {
                while less(idx[i], pivot) { i += 1 }
                while less(pivot, idx[j]) { j -= 1 }
                if i <= j { idx.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return }
        }
    }

    /// Squared distance from a point to node's bounding box.
    @inline(__always)
    func boxDistanceSquared(_ q: UnsafePointer<Double>, node: Int, lower lo: UnsafePointer<Double>,
                            upper hi: UnsafePointer<Double>) -> Double {
        var s = 0.0
        let base = node * dimension
        for c in 0..<dimension {
            let v = q[c]
            let a = lo[base + c] - v, b = v - hi[base + c]
            let g = a > 0 ? a : (b > 0 ? b : 0)
            s += g * g
        }
        return s
    }
}

