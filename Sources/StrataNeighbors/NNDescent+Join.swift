import StrataCore

/// Per-iteration scratch of NN-descent, allocated once per fit: the sampled candidates, the
/// reverse lists and one reusable update buffer per generation chunk (no allocation, no fresh
/// page faults, per iteration).
final class DescentScratch: @unchecked Sendable {
    struct Update { var target: UInt32; var source: UInt32; var d: Float }

    let m: Int
    /// `m` sampled new / old candidates per row, -1 after the last.
    let newC: UnsafeMutablePointer<Int32>
    let oldC: UnsafeMutablePointer<Int32>
    let newCount: UnsafeMutablePointer<Int32>
    let oldCount: UnsafeMutablePointer<Int32>
    /// Reverse lists: row j's entries are `reverse[reverseStart[j] ..< reverseStart[j+1]]`,
    /// each `source | newFlag << 31`, in ascending source order.
    let reverseStart: UnsafeMutablePointer<Int>
    let reverse: UnsafeMutablePointer<UInt32>
    /// Per generation chunk: its updates as generated, and the same grouped by owner.
    var generated: [UnsafeMutablePointer<Update>]
    var grouped: [UnsafeMutablePointer<Update>]
    var updateCapacity: [Int]
    /// Workers of the apply step (a power of two); row i belongs to worker `(i / 64) % owners`.
    let owners: Int
    /// Per chunk, `owners + 1` offsets into `grouped`.
    let ownerStart: UnsafeMutablePointer<Int>

    init(count n: Int, size: Int, maxCandidates m: Int, chunks: Int) {
        self.m = m
        newC = .allocate(capacity: max(1, n * m)); oldC = .allocate(capacity: max(1, n * m))
        newCount = .allocate(capacity: max(1, n)); oldCount = .allocate(capacity: max(1, n))
        reverseStart = .allocate(capacity: n + 1)
        reverse = .allocate(capacity: max(1, n * size))
        generated = (0..<chunks).map { _ in .allocate(capacity: 1) }
        grouped = (0..<chunks).map { _ in .allocate(capacity: 1) }
        updateCapacity = Array(repeating: 1, count: chunks)
        var owners = 1
        while owners < 2 * Parallel.threadCount { owners *= 2 }
        self.owners = owners
        ownerStart = .allocate(capacity: chunks * (owners + 1))
    }

    deinit {
        newC.deallocate(); oldC.deallocate(); newCount.deallocate(); oldCount.deallocate()
        reverseStart.deallocate(); reverse.deallocate(); ownerStart.deallocate()
        for u in generated { u.deallocate() }
        for u in grouped { u.deallocate() }
    }

    /// Makes chunk `c`'s buffers hold at least `needed` updates (called serially).
    func reserve(_ c: Int, _ needed: Int) {
        if updateCapacity[c] >= needed { return }
        generated[c].deallocate(); grouped[c].deallocate()
        let grown = max(needed, updateCapacity[c] * 3 / 2)
        generated[c] = .allocate(capacity: grown); grouped[c] = .allocate(capacity: grown)
        updateCapacity[c] = grown
    }
}

extension NeighborLists {
    /// One NN-descent iteration: sample new/old candidates (forward and reverse), local join,
    /// deterministic application of the updates. Returns how many list entries changed.
    func descend(_ rows: PaddedRows, scratch: DescentScratch, random: CounterRandom) -> Int {
        buildReverseLists(scratch)
        sampleCandidates(scratch, random: random)
        var changes = 0
        // Blocks as in pynndescent: updates of one block are applied before the next block's are
        // generated, so later blocks test against tightened lists.
        let block = 16384
        var start = 0
        while start < count {
            let end = min(count, start + block)
            changes += joinBlock(rows, rows: start..<end, scratch: scratch)
            start = end
        }
        return changes
    }

