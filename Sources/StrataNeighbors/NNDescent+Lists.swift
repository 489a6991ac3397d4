import StrataCore

/// Per-row neighbour lists of NN-descent, sorted ascending by squared distance.
///
/// One 64-byte-aligned record per row: `capacity` 32-bit entries (`index | newFlag << 31`) and
/// then `capacity` squared distances, `capacity` = `size` rounded up to 16 (unused slots hold
/// ``empty`` at +∞). With k = 15 a row is exactly two cache lines, so an update touches two
/// adjacent lines instead of three separate arrays, and the duplicate test is one 16-lane compare.
/// `worst[i]` mirrors row i's last distance for the join's threshold tests (a compact array: the
/// join tests both ends of every pair against it).
final class NeighborLists: @unchecked Sendable {
    static let empty: UInt32 = 0x7FFF_FFFF
    static let newBit: UInt32 = 0x8000_0000
    static let indexMask: UInt32 = 0x7FFF_FFFF

    let count: Int
    let size: Int
    let capacity: Int
    /// 32-bit words per row record.
    let recordWords: Int
    let base: UnsafeMutablePointer<UInt32>
    let worst: UnsafeMutablePointer<Float>

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
        capacity = max(16, (size + 15) / 16 * 16)
        recordWords = 2 * capacity
        let words = max(1, count * recordWords)
        base = UnsafeMutableRawPointer.allocate(byteCount: words * 4, alignment: 64).bindMemory(to: UInt32.self, capacity: words)
        worst = .allocate(capacity: max(1, count))
        let b = SendablePointer(base), w = SendablePointer(worst), c = capacity, rw = recordWords
        Parallel.forEachChunk(count: count, minimumChunk: 16384) { _, range in
            for i in range {
                let e = b.base + i * rw
                e.update(repeating: NeighborLists.empty, count: c)
                UnsafeMutableRawPointer(e + c).bindMemory(to: Float.self, capacity: c).update(repeating: .infinity, count: c)
                w[i] = .infinity
            }
        }
    }

    deinit { base.deallocate(); worst.deallocate() }

    @inline(__always) func entries(_ i: Int) -> UnsafeMutablePointer<UInt32> { base + i &* recordWords }
    @inline(__always) func distances(_ i: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(base + (i &* recordWords &+ capacity)).assumingMemoryBound(to: Float.self)
    }

    /// Inserts (j, d) into row i's list, flagged new, when it beats the worst and is not yet
    /// present. Only the owner of row i may call this concurrently.
    @inline(__always)
    func insert(_ i: Int, _ j: UInt32, _ d: Float) -> Bool {
        let dist = distances(i), size = self.size
        if !(d < dist[size &- 1]) { return false }
        let e = entries(i)
        let raw = UnsafeRawPointer(e)
        let key = SIMD16<UInt32>(repeating: j)
        var offset = 0
        while offset < capacity {
            let v = raw.load(fromByteOffset: offset &* 4, as: SIMD16<UInt32>.self) & NeighborLists.indexMask
            if any(v .== key) { return false }
            offset &+= 16
        }
        var t = size &- 1
        while t > 0 {
            let previous = dist[t &- 1]
            if !(previous > d || (previous == d && e[t &- 1] & NeighborLists.indexMask > j)) { break }
            dist[t] = previous; e[t] = e[t &- 1]; t &-= 1
        }
        dist[t] = d; e[t] = j | NeighborLists.newBit
        worst[i] = dist[size &- 1]
        return true
    }

    /// Fills each row's list from the rows sharing its leaves, then random rows if still short.
    ///
    /// Leaf by leaf, tree after tree: every pair in a leaf is measured once and offered to both
    /// rows (a row is in exactly one leaf per tree, so leaves in parallel write disjoint lists),
    /// and a leaf's rows stay in cache while it is processed.
    func initialize(_ rows: PaddedRows, forest: [RPForest.Tree], random: CounterRandom) {
        let n = count, size = self.size, s = rows.stride
        for tree in forest {
            let perm = tree.permutation, starts = tree.leafStarts
            Parallel.forEachChunk(count: starts.count - 1, minimumChunk: 64) { _, leaves in
                perm.withUnsafeBufferPointer { pb in
                    // The next leaf's rows and list records are requested while this leaf is
                    // processed: outside the first tree a leaf's rows are scattered in memory.
                    @inline(__always) func prefetchLeaf(_ leaf: Int) {
                        for u in Int(starts[leaf])..<Int(starts[leaf + 1]) {
                            let i = Int(pb[u])
                            rows.prefetch(i)
                            prefetchLine(UnsafeRawPointer(self.entries(i)))
                            prefetchLine(UnsafeRawPointer(self.distances(i)))
                        }
                    }
                    if let first = leaves.first { prefetchLeaf(first) }
                    for leaf in leaves {
                        if leaf + 1 < leaves.upperBound { prefetchLeaf(leaf + 1) }
                        let lo = Int(starts[leaf]), hi = Int(starts[leaf + 1])
                        for u in lo..<hi {
                            let i = Int(pb[u])
                            let xi = rows.row(i)
                            for v in (u + 1)..<max(hi, u + 1) {
                                let j = Int(pb[v])
                                let dist = PaddedRows.squaredDistance(xi, rows.row(j), stride: s)
                                _ = self.insert(i, UInt32(j), dist)
                                _ = self.insert(j, UInt32(i), dist)
                            }
                        }
                    }
                }
            }
        }
        Parallel.forEachChunk(count: n, minimumChunk: 1024) { _, range in
            for i in range {
                let e = self.entries(i)
                let xi = rows.row(i)
                var attempt: UInt64 = 0
                while e[size - 1] == NeighborLists.empty && attempt < UInt64(4 * size + 64) {
                    let j = random.int(below: n, stream: UInt64(i), counter: attempt)
                    attempt += 1
                    if j == i { continue }
                    _ = self.insert(i, UInt32(j), PaddedRows.squaredDistance(xi, rows.row(j), stride: s))
                }
            }
        }
    }

    /// The final graph: ascending, Euclidean (or cosine) distances, optional self first.
    /// `order[i]` is the caller's index of internal row i (nil: the same).
    func graph(includeSelf: Bool, cosine: Bool, order: [Int32]? = nil) -> NeighborGraph {
        let k = includeSelf ? size + 1 : size
        var outI = [Int32](repeating: 0, count: count * k), outD = [Float](repeating: 0, count: count * k)
        outI.withUnsafeMutableBufferPointer { ib in
            outD.withUnsafeMutableBufferPointer { db in
                let oi = SendablePointer(ib.baseAddress!), od = SendablePointer(db.baseAddress!)
                let size = self.size
                Parallel.forEachChunk(count: count, minimumChunk: 8192) { _, range in
                    for i in range {
                        let row = order.map { Int($0[i]) } ?? i
                        var o = row * k
                        if includeSelf { oi[o] = Int32(row); od[o] = 0; o += 1 }
                        let e = self.entries(i), dist = self.distances(i)
                        for t in 0..<size {
                            let raw = e[t] & NeighborLists.indexMask
                            let j: Int32 = raw == NeighborLists.empty ? -1 : Int32(raw)
                            oi[o + t] = j >= 0 ? (order.map { $0[Int(j)] } ?? j) : -1
                            let sq = max(dist[t], 0)
                            od[o + t] = cosine ? sq / 2 : sq.squareRoot()
                        }
                    }
                }
            }
        }
        return NeighborGraph(count: count, k: k, indices: outI, distances: outD)
    }
}
