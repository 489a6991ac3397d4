import StrataCore

/// A forest of random-projection trees: each tree splits the rows by hyperplanes through the
/// midpoint of two random rows until leaves hold at most `leafSize` rows (Dasgupta & Freund 2008;
/// pynndescent's `make_euclidean_tree`). Used to seed ``NNDescent``.
///
/// ```swift
/// let forest = RPForest.build(data, treeCount: 8, leafSize: 30, seed: 1)
/// forest.leaf(ofRow: 5, tree: 0)   // the rows sharing row 5's leaf in tree 0
/// ```
/// Trees are built in parallel; each draws from `CounterRandom(seed)` keyed by (tree, node), so
/// the forest is the same on any core count. Complexity O(trees · n · d · depth), memory
/// O(trees · n) 32-bit indices.
public struct RPForest: Sendable {
    /// Per tree: the rows permuted so that every leaf is a contiguous run.
    public let permutations: [[Int32]]
    /// Per tree: leaf boundaries into `permutations[t]` (leafCount + 1 offsets).
    public let leafStarts: [[Int32]]
    /// Per tree: the leaf of each row.
    public let leafOfRow: [[Int32]]

    /// The rows in row `i`'s leaf of tree `t`.
    public func leaf(ofRow i: Int, tree t: Int) -> ArraySlice<Int32> {
        let l = Int(leafOfRow[t][i])
        return permutations[t][Int(leafStarts[t][l])..<Int(leafStarts[t][l + 1])]
    }

    /// The same forest over the rows renumbered by `newIndex` (row r becomes `newIndex[r]`).
    public func relabeled(_ newIndex: [Int32]) -> RPForest {
        let perms = permutations.map { perm in perm.map { newIndex[Int($0)] } }
        let leafOf = leafOfRow.map { old in
            var out = [Int32](repeating: 0, count: old.count)
            for r in old.indices { out[Int(newIndex[r])] = old[r] }
            return out
        }
        return RPForest(permutations: perms, leafStarts: leafStarts, leafOfRow: leafOf)
    }

    /// Builds `treeCount` trees over the rows of `data`.
    public static func build(_ data: Matrix, treeCount: Int, leafSize: Int, seed: UInt64) -> RPForest {
        let rows = PaddedRows(data, order: nil)
        let trees = buildTrees(rows, trees: 0..<treeCount, leafSize: leafSize, seed: seed)
        let leafOf = trees.map { tree in
            var out = [Int32](repeating: 0, count: data.rows)
            for l in 0..<(tree.leafStarts.count - 1) {
                for p in Int(tree.leafStarts[l])..<Int(tree.leafStarts[l + 1]) { out[Int(tree.permutation[p])] = Int32(l) }
            }
            return out
        }
        return RPForest(permutations: trees.map(\.permutation), leafStarts: trees.map(\.leafStarts), leafOfRow: leafOf)
    }

    /// One tree: rows permuted so that each leaf is contiguous, and the leaf boundaries.
    struct Tree: Sendable {
        var permutation: [Int32]
        var leafStarts: [Int32]
    }

    /// Trees numbered `trees` (tree t draws from `seed` and t only), built in parallel.
    static func buildTrees(_ rows: PaddedRows, trees: Range<Int>, leafSize: Int, seed: UInt64) -> [Tree] {
        // A lone tree splits its top two levels first and builds the four subtrees in parallel.
        let splitDepth = trees.count == 1 && Parallel.threadCount > 1 ? 2 : 0
        return Parallel.mapChunks(count: trees.count, minimumChunk: 1) { range in
            range.map { i in
                let t = trees.lowerBound + i
                return buildTree(rows, leafSize: max(leafSize, 2), random: CounterRandom(seed: seed &+ UInt64(t) &* 0x9E37_79B9),
                                 parallelDepth: splitDepth)
            }
        }.flatMap { $0 }
    }

    /// A node's range of the permutation, its depth, and its identity: the hash of its path from
    /// the root, so a node draws the same random numbers whichever worker builds it and when.
    typealias Node = (lo: Int, hi: Int, depth: Int, id: UInt64)

