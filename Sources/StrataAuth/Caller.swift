import StrataTracking

/// Who made a request, once authenticated: what every route's rule and every controller's
/// experiment check asks.
public struct Caller: Sendable, Hashable {
    public var name: String
    public var role: UserRole
    /// Experiments a viewer may read; nil = all.
    public var experiments: Set<String>?

    public init(name: String, role: UserRole, experiments: Set<String>?) {
        self.name = name; self.role = role; self.experiments = experiments
    }

    public init(_ user: UserRecord) {
        self.init(name: user.name, role: user.role, experiments: user.experiments.map(Set.init))
    }

    /// The caller of a server that has no users yet and listens on loopback only (like `mlflow ui`).
    public static let openAccess = Caller(name: "local", role: .admin, experiments: nil)

    /// Whether this caller may read the experiment's record.
    public func canRead(experiment: String) -> Bool {
        role >= .editor || experiments?.contains(experiment) ?? true
    }

    /// Whether this caller may create, change or delete records.
    public var canWrite: Bool { role >= .editor }

    /// Whether this caller may manage users.
    public var isAdmin: Bool { role == .admin }
}
