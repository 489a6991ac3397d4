/// A failure of the remote store that is not one of the record's own ``TrackingError``s: the
/// server refused the credentials, could not be reached, or answered something unexpected.
///
/// ```swift
/// do { _ = try await store.experiments() }
/// catch RemoteStoreError.unauthorized(let message) { print("set STRATA_TOKEN: \(message)") }
/// ```
public enum RemoteStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401: no token, or a token the server does not know.
    case unauthorized(String)
    /// 403: the user's role or experiments do not allow the call.
    case forbidden(String)
    /// The server could not be reached (refused, timed out, TLS failure).
    case unreachable(url: String, reason: String)
    /// Any other answer that is not a success.
    case server(status: Int, message: String)

    public var description: String {
        switch self {
        case .unauthorized(let message): return "The server refused the credentials (set STRATA_TOKEN to a token from `strata users add`): \(message)"
        case .forbidden(let message): return "Not allowed: \(message)"
        case let .unreachable(url, reason): return "Cannot reach the Strata server at \(url): \(reason)"
        case let .server(status, message): return "The Strata server answered \(status): \(message)"
        }
    }
}
