import Foundation
import StrataAuth
import StrataTracking

/// `GET /api/v1/whoami` (any user: the caller's name, role and grants) and `GET /api/v1/users`
/// (admins: every user, never a credential).
enum UserRoutes {
    struct CallerBody: Encodable {
        let name: String
        let role: UserRole
        /// Experiments a viewer may read; absent for editors and admins (all).
        let experiments: [String]?
    }

    static func register(on routes: GuardedRoutes) {
        routes.add(.get, "/api/v1/whoami", api: .native, rule: .read) { _, context in
            let caller = try context.requireCaller
            return try JSONResponse.encode(CallerBody(name: caller.name, role: caller.role, experiments: caller.experiments?.sorted()))
        }
        let access = routes.services.access
        routes.add(.get, "/api/v1/users", api: .native, rule: .admin) { _, _ in
            let users = try await access.users().map(UserSummary.init)
            return try JSONResponse.encode(["users": users])
        }
    }
}
