import Foundation
import StrataTracking

/// Where a clustering's segments live in the record: the component holding `labels.csv`, and
/// the component holding the `embedding.csv` its clusterer saw — the same component, a
/// component of one of its trials (a pipeline's `<trial>-reduce`), or the component such a
/// reduce step names in its `embedding_component` output when its embedding came from the step
/// cache. Every component it returns was checked against the caller's scope.
struct SegmentSource {
    static let labelsFile = "labels.csv"
    static let embeddingFile = "embedding.csv"
    static let embeddingPointer = "embedding_component"

    let component: TrialComponent
    let labels: URL
    /// Nil when no embedding is recorded (e.g. a run that clustered the scaled features).
    let embeddingComponent: String?
    let embedding: URL?

    /// Resolves `name`; 404 when it is not a clustering (no labels file).
    static func resolve(_ name: String, store: any SearchableTrackingStore, scope: NativeScope) async throws -> SegmentSource {
        try TrackingLimits.validateName(name, kind: .component)
        let component = try await store.component(named: name)
        try await scope.requireRead(component: component)
        guard let labels = file(component, labelsFile, store) else {
            throw ServerError.notFound("Component \"\(name)\" has no \(labelsFile): it holds no clustering's segments.")
        }
        let (holder, embedding) = try await findEmbedding(of: component, store: store, scope: scope)
        return SegmentSource(component: component, labels: labels, embeddingComponent: holder, embedding: embedding)
    }

    /// The stored file of artifact `artifact` of `component`, when it exists on disk.
    static func file(_ component: TrialComponent, _ artifact: String, _ store: any SearchableTrackingStore) -> URL? {
        guard let value = component.outputs[artifact], let url = store.artifactFileURL(value),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    private static func findEmbedding(of component: TrialComponent, store: any SearchableTrackingStore,
                                      scope: NativeScope) async throws -> (String?, URL?) {
        if let url = file(component, embeddingFile, store) { return (component.name, url) }
        for trial in component.trials {
            // A pipeline's reduce step first, then any other component of the trial.
            let siblings = try await store.components(trial: trial, ListOptions())
                .sorted { ($0.name.hasSuffix("-reduce") ? 0 : 1, $0.name) < ($1.name.hasSuffix("-reduce") ? 0 : 1, $1.name) }
            for sibling in siblings where sibling.name != component.name {
                if let url = file(sibling, embeddingFile, store) { return (sibling.name, url) }
                if let pointer = sibling.outputs[embeddingPointer]?.value,
                   let holder = try? await store.component(named: pointer), let url = file(holder, embeddingFile, store) {
                    try await scope.requireRead(component: holder)
                    return (holder.name, url)
                }
            }
        }
        return (nil, nil)
    }
}
