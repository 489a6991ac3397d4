import Foundation

/// The top of the record: a question being investigated ("which segments do our customers
/// form?"), grouping trials. SageMaker's `Experiment`.
///
/// ```swift
/// let experiment = try await store.loadOrCreateExperiment("segments", description: "Customer segments 2024")
/// ```
public struct Experiment: Sendable, Hashable, Codable, Identifiable {
    public var name: String
    public var displayName: String?
    public var description: String?
    public var tags: [String: String]
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date

    public var id: String { name }

    public init(name: String, displayName: String? = nil, description: String? = nil, tags: [String: String] = [:],
                createdBy: String? = nil, createdAt: Date, updatedAt: Date) {
        self.name = name; self.displayName = displayName; self.description = description; self.tags = tags
        self.createdBy = createdBy; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
