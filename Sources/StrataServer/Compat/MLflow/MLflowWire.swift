import Foundation

/// The MLflow entities as the client parses them (snake_case proto field names, epoch
/// milliseconds). Encoded with ``MLflowWire/encoder``.
enum MLflowWire {
    struct KeyValue: Codable, Sendable, Hashable {
        var key: String
        var value: String
    }

    struct Metric: Encodable, Sendable {
        var key: String
        var value: Double
        var timestamp: Int64
        var step: Int64
    }

    struct RunInfo: Encodable, Sendable {
        var runId: String
        var runUuid: String
        var runName: String
        var experimentId: String
        var userId: String
        var status: String
        var startTime: Int64?
        var endTime: Int64?
        var artifactUri: String
        var lifecycleStage: String
    }

    struct RunData: Encodable, Sendable {
        var metrics: [Metric]
        var params: [KeyValue]
        var tags: [KeyValue]
    }

    struct DatasetInput: Codable, Sendable {
        var tags: [KeyValue]?
        var dataset: Dataset
    }

    struct Dataset: Codable, Sendable {
        var name: String
        var digest: String
        var sourceType: String
        var source: String
        var schema: String?
        var profile: String?
    }

    struct RunInputs: Encodable, Sendable {
        var datasetInputs: [DatasetInput]
    }

    struct Run: Encodable, Sendable {
        var info: RunInfo
        var data: RunData
        var inputs: RunInputs
    }

    struct Experiment: Encodable, Sendable {
        var experimentId: String
        var name: String
        var artifactLocation: String
        var lifecycleStage: String
        var lastUpdateTime: Int64
        var creationTime: Int64
        var tags: [KeyValue]
    }

    /// snake_case keys from the Swift names (`runId` → `run_id`); the nested dataset keeps its own keys.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func milliseconds(seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
}

/// An int64 field as the protobuf JSON mapping allows it: a number or a decimal string.
struct WireInt: Decodable, Sendable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) { value = number; return }
        if let text = try? container.decode(String.self), let number = Int64(text) { value = number; return }
        throw DecodingError.typeMismatch(Int64.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an integer"))
    }
}

/// A double field: a number, or `NaN`, `Infinity`, `-Infinity` as the protobuf JSON mapping writes them.
struct WireDouble: Decodable, Sendable {
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { value = number; return }
        if let text = try? container.decode(String.self) {
            switch text {
            case "NaN": value = .nan; return
            case "Infinity": value = .infinity; return
            case "-Infinity": value = -.infinity; return
            default: if let number = Double(text) { value = number; return }
            }
        }
        throw DecodingError.typeMismatch(Double.self, .init(codingPath: decoder.codingPath, debugDescription: "expected a number"))
    }
}

/// An enum field (`run_view_type`, `view_type`): its name, or its number.
struct WireEnum: Decodable, Sendable {
    var name: String

    init(name: String) { self.name = name }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { name = text; return }
        if let number = try? container.decode(Int.self) { name = String(number); return }
        throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an enum name"))
    }
}
