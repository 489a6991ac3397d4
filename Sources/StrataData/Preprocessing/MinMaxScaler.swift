import StrataCore

/// Maps each column linearly onto `[minimum, maximum]`, scikit-learn's `MinMaxScaler`.
///
/// `scale = (maximum − minimum) / (dataMax − dataMin)` (a zero range counts as 1, as sklearn's
/// `_handle_zeros_in_scale`), `offset = minimum − dataMin · scale`, `x' = x · scale + offset`.
/// With `clip`, transformed values are clipped to the range (for new data outside the fit range).
///
/// ```swift
/// let model = try MinMaxScaler(minimum: -1, maximum: 1).fit(data)
/// let scaled = try model.transform(data)
/// ```
///
/// | scikit-learn | Strata |
/// |---|---|
/// | `feature_range=(a, b)`, `clip` | `minimum: a, maximum: b`, `clip` |
/// | `data_min_`, `data_max_`, `data_range_`, `scale_`, `min_` | `dataMinimum`, `dataMaximum`, `dataRange`, `scale`, `offset` |
///
/// Complexity: fit O(n·d), transform O(n·d). NaN/∞ input throws naming row and column.
public struct MinMaxScaler: Codable, Hashable, Sendable {
    public var minimum: Double
    public var maximum: Double
    public var clip: Bool

    public init(minimum: Double = 0, maximum: Double = 1, clip: Bool = false) {
        self.minimum = minimum
        self.maximum = maximum
        self.clip = clip
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        guard minimum < maximum, minimum.isFinite, maximum.isFinite else {
            throw .invalidArgument("MinMaxScaler needs minimum < maximum (finite), got \(minimum) and \(maximum)")
        }
        let stats = try ColumnStatistics(data, variance: false)
        let low = stats.minimum.map(Double.init)
        let high = stats.maximum.map(Double.init)
        let range = zip(low, high).map { $1 - $0 }
        let scale = range.map { r in (maximum - minimum) / (r < 10 * Double.ulpOfOne ? 1 : r) }
        let offset = zip(low, scale).map { minimum - $0 * $1 }
        return Model(minimum: minimum, maximum: maximum, clip: clip, dataMinimum: low, dataMaximum: high,
                     dataRange: range, scale: scale, offset: offset)
    }

    public func fitTransform(_ data: Matrix) throws(StrataError) -> Matrix {
        try fit(data).transform(data)
    }

    /// A fitted min-max scaler.
    public struct Model: FeatureTransform, Codable, Hashable, Sendable {
        public let minimum: Double
        public let maximum: Double
        public let clip: Bool
        public let dataMinimum: [Double]
        public let dataMaximum: [Double]
        public let dataRange: [Double]
        public let scale: [Double]
        public let offset: [Double]

        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: scale.count, model: "MinMaxScaler")
            let y = multiplyAdd(data, factor: scale, offset: offset)
            guard clip else { return y }
            let (low, high) = (Float(minimum), Float(maximum))
            return mapElements(y) { v, _ in Swift.min(high, Swift.max(low, v)) }
        }

        public func inverseTransform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: scale.count, model: "MinMaxScaler")
            return affine(data, shift: offset, divisor: scale)
        }
    }
}
