import StrataCore
import StrataNeighbors

/// A KD-tree over `Double` copies of the rows, specialised for HDBSCAN: it answers the core-distance
/// kNN queries and carries per-node bounds (bounding box, smallest core distance, the component a
/// node lies in) that prune the Borůvka search for each component's nearest outside neighbour.
///
/// Layout: StrataNeighbors' ``KDTreeLayout`` (scikit-learn's `BinaryTree`: an implicit complete
/// binary tree, children of node `i` at `2i+1`, `2i+2`, each node a contiguous range of a
/// permutation of the rows, split at the median of its widest dimension). Coordinates are stored
/// permuted (tree order) so a leaf scan reads contiguous memory. Memory: `n·d` doubles plus `O(n/leafSize·d)`.
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
        // StrataNeighbors' KD-tree structure (same levels, median splits and tie-breaking as
        // scikit-learn's BinaryTree); this tree keeps Double copies for the Borůvka bounds.
        let layout = KDTreeLayout(data, leafSize: leafSize)
        nodeCount = layout.nodeCount
        var pts = [Double](repeating: 0, count: n * d)
        data.storage.withUnsafeBufferPointer { raw in
            for p in 0..<n { for c in 0..<d { pts[p * d + c] = Double(raw[Int(layout.order[p]) * d + c]) } }
        }
        points = pts
        order = layout.order
        nodeStart = layout.starts
        nodeEnd = layout.ends
        lower = layout.lower.map(Double.init)
        upper = layout.upper.map(Double.init)
    }

    func isLeaf(_ node: Int) -> Bool { 2 * node + 1 >= nodeCount }

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

