import StrataCore

/// Exact k-nearest-neighbour search by brute force.
///
/// ```swift
/// let graph = try ExactNeighbors(k: 15).fit(data)          // self excluded, like sklearn's kneighbors()
/// let withSelf = try ExactNeighbors(k: 15, includeSelf: true).fit(data)  // umap-learn's convention
/// ```
public struct ExactNeighbors: Sendable, Hashable, Codable {
    /// Neighbours per row.
    public var k: Int
    /// Whether a row counts as its own first neighbour (umap-learn) or not (scikit-learn's
    /// `kneighbors()` without arguments).
    public var includeSelf: Bool

    public init(k: Int, includeSelf: Bool = false) {
        self.k = k
        self.includeSelf = includeSelf
    }

    /// The k nearest neighbours of every row of `data` among the rows of `data`.
    public func fit(_ data: Matrix) throws(StrataError) -> NeighborGraph {
        try data.validateFinite()
        let available = includeSelf ? data.rows : data.rows - 1
        guard k >= 1 else { throw .invalidArgument("k must be at least 1, got \(k)") }
        guard k <= available else {
            throw .notEnoughSamples("k = \(k) needs at least \(includeSelf ? k : k + 1) rows, got \(data.rows)")
        }
        return try query(data, in: data, excludingSelf: !includeSelf)
    }

    /// The k nearest rows of `reference` for every row of `queries`.
    public func query(_ queries: Matrix, in reference: Matrix) throws(StrataError) -> NeighborGraph {
        try queries.validateFinite()
        try reference.validateFinite()
        guard k >= 1, k <= reference.rows else {
            throw .invalidArgument("k must be between 1 and \(reference.rows), got \(k)")
        }
        return try query(queries, in: reference, excludingSelf: false)
    }

    private func query(_ queries: Matrix, in reference: Matrix, excludingSelf: Bool) throws(StrataError) -> NeighborGraph {
        guard queries.columns == reference.columns else {
            throw .dimensionMismatch("queries have \(queries.columns) columns, reference has \(reference.columns)")
        }
        let n = queries.rows, k = self.k, d = reference.columns, m = reference.rows
        var indices = [Int32](repeating: 0, count: n * k)
        var distances = [Float](repeating: 0, count: n * k)
        indices.withUnsafeMutableBufferPointer { ib in
            distances.withUnsafeMutableBufferPointer { db in
                let ip = SendablePointer(ib.baseAddress!), dp = SendablePointer(db.baseAddress!)
                queries.storage.withUnsafeBufferPointer { qb in
                    reference.storage.withUnsafeBufferPointer { rb in
                        nonisolated(unsafe) let q = qb.baseAddress!, r = rb.baseAddress!
                        Parallel.forEachChunk(count: n, minimumChunk: 64) { _, range in
                            var bestD = [Float](repeating: .infinity, count: k)
                            var bestI = [Int32](repeating: -1, count: k)
                            for i in range {
                                for t in 0..<k { bestD[t] = .infinity; bestI[t] = -1 }
                                for j in 0..<m where !(excludingSelf && j == i) {
                                    let dist = Distance.squaredEuclidean(q + i * d, r + j * d, count: d)
                                    if dist < bestD[k - 1] {
                                        var t = k - 1
                                        while t > 0 && bestD[t - 1] > dist { bestD[t] = bestD[t - 1]; bestI[t] = bestI[t - 1]; t -= 1 }
                                        bestD[t] = dist; bestI[t] = Int32(j)
                                    }
                                }
                                for t in 0..<k { ip[i * k + t] = bestI[t]; dp[i * k + t] = bestD[t].squareRoot() }
                            }
                        }
                    }
                }
            }
        }
        return NeighborGraph(count: n, k: k, indices: indices, distances: distances)
    }
}
