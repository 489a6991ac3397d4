import StrataCore

extension MiniBatchKMeans {
    /// A fitted mini-batch k-means: centres, labels of all training rows and their inertia.
    ///
    /// ```swift
    /// let model = try MiniBatchKMeans(clusterCount: 5).fit(data)
    /// try model.predict(newRows)
    /// ```
    public struct Model: ClusteringModel, Codable, Hashable, Sendable {
        /// The cluster centres, one row per cluster (sklearn `cluster_centers_`).
        public let centers: Matrix
        /// Nearest centre of every training row after the last batch (sklearn `labels_`).
        public let labels: [Int]
        /// Σ squared distance of every training row to its centre (sklearn `inertia_`).
        public let inertia: Double
        /// Passes over the data, rounded up (sklearn `n_iter_`).
        public let iterationCount: Int
        /// Batches processed (sklearn `n_steps_`).
        public let stepCount: Int

        public init(centers: Matrix, labels: [Int], inertia: Double, iterationCount: Int, stepCount: Int) {
            self.centers = centers
            self.labels = labels
            self.inertia = inertia
            self.iterationCount = iterationCount
            self.stepCount = stepCount
        }

        /// The same centres as a ``KMeans/Model`` (for `transform` and friends).
        public var kMeansModel: KMeans.Model {
            KMeans.Model(centers: centers, labels: labels, inertia: inertia, iterationCount: iterationCount)
        }

        /// The nearest centre for each row (first centre on ties).
        public func predict(_ data: Matrix) throws(StrataError) -> [Int] { try kMeansModel.predict(data) }

        /// Euclidean distance of every row to every centre: an n × k matrix.
        public func transform(_ data: Matrix) throws(StrataError) -> Matrix { try kMeansModel.transform(data) }
    }
}
