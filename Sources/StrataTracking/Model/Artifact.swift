/// An input or output of a trial component: a literal value or a URI, with optional media type,
/// size and SHA-256 (SageMaker's `TrialComponentArtifact`).
///
/// ```swift
/// try await tracker.logInput("customers", Artifact(value: "file:///data/customers.csv", mediaType: "text/csv"))
/// ```
///
/// `value` holds at most ``TrackingLimits/artifactValueLength`` characters; files copied by
/// ``Tracker/logArtifact(file:name:mediaType:direction:)`` carry their size and SHA-256.
public struct Artifact: Sendable, Hashable, Codable {
    public var value: String
    public var mediaType: String?
    public var sizeBytes: Int64?
    /// Lowercase hex SHA-256 of the content, when known.
    public var sha256: String?

    public init(value: String, mediaType: String? = nil, sizeBytes: Int64? = nil, sha256: String? = nil) {
        self.value = value
        self.mediaType = mediaType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }
}