    /// Reverse lists by a counting sort whose workers each own a fixed range of target rows and
    /// scan all lists (sequential reads, no shared counters; the result does not depend on the
    /// number of workers).
    func buildReverseLists(_ s: DescentScratch) {
        let n = count, size = self.size
        let workers = Parallel.threadCount
        let start = SendablePointer(s.reverseStart), rev = SendablePointer(s.reverse)
        start.base.update(repeating: 0, count: n + 1)
        // Entries outside a worker's range go to a private dummy slot instead of being skipped:
        // which entries are inside is data-dependent, and a branch on it mispredicted.
        Parallel.forEachChunk(count: workers, minimumChunk: 1) { _, owned in
            let lo = UInt32(owned.lowerBound * n / workers), span = UInt32(owned.upperBound * n / workers) - lo
            let dummy = UnsafeMutablePointer<Int>.allocate(capacity: 1)
            defer { dummy.deallocate() }
            for i in 0..<n {
                let e = self.entries(i)
                for t in 0..<size {
                    let j = e[t] & NeighborLists.indexMask
                    let counter = j &- lo < span ? start.base + (Int(j) &+ 1) : dummy
                    counter.pointee &+= 1
                }
            }
        }
        for j in 0..<n { start[j + 1] += start[j] }
        Parallel.forEachChunk(count: workers, minimumChunk: 1) { _, owned in
            let lo = owned.lowerBound * n / workers, hi = owned.upperBound * n / workers
            let fill = UnsafeMutablePointer<Int>.allocate(capacity: hi - lo + 1)
            let trash = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
            defer { fill.deallocate(); trash.deallocate() }
            fill.update(from: start.base + lo, count: hi - lo)
            fill[hi - lo] = 0
            let lo32 = UInt32(lo), span = UInt32(hi - lo)
            for i in 0..<n {
                let e = self.entries(i)
                for t in 0..<size {
                    let raw = e[t]
                    let offset = (raw & NeighborLists.indexMask) &- lo32
                    let inside = offset < span
                    let slot = inside ? Int(offset) : Int(span)
                    let target = inside ? rev.base + fill[slot] : trash
                    target.pointee = UInt32(i) | (raw & NeighborLists.newBit)
                    fill[slot] &+= 1
                }
            }
        }
    }

