import Foundation
import HTTPTypes
import Hummingbird
import StrataJobs
import StrataTracking

/// The Jobs page's routes:
/// - `GET /dashboard/api/jobs?recent=N` — running and recent jobs and the sweeps
///   (``DashboardJobListing``), limited to what the caller may read;
/// - `GET /dashboard/api/jobs/{component}/log?tail=BYTES` — the end of a job's log as
///   `text/plain`, read while the job writes it (``JobLogTail``); the headers `X-Log-Size` and
///   `X-Log-Start` say how large the file was and where the text starts;
/// - `POST /dashboard/api/jobs/{component}/stop` (editors and admins) — the same request as
///   `strata job stop`: ``JobControl/requestStop(component:store:reason:timeout:)`` marks the
///   component Stopping and the job's runner stops the child within its control interval. It
///   answers at once with the status recorded (`Stopping`); the page follows the rest live.
///
/// The log is only served for a recorded job (a component with the `job.command` parameter), and
/// only from `<artifact root>/<component>/job.log`, the file the runner writes: the path is built
/// from a validated component name, never from a recorded value, so nothing outside the
/// artifact root can be read.
enum DashboardJobRoutes {
    static let defaultTail = 64 * 1024
    static let maxTail = 4 * 1024 * 1024
    static let defaultRecent = 100

    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        let artifactRoot = routes.services.configuration.artifactRoot
        routes.add(.get, "/dashboard/api/jobs", api: .dashboard, rule: .read) { request, context in
            let recent = try NativeHTTP.int("recent", request) ?? defaultRecent
            guard (1...1_000).contains(recent) else {
                throw ServerError.badRequest("recent must be between 1 and 1000, got \(recent).", field: "recent")
            }
            return try NativeHTTP.json(try await DashboardJobListing.build(scope: try NativeScope(store, context), recent: recent))
        }
        routes.add(.get, "/dashboard/api/jobs/:name/log", api: .dashboard, rule: .read) { request, context in
            let component = try await job(try NativeHTTP.path("name", context), store: store)
            try await NativeScope(store, context).requireRead(component: component)
            let tail = try NativeHTTP.int("tail", request) ?? defaultTail
            guard (1...maxTail).contains(tail) else {
                throw ServerError.badRequest("tail must be between 1 and \(maxTail) bytes, got \(tail).", field: "tail")
            }
            let file = artifactRoot.appendingPathComponent(component.name, isDirectory: true)
                .appendingPathComponent("job.log", isDirectory: false)
            let log = try JobLogTail.read(file, bytes: tail)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            headers[.cacheControl] = "no-store"
            headers[HTTPField.Name("X-Log-Size")!] = String(log.size)
            headers[HTTPField.Name("X-Log-Start")!] = String(log.start)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: log.text)))
        }
        routes.add(.post, "/dashboard/api/jobs/:name/stop", api: .dashboard, rule: .write) { _, context in
            let component = try await job(try NativeHTTP.path("name", context), store: store)
            let caller = try context.requireCaller
            do {
                let status = try await JobControl.requestStop(component: component.name, store: store,
                                                              reason: "stopped from the dashboard by \(caller.name)", timeout: .zero)
                return try NativeHTTP.json(StopReply(component: component.name, status: status.primary.rawValue, message: status.message))
            } catch let error as JobError {
                throw ServerError(.conflict, error.description)
            }
        }
    }

    struct StopReply: Encodable {
        var component: String
        var status: String
        var message: String?
    }

    /// The component called `name`, which must be a recorded job (404 otherwise).
    static func job(_ name: String, store: any SearchableTrackingStore) async throws -> TrialComponent {
        try TrackingLimits.validateName(name, kind: .component)
        let component = try await store.component(named: name)
        guard DashboardJobListing.isJob(component) else {
            throw ServerError.notFound("Component \"\(name)\" is not a job recorded by strata job run.")
        }
        return component
    }
}
