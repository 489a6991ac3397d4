import Foundation
import StrataJobs
import StrataSQLite

/// The SageMaker endpoint and key pair a job's command uses, and how they are given back.
struct JobEndpoint {
    var url: String?
    var credentials: JobCredentials?
    var close: @Sendable () async -> Void = {}

    static func open(server: String?, store: SQLiteTrackingStore, runner: JobRunner) async throws -> JobEndpoint {
        JobEndpoint(url: server, credentials: nil)
    }
}
