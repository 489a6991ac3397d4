import StrataCore

/// The Pearson correlation matrix of a matrix's columns (numpy's `corrcoef(x, rowvar=False)`,
/// pandas' `DataFrame.corr()` without missing values).
///
/// Two passes over rows on all cores: column means, then the centred cross-product matrix
/// accumulated in `Double` over fixed chunks (the result does not depend on the core count).
/// `r = C[i,j] / sqrt(C[i,i] · C[j,j])`, clipped to [-1, 1] as numpy does. A constant column has
/// no correlation: its row and column are NaN (as numpy and pandas), and it is listed in
/// ``constantColumns`` so callers can say so (``CorrelationSelector`` never drops for NaN).
///
/// ```swift
/// let corr = try CorrelationMatrix(table.matrix)
/// corr[0, 3]          // correlation of columns 0 and 3
/// ```
/// Complexity: O(n·d²) time, O(d²) memory per chunk; never an n×n matrix.
public struct CorrelationMatrix: Sendable, Hashable, Codable {
    /// Number of columns (the matrix is columnCount × columnCount).
    public let columnCount: Int
    /// Row-major correlations.
    public let values: [Double]
    /// Columns with zero variance (their correlations are NaN).
    public let constantColumns: [Int]

    public subscript(i: Int, j: Int) -> Double { values[i * columnCount + j] }

    enum CodingKeys: String, CodingKey { case columnCount, values, constantColumns }

    /// NaN (constant columns) is encoded as `null`, since JSON has no NaN.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(columnCount, forKey: .columnCount)
        try container.encode(values.map { $0.isNaN ? nil : $0 }, forKey: .values)
        try container.encode(constantColumns, forKey: .constantColumns)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        columnCount = try container.decode(Int.self, forKey: .columnCount)
        values = try container.decode([Double?].self, forKey: .values).map { $0 ?? .nan }
        constantColumns = try container.decode([Int].self, forKey: .constantColumns)
    }

    public init(_ data: Matrix) throws(StrataError) {
        guard data.rows >= 2 else { throw .notEnoughSamples("correlation needs at least two rows, got \(data.rows)") }
        let stats = try ColumnStatistics(data)
        let d = data.columns
        let mean = stats.mean
        let block = 64
        let partials: [[Double]] = data.storage.withUnsafeBufferPointer { buffer in
            let base = SendablePointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            return Parallel.mapChunks(count: data.rows, minimumChunk: 4096) { range in
                var acc = [Double](repeating: 0, count: d * d)
                var centred = [Double](repeating: 0, count: block * d)
                acc.withUnsafeMutableBufferPointer { a in
                    centred.withUnsafeMutableBufferPointer { x in
                        var start = range.lowerBound
                        while start < range.upperBound {
                            let end = Swift.min(range.upperBound, start + block)
                            for r in start..<end {
                                for c in 0..<d { x[(r - start) * d + c] = Double(base[r * d + c]) - mean[c] }
                            }
                            // Upper triangle: rank-one updates, the inner loop over j vectorises.
                            for r in 0..<(end - start) {
                                let row = x.baseAddress! + r * d
                                for i in 0..<d {
                                    let xi = row[i]
                                    let out = a.baseAddress! + i * d
                                    for j in i..<d { out[j] += xi * row[j] }
                                }
                            }
                            start = end
                        }
                    }
                }
                return acc
            }
        }
        var cov = [Double](repeating: 0, count: d * d)
        for part in partials { for k in 0..<(d * d) { cov[k] += part[k] } }
        let constant = stats.constantColumns
        var values = [Double](repeating: .nan, count: d * d)
        for i in 0..<d where !constant[i] {
            for j in i..<d where !constant[j] {
                let r = Swift.max(-1, Swift.min(1, cov[i * d + j] / (cov[i * d + i] * cov[j * d + j]).squareRoot()))
                values[i * d + j] = r
                values[j * d + i] = r
            }
        }
        columnCount = d
        self.values = values
        constantColumns = constant.indices.filter { constant[$0] }
    }
}
