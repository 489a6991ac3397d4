/// Who may call a route. Every route is registered with one (``GuardedRoutes``); the route-walk
/// test fails for a route without a rule.
public enum RouteRule: String, Sendable, Hashable, CaseIterable {
    /// No credentials needed: `/healthz` only.
    case open
    /// Any authenticated user; a viewer only sees the experiments granted to it (the controller
    /// checks the experiment of what it returns).
    case read
    /// Editors and admins.
    case write
    /// Admins only (user management).
    case admin
    /// The route serves several operations with their own rules (SageMaker's `POST /`): the
    /// dispatcher authorises each operation against its own entry in the ``RouteTable``.
    case perOperation

    /// Whether a caller of `role` passes this rule (``perOperation`` decides later).
    public func admits(_ role: UserRole) -> Bool {
        switch self {
        case .open, .read, .perOperation: return true
        case .write: return role >= .editor
        case .admin: return role == .admin
        }
    }
}

import StrataTracking
