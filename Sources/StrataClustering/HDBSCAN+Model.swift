import StrataCore

extension HDBSCAN {
    /// A fitted HDBSCAN clustering (the hdbscan package's fitted attributes, with
    /// `prediction_data=True`).
    ///
    /// ```swift
    /// let model = try HDBSCAN(minimumClusterSize: 10).fit(data)
    /// model.clusterCount, model.labels, model.probabilities, model.outlierScores
    /// let (labels, strengths) = try model.approximatePredict(newRows)
    /// ```
    /// The model keeps the training rows and their core distances (O(n·d)) for `approximatePredict`.
    public struct Model: ClusteringModel, Codable, Hashable, Sendable {
        /// The configuration that produced this model.
        public let configuration: HDBSCAN
        /// One label per training row, `0..<clusterCount`; `-1` = noise (`labels_`).
        public let labels: [Int]
        /// Membership strength of each row in its cluster, 0 for noise (`probabilities_`).
        public let probabilities: [Double]
        /// GLOSH outlier score of each row (`outlier_scores_`); see `GLOSH` for the one deviation.
        public let outlierScores: [Double]
        /// Persistence of each selected cluster, by label (`cluster_persistence_`).
        public let clusterPersistence: [Double]
        /// Condensed-tree id of each selected cluster, by label.
        public let selectedClusters: [Int]
        /// `condensed_tree_`.
        public let condensedTree: CondensedTree
        /// `single_linkage_tree_`.
        public let singleLinkageTree: SingleLinkageTree
        /// Each row's core distance: distance to its `minSamples`-th other row.
        public let coreDistances: [Double]
        /// The rows clustered (needed by ``approximatePredict(_:)``).
        public let trainingData: Matrix
        /// Core distances as the package's `PredictionData` computes them: distance to the
        /// `minSamples`-th row counting the row itself.
        let predictionCoreDistances: [Double]

        /// Number of clusters found.
        public var clusterCount: Int { selectedClusters.count }
        /// Share of training rows labelled noise.
        public var noiseFraction: Double {
            labels.isEmpty ? 0 : Double(labels.lazy.filter { $0 < 0 }.count) / Double(labels.count)
        }
        /// Rows per cluster, by label.
        public var clusterSizes: [Int] {
            var sizes = [Int](repeating: 0, count: clusterCount)
            for l in labels where l >= 0 { sizes[l] += 1 }
            return sizes
        }

        /// Labels of new rows by ``approximatePredict(_:)``.
        public func predict(_ data: Matrix) throws(StrataError) -> [Int] {
            try approximatePredict(data).labels
        }
    }
}
