/// Disjoint sets over `0..<count` with union by size and path halving; the root of every union
/// is chosen deterministically (larger set, ties to the lower root). Raw storage: no exclusivity
/// or copy-on-write checks in the hot loops.
final class UnionFind: @unchecked Sendable {
    private let parent: UnsafeMutablePointer<Int32>
    private let size: UnsafeMutablePointer<Int32>

    init(count: Int) {
        parent = .allocate(capacity: Swift.max(1, count))
        size = .allocate(capacity: Swift.max(1, count))
        for i in 0..<count { parent[i] = Int32(i); size[i] = 1 }
    }

    deinit { parent.deallocate(); size.deallocate() }

    /// Find without path compression: safe to call concurrently while nobody unions.
    @inline(__always)
    func findReadOnly(_ x: Int32) -> Int32 {
        var r = x
        while parent[Int(r)] != r { r = parent[Int(r)] }
        return r
    }

    @inline(__always)
    func find(_ x: Int32) -> Int32 {
        var r = x
        while parent[Int(r)] != r {
            let grand = parent[Int(parent[Int(r)])]
            parent[Int(r)] = grand
            r = grand
        }
        return r
    }

    func union(_ a: Int32, _ b: Int32) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[Int(ra)] < size[Int(rb)] || (size[Int(ra)] == size[Int(rb)] && rb < ra) { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] &+= size[Int(rb)]
    }
}
