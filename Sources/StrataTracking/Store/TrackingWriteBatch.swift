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
/// Order of application: status/times, removals, parameter upserts, artifact upserts, metric
/// points (in array order: equal step and timestamp means the later point becomes `last`).
/// Removing a name that is not there is a no-op (SageMaker's `ParametersToRemove` and
/// `Input`/`OutputArtifactsToRemove` on `UpdateTrialComponent`).
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
    /// Parameters deleted before the upserts.
    public var removedParameters: [String]
    /// Input artifacts deleted before the upserts.
    public var removedInputs: [String]
    /// Output artifacts deleted before the upserts.
    public var removedOutputs: [String]

    public init(component: String, statusChange: StatusChange? = nil, parameters: [String: ParameterValue] = [:],
                artifacts: [ArtifactWrite] = [], metricPoints: [MetricPoint] = [],
                removedParameters: [String] = [], removedInputs: [String] = [], removedOutputs: [String] = []) {
        self.component = component; self.statusChange = statusChange; self.parameters = parameters
        self.artifacts = artifacts; self.metricPoints = metricPoints
        self.removedParameters = removedParameters; self.removedInputs = removedInputs; self.removedOutputs = removedOutputs
    }

    // Removal lists came later than the rest: batches encoded without them still decode.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(component: try container.decode(String.self, forKey: .component),
                  statusChange: try container.decodeIfPresent(StatusChange.self, forKey: .statusChange),
                  parameters: try container.decode([String: ParameterValue].self, forKey: .parameters),
                  artifacts: try container.decode([ArtifactWrite].self, forKey: .artifacts),
                  metricPoints: try container.decode([MetricPoint].self, forKey: .metricPoints),
                  removedParameters: try container.decodeIfPresent([String].self, forKey: .removedParameters) ?? [],
                  removedInputs: try container.decodeIfPresent([String].self, forKey: .removedInputs) ?? [],
                  removedOutputs: try container.decodeIfPresent([String].self, forKey: .removedOutputs) ?? [])
    }

    public var isEmpty: Bool {
        statusChange == nil && parameters.isEmpty && artifacts.isEmpty && metricPoints.isEmpty
            && removedParameters.isEmpty && removedInputs.isEmpty && removedOutputs.isEmpty
    }

    /// Checks every field against ``TrackingLimits``; stores call this before writing.
    public func validate() throws(TrackingError) {
        try TrackingLimits.validateName(component, kind: .component)
        if parameters.count > TrackingLimits.parametersPerComponent {
            throw .limitExceeded(what: "parameters on component \"\(component)\"",
                                 limit: TrackingLimits.parametersPerComponent, actual: parameters.count)
        }
        for (name, value) in parameters { try TrackingLimits.validateParameter(name: name, value: value) }
        for name in removedParameters { try TrackingLimits.validateKey(name, field: "parameter name to remove") }
        for name in removedInputs + removedOutputs { try TrackingLimits.validateKey(name, field: "artifact name to remove") }
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
