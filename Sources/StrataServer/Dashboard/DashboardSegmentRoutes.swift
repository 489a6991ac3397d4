import Foundation
import Hummingbird
import NIOCore
import StrataTracking

/// The segments view's data: `GET /dashboard/api/segments/<C>` (what the clustering holds),
/// `…/points?max=N` (the embedding and labels as binary, see ``SegmentPoints``) and
/// `…/rows/<i>` (one row's customer id and segment, for hover text). `<C>` is the clustering
/// component (the one holding `labels.csv`); read rule, viewer-scoped like the native API.
enum DashboardSegmentRoutes {
    /// Points sent when the request names no `max`.
    static let defaultMaximum = 1_000_000

    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        let cache = SegmentTableCache()
        routes.add(.get, "/dashboard/api/segments/:name", api: .dashboard, rule: .read) { _, context in
            let scope = try NativeScope(store, context)
            let source = try await SegmentSource.resolve(try NativeHTTP.path("name", context), store: store, scope: scope)
            let table = try await cache.table(labels: source.labels, embedding: source.embedding)
            let summary = try await SegmentSummary(source: source, table: table, store: store, scope: scope)
            return try NativeHTTP.json(summary)
        }
        routes.add(.get, "/dashboard/api/segments/:name/points", api: .dashboard, rule: .read) { request, context in
            let maximum = try NativeHTTP.int("max", request) ?? defaultMaximum
            guard maximum >= 1 else { throw ServerError.badRequest("max must be at least 1, got \(maximum).", field: "max") }
            let name = try NativeHTTP.path("name", context)
            let source = try await SegmentSource.resolve(name, store: store, scope: try NativeScope(store, context))
            guard let embedding = source.embedding else { throw SegmentSummary.noEmbedding(name) }
            let points = SegmentPoints(table: try await cache.table(labels: source.labels, embedding: embedding), maximum: maximum)
            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            let body = ResponseBody(contentLength: points.byteCount) { writer in
                try await points.write { try await writer.write($0) }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
        routes.add(.get, "/dashboard/api/segments/:name/rows/:index", api: .dashboard, rule: .read) { _, context in
            let text = try NativeHTTP.path("index", context)
            guard let index = Int(text), index >= 0 else {
                throw ServerError.badRequest("The row index must be a whole number ≥ 0, got \"\(text)\".", field: "index")
            }
            let name = try NativeHTTP.path("name", context)
            let source = try await SegmentSource.resolve(name, store: store, scope: try NativeScope(store, context))
            let table = try await cache.table(labels: source.labels, embedding: source.embedding)
            guard index < table.count else {
                throw ServerError.notFound("Component \"\(name)\" has \(table.count) rows; there is no row \(index).")
            }
            return try NativeHTTP.json(SegmentRow(index: index, id: table.id(at: index), segment: Int(table.labels[index])))
        }
    }
}

/// `GET /dashboard/api/segments/<C>/rows/<i>`.
struct SegmentRow: Encodable {
    var index: Int
    var id: String
    var segment: Int
}
