import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StrataTracking

/// The experiment record of a `strata serve` server, over its native REST API (`/api/v1`):
/// `--store http://host:port` (or `https://`) on every CLI verb.
///
/// ```swift
/// let store = try HTTPTrackingStore(url: "http://127.0.0.1:8080")   // token from $STRATA_TOKEN
/// try await Tracker.with(store: store, component: "kmeans-k4-fit") { tracker in
///     try await tracker.logMetric("inertia", 812.5, step: 0)
/// }
/// ```
///
/// - Every call is one HTTP request (a Tracker flush is one `POST /api/v1/writes`), so the
///   Tracker's buffering carries over: n points cost n/flushCount requests.
/// - The server's refusals come back as the same ``TrackingError`` cases a local store throws;
///   credentials and transport failures as ``RemoteStoreError``.
/// - Artifacts: ``artifactDirectory`` is a local staging directory (by default under the
///   temporary directory, one per server). The Tracker copies a file there; when a batch records
///   a staged file (`<component>/<name>`) it is uploaded first, checked by SHA-256, then the
///   batch is applied. Deleting a component also removes its staged files.
/// - ``applySynchronously(_:)`` waits on the HTTP client's own event loop, never on Swift's
///   cooperative pool.
public final class HTTPTrackingStore: SearchableTrackingStore {
    /// `scheme://host:port`, without a trailing slash.
    public let baseURL: String
    public let artifactDirectory: URL
    let token: String?
    let client: HTTPClient

    /// Opens the store at `url` (`http://host:port` or `https://…`); `token` defaults to
    /// `$STRATA_TOKEN` (none: the server must run open, on loopback without users).
    public init(url: String, token: String? = ProcessInfo.processInfo.environment["STRATA_TOKEN"],
                artifactDirectory: URL? = nil, client: HTTPClient = HTTPTrackingStore.sharedClient) throws {
        var trimmed = url.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty, parsed.path.isEmpty || parsed.path == "/" else {
            throw TrackingError.invalidStoreURL(url)
        }
        baseURL = trimmed
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.client = client
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        self.artifactDirectory = artifactDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-remote", isDirectory: true)
            .appendingPathComponent("\(host)-\(port)", isDirectory: true)
            .appendingPathComponent("artifacts", isDirectory: true)
    }

    /// The client every store shares unless given one: a dead server fails a call after a
    /// 10-second connect timeout instead of retrying without end.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    // MARK: Requests

    /// One request; the future fails with the error the answer stands for.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: Data? = nil,
              body: HTTPClient.Body? = nil, headers extra: [(String, String)] = []) -> EventLoopFuture<ByteBuffer?> {
        let url = baseURL + path + Self.queryString(query)
        var headers = HTTPHeaders()
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var requestBody = body
        if let json {
            headers.add(name: "Content-Type", value: "application/json")
            requestBody = .bytes(json)
        }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: method, headers: headers, body: requestBody)
        } catch {
            return client.eventLoopGroup.next().makeFailedFuture(TrackingError.invalidStoreURL(url))
        }
        let baseURL = self.baseURL
        return client.execute(request: request).flatMapErrorThrowing { error in
            throw RemoteStoreError.unreachable(url: baseURL, reason: "\(error)")
        }.flatMapThrowing { response in
            if response.status.code < 300 { return response.body }
            throw Self.failure(status: Int(response.status.code), body: response.body)
        }
    }

    func sendJSON<Body: Encodable>(_ method: HTTPMethod, _ path: String, _ value: Body, query: [(String, String)] = [])
    -> EventLoopFuture<ByteBuffer?> {
        do {
            return send(method, path, query: query, json: try TrackingWireFormat.encoder.encode(value))
        } catch {
            return client.eventLoopGroup.next().makeFailedFuture(error)
        }
    }

    /// The answer's body decoded as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer?) throws -> T {
        let data = body.map { Data($0.readableBytesView) } ?? Data()
        do {
            return try TrackingWireFormat.decoder.decode(T.self, from: data)
        } catch {
            throw RemoteStoreError.server(status: 200, message: "unexpected answer (\(error)): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    func get<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String)] = []) async throws -> T {
        try Self.decode(T.self, try await send(.GET, path, query: query).get())
    }

    /// The error an answer of `status` carries: its `TrackingError` or `SearchError` when the
    /// server sent one, else a ``RemoteStoreError``.
    static func failure(status: Int, body: ByteBuffer?) -> any Error {
        struct Envelope: Decodable {
            struct Failure: Decodable { var code: String?; var message: String?; var detail: [String: String]? }
            var error: Failure
        }
        let data = body.map { Data($0.readableBytesView) } ?? Data()
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            return RemoteStoreError.server(status: status, message: text.isEmpty ? "no message" : text)
        }
        let detail = envelope.error.detail ?? [:]
        let message = envelope.error.message ?? envelope.error.code ?? "no message"
        if let tracking = TrackingError(wireFields: detail) { return tracking }
        if let query = detail["query"], let column = detail["column"].flatMap({ Int($0) }), let text = detail["message"] {
            return SearchError(query: query, column: column, message: text)
        }
        switch status {
        case 401: return RemoteStoreError.unauthorized(message)
        case 403: return RemoteStoreError.forbidden(message)
        default: return RemoteStoreError.server(status: status, message: message)
        }
    }

    /// A name as one path segment.
    static func segment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? name
    }

    /// RFC 3986 unreserved characters: everything else is percent-encoded.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(segment($0.0))=\(segment($0.1))" }.joined(separator: "&")
    }

    static func listQuery(_ options: ListOptions) -> [(String, String)] {
        var items = [("sort", options.sortBy.rawValue), ("order", options.ascending ? "asc" : "desc")]
        if let limit = options.limit { items.append(("limit", String(limit))) }
        if options.offset != 0 { items.append(("offset", String(options.offset))) }
        return items
    }
}
