import StrataCore

extension UMAPLayout {
    /// One chunk of heads for `dim ≤ 4`, eight heads at a time in SIMD lanes.
    ///
    /// Why lanes: a head's samples form one dependency chain (each sample starts where the previous
    /// one moved the point), so a scalar loop waits on the latency of `pow`, the division and the
    /// clip for every sample. Heads are independent within an epoch (other points are read from the
    /// snapshot), so eight heads run side by side: for each head its sample sequence — the scheduled
    /// attractions and their negative samples, in edge order, exactly as the scalar sweep visits
    /// them — is first written as a list of operations, then lane `l` applies operation `i` of
    /// head `l` in step `i`. A lane whose list is exhausted compares its point with itself
    /// (distance 0, no move). Each head therefore sees exactly the sequence of updates of the
    /// scalar sweep, so the result does not depend on the grouping — which is why heads can be
    /// grouped by list length (sorted) to keep the lanes busy.
    @inline(__always)
    static func sweepLanes(_ s: Sweep, rows: Range<Int>, dim: Int) {
        let a = s.a, b = s.b
        let repulsion = 2 * s.gamma * b, attraction = -2 * a * b
        let attractStep = s.moveFactor * s.alpha, repelStep = s.alpha
        let epochValue = Double(s.epoch), counterBase = UInt64(s.epoch) << 24
        let vertices = UInt64(s.vertexCount)
        let headCount = rows.count
        // 1. Schedules and random draws → every head's operation list (target << 1 | repel),
        //    in a plain buffer (an Array's append checks uniqueness on every call).
        let edgeSpan = s.starts[rows.upperBound] - s.starts[rows.lowerBound]
        var capacity = max(64, edgeSpan * (2 + Int(s.rate.rounded(.up))))
        var buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var used = 0
        @inline(__always) func push(_ code: UInt32) {
            if used == capacity {
                let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * capacity)
                grown.update(from: buffer, count: used)
                buffer.deallocate()
                buffer = grown; capacity *= 2
            }
            buffer[used] = code; used += 1
        }
        var opStart = [Int](repeating: 0, count: headCount + 1)
        var longest = 0
        for l in 0..<headCount {
            let j = rows.lowerBound + l
            for e in s.starts[j]..<s.starts[j + 1] {
                let next = s.nextSample[e]
                if next > epochValue || next < 0 { continue }
                push(UInt32(truncatingIfNeeded: s.columns[e]) << 1)
                let negatives = s.advanceSchedule(edge: e, from: next, epoch: epochValue)
                if negatives == 0 { continue }
                let key = streamKey(seed: s.seed, stream: stream(s, head: j, edge: e))
                for p in 0..<negatives {
                    let bits = SplitMix64.mix(key &+ (counterBase | UInt64(p)))
                    let kk = Int(((bits >> 32) &* vertices) >> 32)
                    if !s.fixedTails && kk == j { continue }
                    push(UInt32(truncatingIfNeeded: kk) << 1 | 1)
                }
            }
            opStart[l + 1] = used
            longest = max(longest, used - opStart[l])
        }
        // Heads with similar list lengths share a group (counting sort by length), so few lanes
        // idle at a group's end; grouping cannot change results (each head's sequence is fixed).
        var bucket = [Int](repeating: 0, count: longest + 2)
        for l in 0..<headCount { bucket[opStart[l + 1] - opStart[l] + 1] += 1 }
        for v in 0..<(longest + 1) { bucket[v + 1] += bucket[v] }
        var order = [Int](repeating: 0, count: headCount)
        for l in 0..<headCount { let len = opStart[l + 1] - opStart[l]; order[bucket[len]] = l; bucket[len] += 1 }
        let ops = UnsafeBufferPointer(start: buffer, count: used)
        do { let ob = ops
            opStart.withUnsafeBufferPointer { sb in
                order.withUnsafeBufferPointer { hb in
                    let op = ob.baseAddress!, starts = sb.baseAddress!, heads = hb.baseAddress!
                    var group = 0
                    while group < headCount {
                        let lanes = min(8, headCount - group)
                        var first = SIMD8<Int>(repeating: 0), last = SIMD8<Int>(repeating: 0)
                        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
                        var steps = 0
                        for l in 0..<lanes {
                            let local = heads[group + l]
                            first[l] = starts[local]; last[l] = starts[local + 1]
                            steps = max(steps, last[l] - first[l])
                            let h = s.head + (rows.lowerBound + local) * dim
                            c0[l] = h[0]
                            if dim > 1 { c1[l] = h[1] }
                            if dim > 2 { c2[l] = h[2] }
                            if dim > 3 { c3[l] = h[3] }
                        }
                        // 2. Eight dependency chains in lockstep.
                        for i in 0..<steps {
                            var o0 = c0, o1 = c1, o2 = c2, o3 = c3
                            var repel = SIMD8<Int32>()
                            for l in 0..<lanes where first[l] + i < last[l] {
                                let code = op[first[l] + i]
                                let t = s.tail + Int(code >> 1) * dim
                                o0[l] = t[0]
                                if dim > 1 { o1[l] = t[1] }
                                if dim > 2 { o2[l] = t[2] }
                                if dim > 3 { o3[l] = t[3] }
                                repel[l] = Int32(code & 1)
                            }
                            let d0 = c0 - o0, d1 = c1 - o1, d2 = c2 - o2, d3 = c3 - o3
                            var dist = d0 * d0
                            if dim > 1 { dist = dist.addingProduct(d1, d1) }
                            if dim > 2 { dist = dist.addingProduct(d2, d2) }
                            if dim > 3 { dist = dist.addingProduct(d3, d3) }
                            let positive = dist .> 0
                            let safe = dist.replacing(with: 1, where: .!positive)
                            let powB = UMAPFastMath.pow(safe, b)
                            let denominator = powB.addingProduct(powB, a - 1) + 1   // a·powB + 1
                            let isRepel = repel .!= 0
                            // One division for both kinds: attraction −2ab·p/(d²(a·p+1)),
                            // repulsion 2γb/((0.001+d²)(a·p+1)).
                            let numerator = (attraction * powB).replacing(with: repulsion, where: isRepel)
                            let scale = safe.replacing(with: safe + 0.001, where: isRepel)
                            var coefficient = numerator / (scale * denominator)
                            coefficient = coefficient.replacing(with: 0, where: .!positive)
                            let step = SIMD8<Float>(repeating: attractStep).replacing(with: repelStep, where: isRepel)
                            c0 = c0.addingProduct(clip4(coefficient * d0), step)
                            if dim > 1 { c1 = c1.addingProduct(clip4(coefficient * d1), step) }
                            if dim > 2 { c2 = c2.addingProduct(clip4(coefficient * d2), step) }
                            if dim > 3 { c3 = c3.addingProduct(clip4(coefficient * d3), step) }
                        }
                        for l in 0..<lanes {
                            let h = s.head + (rows.lowerBound + heads[group + l]) * dim
                            h[0] = c0[l]
                            if dim > 1 { h[1] = c1[l] }
                            if dim > 2 { h[2] = c2[l] }
                            if dim > 3 { h[3] = c3[l] }
                        }
                        group += lanes
                    }
                }
            }
        }
    }

    /// Each lane clipped to ±4 (umap-learn `clip`), with plain compares so it stays vectorised.
    @inline(__always)
    static func clip4(_ v: SIMD8<Float>) -> SIMD8<Float> {
        v.replacing(with: 4, where: v .> 4).replacing(with: -4, where: v .< -4)
    }
}
