/// `/api/v1`: the native REST API (documented in `Resources/openapi.json`).
enum NativeAPI {
    static func register(on routes: GuardedRoutes) {
        UserRoutes.register(on: routes)
    }
}
