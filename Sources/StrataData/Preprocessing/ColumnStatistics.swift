import StrataCore

/// Per-column count, mean, population variance, minimum and maximum of a matrix, computed in two
/// parallel passes over rows with `Double` accumulators.
///
/// The variance is scikit-learn's corrected two-pass form (`_incremental_mean_and_var` on one
/// batch): `(Σd² − (Σd)²/n) / n` with `d = x − mean`. Chunks are fixed by the row count, so the
/// result is the same on any number of cores. Throws naming the first NaN/infinite cell.
///
/// ```swift
/// let stats = try ColumnStatistics(data)
/// stats.mean[0]; stats.variance[0]
/// ```
/// Complexity: O(rows × columns), memory O(columns × chunks).
public struct ColumnStatistics: Sendable, Hashable, Codable {
    public let count: Int
    public let mean: [Double]
    public let variance: [Double]
    public let minimum: [Float]
    public let maximum: [Float]

    public init(_ data: Matrix) throws(StrataError) {
        try self.init(data, variance: true)
    }

    /// With `variance: false` the second pass is skipped and `variance` is all zeros
    /// (for callers that need only minima and maxima).
    init(_ data: Matrix, variance computeVariance: Bool) throws(StrataError) {
        let rows = data.rows
        let columns = data.columns
        guard rows > 0 else { throw .notEnoughSamples("need at least one row, got an empty matrix") }
        guard columns > 0 else { throw .invalidArgument("need at least one column, got a matrix with none") }
        struct First: Sendable { var sums: [Double]; var minimum: [Float]; var maximum: [Float]; var bad: Int? }
        let first: [First] = data.storage.withUnsafeBufferPointer { buffer in
            let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            return Parallel.mapChunks(count: rows, minimumChunk: 4096) { range in
                var sums = [Double](repeating: 0, count: columns)
                var low = [Float](repeating: .infinity, count: columns)
                var high = [Float](repeating: -.infinity, count: columns)
                var bad: Int? = nil
                sums.withUnsafeMutableBufferPointer { s in
                    low.withUnsafeMutableBufferPointer { lo in
                        high.withUnsafeMutableBufferPointer { hi in
                            for r in range {
                                let row = base.base + r &* columns
                                var finite = true
                                for c in 0..<columns {
                                    let v = row[c]
                                    s[c] += Double(v)
                                    lo[c] = Swift.min(lo[c], v)
                                    hi[c] = Swift.max(hi[c], v)
                                    finite = finite && v.isFinite
                                }
                                if !finite && bad == nil {
                                    for c in 0..<columns where !row[c].isFinite { bad = r &* columns &+ c; break }
                                }
                            }
                        }
                    }
                }
                return First(sums: sums, minimum: low, maximum: high, bad: bad)
            }
        }
        if let bad = first.compactMap(\.bad).min() {
            throw .nonFinite(row: bad / columns, column: bad % columns)
        }
        var sums = [Double](repeating: 0, count: columns)
        var minimum = [Float](repeating: .infinity, count: columns)
        var maximum = [Float](repeating: -.infinity, count: columns)
        for part in first {
            for c in 0..<columns {
                sums[c] += part.sums[c]
                minimum[c] = Swift.min(minimum[c], part.minimum[c])
                maximum[c] = Swift.max(maximum[c], part.maximum[c])
            }
        }
        let n = Double(rows)
        let mean = sums.map { $0 / n }
        guard computeVariance else {
            self.count = rows
            self.mean = mean
            self.variance = [Double](repeating: 0, count: columns)
            self.minimum = minimum
            self.maximum = maximum
            return
        }
        let second: [[Double]] = data.storage.withUnsafeBufferPointer { buffer in
            let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            return Parallel.mapChunks(count: rows, minimumChunk: 4096) { range in
                // [0, columns): Σd², [columns, 2·columns): Σd
                var acc = [Double](repeating: 0, count: 2 * columns)
                acc.withUnsafeMutableBufferPointer { a in
                    mean.withUnsafeBufferPointer { m in
                        for r in range {
                            let row = base.base + r * columns
                            for c in 0..<columns {
                                let d = Double(row[c]) - m[c]
                                a[c] += d * d
                                a[columns + c] += d
                            }
                        }
                    }
                }
                return acc
            }
        }
        var variance = [Double](repeating: 0, count: columns)
        for c in 0..<columns {
            var squares = 0.0
            var deviations = 0.0
            for part in second { squares += part[c]; deviations += part[columns + c] }
            variance[c] = Swift.max(0, (squares - deviations * deviations / n) / n)
        }
        self.count = rows
        self.mean = mean
        self.variance = variance
        self.minimum = minimum
        self.maximum = maximum
    }

    /// scikit-learn's `_is_constant_feature`: variance within rounding error of zero.
    public var constantColumns: [Bool] {
        let eps = Double.ulpOfOne
        let n = Double(count)
        return zip(variance, mean).map { v, m in
            let bound = n * eps * v + (n * m * eps) * (n * m * eps)
            return v <= bound
        }
    }
}
