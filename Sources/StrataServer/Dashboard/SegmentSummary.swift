import Foundation
import StrataTracking

/// `GET /dashboard/api/segments/<C>`: what the segments view can show for a clustering. Absent
/// things are explicit nulls, and `missing` says in words what is not recorded.
struct SegmentSummary: Encodable {
    struct Segment: Encodable {
        var label: Int
        var size: Int
    }

    /// Native-API paths of the plotted artifacts, or null when the run recorded none.
    struct Artifacts: Encodable {
        var kDistance: String?
        var silhouette: String?
        var profile: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kDistance, forKey: .kDistance)
            try c.encode(silhouette, forKey: .silhouette)
            try c.encode(profile, forKey: .profile)
        }

        enum CodingKeys: String, CodingKey { case kDistance, silhouette, profile }
    }

    var component: String
    var trial: String?
    var experiment: String?
    var dims: Int?
    var count: Int
    var embeddingComponent: String?
    var segments: [Segment]
    var noise: Int
    var artifacts: Artifacts
    var missing: String?

    init(source: SegmentSource, table: SegmentTable, store: any SearchableTrackingStore, scope: NativeScope) async throws {
        let component = source.component
        self.component = component.name
        for name in component.trials {
            guard let trial = try? await store.trial(named: name), scope.caller.canRead(experiment: trial.experimentName) else { continue }
            (self.trial, experiment) = (trial.name, trial.experimentName)
            break
        }
        count = table.count
        embeddingComponent = source.embeddingComponent
        dims = source.embedding == nil ? nil : table.dimensions
        var sizes: [Int: Int] = [:]
        for label in table.labels { sizes[Int(label), default: 0] += 1 }
        noise = sizes.removeValue(forKey: -1) ?? 0
        segments = sizes.keys.sorted().map { Segment(label: $0, size: sizes[$0]!) }
        func path(_ artifact: String) -> String? {
            guard SegmentSource.file(component, artifact, store) != nil else { return nil }
            let encoded = component.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? component.name
            return "/api/v1/components/\(encoded)/artifacts/\(artifact)"
        }
        artifacts = Artifacts(kDistance: path("k_distance.json"), silhouette: path("silhouette.json"), profile: path("profile.json"))
        missing = source.embedding == nil ? Self.noEmbedding(component.name).message : nil
    }

    static func noEmbedding(_ component: String) -> ServerError {
        .notFound("No embedding is recorded for \"\(component)\": its run clustered the scaled features without a reduce step, or stored no embedding.csv.")
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(component, forKey: .component)
        try c.encode(trial, forKey: .trial)
        try c.encode(experiment, forKey: .experiment)
        try c.encode(dims, forKey: .dims)
        try c.encode(count, forKey: .count)
        try c.encode(embeddingComponent, forKey: .embeddingComponent)
        try c.encode(segments, forKey: .segments)
        try c.encode(noise, forKey: .noise)
        try c.encode(artifacts, forKey: .artifacts)
        try c.encode(missing, forKey: .missing)
    }

    enum CodingKeys: String, CodingKey { case component, trial, experiment, dims, count, embeddingComponent, segments, noise, artifacts, missing }
}
