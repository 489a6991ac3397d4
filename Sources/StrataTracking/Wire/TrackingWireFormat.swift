import Foundation

/// How the record travels as JSON between `strata serve`'s native API and the remote store:
/// sorted keys, dates as ISO-8601 UTC with milliseconds (`2025-03-01T12:00:00.125Z`; whole
/// seconds are accepted too), parameters as plain numbers or strings.
///
/// ```swift
/// let data = try TrackingWireFormat.encoder.encode(experiment)
/// let back = try TrackingWireFormat.decoder.decode(Experiment.self, from: data)
/// ```
public enum TrackingWireFormat {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO-8601 date-time, got \"\(text)\"")
            }
            return date
        }
        return decoder
    }

    /// `date` as ISO-8601 UTC with milliseconds.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An ISO-8601 date-time with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
