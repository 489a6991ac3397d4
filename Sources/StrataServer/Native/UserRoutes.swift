import Foundation
import Hummingbird
import StrataAuth
import StrataTracking

/// `GET /api/v1/whoami` (any user: the caller's name, role and grants) and, for admins, the
/// users: list (never a credential), add and rotate (the new credentials answered once), remove.
enum UserRoutes {
    struct CallerBody: Encodable {
        let name: String
        let role: UserRole
        /// Experiments a viewer may read; absent for editors and admins (all).
        let experiments: [String]?
    }

    struct NewUser: Decodable {
        let name: String
        let role: String
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
        let administration = routes.services.administration
        @Sendable func required() throws -> UserAdministration {
            guard let administration else { throw ServerError.badRequest("this server cannot issue credentials (it has no key file)") }
            return administration
        }
        routes.add(.post, "/api/v1/users", api: .native, rule: .admin) { request, context in
            let body = try await request.decodeJSON(NewUser.self, context: context)
            guard let role = UserRole(rawValue: body.role) else {
                throw ServerError.badRequest("role must be admin, editor or viewer, got \"\(body.role)\"", field: "role")
            }
            let issued = try await required().add(name: body.name, role: role, experiments: body.experiments)
            return try JSONResponse.encode(issued, status: .created)
        }
        routes.add(.post, "/api/v1/users/:name/rotate", api: .native, rule: .admin) { _, context in
            let issued = try await required().rotate(name: try context.parameters.require("name"))
            return try JSONResponse.encode(issued)
        }
        routes.add(.delete, "/api/v1/users/:name", api: .native, rule: .admin) { _, context in
            try await required().remove(name: try context.parameters.require("name"))
            return Response(status: .noContent)
        }
    }
}
