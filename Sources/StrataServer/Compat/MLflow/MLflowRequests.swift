import Foundation
import Hummingbird

/// The request messages of the MLflow REST API that Strata serves, decoded from the client's JSON
/// (snake_case keys; unknown fields ignored; int64 as number or string).
enum MLflowRequests {
    struct CreateExperiment: Decodable { var name: String; var artifactLocation: String?; var tags: [MLflowWire.KeyValue]? }
    struct ExperimentID: Decodable { var experimentId: String }
    struct UpdateExperiment: Decodable { var experimentId: String; var newName: String }
    struct SetExperimentTag: Decodable { var experimentId: String; var key: String; var value: String }
    struct DeleteExperimentTag: Decodable { var experimentId: String; var key: String }
    struct SearchExperiments: Decodable {
        var maxResults: WireInt?; var pageToken: String?; var filter: String?; var orderBy: [String]?; var viewType: WireEnum?
    }

    struct CreateRun: Decodable {
        var experimentId: String?; var userId: String?; var startTime: WireInt?; var tags: [MLflowWire.KeyValue]?; var runName: String?
    }
    struct UpdateRun: Decodable { var runId: String?; var runUuid: String?; var status: String?; var endTime: WireInt?; var runName: String? }
    struct RunID: Decodable { var runId: String }
    struct LogParam: Decodable { var runId: String?; var runUuid: String?; var key: String; var value: String }
    struct Metric: Decodable { var key: String; var value: WireDouble; var timestamp: WireInt; var step: WireInt? }
    struct LogMetric: Decodable {
        var runId: String?; var runUuid: String?; var key: String; var value: WireDouble; var timestamp: WireInt; var step: WireInt?
    }
    struct LogBatch: Decodable {
        var runId: String; var metrics: [Metric]?; var params: [MLflowWire.KeyValue]?; var tags: [MLflowWire.KeyValue]?
    }
    struct SetTag: Decodable { var runId: String?; var runUuid: String?; var key: String; var value: String }
    struct DeleteTag: Decodable { var runId: String; var key: String }
    struct LogInputs: Decodable { var runId: String; var datasets: [MLflowWire.DatasetInput]? }
    struct SearchRuns: Decodable {
        var experimentIds: [String]?; var filter: String?; var runViewType: WireEnum?; var maxResults: WireInt?
        var orderBy: [String]?; var pageToken: String?
    }
}

extension Request {
    /// An MLflow POST body decoded as `T`; a malformed one is a 400 naming the field as the client spells it.
    func decodeMLflow<T: Decodable>(_ type: T.Type, context: StrataRequestContext) async throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try await decodeJSON(T.self, context: context, decoder: decoder)
        } catch var error as ServerError {
            if let field = error.field {
                let wire = MLflowRequests.snakeCase(field)
                error.message = error.message.replacingOccurrences(of: field, with: wire)
                error.field = wire
            }
            error.code = error.code ?? "INVALID_PARAMETER_VALUE"
            throw error
        }
    }

    /// A query parameter of a GET request, or a 400 naming it when it is required and missing.
    func mlflowQuery(_ name: String) throws(ServerError) -> String {
        guard let value = mlflowOptionalQuery(name), !value.isEmpty else {
            throw ServerError(.badRequest, "Missing value for required parameter '\(name)'.", field: name, code: "INVALID_PARAMETER_VALUE")
        }
        return value
    }

    /// Decoded as HTML forms encode queries (the client's `requests` writes spaces as `+`).
    func mlflowOptionalQuery(_ name: String) -> String? {
        for pair in (uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].replacingOccurrences(of: "+", with: " ")
            guard (key.removingPercentEncoding ?? key) == name else { continue }
            let value = parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ") : ""
            return value.removingPercentEncoding ?? value
        }
        return nil
    }
}

extension MLflowRequests {
    /// `runId` → `run_id`, `metrics[2].value` kept as it is apart from the key names.
    static func snakeCase(_ field: String) -> String {
        var out = ""
        for character in field {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }

    /// The run id of a message that may carry it as `run_id` or the older `run_uuid`.
    static func runID(_ runId: String?, _ runUuid: String?) throws(ServerError) -> String {
        guard let id = runId ?? runUuid, !id.isEmpty else {
            throw ServerError(.badRequest, "Missing value for required parameter 'run_id'.", field: "run_id", code: "INVALID_PARAMETER_VALUE")
        }
        return id
    }
}
