import Hummingbird

enum HealthRoutes {
    /// `GET /healthz`: 200 while the server runs; the only route open without credentials.
    static func register(on routes: GuardedRoutes) {
        routes.add(.get, "/healthz", api: .health, rule: .open) { _, _ in
            JSONResponse.raw(Data("{\"status\":\"ok\"}".utf8))
        }
    }
}

import Foundation
