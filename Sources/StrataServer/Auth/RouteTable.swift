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
