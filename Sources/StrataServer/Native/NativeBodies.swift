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
        /// The same points in columns (what the remote store sends: arrays of numbers decode
        /// several times faster than arrays of objects); appended after `metricPoints`.
        var metricColumns: MetricColumns?

        func batch() throws -> TrackingWriteBatch {
            var points = metricPoints ?? []
            if let metricColumns { points += try metricColumns.points() }
            return TrackingWriteBatch(component: component, statusChange: statusChange, parameters: parameters ?? [:],
                                      artifacts: artifacts ?? [], metricPoints: points)
        }
    }

    /// Metric points as parallel arrays: point i is named `names[name[i]]` with `value[i]`,
    /// `step[i]` (null: none) and `timestamp[i]`.
    struct MetricColumns: Decodable {
        var names: [String]
        var name: [Int]
        var value: [Double]
        var step: [Int?]
        var timestamp: [Double]

        func points() throws -> [MetricPoint] {
            let count = name.count
            for (field, length) in [("value", value.count), ("step", step.count), ("timestamp", timestamp.count)] where length != count {
                throw ServerError.badRequest("metricColumns.\(field) has \(length) entries, metricColumns.name has \(count).",
                                             field: "metricColumns.\(field)")
            }
            var points: [MetricPoint] = []
            points.reserveCapacity(count)
            for i in 0..<count {
                guard names.indices.contains(name[i]) else {
                    throw ServerError.badRequest("metricColumns.name[\(i)] is \(name[i]), not an index of metricColumns.names.",
                                                 field: "metricColumns.name[\(i)]")
                }
                points.append(MetricPoint(name: names[name[i]], value: value[i], step: step[i], timestamp: timestamp[i]))
            }
            return points
        }
    }

    /// `POST /leaderboard`: columns as keys, a filter in the search language.
    struct Leaderboard: Decodable {
        var target: SearchTarget?
        var columns: [String]?
        var search: String?
        var limit: Int?
        var offset: Int?
        /// Only rows of this experiment (as `experiment = "E"` and-ed to the search), so the
        /// search text stays the user's own and its error columns point into it.
        var experiment: String?
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
