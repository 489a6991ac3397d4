import StrataCore

extension UMAPLayout {
    /// Heads moved side by side in one 512-bit register per coordinate. (Swift's SIMD32 and
    /// integer lane comparisons fall back to per-element loops; SIMD16 float/integer arithmetic,
    /// float comparisons and `replacing(with:where:)` compile to single vector instructions.)
    typealias Lanes = SIMD16<Float>
    static let halfCount = 16
    /// Heads per group: two independent `Lanes` chains whose latencies the core overlaps.
    static let laneCount = 32

    /// The moving positions of 16 heads, one register per coordinate.
    struct LaneGroup {
        var c0 = Lanes(), c1 = Lanes(), c2 = Lanes(), c3 = Lanes()
    }

    /// Constants of one epoch's arithmetic.
    struct LaneConstants {
        var a: Float, b: Float
        var attraction: Float, repulsion: Float
        var attractStep: Lanes, repelStep: Lanes
    }

    /// One chunk of heads for `dim ≤ 4`, 32 heads at a time in SIMD lanes.
    ///
    /// Why lanes: a head's samples form one dependency chain (each sample starts where the previous
    /// one moved the point), so a scalar loop waits on the latency of `pow`, the division and the
    /// clip for every sample. Heads are independent within an epoch (other points are read from the
    /// snapshot), so 32 heads run side by side: their operation lists are interleaved (step `i` of
    /// all 32 lanes is one contiguous row of codes, padded with no-operations), and step `i`
    /// applies every lane's operation `i`. Each head sees exactly its own sequence of updates, so
    /// the result does not depend on the grouping — which is why heads are grouped by list length
    /// (sorted) to keep the lanes busy.
    ///
    /// Generic over the dimension so each of 1…4 is its own specialisation with `dim` a constant
    /// (and the step inlined into it).
    @inline(never)
    /// In a fit, each attraction's tail move (minus the head's increment) is written to its event
    /// slot once the lane group is done (``recordTailMoves(lanes:group:dim:scratch:)``).
    static func sweepLanes<D: LaneDimension>(_ s: Sweep, rows: Range<Int>, _: D.Type, scratch: Scratch) {
        let dim = D.count
        let longest = buildOperations(s, rows: rows, scratch: scratch)
        let headCount = rows.count
        guard headCount > 0 else { return }
        sortHeadsByLength(scratch, headCount: headCount, longest: longest)
        let constants = LaneConstants(a: s.a, b: s.b, attraction: -2 * s.a * s.b, repulsion: 2 * s.gamma * s.b,
                                      attractStep: Lanes(repeating: s.alpha),
                                      repelStep: Lanes(repeating: s.alpha))
        let ops = scratch.operations.base
        let starts = scratch.operationStart.base, order = scratch.order.base
        let begins = UnsafeMutablePointer<Int>.allocate(capacity: laneCount)
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: laneCount)
        let transpose = UnsafeMutablePointer<SIMD16<UInt32>>.allocate(capacity: 2 * halfCount)
        defer { begins.deallocate(); lengths.deallocate(); transpose.deallocate() }
        var group = 0
        while group < headCount {
            let lanes = Swift.min(laneCount, headCount - group)
            let lastHead = Int(order[group + lanes - 1])
            let steps = starts[lastHead + 1] - starts[lastHead]     // the longest: sorted
            scratch.interleaved.reserve(Swift.max(1, steps) * laneCount)
            scratch.moves.reserve(Swift.max(1, steps) * laneCount * dim)
            let codes = scratch.interleaved.base
            let moves = UnsafeMutableRawPointer(scratch.moves.base)
            var first = LaneGroup(), second = LaneGroup()
            for l in 0..<lanes {
                let local = Int(order[group + l])
                begins[l] = starts[local]
                lengths[l] = starts[local + 1] - starts[local]
                let h = s.head + (rows.lowerBound + local) * dim
                if l < halfCount { first.load(lane: l, from: h, dim: dim) } else { second.load(lane: l - halfCount, from: h, dim: dim) }
            }
            for l in lanes..<laneCount { begins[l] = 0; lengths[l] = 0 }
            interleave(ops, begins: begins, lengths: lengths, steps: steps, into: codes, buffer: transpose)
            for i in 0..<steps {
                let row = codes + i * laneCount
                let moved = moves + 2 * i * dim * MemoryLayout<Lanes>.size
                step(&first, codes: row, s, dim: dim, constants, record: moved)
                step(&second, codes: row + halfCount, s, dim: dim, constants, record: moved + dim * MemoryLayout<Lanes>.size)
            }
            if !s.fixedTails { recordTailMoves(lanes: lanes, group: group, dim: dim, scratch: scratch) }
            for l in 0..<lanes {
                let h = s.head + (rows.lowerBound + Int(order[group + l])) * dim
                if l < halfCount { first.store(lane: l, to: h, dim: dim) } else { second.store(lane: l - halfCount, to: h, dim: dim) }
            }
            group += lanes
        }
    }

    /// Lays the 32 lists out step-major — row `i` holds operation `i` of every lane, no-operations
    /// past a list's end — by 16 × 16 transposes: 16 lanes' next 16 codes are loaded as vectors
    /// (masked by length), then four rounds of even/odd unshuffles (each rotates the 8-bit
    /// element index by one bit: after four, row and column have swapped). About one instruction
    /// per code where a per-lane strided copy took ten. Reads past a list stay inside the buffer
    /// (`buildOperations` leaves `longest + 16` of slack).
    @inline(__always)
    static func interleave(_ ops: UnsafeMutablePointer<UInt32>, begins: UnsafeMutablePointer<Int>,
                           lengths: UnsafeMutablePointer<Int>, steps: Int,
                           into codes: UnsafeMutablePointer<UInt32>, buffer: UnsafeMutablePointer<SIMD16<UInt32>>) {
        let iota = SIMD16<Float>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let raw = UnsafeRawPointer(ops)
        for half in 0..<2 {
            var first = 0
            while first < steps {
                var a = buffer, b = buffer + halfCount
                for r in 0..<halfCount {
                    let l = half * halfCount + r
                    let v = raw.loadUnaligned(fromByteOffset: (begins[l] + first) * 4, as: SIMD16<UInt32>.self)
                    let past = iota .>= SIMD16<Float>(repeating: Float(lengths[l] - first))
                    a[r] = v.replacing(with: noOperation, where: past)
                }
                for _ in 0..<4 {
                    for k in 0..<8 {
                        let both = SIMD32<UInt32>(lowHalf: a[2 * k], highHalf: a[2 * k + 1])
                        b[k] = both.evenHalf
                        b[8 + k] = both.oddHalf
                    }
                    swap(&a, &b)
                }
                let rows = Swift.min(halfCount, steps - first)
                let out = UnsafeMutableRawPointer(codes + first * laneCount + half * halfCount)
                for t in 0..<rows { out.storeBytes(of: a[t], toByteOffset: t * laneCount * 4, as: SIMD16<UInt32>.self) }
                first += halfCount
            }
        }
    }

    /// The tail moves of a finished lane group's attractions: the tail of the attraction at step
    /// `i` of lane `l` moves by minus the head's increment there (umap-learn's `move_other`),
    /// written to the attraction's event slot. One pass over the attractions only (a sixth of the
    /// operations at the default rate).
    @inline(__always)
    static func recordTailMoves(lanes: Int, group: Int, dim: Int, scratch: Scratch) {
        let ops = scratch.operations.base, starts = scratch.operationStart.base, order = scratch.order.base
        let attractions = scratch.attractions.base, attractionStart = scratch.attractionStart.base
        let slots = scratch.eventSlot.base, events = scratch.events.base
        let moves = UnsafePointer(scratch.moves.base)
        for l in 0..<lanes {
            let local = Int(order[group + l])
            // Lane l's increments: step i, coordinate t at ((2i + l/16)·dim + t)·16 + l%16.
            let lane = moves + (l / halfCount) * dim * halfCount + l % halfCount
            for a in attractionStart[local]..<attractionStart[local + 1] {
                let p = Int(attractions[a])
                let increment = lane + (p - starts[local]) * 2 * dim * halfCount
                let event = events + Int(slots[a]) * (dim + 1)
                event[0] = Float(bitPattern: ops[p] >> 2)
                for t in 0..<dim { event[1 + t] = -increment[t * halfCount] }
            }
        }
    }

    /// Applies one operation per lane: the attraction or repulsion of umap-learn's SGD, with one
    /// division for both kinds (attraction −2ab·p/(d²(a·p+1)), repulsion 2γb/((0.001+d²)(a·p+1))).
    /// Each lane's increment per coordinate is stored to `record` (`dim` vectors, unaligned).
    @_transparent
    static func step(_ g: inout LaneGroup, codes: UnsafeMutablePointer<UInt32>, _ s: Sweep, dim: Int,
                     _ k: LaneConstants, record: UnsafeMutableRawPointer) {
        let code = UnsafeRawPointer(codes).loadUnaligned(as: SIMD16<UInt32>.self)
        let index = code &>> 2
        // The flag bits as the float 1 + flag·2⁻²³ (no integer→float conversion, no integer lane
        // compare: both are out-of-line loops for Swift's generic SIMD).
        let flags = unsafeBitCast((code & 3) | 0x3F80_0000, to: Lanes.self)
        var o0 = Lanes(), o1 = Lanes(), o2 = Lanes(), o3 = Lanes()
        if dim == 1 {
            o0 = gather(s.tail, index)
        } else if dim == 2 {
            (o0, o1) = gatherPairs(s.tail, index)
        } else {
            (o0, o1, o2, o3) = gatherQuads(s.tail, index)
        }
        let d0 = g.c0 - o0, d1 = g.c1 - o1, d2 = g.c2 - o2, d3 = g.c3 - o3
        var dist = d0 * d0
        if dim > 1 { dist = dist.addingMul(d1, d1) }
        if dim > 2 { dist = dist.addingMul(d2, d2) }
        if dim > 3 { dist = dist.addingMul(d3, d3) }
        let isRepel = flags .== Float(bitPattern: 0x3F80_0001)
        let moves = (dist .> 0) .& (flags .< Float(bitPattern: 0x3F80_0002))
        let safe = dist.replacing(with: 1, where: .!moves)
        let powB = UMAPFastMath.pow(safe, k.b)
        let denominator = powB.addingMul(powB, k.a - 1) + 1   // a·powB + 1
        let numerator = (k.attraction * powB).replacing(with: k.repulsion, where: isRepel)
        let scale = safe.replacing(with: safe + 0.001, where: isRepel)
        let coefficient = (numerator / (scale * denominator)).replacing(with: 0, where: .!moves)
        let step = k.attractStep.replacing(with: k.repelStep, where: isRepel)
        let size = MemoryLayout<Lanes>.size
        let m0 = clip4(coefficient * d0) * step
        g.c0 += m0; record.storeBytes(of: m0, as: Lanes.self)
        if dim > 1 { let m1 = clip4(coefficient * d1) * step; g.c1 += m1; record.storeBytes(of: m1, toByteOffset: size, as: Lanes.self) }
        if dim > 2 { let m2 = clip4(coefficient * d2) * step; g.c2 += m2; record.storeBytes(of: m2, toByteOffset: 2 * size, as: Lanes.self) }
        if dim > 3 { let m3 = clip4(coefficient * d3) * step; g.c3 += m3; record.storeBytes(of: m3, toByteOffset: 3 * size, as: Lanes.self) }
    }

    /// Orders the chunk's heads by operation count (counting sort, ties by position), so a lane
    /// group's lists have similar lengths.
    static func sortHeadsByLength(_ scratch: Scratch, headCount: Int, longest: Int) {
        let st = scratch.operationStart.base
        scratch.lengthCounts.reserve(longest + 2)
        scratch.order.reserve(headCount)
        let bucket = scratch.lengthCounts.base, order = scratch.order.base
        for v in 0..<(longest + 2) { bucket[v] = 0 }
        for l in 0..<headCount { bucket[st[l + 1] - st[l] + 1] += 1 }
        for v in 0..<(longest + 1) { bucket[v + 1] += bucket[v] }
        for l in 0..<headCount {
            let length = st[l + 1] - st[l]
            order[bucket[length]] = Int32(l); bucket[length] += 1
        }
    }

    /// The 16 one-dimensional tail points `index`.
    @inline(__always)
    static func gather(_ base: UnsafePointer<Float>, _ index: SIMD16<UInt32>) -> Lanes {
        var v = Lanes()
        for l in 0..<halfCount { v[l] = base[Int(index[l])] }
        return v
    }

    /// Both coordinates of 16 two-dimensional tail points: one 8-byte load per point, split into
    /// x and y lanes by even/odd shuffles.
    @inline(__always)
    static func gatherPairs(_ base: UnsafePointer<Float>, _ index: SIMD16<UInt32>) -> (Lanes, Lanes) {
        let raw = UnsafeRawPointer(base)
        var pairs = SIMD16<UInt64>()
        for l in 0..<halfCount { pairs[l] = raw.loadUnaligned(fromByteOffset: Int(index[l]) &* 8, as: UInt64.self) }
        let both = unsafeBitCast(pairs, to: SIMD32<Float>.self)
        return (both.evenHalf, both.oddHalf)
    }

    /// Four coordinates of 16 tail points stored four floats apart: one 16-byte load per point,
    /// then a 16 × 4 → 4 × 16 transpose by two rounds of even/odd shuffles.
    @inline(__always)
    static func gatherQuads(_ base: UnsafePointer<Float>, _ index: SIMD16<UInt32>) -> (Lanes, Lanes, Lanes, Lanes) {
        let raw = UnsafeRawPointer(base)
        @inline(__always) func point(_ l: Int) -> SIMD4<Float> {
            raw.loadUnaligned(fromByteOffset: Int(index[l]) &* 16, as: SIMD4<Float>.self)
        }
        @inline(__always) func four(_ l: Int) -> Lanes {
            Lanes(lowHalf: SIMD8(lowHalf: point(l), highHalf: point(l + 1)),
                  highHalf: SIMD8(lowHalf: point(l + 2), highHalf: point(l + 3)))
        }
        let v0 = four(0), v1 = four(4), v2 = four(8), v3 = four(12)
        let a = SIMD32(lowHalf: v0, highHalf: v1), b = SIMD32(lowHalf: v2, highHalf: v3)
        let even = SIMD32(lowHalf: a.evenHalf, highHalf: b.evenHalf)     // x z x z …
        let odd = SIMD32(lowHalf: a.oddHalf, highHalf: b.oddHalf)        // y w y w …
        return (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
    }

    /// Each lane clipped to ±4 (umap-learn `clip`), with plain compares so it stays vectorised.
    @inline(__always)
    static func clip4(_ v: Lanes) -> Lanes {
        v.replacing(with: 4, where: v .> 4).replacing(with: -4, where: v .< -4)
    }
}

/// A compile-time embedding dimension for the lane sweep.
protocol LaneDimension { static var count: Int { get } }
enum OneDimension: LaneDimension { static var count: Int { 1 } }
enum TwoDimensions: LaneDimension { static var count: Int { 2 } }
enum ThreeDimensions: LaneDimension { static var count: Int { 3 } }
enum FourDimensions: LaneDimension { static var count: Int { 4 } }

extension UMAPLayout.LaneGroup {
    @inline(__always)
    mutating func load(lane l: Int, from h: UnsafeMutablePointer<Float>, dim: Int) {
        c0[l] = h[0]
        if dim > 1 { c1[l] = h[1] }
        if dim > 2 { c2[l] = h[2] }
        if dim > 3 { c3[l] = h[3] }
    }

    @inline(__always)
    func store(lane l: Int, to h: UnsafeMutablePointer<Float>, dim: Int) {
        h[0] = c0[l]
        if dim > 1 { h[1] = c1[l] }
        if dim > 2 { h[2] = c2[l] }
        if dim > 3 { h[3] = c3[l] }
    }
}
