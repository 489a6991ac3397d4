import StrataCore

/// Exact k-nearest-neighbour search for any dimension: blocked, multi-core brute force.
///
/// ```swift
/// let graph = try ExactNeighbors(k: 15).fit(data)          // self excluded, like sklearn's kneighbors()
/// let withSelf = try ExactNeighbors(k: 15, includeSelf: true).fit(data)  // umap-learn's convention
/// let other = try ExactNeighbors(k: 5).query(newRows, in: data)
/// ```
///
/// Distances are Euclidean; ties are ordered by lower index first. Candidates are found with a
/// register-tiled Float32 kernel (`DistanceKernel`) and their distances recomputed exactly in
/// Double, with a rounding bound proving nothing was missed (see `BlockedSearch`).
///
/// Many queries into a large reference (`query` with ≥ 2,048 queries into ≥ 8,192 rows, as UMAP's
/// `transform`) first group the reference around m/400 centres (at most 256) and skip the 32-row panels that
/// the triangle inequality proves too far from a whole block of queries (see `ReferencePartition`);
/// the answer is the same, typically at under half the distance computations on clustered data.
///
/// Complexity: O(n · m · d) time (n queries, m reference rows), O((n + m) · d + n · k) memory.
/// For 2–10 dimensions ``KDTree`` is usually much faster. Reference: scikit-learn's
/// `NearestNeighbors(algorithm="brute")`.
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
    ///
    /// Without `includeSelf` this is scikit-learn's `kneighbors()` with no argument: the k + 1
    /// nearest rows are found and the row itself removed — or, when more than k + 1 rows coincide
    /// and the row itself is not among them, the first one is dropped instead.
    public func fit(_ data: Matrix) throws(StrataError) -> NeighborGraph {
        guard data.columns > 0 else { throw .invalidArgument("data must have at least one column") }
        try data.validateFinite()
        try Self.validateDistanceRange(data)
        let available = includeSelf ? data.rows : data.rows - 1
        guard k >= 1 else { throw .invalidArgument("k must be at least 1, got \(k)") }
        guard k <= available else {
            throw .notEnoughSamples("k = \(k) needs at least \(includeSelf ? k : k + 1) rows, got \(data.rows)")
        }
        let panels = DistancePanels(data)
        if includeSelf {
            let (i, d) = BlockedSearch.search(data, data, panels: panels, k: k)
            return NeighborGraph(count: data.rows, k: k, indices: i, distances: d)
        }
        let wide = k + 1
        let (wi, wd) = BlockedSearch.search(data, data, panels: panels, k: wide)
        var indices = [Int32](repeating: 0, count: data.rows * k)
        var distances = [Float](repeating: 0, count: data.rows * k)
        for row in 0..<data.rows {
            var skip = 0
            for t in 0..<wide where wi[row * wide + t] == Int32(row) { skip = t; break }
            var o = row * k
            for t in 0..<wide where t != skip {
                indices[o] = wi[row * wide + t]; distances[o] = wd[row * wide + t]; o += 1
            }
        }
        return NeighborGraph(count: data.rows, k: k, indices: indices, distances: distances)
    }

    /// The k nearest rows of `reference` for every row of `queries`.
    public func query(_ queries: Matrix, in reference: Matrix) throws(StrataError) -> NeighborGraph {
        guard reference.columns > 0 else { throw .invalidArgument("data must have at least one column") }
        try queries.validateFinite()
        try reference.validateFinite()
        try Self.validateDistanceRange(queries)
        try Self.validateDistanceRange(reference)
        guard k >= 1, k <= reference.rows else {
            throw .invalidArgument("k must be between 1 and \(reference.rows), got \(k)")
        }
        guard queries.columns == reference.columns else {
            throw .dimensionMismatch("queries have \(queries.columns) columns, reference has \(reference.columns)")
        }
        let (i, d): ([Int32], [Float])
        if let partition = Self.partition(queries: queries.rows, reference: reference) {
            (i, d) = BlockedSearch.search(queries, reference, panels: partition.panels, k: k, partition: partition)
        } else {
            (i, d) = BlockedSearch.search(queries, reference, panels: DistancePanels(reference), k: k)
        }
        return NeighborGraph(count: queries.rows, k: k, indices: i, distances: d)
    }

    /// Many queries into a large reference (UMAP's `transform`, `strata predict`): grouping the
    /// reference lets most far panels be skipped. Its build costs about two passes of queries over
    /// √m/2 centres, worth it only when the search itself is large.
    static func partition(queries: Int, reference: Matrix) -> ReferencePartition? {
        guard queries >= 2048, reference.rows >= 8192 else { return nil }
        return ReferencePartition(reference, clusterCount: Swift.min(256, reference.rows / 400))
    }

    /// Squared distances are accumulated in Float: finite values so large that a squared
    /// difference overflows (|x| above about 9e18 / √d) would leave neighbour slots unfilled.
    /// Such data is refused with the offending cell, rather than searched wrongly.
    static func validateDistanceRange(_ data: Matrix) throws(StrataError) {
        let limit = (Float.greatestFiniteMagnitude / Float(4 * Swift.max(data.columns, 1))).squareRoot()
        for (i, v) in data.storage.enumerated() where abs(v) > limit {
            let columns = Swift.max(data.columns, 1)
            throw .invalidArgument("row \(i / columns + 1), column \(i % columns + 1) holds \(v): values beyond ±\(limit) overflow squared distances; rescale the data (e.g. standard scaling)")
        }
    }
}
