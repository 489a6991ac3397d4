import Foundation
import StrataCore
import StrataNeighbors

/// Uniform Manifold Approximation and Projection: a seeded, multi-core, deterministic
/// re-implementation of umap-learn 0.5.12's `UMAP` (fit, transform).
///
/// ```swift
/// let umap = UMAP(neighborCount: 15, componentCount: 3, minimumDistance: 0.1, seed: 42)
/// let model = try umap.fit(scaled)            // model.embedding: n × 3
/// let placed = try model.transform(newRows)   // new customers into the same map
/// ```
///
/// Pipeline (see Guides/UMAP.md): kNN with self (exact below 4,096 rows, `NNDescent` above, as
/// umap-learn) → smooth kNN distances (sigma by binary search to `log2(k)`, rho from
/// `localConnectivity`) → fuzzy union with `setOpMixRatio` → `a, b` from `minimumDistance` and
/// `spread` → spectral initialisation → SGD with negative sampling (`UMAPLayout` documents the
/// deterministic parallel scheme).
///
/// Complexity: kNN O(n·k·d·iterations) (NN-descent), graph O(n·k), SGD
/// O(epochs · edges · (1 + negativeSampleRate) · componentCount); memory about
/// 40 bytes per graph edge (≈ 1.6·n·k edges) plus the data. Never n × n.
///
/// Reference: L. McInnes, J. Healy, J. Melville, "UMAP: Uniform Manifold Approximation and
/// Projection for Dimension Reduction", arXiv:1802.03426 (2018).
public struct UMAP: Codable, Hashable, Sendable {
    /// The input-space distance.
    public enum Metric: String, Codable, Hashable, Sendable, CaseIterable { case euclidean, cosine }
    /// The starting layout of the SGD.
    public enum Initialization: String, Codable, Hashable, Sendable, CaseIterable { case spectral, random }

    /// umap-learn `n_neighbors`: size of the local neighbourhood (≥ 2).
    public var neighborCount: Int
    /// umap-learn `n_components`: output dimensions (≥ 1).
    public var componentCount: Int
    /// umap-learn `min_dist`: how tightly points may pack (0 ≤ minimumDistance ≤ spread).
    public var minimumDistance: Double
    /// umap-learn `spread`: scale of the embedded points.
    public var spread: Double
    /// umap-learn `n_epochs`; nil = 500 for ≤ 10,000 rows, 200 above.
    public var epochCount: Int?
    /// umap-learn `learning_rate`: initial SGD step.
    public var learningRate: Double
    /// umap-learn `negative_sample_rate`: repulsive samples per attractive sample.
    public var negativeSampleRate: Int
    /// umap-learn `repulsion_strength` (gamma).
    public var repulsionStrength: Double
    /// umap-learn `set_op_mix_ratio`: 1 = fuzzy union, 0 = fuzzy intersection.
    public var setOpMixRatio: Double
    /// umap-learn `local_connectivity`: neighbours assumed connected (≥ 0).
    public var localConnectivity: Double
    /// umap-learn `metric`.
    public var metric: Metric
    /// umap-learn `init`.
    public var initialization: Initialization
    /// umap-learn `random_state`.
    public var seed: UInt64
    /// Below this many rows the kNN graph is exact (umap-learn: 4,096).
    public var exactNeighborThreshold: Int

    public init(neighborCount: Int = 15, componentCount: Int = 2, minimumDistance: Double = 0.1,
                spread: Double = 1, epochCount: Int? = nil, learningRate: Double = 1,
                negativeSampleRate: Int = 5, repulsionStrength: Double = 1, setOpMixRatio: Double = 1,
                localConnectivity: Double = 1, metric: Metric = .euclidean,
                initialization: Initialization = .spectral, seed: UInt64 = 0,
                exactNeighborThreshold: Int = 4096) {
        self.neighborCount = neighborCount
        self.componentCount = componentCount
        self.minimumDistance = minimumDistance
        self.spread = spread
        self.epochCount = epochCount
        self.learningRate = learningRate
        self.negativeSampleRate = negativeSampleRate
        self.repulsionStrength = repulsionStrength
        self.setOpMixRatio = setOpMixRatio
        self.localConnectivity = localConnectivity
        self.metric = metric
        self.initialization = initialization
        self.seed = seed
        self.exactNeighborThreshold = exactNeighborThreshold
    }

