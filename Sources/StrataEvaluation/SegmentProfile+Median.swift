extension SegmentProfile {
    /// The median of `values` (mean of the two middle values for an even count), found by
    /// selection instead of a full sort: a profile takes one median per segment and feature,
    /// every run of a sweep. Three-way partitioning keeps columns of repeated values (counts that
    /// are mostly 0) linear. A zero median is +0 (which of -0 and +0 the selection meets first
    /// is chance; the ordered path must give the same bits). Reorders `v`. Expected O(n).
    static func median(_ v: UnsafeMutableBufferPointer<Float>) -> Double {
        let m = v.count
        precondition(m > 0, "median of no values")
        let upper = Double(select(v, rank: m / 2))
        guard m % 2 == 0 else { return unsignedZero(upper) }
        // Every value left of rank m/2 is ≤ it after selection: the lower middle is their maximum.
        var lower = v[0]
        for i in 1..<(m / 2) where v[i] > lower { lower = v[i] }
        return unsignedZero((Double(lower) + upper) / 2)
    }

    /// `value` with -0 read as +0.
    @inline(__always)
    static func unsignedZero(_ value: Double) -> Double {
        value == 0 ? 0 : value
    }

    /// The value of rank `rank` (0-based, ascending); leaves smaller values before it.
    private static func select(_ v: UnsafeMutableBufferPointer<Float>, rank: Int) -> Float {
        var low = 0, high = v.count - 1
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while low < high {
            // Pivot at a pseudo-random position (a fixed sequence: the result never depends on it).
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pivot = v[low + Int((state >> 33) % UInt64(high - low + 1))]
            var lt = low, i = low, gt = high
            while i <= gt {
                if v[i] < pivot { v.swapAt(lt, i); lt += 1; i += 1 }
                else if v[i] > pivot { v.swapAt(i, gt); gt -= 1 }
                else { i += 1 }
            }
            if rank < lt { high = lt - 1 } else if rank > gt { low = gt + 1 } else { return pivot }
        }
        return v[rank]
    }
}
