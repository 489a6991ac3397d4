import StrataCore
import Foundation

/// A KD-tree over the rows of a matrix, for radius and k-nearest queries in low dimensions (2–10).
///
/// ```swift
/// let tree = try KDTree(embedding)                          // O(n log n)
/// let n = tree.count(within: 0.3, ofRow: 7, in: embedding)  // points at distance <= 0.3, self included
/// let graph = tree.nearestOfRows(k: 10)                     // kNN of every indexed row, every core
/// ```
///
/// Layout as scikit-learn's `KDTree`: a complete binary tree whose node `i` has children
/// `2i + 1` and `2i + 2`; every node holds a contiguous range of the points (copied in tree
/// order, so leaves are read sequentially) and its tight bounding box; a node is split at the
/// median of its widest dimension. Radius queries use `distance <= radius` decided in Double
/// near the boundary, exactly as scikit-learn's float64 comparison on Float32 input; nodes fully
/// inside the radius are counted without visiting their points.
///
/// Complexity: build O(n log n) time and O(n · d) memory (one copy of the data);
/// queries O(log n + answers) for well-spread low-dimensional data, degrading towards O(n) as
/// the dimension grows (use ``ExactNeighbors`` above ~15 dimensions).
/// Reference: J. L. Bentley, "Multidimensional binary search trees used for associative
/// searching", CACM 1975; scikit-learn `sklearn.neighbors.KDTree`.
public struct KDTree: Sendable {
    /// Indexed rows.
    public let count: Int
    /// Dimensions.
    public let columns: Int
    /// Points per leaf at most (about; leaves hold between leafSize/2 and leafSize points).
    public let leafSize: Int
    /// Nodes at index `firstLeaf` and above are leaves.
    let firstLeaf: Int
    /// Points, order, node ranges and boxes (immutable after `init`).
    let storage: KDTreeStorage

    /// The leaf size trees get unless told otherwise.
    public static let defaultLeafSize = 24

    /// Builds the tree. Throws when the data holds NaN or infinity (naming row and column) or
    /// `leafSize < 1`.
    public init(_ data: Matrix, leafSize: Int = KDTree.defaultLeafSize) throws(StrataError) {
        guard leafSize >= 1 else { throw .invalidArgument("leafSize must be at least 1, got \(leafSize)") }
        guard data.columns > 0 else { throw .invalidArgument("data must have at least one column") }
        try KDTreeLayout.validateRowCount(data.rows)
        try data.validateFinite()
        let n = data.rows, d = data.columns
        self.count = n
        self.columns = d
        self.leafSize = leafSize
        let layout = KDTreeLayout(data, leafSize: leafSize)
        self.firstLeaf = layout.firstLeaf
        self.storage = KDTreeStorage(data: data, order: layout.order, starts: layout.starts, ends: layout.ends,
                                     lower: layout.lower, upper: layout.upper)
    }
}