    /// Throws when a hyperparameter is out of range; the message names the fix.
    public func validate() throws(StrataError) {
        guard neighborCount >= 2 else { throw .invalidArgument("neighborCount must be at least 2, got \(neighborCount)") }
        guard componentCount >= 1 else { throw .invalidArgument("componentCount must be at least 1, got \(componentCount)") }
        guard spread > 0, spread.isFinite else { throw .invalidArgument("spread must be positive, got \(spread)") }
        guard minimumDistance >= 0, minimumDistance <= spread else {
            throw .invalidArgument("minimumDistance must be between 0 and spread (\(spread)), got \(minimumDistance)")
        }
        if let e = epochCount, e < 0 { throw .invalidArgument("epochCount must be ≥ 0, got \(e)") }
        guard learningRate > 0, learningRate.isFinite else { throw .invalidArgument("learningRate must be positive, got \(learningRate)") }
        guard negativeSampleRate >= 0 else { throw .invalidArgument("negativeSampleRate must be ≥ 0, got \(negativeSampleRate)") }
        guard repulsionStrength >= 0, repulsionStrength.isFinite else { throw .invalidArgument("repulsionStrength must be ≥ 0, got \(repulsionStrength)") }
        guard (0...1).contains(setOpMixRatio) else { throw .invalidArgument("setOpMixRatio must be in [0, 1], got \(setOpMixRatio)") }
        guard localConnectivity >= 0, localConnectivity.isFinite else { throw .invalidArgument("localConnectivity must be ≥ 0, got \(localConnectivity)") }
    }

    /// The `(a, b)` of the output similarity curve (umap-learn `find_ab_params`).
    public var curveParameters: (a: Double, b: Double) { UMAPCurve.fit(spread: spread, minimumDistance: minimumDistance) }

    /// Fits the embedding. `progress` receives (stage, done, total) — e.g. ("epochs", 17, 200).
    public func fit(_ data: Matrix, progress: (@Sendable (String, Int, Int) -> Void)? = nil) throws(StrataError) -> Model {
        try validate()
        try data.validateFinite()
        let n = data.rows
        guard n > neighborCount else {
            throw .notEnoughSamples("UMAP with neighborCount = \(neighborCount) needs more than \(neighborCount) rows, got \(n); lower neighborCount")
        }
        guard data.columns >= 1 else { throw .invalidArgument("data has no columns") }
        // The SGD's operation codes hold a vertex in 30 bits and an edge in 31.
        guard n < 1 << 30, n.multipliedReportingOverflow(by: 2 * neighborCount).partialValue < Int(Int32.max) else {
            throw .invalidArgument("UMAP fits at most \((Int(Int32.max) / (2 * neighborCount)).formatted()) rows with neighborCount = \(neighborCount), got \(n); fit on a sample and place the rest with transform")
        }
        progress?("neighbors", 0, n)
        let space = metric == .cosine ? data.rowsNormalizedToUnitLength() : data
        let knn = try neighbors(space)
        progress?("neighbors", n, n)
        let graph = fuzzyGraph(neighbors: knn)
        progress?("graph", 1, 1)
        let epochs = epochCount ?? (n <= 10_000 ? 500 : 200)
        let defaultEpochs = n <= 10_000 ? 500 : 200
        let maxWeight = graph.maximumWeight
        let trimmed = graph.droppingEdges(below: maxWeight / Float(epochs > 10 ? epochs : defaultEpochs))
        progress?("initialization", 0, 1)
        var embedding = initialLayout(trimmed, data: space)
        progress?("initialization", 1, 1)
        let (a, b) = curveParameters
        let layout = UMAPLayout(a: Float(a), b: Float(b), repulsionStrength: Float(repulsionStrength),
                                initialAlpha: Float(learningRate), negativeSampleRate: Float(negativeSampleRate),
                                epochCount: epochs, seed: seed)
        layout.optimize(&embedding, dimension: componentCount, graph: trimmed,
                        progress: progress.map { p in { p("epochs", $0, epochs) } })
        let result = try! Matrix(rows: n, columns: componentCount, values: embedding)
        return Model(configuration: self, embedding: result, a: a, b: b, trainingData: data, graph: graph)
    }

