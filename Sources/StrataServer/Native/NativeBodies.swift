import StrataTracking

/// Request bodies of the native API. Every field but the names is optional; unknown fields are
/// ignored; a field of the wrong type is a 400 naming it.
enum NativeBody {
    /// `POST /experiments` (with `name`) and `PUT /experiments/{name}`: load-or-create.
    struct Experiment: Decodable {
        var name: String?
        var displayName: String?
        var description: String?
        var tags: [String: String]?
        var createdBy: String?
    }

    /// `POST /trials` (with `name`) and `PUT /trials/{name}`: load-or-create in `experiment`.
    struct Trial: Decodable {
        var name: String?
        var experiment: String
        var displayName: String?
        var tags: [String: String]?
        var metadata: [String: String]?
    }

    /// `POST /components` (create, 409 when taken; with `name`) and `PUT /components/{name}` (load-or-create).
    struct Component: Decodable {
        var name: String?
        var displayName: String?
        var tags: [String: String]?
        var sourceJob: String?
    }

    /// `PATCH` of an experiment, trial or component: ``EntityUpdate`` with every field optional.
    struct Update: Decodable {
        var displayName: String?
        var description: String?
        var setTags: [String: String]?
        var removeTags: [String]?
        var metadata: [String: String]?

        var entityUpdate: EntityUpdate {
            EntityUpdate(displayName: displayName, description: description, setTags: setTags ?? [:],
                         removeTags: Set(removeTags ?? []), metadata: metadata)
        }
    }

    /// `POST /writes`: the store's write primitive, ``TrackingWriteBatch`` with optional parts.
    struct WriteBatch: Decodable {
        var component: String
        var statusChange: TrackingWriteBatch.StatusChange?
        var parameters: [String: ParameterValue]?
        var artifacts: [TrackingWriteBatch.ArtifactWrite]?
        var metricPoints: [MetricPoint]?

        var batch: TrackingWriteBatch {
            TrackingWriteBatch(component: component, statusChange: statusChange, parameters: parameters ?? [:],
                               artifacts: artifacts ?? [], metricPoints: metricPoints ?? [])
        }
    }

    /// `POST /leaderboard`: columns as keys, a filter in the search language.
    struct Leaderboard: Decodable {
        var target: SearchTarget?
        var columns: [String]?
        var search: String?
        var limit: Int?
        var offset: Int?
    }
}

/// Response bodies that are not entities themselves.
enum NativeReply {
    struct Experiments: Encodable { var experiments: [StrataTracking.Experiment] }
    struct Trials: Encodable { var trials: [StrataTracking.Trial] }
    struct Components: Encodable { var components: [TrialComponent] }
    struct Series: Encodable { var component: String; var metric: String; var points: [MetricPoint] }
    struct Search: Encodable { var target: SearchTarget; var names: [String] }
    struct Keys: Encodable { var parameters: [String]; var metrics: [String] }
    struct StoredArtifact: Encodable {
        var component: String
        var name: String
        /// The value to record (`<component>/<name>`, relative to the server's artifact root).
        var value: String
        var sizeBytes: Int64
        var sha256: String
    }
}
