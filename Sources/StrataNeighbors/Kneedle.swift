/// The Kneedle knee/elbow detector, matching the `kneed` package 0.9.0 (`KneeLocator`) with
/// `curve="convex"`, `direction="increasing"`, `interp_method="interp1d"`, `online=False` and
/// sensitivity `S`, on `x = 0, 1, …, n−1`.
///
/// ```swift
/// let knee = Kneedle.convexIncreasingKnee([0.1, 0.1, 0.12, 0.15, 0.4, 1.3])   // an index or nil
/// ```
///
/// The steps are kneed's, in Double: normalise x and y to [0, 1]; for a convex increasing curve
/// flip it (`y ← reverse(1 − y)`, `x ← reverse(1 − x)`); the difference curve `y − x`; its local
/// maxima and minima as `scipy.signal.argrelextrema` (`>=` / `<=` against both neighbours,
/// clipped at the ends); thresholds `Tmx = max − S · mean(diff(x))`; walk the curve from the
/// first maximum and return the first point whose successor drops below the current threshold
/// (a minimum resets the threshold to 0 and pauses detection until the next maximum). The knee is
/// reported on the original curve, at index `n − 1 − thresholdIndex`.
///
/// Complexity O(n) (kneed's own loop is O(n · maxima)). Reference: Satopää, Albrecht, Irwin,
/// Raghavan, "Finding a 'Kneedle' in a Haystack", ICDCS Workshops 2011.
public enum Kneedle {
    /// The knee index of an increasing convex curve `y` (x = 0…n−1), or nil when there is none.
    public static func convexIncreasingKnee(_ y: [Double], sensitivity: Double = 1.0) -> Int? {
        let n = y.count
        guard n >= 2, let yMin = y.min(), let yMax = y.max(), yMax > yMin else { return nil }
        let xRange = Double(n - 1)
        // kneed: y_normalized = transform(normalize(y)) = flip(max - y_norm), x_normalized = flip(1 - x_norm).
        var yNorm = [Double](repeating: 0, count: n)
        for i in 0..<n { yNorm[i] = (y[i] - yMin) / (yMax - yMin) }
        let yNormMax = yNorm.max()!
        var diff = [Double](repeating: 0, count: n)
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let j = n - 1 - i
            x[i] = 1 - Double(j) / xRange
            diff[i] = (yNormMax - yNorm[j]) - x[i]
        }
        var isMax = [Bool](repeating: false, count: n)
        var isMin = [Bool](repeating: false, count: n)
        var firstMax = -1
        for i in 0..<n {
            let a = diff[Swift.max(i - 1, 0)], b = diff[Swift.min(i + 1, n - 1)], v = diff[i]
            isMax[i] = v >= a && v >= b
            isMin[i] = v <= a && v <= b
            if isMax[i] && firstMax < 0 { firstMax = i }
        }
        guard firstMax >= 0 else { return nil }
        var step = 0.0
        for i in 0..<(n - 1) { step += x[i + 1] - x[i] }
        let shift = sensitivity * Swift.abs(step / Double(n - 1))
        var threshold = 0.0
        var thresholdIndex = 0
        var active = true
        for i in firstMax..<(n - 1) {
            if isMax[i] {
                threshold = diff[i] - shift
                thresholdIndex = i
                active = true
            }
            if isMin[i] {
                threshold = 0
                active = false
            }
            if active && diff[i + 1] < threshold {
                return n - 1 - thresholdIndex
            }
        }
        return nil
    }
}
