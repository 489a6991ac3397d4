import Hummingbird

/// The web dashboard: its files at `/` and `/assets/…` (open: they hold no data) and the data
/// routes under `/dashboard/api/…` (read, viewer-scoped like the native API).
enum DashboardAPI {
    static func register(on routes: GuardedRoutes) {
        DashboardAssetRoutes.register(on: routes)
        DashboardSummaryRoutes.register(on: routes)
        DashboardEventRoutes.register(on: routes)
        DashboardJobRoutes.register(on: routes)
    }
}
