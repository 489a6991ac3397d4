import Foundation
import Hummingbird
import Logging

/// Runs the server in the foreground until SIGTERM or SIGINT: requests in flight are finished,
/// then it returns (Hummingbird's service group handles the signals). Logs go to stderr; call
/// once per process (it bootstraps swift-log). `onListening` gets the URL actually bound
/// (`http://127.0.0.1:51234` for port 0).
///
/// ```swift
/// try await runServer(services: services) { url in print("listening on \(url)") }
/// ```
public func runServer(services: ServerServices, logLevel: Logger.Level = .info,
                      onListening: @escaping @Sendable (String) -> Void) async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = logLevel
        return handler
    }
    let configuration = services.configuration
    let logger = Logger(label: "strata-serve")
    let host = configuration.host.contains(":") && !configuration.host.hasPrefix("[") ? "[\(configuration.host)]" : configuration.host
    let scheme = configuration.usesTLS ? "https" : "http"
    let application = try buildApplication(services: services, logger: logger) { port in
        onListening("\(scheme)://\(host):\(port)")
    }
    try await application.runService()
}
