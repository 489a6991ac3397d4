/// Distance kernels on raw `Float` rows: SIMD8 accumulators, FMA when the target CPU has it.
public enum Distance {
    /// Squared Euclidean distance between two rows of length `count`.
    @inlinable @inline(__always)
    public static func squaredEuclidean(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            let d = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                - UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            acc.addMul(d, d)
            i &+= 8
        }
        var s = acc.sum()
        while i < count {
            let d = a[i] - b[i]
            s += d * d
            i &+= 1
        }
        return s
    }

    /// Dot product of two rows of length `count`.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i &+ 8 <= count {
            acc.addMul(UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self),
                           UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self))
            i &+= 8
        }
        var s = acc.sum()
        while i < count { s += a[i] * b[i]; i &+= 1 }
        return s
    }

    /// Squared Euclidean distance accumulated in `Double` (for exactness checks and tie breaks).
    @inlinable
    public static func squaredEuclideanDouble(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var s = 0.0
        for i in 0..<count { let d = Double(a[i]) - Double(b[i]); s += d * d }
        return s
    }
}
