import StrataCore
import StrataNeighbors

/// Density-based clustering (DBSCAN) with scikit-learn's exact semantics, linear memory and
/// every core.
///
/// ```swift
/// let eps = try KDistance(k: 10).knee(embedding).value ?? 0.5
/// let model = try DBSCAN(epsilon: eps, minSamples: 10).fit(embedding)
/// model.labels              // -1 = noise, clusters 0, 1, … in discovery order
/// model.coreSampleIndices   // ascending
/// let newLabels = try model.predict(newRows)   // nearest core point within epsilon, else -1
/// ```
///
/// Semantics (`sklearn.cluster.DBSCAN`): neighbours are rows at distance `<= epsilon`; a row is a
/// core point when it has at least `minSamples` neighbours, itself included; clusters are the
/// connected components of core points, numbered in the order of their lowest core row (the
/// order scikit-learn's index-order expansion discovers them); a non-core row within epsilon of
/// a core point is a border point of the lowest-numbered such cluster (the first expansion that
/// reaches it); every other row is noise (-1).
///
/// Design (never a neighbourhood list per row): a ``KDTree`` counts neighbours per row in
/// parallel, stopping at `minSamples`; core rows are then re-queried in chunks, edges to lower
/// core rows not already joined are gathered in parallel and merged in a union–find; border rows
/// take the smallest cluster among their core neighbours, again in parallel.
///
/// Complexity: O(n log n + n · m) time for m neighbours per row, O(n) memory besides the data and
/// tree. Reference: Ester, Kriegel, Sander, Xu, "A density-based algorithm for discovering
/// clusters in large spatial databases with noise", KDD 1996; Schubert et al., "DBSCAN revisited,
/// revisited", ACM TODS 2017.
public struct DBSCAN: Clusterer, Codable, Hashable, Sendable {
    /// scikit-learn's `eps`: the neighbourhood radius (distance `<= epsilon`). Must be > 0.
    public var epsilon: Float
    /// scikit-learn's `min_samples`: neighbours (the row itself included) that make a core point.
    public var minSamples: Int

    public init(epsilon: Float, minSamples: Int = 5) {
        self.epsilon = epsilon
        self.minSamples = minSamples
    }

    public func validate() throws(StrataError) {
        guard epsilon.isFinite, epsilon > 0 else {
            throw .invalidArgument("epsilon must be a finite number > 0, got \(epsilon); try the k-distance knee (KDistance)")
        }
        guard minSamples >= 1 else {
            throw .invalidArgument("minSamples must be at least 1 (it counts the point itself), got \(minSamples)")
        }
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try validate()
        try data.validateFinite()
        let n = data.rows
        // As scikit-learn: an empty input is a mistake upstream (a filter that kept nothing), not a clustering.
        guard n > 0 else { throw .notEnoughSamples("DBSCAN needs at least one row, got an empty matrix") }
        let tree = try KDTree(data)
        let (labels, cores) = DBSCANLabeling.label(tree: tree, epsilon: epsilon, minSamples: minSamples)
        return Model(epsilon: epsilon, labels: labels, coreSampleIndices: cores, components: data.selectingRows(cores))
    }
}
