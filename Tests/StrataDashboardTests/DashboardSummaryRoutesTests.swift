import Foundation
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `GET /dashboard/api/experiments` on a real server whose store a real `strata quickstart`
/// filled: counts, best objective and last activity as the store holds them, scoped per viewer.
@Suite struct DashboardSummaryRoutesTests {
    struct Listing: Decodable {
        struct Best: Decodable { var trial: String; var metric: String; var value: Double }
        struct Summary: Decodable {
            var name: String; var trials: Int; var components: Int; var best: Best?; var lastActivity: Date?
        }
        var experiments: [Summary]
    }

    static func listing(_ server: LiveServer, token: String) async throws -> Listing {
        var request = URLRequest(url: server.url("/dashboard/api/experiments"))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        try #require((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: data, as: UTF8.self))")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Listing.self, from: data)
    }

    /// The best trial read back from the store: the objective's direction is in the metric's
    /// text, the value a number in the metadata.
    static func expectedBest(_ trials: [Trial]) -> (trial: String, value: Double)? {
        let scored = trials.compactMap { trial -> (String, Double, Bool)? in
            guard let metric = trial.metadata["objective.metric"], let value = trial.metadata["objective.value"].flatMap(Double.init) else { return nil }
            return (trial.name, value, metric.contains("(maximize)"))
        }
        guard let maximize = scored.first?.2 else { return nil }
        let best = maximize ? scored.max { $0.1 < $1.1 } : scored.min { $0.1 < $1.1 }
        return best.map { ($0.0, $0.1) }
    }

    @Test func summarisesEachExperimentFromTheStore() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ana", role: "admin"),
                                                        .init(name: "client", role: "viewer", experiments: ["quickstart"])])
        defer { server.stop() }
        let work = server.directory.appendingPathComponent("quickstart", isDirectory: true)
        let run = try LiveServer.runStrata(["quickstart", "--rows", "1000", "--trials", "3", "--workers", "1",
                                            "--store", server.storeURL, "--dir", work.path], in: server.directory)
        try #require(run.status == 0, "strata quickstart failed: \(run.stderr)")

        // A second experiment, minimising, that the viewer was not granted.
        let store = try SQLiteTrackingStore(path: String(server.storeURL.dropFirst("sqlite:".count)))
        _ = try await store.loadOrCreateExperiment("private", description: "not for the client")
        for (index, value) in [0.75, 0.25, 0.5].enumerated() {
            _ = try await store.loadOrCreateTrial("private-\(index)", experiment: "private",
                                                  metadata: ["objective.metric": "davies_bouldin (minimize)", "objective.value": String(value)])
        }
        _ = try await store.loadOrCreateComponent("private-step")
        try await store.associate(component: "private-step", trial: "private-1")

        let listing = try await Self.listing(server, token: server.user("ana").token)
        #expect(listing.experiments.map(\.name) == ["private", "quickstart"])
        for summary in listing.experiments {
            let trials = try await store.trials(experiment: summary.name)
            var components = Set<String>()
            var latest = try await store.experiment(named: summary.name).updatedAt
            for trial in trials {
                latest = max(latest, trial.updatedAt)
                for component in try await store.components(trial: trial.name) {
                    components.insert(component.name)
                    latest = max(latest, component.updatedAt)
                }
            }
            #expect(summary.trials == trials.count && summary.trials > 0, "\(summary.name)")
            #expect(summary.components == components.count, "\(summary.name)")
            let best = try #require(Self.expectedBest(trials))
            #expect(summary.best?.trial == best.trial && summary.best?.value == best.value, "\(summary.name)")
            // ISO-8601 on the wire keeps whole seconds.
            let shown = try #require(summary.lastActivity)
            #expect(abs(shown.timeIntervalSince(latest)) < 1, "\(summary.name): \(shown) vs \(latest)")
        }
        #expect(listing.experiments.first { $0.name == "quickstart" }?.components ?? 0 > 3)

        let viewed = try await Self.listing(server, token: server.user("client").token)
        #expect(viewed.experiments.map(\.name) == ["quickstart"])
    }
}
