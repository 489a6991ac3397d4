import Foundation

/// One observation of a metric series: (step, timestamp, value).
///
/// ```swift
/// let point = MetricPoint(name: "inertia", value: 812.5, step: 3, timestamp: Date())
/// ```
///
/// `step` is optional (SageMaker and MLflow both allow it to be absent); for choosing the
/// summary's `last`, a missing step ranks below every step. The value must be finite.
public struct MetricPoint: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var step: Int?
    /// Unix epoch seconds.
    public var timestamp: Double

    public init(name: String, value: Double, step: Int? = nil, timestamp: Double) {
        self.name = name
        self.value = value
        self.step = step
        self.timestamp = timestamp
    }

    public init(name: String, value: Double, step: Int? = nil, timestamp: Date = Date()) {
        self.init(name: name, value: value, step: step, timestamp: timestamp.timeIntervalSince1970)
    }

    public var date: Date { Date(timeIntervalSince1970: timestamp) }
}
