import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StrataAuth
import StrataSQLite
import StrataTracking
import StrataServer

/// The server in this process on a real SQLite store in a temporary directory, with a test-only
/// authenticator: `Bearer editor-token` is an editor, `Bearer viewer-token` a viewer granted the
/// experiment `segments`, anything else is refused.
struct MLflowTestServer {
    let directory: URL
    let store: SQLiteTrackingStore
    let services: ServerServices

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-mlflow-\(UUID().uuidString)")
        store = try SQLiteTrackingStore(path: directory.appendingPathComponent("strata.sqlite").path)
        services = ServerServices(store: store, access: NoUsers(), authenticator: TokenAuthenticator(),
                                  configuration: ServerConfiguration(port: 0, maxArtifactSize: 1 << 20, artifactRoot: store.artifactDirectory))
    }

    /// Runs `body` against the server listening on a loopback port.
    func live<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let (router, _) = buildRouter(services: services)
        var logger = Logger(label: "mlflow-test")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in try await body(client) }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    struct TokenAuthenticator: RequestAuthenticator {
        func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller {
            switch request.header("Authorization") {
            case "Bearer editor-token": return Caller(name: "ana", role: .editor, experiments: nil)
            case "Bearer viewer-token": return Caller(name: "client", role: .viewer, experiments: ["segments"])
            case nil: throw .missingCredentials
            default: throw .invalidToken
            }
        }
    }

    /// Users are not what these tests exercise; the authenticator above stands in for them.
    struct NoUsers: AccessStore {
        func hasUsers() async throws -> Bool { false }
        func addUser(_ user: UserRecord) async throws {}
        func users() async throws -> [UserRecord] { [] }
        func user(named name: String) async throws -> UserRecord? { nil }
        func user(tokenHash: String) async throws -> UserRecord? { nil }
        func user(accessKeyID: String) async throws -> UserRecord? { nil }
        func replaceCredentials(of name: String, tokenHash: String, accessKeyID: String, sealedSecret: String) async throws {}
        func removeUser(named name: String) async throws {}
    }
}
