import StrataCore

extension MutualReachabilityKDTree {
    /// Squared core distance of every tree position: the squared distance to its `k`-th nearest
    /// row, counting the row itself as the first (scikit-learn's `query(X, k)[:, -1]`).
    ///
    /// The hdbscan package asks for `k = min_samples + 1`, so `min_samples` other rows lie within
    /// the core distance. Only distances matter here (a tie at the k-th distance has one value
    /// whichever row wins it), so each query keeps a bounded max-heap of distances: O(log k) per
    /// accepted row instead of the O(k) shift of a sorted list, which dominated at k in the
    /// hundreds. Parallel over fixed chunks of tree positions; each query is a depth-first search
    /// visiting the nearer child first, pruned by box distance against the heap's top.
    /// Memory: O(k) per chunk, never n × k.
    func coreDistancesSquared(k fitK: Int, alsoRank second: Int) -> (fit: [Double], prediction: [Double]) {
        var out = [Double](repeating: 0, count: count)
        var out2 = [Double](repeating: 0, count: count)
        let d = dimension
        out2.withUnsafeMutableBufferPointer { ob2 in
        out.withUnsafeMutableBufferPointer { ob in
            let o = SendablePointer(ob.baseAddress!), o2 = SendablePointer(ob2.baseAddress!)
            points.withUnsafeBufferPointer { pb in
                lower.withUnsafeBufferPointer { lb in
                    upper.withUnsafeBufferPointer { ub in
                        nonisolated(unsafe) let x = pb.baseAddress!, lo = lb.baseAddress!, hi = ub.baseAddress!
                        Parallel.forEachChunk(count: count, minimumChunk: 512) { _, range in
                            let heap = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(fitK, second))
                            defer { heap.deallocate() }
                            // Neighbouring tree positions are close, so the previous row's k-th
                            // distance plus the step between them bounds this row's from the start
                            // (triangle inequality): far nodes are pruned before the heap fills.
                            var previous = -1
                            for p in range {
                                let q = x + p * d
                                var limit = Double.infinity, limit2 = Double.infinity
                                if previous >= 0 {
                                    var step = 0.0
                                    for c in 0..<d { let t = q[c] - x[previous * d + c]; step += t * t }
                                    step = step.squareRoot()
                                    limit = Self.inflated(o[previous].squareRoot() + step)
                                    limit2 = Self.inflated(o2[previous].squareRoot() + step)
                                }
                                o[p] = self.kthDistanceSquared(to: q, k: fitK, limit: limit, x: x, lo: lo, hi: hi, heap: heap)
                                o2[p] = second == fitK ? o[p]
                                    : self.kthDistanceSquared(to: q, k: second, limit: limit2, x: x, lo: lo, hi: hi, heap: heap)
                                previous = p
                            }
                        }
                    }
                }
            }
        }
        }
        return (out, out2)
    }

    /// The square of a distance bound, widened by a few ulps so rounding never makes it too tight.
    @inline(__always)
    static func inflated(_ distance: Double) -> Double {
        distance.isFinite ? (distance * distance) * (1 + 1e-12) + Double.leastNormalMagnitude : .infinity
    }

    /// Squared distance from `q` to its `k`-th nearest tree row (the row itself counts when `q` is
    /// one), given that it is at most `limit` (squared): rows farther than that are never kept.
    func kthDistanceSquared(to q: UnsafePointer<Double>, k: Int, limit: Double, x: UnsafePointer<Double>,
                            lo: UnsafePointer<Double>, hi: UnsafePointer<Double>,
                            heap: UnsafeMutablePointer<Double>) -> Double {
        nodeStart.withUnsafeBufferPointer { sb in
            nodeEnd.withUnsafeBufferPointer { eb in
                var search = KthDistanceSearch(q: q, k: k, limit: limit, x: x, lo: lo, hi: hi, heap: heap,
                                               start: sb.baseAddress!, end: eb.baseAddress!,
                                               dimension: dimension, nodeCount: nodeCount)
                search.visit(0)
                // Fewer than k rows under the limit cannot happen for a true bound; fall back to an
                // unlimited search rather than trust it.
                if search.size < k && limit.isFinite {
                    return kthDistanceSquared(to: q, k: k, limit: .infinity, x: x, lo: lo, hi: hi, heap: heap)
                }
                return search.size < k ? .infinity : heap[0]
            }
        }
    }
}

/// One distance-only k-nearest query: a max-heap of the `k` smallest squared distances seen.
private struct KthDistanceSearch {
    let q, x, lo, hi: UnsafePointer<Double>
    let k: Int
    let limit: Double
    let heap: UnsafeMutablePointer<Double>
    let start, end: UnsafePointer<Int32>
    let dimension, nodeCount: Int
    var size = 0

    init(q: UnsafePointer<Double>, k: Int, limit: Double, x: UnsafePointer<Double>, lo: UnsafePointer<Double>,
         hi: UnsafePointer<Double>, heap: UnsafeMutablePointer<Double>, start: UnsafePointer<Int32>,
         end: UnsafePointer<Int32>, dimension: Int, nodeCount: Int) {
        self.q = q; self.k = k; self.limit = limit; self.x = x; self.lo = lo; self.hi = hi; self.heap = heap
        self.start = start; self.end = end; self.dimension = dimension; self.nodeCount = nodeCount
    }

    /// The squared distance a row must not exceed to enter (the limit until the heap is full).
    @inline(__always)
    var bound: Double { size < k ? limit : heap[0] }

    @inline(__always)
    func boxDistanceSquared(_ node: Int) -> Double {
        var s = 0.0
        let base = node &* dimension
        for c in 0..<dimension {
            let v = q[c]
            let a = lo[base &+ c] - v, b = v - hi[base &+ c]
            let g = a > 0 ? a : (b > 0 ? b : 0)
            s += g * g
        }
        return s
    }

    mutating func visit(_ node: Int) {
        let d = dimension
        let a = 2 &* node &+ 1
        if a >= nodeCount {
            for p in Int(start[node])..<Int(end[node]) {
                var s = 0.0
                let r = x + p &* d
                for c in 0..<d { let t = q[c] - r[c]; s += t * t }
                if size < k { if s <= limit { push(s) } } else if s < heap[0] { replaceTop(s) }
            }
            return
        }
        let b = a &+ 1
        let da = boxDistanceSquared(a), db = boxDistanceSquared(b)
        let (first, dFirst, second, dSecond) = da <= db ? (a, da, b, db) : (b, db, a, da)
        if dFirst <= bound { visit(first) }
        if dSecond <= bound { visit(second) }
    }

    @inline(__always)
    private mutating func push(_ s: Double) {
        var i = size
        size &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            guard heap[parent] < s else { break }
            heap[i] = heap[parent]; i = parent
        }
        heap[i] = s
    }

    @inline(__always)
    private func replaceTop(_ s: Double) {
        var i = 0
        while true {
            let l = 2 &* i &+ 1
            if l >= k { break }
            var c = l
            if l &+ 1 < k && heap[l &+ 1] > heap[l] { c = l &+ 1 }
            guard heap[c] > s else { break }
            heap[i] = heap[c]; i = c
        }
        heap[i] = s
    }
}
