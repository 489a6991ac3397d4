import Foundation

/// The report's JSON both ways: recorded JSON artifacts read with errors that name the
/// artifact and the path of the fault, and the inline data block written so that nothing in
/// the data can end the `<script>` element that holds it.
enum ReportJSON {
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ located: ReportTrialArtifacts.Located) throws(ReportError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ReportError.badArtifact(component: located.holder, artifact: located.name, line: nil,
                                          reason: "not the expected JSON (\(describe(error)))")
        }
    }

    /// `value` as JSON safe inside `<script type="application/json">`: every `<` is written
    /// `\u003c` (no `</script>` or `<!--` can appear), `>` and `&` likewise, and `://` as
    /// `:\/\/` so that recorded text holds no literal web address (the file fetches nothing and
    /// names nothing to fetch). Both are plain JSON escapes: `JSON.parse` restores the text.
    static func scriptSafe<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // A recorded infinity or NaN stays visible as text rather than failing the report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let bytes = try encoder.encode(value)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        func escape(_ text: String) { out += Array(text.utf8) }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "<"): escape("\\u003c")
            case UInt8(ascii: ">"): escape("\\u003e")
            case UInt8(ascii: "&"): escape("\\u0026")
            case UInt8(ascii: "/") where out.last == UInt8(ascii: ":") && i + 1 < bytes.endIndex && bytes[i + 1] == UInt8(ascii: "/"):
                escape("\\/\\/")
                i += 1
            case 0xE2 where i + 2 < bytes.endIndex && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                // U+2028 and U+2029 end a line in older JavaScript parsers.
                escape(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i += 2
            default: out.append(byte)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A decoding error as a short sentence with the JSON path of the fault.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "at the top" : "at \(keys)"
        }
        switch error {
        case let .keyNotFound(key, context): return "missing \"\(key.stringValue)\" \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(context.debugDescription) \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}
