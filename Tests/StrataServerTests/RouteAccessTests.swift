import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import StrataAuth
import StrataTracking
import StrataSQLite
import StrataServer
import Testing
import _StrataTestSupport

/// Every route of every API × every role, against a real `strata serve`: a route registered
/// without a rule fails the test, and each role gets exactly what its route's rule says.
@Suite struct RouteAccessTests {
    /// The router and its table, from the same code the server runs.
    static func builtRoutes() throws -> (routes: [(method: String, path: String)], table: [RouteEntry]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-routes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: directory)
        let sealer = try SecretSealer(keyFile: directory.appendingPathComponent("key"))
        let services = ServerServices(store: store, access: store,
                                      authenticator: StrataAuthenticator(access: store, sealer: sealer, allowsOpenAccess: false),
                                      configuration: ServerConfiguration(artifactRoot: directory))
        let (router, table) = buildRouter(services: services)
        return (router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }, table.entries)
    }

    @Test func everyRegisteredRouteHasARule() throws {
        let (routes, table) = try Self.builtRoutes()
        #expect(routes.count > 1)
        for route in routes {
            let ruled = table.contains { $0.method == route.method && RouterPath($0.path).description == route.path }
            #expect(ruled, "\(route.method) \(route.path) was registered without a rule (add it through GuardedRoutes)")
        }
        for entry in table where entry.rule == .perOperation {
            #expect(table.contains { $0.path == entry.path && $0.method == entry.method && $0.operation != nil },
                    "\(entry) dispatches operations but records none")
        }
    }

    /// A concrete request for a route pattern: every parameter and wildcard is the viewer's one
    /// granted experiment name (so scoping never hides a rule decision behind a 404 or 403).
    static func concretePath(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            part.hasPrefix(":") || part.hasPrefix("{") || part == "*" || part == "**" ? "granted" : String(part)
        }.joined(separator: "/")
    }

    @Test func everyRoleGetsWhatTheRuleSays() async throws {
        let server = try await LiveServer.start(users: [
            .init(name: "boss", role: "admin"), .init(name: "ana", role: "editor"),
            .init(name: "client", role: "viewer", experiments: ["granted"]),
        ])
        defer { server.stop() }
        let (_, table) = try Self.builtRoutes()
        let roles: [(user: String?, role: UserRole?)] = [(nil, nil), ("client", .viewer), ("ana", .editor), ("boss", .admin)]
        var failures: [String] = []
        // Role by role, weakest first: the viewer walks before editors create anything, so a
        // read it is admitted to finds nothing (404) rather than an ungranted entity (403).
        for (user, role) in roles {
            for entry in table where entry.rule != .perOperation {
                let status = try await Self.call(entry, as: user.map(server.user), server: server)
                let expected: String
                let ok: Bool
                switch (entry.rule, role) {
                case (.open, _): expected = "not 401/403"; ok = status != 401 && status != 403
                case (_, nil): expected = "401 or 403"; ok = status == 401 || status == 403
                case (let rule, let role?) where rule.admits(role): expected = "not 401/403"; ok = status != 401 && status != 403
                default: expected = "403"; ok = status == 403
                }
                if !ok { failures.append("\(entry) as \(user ?? "anonymous"): got \(status), expected \(expected)") }
                #expect(status < 500, "\(entry) as \(user ?? "anonymous"): \(status)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    static func call(_ entry: RouteEntry, as user: LiveServer.Credentials?, server: LiveServer) async throws -> Int {
        let path = concretePath(entry.path)
        var request = URLRequest(url: server.url(path))
        request.httpMethod = entry.method
        let body: [UInt8] = ["POST", "PUT", "PATCH"].contains(entry.method) ? Array("{}".utf8) : []
        if !body.isEmpty { request.httpBody = Data(body) }
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: entry.api == .sageMaker ? "application/x-amz-json-1.1" : "application/json")]
        if let operation = entry.operation { headers.append((name: "X-Amz-Target", value: "SageMaker.\(operation)")) }
        if let user {
            if entry.api == .sageMaker {
                headers = try SigV4Signer(accessKeyID: user.access_key_id, secretAccessKey: user.secret_access_key, region: "us-east-1")
                    .headers(method: entry.method, path: path, query: "", host: "127.0.0.1:\(server.port)", headers: headers, body: body)
                    .filter { $0.name != "Host" }
            } else {
                headers.append((name: "Authorization", value: "Bearer \(user.token)"))
            }
        }
        for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test func everySageMakerOperationGetsWhatItsRuleSays() async throws {
        let server = try await LiveServer.start(users: [
            .init(name: "boss", role: "admin"), .init(name: "ana", role: "editor"),
            .init(name: "client", role: "viewer", experiments: ["granted"]),
        ])
        defer { server.stop() }
        let (_, table) = try Self.builtRoutes()
        var failures: [String] = []
        for entry in table where entry.operation != nil {
            for (user, role) in [("client", UserRole.viewer), ("ana", .editor), ("boss", .admin)] {
                let status = try await Self.call(entry, as: server.user(user), server: server)
                let admitted = entry.rule.admits(role)
                if admitted ? status == 401 || status == 403 : status != 403 {
                    failures.append("\(entry) as \(user): got \(status), expected \(admitted ? "not 401/403" : "403")")
                }
            }
            let anonymous = try await Self.call(entry, as: nil, server: server)
            if anonymous != 403 && anonymous != 401 { failures.append("\(entry) anonymously: got \(anonymous)") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
