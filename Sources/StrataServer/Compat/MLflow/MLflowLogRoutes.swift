import Foundation
import Hummingbird
import StrataTracking

/// `/api/2.0/mlflow/runs/log-…`, `set-tag`, `delete-tag` and `metrics/get-history`: what a run
/// logs, each write one ``TrackingStore/apply(_:)`` batch (or one tag update).
enum MLflowLogRoutes {
    /// MLflow's per-request limits for `log-batch`.
    static let batchMetrics = 1000, batchParams = 100, batchTags = 100, batchTotal = 1000
    static let paramValueLength = 6000
    /// Points returned per page of `metrics/get-history` when the client names no page size.
    static let historyPageSize = 25_000

    static func register(on routes: GuardedRoutes, prefix: String) {
        let record = MLflowRecord(store: routes.services.store)
        let store = routes.services.store

        routes.add(.post, "\(prefix)/runs/log-parameter", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.LogParam.self, context: context)
            let id = try MLflowRequests.runID(body.runId, body.runUuid)
            let run = try await record.activeRun(id: id)
            let params = try parameters([.init(key: body.key, value: body.value)], run: run, field: "key")
            try await store.apply(TrackingWriteBatch(component: id, parameters: params))
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/runs/log-metric", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.LogMetric.self, context: context)
            let id = try MLflowRequests.runID(body.runId, body.runUuid)
            _ = try await record.activeRun(id: id)
            let point = try metricPoint(key: body.key, value: body.value.value, timestamp: body.timestamp.value,
                                        step: body.step?.value, field: "")
            try await store.apply(TrackingWriteBatch(component: id, metricPoints: [point]))
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/runs/log-batch", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.LogBatch.self, context: context)
            let metrics = body.metrics ?? [], params = body.params ?? [], tags = body.tags ?? []
            try checkCount(metrics.count, batchMetrics, "metrics")
            try checkCount(params.count, batchParams, "params")
            try checkCount(tags.count, batchTags, "tags")
            if metrics.count + params.count + tags.count > batchTotal {
                throw MLflowErrors.invalid("A batch logging request can contain at most \(batchTotal) metrics, params and tags in total; got \(metrics.count + params.count + tags.count).", field: "metrics")
            }
            let run = try await record.activeRun(id: body.runId)
            let tagValues = try MLflowAPI.tagDictionary(tags, field: "tags")
            var batch = TrackingWriteBatch(component: body.runId, parameters: try parameters(params, run: run, field: "params"))
            batch.metricPoints.reserveCapacity(metrics.count)
            for (index, metric) in metrics.enumerated() {
                batch.metricPoints.append(try metricPoint(key: metric.key, value: metric.value.value, timestamp: metric.timestamp.value,
                                                          step: metric.step?.value, field: "metrics[\(index)]."))
            }
            // Checked before anything is written: a refused batch writes nothing.
            try batch.validate()
            if !tagValues.isEmpty {
                try TrackingLimits.validateTags(run.component.tags.merging(tagValues) { $1 })
                _ = try await store.updateComponent(body.runId, tagUpdate(tagValues))
            }
            if !batch.isEmpty { try await store.apply(batch) }
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/runs/set-tag", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.SetTag.self, context: context)
            let id = try MLflowRequests.runID(body.runId, body.runUuid)
            let tags = try MLflowAPI.tagDictionary([.init(key: body.key, value: body.value)], field: "key")
            _ = try await record.activeRun(id: id)
            _ = try await store.updateComponent(id, tagUpdate(tags))
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/runs/delete-tag", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.DeleteTag.self, context: context)
            let run = try await record.activeRun(id: body.runId)
            guard run.component.tags[body.key] != nil, !body.key.hasPrefix(MLflowNaming.internalTagPrefix) else {
                throw MLflowErrors.notFound("No tag with name: \(body.key) in run with id \(body.runId)")
            }
            _ = try await store.updateComponent(body.runId, EntityUpdate(removeTags: [body.key]))
            return MLflowAPI.empty()
        }

        routes.add(.post, "\(prefix)/runs/log-inputs", api: .mlflow, rule: .write) { request, context in
            let body = try await request.decodeMLflow(MLflowRequests.LogInputs.self, context: context)
            _ = try await record.activeRun(id: body.runId)
            var batch = TrackingWriteBatch(component: body.runId)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for (index, input) in (body.datasets ?? []).enumerated() {
                let value = String(decoding: try encoder.encode(input), as: UTF8.self)
                guard value.count <= TrackingLimits.artifactValueLength else {
                    throw MLflowErrors.invalid("Dataset \"\(input.dataset.name)\" is described by \(value.count) characters of JSON; at most \(TrackingLimits.artifactValueLength) are kept.", field: "datasets[\(index)]")
                }
                let name = "dataset:\(input.dataset.name):\(input.dataset.digest)"
                batch.artifacts.append(.init(direction: .input, name: name, artifact: Artifact(value: value, mediaType: MLflowRecord.datasetMediaType)))
            }
            if !batch.isEmpty { try await store.apply(batch) }
            return MLflowAPI.empty()
        }