    /// One tree. Nodes above `parallelDepth` are split first; the subtrees below them are then
    /// built concurrently (they own disjoint ranges of the permutation). The tree is the same for
    /// any `parallelDepth`.
    static func buildTree(_ rows: PaddedRows, leafSize: Int, random: CounterRandom, parallelDepth: Int = 0) -> Tree {
        let n = rows.count
        var perm = (0..<n).map { Int32($0) }
        let margin = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
        defer { margin.deallocate() }
        var ranges: [(Int, Int)] = []
        perm.withUnsafeMutableBufferPointer { pb in
            let pm = SendablePointer(pb.baseAddress!), mp = SendablePointer(margin)
            var top: [Node] = []
            ranges += split([(0, n, 0, 1)], rows: rows, perm: pm, margin: mp, leafSize: leafSize, random: random,
                            stopAt: parallelDepth, pending: &top)
            let subtrees = top
            ranges += Parallel.mapChunks(count: subtrees.count, minimumChunk: 1) { chunk in
                var unused: [Node] = []
                return chunk.flatMap { split([subtrees[$0]], rows: rows, perm: pm, margin: mp, leafSize: leafSize,
                                             random: random, stopAt: Int.max, pending: &unused) }
            }.flatMap { $0 }
        }
        ranges.sort { $0.0 < $1.0 }
        var leaves: [Int32] = [0]
        leaves.reserveCapacity(ranges.count + 1)
        for (_, hi) in ranges { leaves.append(Int32(hi)) }
        return Tree(permutation: perm, leafStarts: leaves)
    }

    /// Splits `nodes` depth first until leaves; nodes reaching depth `stopAt` are handed back in
    /// `pending` instead. Returns the leaves' ranges.
    static func split(_ nodes: [Node], rows: PaddedRows, perm pm: SendablePointer<Int32>, margin: SendablePointer<Float>,
                      leafSize: Int, random: CounterRandom, stopAt: Int, pending: inout [Node]) -> [(Int, Int)] {
        let s = rows.stride
        let normal = UnsafeMutablePointer<Float>.allocate(capacity: s)
        defer { normal.deallocate() }
        var ranges: [(Int, Int)] = []
        var stack = Array(nodes.reversed())
        while let (lo, hi, depth, node) = stack.popLast() {
            let size = hi - lo
            if size <= leafSize || depth >= 200 { ranges.append((lo, hi)); continue }
            if depth >= stopAt { pending.append((lo, hi, depth, node)); continue }
            let ia = lo + random.int(below: size, stream: node, counter: 0)
            var ib = lo + random.int(below: size - 1, stream: node, counter: 1)
            if ib >= ia { ib += 1 }
            let pa = rows.row(Int(pm[ia])), pb = rows.row(Int(pm[ib]))
            var offset: Float = 0
            for t in 0..<s {
                normal[t] = pa[t] - pb[t]
                offset += normal[t] * (pa[t] + pb[t]) * 0.5
            }
            // All margins first, in a loop without data-dependent branches: the rows are a
            // gather from all over memory, and with the side test inside the partition loop
            // every mispredicted branch discarded the loads in flight — now many rows' cache
            // misses overlap (and are prefetched). Then a two-pointer partition over the margins.
            let ahead = 8
            for p in lo..<min(hi, lo + ahead) { rows.prefetch(Int(pm[p])) }
            for p in lo..<hi {
                if p &+ ahead < hi { rows.prefetch(Int(pm[p &+ ahead])) }
                margin[p] = PaddedRows.dot(normal, rows.row(Int(pm[p])), stride: s) - offset
            }
            var i = lo, j = hi - 1
            var counter: UInt64 = 2
            @inline(__always) func positive(_ m: Float) -> Bool {
                if m == 0 { counter &+= 1; return random.bits(stream: node, counter: counter) & 1 == 0 }
                return m > 0
            }
            while i <= j {
                if positive(margin[i]) {
                    i += 1
                } else {
                    let r = pm[i]; pm[i] = pm[j]; pm[j] = r
                    let m = margin[i]; margin[i] = margin[j]; margin[j] = m
                    j -= 1
                }
            }
            var mid = i
            if mid == lo || mid == hi { mid = lo + size / 2 }   // degenerate split: halve
            stack.append((mid, hi, depth + 1, SplitMix64.mix(node &* 2 &+ 1)))
            stack.append((lo, mid, depth + 1, SplitMix64.mix(node &* 2)))
        }
        return ranges
    }
}
