import Foundation
import StrataCore

/// The sorted k-distance curve and its knee, to choose DBSCAN's `epsilon` (and `minSamples`).
///
/// ```swift
/// let result = try KDistance(k: 10).knee(embedding)
/// let model = try DBSCAN(epsilon: result.value ?? 0.5, minSamples: 10).fit(embedding)
/// let minSamples = KDistance.suggestedMinSamples(rows: embedding.rows, columns: embedding.columns)
/// ```
///
/// Convention: the k-distance of a row is its distance to the k-th nearest row **counting the row
/// itself** (at distance 0) — column `k − 1` of scikit-learn's
/// `NearestNeighbors(n_neighbors=k).fit(X).kneighbors(X)[0]`, the usual recipe, and consistent
/// with DBSCAN's `minSamples` counting the point itself: with `k = minSamples`, a row is a core
/// point exactly when its k-distance is `<= epsilon`. The curve is sorted ascending and its knee
/// found by ``Kneedle`` exactly as `kneed.KneeLocator(range(n), curve, S=1.0, curve="convex",
/// direction="increasing")` — on the full curve, O(n), no subsampling.
///
/// Complexity: the k-nearest search — a ``KDTree`` up to 15 dimensions (scikit-learn's `auto`
/// switch), ``ExactNeighbors`` above; then O(n log n) to sort.
public struct KDistance: Sendable, Hashable, Codable {
    /// The neighbour rank (the row itself is rank 1). Use DBSCAN's `minSamples`.
    public var k: Int
    /// Kneedle sensitivity `S` (kneed's default 1.0).
    public var sensitivity: Double

    public init(k: Int, sensitivity: Double = 1.0) {
        self.k = k
        self.sensitivity = sensitivity
    }

    /// The ascending k-distance curve.
    public func curve(_ data: Matrix) throws(StrataError) -> [Float] {
        try validate(data)
        let graph: NeighborGraph
        if data.columns <= 15 {
            graph = try KDTree(data).nearestOfRows(k: k)
        } else {
            graph = try ExactNeighbors(k: k, includeSelf: true).fit(data)
        }
        return sortedKth(graph, rows: data.rows)
    }

    /// ``curve(_:)`` searched in `tree`, a ``KDTree`` over `data` built with the default leaf
    /// size (as ``curve(_:)`` builds it, so the curve is the same): a sweep's worker already holds
    /// DBSCAN's tree of the embedding and skips building a second one for each `min_samples`.
    /// Throws when `tree` does not index exactly `data`'s rows. Above 15 columns the search is
    /// exact, as in ``curve(_:)``, and the tree is not used.
    public func curve(_ data: Matrix, tree: KDTree) throws(StrataError) -> [Float] {
        try validate(data)
        guard data.columns <= 15 else { return try curve(data) }
        guard tree.count == data.rows, tree.columns == data.columns, tree.leafSize == KDTree.defaultLeafSize,
              (0..<data.rows).allSatisfy({ r in
                  let stored = tree.pointer(ofRow: r)
                  return (0..<data.columns).allSatisfy { stored[$0] == data[r, $0] }
              }) else {
            throw .dimensionMismatch("the k-distance tree does not index these \(data.rows) × \(data.columns) rows; build it with KDTree(data)")
        }
        return sortedKth(try tree.nearestOfRows(k: k), rows: data.rows)
    }

    private func validate(_ data: Matrix) throws(StrataError) {
        guard k >= 1 else { throw .invalidArgument("k must be at least 1, got \(k)") }
        guard k <= data.rows else {
            throw .notEnoughSamples("k = \(k) needs at least \(k) rows, got \(data.rows); lower k")
        }
        guard sensitivity.isFinite, sensitivity >= 0 else {
            throw .invalidArgument("sensitivity must be finite and >= 0, got \(sensitivity)")
        }
        try data.validateFinite()
    }

    /// Each row's k-th distance, ascending.
    private func sortedKth(_ graph: NeighborGraph, rows: Int) -> [Float] {
        var values = [Float](repeating: 0, count: rows)
        for i in 0..<rows { values[i] = graph.distances[i * k + k - 1] }
        values.sort()
        return values
    }

    /// The curve, its knee and the suggested epsilon.
    public func knee(_ data: Matrix) throws(StrataError) -> KDistanceResult {
        let values = try curve(data)
        return KDistance.knee(ofSortedCurve: values, sensitivity: sensitivity)
    }

    /// The knee of an already sorted (ascending) k-distance curve.
    public static func knee(ofSortedCurve curve: [Float], sensitivity: Double = 1.0) -> KDistanceResult {
        let index = Kneedle.convexIncreasingKnee(curve.map(Double.init), sensitivity: sensitivity)
        return KDistanceResult(curve: curve, kneeIndex: index, value: index.map { curve[$0] })
    }

    /// A `minSamples` for DBSCAN (and the `k` to use here): `max(3, D + 1, 2·D, ⌈ln n⌉)`.
    ///
    /// `2·D` is the rule of Sander, Ester, Kriegel & Xu (1998, "Density-based clustering in spatial
    /// databases: GDBSCAN") recommended again by Schubert et al. (2017, "DBSCAN revisited,
    /// revisited", ACM TODS); `D + 1` and 3 are the floors from Ester et al. (1996, minPts ≥ D + 1);
    /// `⌈ln n⌉` is a heuristic of ours so the value grows slowly with the sample count (noise
    /// raises k-distances less for larger samples): 14 for a million 2-D points.
    public static func suggestedMinSamples(rows: Int, columns: Int) -> Int {
        let logN = rows > 1 ? Int(log(Double(rows)).rounded(.up)) : 1
        return Swift.max(3, columns + 1, 2 * columns, logN)
    }
}
