import Foundation
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

/// `GET /dashboard/api/events`: a real server's event stream announces a write made by another
/// process to the watched experiment, and keeps viewers to the experiments granted to them.
@Suite struct DashboardEventRoutesTests {
    @Test func announcesAWriteByAnotherProcess() async throws {
        let server = try await LiveServer.start(users: [.init(name: "client", role: "viewer", experiments: ["watched"])])
        defer { server.stop() }
        let store = try SQLiteTrackingStore(path: String(server.storeURL.dropFirst("sqlite:".count)))
        _ = try await store.loadOrCreateExperiment("watched")
        _ = try await store.loadOrCreateTrial("t1", experiment: "watched")
        _ = try await store.loadOrCreateComponent("c1")
        try await store.associate(component: "c1", trial: "t1")

        let headers = ["Authorization": "Bearer \(server.user("client").token)", "Accept": "text/event-stream"]
        // The write waits for the stream's first frame: a write made before it would already be
        // in `ready`, and no fixed delay is safe while heavy suites beside this one hold the pool.
        let opened = Flag()
        let writer = Task {
            while !opened.isSet { try await Task.sleep(for: .milliseconds(20)) }
            try await Tracker.with(store: store, component: "c1", trials: ["t1"]) { tracker in
                try await tracker.logMetric("loss", 0.5)
            }
        }
        // Held until the change comes (heartbeats keep the stream alive), however slowly the
        // server's poll runs on a busy machine.
        let reply = try await RawHTTP.exchangeOnOwnThread(port: server.port, target: "/dashboard/api/events?experiment=watched",
                                                          headers: headers, idleSeconds: 240) { text in
            if text.contains("event: ready") { opened.set() }
            return text.contains("event: change")
        }
        writer.cancel()
        _ = try? await writer.value
        #expect(reply.status == 200)
        #expect(reply.head.lowercased().contains("content-type: text/event-stream"))
        #expect(reply.body.contains("event: ready"))
        #expect(reply.body.contains("event: change"), "no change event: \(reply.body)")
    }

    @Test func keepsViewersToTheirExperiments() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ana", role: "admin"),
                                                        .init(name: "client", role: "viewer", experiments: ["granted"])])
        defer { server.stop() }
        let store = try SQLiteTrackingStore(path: String(server.storeURL.dropFirst("sqlite:".count)))
        _ = try await store.loadOrCreateExperiment("granted")
        _ = try await store.loadOrCreateExperiment("other")
        let viewer = ["Authorization": "Bearer \(server.user("client").token)", "Accept": "text/event-stream"]
        let admin = ["Authorization": "Bearer \(server.user("ana").token)", "Accept": "text/event-stream"]
        #expect(try RawHTTP.get(port: server.port, target: "/dashboard/api/events?experiment=other", headers: viewer).status == 403)
        #expect(try RawHTTP.get(port: server.port, target: "/dashboard/api/events?experiment=missing", headers: admin).status == 404)
        #expect(try RawHTTP.get(port: server.port, target: "/dashboard/api/events?experiment=granted").status == 401)
        // Not an event-stream reader: answered, not held open.
        var plain = viewer
        plain["Accept"] = "application/json"
        #expect(try RawHTTP.get(port: server.port, target: "/dashboard/api/events?experiment=granted", headers: plain).status == 406)
        let open = try RawHTTP.exchange(port: server.port, target: "/dashboard/api/events?experiment=granted", headers: viewer) {
            $0.contains("event: ready")
        }
        #expect(open.status == 200 && open.body.contains("\"experiment\":\"granted\""))
    }
}

/// A one-way switch shared between the stream's reading thread and the writing task.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
