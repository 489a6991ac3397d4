import Foundation
import Hummingbird
import StrataTracking


/// `/api/v1/search`, `/api/v1/leaderboard` (a table as JSON), `/api/v1/leaderboard/export`
/// (CSV or JSON, streamed) and `/api/v1/keys` (recorded parameter and metric names).
enum NativeSearchRoutes {
    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/api/v1/search", api: .native, rule: .read) { request, context in
            let scope = try NativeScope(store, context)
            let target = try NativeHTTP.oneOf("target", request, SearchTarget.self) ?? .components
            let text = NativeHTTP.query("q", request) ?? ""
            let names: [String]
            do {
                if scope.restricted {
                    if let query = scope.scoped(try SearchQuery.parse(text)) {
                        names = try await store.search(query.spelling, target: target)
                    } else {
                        names = []
                    }
                } else {
                    names = try await store.search(text, target: target)
                }
            } catch let error as SearchError { throw NativeHTTP.searchFailure(error) }
            return try NativeHTTP.json(NativeReply.Search(target: target, names: names))
        }
        routes.add(.post, "/api/v1/leaderboard", api: .native, rule: .read) { request, context in
            let body = try await NativeHTTP.body(NativeBody.Leaderboard.self, request, context)
            try NativeHTTP.requireNonNegative(body.limit, "limit")
            try NativeHTTP.requireNonNegative(body.offset, "offset")
            var spec: LeaderboardSpec
            do {
                spec = try LeaderboardSpec(target: body.target ?? .components, columns: body.columns ?? [], search: body.search ?? "",
                                           limit: body.limit, offset: body.offset)
            } catch let error as SearchError { throw NativeHTTP.searchFailure(error) }
            if let experiment = body.experiment { spec.query.restrict(toExperiment: experiment) }
            let table = try await leaderboard(spec, store: store, context: context)
            return try NativeHTTP.json(LeaderboardWireTable(table))
        }
        routes.add(.get, "/api/v1/leaderboard/export", api: .native, rule: .read) { request, context in
            let format = try NativeHTTP.oneOf("format", request, LeaderboardExporter.Format.self) ?? .csv
            let spec = try await exportSpec(request, store: store)
            let table = try await leaderboard(spec, store: store, context: context)
            var headers = HTTPFields()
            headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/json"
            headers[.contentDisposition] = "attachment; filename=\"leaderboard.\(format.rawValue)\""
            let body = ResponseBody { writer in
                try await LeaderboardExporter(format: format).write(table, rowsPerChunk: 2_000) { bytes in
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
        routes.add(.get, "/api/v1/keys", api: .native, rule: .read) { _, context in
            let scope = try NativeScope(store, context)
            guard scope.restricted else {
                let (parameters, metrics) = try await store.recordedKeyNames()
                return try NativeHTTP.json(NativeReply.Keys(parameters: parameters, metrics: metrics))
            }
            // A viewer sees the names used in the experiments granted to it only.
            let (parameters, metrics) = try await store.recordedKeyNames(experiments: scope.granted)
            return try NativeHTTP.json(NativeReply.Keys(parameters: parameters, metrics: metrics))
        }
    }

    /// Runs `spec`, limited to the caller's experiments; search mistakes are 400s with the column.
    static func leaderboard(_ spec: LeaderboardSpec, store: any SearchableTrackingStore,
                            context: StrataRequestContext) async throws -> LeaderboardTable {
        let scope = try NativeScope(store, context)
        guard let query = scope.scoped(spec.query) else {
            return LeaderboardTable(columns: spec.resolvedColumns.map(\.spelling), rows: [])
        }
        var scoped = spec
        scoped.query = query
        do { return try await store.leaderboard(scoped) } catch let error as SearchError {
            throw NativeHTTP.searchFailure(error)
        }
    }

    /// The export's spec from `?target=&columns=a,b&q=&experiment=&limit=&offset=`; without
    /// columns: experiment, status, created, every parameter and each metric's last/min/max.
    static func exportSpec(_ request: Request, store: any SearchableTrackingStore) async throws -> LeaderboardSpec {
        let target = try NativeHTTP.oneOf("target", request, SearchTarget.self) ?? .components
        var keys: [SearchKey] = []
        var query: SearchQuery
        do {
            if let columns = NativeHTTP.query("columns", request) {
                for column in columns.split(separator: ",") {
                    keys.append(try SearchKey.parse(column.trimmingCharacters(in: .whitespaces)))
                }
            } else {
                let names = try await store.recordedKeyNames()
                keys = [.attribute(.experiment), .attribute(.status), .attribute(.created)]
                keys += names.parameters.map { .parameter($0) }
                keys += names.metrics.flatMap { name in [SearchMetricAggregate.last, .min, .max].map { .metric(name, $0) } }
            }
            query = try SearchQuery.parse(NativeHTTP.query("q", request) ?? "")
        } catch let error as SearchError { throw NativeHTTP.searchFailure(error) }
        if let experiment = NativeHTTP.query("experiment", request) { query.restrict(toExperiment: experiment) }
        if let limit = try NativeHTTP.int("limit", request) { try NativeHTTP.requireNonNegative(limit, "limit"); query.limit = limit }
        if let offset = try NativeHTTP.int("offset", request) { try NativeHTTP.requireNonNegative(offset, "offset"); query.offset = offset }
        return LeaderboardSpec(target: target, columns: keys, query: query)
    }
}

extension SearchQuery {
    /// And-s `experiment = "name"` to the filter.
    mutating func restrict(toExperiment name: String) {
        let scope = SearchExpression.predicate(SearchPredicate(key: .attribute(.experiment), op: .equal, values: [.string(name)]))
        filter = filter.map { .and(scope, $0) } ?? scope
    }
}
