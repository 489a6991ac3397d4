import Foundation
import StrataTracking

/// One line of a SageMaker metric file, `{"MetricName": "loss", "Value": 0.25, "Timestamp":
/// 1733450000.5, "IterationNumber": 3}`, as `smexperiments` writes it.
///
/// ```swift
/// let point = try MetricFileRecord.decode(Data(#"{"MetricName":"loss","Value":0.5,"Timestamp":1.7e9}"#.utf8))
/// ```
///
/// Decoding errors name the field at fault; NaN and infinities (Python's `json.dumps` writes them
/// as bare `NaN`/`Infinity`) are refused, as everywhere in the record. O(line length).
struct MetricFileRecord: Decodable {
    var name: String
    var value: Double
    var timestamp: Double
    /// Read as a number and checked to be whole here: Foundation's decoder reports `1.5` for an
    /// `Int` as invalid JSON, which would not name the field.
    var iteration: Double?

    enum CodingKeys: String, CodingKey {
        case name = "MetricName", value = "Value", timestamp = "Timestamp", iteration = "IterationNumber"
    }

    /// Why a line is not a metric record.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func decode(_ line: Data) throws -> MetricPoint {
        let record: MetricFileRecord
        do {
            record = try JSONDecoder().decode(MetricFileRecord.self, from: line)
        } catch let error as DecodingError {
            throw Invalid(description: explain(error, line: line))
        }
        do {
            try TrackingLimits.validateMetric(name: record.name, value: record.value)
        } catch {
            throw Invalid(description: error.description)
        }
        guard record.timestamp.isFinite else { throw Invalid(description: "Timestamp is not a finite number") }
        var step: Int?
        if let iteration = record.iteration {
            guard let whole = Int(exactly: iteration) else { throw Invalid(description: "IterationNumber must be a whole number") }
            step = whole
        }
        return MetricPoint(name: record.name, value: record.value, step: step, timestamp: record.timestamp)
    }

    private static func explain(_ error: DecodingError, line: Data) -> String {
        let context: DecodingError.Context
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return "not a metric record"
        }
        if let key = context.codingPath.last.flatMap({ CodingKeys(stringValue: $0.stringValue) }) {
            let expected = key == .name ? "a string" : key == .iteration ? "a whole number" : "a number"
            return "\(key.stringValue) must be \(expected)"
        }
        let text = String(decoding: line, as: UTF8.self)
        if text.contains("NaN") || text.contains("Infinity") {
            return "the value is not a finite number (NaN and infinities are not recorded)"
        }
        return "not a JSON object with MetricName, Value and Timestamp: \(text.prefix(80))"
    }
}
