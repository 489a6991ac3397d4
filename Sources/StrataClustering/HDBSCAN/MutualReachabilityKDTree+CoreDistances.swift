import StrataCore

extension MutualReachabilityKDTree {
    /// Squared distances of every tree position to its `k`-th and its `second`-th nearest rows
    /// (`second ≤ k`), counting the row itself as the first (scikit-learn's `query(X, k)[:, -1]`).
    ///
    /// The hdbscan package asks for `k = min_samples + 1`, so `min_samples` other rows lie within
    /// the core distance; its prediction core distances use rank `min_samples`, which the same
    /// search answers. Only distance *values* matter (a tie at the k-th distance has one value
    /// whichever row wins it), so a query keeps no sorted list and no heap. Neighbouring tree
    /// positions are close, and the previous position's answers bound this one's both ways
    /// (triangle inequality: `r(q) ≤ r(p) + |q − p|` and `r(q) ≥ r(p) − |q − p|`): nodes beyond the
    /// upper bound are skipped, nodes wholly under the lower bound are counted by their size
    /// without reading a row, and the few distances in between go to a ``DistanceSelection`` that
    /// picks both ranks — O(k) work per query where a heap paid O(log k) per row met. A search
    /// without bounds (the first row of a chunk) shrinks its limit whenever the buffer fills.
    /// Parallel over fixed chunks of tree positions; memory O(k) per chunk, never n × k. Every
    /// distance is summed in the same order as in any other search here, so the values are the
    /// same bits however they are found.
    func coreDistancesSquared(k fitK: Int, alsoRank second: Int) -> (fit: [Double], prediction: [Double]) {
        precondition(second >= 1 && second <= fitK, "ranks must satisfy 1 ≤ second ≤ k")
        guard fitK <= count else {
            // Fewer rows than the rank (one row, where the package asks for min_samples + 1 = 2):
            // no such neighbour, an infinite distance, as a search that never fills up returns.
            let inner = second <= count ? coreDistancesSquared(k: second, alsoRank: second).fit
                : [Double](repeating: .infinity, count: count)
            return ([Double](repeating: .infinity, count: count), inner)
        }
        var out = [Double](repeating: 0, count: count)
        var out2 = [Double](repeating: 0, count: count)
        let d = dimension
        var largestLeaf = 0
        for node in 0..<nodeCount where isLeaf(node) { largestLeaf = Swift.max(largestLeaf, Int(nodeEnd[node] - nodeStart[node])) }
        // Room for k kept distances plus a whole leaf, and enough slack that compactions are rare.
        let capacity = Swift.max(4 * fitK, 1024) + largestLeaf
        out2.withUnsafeMutableBufferPointer { ob2 in
        out.withUnsafeMutableBufferPointer { ob in
            let o = SendablePointer(ob.baseAddress!), o2 = SendablePointer(ob2.baseAddress!)
            points.withUnsafeBufferPointer { pb in
            lower.withUnsafeBufferPointer { lb in
            upper.withUnsafeBufferPointer { ub in
            nodeStart.withUnsafeBufferPointer { sb in
            nodeEnd.withUnsafeBufferPointer { eb in
                nonisolated(unsafe) let x = pb.baseAddress!, lo = lb.baseAddress!, hi = ub.baseAddress!
                nonisolated(unsafe) let starts = sb.baseAddress!, ends = eb.baseAddress!
                let nodes = nodeCount
                Parallel.forEachChunk(count: count, minimumChunk: 512) { _, range in
                    var selection = DistanceSelection(capacity: capacity)
                    defer { selection.deallocate() }
                    var search = RankedDistanceSearch(x: x, lo: lo, hi: hi, start: starts, end: ends,
                                                      dimension: d, nodeCount: nodes, k: fitK)
                    var previous = -1
                    for p in range {
                        let q = x + p * d
                        var floor = 0.0, limit = Double.infinity
                        if previous >= 0 {
                            var step = 0.0
                            for c in 0..<d { let t = q[c] - x[previous * d + c]; step += t * t }
                            step = step.squareRoot()
                            limit = Self.inflated(o[previous].squareRoot() + step)
                            floor = Self.deflated(o2[previous].squareRoot(), minus: step)
                        }
                        search.run(from: q, floor: floor, limit: limit, into: &selection)
                        // Bounds that do not bracket the ranks cannot happen for true bounds;
                        // search again without them rather than trust them.
                        if !selection.holds(fitK, second) {
                            search.run(from: q, floor: 0, limit: .infinity, into: &selection)
                        }
                        let (a, b) = selection.smallest(fitK, second)
                        o[p] = a
                        o2[p] = b
                        previous = p
                    }
                }
            }}}}}
        }}
        return (out, out2)
    }

