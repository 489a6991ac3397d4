import StrataCore

extension UMAPLayout {
    /// The key of head `j`'s negative-sample stream in this epoch: its index in a fit, its row's
    /// own stream in `transform` (batch independence), mixed with the seed and the epoch.
    @inline(__always)
    static func negativeKey(_ s: Sweep, head j: Int) -> UInt64 {
        let stream = s.streams.map { $0[j] } ?? UInt64(j)
        let keyed = SplitMix64.mix(s.seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019))
        return SplitMix64.mix(keyed &+ UInt64(s.epoch) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Writes every head's operations of this epoch, in edge order: for each sampled edge an
    /// attraction to its tail, then its due negative samples (a draw that hits the head itself is
    /// a no-operation, as umap-learn skips it). Head `l` of the chunk owns
    /// `operations[operationStart[l] ..< operationStart[l + 1]]`; the positions of its attractions
    /// are `attractions[attractionStart[l] ..< attractionStart[l + 1]]`.
    ///
    /// Branch-free where the data is random: which edges fire is unpredictable, so fired edges
    /// are collected by an unconditional write and a conditional advance; the head's negative
    /// samples are drawn in one flat vector loop (eight SplitMix hashes, sixteen samples, per
    /// step: two 32-bit halves per hash, each mapped to a vertex by multiply-shift, bias < 2⁻³²);
    /// each edge's samples are then copied behind its attraction eight at a time.
    /// - Returns: the longest list's length.
    @discardableResult
    static func buildOperations(_ s: Sweep, rows: Range<Int>, scratch: Scratch) -> Int {
        let headCount = rows.count
        scratch.operationStart.reserve(headCount + 1)
        var widest = 0
        for j in rows { widest = Swift.max(widest, s.starts[j + 1] - s.starts[j]) }
        scratch.fired.reserve(widest + 1)
        scratch.negatives.reserve(widest + 1)
        scratch.attractionStart.reserve(headCount + 1)
        scratch.attractions.reserve(s.starts[rows.upperBound] - s.starts[rows.lowerBound] + 1)
        let epoch = s.epoch, negativeRate = s.negativeRate
        let vertices = UInt64(s.vertexCount)
        var used = 0, attracted = 0
        do {
            let opStart = scratch.operationStart.base
            opStart[0] = 0
            let attractions = scratch.attractions.base, attractionStart = scratch.attractionStart.base
            attractionStart[0] = 0
            let fired = scratch.fired.base, negatives = scratch.negatives.base
            for l in 0..<headCount {
                let j = rows.lowerBound + l
                // 1. The edges sampled this epoch.
                var count = 0
                if epoch > 0 {
                    for e in s.starts[j]..<s.starts[j + 1] {
                        fired[count] = Int32(truncatingIfNeeded: e)
                        count &+= UMAPSchedule.firing(rate: s.rate[e], epoch: epoch)
                    }
                }
                // 2. Their negative samples due (umap-learn's clock), marks advanced.
                var total = 0
                for f in 0..<count {
                    let e = Int(fired[f])
                    let due = UMAPSchedule.negativeTotal(rate: s.rate[e], negativeRate: negativeRate, epoch: epoch)
                    let mark = s.negativeMark[e]
                    let extra = due > mark ? due - mark : 0
                    s.negativeMark[e] = mark + extra
                    negatives[f] = extra
                    total += Int(extra)
                }
                // 3. All of them drawn at once, then 4. laid out behind their attractions.
                let need = used + count + total + 16
                if need > scratch.operations.capacity {
                    scratch.operations.count = used
                    scratch.operations.reserve(need * 2)
                }
                let ops = scratch.operations.base
                if total > 0 {
                    drawNegatives(total, key: negativeKey(s, head: j), vertices: vertices,
                                  excluding: s.fixedTails ? UInt64.max : UInt64(j), scratch: scratch)
                }
                let draws = UnsafeRawPointer(scratch.draws.base)
                var taken = 0
                for f in 0..<count {
                    let e = Int(fired[f])
                    ops[used] = UInt32(truncatingIfNeeded: s.columns[e]) << 2
                    attractions[attracted + f] = Int32(truncatingIfNeeded: used)
                    let extra = Int(negatives[f])
                    // Eight codes always copied (the buffers have the slack); longer runs finish below.
                    UnsafeMutableRawPointer(ops + used + 1).storeBytes(
                        of: draws.loadUnaligned(fromByteOffset: taken * 4, as: SIMD8<UInt32>.self), as: SIMD8<UInt32>.self)
                    if extra > 8 {
                        let codes = draws.assumingMemoryBound(to: UInt32.self)
                        for i in 8..<extra { ops[used + 1 + i] = codes[taken + i] }
                    }
                    used += 1 + extra
                    taken += extra
                }
                opStart[l + 1] = used
                attracted += count
                attractionStart[l + 1] = attracted
            }
        }
        scratch.operations.count = used
        if !s.fixedTails { assignEventSlots(s, scratch: scratch, attractionCount: attracted) }
        // Slack for the lane sweep, which reads 16-code vectors up to the longest list past any
        // list's start.
        var longest = 0
        let starts = scratch.operationStart.base
        for l in 0..<headCount { longest = Swift.max(longest, starts[l + 1] - starts[l]) }
        scratch.operations.reserve(used + longest + 32)
        return longest
    }

    /// `count` negative-sample codes of one head into `scratch.draws` (plus up to 16 of slack):
    /// draw `p` is half `p & 1` of `mix(key + p / 2)`; a draw equal to `excluding` becomes a
    /// no-operation.
    @inline(__always)
    static func drawNegatives(_ count: Int, key: UInt64, vertices: UInt64, excluding head: UInt64, scratch: Scratch) {
        scratch.draws.reserve(count + 16)
        let out = UnsafeMutableRawPointer(scratch.draws.base)
        let lanes = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        let low32 = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        var hash = 0
        while 2 * hash < count {
            var z = SIMD8<UInt64>(repeating: key &+ UInt64(hash)) &+ lanes
            z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
            z = z ^ (z &>> 31)
            let low = code(((z & low32) &* vertices) &>> 32, excluding: head)
            let high = code(((z &>> 32) &* vertices) &>> 32, excluding: head)
            out.storeBytes(of: low | (high &<< 32), toByteOffset: hash * 8, as: SIMD8<UInt64>.self)
            hash += 8
        }
    }

    /// `k << 2 | repel`, or the no-operation code where `k == head` — by masks, no branches.
    @inline(__always)
    static func code(_ k: SIMD8<UInt64>, excluding head: UInt64) -> SIMD8<UInt64> {
        let difference = k ^ SIMD8<UInt64>(repeating: head)
        let other = (difference | (SIMD8<UInt64>(repeating: 0) &- difference)) &>> 63   // 1 unless equal
        let keep = SIMD8<UInt64>(repeating: 0) &- other
        return ((k &<< 2 | SIMD8<UInt64>(repeating: UInt64(repelFlag))) & keep)
            | (SIMD8<UInt64>(repeating: UInt64(noOperation)) & ~keep)
    }
}
