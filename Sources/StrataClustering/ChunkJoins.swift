/// A chunk's own joins over global union–find roots: a parent map over only the roots the
/// chunk touched, in an open-addressing table of `Int32` keys (Swift's `Dictionary` hashing
/// cost 60 % of a DBSCAN fit here), with path halving.
struct ChunkJoins {
    private var keys: [Int32]
    private var parents: [Int32]
    private var used = 0
    private var mask: Int

    init(capacity: Int = 1_024) {
        keys = [Int32](repeating: -1, count: capacity)
        parents = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The slot of `key`, or of the empty slot where it would go.
    @inline(__always)
    private func slot(_ key: Int32) -> Int {
        var i = Int(truncatingIfNeeded: UInt32(bitPattern: key) &* 0x9E37_79B1) & mask
        while keys[i] != key && keys[i] != -1 { i = (i + 1) & mask }
        return i
    }

    @inline(__always)
    private func parent(_ x: Int32) -> Int32 {
        let i = slot(x)
        return keys[i] == x ? parents[i] : x
    }

    private mutating func setParent(_ x: Int32, _ p: Int32) {
        if 2 * (used + 1) > keys.count { grow() }
        let i = slot(x)
        if keys[i] != x { keys[i] = x; used += 1 }
        parents[i] = p
    }

    private mutating func grow() {
        let oldKeys = keys, oldParents = parents
        keys = [Int32](repeating: -1, count: 2 * oldKeys.count)
        parents = [Int32](repeating: -1, count: 2 * oldKeys.count)
        mask = keys.count - 1
        used = 0
        for (k, p) in zip(oldKeys, oldParents) where k != -1 {
            let i = slot(k)
            keys[i] = k; parents[i] = p; used += 1
        }
    }

    mutating func find(_ x: Int32) -> Int32 {
        var r = x
        var p = parent(r)
        while p != r {
            let grand = parent(p)
            if grand != p { setParent(r, grand) }
            r = grand
            p = parent(r)
        }
        return r
    }

    /// Joins the classes of two roots (deterministic: the lower root represents).
    mutating func join(_ a: Int32, _ b: Int32) {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if ra < rb { setParent(rb, ra) } else { setParent(ra, rb) }
    }
}
