import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A server on a loopback port inside this process, for the lifetime of one `strata job run`:
/// the job's script sends its SageMaker calls here.
///
/// ```swift
/// let server = try await JobServer.start(services: services)
/// print(server.url)            // "http://127.0.0.1:53021"
/// await server.shutdown()      // finishes requests in flight
/// ```
///
/// Unlike `strata serve` it installs no signal handlers (the job runner owns SIGINT and SIGTERM)
/// and logs only warnings, so the script's own output stays readable.
public final class JobServer: Sendable {
    public let url: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(url: String, group: ServiceGroup, task: Task<Void, any Error>) {
        self.url = url; self.group = group; self.task = task
    }

    /// Starts the server on `services.configuration` (give port 0 for a free port) and returns
    /// once it listens.
    public static func start(services: ServerServices, logLevel: Logger.Level = .warning) async throws -> JobServer {
        var logger = Logger(label: "strata-job-server")
        logger.logLevel = logLevel
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try buildApplication(services: services, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let failure = await task.result
            if case .failure(let error) = failure { throw error }
            throw ServerStartError.invalidOption("the job's server stopped before it listened")
        }
        return JobServer(url: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    /// Finishes requests in flight and stops listening.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
