import Foundation
import Hummingbird
import StrataAuth

/// `GET /dashboard/api/session` (open): whether the server admits requests without credentials
/// (no users, loopback), so the dashboard skips its sign-in page there and, elsewhere, shows it
/// without first provoking a refused request. It tells nothing else.
enum DashboardSessionRoutes {
    struct Reply: Encodable { var open: Bool }

    static func register(on routes: GuardedRoutes) {
        let authenticator = routes.services.authenticator
        routes.add(.get, "/dashboard/api/session", api: .dashboard, rule: .open) { _, _ in
            let anonymous = AuthenticationRequest(method: "GET", path: "/api/v1/whoami", query: "", headers: [], body: [])
            let open = (try? await authenticator.authenticate(anonymous)) != nil
            return try JSONResponse.encode(Reply(open: open))
        }
    }
}
