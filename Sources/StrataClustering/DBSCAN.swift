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
/// Design (never a neighbourhood list per core row): in up to 6 dimensions rows are bucketed
/// into grid cells of side just under epsilon/√d, so the rows of one cell are all within epsilon
/// of each other. Rows of a cell holding at least `minSamples` rows are core without a query;
/// the others count their neighbours in a `KDTree`, stopping at `minSamples`. The core points of
/// a cell are joined at once, and two cells are joined when some pair of their core points is
/// within epsilon (searched with early exit, adjacent cells first, skipped when the union–find
/// already joins them). Above 6 dimensions core rows are re-queried in
/// chunks and edges to core rows not already joined are merged in a union–find. Border rows
/// (fewer than `minSamples` neighbours, so short lists) take the smallest cluster among their core
/// neighbours. Every phase runs over all cores; the result does not depend on the thread count.
///
/// Complexity: O(n log n) time for the counts plus, in low dimensions, work per occupied grid
/// cell and its neighbouring cells (independent of how many neighbours a row has: a million rows
/// in dense blobs with 10⁵ neighbours each take seconds); above 6 dimensions O(n · m) for m
/// neighbours per row. O(n) memory besides the data and tree. Reference: Ester, Kriegel, Sander,
/// Xu, "A density-based algorithm for discovering clusters in large spatial databases with
/// noise", KDD 1996; Gunawan, "A faster algorithm for DBSCAN", master's thesis, TU Eindhoven
/// 2013; Gan & Tao, "DBSCAN revisited: mis-claim, un-fixability, and approximation", SIGMOD 2015;
/// Schubert et al., "DBSCAN revisited, revisited", ACM TODS 2017.
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
        try fit(data, strategy: .automatic)
    }

    /// ``fit(_:)`` with `tree`, a `KDTree(data)` built once: a sweep over eps and min_samples
    /// fits one embedding many times, and the tree does not depend on either. A tree of another
    /// shape is refused; one built over other values of the same shape gives wrong labels.
    public func fit(_ data: Matrix, tree: KDTree) throws(StrataError) -> Model {
        guard tree.count == data.rows, tree.columns == data.columns else {
            throw .dimensionMismatch("DBSCAN: the tree holds \(tree.count) × \(tree.columns) points, the data is \(data.rows) × \(data.columns)")
        }
        return try fit(data, strategy: .automatic, tree: tree)
    }

    /// Every row's neighbour count within an epsilon, capped at a limit: what decides the core
    /// points of a fit with that epsilon and any `minSamples` up to the limit. In up to 6
    /// dimensions it also keeps the neighbours of the rows counted below the limit — the border
    /// and noise candidates of every such fit — so a fit labels them without a search, and the
    /// rows' grid cells with each cell's neighbouring cells, so a fit joins its core points
    /// without bucketing them again. A sweep over
    /// `min_samples` at one eps counts once (``neighborCounts(_:tree:epsilon:limit:)``) and fits
    /// each value with ``fit(_:tree:counts:)``.
    public struct NeighborCounts: Sendable {
        /// The radius counted within (distance `<= epsilon`).
        public let epsilon: Float
        /// Counts are exact up to this value and `limit` above it.
        public let limit: Int
        /// By tree position.
        let values: [Int32]
        /// The neighbours of the rows counted below the limit (low dimensions only).
        let lists: DBSCANLabeling.NeighborLists?
        /// The rows' grid cells and their neighbours (low dimensions only).
        let cells: DBSCANCells?
        /// The rows and columns of the counted data.
        let rows: Int, columns: Int
        /// Memory held, in bytes.
        public var byteCount: Int { 4 * values.count + (lists?.byteCount ?? 0) + (cells?.byteCount ?? 0) }
    }

    /// The neighbour counts of every row of `data` within `epsilon` (the row itself included),
    /// each capped at `limit`, searched in `tree` (a `KDTree(data)`). Cost: as the core-point
    /// phase of a fit with `minSamples == limit`, plus listing each occupied cell's neighbouring
    /// cells; memory 8 bytes per row, 4 per listed neighbour (fewer than `limit` per listed
    /// row), and 4 per pair of neighbouring cells (``NeighborCounts/byteCount``).
    public static func neighborCounts(_ data: Matrix, tree: KDTree, epsilon: Float, limit: Int) throws(StrataError) -> NeighborCounts {
        try DBSCAN(epsilon: epsilon, minSamples: limit).validate()
        try data.validateFinite()
        guard tree.count == data.rows, tree.columns == data.columns else {
            throw .dimensionMismatch("DBSCAN: the tree holds \(tree.count) × \(tree.columns) points, the data is \(data.rows) × \(data.columns)")
        }
        let counted = DBSCANLabeling.counts(data: data, tree: tree, epsilon: epsilon, limit: limit)
        return NeighborCounts(epsilon: epsilon, limit: limit, values: counted.counts, lists: counted.lists, cells: counted.cells,
                              rows: data.rows, columns: data.columns)
    }

    /// ``fit(_:tree:)`` with the core points decided by `counts` (from
    /// ``neighborCounts(_:tree:epsilon:limit:)`` on this data and tree): the same labels, without
    /// counting again. Counts for another epsilon or shape, or capped below `minSamples`, are
    /// refused.
    public func fit(_ data: Matrix, tree: KDTree, counts: NeighborCounts) throws(StrataError) -> Model {
        guard counts.epsilon == epsilon, counts.limit >= minSamples,
              counts.rows == data.rows, counts.columns == data.columns else {
            throw .invalidArgument("DBSCAN: neighbour counts for eps \(counts.epsilon) up to \(counts.limit) over \(counts.rows) × \(counts.columns) rows "
                                   + "cannot fit eps \(epsilon), min_samples \(minSamples) over \(data.rows) × \(data.columns)")
        }
        guard tree.count == data.rows, tree.columns == data.columns else {
            throw .dimensionMismatch("DBSCAN: the tree holds \(tree.count) × \(tree.columns) points, the data is \(data.rows) × \(data.columns)")
        }
        return try fit(data, strategy: .automatic, tree: tree, counts: counts)
    }

    /// ``fit(_:)`` with a chosen way of joining core points (tests check that every way gives
    /// scikit-learn's labels).
    package func fit(_ data: Matrix, strategy: DBSCANLabeling.Strategy) throws(StrataError) -> Model {
        try fit(data, strategy: strategy, tree: nil)
    }

    private func fit(_ data: Matrix, strategy: DBSCANLabeling.Strategy, tree given: KDTree?, counts: NeighborCounts? = nil) throws(StrataError) -> Model {
        try validate()
        try data.validateFinite()
        let n = data.rows
        // As scikit-learn: an empty input is a mistake upstream (a filter that kept nothing), not a clustering.
        guard n > 0 else { throw .notEnoughSamples("DBSCAN needs at least one row, got an empty matrix") }
        let tree: KDTree
        if let given { tree = given } else { tree = try KDTree(data) }
        let (labels, cores) = DBSCANLabeling.label(data: data, tree: tree, epsilon: epsilon, minSamples: minSamples, strategy: strategy,
                                                         counts: counts?.values, lists: counts?.lists, cells: counts?.cells)
        return Model(epsilon: epsilon, labels: labels, coreSampleIndices: cores, components: data.selectingRows(cores))
    }
}
