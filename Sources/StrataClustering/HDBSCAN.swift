import StrataCore
import StrataNeighbors

/// Hierarchical density-based clustering (HDBSCAN*) with the `hdbscan` package's semantics.
///
/// ```swift
/// let model = try HDBSCAN(minimumClusterSize: 15).fit(embedding)
/// model.labels            // -1 = noise
/// model.probabilities     // membership strength in [0, 1]
/// model.outlierScores     // GLOSH
/// let (labels, strengths) = try model.approximatePredict(newRows)
/// ```
///
/// Pipeline: core distances (distance to the `minSamples`-th other row, by KD-tree kNN) → exact
/// minimum spanning tree of the mutual reachability graph `max(d(a,b)/α, core(a), core(b))`
/// (Borůvka on a KD-tree up to ``treeDimensionLimit`` dimensions, Prim above) → single-linkage tree →
/// condensed tree → excess-of-mass or leaf selection → labels, probabilities, GLOSH scores.
///
/// Complexity: about O(n log n) time for low-dimensional data (Borůvka rounds × pruned tree
/// searches), O(n²·d) above the dimension limit; memory O(n·d) — never an n×n matrix.
/// Deterministic: the same input gives the same model on any number of threads.
///
/// References: Campello, Moulavi & Sander, "Density-based clustering based on hierarchical density
/// estimates" (PAKDD 2013); McInnes & Healy, "Accelerated hierarchical density clustering" (2017);
/// Malzer & Baum, "A hybrid approach to hierarchical density-based cluster selection" (2019).
public struct HDBSCAN: Clusterer, Codable, Hashable, Sendable {
    /// How flat clusters are read off the condensed tree (`cluster_selection_method`).
    public enum ClusterSelectionMethod: String, Codable, Hashable, Sendable, CaseIterable {
        /// Excess of mass (`"eom"`): the most stable clusters.
        case excessOfMass = "eom"
        /// The leaves of the condensed tree (`"leaf"`): many small homogeneous clusters.
        case leaf
    }

    /// How the minimum spanning tree is built.
    public enum Algorithm: String, Codable, Hashable, Sendable, CaseIterable {
        /// KD-tree Borůvka up to ``HDBSCAN/treeDimensionLimit`` dimensions, Prim above.
        case automatic
        /// Borůvka on a KD-tree (best for low dimensions).
        case boruvkaKDTree
        /// Prim on the implicit complete graph, O(n²·d) (best for high dimensions).
        case prim
    }

    /// Above this many columns `.automatic` uses Prim: KD-tree pruning fades as dimension grows.
    public static let treeDimensionLimit = 16

    /// Smallest group of rows that counts as a cluster (`min_cluster_size`), at least 2.
    public var minimumClusterSize: Int
    /// Neighbours defining a row's core distance (`min_samples`); `nil` means `minimumClusterSize`.
    /// As in the package the row itself does not count: the core distance is the distance to the
    /// `minSamples`-th *other* row.
    public var minSamples: Int?
    /// `cluster_selection_method`.
    public var clusterSelectionMethod: ClusterSelectionMethod
    /// Clusters born below this distance are merged up (`cluster_selection_epsilon`), ≥ 0.
    public var clusterSelectionEpsilon: Double
    /// Whether the root may be the one cluster (`allow_single_cluster`).
    public var allowSingleCluster: Bool
    /// Distance scaling in mutual reachability, `d/alpha` (`alpha`), > 0.
    public var alpha: Double
    /// Largest cluster excess of mass may select; 0 = no limit (`max_cluster_size`).
    public var maximumClusterSize: Int
    /// Spanning-tree algorithm; every choice gives the exact tree.
    public var algorithm: Algorithm

    public init(minimumClusterSize: Int = 5, minSamples: Int? = nil,
                clusterSelectionMethod: ClusterSelectionMethod = .excessOfMass,
                clusterSelectionEpsilon: Double = 0, allowSingleCluster: Bool = false,
                alpha: Double = 1, maximumClusterSize: Int = 0, algorithm: Algorithm = .automatic) {
        self.minimumClusterSize = minimumClusterSize
        self.minSamples = minSamples
        self.clusterSelectionMethod = clusterSelectionMethod
        self.clusterSelectionEpsilon = clusterSelectionEpsilon
        self.allowSingleCluster = allowSingleCluster
        self.alpha = alpha
        self.maximumClusterSize = maximumClusterSize
        self.algorithm = algorithm
    }

