import Foundation
import Hummingbird

/// `/api/v1`: the native REST API (documented in `Resources/openapi.json`, served at
/// `/api/v1/openapi.json`).
enum NativeAPI {
    static func register(on routes: GuardedRoutes) {
        UserRoutes.register(on: routes)
        NativeExperimentRoutes.register(on: routes)
        NativeTrialRoutes.register(on: routes)
        NativeComponentRoutes.register(on: routes)
        NativeSearchRoutes.register(on: routes)
        NativeArtifactRoutes.register(on: routes)
        routes.add(.get, "/api/v1/openapi.json", api: .native, rule: .read) { _, _ in
            JSONResponse.raw(try openAPIDocument())
        }
    }

    /// The committed OpenAPI 3.1 document.
    static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw ServerError(.internalError, "the OpenAPI document is missing from the server's resources")
        }
        return try Data(contentsOf: url)
    }
}
