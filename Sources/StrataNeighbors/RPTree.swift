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
        let results = Parallel.mapChunks(count: treeCount, minimumChunk: 1) { range in
            range.map { t in buildTree(data, leafSize: max(leafSize, 2), random: CounterRandom(seed: seed &+ UInt64(t) &* 0x9E37_79B9)) }
        }.flatMap { $0 }
        return RPForest(permutations: results.map { $0.0 }, leafStarts: results.map { $0.1 }, leafOfRow: results.map { $0.2 })
    }

    static func buildTree(_ data: Matrix, leafSize: Int, random: CounterRandom) -> ([Int32], [Int32], [Int32]) {
        let n = data.rows, d = data.columns
        var perm = (0..<n).map { Int32($0) }
        var leaves: [Int32] = [0]
        var leafOf = [Int32](repeating: 0, count: n)
        var stack: [(Int, Int, Int)] = [(0, n, 0)]
        var node: UInt64 = 0
        var normal = [Float](repeating: 0, count: d)
        var ranges: [(Int, Int)] = []
        data.storage.withUnsafeBufferPointer { xb in
            let x = xb.baseAddress!
            while let (lo, hi, depth) = stack.popLast() {
                node &+= 1
                let size = hi - lo
                if size <= leafSize || depth >= 200 { ranges.append((lo, hi)); continue }
                let ia = lo + random.int(below: size, stream: node, counter: 0)
                var ib = lo + random.int(below: size - 1, stream: node, counter: 1)
                if ib >= ia { ib += 1 }
                let pa = x + Int(perm[ia]) * d, pb = x + Int(perm[ib]) * d
                var offset: Float = 0
                for t in 0..<d {
                    normal[t] = pa[t] - pb[t]
                    offset += normal[t] * (pa[t] + pb[t]) * 0.5
                }
                // Two-pointer partition: rows on the positive side first.
                var i = lo, j = hi - 1
                var counter: UInt64 = 2
                normal.withUnsafeBufferPointer { nb in
                    let np = nb.baseAddress!
                    func side(_ r: Int32) -> Bool {
                        let m = Distance.dot(np, x + Int(r) * d, count: d) - offset
                        if m == 0 { counter &+= 1; return random.bits(stream: node, counter: counter) & 1 == 0 }
                        return m > 0
                    }
                    while i <= j {
                        if side(perm[i]) { i += 1 } else { perm.swapAt(i, j); j -= 1 }
                    }
                }
                var mid = i
                if mid == lo || mid == hi { mid = lo + size / 2 }   // degenerate split: halve
                stack.append((mid, hi, depth + 1))
                stack.append((lo, mid, depth + 1))
            }
        }
        ranges.sort { $0.0 < $1.0 }
        leaves = [0]
        for (l, (lo, hi)) in ranges.enumerated() {
            for p in lo..<hi { leafOf[Int(perm[p])] = Int32(l) }
            leaves.append(Int32(hi))
        }
        return (perm, leaves, leafOf)
    }
}
