import StrataCore

extension MutualReachabilityKDTree {
    /// The `k` nearest rows to a point (a tree row itself or an outside point): squared distances
    /// and original rows, nearest first, ties by row index.
    func nearest(to q: UnsafePointer<Double>, k: Int, x: UnsafePointer<Double>, lo: UnsafePointer<Double>,
                 hi: UnsafePointer<Double>, distances: UnsafeMutablePointer<Double>, rows: UnsafeMutablePointer<Int32>) {
        for t in 0..<k { distances[t] = .infinity; rows[t] = .max }
        nearestSearch(node: 0, q: q, k: k, x: x, lo: lo, hi: hi, best: distances, rows: rows)
    }

    private func nearestSearch(node: Int, q: UnsafePointer<Double>, k: Int, x: UnsafePointer<Double>,
                               lo: UnsafePointer<Double>, hi: UnsafePointer<Double>,
                               best: UnsafeMutablePointer<Double>, rows: UnsafeMutablePointer<Int32>) {
        let d = dimension
        if isLeaf(node) {
            for p in Int(nodeStart[node])..<Int(nodeEnd[node]) {
                var s = 0.0
                let r = x + p * d
                for c in 0..<d { let t = q[c] - r[c]; s += t * t }
                let row = order[p]
                if s < best[k - 1] || (s == best[k - 1] && row < rows[k - 1]) {
                    var t = k - 1
                    while t > 0 && (best[t - 1] > s || (best[t - 1] == s && rows[t - 1] > row)) {
                        best[t] = best[t - 1]; rows[t] = rows[t - 1]; t -= 1
                    }
                    best[t] = s; rows[t] = row
                }
            }
            return
        }
        let a = 2 * node + 1, b = a + 1
        let da = boxDistanceSquared(q, node: a, lower: lo, upper: hi)
        let db = boxDistanceSquared(q, node: b, lower: lo, upper: hi)
        let (first, dFirst, second, dSecond) = da <= db ? (a, da, b, db) : (b, db, a, da)
        if dFirst <= best[k - 1] { nearestSearch(node: first, q: q, k: k, x: x, lo: lo, hi: hi, best: best, rows: rows) }
        if dSecond <= best[k - 1] { nearestSearch(node: second, q: q, k: k, x: x, lo: lo, hi: hi, best: best, rows: rows) }
    }
}
