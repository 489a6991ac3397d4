import Foundation
import Testing
import _StrataTestSupport

/// `/api/v1/whoami` and `/api/v1/users` on a real `strata serve`, per role and credential kind.
@Suite struct UserRoutesTests {
    @Test func openWithoutUsersOnLoopback() async throws {
        let server = try await LiveServer.start()
        defer { server.stop() }
        #expect(try await LiveHTTP.get(server.url("/healthz")).status == 200)
        let whoami = try await LiveHTTP.get(server.url("/api/v1/whoami"))
        #expect(whoami.status == 200)
        #expect(whoami.json["role"] as? String == "admin")
        #expect(server.stderr.contains("no users defined: open access on loopback"))
    }

    @Test func credentialsRequiredOnceUsersExist() async throws {
        let server = try await LiveServer.start(users: [
            .init(name: "boss", role: "admin"), .init(name: "ana", role: "editor"),
            .init(name: "client", role: "viewer", experiments: ["churn", "segments"]),
        ])
        defer { server.stop() }
        #expect(try await LiveHTTP.get(server.url("/healthz")).status == 200)
        let anonymous = try await LiveHTTP.get(server.url("/api/v1/whoami"))
        #expect(anonymous.status == 401)
        #expect((anonymous.json["error"] as? [String: Any])?["message"] as? String != nil)
        #expect(try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer strata_not-a-token").status == 401)

        for (name, role) in [("boss", "admin"), ("ana", "editor"), ("client", "viewer")] {
            let reply = try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(server.user(name).token)")
            #expect(reply.status == 200)
            #expect(reply.json["name"] as? String == name && reply.json["role"] as? String == role)
        }
        let viewer = try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(server.user("client").token)")
        #expect(viewer.json["experiments"] as? [String] == ["churn", "segments"])

        // MLflow's basic auth: user name and token as password.
        let basic = Data("ana:\(server.user("ana").token)".utf8).base64EncodedString()
        #expect(try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Basic \(basic)").json["name"] as? String == "ana")

        // Listing users is for admins, and never shows a credential.
        let listed = try await LiveHTTP.get(server.url("/api/v1/users"), authorization: "Bearer \(server.user("boss").token)")
        #expect(listed.status == 200)
        let users = listed.json["users"] as? [[String: Any]] ?? []
        #expect(users.compactMap { $0["name"] as? String } == ["ana", "boss", "client"])
        let text = String(decoding: listed.body, as: UTF8.self)
        for credentials in server.users.values {
            #expect(!text.contains(credentials.token) && !text.contains(credentials.secret_access_key))
        }
        for name in ["ana", "client"] {
            #expect(try await LiveHTTP.get(server.url("/api/v1/users"), authorization: "Bearer \(server.user(name).token)").status == 403)
        }
        #expect(server.stop() == 0)
    }
}