        routes.add(.get, "\(prefix)/metrics/get-history", api: .mlflow, rule: .read) { request, context in
            let id = try request.mlflowOptionalQuery("run_id").flatMap { $0.isEmpty ? nil : $0 } ?? request.mlflowQuery("run_uuid")
            let key = try request.mlflowQuery("metric_key")
            let run = try await record.run(id: id)
            try context.requireRead(experiment: run.experiment)
            let pageSize = try MLflowPageToken.pageSize(request.mlflowOptionalQuery("max_results"), default: historyPageSize, field: "max_results")
            let offset = try MLflowPageToken.offset(request.mlflowOptionalQuery("page_token"))
            let series = try await store.metricSeries(component: id, metric: key)
            let page = series.dropFirst(offset).prefix(pageSize).map {
                MLflowWire.Metric(key: key, value: $0.value, timestamp: MLflowWire.milliseconds(seconds: $0.timestamp), step: Int64($0.step ?? 0))
            }
            let next = offset + page.count < series.count ? MLflowPageToken.token(offset + page.count) : nil
            return try MLflowAPI.reply(HistoryReply(metrics: page, nextPageToken: next))
        }
    }

    struct HistoryReply: Encodable { var metrics: [MLflowWire.Metric]; var nextPageToken: String? }

    /// Tag writes; `mlflow.runName` also renames the run (its component's display name).
    static func tagUpdate(_ tags: [String: String]) -> EntityUpdate {
        EntityUpdate(displayName: tags["mlflow.runName"].map { String($0.prefix(TrackingLimits.displayNameLength)) }, setTags: tags)
    }

    static func checkCount(_ count: Int, _ limit: Int, _ field: String) throws(ServerError) {
        if count > limit {
            throw MLflowErrors.invalid("A batch logging request can contain at most \(limit) \(field); got \(count).", field: field)
        }
    }

    /// MLflow parameters as Strata parameters: a value that reads back identically as a number
    /// is stored as one (so Strata's search and leaderboards compare it numerically), any other
    /// as text. A parameter already logged with another value is refused: MLflow parameters are
    /// immutable.
    static func parameters(_ params: [MLflowWire.KeyValue], run: MLflowRecord.Run, field: String) throws(ServerError) -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for (index, param) in params.enumerated() {
            let single = params.count == 1 && field == "key"
            let at = single ? "value" : "\(field)[\(index)].value"
            try MLflowAPI.validateKey(param.key, field: single ? "key" : "\(field)[\(index)].key")
            if param.value.count > paramValueLength {
                throw MLflowErrors.invalid("Param value for \"\(param.key)\" has \(param.value.count) characters; at most \(paramValueLength) are allowed.", field: at)
            }
            let previous = out[param.key]?.description ?? run.component.parameters[param.key]?.description
            if let previous, previous != param.value {
                throw MLflowErrors.invalid("Changing param values is not allowed. Param with key='\(param.key)' was already logged with value='\(previous)' for run ID='\(run.component.name)'. Attempted logging new value '\(param.value)'.", field: at)
            }
            out[param.key] = parameterValue(param.value)
        }
        return out
    }

    static func parameterValue(_ text: String) -> ParameterValue {
        if let number = Double(text), number.isFinite, ParameterValue.number(number).description == text { return .number(number) }
        return .string(text)
    }

    /// `field` prefixes the wire names (`metrics[3].`) of the metric's fields.
    static func metricPoint(key: String, value: Double, timestamp: Int64, step: Int64?, field: String) throws(ServerError) -> MetricPoint {
        try MLflowAPI.validateKey(key, field: field + "key")
        guard value.isFinite else {
            throw MLflowErrors.invalid("Metric \"\(key)\" got the value \(value); Strata records only finite numbers.", field: field + "value")
        }
        guard let stepValue = Int(exactly: step ?? 0) else { throw MLflowErrors.invalid("Step out of range.", field: field + "step") }
        return MetricPoint(name: key, value: value, step: stepValue, timestamp: Double(timestamp) / 1000)
    }
}