    /// For every row, up to m new and m old candidates from its forward and reverse lists, chosen
    /// by a seeded random priority per pair (pynndescent's `new_build_candidates`); the sampled new
    /// forward entries become old. Old candidates only meet new ones in the join, so a row without
    /// new candidates samples no old ones (in late iterations that is nearly every row).
    func sampleCandidates(_ s: DescentScratch, random: CounterRandom) {
        let n = count, size = self.size, m = s.m, capacity = self.capacity
        let np = SendablePointer(s.newC), op = SendablePointer(s.oldC)
        let nCount = SendablePointer(s.newCount), oCount = SendablePointer(s.oldCount)
        let rs = SendablePointer(s.reverseStart), rev = SendablePointer(s.reverse)
        let iterationKey = SplitMix64.mix(random.seed &+ 0x5851_F42D_4C95_7F2D)
        Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
            var longest = 0
            for p in range { longest = max(longest, rs[p + 1] - rs[p]) }
            let pool = CandidatePool(room: (size + longest + 15) / 16 * 16, m: m)
            defer { pool.release() }
            for p in range {
                let e = self.entries(p)
                let reverse = rs[p]..<rs[p + 1]
                // New: forward entries flagged new, then reverse ones not already among them (a
                // pair is sampled once).
                let fresh = np.base + p * m
                var c = 0
                for t in 0..<size where e[t] & NeighborLists.newBit != 0 {
                    pool.candidates[c] = e[t] & NeighborLists.indexMask; pool.slots[c] = Int32(t); c += 1
                }
                let forwardFresh = c
                for r in reverse where rev[r] & NeighborLists.newBit != 0 {
                    let q = rev[r] & NeighborLists.indexMask
                    if !NeighborLists.contains(e, capacity: capacity, q, flagged: true) {
                        pool.candidates[c] = q; c += 1
                    }
                }
                let freshCount = pool.select(count: c, into: fresh, row: UInt32(p), key: iterationKey)
                var marks = 0
                for u in 0..<forwardFresh where pool.chosen[u] { pool.marks[marks] = pool.slots[u]; marks += 1 }
                // Old: only when there is a new candidate to meet; gathered before the sampled new
                // forward entries become old (pynndescent marks them after sampling).
                let stale = op.base + p * m
                var staleCount = 0
                if freshCount > 0 {
                    c = 0
                    for t in 0..<size where e[t] & NeighborLists.newBit == 0 && e[t] != NeighborLists.empty {
                        pool.candidates[c] = e[t]; c += 1
                    }
                    for r in reverse where rev[r] & NeighborLists.newBit == 0 {
                        if !NeighborLists.contains(e, capacity: capacity, rev[r], flagged: false) {
                            pool.candidates[c] = rev[r]; c += 1
                        }
                    }
                    staleCount = pool.select(count: c, into: stale, row: UInt32(p), key: iterationKey)
                }
                for u in 0..<marks { e[Int(pool.marks[u])] &= NeighborLists.indexMask }
                for u in freshCount..<m { fresh[u] = -1 }
                for u in staleCount..<m { stale[u] = -1 }
                nCount[p] = Int32(freshCount)
                oCount[p] = Int32(staleCount)
            }
        }
    }

    /// Whether row `e`'s forward list holds index `q` with the new flag `flagged`.
    @inline(__always)
    static func contains(_ e: UnsafeMutablePointer<UInt32>, capacity: Int, _ q: UInt32, flagged: Bool) -> Bool {
        let key = SIMD16<UInt32>(repeating: q | (flagged ? newBit : 0))
        let raw = UnsafeRawPointer(e)
        var offset = 0
        while offset < capacity {
            if any(raw.load(fromByteOffset: offset &* 4, as: SIMD16<UInt32>.self) .== key) { return true }
            offset &+= 16
        }
        return false
    }

    /// Generates the block's updates in parallel (lists read-only), then applies them. Rows are
    /// dealt to a fixed number of owners in runs of 64 (a block's targets are mostly near the
    /// block in the renumbered rows, so owning whole ranges would leave one worker with nearly
    /// everything); each chunk groups its updates by owner, and each owner applies its groups in
    /// chunk order. Every row therefore sees its updates in one fixed order (chunk, then
    /// generation order) whatever the number of workers.
    func joinBlock(_ data: PaddedRows, rows: Range<Int>, scratch s: DescentScratch) -> Int {
        let m = s.m, stride = data.stride, owners = s.owners, mask = s.owners - 1
        let chunks = Parallel.chunkCount(count: rows.count, minimumChunk: 256)
        // Each pair yields at most two directed updates.
        for c in 0..<chunks {
            let r = Parallel.chunkRange(c, of: chunks, count: rows.count)
            var bound = 0
            for p in (rows.lowerBound + r.lowerBound)..<(rows.lowerBound + r.upperBound) {
                let a = Int(s.newCount[p]), b = Int(s.oldCount[p])
                bound += a * (a - 1) + 2 * a * b + 2
            }
            s.reserve(c, bound)
        }
        let generated = s.generated.map { SendablePointer($0) }, grouped = s.grouped.map { SendablePointer($0) }
        let ownerStart = SendablePointer(s.ownerStart)
        let nc = SendablePointer(s.newC), oc = SendablePointer(s.oldC)
        let w = SendablePointer(worst)
        Parallel.forEachChunk(count: rows.count, minimumChunk: 256) { c, local in
            let o = generated[c].base
            var k = 0
            let first = rows.lowerBound + local.lowerBound, last = rows.lowerBound + local.upperBound
            // The candidate rows of the next row are requested while this one is joined: each
            // row's first touch was a miss to L3 or memory, and the join's loads, read one after
            // another, left few of them in flight.
            @inline(__always) func prefetchCandidates(_ p: Int) {
                for u in 0..<m { let a = nc[p &* m &+ u]; if a < 0 { break }; data.prefetch(Int(a)) }
                for u in 0..<m { let a = oc[p &* m &+ u]; if a < 0 { break }; data.prefetch(Int(a)) }
            }
            prefetchCandidates(first)
            for p in first..<last {
                let nb = p &* m
                if p &+ 1 < last { prefetchCandidates(p &+ 1) }
                for u in 0..<m {
                    let a = nc[nb &+ u]
                    if a < 0 { break }
                    let xa = data.row(Int(a))
                    let worstA = w[Int(a)]
                    var v = u &+ 1
                    while v < m {
                        let b = nc[nb &+ v]
                        if b < 0 { break }
                        let dd = PaddedRows.squaredDistance(xa, data.row(Int(b)), stride: stride)
                        // Written always, kept only when it beats that end's worst: no
                        // mispredicted branch on the (random) outcome.
                        o[k] = .init(target: UInt32(a), source: UInt32(b), d: dd)
                        k &+= dd < worstA ? 1 : 0
                        o[k] = .init(target: UInt32(b), source: UInt32(a), d: dd)
                        k &+= dd < w[Int(b)] ? 1 : 0
                        v &+= 1
                    }
                    for v in 0..<m {
                        let b = oc[nb &+ v]
                        if b < 0 { break }
                        if b == a { continue }
                        let dd = PaddedRows.squaredDistance(xa, data.row(Int(b)), stride: stride)
                        o[k] = .init(target: UInt32(a), source: UInt32(b), d: dd)
                        k &+= dd < worstA ? 1 : 0
                        o[k] = .init(target: UInt32(b), source: UInt32(a), d: dd)
                        k &+= dd < w[Int(b)] ? 1 : 0
                    }
                }
            }
            // Stable grouping by owner (a counting sort of this chunk's updates, in cache).
            let start = ownerStart.base + c * (owners + 1)
            start.update(repeating: 0, count: owners + 1)
            for t in 0..<k { start[Int(o[t].target >> 6) & mask + 1] += 1 }
            for x in 0..<owners { start[x + 1] += start[x] }
            let fill = UnsafeMutablePointer<Int>.allocate(capacity: owners)
            defer { fill.deallocate() }
            fill.update(from: start, count: owners)
            let g = grouped[c].base
            for t in 0..<k {
                let x = Int(o[t].target >> 6) & mask
                g[fill[x]] = o[t]; fill[x] += 1
            }
        }
        let counts = Parallel.mapChunks(count: owners, minimumChunk: 1) { mine in
            var changed = 0
            for x in mine {
                for c in 0..<chunks {
                    let u = grouped[c].base, start = ownerStart.base + c * (owners + 1)
                    let end = start[x + 1]
                    for t in start[x]..<end {
                        // The target's record a few updates ahead (scattered rows).
                        if t &+ 8 < end { prefetchLine(UnsafeRawPointer(self.distances(Int(u[t &+ 8].target)))) }
                        if self.insert(Int(u[t].target), u[t].source, u[t].d) { changed += 1 }
                    }
                }
            }
            return changed
        }
        return counts.reduce(0, +)
    }
}

