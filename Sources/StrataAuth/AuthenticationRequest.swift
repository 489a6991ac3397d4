/// What authentication looks at in an HTTP request, independent of the server framework: the
/// SigV4 check needs the method, the raw path and query, the signed headers and the body.
public struct AuthenticationRequest: Sendable {
    public var method: String
    /// The path as sent, percent-encoding kept (e.g. `/` or `/BatchPutMetrics`).
    public var path: String
    /// The raw query string without `?` (may be empty).
    public var query: String
    /// Header fields as sent; names compared case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The whole request body (SigV4 signs its SHA-256).
    public var body: [UInt8]

    public init(method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method; self.path = path; self.query = query; self.headers = headers; self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

import Foundation
