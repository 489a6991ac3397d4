import StrataCore

/// Standardises each column: `(x − mean) / std`, scikit-learn's `StandardScaler`.
///
/// The standard deviation is the population one (ddof = 0); a column whose variance is within
/// rounding error of zero (sklearn's `_is_constant_feature`) gets scale 1, so it becomes all
/// zeros instead of NaN. Statistics are accumulated in `Double` over chunks of rows on all cores.
///
/// ```swift
/// let model = try StandardScaler().fit(table.matrix)
/// let scaled = try model.transform(table)            // FeatureTable, names and ids kept
/// let back = try model.inverseTransform(scaled.matrix)
/// ```
///
/// | scikit-learn | Strata |
/// |---|---|
/// | `with_mean`, `with_std` | `withMean`, `withStd` |
/// | `mean_`, `var_`, `scale_`, `n_samples_seen_` | `mean`, `variance`, `scale`, `sampleCount` |
///
/// Complexity: fit O(n·d) in two passes, transform O(n·d). NaN/∞ input throws naming row and column.
public struct StandardScaler: Codable, Hashable, Sendable {
    /// Subtract the column mean.
    public var withMean: Bool
    /// Divide by the column's population standard deviation.
    public var withStd: Bool

    public init(withMean: Bool = true, withStd: Bool = true) {
        self.withMean = withMean
        self.withStd = withStd
    }

    /// Learns each column's mean and variance.
    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        let stats = try ColumnStatistics(data)
        let constant = stats.constantColumns
        let scale = zip(stats.variance, constant).map { v, isConstant in
            let s = v.squareRoot()
            return isConstant || s < 10 * Double.ulpOfOne ? 1 : s
        }
        return Model(withMean: withMean, withStd: withStd, mean: stats.mean, variance: stats.variance,
                     scale: scale, sampleCount: stats.count)
    }

    /// `fit(data).transform(data)`.
    public func fitTransform(_ data: Matrix) throws(StrataError) -> Matrix {
        try fit(data).transform(data)
    }

    /// A fitted standard scaler.
    public struct Model: FeatureTransform, Codable, Hashable, Sendable {
        public let withMean: Bool
        public let withStd: Bool
        /// Column means (sklearn `mean_`).
        public let mean: [Double]
        /// Column population variances (sklearn `var_`).
        public let variance: [Double]
        /// Column divisors: the standard deviation, or 1 for constant columns (sklearn `scale_`).
        public let scale: [Double]
        /// Rows seen by `fit`.
        public let sampleCount: Int

        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: mean.count, model: "StandardScaler")
            let shift = withMean ? mean : [Double](repeating: 0, count: mean.count)
            let divisor = withStd ? scale : [Double](repeating: 1, count: mean.count)
            return affine(data, shift: shift, divisor: divisor)
        }

        /// Maps standardised values back to the original units.
        public func inverseTransform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: mean.count, model: "StandardScaler")
            let shift = withMean ? mean : [Double](repeating: 0, count: mean.count)
            let factor = withStd ? scale : [Double](repeating: 1, count: mean.count)
            return multiplyAdd(data, factor: factor, offset: shift)
        }
    }
}
