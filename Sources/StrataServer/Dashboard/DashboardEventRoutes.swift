import Foundation
import Hummingbird
import ServiceLifecycle
import StrataTracking

/// `GET /dashboard/api/events?experiment=E`: server-sent events that tell the dashboard the
/// record changed, so the leaderboard and charts refresh while trials run.
///
/// The store is polled once a second: a cheap whole-record check first, then — only when that
/// moved — the watched experiment's own counts and latest change, so writes by any process
/// (runs logging into the same SQLite file, other servers) are seen, and a viewer hears only
/// about experiments granted to it. Events:
/// - `ready` once, with the experiment's activity;
/// - `change` with the new activity whenever it differs;
/// - a comment line every ``heartbeat`` so proxies keep the stream open and a closed client is
///   noticed (the next write fails and the stream ends).
/// The stream also ends on server shutdown and after ``lifetime`` (the client reconnects).
/// A request without `Accept: text/event-stream` is answered 406 instead of held open.
enum DashboardEventRoutes {
    static let poll: Duration = .seconds(1)
    static let heartbeat: Duration = .seconds(10)
    static let lifetime: Duration = .seconds(30 * 60)

    struct Event: Encodable {
        var experiment: String?
        var trials: Int
        var components: Int
        var lastActivity: Date?
    }

    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/dashboard/api/events", api: .dashboard, rule: .read) { request, context in
            let caller = try context.requireCaller
            // Only event-stream readers (EventSource, the dashboard's fetch) get the endless
            // stream; any other client — a crawler, a test walking every route — an answer.
            guard request.headers[.accept]?.contains("text/event-stream") == true else {
                throw ServerError(.badRequest, "This route streams server-sent events: send Accept: text/event-stream.", field: "Accept",
                                  status: .notAcceptable)
            }
            let experiment = request.uri.queryParameters["experiment"].map(String.init)
            let watched: [String]?
            if let experiment {
                try context.requireRead(experiment: experiment)
                watched = [experiment]
            } else if !caller.canWrite, let granted = caller.experiments {
                watched = granted.sorted()
            } else {
                watched = nil
            }
            // Resolves the experiment before the stream starts: an unknown one is a 404.
            let first = try await activity(of: watched, experiment: experiment, store: store)
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            // A stream never ends, so its connection can never be reused: say so.
            headers[.connection] = "close"
            let body = ResponseBody { writer in
                try await writer.write(frame("ready", first))
                try await stream(watched: watched, experiment: experiment, first: first, store: store) { bytes in
                    try await writer.write(bytes)
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Polls until the client goes away (a write throws), the task is cancelled, the server
    /// shuts down or the lifetime ends.
    static func stream(watched: [String]?, experiment: String?, first: Event, store: any SearchableTrackingStore,
                       write: (ByteBuffer) async throws -> Void) async throws {
        let clock = ContinuousClock()
        let end = clock.now + lifetime
        var lastBeat = clock.now
        var record = try await store.activity(experiment: nil)
        var current = first
        while clock.now < end, !Task.isShuttingDownGracefully {
            try await Task.sleep(for: poll)
            let now = try await store.activity(experiment: nil)
            if now != record {
                record = now
                let next: Event
                if watched == nil {
                    next = Event(experiment: nil, trials: now.trials, components: now.components, lastActivity: now.lastActivity)
                } else {
                    // A watched experiment deleted meanwhile reads as empty: one last change event.
                    next = (try? await activity(of: watched, experiment: experiment, store: store))
                        ?? Event(experiment: experiment, trials: 0, components: 0, lastActivity: nil)
                }
                if next.trials != current.trials || next.components != current.components || next.lastActivity != current.lastActivity {
                    current = next
                    try await write(frame("change", next))
                    lastBeat = clock.now
                    continue
                }
            }
            if clock.now - lastBeat >= heartbeat {
                try await write(ByteBuffer(string: ": heartbeat\n\n"))
                lastBeat = clock.now
            }
        }
    }

    /// The activity of the watched experiments summed (nil: the whole record). An experiment
    /// granted to a viewer but not (yet) created counts as empty.
    static func activity(of watched: [String]?, experiment: String?, store: any SearchableTrackingStore) async throws -> Event {
        guard let watched else {
            let whole = try await store.activity(experiment: nil)
            return Event(experiment: nil, trials: whole.trials, components: whole.components, lastActivity: whole.lastActivity)
        }
        var total = Event(experiment: experiment, trials: 0, components: 0, lastActivity: nil)
        for name in watched {
            let part: RecordActivity
            do { part = try await store.activity(experiment: name) } catch TrackingError.notFound where experiment == nil { continue }
            total.trials += part.trials
            total.components += part.components
            if let date = part.lastActivity { total.lastActivity = max(total.lastActivity ?? date, date) }
        }
        return total
    }

    static func frame(_ name: String, _ event: Event) -> ByteBuffer {
        let data = (try? JSONResponse.encoder.encode(event)) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }
}
