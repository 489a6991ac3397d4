import StrataCore

/// One edge of a minimum spanning tree: original row indices and the mutual reachability distance.
struct SpanningEdge: Sendable, Hashable {
    var a: Int32
    var b: Int32
    var distance: Double
}

/// The exact minimum spanning tree of the mutual reachability graph by Borůvka's algorithm on a
/// ``MutualReachabilityKDTree``.
///
/// Each round finds, for every component, its lightest edge to another component, then merges.
/// The search per point is a single-tree nearest-neighbour query in mutual reachability
/// `max(d(p,q)/α, core(p), core(q))`, pruned by (1) nodes lying wholly inside the point's own
/// component, (2) the lower bound `max(box distance/α, smallest core distance in the node, core(p))`
/// against the component's best edge so far, and (3) points whose core distance already exceeds that
/// best. Among equal weights the shorter raw distance wins — the package's own tie-break (its first
/// round links each row to its nearest neighbour with no larger core distance); remaining ties go to
/// the first found. Borůvka stays exact under any tie-breaking because an edge closing a cycle is
/// skipped (each chosen edge is a lightest edge across its component's cut, so any spanning forest
/// of the chosen edges extends to a minimum spanning tree, as Kruskal with those edges first shows).
///
/// Work is split into at most 8 chunks of tree positions fixed by n alone; each chunk searches its
/// rows in order and keeps its own per-component best, and chunks are reduced under the total order
/// (weight, raw distance, positions), whose minimum is the same whatever order chunks finish in, so
/// the answer does not depend on the thread count. Memory: O(n) per running chunk.
/// Reference: Borůvka (1926); March, Ram & Gray, "Fast Euclidean minimum spanning tree" (KDD 2010);
/// McInnes & Healy, "Accelerated hierarchical density clustering" (2017).
struct BoruvkaMST {
    let tree: MutualReachabilityKDTree
    /// Squared core distances by tree position.
    let coreSquared: [Double]
    /// 1/α² applied to squared point distances.
    let scale: Double

    func edges() -> [SpanningEdge] {
        let n = tree.count, nodes = tree.nodeCount
        guard n > 1 else { return [] }
        // Smallest squared core distance under each node, bottom-up.
        var minCore = [Double](repeating: .infinity, count: nodes)
        for node in stride(from: nodes - 1, through: 0, by: -1) {
            if tree.isLeaf(node) {
                for p in Int(tree.nodeStart[node])..<Int(tree.nodeEnd[node]) { minCore[node] = min(minCore[node], coreSquared[p]) }
            } else {
                minCore[node] = min(minCore[2 * node + 1], minCore[2 * node + 2])
            }
        }
        var parent = (0..<n).map { Int32($0) }
        func find(_ x: Int) -> Int {
            var r = x
            while Int(parent[r]) != r { r = Int(parent[r]) }
            var y = x
            while Int(parent[y]) != r { let next = Int(parent[y]); parent[y] = Int32(r); y = next }
            return r
        }
        var result = [SpanningEdge]()
        result.reserveCapacity(n - 1)
        var component = [Int32](repeating: 0, count: n)
        var nodeComponent = [Int32](repeating: -1, count: nodes)
        var rootToCompact = [Int32](repeating: -1, count: n)
        let chunkMinimum = Swift.max(256, (n + 7) / 8)
        while result.count < n - 1 {
            // Compact component ids for this round.
            var componentCount = 0
            for p in 0..<n { rootToCompact[p] = -1 }
            for p in 0..<n {
                let r = find(p)
                if rootToCompact[r] < 0 { rootToCompact[r] = Int32(componentCount); componentCount += 1 }
                component[p] = rootToCompact[r]
            }
            for node in stride(from: nodes - 1, through: 0, by: -1) {
                if tree.isLeaf(node) {
                    let s = Int(tree.nodeStart[node]), e = Int(tree.nodeEnd[node])
                    var c = component[s]
                    for p in (s + 1)..<e where component[p] != c { c = -1; break }
                    nodeComponent[node] = c
                } else {
                    let l = nodeComponent[2 * node + 1]
                    nodeComponent[node] = l == nodeComponent[2 * node + 2] ? l : -1
                }
            }
            let (roundCount, roundComponent, roundNodes, roundMinCore) = (componentCount, component, nodeComponent, minCore)
            // Each chunk's result is folded in as soon as it is done, so only the chunks running
            // at once hold per-component arrays (n entries each in the first round).
            let reduction = ChunkReduction()
            Parallel.forEachChunk(count: n, minimumChunk: chunkMinimum) { _, range in
                reduction.absorb(search(range, componentCount: roundCount, component: roundComponent,
                                        nodeComponent: roundNodes, minCore: roundMinCore))
            }
            let best = reduction.best
            let before = result.count
            for c in 0..<componentCount where best.from[c] >= 0 {
                let p = Int(best.from[c]), q = Int(best.to[c])
                let rp = find(p), rq = find(q)
                if rp == rq { continue }
                parent[rp] = Int32(rq)
                result.append(SpanningEdge(a: tree.order[p], b: tree.order[q], distance: best.weight[c].squareRoot()))
            }
            if result.count == before { break }  // cannot happen on a complete graph; guards a hang
        }
        return result
    }

