import StrataCore
import StrataNeighbors

extension DBSCAN {
    /// A fitted DBSCAN: training labels, core rows and their coordinates, for `predict`.
    public struct Model: ClusteringModel, Codable, Hashable, Sendable {
        /// The radius the model was fitted with.
        public let epsilon: Float
        /// One label per training row: clusters 0, 1, … in discovery order, -1 = noise.
        public let labels: [Int]
        /// Training rows that are core points, ascending (scikit-learn's `core_sample_indices_`).
        public let coreSampleIndices: [Int]
        /// The core rows' coordinates, in `coreSampleIndices` order (scikit-learn's `components_`).
        public let components: Matrix

        /// Number of clusters found (noise excluded).
        public var clusterCount: Int { (labels.max() ?? -1) + 1 }

        /// Labels for new rows: the label of the nearest core point if it lies within `epsilon`
        /// (ties: the lower core row), else -1. scikit-learn's DBSCAN has no `predict`; this is
        /// the usual extension (a new row joins the cluster whose core would have reached it).
        public func predict(_ data: Matrix) throws(StrataError) -> [Int] {
            try data.validateFinite()
            guard data.columns == components.columns else {
                throw .dimensionMismatch("new data has \(data.columns) columns, the model was fitted on \(components.columns)")
            }
            // A model read from a file must hold together before its indices are followed.
            guard coreSampleIndices.count == components.rows,
                  coreSampleIndices.allSatisfy({ $0 >= 0 && $0 < labels.count }) else {
                throw .invalidArgument("the DBSCAN model is inconsistent: \(coreSampleIndices.count) core rows for \(components.rows) core coordinates, indices must lie in 0..<\(labels.count)")
            }
            guard components.rows > 0 else { return [Int](repeating: -1, count: data.rows) }
            let tree = try KDTree(components)
            let graph = try tree.nearest(1, of: data)
            let eps2 = Double(epsilon) * Double(epsilon)
            var out = [Int](repeating: -1, count: data.rows)
            for i in 0..<data.rows {
                let core = Int(graph.indices[i])
                var exact = 0.0
                for c in 0..<data.columns {
                    let v = Double(data[i, c]) - Double(components[core, c])
                    exact += v * v
                }
                if exact <= eps2 { out[i] = labels[coreSampleIndices[core]] }
            }
            return out
        }
    }
}
