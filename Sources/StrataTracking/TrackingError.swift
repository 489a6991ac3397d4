import Foundation

/// Every way the experiment record refuses a request, each with a message a user can act on.
///
/// ```swift
/// do { _ = try await store.experiment(named: "churn") }
/// catch TrackingError.notFound(let kind, let name) { print("no \(kind) called \(name)") }
/// ```
///
/// The store, the ``Tracker`` and the validation helpers throw only this type, so a CLI can map
/// it to "user error, exit 1" in one place. `storage` wraps a failure of the underlying database
/// or file system (an internal error rather than a user one).
public enum TrackingError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A name does not match `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$`.
    case invalidName(kind: EntityKind, name: String)
    /// A field (tag key, parameter name, artifact value, …) is empty, too long or malformed.
    case invalidValue(field: String, reason: String)
    /// A count limit (tags per entity, parameters per component) would be exceeded.
    case limitExceeded(what: String, limit: Int, actual: Int)
    /// A metric value is NaN or infinite.
    case nonFiniteMetric(name: String, value: Double)
    /// A numeric parameter is NaN or infinite.
    case nonFiniteParameter(name: String)
    /// The named entity does not exist.
    case notFound(kind: EntityKind, name: String)
    /// The request contradicts what is stored (e.g. a trial loaded under another experiment).
    case conflict(String)
    /// ``TrackingStore/createComponent(_:displayName:tags:sourceJob:)`` found the name taken.
    case alreadyExists(kind: EntityKind, name: String)
    /// An experiment still has trials and `cascade` was not requested.
    case hasChildren(kind: EntityKind, name: String, childCount: Int)
    /// An artifact name could escape the artifact directory.
    case unsafeArtifactName(String)
    /// A store URL could not be understood.
    case invalidStoreURL(String)
    /// The tracker was used after `close()`.
    case trackerClosed(component: String)
    /// The database or file system failed underneath.
    case storage(String)

    public var description: String {
        switch self {
        case let .invalidName(kind, name):
            return "Invalid \(kind) name \"\(name)\": use 1 to 120 letters or digits, optionally joined by hyphens "
                + "(must start and end with a letter or digit; pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$)."
        case let .invalidValue(field, reason):
            return "Invalid \(field): \(reason)."
        case let .limitExceeded(what, limit, actual):
            return "Too many \(what): at most \(limit) allowed, this would make \(actual)."
        case let .nonFiniteMetric(name, value):
            return "Metric \"\(name)\" got the value \(value); only finite numbers can be logged (check for a division by zero or a diverging fit)."
        case let .nonFiniteParameter(name):
            return "Parameter \"\(name)\" is NaN or infinite; log a finite number or a string instead."
        case let .notFound(kind, name):
            return "No \(kind) named \"\(name)\" exists in this store."
        case let .conflict(message):
            return message
        case let .alreadyExists(kind, name):
            return "A \(kind) named \"\(name)\" already exists in this store."
        case let .hasChildren(kind, name, count):
            return "The \(kind) \"\(name)\" still has \(count) trial(s); delete them first or delete with cascade."
        case let .unsafeArtifactName(name):
            return "Artifact name \"\(name)\" is not allowed: use a plain file name without \"/\", \"..\" or NUL characters."
        case let .invalidStoreURL(url):
            return "Cannot open store \"\(url)\": use sqlite:<path> (e.g. sqlite:.strata/strata.sqlite), memory:, or http(s)://host:port of a strata server."
        case let .trackerClosed(component):
            return "The tracker of component \"\(component)\" is closed; open a new Tracker to log more."
        case let .storage(message):
            return "Storage failure: \(message)"
        }
    }

    public var errorDescription: String? { description }
}
