import Foundation
import Hummingbird

/// The MLflow tracking API (`/api/2.0/mlflow/…`) and artifact proxy as the mlflow 3.x client calls them.
///
/// ```python
/// mlflow.set_tracking_uri("http://127.0.0.1:8080")      # MLFLOW_TRACKING_TOKEN = a Strata token
/// mlflow.set_experiment("churn segments")
/// with mlflow.start_run(): mlflow.log_metric("silhouette", 0.41, step=3)
/// ```
/// How experiments and runs map onto the record: ``MLflowRecord`` and ``MLflowNaming``; the
/// filter grammar: ``MLflowRunFilter``.
enum MLflowAPI {
    static let prefix = "/api/2.0/mlflow"

    static func register(on routes: GuardedRoutes) {
        MLflowExperimentRoutes.register(on: routes, prefix: prefix)
        MLflowRunRoutes.register(on: routes, prefix: prefix)
        MLflowLogRoutes.register(on: routes, prefix: prefix)
        MLflowArtifactRoutes.register(on: routes)
        // Logged models (`log_model`) are not recorded, so their search is always empty; the client
        // searches them when it lists a run's artifacts below the root.
        routes.add(.post, "\(prefix)/logged-models/search", api: .mlflow, rule: .read) { _, _ in
            JSONResponse.raw(Data(#"{"models":[]}"#.utf8))
        }
        // Answered "not found" so the client uploads artifacts in one PUT (no multipart).
        routes.add(.get, "/api/3.0/mlflow/server-info", api: .mlflow, rule: .read) { _, _ in
            throw ServerError(.notFound, "This server does not implement server-info.", code: "ENDPOINT_NOT_FOUND")
        }
    }

    static func reply<T: Encodable>(_ value: T) throws -> Response {
        try JSONResponse.encode(value, encoder: MLflowWire.encoder)
    }

    /// An empty success (`{}`).
    static func empty() -> Response { JSONResponse.raw(Data("{}".utf8)) }

    /// MLflow's own limits on tag keys (250) and values (8000); Strata's tighter ones are checked by the store.
    static func tagDictionary(_ tags: [MLflowWire.KeyValue], field: String) throws(ServerError) -> [String: String] {
        var out: [String: String] = [:]
        for (index, tag) in tags.enumerated() {
            let single = tags.count == 1 && field == "key"
            let at = single ? "value" : "\(field)[\(index)].value"
            try validateKey(tag.key, field: single ? "key" : "\(field)[\(index)].key")
            if tag.key.hasPrefix(MLflowNaming.internalTagPrefix) {
                throw MLflowErrors.invalid("Tag keys starting with \"\(MLflowNaming.internalTagPrefix)\" are reserved by Strata.", field: single ? "key" : "\(field)[\(index)].key")
            }
            if tag.value.count > 8000 {
                throw MLflowErrors.invalid("Tag value for \"\(tag.key)\" has \(tag.value.count) characters; at most 8000 are allowed.", field: at)
            }
            out[tag.key] = tag.value
        }
        return out
    }

    static func validateKey(_ key: String, field: String) throws(ServerError) {
        if key.isEmpty { throw MLflowErrors.invalid("Missing value for required parameter '\(field)': the key is empty.", field: field) }
        if key.count > 250 {
            throw MLflowErrors.invalid("Key \"\(key.prefix(40))…\" has \(key.count) characters; at most 250 are allowed.", field: field)
        }
    }
}
