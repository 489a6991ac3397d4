import Dispatch
import StrataCore

/// Centres on the median and scales by the interquartile range, scikit-learn's `RobustScaler`.
///
/// Quantiles follow numpy's `percentile` with linear interpolation (sklearn calls
/// `np.nanpercentile`); a zero range gives scale 1. With `unitVariance`, the scale is divided by
/// `Φ⁻¹(upper/100) − Φ⁻¹(lower/100)` so normal data ends with variance 1. Each column is copied
/// once and its order statistics found by selection (O(n) on average, not a sort); columns are
/// spread over the cores.
///
/// ```swift
/// let model = try RobustScaler().fit(data)            // median, IQR 25–75
/// let scaled = try model.transform(data)
/// ```
///
/// | scikit-learn | Strata |
/// |---|---|
/// | `with_centering`, `with_scaling` | `withCentering`, `withScaling` |
/// | `quantile_range=(25.0, 75.0)` | `lowerQuantile: 25, upperQuantile: 75` |
/// | `unit_variance` | `unitVariance` |
/// | `center_`, `scale_` | `center`, `scale` |
///
/// Complexity: fit O(n·d) average time, O(n) extra memory per core. NaN input throws (sklearn
/// would ignore NaN; Strata asks you to impute first).
public struct RobustScaler: Codable, Hashable, Sendable {
    public var withCentering: Bool
    public var withScaling: Bool
    public var lowerQuantile: Double
    public var upperQuantile: Double
    public var unitVariance: Bool

    public init(withCentering: Bool = true, withScaling: Bool = true, lowerQuantile: Double = 25,
                upperQuantile: Double = 75, unitVariance: Bool = false) {
        self.withCentering = withCentering
        self.withScaling = withScaling
        self.lowerQuantile = lowerQuantile
        self.upperQuantile = upperQuantile
        self.unitVariance = unitVariance
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        guard 0 <= lowerQuantile, lowerQuantile <= upperQuantile, upperQuantile <= 100 else {
            throw .invalidArgument("RobustScaler needs 0 <= lowerQuantile <= upperQuantile <= 100, got \(lowerQuantile) and \(upperQuantile)")
        }
        guard data.rows > 0 else { throw .notEnoughSamples("RobustScaler needs at least one row") }
        try validateFiniteParallel(data)
        let columns = data.columns
        let rows = data.rows
        let percents = [50, lowerQuantile, upperQuantile]
        let results = ResultSlots<[Double]>(count: columns)
        // Groups of up to 8 columns are copied out in one pass over the rows (one pass per column
        // would read every cache line of the matrix once per column).
        let group = 8
        let groups = (columns + group - 1) / group
        Parallel.perform(iterations: groups) { g in
            let first = g * group
            let width = Swift.min(group, columns - first)
            var block = [Float](repeating: 0, count: width * rows)   // column-major copy of the group
            data.storage.withUnsafeBufferPointer { s in
                block.withUnsafeMutableBufferPointer { out in
                    for r in 0..<rows {
                        let row = s.baseAddress! + (r &* columns &+ first)
                        for k in 0..<width { out[k &* rows &+ r] = row[k] }
                    }
                }
            }
            block.withUnsafeMutableBufferPointer { b in
                for k in 0..<width {
                    let column = UnsafeMutableBufferPointer(rebasing: b[(k * rows)..<((k + 1) * rows)])
                    results[first + k] = Quantiles.percentiles(column, percents)
                }
            }
        }
        let quantiles = results.values()
        var scale = quantiles.map { q -> Double in
            let range = q[2] - q[1]
            return range < 10 * Double.ulpOfOne ? 1 : range
        }
        if unitVariance {
            let normalRange = NormalDistribution.quantile(upperQuantile / 100) - NormalDistribution.quantile(lowerQuantile / 100)
            scale = scale.map { $0 / normalRange }
        }
        return Model(withCentering: withCentering, withScaling: withScaling,
                     center: quantiles.map { $0[0] }, scale: scale)
    }

    public func fitTransform(_ data: Matrix) throws(StrataError) -> Matrix {
        try fit(data).transform(data)
    }

    /// A fitted robust scaler.
    public struct Model: FeatureTransform, Codable, Hashable, Sendable {
        public let withCentering: Bool
        public let withScaling: Bool
        /// Column medians (sklearn `center_`).
        public let center: [Double]
        /// Column quantile ranges, 1 where the range is zero (sklearn `scale_`).
        public let scale: [Double]

        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: center.count, model: "RobustScaler")
            let shift = withCentering ? center : [Double](repeating: 0, count: center.count)
            let divisor = withScaling ? scale : [Double](repeating: 1, count: center.count)
            return affine(data, shift: shift, divisor: divisor)
        }

        public func inverseTransform(_ data: Matrix) throws(StrataError) -> Matrix {
            try checkInput(data, columns: center.count, model: "RobustScaler")
            let shift = withCentering ? center : [Double](repeating: 0, count: center.count)
            let factor = withScaling ? scale : [Double](repeating: 1, count: center.count)
            return multiplyAdd(data, factor: factor, offset: shift)
        }
    }
}