    /// The fitted embedding only.
    public func fitTransform(_ data: Matrix) throws(StrataError) -> Matrix { try fit(data).embedding }

    /// The kNN graph UMAP uses (self included as neighbour 0, umap-learn's convention).
    func neighbors(_ space: Matrix) throws(StrataError) -> NeighborGraph {
        var knn: NeighborGraph
        if space.rows < exactNeighborThreshold {
            knn = try ExactNeighbors(k: neighborCount, includeSelf: true).fit(space)
        } else {
            knn = try NNDescent(k: neighborCount, includeSelf: true, seed: seed).fit(space)
        }
        if metric == .cosine { knn.distances = knn.distances.map { $0 * $0 / 2 } }
        return knn
    }

    /// The symmetric fuzzy simplicial set of a kNN graph (umap-learn `fuzzy_simplicial_set`).
    public func fuzzyGraph(neighbors knn: NeighborGraph) -> FuzzyGraph {
        let (sigmas, rhos) = SmoothKNN.distances(knn.distances, count: knn.count, k: knn.k,
                                                 neighborCount: Double(neighborCount),
                                                 localConnectivity: localConnectivity)
        let directed = SmoothKNN.membershipGraph(indices: knn.indices, distances: knn.distances, count: knn.count,
                                                 k: knn.k, sigmas: sigmas, rhos: rhos, columnCount: knn.count,
                                                 bipartite: false)
        return SmoothKNN.fuzzyUnion(directed, setOpMixRatio: Float(setOpMixRatio))
    }

    func initialLayout(_ graph: FuzzyGraph, data: Matrix) -> [Float] {
        let n = graph.rowCount, dim = componentCount
        var embedding: [Float]
        let random = CounterRandom(seed: seed ^ 0x1A17)
        switch initialization {
        case .random:
            embedding = (0..<(n * dim)).map { random.unitFloat(stream: 0, counter: UInt64($0)) * 20 - 10 }
        case .spectral:
            embedding = SpectralLayout.layout(graph: graph, data: data, dimension: dim, seed: seed)
            // umap-learn noisy_scale_coords: largest |coordinate| → 10, then N(0, 1e-4) noise.
            let maxAbs = embedding.lazy.map { abs($0) }.max() ?? 0
            let expansion: Float = maxAbs > 0 ? 10 / maxAbs : 1
            for i in embedding.indices {
                let u1 = max(Double(random.unitFloat(stream: 1, counter: UInt64(2 * i))), 1e-12)
                let u2 = Double(random.unitFloat(stream: 1, counter: UInt64(2 * i + 1)))
                embedding[i] = embedding[i] * expansion + Float(1e-4 * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
            }
        }
        // umap-learn rescales every column to [0, 10] before the SGD.
        for t in 0..<dim {
            var lo = Float.infinity, hi = -Float.infinity
            for i in 0..<n { lo = min(lo, embedding[i * dim + t]); hi = max(hi, embedding[i * dim + t]) }
            let span = hi - lo
            for i in 0..<n { embedding[i * dim + t] = span > 0 ? 10 * (embedding[i * dim + t] - lo) / span : 0 }
        }
        return embedding
    }

}
