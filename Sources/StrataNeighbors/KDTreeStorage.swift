import StrataCore

/// The immutable buffers of a ``KDTree``, held by pointer so queries run without array checks.
final class KDTreeStorage: @unchecked Sendable {
    let points: UnsafeMutablePointer<Float>
    let order: UnsafeMutablePointer<Int32>
    /// Tree position of each original row (inverse of `order`).
    let position: UnsafeMutablePointer<Int32>
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>
    let lower: UnsafeMutablePointer<Float>
    let upper: UnsafeMutablePointer<Float>
    let count: Int

    init(data: Matrix, order perm: [Int32], starts s: [Int32], ends e: [Int32], lower lo: [Float], upper hi: [Float]) {
        let n = data.rows, d = data.columns
        count = n
        points = .allocate(capacity: Swift.max(1, n * d))
        order = .allocate(capacity: Swift.max(1, n))
        position = .allocate(capacity: Swift.max(1, n))
        for t in 0..<n {
            let r = Int(perm[t])
            order[t] = perm[t]
            position[r] = Int32(t)
            for c in 0..<d { points[t * d + c] = data.storage[r * d + c] }
        }
        starts = .allocate(capacity: s.count); starts.initialize(from: s, count: s.count)
        ends = .allocate(capacity: e.count); ends.initialize(from: e, count: e.count)
        lower = .allocate(capacity: Swift.max(1, lo.count)); lower.initialize(from: lo, count: lo.count)
        upper = .allocate(capacity: Swift.max(1, hi.count)); upper.initialize(from: hi, count: hi.count)
    }

    deinit {
        points.deallocate(); order.deallocate(); position.deallocate()
        starts.deallocate(); ends.deallocate(); lower.deallocate(); upper.deallocate()
    }
}