    /// `minSamples` with the package's default.
    public var effectiveMinSamples: Int { minSamples ?? minimumClusterSize }

    public func validate() throws(StrataError) {
        guard minimumClusterSize >= 2 else {
            throw .invalidArgument("minimumClusterSize must be at least 2, got \(minimumClusterSize)")
        }
        if let m = minSamples, m < 1 {
            throw .invalidArgument("minSamples must be at least 1 (or nil for minimumClusterSize), got \(m)")
        }
        guard clusterSelectionEpsilon.isFinite, clusterSelectionEpsilon >= 0 else {
            throw .invalidArgument("clusterSelectionEpsilon must be a finite distance ≥ 0, got \(clusterSelectionEpsilon)")
        }
        guard alpha.isFinite, alpha > 0 else {
            throw .invalidArgument("alpha must be a finite number > 0, got \(alpha)")
        }
        guard maximumClusterSize >= 0 else {
            throw .invalidArgument("maximumClusterSize must be ≥ 0 (0 = no limit), got \(maximumClusterSize)")
        }
    }

    /// Clusters the rows of `data`.
    ///
    /// Throws for an invalid configuration, non-finite cells (naming row and column), a matrix
    /// with no rows or no columns.
    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try validate()
        guard data.rows >= 1 else { throw .notEnoughSamples("HDBSCAN needs at least one row, got 0") }
        guard data.columns >= 1 else { throw .invalidArgument("HDBSCAN needs at least one column, got 0") }
        try KDTreeLayout.validateRowCount(data.rows)
        try data.validateFinite()
        let n = data.rows, d = data.columns
        // The package clamps min_samples to n - 1 (at least 1) for the fit…
        let fitMinSamples = Swift.max(1, Swift.min(n - 1, effectiveMinSamples))
        // …but builds prediction core distances from the unclamped value, counting the row itself.
        let predictionK = Swift.min(n, effectiveMinSamples)
        let tree = MutualReachabilityKDTree(data)
        let (coreByPosition, predictionByPosition) = tree.coreDistancesSquared(k: fitMinSamples + 1, alsoRank: predictionK)
        var coreSquared = [Double](repeating: 0, count: n)
        var predictionCore = [Double](repeating: 0, count: n)
        for p in 0..<n {
            coreSquared[Int(tree.order[p])] = coreByPosition[p]
            predictionCore[Int(tree.order[p])] = predictionByPosition[p].squareRoot()
        }
        let scale = 1 / (alpha * alpha)
        let useTree = algorithm == .boruvkaKDTree || (algorithm == .automatic && d <= Self.treeDimensionLimit)
        let edges: [SpanningEdge]
        if n == 1 {
            edges = []
        } else if useTree {
            edges = BoruvkaMST(tree: tree, coreSquared: coreByPosition, scale: scale).edges()
        } else {
            edges = PrimMST(points: data.storage.map(Double.init), count: n, dimension: d,
                            coreSquared: coreSquared, scale: scale).edges()
        }
        let singleLinkage = SingleLinkageTree(edges: edges, pointCount: n)
        let condensed = CondensedTree(singleLinkage, minimumClusterSize: minimumClusterSize)
        let selection: ClusterSelection
        if condensed.rows.isEmpty {
            // One row: nothing to condense; the package cannot fit it, we call it noise.
            selection = ClusterSelection(empty: n)
        } else {
            selection = ClusterSelection(tree: condensed, method: clusterSelectionMethod,
                                         allowSingleCluster: allowSingleCluster, epsilon: clusterSelectionEpsilon,
                                         maximumClusterSize: maximumClusterSize)
        }
        return Model(configuration: self, labels: selection.labels, probabilities: selection.probabilities,
                     outlierScores: condensed.rows.isEmpty ? [Double](repeating: 0, count: n) : GLOSH.scores(condensed),
                     clusterPersistence: selection.persistence, selectedClusters: selection.selected,
                     condensedTree: condensed, singleLinkageTree: singleLinkage,
                     coreDistances: coreSquared.map { $0.squareRoot() },
                     trainingData: data, predictionCoreDistances: predictionCore)
    }
}
