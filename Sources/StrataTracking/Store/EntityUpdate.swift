/// A change to an experiment's, trial's or component's descriptive fields; `nil` leaves a field
/// as it is.
///
/// ```swift
/// try await store.updateExperiment("segments", EntityUpdate(description: "Q3 customers", setTags: ["owner": "ana"]))
/// ```
///
/// `description` applies to experiments only; `metadata` to trials only (merged key by key). An
/// empty `displayName` or `description` clears it. Tags in `removeTags` are removed after
/// `setTags` is applied; the result must stay within ``TrackingLimits/tagsPerEntity``.
public struct EntityUpdate: Sendable, Hashable, Codable {
    public var displayName: String?
    public var description: String?
    public var setTags: [String: String]
    public var removeTags: Set<String>
    public var metadata: [String: String]?

    public init(displayName: String? = nil, description: String? = nil, setTags: [String: String] = [:],
                removeTags: Set<String> = [], metadata: [String: String]? = nil) {
        self.displayName = displayName; self.description = description
        self.setTags = setTags; self.removeTags = removeTags; self.metadata = metadata
    }
}
