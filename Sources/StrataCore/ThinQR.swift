/// The orthonormal factor `Q` of a thin QR decomposition of a tall matrix, in `Double`.
///
/// Modified Gram–Schmidt applied twice ("twice is enough": Giraud, Langou & Rozložník, 2005),
/// which keeps `Q` orthonormal to machine precision for the well-conditioned random sketches
/// of the randomized SVD (Halko, Martinsson & Tropp, 2011, Algorithm 4.4). Columns are stored
/// one after another (column-major), each `rowCount` long, so every step is a contiguous,
/// vectorisable dot product or axpy; projections are split over the cores.
///
/// ```swift
/// var columns: [Double] = [3, 4, 0,   1, 0, 1]      // two columns of length 3
/// ThinQR.orthonormalize(&columns, rowCount: 3, columnCount: 2)
/// // columns[0..<3] == [0.6, 0.8, 0]
/// ```
///
/// Complexity: O(m k²) time for an m × k matrix, in place.
public enum ThinQR {
    /// Replaces the `columnCount` columns of length `rowCount` by an orthonormal basis of their
    /// span, column by column. A column that is (numerically) dependent on the earlier ones
    /// becomes zero, so `Qᵀ Q` is the identity on the matrix's rank.
    public static func orthonormalize(_ columns: inout [Double], rowCount m: Int, columnCount k: Int) {
        precondition(columns.count == m * k, "ThinQR: expected \(m * k) values")
        columns.withUnsafeMutableBufferPointer { buffer in
            let base = SendablePointer(buffer.baseAddress!)
            for j in 0..<k {
                let originalNorm = norm(base.base + j * m, m)
                for _ in 0..<2 {
                    for i in 0..<j {
                        let r = dot(base.base + i * m, base.base + j * m, m)
                        axpy(-r, base.base + i * m, base.base + j * m, m)
                    }
                }
                let n = norm(base.base + j * m, m)
                let column = base.base + j * m
                if n <= 1e-12 * Swift.max(originalNorm, .leastNormalMagnitude) || n == 0 {
                    for t in 0..<m { column[t] = 0 }
                } else {
                    let inv = 1 / n
                    for t in 0..<m { column[t] *= inv }
                }
            }
        }
    }

    @inline(__always)
    static func norm(_ a: UnsafeMutablePointer<Double>, _ m: Int) -> Double { dot(a, a, m).squareRoot() }

    /// Dot product, split over cores for long columns (fixed chunks: deterministic).
    static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ m: Int) -> Double {
        let pa = SendablePointer(a), pb = SendablePointer(b)
        let parts = Parallel.mapChunks(count: m, minimumChunk: 65_536) { range -> Double in
            var acc = SIMD8<Double>()
            var t = range.lowerBound
            while t + 8 <= range.upperBound {
                acc.addMul(UnsafeRawPointer(pa.base + t).loadUnaligned(as: SIMD8<Double>.self),
                               UnsafeRawPointer(pb.base + t).loadUnaligned(as: SIMD8<Double>.self))
                t += 8
            }
            var s = acc.sum()
            while t < range.upperBound { s += pa[t] * pb[t]; t += 1 }
            return s
        }
        return parts.reduce(0, +)
    }

    /// `y += alpha * x`.
    static func axpy(_ alpha: Double, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ m: Int) {
        let px = SendablePointer(x), py = SendablePointer(y)
        Parallel.forEachChunk(count: m, minimumChunk: 65_536) { _, range in
            for t in range { py[t] += alpha * px[t] }
        }
    }
}
