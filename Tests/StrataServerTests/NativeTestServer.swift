import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StrataAuth
import StrataServer
import StrataSQLite
import StrataTracking

/// `strata serve`'s application on a free loopback port, in this process, over a fresh
/// in-memory SQLite store, with three bearer tokens (admin, editor, a viewer of `shared`).
struct NativeTestServer {
    static let adminToken = "admin-token"
    static let editorToken = "editor-token"
    static let viewerToken = "viewer-token"

    let url: String
    let store: SQLiteTrackingStore
    let artifactRoot: URL
    let task: Task<Void, any Error>

    static func start(maxRequestBodySize: Int = 16 << 20, maxArtifactSize: Int = 1 << 20) async throws -> NativeTestServer {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("strata-native-\(UUID().uuidString)/artifacts")
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: root)
        let configuration = ServerConfiguration(port: 0, maxRequestBodySize: maxRequestBodySize, maxArtifactSize: maxArtifactSize,
                                                artifactRoot: root)
        let services = ServerServices(store: store, access: NoAccessStore(), authenticator: TokenAuthenticator(),
                                      configuration: configuration)
        var logger = Logger(label: "strata-test")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try buildApplication(services: services, logger: logger) { port in continuation.yield(port) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TrackingError.storage("the test server did not start") }
        return NativeTestServer(url: "http://127.0.0.1:\(port)", store: store, artifactRoot: root, task: task)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: artifactRoot.deletingLastPathComponent())
    }

    /// Runs `body` against a fresh server, stopping it afterwards.
    static func with<T>(maxArtifactSize: Int = 1 << 20, _ body: (NativeTestServer) async throws -> T) async throws -> T {
        let server = try await start(maxArtifactSize: maxArtifactSize)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        /// `error.field` of a native error.
        var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
    }

    /// One raw request (any bytes) with `token`.
    func request(_ method: HTTPMethod, _ path: String, token: String? = editorToken, body: Data? = nil,
                 headers: [(String, String)] = []) async throws -> Answer {
        var fields = HTTPHeaders()
        if let token { fields.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { fields.add(name: name, value: value) }
        let request = try HTTPClient.Request(url: url + path, method: method, headers: fields, body: body.map { .bytes($0) })
        let response = try await HTTPClient.shared.execute(request: request).get()
        return Answer(status: Int(response.status.code), headers: response.headers,
                      body: response.body.map { Data($0.readableBytesView) } ?? Data())
    }

    func request(_ method: HTTPMethod, _ path: String, token: String? = editorToken, json: String) async throws -> Answer {
        try await request(method, path, token: token, body: Data(json.utf8), headers: [("Content-Type", "application/json")])
    }
}

/// Bearer tokens of three fixed users (the real authenticator lives in StrataAuth).
struct TokenAuthenticator: RequestAuthenticator {
    func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller {
        guard let header = request.header("Authorization") else { throw .missingCredentials }
        switch header {
        case "Bearer \(NativeTestServer.adminToken)": return Caller(name: "ada", role: .admin, experiments: nil)
        case "Bearer \(NativeTestServer.editorToken)": return Caller(name: "ed", role: .editor, experiments: nil)
        case "Bearer \(NativeTestServer.viewerToken)": return Caller(name: "client", role: .viewer, experiments: ["shared"])
        default: throw .invalidToken
        }
    }
}

/// No users: the native API never asks for them.
struct NoAccessStore: AccessStore {
    func hasUsers() async throws -> Bool { true }
    func addUser(_ user: UserRecord) async throws {}
    func users() async throws -> [UserRecord] { [] }
    func user(named name: String) async throws -> UserRecord? { nil }
    func user(tokenHash: String) async throws -> UserRecord? { nil }
    func user(accessKeyID: String) async throws -> UserRecord? { nil }
    func replaceCredentials(of name: String, tokenHash: String, accessKeyID: String, sealedSecret: String) async throws {}
    func removeUser(named name: String) async throws {}
}
