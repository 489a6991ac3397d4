/// A bounded, sorted list of the best candidates of one query row: ascending distance, and among
/// equal distances ascending index (rows arrive in index order and an equal newcomer goes after
/// the existing ones), so ties keep the lower index first as scikit-learn's brute force does.
struct CandidateList {
    let capacity: Int
    var distances: UnsafeMutablePointer<Float>
    var indices: UnsafeMutablePointer<Int32>
    var count = 0
    /// Distance a newcomer must beat (strictly) to enter.
    var threshold: Float = .infinity

    @inline(__always)
    mutating func reset() { count = 0; threshold = .infinity }

    @inline(__always)
    mutating func insert(_ d: Float, _ j: Int32) {
        var t = count < capacity ? count : capacity &- 1
        while t > 0 && distances[t &- 1] > d {
            distances[t] = distances[t &- 1]
            indices[t] = indices[t &- 1]
            t &-= 1
        }
        distances[t] = d
        indices[t] = j
        if count < capacity { count &+= 1 }
        if count == capacity { threshold = distances[capacity &- 1] }
    }
}
