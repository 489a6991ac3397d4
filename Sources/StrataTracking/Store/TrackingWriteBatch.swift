/// Everything a ``Tracker`` has buffered for one trial component, applied by
/// ``TrackingStore/apply(_:)`` in one transaction: all of it lands, or none of it.
///
/// ```swift
/// var batch = TrackingWriteBatch(component: "kmeans-k4")
/// batch.parameters["clusterCount"] = 4
/// batch.metricPoints.append(MetricPoint(name: "inertia", value: 812.5, step: 0, timestamp: 1.7e9))
/// try await store.apply(batch)
/// ```
///
/// Order of application: status/times, parameter upserts, artifact upserts, metric points
/// (in array order: equal step and timestamp means the later point becomes `last`).
public struct TrackingWriteBatch: Sendable, Hashable, Codable {
    /// A change of status, start or end time; `nil` fields are left as they are.
    public struct StatusChange: Sendable, Hashable, Codable {
        public var status: TrialComponentStatus?
        /// Unix epoch seconds.
        public var startTime: Double?
        public var endTime: Double?

        public init(status: TrialComponentStatus? = nil, startTime: Double? = nil, endTime: Double? = nil) {
            self.status = status; self.startTime = startTime; self.endTime = endTime
        }
    }

    /// One input or output artifact to insert or replace.
    public struct ArtifactWrite: Sendable, Hashable, Codable {
        public var direction: ArtifactDirection
        public var name: String
        public var artifact: Artifact

        public init(direction: ArtifactDirection, name: String, artifact: Artifact) {
            self.direction = direction; self.name = name; self.artifact = artifact
        }
    }

    public var component: String
    public var statusChange: StatusChange?
    /// Inserted or replaced by name.
    public var parameters: [String: ParameterValue]
    public var artifacts: [ArtifactWrite]
    public var metricPoints: [MetricPoint]

    public init(component: String, statusChange: StatusChange? = nil, parameters: [String: ParameterValue] = [:],
                artifacts: [ArtifactWrite] = [], metricPoints: [MetricPoint] = []) {
        self.component = component; self.statusChange = statusChange; self.parameters = parameters
        self.artifacts = artifacts; self.metricPoints = metricPoints
    }

    public var isEmpty: Bool {
        statusChange == nil && parameters.isEmpty && artifacts.isEmpty && metricPoints.isEmpty
    }

    /// Checks every field against ``TrackingLimits``; stores call this before writing.
    public func validate() throws(TrackingError) {
        try TrackingLimits.validateName(component, kind: .component)
        if parameters.count > TrackingLimits.parametersPerComponent {
            throw .limitExceeded(what: "parameters on component \"\(component)\"",
                                 limit: TrackingLimits.parametersPerComponent, actual: parameters.count)
        }
        for (name, value) in parameters { try TrackingLimits.validateParameter(name: name, value: value) }
        for write in artifacts { try TrackingLimits.validateArtifact(name: write.name, write.artifact) }
        for point in metricPoints {
            try TrackingLimits.validateMetric(name: point.name, value: point.value)
            if !point.timestamp.isFinite {
                throw .invalidValue(field: "timestamp of metric \"\(point.name)\"", reason: "it is not a finite number")
            }
        }
        if let message = statusChange?.status?.message {
            try TrackingLimits.validateText(message, field: "status message", maximum: TrackingLimits.descriptionLength,
                                            allowEmpty: true)
        }
    }
}
