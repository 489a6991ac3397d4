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

/// `strata users … --store http://…`: an admin manages users through the server's API.
@Suite struct RemoteUsersTests {
    @Test func anAdminManagesUsersOverHTTPAndOthersCannot() async throws {
        let server = try await LiveServer.start(users: [.init(name: "boss", role: "admin"), .init(name: "ana", role: "editor")])
        defer { server.stop() }
        func strata(_ arguments: [String], token: String) throws -> (status: Int32, stdout: String, stderr: String) {
            try LiveServer.runStrata(arguments + ["--store", server.baseURL.absoluteString], in: server.directory,
                                     environment: ["STRATA_TOKEN": token])
        }
        let added = try strata(["users", "add", "acme", "--role", "viewer", "--experiments", "segments", "--json"], token: server.user("boss").token)
        #expect(added.status == 0, "\(added.stderr)")
        let issued = try JSONDecoder().decode(LiveServer.Credentials.self, from: Data(added.stdout.utf8))
        #expect(issued.name == "acme" && issued.role == "viewer")
        let whoami = try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(issued.token)")
        #expect(whoami.json["experiments"] as? [String] == ["segments"])

        let listed = try strata(["users", "list", "--json"], token: server.user("boss").token)
        #expect(listed.stdout.contains("\"acme\"") && !listed.stdout.contains(issued.token))

        let rotated = try strata(["users", "rotate", "acme", "--json"], token: server.user("boss").token)
        let fresh = try JSONDecoder().decode(LiveServer.Credentials.self, from: Data(rotated.stdout.utf8))
        #expect(try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(issued.token)").status == 401)
        #expect(try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(fresh.token)").status == 200)

        // An editor may not manage users; a mistake is one sentence naming it.
        let refused = try strata(["users", "add", "eve", "--role", "admin"], token: server.user("ana").token)
        #expect(refused.status == 1 && refused.stderr.contains("may not"), "\(refused.stderr)")
        let badRole = try await LiveHTTP.send("POST", server.url("/api/v1/users"), authorization: "Bearer \(server.user("boss").token)",
                                              body: Data(#"{"name":"x","role":"owner"}"#.utf8))
        #expect(badRole.status == 400 && (badRole.json["error"] as? [String: Any])?["field"] as? String == "role")

        #expect(try strata(["users", "remove", "acme"], token: server.user("boss").token).status == 0)
        #expect(try await LiveHTTP.get(server.url("/api/v1/whoami"), authorization: "Bearer \(fresh.token)").status == 401)
    }
}
