import Foundation
import StrataCore
import StrataNeighbors

extension UMAP {
    /// A fitted UMAP: the embedding, the curve parameters and what `transform` needs.
    ///
    /// ```swift
    /// let model = try UMAP(seed: 1).fit(data)
    /// try model.write(to: url, includeTrainingData: false)   // compact: no raw rows, no transform
    /// ```
    /// `transform` needs the training rows (new points are joined to their k nearest training
    /// rows); a model saved compactly keeps only the configuration, `a`, `b` and the embedding.
    public struct Model: Codable, Hashable, Sendable {
        /// The configuration that produced this model.
        public let configuration: UMAP
        /// The fitted coordinates, `rows × componentCount`.
        public let embedding: Matrix
        /// The fitted curve parameters.
        public let a: Double
        public let b: Double
        /// The training rows (needed by `transform`); nil in a compact model.
        public let trainingData: Matrix?
        /// The symmetric fuzzy graph before epoch trimming (umap-learn `graph_`); not saved to files.
        public let graph: FuzzyGraph?

        public init(configuration: UMAP, embedding: Matrix, a: Double, b: Double, trainingData: Matrix?, graph: FuzzyGraph?) {
            self.configuration = configuration
            self.embedding = embedding
            self.a = a
            self.b = b
            self.trainingData = trainingData
            self.graph = graph
        }

        /// Whether `transform` is available (the training rows are kept).
        public var canTransform: Bool { trainingData != nil }

        /// The same model without training rows and graph: small, but `transform` then throws.
        public func compacted() -> Model {
            Model(configuration: configuration, embedding: embedding, a: a, b: b, trainingData: nil, graph: nil)
        }

        /// Places new rows into the fitted embedding (umap-learn `UMAP.transform`).
        ///
        /// Each new row is joined to its `neighborCount` nearest training rows (exact search),
        /// weighted by smooth-kNN memberships with `localConnectivity − 1`, started at the weighted
        /// mean of those rows' positions and optimised for `epochCount / 3` epochs (100 when
        /// `epochCount` is nil) at learning rate `learningRate / 4` against the fixed training
        /// embedding. Batch independence: weights are scaled by each row's own maximum (umap-learn
        /// uses the batch maximum), the sigma floor uses the row's mean distance, and each row's
        /// negative samples come from a stream keyed by its coordinates — so a row lands at the
        /// same place whatever else is in the batch.
        public func transform(_ points: Matrix) throws(StrataError) -> Matrix {
            guard let training = trainingData else {
                throw .invalidArgument("this UMAP model was saved without its training data; transform needs it — refit, or save with includeTrainingData: true")
            }
            // A model decoded from a damaged file may disagree with itself: refuse it before sizing anything by it.
            guard embedding.columns == configuration.componentCount, embedding.rows == training.rows else {
                throw .invalidArgument("this UMAP model is inconsistent: a \(embedding.rows)×\(embedding.columns) embedding for \(training.rows) training rows and \(configuration.componentCount) components")
            }
            guard points.columns == training.columns else {
                throw .dimensionMismatch("new points have \(points.columns) columns, the model was fitted on \(training.columns)")
            }
            try points.validateFinite()
            let m = points.rows, dim = configuration.componentCount
            if m == 0 { return Matrix(rows: 0, columns: dim) }
            // Each row is placed on its own (batch independence), so a huge batch can be split.
            guard m.multipliedReportingOverflow(by: configuration.neighborCount).partialValue < Int(Int32.max) else {
                throw .invalidArgument("transform places at most \((Int(Int32.max) / configuration.neighborCount).formatted()) rows per call with neighborCount = \(configuration.neighborCount), got \(m); split the batch (each row lands where it would alone)")
            }
            let config = configuration
            let cosine = config.metric == .cosine
            let queries = cosine ? points.rowsNormalizedToUnitLength() : points
            let reference = cosine ? training.rowsNormalizedToUnitLength() : training
            let k = min(config.neighborCount, training.rows)
            var knn = try ExactNeighbors(k: k).query(queries, in: reference)
            if cosine { knn.distances = knn.distances.map { $0 * $0 / 2 } }
            let (sigmas, rhos) = Self.transformScales(knn.distances, rows: m, k: k, neighborCount: config.neighborCount,
                                                      localConnectivity: max(0, config.localConnectivity - 1))
            let graph = SmoothKNN.membershipGraph(indices: knn.indices, distances: knn.distances, count: m, k: k,
                                                  sigmas: sigmas, rhos: rhos, columnCount: training.rows, bipartite: true)
            var start = initialPositions(graph, firstNeighbors: knn.indices, k: k)
            // Per-row normalisation (batch independence), then umap-learn's trimming and schedule.
            let epochs = config.epochCount.map { $0 / 3 } ?? 100
            let trimmed = Self.normalizedPerRow(graph).droppingEdges(below: 1 / Float(max(epochs, 1)))
            let streams = Self.rowStreams(points, seed: config.seed)
            let layout = UMAPLayout(a: Float(a), b: Float(b), repulsionStrength: Float(config.repulsionStrength),
                                    initialAlpha: Float(config.learningRate / 4),
                                    negativeSampleRate: Float(config.negativeSampleRate),
                                    epochCount: epochs, seed: config.seed)
            layout.optimize(&start, dimension: dim, graph: trimmed, tails: embedding.storage, streams: streams)
            return try Matrix(rows: m, columns: dim, values: start)
        }
    }
}