    @inline(__always)
    static func precedes(_ w1: Double, _ r1: Double, _ a1: Int32, _ b1: Int32,
                         _ w2: Double, _ r2: Double, _ a2: Int32, _ b2: Int32) -> Bool {
        if w1 != w2 { return w1 < w2 }
        if r1 != r2 { return r1 < r2 }
        let l1 = min(a1, b1), l2 = min(a2, b2)
        if l1 != l2 { return l1 < l2 }
        return max(a1, b1) < max(a2, b2)
    }

    struct ChunkBest: Sendable {
        var weight: [Double]
        var raw: [Double]
        var from: [Int32]
        var to: [Int32]
    }

    private func search(_ range: Range<Int>, componentCount: Int, component: [Int32],
                        nodeComponent: [Int32], minCore: [Double]) -> ChunkBest {
        var out = ChunkBest(weight: [Double](repeating: .infinity, count: componentCount),
                            raw: [Double](repeating: .infinity, count: componentCount),
                            from: [Int32](repeating: -1, count: componentCount),
                            to: [Int32](repeating: -1, count: componentCount))
        let d = tree.dimension
        tree.points.withUnsafeBufferPointer { xb in
        tree.lower.withUnsafeBufferPointer { lb in
        tree.upper.withUnsafeBufferPointer { ub in
        coreSquared.withUnsafeBufferPointer { cb in
        component.withUnsafeBufferPointer { compb in
        nodeComponent.withUnsafeBufferPointer { ncb in
        minCore.withUnsafeBufferPointer { mcb in
        tree.nodeStart.withUnsafeBufferPointer { sb in
        tree.nodeEnd.withUnsafeBufferPointer { eb in
        out.raw.withUnsafeMutableBufferPointer { rb in
        out.weight.withUnsafeMutableBufferPointer { wb in
        out.from.withUnsafeMutableBufferPointer { fb in
        out.to.withUnsafeMutableBufferPointer { tb in
            var ctx = SearchContext(x: xb.baseAddress!, lo: lb.baseAddress!, hi: ub.baseAddress!, core: cb.baseAddress!,
                                    component: compb.baseAddress!, nodeComponent: ncb.baseAddress!,
                                    minCore: mcb.baseAddress!, start: sb.baseAddress!, end: eb.baseAddress!,
                                    weight: wb.baseAddress!, raw: rb.baseAddress!, from: fb.baseAddress!, to: tb.baseAddress!,
                                    dimension: d, nodeCount: tree.nodeCount, scale: scale, p: 0, c: 0, coreP: 0)
            for p in range {
                let c = Int(ctx.component[p])
                let coreP = ctx.core[p]
                if coreP > ctx.weight[c] { continue }
                ctx.p = p; ctx.c = c; ctx.coreP = coreP
                ctx.visit(0)
            }
        }}}}}}}}}}}}}
        return out
    }
}

/// Raw pointers and the current query for one chunk's Borůvka searches.
private struct SearchContext {
    let x, lo, hi, core: UnsafePointer<Double>
    let component, nodeComponent: UnsafePointer<Int32>
    let minCore: UnsafePointer<Double>
    let start, end: UnsafePointer<Int32>
    let weight: UnsafeMutablePointer<Double>
    let raw: UnsafeMutablePointer<Double>
    let from, to: UnsafeMutablePointer<Int32>
    let dimension, nodeCount: Int
    let scale: Double
    var p: Int
    var c: Int
    var coreP: Double

    /// (lower bound on the mutual reachability to any row of `node`, squared box distance).
    @inline(__always)
    func lowerBound(_ node: Int) -> (Double, Double) {
        let q = x + p * dimension, base = node * dimension
        var s = 0.0
        for k in 0..<dimension {
            let v = q[k]
            let a = lo[base + k] - v, b = v - hi[base + k]
            let g = a > 0 ? a : (b > 0 ? b : 0)
            s += g * g
        }
        return (Swift.max(s * scale, Swift.max(minCore[node], coreP)), s)
    }

    /// Whether a node may still hold an edge better than the component's best: lighter, or as
    /// light and shorter. Edges equal in both are not sought (the first found stays), which keeps
    /// thousands of identical rows from turning each search quadratic.
    @inline(__always)
    func worthVisiting(_ bound: (Double, Double)) -> Bool {
        bound.0 < weight[c] || (bound.0 == weight[c] && bound.1 < raw[c])
    }

    func visit(_ node: Int) {
        if Int(nodeComponent[node]) == c { return }
        let left = 2 * node + 1
        if left >= nodeCount {
            let q0 = x + p * dimension
            for q in Int(start[node])..<Int(end[node]) {
                if Int(component[q]) == c { continue }
                let coreQ = core[q]
                let bound = weight[c]
                if coreQ > bound { continue }
                let r = x + q * dimension
                var s = 0.0
                for k in 0..<dimension { let t = q0[k] - r[k]; s += t * t }
                let w = Swift.max(s * scale, Swift.max(coreP, coreQ))
                if w < bound || (w == bound && s < raw[c]) {
                    weight[c] = w; raw[c] = s; from[c] = Int32(p); to[c] = Int32(q)
                }
            }
            return
        }
        let right = left + 1
        let la = lowerBound(left), lb = lowerBound(right)
        if la.0 < lb.0 || (la.0 == lb.0 && la.1 <= lb.1) {
            if worthVisiting(la) { visit(left) }
            if worthVisiting(lb) { visit(right) }
        } else {
            if worthVisiting(lb) { visit(right) }
            if worthVisiting(la) { visit(left) }
        }
    }
}
