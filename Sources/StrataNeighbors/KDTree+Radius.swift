import StrataCore

/// A radius query against one ``KDTree``: `distance <= radius`, decided exactly (``RadiusTest``).
struct RadiusQuery {
    let s: KDTreeStorage
    let d: Int
    let firstLeaf: Int
    let test: RadiusTest
    let r2lo: Float, r2hi: Float

    init(tree: KDTree, radius: Float) {
        s = tree.storage
        d = tree.columns
        firstLeaf = tree.firstLeaf
        test = RadiusTest(radius: radius, columns: tree.columns)
        r2lo = test.lower
        r2hi = test.upper
    }

    @inline(__always)
    func boxDistances(_ node: Int, _ q: UnsafePointer<Float>) -> (Float, Float) {
        var mn: Float = 0, mx: Float = 0
        let lo = s.lower + node &* d, hi = s.upper + node &* d
        for c in 0..<d {
            let a = lo[c] - q[c], b = q[c] - hi[c]
            let inside = Swift.max(Swift.max(a, b), 0)
            mn += inside * inside
            let far = Swift.max(-a, -b)
            mx += far * far
        }
        return (mn, mx)
    }

    @inline(__always)
    func within(_ q: UnsafePointer<Float>, _ t: Int) -> Bool { test.contains(q, s.points + t &* d) }

    /// Points within the radius, or `limit` if there are more (counting stops there).
    func count(_ q: UnsafePointer<Float>, limit: Int) -> Int {
        var total = 0
        count(0, q, limit, &total)
        return Swift.min(total, limit)
    }

    private func count(_ node: Int, _ q: UnsafePointer<Float>, _ limit: Int, _ total: inout Int) {
        if total >= limit { return }
        let (mn, mx) = boxDistances(node, q)
        if mn > r2hi { return }
        let start = Int(s.starts[node]), end = Int(s.ends[node])
        if mx < r2lo { total &+= end &- start; return }
        if node >= firstLeaf {
            for t in start..<end where within(q, t) { total &+= 1 }
            return
        }
        count(2 &* node &+ 1, q, limit, &total)
        count(2 &* node &+ 2, q, limit, &total)
    }

    /// Appends the original rows within the radius to `out` (tree order, not sorted).
    func collect(_ q: UnsafePointer<Float>, into out: inout [Int32]) {
        collect(0, q, &out)
    }

    /// Appends the tree positions within the radius that are `>= minimum` to `out`. Nodes whose
    /// positions all lie below `minimum` are skipped without a distance computation.
    func collectPositions(_ q: UnsafePointer<Float>, minimum: Int, into out: inout [Int32]) {
        collectPositions(0, q, minimum, &out)
    }

    private func collectPositions(_ node: Int, _ q: UnsafePointer<Float>, _ minimum: Int, _ out: inout [Int32]) {
        let end = Int(s.ends[node])
        if end <= minimum { return }
        let (mn, mx) = boxDistances(node, q)
        if mn > r2hi { return }
        let start = Swift.max(Int(s.starts[node]), minimum)
        if mx < r2lo {
            out.append(contentsOf: Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: end))
            return
        }
        if node >= firstLeaf {
            for t in start..<end where within(q, t) { out.append(Int32(truncatingIfNeeded: t)) }
            return
        }
        collectPositions(2 &* node &+ 1, q, minimum, &out)
        collectPositions(2 &* node &+ 2, q, minimum, &out)
    }

    /// Appends the tree positions within the radius to `out` until it holds `limit` entries or
    /// more (whole subtrees inside the radius are appended at once, so it may pass `limit`).
    func collectPositions(_ q: UnsafePointer<Float>, limit: Int, into out: inout [Int32]) {
        collectPositions(0, q, limit: limit, &out)
    }

    private func collectPositions(_ node: Int, _ q: UnsafePointer<Float>, limit: Int, _ out: inout [Int32]) {
        if out.count >= limit { return }
        let (mn, mx) = boxDistances(node, q)
        if mn > r2hi { return }
        let start = Int(s.starts[node]), end = Int(s.ends[node])
        if mx < r2lo {
            out.append(contentsOf: Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: end))
            return
        }
        if node >= firstLeaf {
            for t in start..<end where within(q, t) {
                out.append(Int32(truncatingIfNeeded: t))
                if out.count >= limit { return }
            }
            return
        }
        collectPositions(2 &* node &+ 1, q, limit: limit, &out)
        collectPositions(2 &* node &+ 2, q, limit: limit, &out)
    }

    private func collect(_ node: Int, _ q: UnsafePointer<Float>, _ out: inout [Int32]) {
        let (mn, mx) = boxDistances(node, q)
        if mn > r2hi { return }
        let start = Int(s.starts[node]), end = Int(s.ends[node])
        if mx < r2lo {
            for t in start..<end { out.append(s.order[t]) }
            return
        }
        if node >= firstLeaf {
            for t in start..<end where within(q, t) { out.append(s.order[t]) }
            return
        }
        collect(2 &* node &+ 1, q, &out)
        collect(2 &* node &+ 2, q, &out)
    }
}