    /// The square of the lower bound `distance - step`, lowered by a margin far above rounding
    /// error (0 when the bound is not positive).
    @inline(__always)
    static func deflated(_ distance: Double, minus step: Double) -> Double {
        let low = (distance - step) - (distance + step) * 1e-12
        return low > 0 && low.isFinite ? (low * low) * (1 - 1e-12) : 0
    }

    /// The square of a distance bound, widened by a few ulps so rounding never makes it too tight.
    @inline(__always)
    static func inflated(_ distance: Double) -> Double {
        distance.isFinite ? (distance * distance) * (1 + 1e-12) + Double.leastNormalMagnitude : .infinity
    }
}

/// One query's tree walk: depth-first, nearer child first; a node whose box lies beyond the limit
/// is skipped, a node whose box lies wholly under the floor is counted by its size without
/// reading its rows, and every leaf row in between is handed to the selection.
private struct RankedDistanceSearch {
    let x, lo, hi: UnsafePointer<Double>
    let start, end: UnsafePointer<Int32>
    let dimension, nodeCount, k: Int
    var q: UnsafePointer<Double>

    init(x: UnsafePointer<Double>, lo: UnsafePointer<Double>, hi: UnsafePointer<Double>,
         start: UnsafePointer<Int32>, end: UnsafePointer<Int32>, dimension: Int, nodeCount: Int, k: Int) {
        self.x = x; self.lo = lo; self.hi = hi; self.start = start; self.end = end
        self.dimension = dimension; self.nodeCount = nodeCount; self.k = k; self.q = x
    }

    mutating func run(from q: UnsafePointer<Double>, floor: Double, limit: Double, into selection: inout DistanceSelection) {
        self.q = q
        selection.reset(floor: floor, limit: limit)
        visit(0, &selection)
    }

    /// Squared distances from the query to the nearest and the farthest point of a node's box.
    /// Rounding is monotone, so a row inside the box never computes nearer or farther than these.
    @inline(__always)
    func boxDistancesSquared(_ node: Int) -> (near: Double, far: Double) {
        var near = 0.0, far = 0.0
        let base = node &* dimension
        for c in 0..<dimension {
            let v = q[c]
            let a = lo[base &+ c] - v, b = v - hi[base &+ c]
            // Same value as `a > 0 ? a : (b > 0 ? b : 0)` (at most one is positive), without branches.
            let g = Swift.max(0, Swift.max(a, b))
            near += g * g
            let f = Swift.max(-a, -b)
            far += f * f
        }
        return (near, far)
    }

    func visit(_ node: Int, _ selection: inout DistanceSelection) {
        let a = 2 &* node &+ 1
        if a >= nodeCount {
            let s = Int(start[node]), e = Int(end[node])
            if selection.count &+ (e &- s) >= selection.capacity { selection.keepSmallest(k) }
            let d = dimension
            if d == 3 {
                let q0 = q[0], q1 = q[1], q2 = q[2]
                var r = x + s &* 3
                for _ in s..<e {
                    let t0 = q0 - r[0], t1 = q1 - r[1], t2 = q2 - r[2]
                    var v = t0 * t0
                    v += t1 * t1
                    v += t2 * t2
                    selection.append(v)
                    r += 3
                }
            } else {
                for p in s..<e {
                    var v = 0.0
                    let r = x + p &* d
                    for c in 0..<d { let t = q[c] - r[c]; v += t * t }
                    selection.append(v)
                }
            }
            return
        }
        let b = a &+ 1
        let da = boxDistancesSquared(a), db = boxDistancesSquared(b)
        let (first, dFirst, second, dSecond) = da.near <= db.near ? (a, da, b, db) : (b, db, a, da)
        enter(first, dFirst, &selection)
        enter(second, dSecond, &selection)
    }

    @inline(__always)
    func enter(_ node: Int, _ box: (near: Double, far: Double), _ selection: inout DistanceSelection) {
        if box.near > selection.limit { return }
        if box.far < selection.floor {
            selection.below &+= Int(end[node] &- start[node])
        } else {
            visit(node, &selection)
        }
    }
}
