import StrataCore

/// A set of points copied into a feature-major `Double` buffer (feature `f` of point `j` at
/// `f · stride + j`), padded to 8 lanes, for the one-to-all distance rows DBCV is built from.
///
/// `Double` because the index is compared with hdbscan's float64 computation to 1e-6 and its
/// tie handling (`isclose`) depends on exact distances.
struct DBCVPoints: Sendable {
    let count: Int
    let dimension: Int
    let stride: Int
    let values: [Double]
    /// Root-mean-square distance to the centroid (1 when the points coincide): the length unit
    /// used to keep d-th powers in range.
    let spread: Double

    /// The rows `rows` of `data`, in the order given; `extraPadding` zero columns beyond the
    /// 8-lane padding let ranges start anywhere.
    init(data: Matrix, rows: [Int], extraPadding: Int = 0) {
        let n = rows.count, d = data.columns
        let stride = Swift.max(DBCVCluster.lanes, (n + DBCVCluster.lanes - 1) / DBCVCluster.lanes * DBCVCluster.lanes) + extraPadding
        var values = [Double](repeating: 0, count: stride * d)
        var centroid = [Double](repeating: 0, count: d)
        data.storage.withUnsafeBufferPointer { x in
            for (j, r) in rows.enumerated() {
                for f in 0..<d {
                    let v = Double(x[r * d + f])
                    values[f * stride + j] = v
                    centroid[f] += v
                }
            }
        }
        var total = 0.0
        if n > 0 {
            for f in 0..<d {
                let mean = centroid[f] / Double(n)
                for j in 0..<n { let e = values[f * stride + j] - mean; total += e * e }
            }
        }
        let rms = n > 0 ? (total / Double(n)).squareRoot() : 0
        self.count = n
        self.dimension = d
        self.stride = stride
        self.values = values
        self.spread = rms > 0 && rms.isFinite ? rms : 1
    }

    /// Coordinate `f` of point `j`.
    @inline(__always)
    func coordinate(_ j: Int, _ f: Int) -> Double { values[f * stride + j] }

    /// Squared distances from point `i` to every point (padding lanes included) into `out`,
    /// which holds `stride` values.
    @inline(__always)
    func squaredDistances(from i: Int, into out: UnsafeMutablePointer<Double>) {
        squaredDistances(from: i, range: 0..<stride, into: out)
    }

    /// Squared distances from point `i` to the points in `range`, whose length is a multiple of
    /// 8 and which ends within `stride`, into `out[0..<range.count]`.
    @inline(__always)
    func squaredDistances(from i: Int, range: Range<Int>, into target: UnsafeMutablePointer<Double>) {
        let out = target - range.lowerBound
        values.withUnsafeBufferPointer { v in
            let base = v.baseAddress!
            var j = range.lowerBound
            while j < range.upperBound {
                var acc = SIMD8<Double>()
                for f in 0..<dimension {
                    let column = base + f &* stride
                    let y = UnsafeRawPointer(column + j).loadUnaligned(as: SIMD8<Double>.self)
                    let e = y - SIMD8(repeating: column[i])
                    acc.addMul(e, e)
                }
                UnsafeMutableRawPointer(out + j).storeBytes(of: acc, as: SIMD8<Double>.self)
                j &+= DBCVCluster.lanes
            }
        }
    }

    /// Euclidean distances from point `i` to every point into `out` (`stride` values).
    @inline(__always)
    func distances(from i: Int, into out: UnsafeMutablePointer<Double>) {
        squaredDistances(from: i, into: out)
        var j = 0
        while j < stride {
            let sq = UnsafeRawPointer(out + j).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(out + j).storeBytes(of: sq.squareRoot(), as: SIMD8<Double>.self)
            j &+= DBCVCluster.lanes
        }
    }
}
