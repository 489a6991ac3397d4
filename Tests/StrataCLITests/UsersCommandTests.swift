import Foundation
import Testing

/// `strata users` as a user runs it: credentials printed once, never listed, rules per role.
@Suite struct UsersCommandTests {
    static func json(_ text: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
    }

    @Test func addListRotateRemove() throws {
        let cli = try CLIRunner()
        let store = "sqlite:\(cli.path("team/strata.sqlite"))"
        let added = try cli.run(["users", "add", "ana", "--role", "viewer", "--experiments", "churn,segments", "--store", store, "--json"])
        #expect(added.code == 0, "\(added.stderr)")
        let ana = Self.json(added.stdout)
        #expect(Set(ana.keys) == ["name", "role", "token", "access_key_id", "secret_access_key"])
        #expect(ana["name"] == "ana" && ana["role"] == "viewer")

        let keyFile = cli.path("team/strata-secrets.key")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let listed = try cli.run(["users", "list", "--store", store])
        #expect(listed.code == 0)
        #expect(listed.stdout.contains("ana") && listed.stdout.contains("churn,segments") && listed.stdout.contains(ana["access_key_id"]!))
        #expect(!listed.stdout.contains(ana["token"]!) && !listed.stdout.contains(ana["secret_access_key"]!))

        let rotated = Self.json(try cli.run(["users", "rotate", "ana", "--store", store, "--json"]).stdout)
        #expect(rotated["name"] == "ana" && rotated["token"] != nil && rotated["token"] != ana["token"])
        #expect(rotated["access_key_id"] != ana["access_key_id"])

        #expect(try cli.run(["users", "remove", "ana", "--store", store]).code == 0)
        let again = try cli.run(["users", "remove", "ana", "--store", store])
        #expect(again.code == 1 && again.stderr.contains("no user named ana"))
    }

    @Test func rolesAndGrantsAreChecked() throws {
        let cli = try CLIRunner()
        let store = "sqlite:\(cli.path("strata.sqlite"))"
        let viewer = try cli.run(["users", "add", "client", "--role", "viewer", "--store", store])
        #expect(viewer.code == 1 && viewer.stderr.contains("--experiments"))
        let editor = try cli.run(["users", "add", "ana", "--role", "editor", "--experiments", "a", "--store", store])
        #expect(editor.code == 1 && editor.stderr.contains("viewers"))
        let unknown = try cli.run(["users", "add", "ana", "--role", "owner", "--store", store])
        #expect(unknown.code == 1 && unknown.stderr.contains("'owner' is invalid for '--role") && unknown.stderr.contains("'admin'"))
        let text = try cli.run(["users", "add", "ana", "--role", "admin", "--store", store])
        #expect(text.code == 0 && text.stdout.contains("strata_") && text.stdout.contains("shown only now"))
        let duplicate = try cli.run(["users", "add", "ana", "--role", "admin", "--store", store])
        #expect(duplicate.code == 1 && duplicate.stderr.contains("already exists"))
    }
}
