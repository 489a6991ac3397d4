/// Order statistics by selection (Hoare partition, median of three), O(n) per quantile on average.
///
/// Percentiles use numpy's default `method="linear"`: position `q/100 * (n-1)`, interpolated
/// between its neighbours with numpy's `_lerp` (which switches form at t = 0.5 to stay monotone).
enum Quantiles {
    /// numpy `percentile(values, percents)` (percents in 0...100). Reorders `values`.
    static func percentiles(_ values: inout [Float], _ percents: [Double]) -> [Double] {
        values.withUnsafeMutableBufferPointer { percentiles($0, percents) }
    }

    /// numpy `percentile` over a buffer it may reorder.
    static func percentiles(_ buffer: UnsafeMutableBufferPointer<Float>, _ percents: [Double]) -> [Double] {
        let n = buffer.count
        precondition(n > 0)
        var needed = Set<Int>()
        for q in percents {
            let position = q / 100 * Double(n - 1)
            let lo = Int(position.rounded(.down))
            needed.insert(lo)
            if lo + 1 < n { needed.insert(lo + 1) }
        }
        var stats = [Int: Float]()
        let a = buffer.baseAddress!
        var lower = 0
        for k in needed.sorted() {
            select(a, lower, n - 1, k)
            stats[k] = a[k]
            lower = k + 1
        }
        return percents.map { q in
            let position = q / 100 * Double(n - 1)
            let lo = Int(position.rounded(.down))
            let t = position - Double(lo)
            let a = Double(stats[lo]!)
            guard lo + 1 < n else { return a }
            let b = Double(stats[lo + 1]!)
            let diff = b - a
            return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
        }
    }

    /// The median of present values (numpy `median`: the two middle values averaged).
    static func median(_ values: inout [Float]) -> Double {
        percentiles(&values, [50])[0]
    }

    /// Rearranges `a[lo...hi]` so that `a[k]` holds the k-th smallest value, smaller ones before it.
    static func select(_ a: UnsafeMutablePointer<Float>, _ lo0: Int, _ hi0: Int, _ k: Int) {
        var lo = lo0
        var hi = hi0
        while hi > lo {
            if hi - lo < 24 {
                var i = lo + 1
                while i <= hi {
                    let v = a[i]
                    var j = i - 1
                    while j >= lo && a[j] > v { a[j + 1] = a[j]; j -= 1 }
                    a[j + 1] = v
                    i += 1
                }
                return
            }
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo
            var j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    let t = a[i]; a[i] = a[j]; a[j] = t
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) { let t = self[i]; self[i] = self[j]; self[j] = t }
}
