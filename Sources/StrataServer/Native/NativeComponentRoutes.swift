import Hummingbird
import StrataTracking

/// `/api/v1/components`: list (by trial), create, load-or-create, get, update, delete, trial
/// links (M:N), metric series; and `/api/v1/writes`, the write primitive.
enum NativeComponentRoutes {
    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/api/v1/components", api: .native, rule: .read) { request, context in
            let scope = try NativeScope(store, context)
            let options = try NativeHTTP.listOptions(request)
            let trial = NativeHTTP.query("trial", request)
            if let trial { try scope.requireRead(experiment: try await store.trial(named: trial).experimentName) }
            guard scope.restricted, trial == nil else {
                return try NativeHTTP.json(NativeReply.Components(components: try await store.components(trial: trial, options)))
            }
            var all = options
            all.limit = nil; all.offset = 0
            let visible = try await scope.readable(try await store.components(trial: nil, all))
            return try NativeHTTP.json(NativeReply.Components(components: visible.page(options)))
        }
        routes.add(.post, "/api/v1/components", api: .native, rule: .write) { request, context in
            let body = try await NativeHTTP.body(NativeBody.Component.self, request, context)
            guard let name = body.name else { throw ServerError.badRequest("Missing required field name.", field: "name") }
            let component = try await store.createComponent(name, displayName: body.displayName, tags: body.tags ?? [:],
                                                             sourceJob: body.sourceJob)
            return try NativeHTTP.json(component, status: .created)
        }
        routes.add(.put, "/api/v1/components/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Component.self, request, context)
            try NativeHTTP.requireSameName(body.name, path: name)
            let component = try await store.loadOrCreateComponent(name, displayName: body.displayName, tags: body.tags ?? [:],
                                                                  sourceJob: body.sourceJob)
            return try NativeHTTP.json(component)
        }
        routes.add(.get, "/api/v1/components/:name", api: .native, rule: .read) { _, context in
            let component = try await store.component(named: try NativeHTTP.path("name", context))
            try await NativeScope(store, context).requireRead(component: component)
            return try NativeHTTP.json(component)
        }
        routes.add(.patch, "/api/v1/components/:name", api: .native, rule: .write) { request, context in
            let name = try NativeHTTP.path("name", context)
            let body = try await NativeHTTP.body(NativeBody.Update.self, request, context)
            return try NativeHTTP.json(try await store.updateComponent(name, body.entityUpdate))
        }
        routes.add(.delete, "/api/v1/components/:name", api: .native, rule: .write) { _, context in
            try await store.deleteComponent(try NativeHTTP.path("name", context))
            return NativeHTTP.noContent()
        }
        routes.add(.put, "/api/v1/components/:name/trials/:trial", api: .native, rule: .write) { _, context in
            try await store.associate(component: try NativeHTTP.path("name", context), trial: try NativeHTTP.path("trial", context))
            return NativeHTTP.noContent()
        }
        routes.add(.delete, "/api/v1/components/:name/trials/:trial", api: .native, rule: .write) { _, context in
            try await store.disassociate(component: try NativeHTTP.path("name", context), trial: try NativeHTTP.path("trial", context))
            return NativeHTTP.noContent()
        }
        routes.add(.get, "/api/v1/components/:name/metrics/:metric", api: .native, rule: .read) { _, context in
            let name = try NativeHTTP.path("name", context)
            let metric = try NativeHTTP.path("metric", context)
            try TrackingLimits.validateKey(metric, field: "metric name")
            let scope = try NativeScope(store, context)
            if scope.restricted { try await scope.requireRead(component: try await store.component(named: name)) }
            let points = try await store.metricSeries(component: name, metric: metric)
            return try NativeHTTP.json(NativeReply.Series(component: name, metric: metric, points: points))
        }
        routes.add(.post, "/api/v1/writes", api: .native, rule: .write) { request, context in
            let batch = try await NativeWriteDecoding.batch(request, context)
            try await store.apply(batch)
            return NativeHTTP.noContent()
        }
    }
}