/// Scratch of one sampling chunk: a row's gathered candidates, their priorities and ranks.
struct CandidatePool {
    let candidates: UnsafeMutablePointer<UInt32>
    let slots: UnsafeMutablePointer<Int32>
    let marks: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<UInt32>
    let ranks: UnsafeMutablePointer<UInt32>
    let chosen: UnsafeMutablePointer<Bool>
    let scratch: UnsafeMutablePointer<Int32>
    let m: Int

    init(room: Int, m: Int) {
        candidates = .allocate(capacity: room); slots = .allocate(capacity: room); marks = .allocate(capacity: room)
        keys = .allocate(capacity: room); ranks = .allocate(capacity: room); chosen = .allocate(capacity: room)
        scratch = .allocate(capacity: m + 1)
        self.m = m
    }

    func release() {
        candidates.deallocate(); slots.deallocate(); marks.deallocate(); keys.deallocate(); ranks.deallocate()
        chosen.deallocate(); scratch.deallocate()
    }

    /// Writes the m candidates of smallest priority (all of them when there are at most m) to
    /// `out`, sets `chosen`, and returns how many were written.
    ///
    /// Candidate q of row p has priority hash(iteration, min(p,q), max(p,q)). The m smallest are
    /// found by ranks — each candidate's rank is the number of smaller keys, counted 16 lanes at
    /// a time with no data-dependent branch; an insertion into a sorted buffer mispredicted on
    /// nearly every random key.
    @inline(__always)
    func select(count c: Int, into out: UnsafeMutablePointer<Int32>, row p: UInt32, key: UInt64) -> Int {
        if c <= m {
            for i in 0..<c { out[i] = Int32(bitPattern: candidates[i]); chosen[i] = true }
            return c
        }
        // Keys made distinct by the candidate's position in their low bits, so a rank is a
        // single comparison per pair (position breaks what would be a tie of the hash).
        let padded = (c + 15) / 16 * 16
        let positionBits = UInt32(Int.bitWidth - (padded - 1).leadingZeroBitCount)
        for i in 0..<c {
            let q = candidates[i]
            let a = UInt64(min(p, q)), b = UInt64(max(p, q))
            let hash = UInt32(truncatingIfNeeded: SplitMix64.mix(key ^ (a << 32 | b)) >> 32)
            keys[i] = ((hash >> positionBits) << positionBits) | UInt32(i)
        }
        for i in c..<padded { keys[i] = .max }
        let rawKeys = UnsafeMutableRawPointer(keys), rawRanks = UnsafeMutableRawPointer(ranks)
        let one = SIMD16<UInt32>(repeating: 1), zero = SIMD16<UInt32>(repeating: 0)
        var block = 0
        while block < padded {
            let mine = rawKeys.load(fromByteOffset: block &* 4, as: SIMD16<UInt32>.self)
            var rank = zero
            for j in 0..<c { rank &+= zero.replacing(with: one, where: SIMD16<UInt32>(repeating: keys[j]) .< mine) }
            rawRanks.storeBytes(of: rank, toByteOffset: block &* 4, as: SIMD16<UInt32>.self)
            block &+= 16
        }
        for i in 0..<c {
            let r = min(Int(ranks[i]), m)
            scratch[r] = Int32(bitPattern: candidates[i])
            chosen[i] = r < m
        }
        out.update(from: scratch, count: m)
        return m
    }
}
