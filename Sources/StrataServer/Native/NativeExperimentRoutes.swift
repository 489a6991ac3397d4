import Hummingbird
import StrataTracking

/// `/api/v1/experiments`: list, load-or-create, get, update, delete.
enum NativeExperimentRoutes {
    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/api/v1/experiments", api: .native, rule: .read) { request, context in
            let scope = try NativeScope(store, context)
            let options = try NativeHTTP.listOptions(request)
            guard scope.restricted else { return try NativeHTTP.json(NativeReply.Experiments(experiments: try await store.experiments(options))) }
            var all = options
            all.limit = nil; all.offset = 0
            let visible = try await store.experiments(all).filter { scope.caller.canRead(experiment: $0.name) }
            return try NativeHTTP.json(NativeReply.Experiments(experiments: visible.page(options)))
        }
        routes.add(.post, "/api/v1/experiments", api: .native, rule: .write) { request, context in
            let body = try await NativeHTTP.body(NativeBody.Experiment.self, request, context)
            guard let name = body.name else { throw ServerError.badRequest("Missing required field name.", field: "name") }
            return try await loadOrCreate(name, body, store: store, context: context)
        }
        routes.add(.put, "/api/v1/experiments/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Experiment.self, request, context)
            try NativeHTTP.requireSameName(body.name, path: name)
            return try await loadOrCreate(name, body, store: store, context: context)
        }
        routes.add(.get, "/api/v1/experiments/:name", api: .native, rule: .read) { _, context in
            let name = try NativeHTTP.path("name", context)
            try NativeScope(store, context).requireRead(experiment: name)
            return try NativeHTTP.json(try await store.experiment(named: name))
        }
        routes.add(.patch, "/api/v1/experiments/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Update.self, request, context)
            return try NativeHTTP.json(try await store.updateExperiment(name, body.entityUpdate))
        }
        routes.add(.delete, "/api/v1/experiments/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            try await store.deleteExperiment(name, cascade: try NativeHTTP.bool("cascade", request) ?? false)
            return NativeHTTP.noContent()
        }
    }

    static func loadOrCreate(_ name: String, _ body: NativeBody.Experiment, store: any SearchableTrackingStore,
                             context: StrataRequestContext) async throws -> Response {
        let experiment = try await store.loadOrCreateExperiment(name, displayName: body.displayName, description: body.description,
                                                                tags: body.tags ?? [:],
                                                                createdBy: body.createdBy ?? context.caller?.name)
        return try NativeHTTP.json(experiment)
    }
}
