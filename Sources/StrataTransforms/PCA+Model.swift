import StrataCore

extension PCA {
    /// A fitted PCA: mean, components and the variance they explain (sklearn's fitted attributes).
    ///
    /// ```swift
    /// let model = try PCA(componentCount: 2).fit(data)
    /// let y = try model.transform(data)          // n × 2
    /// let back = try model.inverseTransform(y)   // n × d, the rank-2 reconstruction
    /// ```
    /// Codable: save it as JSON and reload it to project new customers the same way.
    public struct Model: Codable, Hashable, Sendable {
        /// Per-feature mean of the training data (sklearn `mean_`).
        public let mean: [Double]
        /// Unit-length principal axes, one row per component (sklearn `components_`).
        public let components: [[Double]]
        /// Variance along each component, ddof = 1 (sklearn `explained_variance_`).
        public let explainedVariance: [Double]
        /// Share of the total variance along each component (sklearn `explained_variance_ratio_`).
        public let explainedVarianceRatio: [Double]
        /// Singular values of the centred data (sklearn `singular_values_`).
        public let singularValues: [Double]
        /// Mean variance of the discarded directions (sklearn `noise_variance_`).
        public let noiseVariance: Double
        /// Training rows (sklearn `n_samples_`).
        public let sampleCount: Int
        /// One name per input column.
        public let featureNames: [String]
        /// Whether projections are scaled to unit variance.
        public let whiten: Bool
        /// The solver that produced the components.
        public let solver: PCA.Solver

        public var componentCount: Int { components.count }
        public var featureCount: Int { mean.count }

        /// `loadings[j][f]` = component j's weight on feature f times √(explained variance j):
        /// the covariance between feature f and the component's score, comparable across
        /// components (for standardized inputs, the correlation).
        public var loadings: [[Double]] {
            zip(components, explainedVariance).map { row, variance in row.map { $0 * variance.squareRoot() } }
        }

        /// The `count` features with the largest |loading| on `component`, largest first.
        public func topFeatures(component: Int, count: Int = 5) -> [FeatureLoading] {
            guard component >= 0, component < componentCount else { return [] }
            let row = loadings[component]
            return row.indices.sorted { abs(row[$0]) > abs(row[$1]) || (abs(row[$0]) == abs(row[$1]) && $0 < $1) }
                .prefix(Swift.max(0, count))
                .map { FeatureLoading(feature: featureNames[$0], featureIndex: $0, component: component, loading: row[$0]) }
        }

        /// Projects rows onto the components: `(x − mean) · componentsᵀ`, divided by
        /// √(explained variance) when whitening (a zero-variance component projects to 0).
        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            guard data.columns == featureCount else {
                throw .dimensionMismatch("PCA.transform: the model was fitted on \(featureCount) columns, got \(data.columns)")
            }
            let d = featureCount, k = componentCount
            // Components feature-major in groups of 16 lanes: each row costs d broadcast FMAs per
            // group instead of k separate dot products with horizontal sums.
            let groups = (k + 15) / 16, width = groups * 16
            var axes = [Float](repeating: 0, count: d * width)
            for j in 0..<k { for f in 0..<d { axes[f * width + j] = Float(components[j][f]) } }
            var scale = [Float](repeating: 0, count: width)
            for j in 0..<k { scale[j] = whiten ? (explainedVariance[j] > 0 ? Float(1 / explainedVariance[j].squareRoot()) : 0) : 1 }
            let (out, sawNonFinite) = PCAProjection.project(data, center: mean.map(Float.init), axes: axes,
                                                            scale: scale, components: k)
            // A NaN or infinite cell always makes its row's output non-finite, so the input is
            // scanned (to name the cell) only then; finite inputs that overflow pass through.
            if sawNonFinite { try data.validateFinite() }
            return out
        }

        /// Maps projections back to feature space: `y · components + mean` (undoing whitening).
        public func inverseTransform(_ projection: Matrix) throws(StrataError) -> Matrix {
            guard projection.columns == componentCount else {
                throw .dimensionMismatch("PCA.inverseTransform: the model has \(componentCount) components, got \(projection.columns) columns")
            }
            try projection.validateFinite()
            let n = projection.rows, d = featureCount, k = componentCount
            let scale = explainedVariance.map { whiten ? $0.squareRoot() : 1 }
            var out = Matrix(rows: n, columns: d)
            for i in 0..<n {
                for f in 0..<d {
                    var s = mean[f]
                    for j in 0..<k { s += Double(projection.storage[i * k + j]) * scale[j] * components[j][f] }
                    out.storage[i * d + f] = Float(s)
                }
            }
            return out
        }
    }
}

extension PCA.Model {
    /// Decodes a saved model and checks it the way `fit(_:)` shapes one: `d ≥ 1` features
    /// (mean and names), `k ≥ 1` components of `d` finite weights each, `k` finite non-negative
    /// variances, ratios and singular values. A damaged or hand-edited file is a decoding error
    /// naming the field, never a model whose `transform` traps or returns NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mean = try c.decode([Double].self, forKey: .mean)
        let components = try c.decode([[Double]].self, forKey: .components)
        let explainedVariance = try c.decode([Double].self, forKey: .explainedVariance)
        let explainedVarianceRatio = try c.decode([Double].self, forKey: .explainedVarianceRatio)
        let singularValues = try c.decode([Double].self, forKey: .singularValues)
        let noiseVariance = try c.decode(Double.self, forKey: .noiseVariance)
        let sampleCount = try c.decode(Int.self, forKey: .sampleCount)
        let featureNames = try c.decode([String].self, forKey: .featureNames)
        let whiten = try c.decode(Bool.self, forKey: .whiten)
        let solver = try c.decode(PCA.Solver.self, forKey: .solver)
        func check(_ ok: Bool, _ key: CodingKeys, _ why: String) throws {
            if !ok { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: why) }
        }
        let d = mean.count, k = components.count
        try check(d >= 1 && mean.allSatisfy(\.isFinite), .mean, "the mean needs at least one finite value per feature")
        try check(featureNames.count == d, .featureNames, "\(featureNames.count) feature names for \(d) features")
        try check(k >= 1 && components.allSatisfy { $0.count == d && $0.allSatisfy(\.isFinite) }, .components,
                  "every one of the \(k) components needs \(d) finite weights")
        for (values, key) in [(explainedVariance, CodingKeys.explainedVariance), (explainedVarianceRatio, .explainedVarianceRatio),
                              (singularValues, .singularValues)] {
            try check(values.count == k && values.allSatisfy { $0.isFinite && $0 >= 0 }, key,
                      "needs \(k) finite non-negative values, one per component")
        }
        try check(noiseVariance.isFinite, .noiseVariance, "must be finite")
        try check(sampleCount >= 0, .sampleCount, "must not be negative")
        self.init(mean: mean, components: components, explainedVariance: explainedVariance,
                  explainedVarianceRatio: explainedVarianceRatio, singularValues: singularValues,
                  noiseVariance: noiseVariance, sampleCount: sampleCount, featureNames: featureNames,
                  whiten: whiten, solver: solver)
    }
}
