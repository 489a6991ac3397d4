import StrataCore

extension KMeans {
    /// A fitted k-means clustering: centres, training labels and inertia.
    ///
    /// ```swift
    /// let model = try KMeans(clusterCount: 3).fit(data)
    /// let distances = try model.transform(data)   // n × 3 Euclidean distances
    /// ```
    ///
    /// `predict` and `transform` cost O(n · k · d) and run on all cores.
    public struct Model: ClusteringModel, Codable, Hashable, Sendable {
        /// The cluster centres, one row per cluster (sklearn `cluster_centers_`).
        public let centers: Matrix
        /// The cluster of each training row, consistent with `centers` (sklearn `labels_`).
        public let labels: [Int]
        /// Σ squared Euclidean distance of each training row to its centre (sklearn `inertia_`).
        public let inertia: Double
        /// Iterations of the winning run (sklearn `n_iter_`).
        public let iterationCount: Int

        public init(centers: Matrix, labels: [Int], inertia: Double, iterationCount: Int) {
            self.centers = centers
            self.labels = labels
            self.inertia = inertia
            self.iterationCount = iterationCount
        }

        /// Number of clusters.
        public var clusterCount: Int { centers.rows }

        /// The nearest centre for each row (first centre on ties, as sklearn).
        public func predict(_ data: Matrix) throws(StrataError) -> [Int] {
            try checkColumns(data)
            let centersDouble = centers.storage.map(Double.init)
            let labels = KMeansKernels.assign(data, centers: centersDouble, clusterCount: clusterCount)
            return labels.map(Int.init)
        }

        /// Σ squared distance of `data` to its nearest centres (sklearn's `-score(X)`).
        public func inertia(of data: Matrix) throws(StrataError) -> Double {
            try checkColumns(data)
            let centersDouble = centers.storage.map(Double.init)
            let labels = KMeansKernels.assign(data, centers: centersDouble, clusterCount: clusterCount)
            return KMeansKernels.inertia(data, centers: centersDouble, labels: labels)
        }

        /// Euclidean distance of every row to every centre: an n × k matrix (sklearn `transform`).
        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkColumns(data)
            var out = Matrix(rows: data.rows, columns: clusterCount)
            let k = clusterCount, d = data.columns
            data.storage.withUnsafeBufferPointer { x in
                centers.storage.withUnsafeBufferPointer { c in
                    out.storage.withUnsafeMutableBufferPointer { o in
                        let xp = x.baseAddress!, cp = c.baseAddress!, op = SendablePointer(o.baseAddress!)
                        nonisolated(unsafe) let xs = xp, cs = cp
                        Parallel.forEachChunk(count: data.rows, minimumChunk: 2048) { _, range in
                            for i in range {
                                for j in 0..<k {
                                    op[i &* k &+ j] = Float(Distance.squaredEuclideanDouble(xs + i &* d, cs + j &* d, count: d).squareRoot())
                                }
                            }
                        }
                    }
                }
            }
            return out
        }

        func checkColumns(_ data: Matrix) throws(StrataError) {
            guard data.columns == centers.columns else {
                throw .dimensionMismatch("the model was fitted on \(centers.columns) features but the data has \(data.columns) columns")
            }
            try data.validateFinite()
        }
    }
}
