import Foundation

/// Page tokens of MLflow's searches and metric history: the offset of the next item, base64-encoded
/// so clients treat it as opaque.
enum MLflowPageToken {
    static func token(_ offset: Int) -> String { Data("offset:\(offset)".utf8).base64EncodedString() }

    static func offset(_ token: String?) throws(ServerError) -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("offset:"),
              let offset = Int(text.dropFirst("offset:".count)), offset >= 0 else {
            throw MLflowErrors.invalid("Invalid page token.", field: "page_token")
        }
        return offset
    }

    /// A `max_results` value within 1…`maximum`, or `default` when absent.
    static func pageSize(_ text: String?, default value: Int, maximum: Int = 50_000, field: String) throws(ServerError) -> Int {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text) else { throw MLflowErrors.invalid("Invalid value '\(text)' for \(field): expected an integer.", field: field) }
        return try pageSize(number, maximum: maximum, field: field)
    }

    static func pageSize(_ number: Int, maximum: Int = 50_000, field: String) throws(ServerError) -> Int {
        guard (1...maximum).contains(number) else {
            throw MLflowErrors.invalid("Invalid value \(number) for \(field): it must be between 1 and \(maximum).", field: field)
        }
        return number
    }
}
