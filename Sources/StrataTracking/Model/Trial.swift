import Foundation

/// One attempt inside an experiment (a pipeline run), grouping trial components. SageMaker's
/// `Trial`; `metadata` holds free strings such as the git commit.
///
/// ```swift
/// let trial = try await store.loadOrCreateTrial("kmeans-k4", experiment: "segments",
///                                               metadata: ["git-commit": "1a2b3c4"])
/// ```
public struct Trial: Sendable, Hashable, Codable, Identifiable {
    public var name: String
    public var experimentName: String
    public var displayName: String?
    public var tags: [String: String]
    public var metadata: [String: String]
    public var createdAt: Date
    public var updatedAt: Date

    public var id: String { name }

    public init(name: String, experimentName: String, displayName: String? = nil, tags: [String: String] = [:],
                metadata: [String: String] = [:], createdAt: Date, updatedAt: Date) {
        self.name = name; self.experimentName = experimentName; self.displayName = displayName; self.tags = tags
        self.metadata = metadata; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
