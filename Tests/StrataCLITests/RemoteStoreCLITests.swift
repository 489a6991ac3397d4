import Foundation
import Testing
import _StrataTestSupport

/// `--store http://…` on the CLI: verbs read and write a `strata serve` server, and a recorded
/// run logs through the Tracker in the `strata` process into the server.
@Suite struct RemoteStoreCLITests {
    @Test func verbsWorkAgainstAServer() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ed", role: "editor")])
        defer { server.stop() }
        let cli = try CLIRunner()
        let environment = ["STRATA_TOKEN": server.user("ed").token]
        let store = server.baseURL.absoluteString
        try cli.write("points.csv", "x,y\n0,0\n0.1,0\n0,0.1\n5,5\n5.1,5\n5,5.1\n")
        let created = try cli.run(["experiments", "create", "remote", "--store", store], environment: environment)
        #expect(created.code == 0, "\(created.stderr)")
        let fit = try cli.run(["cluster", "kmeans", "points.csv", "--n-clusters", "2", "--experiment", "remote", "--trial", "t1",
                               "--store", store], environment: environment)
        #expect(fit.code == 0, "\(fit.stderr)")
        let listed = try cli.run(["components", "list", "--store", store, "--json"], environment: environment)
        #expect(listed.code == 0, "\(listed.stderr)")
        let components = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(components.count == 1)
        #expect((components.first?["status"] as? [String: Any])?["primary"] as? String == "Completed")
        #expect(((components.first?["metrics"] as? [String: Any])?.count ?? 0) > 0)
        let export = try cli.run(["export", "--experiment", "remote", "--store", store], environment: environment)
        #expect(export.code == 0 && export.stdout.hasPrefix("name,experiment,status,created"), "\(export.stderr)")
        let refused = try cli.run(["experiments", "list", "--store", store], environment: ["STRATA_TOKEN": "wrong"])
        #expect(refused.code != 0 && refused.stderr.contains("STRATA_TOKEN"), "\(refused.stderr)")
    }
}
