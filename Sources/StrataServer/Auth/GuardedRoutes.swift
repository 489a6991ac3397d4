import Foundation
import Hummingbird
import StrataAuth

/// The only way routes are added to the server: each with its API family and rule, recorded in
/// the ``RouteTable``. The wrapper authenticates the caller, applies the rule, and writes any
/// thrown error in the family's format, so a handler only does its job.
///
/// ```swift
/// routes.add(.get, "/api/v1/experiments/:name", api: .native, rule: .read) { request, context in
///     let experiment = try await routes.services.store.experiment(named: try context.parameters.require("name"))
///     try context.requireRead(experiment: experiment.name)
///     return try JSONResponse(experiment)
/// }
/// ```
public struct GuardedRoutes {
    public typealias Handler = @Sendable (Request, StrataRequestContext) async throws -> Response

    let router: Router<StrataRequestContext>
    public let services: ServerServices
    public let table: RouteTable

    init(router: Router<StrataRequestContext>, services: ServerServices, table: RouteTable) {
        self.router = router; self.services = services; self.table = table
    }

    /// Registers `handler` for `method path` under `rule`.
    public func add(_ method: HTTPRequest.Method, _ path: String, api: APIFamily, rule: RouteRule,
                    handler: @escaping Handler) {
        table.record(RouteEntry(method: method.rawValue, path: path, api: api, rule: rule, operation: nil))
        let services = self.services
        router.on(RouterPath(path), method: method) { request, context -> Response in
            var request = request
            var context = context
            context.maxUploadSize = services.configuration.maxRequestBodySize
            do {
                if rule != .open {
                    let caller = try await Self.authenticate(&request, context: context, services: services)
                    guard rule.admits(caller.role) else {
                        throw ServerError(.forbidden, "The \(caller.role.rawValue) role may not call \(method.rawValue) \(path).")
                    }
                    context.caller = caller
                }
                return try await handler(request, context)
            } catch {
                let failure = ServerError(error)
                if failure.kind == .internalError {
                    context.logger.error("\(method.rawValue) \(path): \(error)")
                }
                return failure.response(for: api)
            }
        }
    }

    /// Records one operation of a ``RouteRule/perOperation`` route (the route itself is added
    /// with ``add(_:_:api:rule:handler:)``); its dispatcher then calls ``authorize(operation:method:path:context:)``.
    public func addOperation(_ operation: String, method: HTTPRequest.Method, path: String, api: APIFamily, rule: RouteRule) {
        table.record(RouteEntry(method: method.rawValue, path: path, api: api, rule: rule, operation: operation))
    }

    /// Checks the caller against the rule recorded for `operation`; an operation without a rule is refused.
    public func authorize(operation: String, method: HTTPRequest.Method, path: String, context: StrataRequestContext) throws(ServerError) {
        try table.authorize(operation: operation, method: method, path: path, context: context)
    }

    /// The caller of a request. SigV4 signs the body, so a signed request's body is collected
    /// (up to the JSON limit) before checking; bearer and basic credentials leave it streaming.
    static func authenticate(_ request: inout Request, context: StrataRequestContext, services: ServerServices) async throws -> Caller {
        var body: [UInt8] = []
        let authorization = request.headers[.authorization] ?? ""
        if authorization.hasPrefix("AWS4-") {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            body = Array(buffer.readableBytesView)
        }
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        // HTTP/1's Host header arrives as the request's authority, not among the fields; SigV4 signs it.
        if let authority = request.head.authority, !headers.contains(where: { $0.name.lowercased() == "host" }) {
            headers.append((name: "host", value: authority))
        }
        // The raw target, percent-encoding kept: SigV4 signs the path and query as sent.
        let raw = request.uri.string
        let split = raw.firstIndex(of: "?")
        let target = split.map { String(raw[..<$0]) } ?? raw
        let query = split.map { String(raw[raw.index(after: $0)...]) } ?? ""
        let authRequest = AuthenticationRequest(method: request.method.rawValue, path: target, query: query,
                                                headers: headers, body: body)
        return try await services.authenticator.authenticate(authRequest)
    }
}

extension StrataRequestContext {
    /// The authenticated caller (guarded routes always have one).
    public var requireCaller: Caller {
        get throws(ServerError) {
            guard let caller else { throw ServerError(.unauthorized, AuthenticationFailure.missingCredentials.description) }
            return caller
        }
    }

    /// Refuses a viewer that was not granted `experiment`. The message does not confirm the
    /// experiment exists.
    public func requireRead(experiment: String) throws(ServerError) {
        let caller = try requireCaller
        guard caller.canRead(experiment: experiment) else {
            throw ServerError(.forbidden, "User \(caller.name) may not read experiment \"\(experiment)\".")
        }
    }
}
