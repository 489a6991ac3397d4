import Foundation
import StrataTracking
import Testing

/// Reads a JSON artifact a run recorded on `component`.
func recordedArtifact<T: Decodable>(_ type: T.Type, _ name: String, of component: String, in store: any TrackingStore) async throws -> T {
    let stored = try await store.component(named: component)
    let artifact = try #require(stored.outputs[name], "\(component) has no \(name)")
    let url = try #require(store.artifactFileURL(artifact))
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}
