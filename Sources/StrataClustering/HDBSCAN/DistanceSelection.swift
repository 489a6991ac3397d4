/// Rank selection over the distances a search meets, knowing the answer lies in a band
/// `[floor, limit]`: values below the floor are only counted, values in the band are kept, values
/// above the limit are dropped.
///
/// ```swift
/// var s = DistanceSelection(capacity: 1024); defer { s.deallocate() }
/// s.reset(floor: 0, limit: .infinity)
/// s.append(v)                  // for every distance met; s.countBelow(n) for n rows under the floor
/// let (fifth, third) = s.smallest(5, 3)
/// ```
///
/// Knowing bounds on the answer from a neighbouring row (triangle inequality, both ways) keeps the
/// band narrow, so the k-th smallest of thousands of distances is a selection over a few hundred,
/// by radix (``select(rank:)``): O(band) with no sort, no heap and few unpredictable branches.
/// When the buffer would overflow (a search started without bounds), ``keepSmallest(_:)`` keeps
/// the values that can still be the answer and lowers the limit, so memory stays O(k).
/// Not thread-safe: one per worker.
struct DistanceSelection {
    let capacity: Int
    let buffer: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let counts: UnsafeMutablePointer<Int32>
    private static let maximumBucketBits = 11
    /// Values kept in the band (positions `0..<count` of `buffer`).
    var count = 0
    /// Values met below the floor: all of them rank before every value in the band.
    var below = 0
    /// Values under this are only counted.
    var floor = 0.0
    /// Values above this are dropped; it only decreases during one search.
    var limit = Double.infinity

    init(capacity: Int) {
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
        scratch = .allocate(capacity: capacity)
        counts = .allocate(capacity: 1 << Self.maximumBucketBits)
    }

    func deallocate() {
        buffer.deallocate()
        scratch.deallocate()
        counts.deallocate()
    }

    mutating func reset(floor: Double, limit: Double) {
        count = 0
        below = 0
        self.floor = floor
        self.limit = limit
    }

    /// Counts or keeps one value, without a branch (the slot past the end is scratch space).
    /// The comparisons are read from sign bits: for finite `v`, `v − floor` is negative exactly
    /// when `v < floor` and `limit − v` exactly when `v > limit` (a rounded difference keeps its
    /// sign, and equal values give +0). Compilers otherwise turn them into branches that guess
    /// wrong about half the time, since rows fall either side of the bounds.
    @inline(__always)
    mutating func append(_ v: Double) {
        buffer[count] = v
        let under = Int(truncatingIfNeeded: (v - floor).bitPattern >> 63)
        let over = Int(truncatingIfNeeded: (limit - v).bitPattern >> 63)
        below &+= under
        count &+= (under | over) ^ 1
    }

    /// Keeps the values that can still be among the `k` smallest overall (ties included up to `k`)
    /// and lowers the limit below the k-th, so only values that change the answer are kept after.
    mutating func keepSmallest(_ k: Int) {
        let rank = k &- below
        guard rank >= 1 else {
            // More than k values under the floor: the floor was no true bound. Keep nothing more;
            // the caller sees the contradiction and searches again without bounds.
            limit = -1
            return
        }
        guard count > rank else { return }
        let v = select(rank: rank)
        var j = 0
        for i in 0..<count where buffer[i] < v { buffer[j] = buffer[i]; j &+= 1 }
        while j < rank { buffer[j] = v; j &+= 1 }
        count = rank
        limit = Swift.min(limit, v.nextDown)
    }

    /// Whether ranks up to `k` fall inside the band (else the bounds were not true bounds).
    func holds(_ k: Int, _ second: Int) -> Bool {
        below < Swift.min(k, second) && below &+ count >= Swift.max(k, second)
    }

