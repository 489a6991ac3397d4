import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// The router with every API registered through ``GuardedRoutes``, and the table of its routes.
public func buildRouter(services: ServerServices) -> (router: Router<StrataRequestContext>, routes: RouteTable) {
    let router = Router(context: StrataRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    let table = RouteTable()
    let routes = GuardedRoutes(router: router, services: services, table: table)
    HealthRoutes.register(on: routes)
    NativeAPI.register(on: routes)
    SageMakerAPI.register(on: routes)
    MLflowAPI.register(on: routes)
    DashboardAPI.register(on: routes)
    return (router, table)
}

/// The `strata serve` application: HTTP/1.1, or TLS with the configured certificate and key.
/// Run it with `runService()`, which finishes requests in flight on SIGTERM/SIGINT and returns.
public func buildApplication(services: ServerServices, logger: Logger,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
throws -> some ApplicationProtocol {
    try services.configuration.validate()
    let configuration = services.configuration
    let (router, _) = buildRouter(services: services)
    let server: HTTPServerBuilder
    if let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsKeyPath {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } catch {
            throw ServerStartError.tls("cannot load \(certificatePath) / \(keyPath): \(error)")
        }
    } else {
        server = .http1()
    }
    return Application(router: router, server: server,
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "strata"),
                       onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
                       logger: logger)
}
