import StrataCore

/// A k-nearest query against one ``KDTree`` with a bounded max-heap ordered by (distance, row):
/// among equal distances the lower row wins, as in ``ExactNeighbors``.
struct NearestQuery {
    let s: KDTreeStorage
    let d: Int
    let firstLeaf: Int
    let k: Int
    let heapD: UnsafeMutablePointer<Float>
    let heapI: UnsafeMutablePointer<Int32>

    init(tree: KDTree, k: Int) {
        s = tree.storage; d = tree.columns; firstLeaf = tree.firstLeaf; self.k = k
        heapD = .allocate(capacity: k); heapI = .allocate(capacity: k)
    }

    func deallocate() { heapD.deallocate(); heapI.deallocate() }

    @inline(__always)
    func worse(_ da: Float, _ ia: Int32, _ db: Float, _ ib: Int32) -> Bool { da > db || (da == db && ia > ib) }

    /// Finds the k nearest indexed rows of `q`; writes rows and Euclidean distances (recomputed in
    /// Double), nearest first.
    func search(_ q: UnsafePointer<Float>, indices: UnsafeMutablePointer<Int32>, distances: UnsafeMutablePointer<Float>) {
        var size = 0
        visit(0, q, &size)
        // Heap → ascending by (exact distance, row).
        var items = [(Double, Int32)]()
        items.reserveCapacity(size)
        for t in 0..<size {
            let row = heapI[t]
            let p = s.points + Int(s.position[Int(row)]) &* d
            var exact = 0.0
            for c in 0..<d { let v = Double(q[c]) - Double(p[c]); exact += v * v }
            items.append((exact, row))
        }
        items.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        for t in 0..<size { indices[t] = items[t].1; distances[t] = Float(items[t].0.squareRoot()) }
    }

    private func visit(_ node: Int, _ q: UnsafePointer<Float>, _ size: inout Int) {
        if node >= firstLeaf {
            let start = Int(s.starts[node]), end = Int(s.ends[node])
            for t in start..<end {
                let p = s.points + t &* d
                var acc: Float = 0
                for c in 0..<d { let v = q[c] - p[c]; acc += v * v }
                let row = s.order[t]
                if size < k {
                    push(acc, row, &size)
                } else if worse(heapD[0], heapI[0], acc, row) {
                    replaceTop(acc, row)
                }
            }
            return
        }
        let left = 2 &* node &+ 1, right = left &+ 1
        let dl = minDistance(left, q), dr = minDistance(right, q)
        let (first, second, df, ds) = dl <= dr ? (left, right, dl, dr) : (right, left, dr, dl)
        if size < k || df <= heapD[0] { visit(first, q, &size) }
        if size < k || ds <= heapD[0] { visit(second, q, &size) }
    }

    @inline(__always)
    func minDistance(_ node: Int, _ q: UnsafePointer<Float>) -> Float {
        var mn: Float = 0
        let lo = s.lower + node &* d, hi = s.upper + node &* d
        for c in 0..<d {
            let v = Swift.max(Swift.max(lo[c] - q[c], q[c] - hi[c]), 0)
            mn += v * v
        }
        return mn
    }

    @inline(__always)
    private func push(_ dist: Float, _ row: Int32, _ size: inout Int) {
        var i = size
        size &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            guard worse(dist, row, heapD[parent], heapI[parent]) else { break }
            heapD[i] = heapD[parent]; heapI[i] = heapI[parent]; i = parent
        }
        heapD[i] = dist; heapI[i] = row
    }

    @inline(__always)
    private func replaceTop(_ dist: Float, _ row: Int32) {
        var i = 0
        while true {
            let l = 2 &* i &+ 1
            if l >= k { break }
            var c = l
            let r = l &+ 1
            if r < k && worse(heapD[r], heapI[r], heapD[l], heapI[l]) { c = r }
            guard worse(heapD[c], heapI[c], dist, row) else { break }
            heapD[i] = heapD[c]; heapI[i] = heapI[c]; i = c
        }
        heapD[i] = dist; heapI[i] = row
    }
}
