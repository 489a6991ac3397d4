import Hummingbird
import StrataTracking

/// `/api/v1/trials`: list (by experiment), load-or-create, get, update, delete.
enum NativeTrialRoutes {
    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/api/v1/trials", api: .native, rule: .read) { request, context in
            let scope = try NativeScope(store, context)
            let options = try NativeHTTP.listOptions(request)
            let experiment = NativeHTTP.query("experiment", request)
            if let experiment { try scope.requireRead(experiment: experiment) }
            guard scope.restricted, experiment == nil else {
                return try NativeHTTP.json(NativeReply.Trials(trials: try await store.trials(experiment: experiment, options)))
            }
            var all = options
            all.limit = nil; all.offset = 0
            let visible = try await store.trials(experiment: nil, all).filter { scope.caller.canRead(experiment: $0.experimentName) }
            return try NativeHTTP.json(NativeReply.Trials(trials: visible.page(options)))
        }
        routes.add(.post, "/api/v1/trials", api: .native, rule: .write) { request, context in
            let body = try await NativeHTTP.body(NativeBody.Trial.self, request, context)
            guard let name = body.name else { throw ServerError.badRequest("Missing required field name.", field: "name") }
            return try await loadOrCreate(name, body, store: store)
        }
        routes.add(.put, "/api/v1/trials/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Trial.self, request, context)
            try NativeHTTP.requireSameName(body.name, path: name)
            return try await loadOrCreate(name, body, store: store)
        }
        routes.add(.get, "/api/v1/trials/:name", api: .native, rule: .read) { _, context in
            let trial = try await store.trial(named: try NativeHTTP.path("name", context))
            try NativeScope(store, context).requireRead(experiment: trial.experimentName)
            return try NativeHTTP.json(trial)
        }
        routes.add(.patch, "/api/v1/trials/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Update.self, request, context)
            return try NativeHTTP.json(try await store.updateTrial(name, body.entityUpdate))
        }
        routes.add(.delete, "/api/v1/trials/:name", api: .native, rule: .write) { _, context in
            try await store.deleteTrial(try NativeHTTP.path("name", context))
            return NativeHTTP.noContent()
        }
    }

    static func loadOrCreate(_ name: String, _ body: NativeBody.Trial, store: any SearchableTrackingStore) async throws -> Response {
        let trial = try await store.loadOrCreateTrial(name, experiment: body.experiment, displayName: body.displayName,
                                                      tags: body.tags ?? [:], metadata: body.metadata ?? [:])
        return try NativeHTTP.json(trial)
    }
}
