import Foundation
import Hummingbird
import StrataTracking

/// Reading requests and writing responses of the native API: the record's wire format
/// (``TrackingWireFormat``), path parameters percent-decoded, query parameters checked with a
/// 400 naming the parameter.
enum NativeHTTP {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONResponse.encode(value, status: status, encoder: TrackingWireFormat.encoder)
    }

    static func noContent() -> Response { Response(status: .noContent) }

    static func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: StrataRequestContext) async throws -> T {
        try await request.decodeJSON(type, context: context, decoder: TrackingWireFormat.decoder)
    }

    /// A path parameter, percent-decoded.
    static func path(_ name: String, _ context: StrataRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw ServerError.badRequest("The path parameter \(name) is not valid percent-encoding.", field: name)
        }
        return decoded
    }

    static func query(_ name: String, _ request: Request) -> String? {
        request.uri.queryParameters.get(name)
    }

    static func int(_ name: String, _ request: Request) throws -> Int? {
        guard let text = query(name, request) else { return nil }
        guard let value = Int(text) else {
            throw ServerError.badRequest("Query parameter \(name) must be an integer, got \"\(text)\".", field: name)
        }
        return value
    }

    static func bool(_ name: String, _ request: Request) throws -> Bool? {
        guard let text = query(name, request) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ServerError.badRequest("Query parameter \(name) must be true or false, got \"\(text)\".", field: name)
        }
    }

    static func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _ request: Request, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = query(name, request) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServerError.badRequest("Query parameter \(name) must be one of \(allowed), got \"\(text)\".", field: name)
        }
        return value
    }

    /// A body's `name` must be absent or equal to the path's.
    static func requireSameName(_ body: String?, path: String) throws {
        if let body, body != path {
            throw ServerError.badRequest("The body's name \"\(body)\" differs from the path's \"\(path)\"; leave it out or make them equal.", field: "name")
        }
    }

    static func requireNonNegative(_ value: Int?, _ field: String) throws {
        if let value, value < 0 { throw ServerError.badRequest("\(field) must not be negative, got \(value).", field: field) }
    }

    /// `?sort=name|createdAt|updatedAt&order=asc|desc&limit=&offset=`.
    static func listOptions(_ request: Request) throws -> ListOptions {
        let sort = try oneOf("sort", request, ListOptions.SortKey.self) ?? .createdAt
        let order = try oneOf("order", request, SortOrder.self) ?? .asc
        let options = ListOptions(sortBy: sort, ascending: order == .asc, limit: try int("limit", request),
                                  offset: try int("offset", request) ?? 0)
        do { try options.validate() } catch { throw ServerError(error) }
        return options
    }

    enum SortOrder: String, CaseIterable { case asc, desc }

    /// A search error as a 400 whose detail carries the column, so clients can point at it.
    static func searchFailure(_ error: SearchError) -> ServerError {
        var failure = ServerError(.badRequest, error.description, field: "q", code: "searchError")
        failure.detail = ["query": error.query, "column": String(error.column), "message": error.message]
        return failure
    }
}

extension Array {
    /// `offset`/`limit` applied to an already sorted, filtered list.
    func page(_ options: ListOptions) -> [Element] {
        let start = Swift.min(options.offset, count)
        let end = options.limit.map { Swift.min(count, start + $0) } ?? count
        return Array(self[start..<end])
    }
}
