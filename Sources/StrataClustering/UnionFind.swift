/// Disjoint sets over `0..<count` with union by size and path halving; the root of every union
/// is chosen deterministically (larger set, ties to the lower root).
final class UnionFind: @unchecked Sendable {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    /// Find without path compression: safe to call concurrently while nobody unions.
    @inline(__always)
    func findReadOnly(_ x: Int32) -> Int32 {
        parent.withUnsafeBufferPointer { p in
            var r = x
            while p[Int(r)] != r { r = p[Int(r)] }
            return r
        }
    }

    func find(_ x: Int32) -> Int32 {
        parent.withUnsafeMutableBufferPointer { p in
            var r = x
            while p[Int(r)] != r {
                p[Int(r)] = p[Int(p[Int(r)])]
                r = p[Int(r)]
            }
            return r
        }
    }

    func union(_ a: Int32, _ b: Int32) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[Int(ra)] < size[Int(rb)] || (size[Int(ra)] == size[Int(rb)] && rb < ra) { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] += size[Int(rb)]
    }
}
