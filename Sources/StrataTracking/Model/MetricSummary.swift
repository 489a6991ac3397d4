/// Running summary of one metric series: count, min, max, mean, population standard deviation
/// and the last value — the `metric_summaries` row.
///
/// ```swift
/// var summary = MetricSummary()
/// for (step, value) in [0.4, 0.5, 0.45].enumerated() { summary.add(value, step: step, timestamp: 0) }
/// summary.average   // 0.45
/// summary.last      // 0.45 (highest step)
/// ```
///
/// Updated in O(1) per point with Welford's algorithm (B. P. Welford, "Note on a method for
/// calculating corrected sums of squares and products", Technometrics 4(3), 1962), so it is
/// never recomputed by scanning the series. `last` is the value of the point with the highest
/// step; ties go to the latest timestamp, then to the latest arrival; a missing step ranks lowest.
public struct MetricSummary: Sendable, Hashable, Codable {
    public var count: Int
    public var minimum: Double
    public var maximum: Double
    /// Running mean.
    public var average: Double
    /// Welford's running sum of squared deviations from the mean.
    public var m2: Double
    public var last: Double
    public var lastStep: Int?
    public var lastTimestamp: Double

    public init() {
        count = 0; minimum = .infinity; maximum = -.infinity; average = 0; m2 = 0
        last = .nan; lastStep = nil; lastTimestamp = -.infinity
    }

    public init(count: Int, minimum: Double, maximum: Double, average: Double, m2: Double,
                last: Double, lastStep: Int?, lastTimestamp: Double) {
        self.count = count; self.minimum = minimum; self.maximum = maximum; self.average = average
        self.m2 = m2; self.last = last; self.lastStep = lastStep; self.lastTimestamp = lastTimestamp
    }

    /// Population standard deviation, `sqrt(m2 / count)` (NumPy's `std` with `ddof=0`).
    public var standardDeviation: Double { count > 0 ? (max(m2, 0) / Double(count)).squareRoot() : 0 }

    /// Folds one point in; `value` must be finite (callers validate first).
    public mutating func add(_ value: Double, step: Int?, timestamp: Double) {
        count += 1
        let delta = value - average
        average += delta / Double(count)
        m2 += delta * (value - average)
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        if count == 1 || Self.ranksAtLeast(step: step, timestamp: timestamp, thanStep: lastStep, timestamp: lastTimestamp) {
            last = value; lastStep = step; lastTimestamp = timestamp
        }
    }

    public mutating func add(_ point: MetricPoint) { add(point.value, step: point.step, timestamp: point.timestamp) }

    /// Whether a new point (arriving later) replaces the current `last`.
    static func ranksAtLeast(step: Int?, timestamp: Double, thanStep other: Int?, timestamp otherTimestamp: Double) -> Bool {
        switch (step, other) {
        case let (a?, b?): if a != b { return a > b }
        case (nil, _?): return false
        case (_?, nil): return true
        case (nil, nil): break
        }
        return timestamp >= otherTimestamp
    }
}