/// The node structure of a ``KDTree`` — row permutation, node ranges, tight bounding boxes — as
/// scikit-learn's `BinaryTree` lays it out: a complete binary tree whose node `i` has children
/// `2i + 1` and `2i + 2`, each node a contiguous range of the permutation, split at the median of
/// its widest dimension (ties by row index, so the tree is a pure function of the data). Shared
/// with HDBSCAN's mutual-reachability tree, which adds its own per-node bounds.
package struct KDTreeLayout: Sendable {
    /// Complete-tree nodes; nodes at `firstLeaf` and above are leaves.
    package let nodeCount: Int
    package let firstLeaf: Int
    /// `order[p]` = row at tree position `p`.
    package let order: [Int32]
    package let starts: [Int32]
    package let ends: [Int32]
    /// Bounding boxes, `columns` values per node.
    package let lower: [Float]
    package let upper: [Float]

    /// Largest row count a tree indexes: rows and node ranges are stored as `Int32` to halve the
    /// index memory, so positions must fit in it.
    package static let maximumRowCount = Int(Int32.max)

    /// Throws when `rows` exceeds ``maximumRowCount`` (checked before any allocation, so callers
    /// refuse such data with a message instead of trapping on an index conversion).
    package static func validateRowCount(_ rows: Int) throws(StrataError) {
        guard rows <= maximumRowCount else {
            throw .invalidArgument("a KD-tree indexes at most \(maximumRowCount.formatted()) rows, got \(rows.formatted()); split the data or sample it")
        }
    }

    /// Builds the layout (level by level, each level's nodes split over the cores). No validation:
    /// callers check the data.
    package init(_ data: Matrix, leafSize: Int) {
        let n = data.rows, d = data.columns
        // Levels as scikit-learn: enough that leaves hold at most leafSize points.
        let ratio = Swift.max(1.0, Double(Swift.max(n - 1, 0)) / Double(leafSize))
        let levels = Int(log2(ratio)) + 1
        let nodeCount = (1 << levels) - 1
        let leaf = (1 << (levels - 1)) - 1
        var perm = (0..<n).map { Int32($0) }
        var starts = [Int32](repeating: 0, count: nodeCount)
        var ends = [Int32](repeating: 0, count: nodeCount)
        var lo = [Float](repeating: 0, count: nodeCount * d)
        var hi = [Float](repeating: 0, count: nodeCount * d)
        data.storage.withUnsafeBufferPointer { xs in
            nonisolated(unsafe) let x = xs.baseAddress ?? UnsafePointer(bitPattern: 8)!
            perm.withUnsafeMutableBufferPointer { pb in
            starts.withUnsafeMutableBufferPointer { sb in
            ends.withUnsafeMutableBufferPointer { eb in
            lo.withUnsafeMutableBufferPointer { lb in
            hi.withUnsafeMutableBufferPointer { hb in
                let p = SendablePointer(pb.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                let st = SendablePointer(sb.baseAddress!), en = SendablePointer(eb.baseAddress!)
                let lp = SendablePointer(lb.baseAddress!), hp = SendablePointer(hb.baseAddress!)
                // Level by level: the nodes of one level own disjoint ranges, so they split in parallel.
                for level in 0..<levels {
                    let first = (1 << level) - 1, width = 1 << level
                    Parallel.forEachChunk(count: width, minimumChunk: 1) { _, range in
                        for node in (first + range.lowerBound)..<(first + range.upperBound) {
                            KDTreeLayout.buildNode(node, x: x, d: d, n: n, perm: p.base, starts: st.base, ends: en.base,
                                                   lower: lp.base, upper: hp.base, isLeaf: node >= leaf)
                        }
                    }
                }
            }}}}}
        }
        self.nodeCount = nodeCount
        self.firstLeaf = leaf
        self.order = perm
        self.starts = starts
        self.ends = ends
        self.lower = lo
        self.upper = hi
    }

    /// Sets a node's range (from its parent's split), its tight bounding box, and splits its points
    /// at the median of the widest dimension (internal nodes only).
    static func buildNode(_ node: Int, x: UnsafePointer<Float>, d: Int, n: Int, perm p: UnsafeMutablePointer<Int32>,
                          starts: UnsafeMutablePointer<Int32>, ends: UnsafeMutablePointer<Int32>,
                          lower lo: UnsafeMutablePointer<Float>, upper hi: UnsafeMutablePointer<Float>, isLeaf: Bool) {
        let s: Int, e: Int
        if node == 0 { s = 0; e = n } else {
            let parent = (node - 1) / 2
            let ps = Int(starts[parent]), pe = Int(ends[parent])
            let mid = ps + (pe - ps) / 2
            if node == 2 * parent + 1 { s = ps; e = mid } else { s = mid; e = pe }
        }
        starts[node] = Int32(s); ends[node] = Int32(e)
        let l = lo + node * d, h = hi + node * d
        for c in 0..<d { l[c] = .infinity; h[c] = -.infinity }
        for t in s..<e {
            let row = x + Int(p[t]) * d
            for c in 0..<d {
                let v = row[c]
                if v < l[c] { l[c] = v }
                if v > h[c] { h[c] = v }
            }
        }
        guard !isLeaf, e - s > 1 else { return }
        var split = 0
        var spread: Float = -1
        for c in 0..<d where h[c] - l[c] > spread { spread = h[c] - l[c]; split = c }
        select(p, s, e, s + (e - s) / 2, x, d, split)
    }

    /// Quickselect on `p[s..<e]` so that position `k` holds the point of rank k along `dim`,
    /// smaller ones before it and larger ones after (ties broken by row, for a deterministic tree).
    static func select(_ p: UnsafeMutablePointer<Int32>, _ s: Int, _ e: Int, _ k: Int,
                       _ x: UnsafePointer<Float>, _ d: Int, _ dim: Int) {
        @inline(__always) func less(_ a: Int32, _ b: Int32) -> Bool {
            let va = x[Int(a) * d + dim], vb = x[Int(b) * d + dim]
            return va < vb || (va == vb && a < b)
        }
        var left = s, right = e - 1
        while right > left {
            // Median of three as pivot.
            let mid = left + (right - left) / 2
            if less(p[mid], p[left]) { p.swapAt(mid, left) }
            if less(p[right], p[left]) { p.swapAt(right, left) }
            if less(p[right], p[mid]) { p.swapAt(right, mid) }
            let pivot = p[mid]
            var i = left, j = right
            while i <= j {
                while less(p[i], pivot) { i += 1 }
                while less(pivot, p[j]) { j -= 1 }
                if i <= j { p.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return }
        }
    }
}

extension UnsafeMutablePointer {
    @inline(__always)
    fileprivate func swapAt(_ i: Int, _ j: Int) { let t = self[i]; self[i] = self[j]; self[j] = t }
}