    /// The `first`-th and `second`-th smallest values met (1-based ranks, `second ≤ first`);
    /// requires ``holds(_:_:)``. The usual `second = first − 1` costs one more pass: it is the
    /// largest value under the first answer when enough lie under it, else the answer itself.
    func smallest(_ first: Int, _ second: Int) -> (Double, Double) {
        let r1 = first &- below, r2 = second &- below
        let a = select(rank: r1)
        if r2 == r1 { return (a, a) }
        guard r2 == r1 &- 1 else { return (a, select(rank: r2)) }
        var less = 0, b = 0.0
        for i in 0..<count {
            let v = buffer[i], under = v < a
            less &+= under ? 1 : 0
            b = under ? Swift.max(b, v) : b
        }
        return (a, less >= r2 ? b : a)
    }

    /// The `rank`-th smallest of `buffer[0..<count]` (1-based); the buffer stays as it is.
    ///
    /// Radix selection: non-negative doubles order as their bit patterns do, so each round
    /// buckets the values by the high bits of `pattern − smallest pattern` (about as many buckets
    /// as values), finds the bucket holding the rank from the counts and keeps only that bucket —
    /// branch-free passes, each round dividing the spread by the bucket count.
    func select(rank: Int) -> Double {
        var source = UnsafePointer(buffer), n = count, r = rank
        while n > 48 {
            var low = UInt64.max, high: UInt64 = 0
            for i in 0..<n {
                let bits = source[i].bitPattern
                low = Swift.min(low, bits)
                high = Swift.max(high, bits)
            }
            if low == high { return Double(bitPattern: low) }
            let spanBits = UInt64.bitWidth &- (high &- low).leadingZeroBitCount
            let bucketBits = Swift.min(Self.maximumBucketBits, Swift.max(4, Int.bitWidth &- n.leadingZeroBitCount))
            let shift = UInt64(Swift.max(0, spanBits &- bucketBits))
            let buckets = Int((high &- low) >> shift) &+ 1
            for b in 0..<buckets { counts[b] = 0 }
            for i in 0..<n { counts[Int((source[i].bitPattern &- low) >> shift)] &+= 1 }
            var bucket = 0
            while Int(counts[bucket]) < r { r &-= Int(counts[bucket]); bucket &+= 1 }
            let target = UInt64(bucket)
            var m = 0
            // Writing never overtakes reading, so the scratch may be its own source.
            for i in 0..<n {
                let v = source[i]
                scratch[m] = v
                m &+= (v.bitPattern &- low) >> shift == target ? 1 : 0
            }
            source = UnsafePointer(scratch)
            n = m
        }
        if source != UnsafePointer(scratch) { for i in 0..<n { scratch[i] = source[i] } }
        return Self.quickselect(scratch, n, r &- 1)
    }

    /// The element that would sit at index `index` of `values[0..<n]` sorted ascending; reorders them.
    static func quickselect(_ values: UnsafeMutablePointer<Double>, _ n: Int, _ index: Int) -> Double {
        var lo = 0, hi = n &- 1
        while hi &- lo > 16 {
            // Median of three as the pivot; Hoare partition stops on equal values, so runs of
            // duplicates split evenly instead of degrading to quadratic time.
            let mid = lo &+ (hi &- lo) / 2
            if values[mid] < values[lo] { values.swapAt(mid, lo) }
            if values[hi] < values[lo] { values.swapAt(hi, lo) }
            if values[hi] < values[mid] { values.swapAt(hi, mid) }
            let pivot = values[mid]
            var i = lo &- 1, j = hi &+ 1
            while true {
                repeat { i &+= 1 } while values[i] < pivot
                repeat { j &-= 1 } while values[j] > pivot
                if i >= j { break }
                values.swapAt(i, j)
            }
            if index <= j { hi = j } else { lo = j &+ 1 }
        }
        if hi > lo {
            for i in (lo &+ 1)...hi {
                let v = values[i]
                var t = i
                while t > lo && values[t &- 1] > v { values[t] = values[t &- 1]; t &-= 1 }
                values[t] = v
            }
        }
        return values[index]
    }
}

private extension UnsafeMutablePointer where Pointee == Double {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]; self[i] = self[j]; self[j] = t
    }
}
