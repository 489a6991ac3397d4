import Hummingbird
import StrataAuth
import NIOConcurrencyHelpers

/// One registered route (or one operation of a multi-operation route) and its rule.
public struct RouteEntry: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    /// The path pattern as registered (`/api/v1/experiments/:name`).
    public var path: String
    public var api: APIFamily
    public var rule: RouteRule
    /// The operation on a ``RouteRule/perOperation`` route (`CreateExperiment`), else nil.
    public var operation: String?

    public var description: String { "\(method) \(path)\(operation.map { " [\($0)]" } ?? "") → \(rule.rawValue)" }
}

/// Every route the server registered, with its rule: what the route × role test walks.
public final class RouteTable: Sendable {
    private let box = NIOLockedValueBox<[RouteEntry]>([])

    public init() {}

    public var entries: [RouteEntry] { box.withLockedValue { $0 } }

    func record(_ entry: RouteEntry) { box.withLockedValue { $0.append(entry) } }

    /// The rule of one operation of a ``RouteRule/perOperation`` route.
    public func rule(method: String, path: String, operation: String) -> RouteRule? {
        entries.first { $0.method == method && $0.path == path && $0.operation == operation }?.rule
    }
}

extension RouteTable {
    /// Checks the caller against the rule recorded for `operation`; an operation without a rule
    /// is refused. (On the table, which is `Sendable`, so a dispatcher's handler can hold it.)
    public func authorize(operation: String, method: HTTPRequest.Method, path: String, context: StrataRequestContext) throws(ServerError) {
        guard let rule = rule(method: method.rawValue, path: path, operation: operation) else {
            throw ServerError(.badRequest, "Unknown operation \(operation).", code: "UnknownOperationException")
        }
        guard let caller = context.caller else { throw ServerError(.unauthorized, AuthenticationFailure.missingCredentials.description) }
        guard rule.admits(caller.role) else {
            throw ServerError(.forbidden, "User \(caller.name) (\(caller.role.rawValue)) is not authorized to perform \(operation).")
        }
    }
}
