import Foundation
import StrataHTTPStore
import StrataTracking
import Testing
import _StrataTestSupport

/// The remote store passes the store contract, unchanged, against a real `strata serve` process
/// (each check on a fresh server and SQLite store) with a real editor's token.
@Suite struct HTTPTrackingStoreTests {
    @Test(arguments: StoreConformance.checks.map(\.name))
    func conformance(_ check: String) async throws {
        let server = try await LiveServer.start(users: [.init(name: "ed", role: "editor")])
        defer { server.stop() }
        let staging = server.directory.appendingPathComponent("staging", isDirectory: true)
        try await StoreConformance.run(check) {
            try HTTPTrackingStore(url: server.baseURL.absoluteString, token: server.user("ed").token, artifactDirectory: staging)
        }
    }

    @Test func refusedCredentialsAndUnreachableServersAreClearErrors() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ed", role: "editor"), .init(name: "client", role: "viewer", experiments: ["shared"])])
        defer { server.stop() }
        let url = server.baseURL.absoluteString
        await #expect(throws: RemoteStoreError.self) { _ = try await HTTPTrackingStore(url: url, token: "wrong").experiments() }
        let viewer = try HTTPTrackingStore(url: url, token: server.user("client").token)
        do {
            _ = try await viewer.loadOrCreateExperiment("shared")
            Issue.record("a viewer wrote")
        } catch let error as RemoteStoreError {
            guard case .forbidden = error else { Issue.record("\(error)"); return }
        }
        let editor = try HTTPTrackingStore(url: url, token: server.user("ed").token)
        _ = try await editor.loadOrCreateExperiment("shared")
        _ = try await editor.loadOrCreateExperiment("private")
        #expect(try await viewer.experiments().map(\.name) == ["shared"])
        do {
            _ = try await editor.search("metrics.m >")
            Issue.record("a malformed search passed")
        } catch let error as SearchError {
            #expect(error.column == 12)
        }
        #expect(throws: TrackingError.self) { _ = try HTTPTrackingStore(url: "ftp://host") }
        server.stop()
        await #expect(throws: RemoteStoreError.self) { _ = try await editor.experiments() }
    }

    @Test func leaderboardsAndKeysTravelWhole() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ed", role: "editor")])
        defer { server.stop() }
        let store = try HTTPTrackingStore(url: server.baseURL.absoluteString, token: server.user("ed").token)
        _ = try await store.loadOrCreateExperiment("e")
        _ = try await store.loadOrCreateTrial("t", experiment: "e")
        for i in 0..<5 {
            try await Tracker.with(store: store, component: "c\(i)", trials: ["t"]) { tracker in
                try await tracker.logParameters(["k": .number(Double(i)), "algorithm": i % 2 == 0 ? "kmeans" : "dbscan"])
                for step in 0..<3 { try await tracker.logMetric("silhouette", Double(i) / 10 + Double(step) / 100, step: step) }
            }
        }
        let spec = try LeaderboardSpec(columns: ["params.algorithm", "metrics.silhouette.max", "created"],
                                       search: #"params.algorithm = "kmeans" order by metrics.silhouette.max desc limit 2"#)
        let table = try await store.leaderboard(spec)
        #expect(table.columns == ["name", "params.algorithm", "metrics.silhouette.max", "created"])
        #expect(table.column("name") == [.text("c4"), .text("c2")])
        #expect(table.column("metrics.silhouette.max") == [.number(4.0 / 10 + 2.0 / 100), .number(2.0 / 10 + 2.0 / 100)])
        #expect(table.rows.allSatisfy { if case .date = $0[3] { true } else { false } })
        let keys = try await store.recordedKeyNames()
        #expect(keys.parameters == ["algorithm", "k"] && keys.metrics == ["silhouette"])
        #expect(try await store.search("params.k >= 3", target: .components).sorted() == ["c3", "c4"])
        #expect(try await store.search("", target: .trials) == ["t"])
    }
}
