import Foundation

/// A JSON file a run records beside its labels (`k_distance.json`, `silhouette.json`).
public protocol JSONArtifact: Codable, Sendable {
    /// The artifact's name on the component.
    static var fileName: String { get }
    /// The value as JSON with sorted keys (stable bytes for the same value).
    func json() throws -> Data
}

extension JSONArtifact {
    /// The value as JSON with sorted keys (stable bytes for the same value).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
