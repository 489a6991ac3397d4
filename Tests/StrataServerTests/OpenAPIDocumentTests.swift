import Foundation
import StrataServer
import StrataSQLite
import Testing

/// The committed OpenAPI document and the routes the server registers never drift apart: every
/// native route is documented, and the document describes no route the server lacks.
@Suite struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/StrataServer/Resources/openapi.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    @Test func everyNativeRouteIsDocumentedAndNothingElse() throws {
        let store = try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil)
        let services = ServerServices(store: store, access: NoAccessStore(), authenticator: TokenAuthenticator(),
                                      configuration: ServerConfiguration(artifactRoot: store.artifactDirectory))
        let (_, table) = buildRouter(services: services)
        let registered = Set(table.entries.filter { $0.api == .native }.map { entry in
            // `/experiments/:name` in the router is `/experiments/{name}` in OpenAPI.
            let path = entry.path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(entry.method.uppercased()) \(path)"
        })
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let methods: Set<String> = ["get", "put", "post", "patch", "delete", "head", "options"]
        let documented = Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(registered).sorted() == [], "documented operations the server lacks")
        #expect(registered.count >= 25)
    }

    @Test func theServedDocumentIsTheCommittedOne() async throws {
        try await NativeTestServer.with { server in
            let answer = try await server.request(.GET, "/api/v1/openapi.json")
            #expect(answer.status == 200)
            let served = try JSONSerialization.jsonObject(with: answer.body) as? NSDictionary
            #expect(served == (try Self.document() as NSDictionary))
        }
    }
}
