extension Distance {
    /// Squared Euclidean distance computed by differences in `Double` (no cancellation), with
    /// four independent SIMD lanes; used to recompute the winners of the blocked kernels exactly.
    @inlinable
    public static func squaredEuclideanExact(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var acc = SIMD4<Double>()
        var i = 0
        while i &+ 4 <= count {
            let x = SIMD4<Double>(Double(a[i]), Double(a[i &+ 1]), Double(a[i &+ 2]), Double(a[i &+ 3]))
            let y = SIMD4<Double>(Double(b[i]), Double(b[i &+ 1]), Double(b[i &+ 2]), Double(b[i &+ 3]))
            let d = x - y
            acc.addMul(d, d)
            i &+= 4
        }
        var s = acc.sum()
        while i < count {
            let d = Double(a[i]) - Double(b[i])
            s += d * d
            i &+= 1
        }
        return s
    }
}
