import Foundation

extension TrackingStore {
    /// Creates a fresh component named `base`, or `base-2`, `base-3`, … — the first free name —
    /// and returns it: "one run, one component" without overwriting an earlier run.
    ///
    /// ```swift
    /// let run = try await store.createNumberedComponent("trial-7-kmeans")   // "trial-7-kmeans-2" the second time
    /// ```
    ///
    /// Safe between processes: each attempt is an atomic create, so two runs racing for one name
    /// get different ones. O(k) store calls when k numbers are taken; a name longer than
    /// 120 characters with its suffix throws ``TrackingError/invalidName(kind:name:)``.
    public func createNumberedComponent(_ base: String, displayName: String? = nil, tags: [String: String] = [:],
                                        sourceJob: String? = nil) async throws -> TrialComponent {
        try await createNumberedComponent(base, displayName: displayName, tags: tags, sourceJobForName: { _ in sourceJob })
    }

    /// ``createNumberedComponent(_:displayName:tags:sourceJob:)`` for a source job that depends on
    /// the name finally taken (a job's ARN ends with its component's name).
    public func createNumberedComponent(_ base: String, displayName: String? = nil, tags: [String: String] = [:],
                                        sourceJobForName: (String) -> String?) async throws -> TrialComponent {
        var number = 1
        while true {
            let name = number == 1 ? base : "\(base)-\(number)"
            do {
                return try await createComponent(name, displayName: displayName, tags: tags, sourceJob: sourceJobForName(name))
            } catch TrackingError.alreadyExists {
                number += 1
            }
        }
    }

    /// The file an artifact value names: a relative path is taken under ``artifactDirectory``
    /// (how ``Tracker/logArtifact(file:name:mediaType:direction:)`` records copies), an absolute
    /// path or a `file://` URL as it is (stores written before copies were recorded relatively).
    /// Nil for other URIs (`s3://…`) and for paths that would leave the artifact directory.
    public func artifactFileURL(_ artifact: Artifact) -> URL? {
        let value = artifact.value
        if value.hasPrefix("file://") { return URL(string: value)?.standardizedFileURL }
        if value.hasPrefix("/") { return URL(fileURLWithPath: value).standardizedFileURL }
        // A colon before the first "/" is a URI scheme (component names have no colon).
        if let colon = value.firstIndex(of: ":"), value.firstIndex(of: "/").map({ colon < $0 }) ?? true { return nil }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) { return nil }
        return artifactDirectory.appendingPathComponent(value, isDirectory: false)
    }
}
