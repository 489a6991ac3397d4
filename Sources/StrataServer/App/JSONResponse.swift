import Foundation
import Hummingbird

/// JSON response bodies, encoded the same way everywhere (sorted keys, ISO-8601 dates unless a
/// compatibility layer needs epoch numbers and encodes itself).
public enum JSONResponse {
    /// `value` as a JSON response.
    public static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok,
                                            contentType: String = "application/json",
                                            encoder: JSONEncoder = JSONResponse.encoder) throws -> Response {
        let data = try encoder.encode(value)
        return raw(data, status: status, contentType: contentType)
    }

    /// Bytes already encoded.
    public static func raw(_ data: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The native API's encoder: sorted keys, ISO-8601 dates.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The native API's decoder: ISO-8601 dates.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension Request {
    /// The body decoded as `T` with `decoder`, at most `context.maxUploadSize` bytes; a malformed
    /// body is a ``ServerError`` naming the field.
    public func decodeJSON<T: Decodable>(_ type: T.Type, context: StrataRequestContext,
                                         decoder: JSONDecoder = JSONResponse.decoder) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ServerError(decoding: error)
        }
    }
}
