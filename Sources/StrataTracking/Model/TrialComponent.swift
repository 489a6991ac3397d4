import Foundation

/// One step or run (preprocessing, clustering, evaluation): status, times, parameters, input and
/// output artifacts, metric summaries, tags. May belong to several trials. SageMaker's
/// `TrialComponent`.
///
/// ```swift
/// let component = try await store.component(named: "kmeans-k4-clustering")
/// component.parameters["clusterCount"]            // .number(4)
/// component.metrics["silhouette"]?.last           // 0.41
/// ```
///
/// Metric series themselves are read with ``TrackingStore/metricSeries(component:metric:)``;
/// the value carries only their O(1) summaries.
public struct TrialComponent: Sendable, Hashable, Codable, Identifiable {
    public var name: String
    public var displayName: String?
    public var status: TrialComponentStatus
    public var startTime: Date?
    public var endTime: Date?
    public var parameters: [String: ParameterValue]
    public var inputs: [String: Artifact]
    public var outputs: [String: Artifact]
    public var metrics: [String: MetricSummary]
    public var tags: [String: String]
    /// The job (e.g. a sweep worker's job id) that produced this component.
    public var sourceJob: String?
    /// Names of the trials this component belongs to, sorted.
    public var trials: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public var id: String { name }

    public init(name: String, displayName: String? = nil, status: TrialComponentStatus = .init(.inProgress),
                startTime: Date? = nil, endTime: Date? = nil, parameters: [String: ParameterValue] = [:],
                inputs: [String: Artifact] = [:], outputs: [String: Artifact] = [:],
                metrics: [String: MetricSummary] = [:], tags: [String: String] = [:], sourceJob: String? = nil,
                trials: [String] = [], createdAt: Date, updatedAt: Date) {
        self.name = name; self.displayName = displayName; self.status = status
        self.startTime = startTime; self.endTime = endTime; self.parameters = parameters
        self.inputs = inputs; self.outputs = outputs; self.metrics = metrics; self.tags = tags
        self.sourceJob = sourceJob; self.trials = trials; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
