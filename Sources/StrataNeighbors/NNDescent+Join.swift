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
    var updates: [UnsafeMutablePointer<Update>]
    var updateCapacity: [Int]
    var updateCount: [Int]

    init(count n: Int, size: Int, maxCandidates m: Int, chunks: Int) {
        self.m = m
        newC = .allocate(capacity: max(1, n * m)); oldC = .allocate(capacity: max(1, n * m))
        newCount = .allocate(capacity: max(1, n)); oldCount = .allocate(capacity: max(1, n))
        reverseStart = .allocate(capacity: n + 1)
        reverse = .allocate(capacity: max(1, n * size))
        updates = (0..<chunks).map { _ in .allocate(capacity: 1) }
        updateCapacity = Array(repeating: 1, count: chunks)
        updateCount = Array(repeating: 0, count: chunks)
    }

    deinit {
        newC.deallocate(); oldC.deallocate(); newCount.deallocate(); oldCount.deallocate()
        reverseStart.deallocate(); reverse.deallocate()
        for u in updates { u.deallocate() }
    }

    /// Makes chunk `c`'s buffer hold at least `needed` updates (called serially).
    func reserve(_ c: Int, _ needed: Int) {
        if updateCapacity[c] >= needed { return }
        updates[c].deallocate()
        let grown = max(needed, updateCapacity[c] * 3 / 2)
        updates[c] = .allocate(capacity: grown)
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
        let workers = Parallel.coreCount
        let start = SendablePointer(s.reverseStart), rev = SendablePointer(s.reverse)
        start.base.update(repeating: 0, count: n + 1)
        Parallel.forEachChunk(count: workers, minimumChunk: 1) { _, owned in
            let lo = UInt32(owned.lowerBound * n / workers), hi = UInt32(owned.upperBound * n / workers)
            for i in 0..<n {
                let e = self.entries(i)
                for t in 0..<size {
                    let j = e[t] & NeighborLists.indexMask
                    if j >= lo && j < hi { start[Int(j) + 1] += 1 }
                }
            }
        }
        for j in 0..<n { start[j + 1] += start[j] }
        Parallel.forEachChunk(count: workers, minimumChunk: 1) { _, owned in
            let lo = owned.lowerBound * n / workers, hi = owned.upperBound * n / workers
            let fill = UnsafeMutablePointer<Int>.allocate(capacity: max(1, hi - lo))
            defer { fill.deallocate() }
            fill.update(from: start.base + lo, count: hi - lo)
            let lo32 = UInt32(lo), hi32 = UInt32(hi)
            for i in 0..<n {
                let e = self.entries(i)
                for t in 0..<size {
                    let raw = e[t]
                    let j = raw & NeighborLists.indexMask
                    if j >= lo32 && j < hi32 {
                        let slot = Int(j - lo32)
                        rev[fill[slot]] = UInt32(i) | (raw & NeighborLists.newBit)
                        fill[slot] += 1
                    }
                }
            }
        }
    }

    /// For every row, up to m new and m old candidates from its forward and reverse lists, chosen
    /// by a seeded random priority per pair (pynndescent's `new_build_candidates`); the sampled new
    /// forward entries become old. Old candidates only meet new ones in the join, so a row without
    /// new candidates samples no old ones (in late iterations that is nearly every row).
    func sampleCandidates(_ s: DescentScratch, random: CounterRandom) {
        let n = count, size = self.size, m = s.m
        let np = SendablePointer(s.newC), op = SendablePointer(s.oldC)
        let nCount = SendablePointer(s.newCount), oCount = SendablePointer(s.oldCount)
        let rs = SendablePointer(s.reverseStart), rev = SendablePointer(s.reverse)
        let iterationKey = SplitMix64.mix(random.seed &+ 0x5851_F42D_4C95_7F2D)
        Parallel.forEachChunk(count: n, minimumChunk: 2048) { _, range in
            // The m smallest (priority, index) keys per list, kept sorted by insertion: the same
            // selection as sorting all candidates and taking the first m distinct ones (a
            // duplicate has the same pair, hence the same key), without a sort.
            let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: m)
            let slots = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * m)
            defer { keys.deallocate(); slots.deallocate() }
            for p in range {
                let e = self.entries(p)
                let p32 = UInt32(p)
                @inline(__always) func priority(_ q: UInt32) -> UInt64 {
                    let a = UInt64(min(p32, q)), b = UInt64(max(p32, q))
                    // One SplitMix round per pair (a, b < 2³¹ pack into distinct keys).
                    return SplitMix64.mix(iterationKey ^ (a << 32 | b))
                }
                let fresh = np.base + p * m
                var freshCount = 0
                for t in 0..<size where e[t] & NeighborLists.newBit != 0 {
                    let q = e[t] & NeighborLists.indexMask
                    NeighborLists.offer(priority(q), Int32(q), slot: Int32(t), keys: keys, slots: slots,
                                        out: fresh, count: &freshCount, capacity: m)
                }
                for r in rs[p]..<rs[p + 1] where rev[r] & NeighborLists.newBit != 0 {
                    let q = rev[r] & NeighborLists.indexMask
                    NeighborLists.offer(priority(q), Int32(q), slot: -1, keys: keys, slots: slots,
                                        out: fresh, count: &freshCount, capacity: m)
                }
                for u in freshCount..<m { fresh[u] = -1 }
                nCount[p] = Int32(freshCount)
                let stale = op.base + p * m
                var staleCount = 0
                if freshCount > 0 {
                    for t in 0..<size where e[t] & NeighborLists.newBit == 0 {
                        let q = e[t] & NeighborLists.indexMask
                        if q == NeighborLists.empty { continue }
                        NeighborLists.offer(priority(q), Int32(q), slot: -1, keys: keys, slots: slots + m,
                                            out: stale, count: &staleCount, capacity: m)
                    }
                    for r in rs[p]..<rs[p + 1] where rev[r] & NeighborLists.newBit == 0 {
                        NeighborLists.offer(priority(rev[r]), Int32(rev[r]), slot: -1, keys: keys, slots: slots + m,
                                            out: stale, count: &staleCount, capacity: m)
                    }
                }
                for u in staleCount..<m { stale[u] = -1 }
                oCount[p] = Int32(staleCount)
                // Sampled new forward entries become old (pynndescent marks them after sampling).
                for u in 0..<freshCount where slots[u] >= 0 { e[Int(slots[u])] &= NeighborLists.indexMask }
            }
        }
    }

    /// Inserts `(priority, q)` into a sorted list of at most `capacity` keys (ties by index);
    /// an identical key is already there when `q` was offered before.
    @inline(__always)
    static func offer(_ priority: UInt64, _ q: Int32, slot: Int32, keys: UnsafeMutablePointer<UInt64>,
                      slots: UnsafeMutablePointer<Int32>, out: UnsafeMutablePointer<Int32>,
                      count: inout Int, capacity: Int) {
        @inline(__always) func less(_ p1: UInt64, _ q1: Int32, _ p2: UInt64, _ q2: Int32) -> Bool {
            p1 < p2 || (p1 == p2 && q1 < q2)
        }
        if count == capacity && !less(priority, q, keys[count - 1], out[count - 1]) { return }
        var t = count
        while t > 0 && less(priority, q, keys[t - 1], out[t - 1]) { t -= 1 }
        if t > 0 && keys[t - 1] == priority && out[t - 1] == q { return }
        var end = count == capacity ? capacity - 1 : count
        while end > t { keys[end] = keys[end - 1]; out[end] = out[end - 1]; slots[end] = slots[end - 1]; end -= 1 }
        keys[t] = priority; out[t] = q; slots[t] = slot
        if count < capacity { count += 1 }
    }

    /// Generates the block's updates in parallel (lists read-only), then applies them: each
    /// worker owns a fixed range of target rows and scans all updates in chunk order, so every
    /// row sees its updates in one fixed order whatever the number of workers.
    func joinBlock(_ data: PaddedRows, rows: Range<Int>, scratch s: DescentScratch) -> Int {
        let m = s.m, stride = data.stride
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
        let buffers = s.updates.map { SendablePointer($0) }
        let filled = SendablePointer(s.updateCount.withUnsafeMutableBufferPointer { $0.baseAddress! })
        let nc = SendablePointer(s.newC), oc = SendablePointer(s.oldC)
        let w = SendablePointer(worst)
        Parallel.forEachChunk(count: rows.count, minimumChunk: 256) { c, local in
            let o = buffers[c].base
            var k = 0
            for p in (rows.lowerBound + local.lowerBound)..<(rows.lowerBound + local.upperBound) {
                let nb = p &* m
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
            filled[c] = k
        }
        let n = count
        let workers = 2 * Parallel.coreCount
        let counts = Parallel.mapChunks(count: workers, minimumChunk: 1) { owned in
            let lo = UInt32(owned.lowerBound * n / workers), hi = UInt32(owned.upperBound * n / workers)
            var changed = 0
            for c in 0..<chunks {
                let u = buffers[c].base
                for t in 0..<filled[c] {
                    let target = u[t].target
                    if target >= lo && target < hi && self.insert(Int(target), u[t].source, u[t].d) { changed += 1 }
                }
            }
            return changed
        }
        return counts.reduce(0, +)
    }
}
